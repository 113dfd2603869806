#pragma once
// Decision tables: checking rows (overlaps, rows never reached, uncovered inputs) and lowering a
// table to an expression of the rule language (private to src/model).

#include <string>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/model/pack.hpp"

namespace tieuchi::model::detail {

/// What the table checker knows of one input.
struct TableInput {
  std::string name;
  Type type = Type::number;
  std::vector<std::string> values;  // strings: the declared values (may be empty)
  std::optional<double> min, max;   // numbers: the declared range
  bool known = false;               // false when the name is not a field or key (reported elsewhere)
};

/// Reports E313 (a condition that does not fit its input), E312 (overlapping rows under the
/// `unique` policy), W303 (a row that never applies under `first`) and W304 (input
/// combinations no row covers).
void check_table(const DecisionTable& table, const std::vector<TableInput>& inputs,
                 Diagnostics& diagnostics);

/// The table as an expression: `if <row 1> then v1 else if ... else null`.
std::string table_expression(const DecisionTable& table);

}  // namespace tieuchi::model::detail
