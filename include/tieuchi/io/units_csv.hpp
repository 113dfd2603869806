#pragma once
/// @file io/units_csv.hpp
/// Reading units (communes) from CSV: UTF-8, a header row, one unit per row, through the one
/// unit validation (assess::read_units, which says what is checked and how cells are read). The
/// CSV itself may be malformed (E514: an unclosed or stray quote), have rows with the wrong
/// number of cells (E513) or not exist (E512). Rows are numbered as a spreadsheet shows them.

#include <filesystem>
#include <string>

#include "tieuchi/assess/unit_input.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::io {

struct CsvOptions : assess::UnitInputOptions {
  char delimiter = ',';
};

using assess::UnitsResult;

TIEUCHI_API UnitsResult read_units_csv(const std::filesystem::path& path, const model::RuleSet& rules,
                           const CsvOptions& options = {});
/// Same, for CSV text; `name` is what diagnostics call it.
TIEUCHI_API UnitsResult read_units_csv_text(std::string name, const std::string& text, const model::RuleSet& rules,
                                const CsvOptions& options = {});

}  // namespace tieuchi::io
