#pragma once
/// @file io/plan_inputs.hpp
/// Readers of the planner's inputs: budgets and cost overrides from CSV, and the values a door
/// takes as text (a target, a horizon, a policy, a pin, a weight). Each returns a result: the
/// value, or nullopt and diagnostics (codes E610-E612, docs/errors.md) with a structured place:
/// `file`, `row`, `column` and `column_name` for a CSV cell; `field` (the argument's name, e.g.
/// `horizon`) for a text value, whose message quotes the text and says what was expected.
///
/// ```cpp
/// auto b = tieuchi::io::read_budgets_csv("budgets.csv");
/// if (!b.ok()) { std::cerr << b.diagnostics.format(); return 1; }
/// options.budgets = *b.value;
/// options.targets.push_back(tieuchi::io::or_throw(tieuchi::io::parse_target("ntm:2024")));
/// ```

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/plan/planner.hpp"
#include "tieuchi/export.hpp"

namespace tieuchi::io {

/// A value read from user input, or the diagnostics that say why it could not be.
template <class T>
struct PlanInput {
  std::optional<T> value;
  Diagnostics diagnostics;
  bool ok() const noexcept { return value.has_value() && !diagnostics.has_errors(); }
};

/// The value of `r`, or throws PlanError with its diagnostics (for callers who prefer exceptions).
template <class T>
T or_throw(PlanInput<T> r) {
  if (!r.ok()) throw PlanError(std::move(r.diagnostics));
  return std::move(*r.value);
}

/// Years in targets, horizons, pins and budget tables: whole numbers from 1000 to 9999.
inline constexpr int kMinPlanYear = 1000;
inline constexpr int kMaxPlanYear = 9999;

/// Budgets from CSV: columns `year`, `amount`, and optionally `scope` (province, district or
/// agency; default province) and `name` (the district or agency). Every bad cell is one E610
/// diagnostic naming its row and column.
TIEUCHI_API PlanInput<std::vector<plan::Budget>> read_budgets_csv(const std::filesystem::path& path);
/// The same from text; `source` is the name diagnostics give as `file`. Rows are numbered as a
/// spreadsheet shows them, the header being row `header_row` (0 for a DataFrame's CSV text, so
/// that its first row is row 1, as `df.iloc[0]`).
TIEUCHI_API PlanInput<std::vector<plan::Budget>> read_budgets_csv_text(std::string source, std::string_view text,
                                                                     std::int32_t header_row = 1);

/// Cost overrides from CSV: column `indicator`, and optionally `unit`, `fixed_cost`,
/// `cost_per_gap`, `duration_months`, `agency`, `note`. E611 like read_budgets_csv.
TIEUCHI_API PlanInput<std::vector<plan::CostOverride>> read_costs_csv(const std::filesystem::path& path);
TIEUCHI_API PlanInput<std::vector<plan::CostOverride>> read_costs_csv_text(std::string source, std::string_view text,
                                                                          std::int32_t header_row = 1);

/// "level:year" or "level:year:all" (every unit, not only those recognized). E612.
TIEUCHI_API PlanInput<plan::Target> parse_target(std::string_view text, std::string field = "target");
/// "2023-2025" or one year; at most PlannerLimits::max_horizon_years long. E612.
TIEUCHI_API PlanInput<std::pair<int, int>> parse_horizon(std::string_view text, std::string field = "horizon");
/// protect_recognized, cheapest_first, most_units or weighted. E612.
TIEUCHI_API PlanInput<plan::Policy> parse_policy(std::string_view text, std::string field = "policy");
/// auto, exact or greedy (PlanOptions::method). E612.
TIEUCHI_API PlanInput<plan::Method> parse_method(std::string_view text, std::string field = "method");
/// Seconds, a number above 0 and at most 86400 (PlanOptions::time_limit). E612.
TIEUCHI_API PlanInput<double> parse_time_limit(std::string_view text, std::string field = "time_limit");
/// The same check for a number a door already has (a JSON number, a Python float). E612.
TIEUCHI_API PlanInput<double> check_time_limit(double seconds, std::string field = "time_limit");
/// "UNIT:INDICATOR:YEAR" (the indicator may hold ':'; the unit may not). E612.
TIEUCHI_API PlanInput<plan::Pin> parse_pin(std::string_view text, std::string field = "pin");
/// "ID=NUMBER": a criterion or indicator weight (a finite number). E612.
TIEUCHI_API PlanInput<std::pair<std::string, double>> parse_weight(std::string_view text, std::string field = "weight");

}  // namespace tieuchi::io
