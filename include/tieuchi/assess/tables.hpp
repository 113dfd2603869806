#pragma once
/// @file assess/tables.hpp
/// The assessment's tables as typed columns (tieuchi/table.hpp): the planning table (one row per
/// unit) and the shortfalls (one row per unit and criterion not met). The CSV writers
/// (io/report_writers.hpp) and the Python DataFrames are renderings of these, so a value is
/// computed once for every door. Column names are the CSV schema's (docs/assessment.md); titles
/// and category titles are in the language asked for.

#include <span>
#include <string>
#include <string_view>

#include "tieuchi/assess/report.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/ruleset.hpp"
#include "tieuchi/table.hpp"

namespace tieuchi::assess {

/// The marks of the planning table, as an ordered category: CĐ (chưa đạt) < ? (unknown) < Đ (đạt)
/// < KAD (không áp dụng).
TIEUCHI_API const std::vector<std::string>& mark_labels();
/// The category code of `s` in mark_labels().
TIEUCHI_API std::int32_t mark_code(Status s) noexcept;

/// The title for people of a column of the assessment's tables (the planning table, shortfalls,
/// the long table, counts by district), in `lang`: the catalogue's `header.<column>`, or for a
/// criterion id "TC2. <its name>", for a level id its name, else the column name itself. (The
/// plan's tables carry their own titles: Column::title.)
TIEUCHI_API std::string column_title(const model::RuleSet& rules, std::string_view column, Lang lang);

/// Appends the columns id, name and district (titles in `lang`) for the units at table rows `rows`
/// (one table row each, in order): how every table about units begins.
TIEUCHI_API void add_unit_columns(Table& t, const Assessment& a, std::span<const std::size_t> rows, Lang lang);

/// The planning table: id, name, district, recognized (the attribute the summary's review read),
/// one mark column per criterion of the base level (ordered category, mark_labels()),
/// criteria_met (integer, written "N/19" in CSV), criteria_unknown, highest_level (category of
/// the levels, lowest first), one mark column per level, review (category: keeps, short_of,
/// revocation, cannot_tell; missing for units not recognized) and review_criteria_unmet.
TIEUCHI_API Table planning_table(const Assessment& a, const Summary& s, Lang lang = Lang::en);

/// The shortfalls (assess::shortfalls): id, name, district, criterion, criterion_name (in
/// `lang`), agency, indicators_unmet ("2.1 (0.05); 2.2 (3)"), indicators_unknown.
TIEUCHI_API Table shortfalls_table(const Assessment& a, Lang lang = Lang::en);

}  // namespace tieuchi::assess
