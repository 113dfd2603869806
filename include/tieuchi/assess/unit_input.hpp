#pragma once
/// @file assess/unit_input.hpp
/// The one validation of units: a table of columns, as any door delivers it (CSV cells, a
/// workbook's sheet, a pandas DataFrame's arrays, JSON rows), checked against a rule set and
/// turned into a UnitTable. Every door calls read_units(), so the same table gives the same
/// units and the same diagnostics (codes, rows, columns) through the CLI, Python and the service.
///
/// What is checked, each problem reported with its row and column (up to `max_errors`):
/// - the header: a column that is no input of the pack (E507, or W507 when ignored, with a
///   suggestion), a column named twice (E515), no id column or no column for an input (E508,
///   or W501 when missing columns are allowed);
/// - the ids: empty (E511) or given twice (E511);
/// - the cells: text that is not UTF-8 (E517); a number that cannot be read or is not finite
///   (E509); a yes/no cell that is neither (E509); a value outside a field's values or range (E505).
///
/// Cells: empty, `NA`, `N/A`, `null`, `NaN`, `-` and `?` are missing (never 0). Numbers may end in
/// `%` (`76%` is 0.76). Yes/no cells are compared without case or diacritics: yes = `true`, `1`,
/// `yes`, `có`, `đạt`, `Đ`; no = `false`, `0`, `no`, `không`, `không đạt`, `chưa đạt`, `CĐ`.

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <optional>

#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/assess/units.hpp"
#include "tieuchi/diagnostics.hpp"
#include "tieuchi/model/ruleset.hpp"
#include "tieuchi/export.hpp"

namespace tieuchi::assess {

/// Which columns identify units and which are kept besides the pack's inputs.
struct UnitInputOptions {
  std::string id_column = "id";
  std::string name_column = "name";
  std::string district_column = "district";
  std::vector<std::string> attributes;           ///< other columns to keep; an error when absent
  std::vector<std::string> optional_attributes;  ///< other columns kept when present (e.g. `recognized`)
  bool allow_missing_columns = false;  ///< a pack input without a column: W501 (unknown for all) instead of E508
  bool ignore_unknown_columns = false;  ///< a column that is no input: W507 instead of E507
  std::size_t max_errors = 200;         ///< diagnostics reported at most (the rest are counted, not listed)
};

/// Cells as text: CSV and workbook cells, Python strings. An empty cell is missing.
struct TextCells {
  std::vector<std::string> cells;
};
/// Cells as numbers (booleans 0/1), in any expr::ColumnView layout (float64 or uint8 values,
/// with a validity or missing mask), read in place: `owner` keeps the data alive.
struct NumberCells {
  expr::ColumnView view;
  std::shared_ptr<const void> owner;
};
/// Dictionary-encoded text: `codes[i]` indexes `dictionary`, -1 is missing (pandas categoricals
/// and factorized columns). Each dictionary entry is read once, whatever the rows.
struct CodedCells {
  std::vector<std::int32_t> codes;
  std::vector<std::string> dictionary;
};

struct InputColumn {
  std::string name;           ///< the header as written
  std::uint32_t position = 0;  ///< 1-based position in the table (0: unknown)
  std::variant<TextCells, NumberCells, CodedCells> cells;
};

/// A table of units as a door delivers it.
struct UnitInput {
  std::string file;   ///< the path or name diagnostics give (e.g. "communes.csv", "DataFrame")
  std::string sheet;  ///< workbooks: the sheet
  std::size_t rows = 0;
  std::vector<InputColumn> columns;
  /// The row number a spreadsheet shows for each unit (CSV and sheets: the header is row 1).
  /// When empty, unit i is row `first_row + i`.
  std::vector<std::uint32_t> row_numbers;
  std::uint32_t first_row = 2;
  /// Problems the door found in its transport before (e.g. a CSV row with too many cells): they
  /// are reported first, and the table is refused when one is an error.
  Diagnostics transport;
};

/// The units, or the reasons there are none.
struct UnitsResult {
  std::shared_ptr<UnitTable> table;  ///< null when there are errors
  Diagnostics diagnostics;
  bool ok() const noexcept { return table != nullptr && !diagnostics.has_errors(); }
};

/// Validates `input` against `rules` and builds the table (see the file comment for what is
/// checked). Numeric columns are kept in place, not copied. Never throws for bad input.
TIEUCHI_API UnitsResult read_units(const model::RuleSet& rules, UnitInput input, const UnitInputOptions& options = {});

/// The units and their assessment, or the reasons there are none.
struct AssessedUnits {
  std::shared_ptr<UnitTable> table;      ///< null when the units have errors
  std::optional<Assessment> assessment;  ///< present with the table
  Diagnostics diagnostics;               ///< read_units()'s: warnings, or every problem
  bool ok() const noexcept { return assessment.has_value(); }
};

/// read_units() then assess(), with the same table, assessment and diagnostics (on bad input,
/// every problem read_units() lists, and no assessment), in one pass over the numbers: the range
/// checks of the columns given as numbers (NumberCells) are made chunk by chunk as the assessment
/// reads them, while they are in the cache, instead of in a pass of their own. Throws what
/// assess() throws for other reasons (E506, E510).
TIEUCHI_API AssessedUnits assess_units(std::shared_ptr<const model::RuleSet> rules, UnitInput input,
                                       const UnitInputOptions& options, const AssessOptions& assess_options);

}  // namespace tieuchi::assess
