#pragma once
/// @file io/report_writers.hpp
/// The assessment's reports out: the complete results as JSON, the long CSV (one row per unit and
/// node) and the wide planning table (one row per unit). Schemas in docs/assessment.md; column
/// names and status codes are identifiers of the schema, never translated.

#include <iosfwd>

#include "tieuchi/assess/report.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/table.hpp"

namespace tieuchi::io {

/// Any typed table as CSV: a header of column names, then one line per row (Column::cell,
/// quoted where needed). The reports below and the planner's tables are written with it.
TIEUCHI_API void write_table_csv(std::ostream& out, const Table& t);
/// Complete results as JSON (schema `tieuchi.assessment/1`).
TIEUCHI_API void write_json(std::ostream& out, const assess::Assessment& a, const assess::Summary& s);
/// Long CSV: unit, node, kind, status, value, threshold, gap, one row per unit and node.
TIEUCHI_API void write_long_csv(std::ostream& out, const assess::Assessment& a);
/// Wide planning table (assess::planning_table): one row per unit, one column per criterion
/// (Đ / CĐ / ? / KAD), the count "N/19", the highest level, the recognized level and the review
/// outcome.
TIEUCHI_API void write_wide_csv(std::ostream& out, const assess::Assessment& a, const assess::Summary& s);

}  // namespace tieuchi::io
