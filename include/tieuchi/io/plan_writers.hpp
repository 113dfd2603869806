#pragma once
/// @file io/plan_writers.hpp
/// The roadmap tables a province uses: the task list, the unit x criterion roadmap (the year each
/// shortfall is planned), the outcome of every target with its reasons and the extra budget it
/// needs, budget totals, JSON, and a text summary (Vietnamese or English).

#include <ostream>
#include <string>

#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/plan/planner.hpp"
#include "tieuchi/plan/tables.hpp"
#include "tieuchi/text/messages.hpp"
#include "tieuchi/export.hpp"

namespace tieuchi::io {

/// The task list (plan::tasks_table): start, end, unit id, name, district, criterion, indicator, cost, agency, pinned.
TIEUCHI_API void write_tasks_csv(std::ostream& out, const assess::Assessment& a, const plan::Plan& p);
/// The roadmap table (plan::roadmap_table): one row per unit with a target, one column per criterion of the targets'
/// levels; a cell is the year the criterion's last planned task ends, "Đ" if met, "KAD" if not
/// applicable, "?" if unknown, "-" if not met and not planned. Then each target's planned year and outcome.
TIEUCHI_API void write_roadmap_csv(std::ostream& out, const assess::Assessment& a, const plan::Plan& p);
/// One row per unit and target: outcome (its machine name), reached year, cost, reasons and extra
/// budget (rendered in `lang`).
TIEUCHI_API void write_outcomes_csv(std::ostream& out, const assess::Assessment& a, const plan::Plan& p,
                        text::Lang lang = text::Lang::en);
/// Per budget (scope, name) and year: planned, limit, left.
TIEUCHI_API void write_budgets_csv(std::ostream& out, const plan::Plan& p);
/// Deprecated: plan::format_reason (tieuchi/plan/tables.hpp); kept for one release.
[[deprecated("use tieuchi::plan::format_reason")]] inline std::string format_reason(const plan::Reason& r,
                                                                                 text::Lang lang) {
  return plan::format_reason(r, lang);
}
/// Everything above as one JSON document (schema tieuchi.plan/1). Machine values stay stable
/// (`outcome`, each reason's `kind` and its arguments); `outcome_text` and each reason's `text` are
/// rendered in `lang`.
TIEUCHI_API void write_plan_json(std::ostream& out, const assess::Assessment& a, const plan::Plan& p,
                     text::Lang lang = text::Lang::en);
/// Totals per year and agency, outcome counts, the missed targets with reasons.
TIEUCHI_API std::string format_plan_summary(const assess::Assessment& a, const plan::Plan& p, text::Lang lang);

}  // namespace tieuchi::io
