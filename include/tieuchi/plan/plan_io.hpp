#pragma once
/// @file plan/plan_io.hpp
/// Planner inputs from files (budgets, cost overrides, targets) and the roadmap tables a province
/// uses: the task list, the unit x criterion roadmap (the year each shortfall is planned), the
/// outcome of every target with its reasons and the extra budget it needs, budget totals, JSON,
/// and a text summary (Vietnamese or English).

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/assess/report.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/plan/planner.hpp"

namespace tieuchi::plan {

/// Reads budgets from CSV: columns `year`, `amount`, and optionally `scope` (province, district or
/// agency; default province) and `name` (the district or agency). Throws DataError listing every
/// bad cell as "file:row: column 'x': ..." (E610).
TIEUCHI_API std::vector<Budget> read_budgets_csv(const std::filesystem::path& path);
TIEUCHI_API std::vector<Budget> read_budgets_csv_text(std::string source, const std::string& text);

/// Reads cost overrides from CSV: column `indicator`, and optionally `unit`, `fixed_cost`,
/// `cost_per_gap`, `duration_months`, `agency`. Throws DataError (E611) like read_budgets_csv.
TIEUCHI_API std::vector<CostOverride> read_costs_csv(const std::filesystem::path& path);
TIEUCHI_API std::vector<CostOverride> read_costs_csv_text(std::string source, const std::string& text);

/// Parses "level:year" or "level:year:all" (every unit, not only those recognized). Throws
/// DataError (E612) naming what was expected.
TIEUCHI_API Target parse_target(std::string_view text);
/// Parses a horizon "2023-2025" (or one year). Throws DataError (E612).
TIEUCHI_API std::pair<int, int> parse_horizon(std::string_view text);
/// Parses a policy name (protect_recognized, cheapest_first, most_units, weighted). E612.
TIEUCHI_API Policy parse_policy(std::string_view text);

/// The task list: start, end, unit id, name, district, criterion, indicator, cost, agency, pinned.
TIEUCHI_API void write_tasks_csv(std::ostream& out, const assess::Assessment& a, const Plan& p);
/// The roadmap table: one row per unit with a target, one column per criterion of the targets'
/// levels; a cell is the year the criterion's last planned task ends, "Đ" if met, "?" if unknown,
/// "-" if needed but not planned, empty if not needed. Then each target's planned year and outcome.
TIEUCHI_API void write_roadmap_csv(std::ostream& out, const assess::Assessment& a, const Plan& p);
/// One row per unit and target: outcome, reached year, cost, reasons, extra budget.
TIEUCHI_API void write_outcomes_csv(std::ostream& out, const assess::Assessment& a, const Plan& p);
/// Per budget (scope, name) and year: planned, limit, left.
TIEUCHI_API void write_budgets_csv(std::ostream& out, const Plan& p);
/// Everything above as one JSON document (schema tieuchi.plan/1).
TIEUCHI_API void write_plan_json(std::ostream& out, const assess::Assessment& a, const Plan& p);
/// Totals per year and agency, outcome counts, the missed targets with reasons.
TIEUCHI_API std::string format_plan_summary(const assess::Assessment& a, const Plan& p, assess::Lang lang);

}  // namespace tieuchi::plan
