#pragma once
/// @file io/units_workbook.hpp
/// Reading units from a workbook (.xlsx, .xlsm, .xls, .ods), the filled input template
/// (io/workbooks.hpp) included. The door reads the file's cells with a maintained reader (Python:
/// python-calamine) and hands them over as they are — numbers as numbers, text as text, the
/// merged ranges, the reader's own error if it could not open the file; this function does the
/// rest, the same for every door: it picks the sheet, finds the header row, refuses merged header
/// or data cells, turns cells into the one unit validation (assess::read_units) and names every
/// problem by sheet, row (as the spreadsheet numbers it) and column (its letter and its header as
/// the user sees it: in the template, the heading above the field names).
///
/// Problems of the workbook itself (before any cell is read):
/// - E520: the reader could not open the file: a password-protected (encrypted) workbook, or a
///   file that is not a workbook or is damaged;
/// - E521: no sheet of that name (with the sheets it has);
/// - E522: no header row: no row among the first 30 of the sheet holds the id column;
/// - E523: merged cells in the header row or among the units' rows (a merged cell holds its value
///   once; the other rows would be read as missing);
/// - E524: a cell holding a formula error (`#DIV/0!`, `#REF!`, ...) or a column with values but no
///   header;
/// - W525: a number typed as text in a number column (`85%`, `0,85` is not read; `85%` is read as
///   0.85, with this warning so the cell can be fixed).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tieuchi/assess/unit_input.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::io {

/// One cell as the workbook holds it.
struct SheetCell {
  enum class Kind : std::uint8_t {
    empty,
    number,   ///< `number`
    boolean,  ///< `number` 0 or 1
    text,     ///< `text`
    date,     ///< `text`: the date or time as ISO 8601 (no unit input is a date)
    error,    ///< `text`: the formula error as the sheet shows it, e.g. "#DIV/0!"
  };
  Kind kind = Kind::empty;
  double number = 0;
  std::string text;
};

/// A rectangle of cells, 1-based and inclusive, in sheet coordinates.
struct CellRange {
  std::uint32_t first_row = 0, first_column = 0, last_row = 0, last_column = 0;
};

/// The used area of one sheet.
struct SheetCells {
  std::string name;
  std::uint32_t first_row = 1, first_column = 1;  ///< sheet coordinates of cells[0]
  std::uint32_t width = 0;                        ///< cells per row
  std::vector<SheetCell> cells;                   ///< row-major, width per row
  std::vector<CellRange> merged;
  std::size_t rows() const noexcept { return width ? cells.size() / width : 0; }
};

/// A workbook as the door opened it.
struct WorkbookCells {
  std::string file;                      ///< the path or name diagnostics give
  std::vector<std::string> sheet_names;  ///< every sheet, in order
  /// Reads the sheet at an index of sheet_names (called for the one sheet chosen).
  std::function<SheetCells(std::size_t)> load;
  /// When the reader could not open the file: what it said, and the file's first bytes (an
  /// encrypted workbook is an OLE container, "\xD0\xCF\x11\xE0").
  std::string open_error;
  std::string leading_bytes;
};

struct WorkbookOptions : assess::UnitInputOptions {
  /// The sheet to read; empty: the template's input sheet when there is one (its name in either
  /// language), else the first sheet.
  std::string sheet;
};

/// Validates the chosen sheet as a table of units (see the file comment). Never throws for bad
/// input; an exception thrown by `load` becomes E520.
TIEUCHI_API assess::UnitsResult read_units_workbook(const WorkbookCells& workbook, const model::RuleSet& rules,
                                                    const WorkbookOptions& options = {});

/// The extensions read as workbooks: .xlsx, .xlsm, .xls, .ods (any case).
TIEUCHI_API bool is_workbook_path(std::string_view path) noexcept;

}  // namespace tieuchi::io
