#pragma once
/// @file plan/tables.hpp
/// The plan's tables as typed columns (tieuchi/table.hpp) and its words: the task list, the
/// roadmap (unit x criterion: the year each shortfall is planned), the outcome of every target
/// with its reasons and the extra budget it needs, and the budget totals. The CSV writers
/// (io/plan_writers.hpp), the Python DataFrames and the workbooks are renderings of these.
/// Column names are the CSV schema's (docs/planning.md); titles, category titles, reasons and
/// budgets' words are in the language asked for (the message catalogue, `plan.*`).

#include <string>

#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/plan/planner.hpp"
#include "tieuchi/table.hpp"
#include "tieuchi/text/messages.hpp"

namespace tieuchi::plan {

/// One reason in `lang`, from the message catalogue (`plan.reason.<kind>`).
TIEUCHI_API std::string format_reason(const Reason& r, text::Lang lang);
/// An outcome kind in `lang` ("Đạt đúng hạn", "On time"), from the catalogue.
TIEUCHI_API std::string format_outcome(Outcome::Kind k, text::Lang lang);
/// The reasons of an outcome in `lang`, joined by "; ".
TIEUCHI_API std::string format_reasons(const Outcome& o, text::Lang lang);
/// The extra budget an outcome needs in `lang` ("2024 tỉnh: 120; ..."); amounts with `digits`
/// significant digits (0: exact).
TIEUCHI_API std::string format_extra_budget(const Outcome& o, text::Lang lang, int digits = 0);
/// A budget's scope and name in `lang`: "province", "district Huyện A", "agency Sở GTVT".
TIEUCHI_API std::string format_budget_name(BudgetScope scope, const std::string& name, text::Lang lang);

/// How good the plan is, in `lang`: "Objective 52: proven optimal", or "Objective 50; best bound
/// 52.4: at most 4.58% below the optimum" (plan.summary.optimal / plan.summary.gap).
TIEUCHI_API std::string format_optimality(const Plan& p, text::Lang lang);

/// The task list: start_year, end_year (integers), id, name, district, criterion, indicator,
/// cost (number), agency, pinned (boolean, "yes" in CSV).
TIEUCHI_API Table tasks_table(const assess::Assessment& a, const Plan& p, text::Lang lang = text::Lang::en);

/// The roadmap: one row per unit with a target (in unit order): id, name, district, one column
/// per criterion of the targets' levels (in the pack's order), then `<level>_year` (integer, the
/// year the level is reached) and `<level>_outcome` (category of the outcome kinds) per target
/// level. A criterion cell is an ordered category: "Đ" met < "KAD" not applicable < the year
/// its last planned task ends (every year of the horizon, ascending, whether planned or not) <
/// "-" not met and not planned < "?" unknown. The year columns may be missing (nullable).
TIEUCHI_API Table roadmap_table(const assess::Assessment& a, const Plan& p, text::Lang lang = text::Lang::en);

/// One row per unit and target: id, name, district, level, deadline, outcome (category:
/// already_met, on_time, late, missed, cannot_tell), reached_year (missing if never), cost,
/// value, reasons and extra_budget (text in `lang`).
TIEUCHI_API Table outcomes_table(const assess::Assessment& a, const Plan& p, text::Lang lang = text::Lang::en);

/// Per budget and year: year, scope (category: province, district, agency), name, planned,
/// amount (the limit; missing if none), left (amount - planned; missing if no limit).
TIEUCHI_API Table budgets_table(const Plan& p, text::Lang lang = text::Lang::en);

}  // namespace tieuchi::plan
