#pragma once
// The builder of a RuleSet (private to src/model): one class whose steps live in one room each,
// declare.cpp (names, environment), checks.cpp (sources, keys, parameters, tables, rules, tests),
// graph.cpp (dependency graph, warnings), compile.cpp (programs, members, chains), builder.cpp.

#include <fmt/format.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/origin_diagnostic.hpp"
#include "model/ruleset_data.hpp"
#include "model/tables.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::model::detail {

using graph::NodeKind;

class Builder {
 public:
  Builder(Pack pack, BuildOptions options) : d_(std::make_shared<detail::RuleSetData>()), options_(options) {
    d_->pack = std::move(pack);
  }

  BuildResult run();

 private:
  std::shared_ptr<detail::RuleSetData> d_;
  BuildOptions options_;
  Diagnostics diags_;
  // Checked expressions per owner, kept for the graph and compilation.
  struct Owned {
    NodeKind kind;
    std::string id;
    std::string role;  // "rule", "applies_if", "value", "from", "table", "cost"
    expr::CheckedExpr expr;
  };
  std::vector<Owned> checked_;
  std::set<std::string> failed_;  // owners with an expression that did not check

  Pack& pack() { return d_->pack; }

  void add(std::string code, Severity sev, const Origin& at, std::string message,
           std::string hint = {}, std::string rule_id = {}) {
    diags_.add(detail::diagnostic_at(std::move(code), sev, at, std::move(message), std::move(hint),
                                     std::move(rule_id)));
  }

  static std::string line_of(const Origin& o) {
    if (!o.file) return "?";
    auto l = o.file->location(o.span.begin);
    return fmt::format("{}:{}", o.file->name(), l.line);
  }

  // Names share one namespace per family: values (fields, parameters, keys, tables, `year`) and
  // nodes (indicators, criteria, levels).
  void check_names();

  // Declares every name in the environment. Indicator value types come from a first check of
  // their `value` expressions.
  void declare();
  std::map<std::string, Type> value_types_;

  void check_source_ref(const Provenance& p);

  void check_sources();

  /// Checks `e` and records it; returns whether it checked.
  bool check_expr(NodeKind kind, const std::string& id, std::string role, const Expression& e,
                  std::optional<Type> expected) {
    expr::CheckOptions opt;
    opt.expected = expected;
    opt.rule_id = id;
    auto r = expr::analyze(e.source, d_->env, opt);
    diags_.append(r.diagnostics);
    if (!r.ok()) {
      failed_.insert(id);
      return false;
    }
    checked_.push_back({kind, id, std::move(role), std::move(*r.expr)});
    return true;
  }

  void check_keys();

  void check_parameters();

  void check_tables();

  void check_rules();

  /// The criteria a level aggregates by default: those of the pack that declared it.
  std::vector<std::string> level_criteria(const Level& l);

  void check_tests();

  // ---- graph --------------------------------------------------------------------------------

  std::optional<graph::NodeIndex> node_of_symbol(const expr::Symbol& s);

  bool build_graph();

  void warn_unused();

  void warn_thresholds();

  // ---- compile ------------------------------------------------------------------------------

  const expr::CheckedExpr* find_checked(NodeKind k, const std::string& id, std::string_view role) {
    for (const auto& o : checked_)
      if (o.kind == k && o.id == id && o.role == role) return &o.expr;
    return nullptr;
  }

  void compile();

  void set_reference_slots(CompiledNode& e) const;
};

}  // namespace tieuchi::model::detail
