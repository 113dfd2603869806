#pragma once
/// @file io/units_csv.hpp
/// Reading units (communes) from CSV: UTF-8, a header row, one unit per row. Header names map
/// to the pack's input fields; `id`, `name` and `district` identify the unit; other columns must
/// be declared as attributes (e.g. `recognized`). Every problem is reported, each naming the
/// row and the column: an unknown column (E507, with a suggestion), a pack field with no column
/// (E508, or warning W501 when allowed), a bad cell (E509), a value outside a field's values or
/// range (E505), a duplicate or empty unit id (E511), a row with the wrong number of cells
/// (E513), malformed CSV (E514), a duplicate column (E515).
///
/// Cells: empty, `NA`, `N/A`, `null`, `-` and `?` are missing (never 0). Numbers may end in `%`
/// (`76%` is 0.76). Booleans: true/false, 1/0, yes/no, có/không, đạt/chưa đạt, Đ/CĐ.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tieuchi/assess/units.hpp"
#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::io {

struct CsvOptions {
  std::string id_column = "id";
  std::string name_column = "name";
  std::string district_column = "district";
  std::vector<std::string> attributes;  ///< other columns to keep (not pack inputs)
  bool allow_missing_columns = false;   ///< a pack field without a column: W501 instead of E508
  bool ignore_unknown_columns = false;  ///< an unknown column: W507 instead of E507
  char delimiter = ',';
};

struct UnitsResult {
  std::shared_ptr<assess::UnitTable> table;  ///< null when there are errors
  Diagnostics diagnostics;
  bool ok() const noexcept { return table != nullptr && !diagnostics.has_errors(); }
};

TIEUCHI_API UnitsResult read_units_csv(const std::filesystem::path& path, const model::RuleSet& rules,
                           const CsvOptions& options = {});
TIEUCHI_API UnitsResult read_units_csv_text(std::string name, const std::string& text, const model::RuleSet& rules,
                                const CsvOptions& options = {});

}  // namespace tieuchi::io
