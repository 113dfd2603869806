#pragma once
/// @file model/compiled.hpp
/// The compiled form of one evaluable node of a RuleSet (RuleSet::compiled): its program, which
/// output is which, the slots its results are published to, its members and its required level.
/// Evaluators (the batch engine, the scalar evaluator, the planner's cost model) read it; nobody
/// builds one but RuleSet.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "tieuchi/expr/checker.hpp"
#include "tieuchi/expr/program.hpp"
#include "tieuchi/graph/dependencies.hpp"

namespace tieuchi::model {

/// "No slot": a node that publishes no value there, a field or parameter no rule reads.
inline constexpr std::uint32_t no_slot = std::numeric_limits<std::uint32_t>::max();

struct CompiledNode {
  graph::NodeKind kind = graph::NodeKind::indicator;
  std::size_t index = 0;  ///< into the pack's vector of that kind
  std::string id;
  /// The node's rules compiled together. Outputs (indexes, -1 when absent): `out_applies`
  /// (indicators' `applies_if`), `out_rule` (the rule), `out_value` (the value; keys' `from` and
  /// tables' lookup). Criteria and levels with the default rule ("all members met") have no
  /// program: their `members` say what they fold.
  expr::Program program;
  /// Indicators: `program` compiled with expr::CompileOptions::gap_totals (the rule's total
  /// shortfall in the same pass), which the batch engine runs when it needs the gap column
  /// (AssessOptions::gaps or costs, or a rule reading `gap(...)`).
  expr::Program program_gaps;
  int out_applies = -1, out_rule = -1, out_value = -1;
  /// Keys and tables: the derived slot their value is bound to (no_slot otherwise).
  std::uint32_t slot = no_slot;
  /// Indicators, criteria and levels: the slot of each accessor (`met`, `value`, `gap`,
  /// `applicable`, in expr::Accessor order), no_slot otherwise.
  std::array<std::uint32_t, 4> reference_slots{no_slot, no_slot, no_slot, no_slot};
  /// Positions of the member nodes (criteria: their indicators; levels with the default rule:
  /// their criteria), in the pack's order.
  std::vector<std::size_t> members;
  /// Levels: the position of the level this one requires.
  std::optional<std::size_t> required_level;
  /// Indicators with a remediation cost: one number output (it may read `gap(id)`).
  expr::Program cost;

  /// The slot a reference `accessor("id")` to this node reads (no_slot for keys and tables).
  std::uint32_t reference_slot(expr::Accessor accessor) const noexcept {
    return reference_slots[static_cast<std::size_t>(accessor)];
  }
  /// Whether the indicator has a remediation cost expression.
  bool has_cost() const noexcept { return cost.output_count() > 0; }
};

}  // namespace tieuchi::model
