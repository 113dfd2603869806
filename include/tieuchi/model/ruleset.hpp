#pragma once
/// @file model/ruleset.hpp
/// A pack checked and compiled: every rule type-checked against the pack's fields, parameters
/// and nodes, the dependency graph built and proven acyclic, and every rule compiled. A RuleSet
/// is immutable and safe to share between threads.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/expr/checker.hpp"
#include "tieuchi/expr/program.hpp"
#include "tieuchi/graph/dependencies.hpp"
#include "tieuchi/model/compiled.hpp"
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

  // ---- The questions evaluators, reports and the planner ask (node = position in nodes()) ----

  /// The compiled form of the node at `node` (throws std::out_of_range past nodes()).
  const CompiledNode& compiled(std::size_t node) const;
  /// Member positions of a criterion (its indicators) or of a level with the default rule (its
  /// criteria); empty for other nodes.
  std::span<const std::size_t> members(std::size_t node) const;
  /// The level a level requires (`requires:`), or nullopt.
  std::optional<std::size_t> required_level(std::size_t level) const;
  /// The level and every level it requires, transitively: `level` first, the lowest last. The
  /// graph is proven acyclic when the rule set is built, so the chain is finite.
  const std::vector<std::size_t>& level_chain(std::size_t level) const;
  /// The criteria a unit must meet to reach `level`: the members of every level of its chain,
  /// once each, lowest level first and in the pack's order within a level.
  const std::vector<std::size_t>& requirements(std::size_t level) const;
  /// The slot a reference `accessor("id")` to the node at `node` reads (no_slot for keys and
  /// tables).
  std::uint32_t accessor(std::size_t node, expr::Accessor accessor) const;
  /// The remediation cost program of an indicator, or null when it has none.
  const expr::Program* cost_program(std::size_t indicator) const;
  /// The slot of the pack's field `field` (index into pack().fields), no_slot when no rule reads it.
  std::uint32_t field_slot(std::size_t field) const;
  /// The slot of the pack's parameter `parameter`, no_slot when no rule reads it.
  std::uint32_t parameter_slot(std::size_t parameter) const;
  /// The slot of the built-in `year`.
  std::uint32_t year_slot() const;
  /// The keys come first in nodes(): their number.
  std::size_t key_count() const;

  /// A number no other rule set built in this process has (never 0): tells rule sets apart.
  std::uint64_t serial() const noexcept;

  /// Internal to src/model (the evaluators and writers of the model layer).
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
