// model::build: checks a merged pack, builds its dependency graph, proves it acyclic and compiles every rule.

#include "model/build/builder.hpp"

#include <algorithm>
#include <map>
#include <set>


namespace tieuchi::model::detail {

using graph::NodeKind;


BuildResult Builder::run() {
  BuildResult result;
  check_names();
  declare();
  check_sources();
  check_keys();
  check_parameters();
  check_tables();
  check_rules();
  check_tests();
  bool acyclic = build_graph();
  warn_unused();
  warn_thresholds();
  result.diagnostics = std::move(diags_);
  if (result.diagnostics.has_errors() || !acyclic || !options_.compile) return result;
  compile();
  result.rules = detail::RuleSetData::wrap(d_);
  return result;
}

}  // namespace tieuchi::model::detail

namespace tieuchi::model {

BuildResult build(Pack pack, const BuildOptions& options) { return detail::Builder(std::move(pack), options).run(); }

}  // namespace tieuchi::model
