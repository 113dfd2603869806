#pragma once
/// @file io/annexes.hpp
/// The annexes an office files (Biểu 01-04) as data: titles, a two-row header, and rows for the
/// province, each district and each unit, every cell already worded (Đ / CĐ / ? / KAD, counts,
/// costs, outcomes) in the language asked for. One model, two renderings: the workbook
/// (io/workbooks.hpp) and the JSON the web page shows (write_annexes_json, schema
/// `tieuchi.annexes/1`, docs/web.md), so that a number on the page is the number in the Biểu.

#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "tieuchi/assess/report.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/io/workbooks.hpp"
#include "tieuchi/plan/planner.hpp"
#include "tieuchi/table.hpp"

namespace tieuchi::io {

/// One cell of an annex.
struct AnnexCell {
  /// How the cell reads: the workbook's format and the page's class.
  enum class Look : std::uint8_t {
    text,     ///< left, wrapped
    center,   ///< a mark or a label
    integer,  ///< a count or a year
    money,    ///< an amount
    unmet,    ///< a mark CĐ, a revocation, criteria not planned: red
    unknown,  ///< a mark ?: yellow
  };
  std::string text;  ///< what the cell says; empty for a blank cell
  /// The number the cell holds (counts, costs, years); NaN when it holds text or nothing.
  double number = std::numeric_limits<double>::quiet_NaN();
  /// Province and district rows, criterion columns: the share of the group's units meeting the
  /// criterion (met or not applicable, over all the group's units); NaN elsewhere.
  double share = std::numeric_limits<double>::quiet_NaN();
  Look look = Look::text;
};

/// One row of an annex.
struct AnnexRow {
  enum class Kind : std::uint8_t { province, district, unit };
  Kind kind = Kind::unit;
  std::string unit;      ///< unit rows: the unit's id
  std::string district;  ///< district and unit rows: the district ("" when unknown)
  std::string outcome;   ///< unit rows: the outcome's id (review or plan outcome)
  std::size_t units = 0;  ///< province and district rows: how many units they sum
  std::vector<AnnexCell> cells;  ///< one per column
};

/// One column: its heading, and the heading of the group it sits under (merged across the
/// group's columns on the first header row; empty: the title spans both header rows).
struct AnnexColumn {
  enum class Kind : std::uint8_t {
    stt, unit, recognized_year, level, criterion, criteria_met, criteria_unmet, review,  // Biểu 01/02
    unmet_now, completed, cost, not_planned, agency, reached, outcome,                   // Biểu 03/04
  };
  Kind kind = Kind::stt;
  std::string id;     ///< criterion and level columns: the node id; year columns: the year
  std::string title;  ///< the heading, in the annex's language
  std::string group;  ///< the heading above it, shared by a run of columns; empty when none
  double width = 10;  ///< in the workbook, characters
};

/// An annex: a review (Biểu 01/02: the units recognized at a level) or a roadmap (Biểu 03/04:
/// the units with a target at a level).
struct Annex {
  enum class Kind : std::uint8_t { review, roadmap, units };
  Kind kind = Kind::review;
  int number = 1;        ///< Biểu 01 is 1
  std::string level;     ///< the level's id
  std::string sheet;     ///< "Biểu 01"
  std::string title;     ///< the title line
  std::string attached;  ///< "(Kèm theo ...)" when a plan name is given; empty otherwise
  std::string subtitle;  ///< year, pack, units
  std::string note;      ///< the note under the table
  std::string empty;     ///< the line shown when no unit is in it
  std::vector<AnnexColumn> columns;
  std::vector<AnnexRow> rows;  ///< the province row, then per district its row and its units
  std::size_t units = 0;       ///< unit rows
};

/// Which units the annexes hold: all of them, or those of one district, with one review outcome
/// (`keeps`, `short_of`, `revocation`, `cannot_tell`, or `not_recognized` for the units annex),
/// with one plan outcome (`already_met`, `on_time`, `late`, `missed`, `cannot_tell`). The
/// province and district rows sum the units kept. An empty field keeps every unit.
struct AnnexFilter {
  std::string district;
  std::string review_outcome;
  std::string plan_outcome;
};

/// The review annexes: one per level some unit is recognized at, lowest first, numbered from
/// `options.first_number`.
TIEUCHI_API std::vector<Annex> review_annexes(const assess::Assessment& a, const assess::Summary& s,
                                              const AnnexOptions& options = {}, const AnnexFilter& filter = {});

/// Every unit against the criteria of the lowest level (the re-assessment of all communes, not
/// only the recognized ones): the review annex's columns, with the review outcome of recognized
/// units and "not recognized" for the others. Not an annex of the workbooks; the page's first table.
TIEUCHI_API Annex units_annex(const assess::Assessment& a, const assess::Summary& s, const AnnexOptions& options = {},
                              const AnnexFilter& filter = {});

/// The roadmap annexes: one per level of `p`'s targets, lowest first, numbered from `first_number`.
TIEUCHI_API std::vector<Annex> roadmap_annexes(const assess::Assessment& a, const plan::Plan& p, int first_number,
                                               const AnnexOptions& options = {}, const AnnexFilter& filter = {});

/// The tasks per agency (the department that owns the criterion): agency, tasks, units,
/// criteria, the cost per year of the horizon (a task's cost spread evenly over its years) and
/// the total; one row per agency ("(no agency)" for tasks without one), then a total row.
TIEUCHI_API Table agencies_table(const plan::Plan& p, text::Lang lang = text::Lang::vi);

/// What the web page shows, as JSON (schema `tieuchi.annexes/1`, docs/web.md): the pack (id,
/// title, lineage, thresholds verified / unverified / illustrative / not set), the year, the
/// filter and its choices (districts, outcomes), the criteria, the units annex, the review
/// annexes and, with a plan, the roadmap annexes, the agencies table, the targets not met on
/// time with their reasons and extra budget, the budgets and the plan's totals. Every word in
/// `options.lang`; numbers both as numbers and as the text the annex prints.
TIEUCHI_API void write_annexes_json(std::ostream& out, const assess::Assessment& a, const assess::Summary& s,
                                    const plan::Plan* p, const AnnexOptions& options = {},
                                    const AnnexFilter& filter = {});

}  // namespace tieuchi::io
