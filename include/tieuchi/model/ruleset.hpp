#pragma once
/// @file model/ruleset.hpp
/// A pack checked and compiled: every rule type-checked against the pack's fields, parameters
/// and nodes, the dependency graph built and proven acyclic, and every rule compiled. A RuleSet
/// is immutable and safe to share between threads.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/expr/checker.hpp"
#include "tieuchi/expr/program.hpp"
#include "tieuchi/graph/dependencies.hpp"
#include "tieuchi/model/pack.hpp"

namespace tieuchi::model {

namespace detail {
struct RuleSetData;
}

/// The value a parameter takes for one unit and year.
struct ResolvedParameter {
  Value value;                              ///< missing when no value applies
  const ParameterValue* entry = nullptr;    ///< the entry used, null when missing
  std::string reason;                       ///< why it is missing, e.g. "threshold not set in pack X"
};

/// How many threshold values of a pack are verified, unverified or illustrative, and which
/// parameters have no value (so that rules using them assess as unknown).
struct TIEUCHI_API ThresholdSummary {
  std::size_t verified = 0;
  std::size_t unverified = 0;
  std::size_t illustrative = 0;
  std::vector<std::string> missing;  ///< parameters declared without any value
  /// Parameters with some values but none for some declared key values: name -> e.g. "DBSH, TN".
  std::vector<std::pair<std::string, std::string>> partial;
  std::vector<std::string> unverified_ids;    ///< "name[region=TDMNPB]" of each unverified value
  std::vector<std::string> illustrative_ids;  ///< same, illustrative
  /// One line: "thresholds: 12 verified, 3 unverified, 0 illustrative, 9 missing".
  std::string format() const;
};

/// One evaluable node of the rule set, in evaluation order (see RuleSet::nodes()).
struct NodeInfo {
  graph::NodeKind kind;     ///< key, table, indicator, criterion or level
  std::size_t index;        ///< index into the pack's vector of that kind
  std::string id;
  std::string label;
};

class TIEUCHI_API RuleSet {
 public:
  /// The merged pack the rule set was built from.
  const Pack& pack() const;
  /// The names rules may use (fields, parameters, keys, tables, `year`, node references).
  const expr::Environment& environment() const;
  /// Fields, keys, parameters, tables, indicators, criteria and levels with their references.
  const graph::DependencyGraph& graph() const;
  /// Keys, tables, indicators, criteria and levels in an order where dependencies come first.
  const std::vector<NodeInfo>& nodes() const;
  /// The evaluation-order position of an indicator, criterion, level, table or key, or null.
  std::optional<std::size_t> node_position(std::string_view id) const;
  /// The year used when none is given: the first year of the pack's validity, else the current
  /// year.
  int default_year() const;
  /// The parameter's value for a unit whose keys have the given values (a key absent from the
  /// map is unknown) in `year`: the most specific matching entry, then the latest year not
  /// after `year`, then the first declared.
  ResolvedParameter resolve(const Parameter& parameter,
                            const std::map<std::string, std::string>& keys, int year) const;
  /// Threshold provenance counts (values of parameters and decision tables).
  ThresholdSummary thresholds() const;

  /// Internal; used by the evaluators.
  const detail::RuleSetData& data() const { return *data_; }

 private:
  RuleSet() = default;
  friend struct detail::RuleSetData;
  std::shared_ptr<const detail::RuleSetData> data_;
};

/// The result of building: the rule set when there are no errors, and every diagnostic
/// (warnings such as W301 "threshold not set" are reported with a rule set too).
struct BuildResult {
  std::shared_ptr<const RuleSet> rules;
  Diagnostics diagnostics;
  bool ok() const noexcept { return rules != nullptr && !diagnostics.has_errors(); }
};

struct BuildOptions {
  /// Compile the rules after checking. Turn off to only collect diagnostics (e.g. for a pack
  /// whose file had errors, so that it may be inconsistent).
  bool compile = true;
};

/// Checks and compiles a (merged) pack. Elements without an id are skipped (their reader
/// reported them).
TIEUCHI_API BuildResult build(Pack pack, const BuildOptions& options = {});

}  // namespace tieuchi::model
