// CSV -> the one unit validation (assess::read_units). This door only splits the text into
// cells (libcsv, RFC 4180: quotes, embedded separators and line breaks).

#include "tieuchi/io/units_csv.hpp"

#include <fmt/format.h>

#include "support/csv_table.hpp"
#include "tieuchi/io/units_workbook.hpp"

namespace tieuchi::io {

UnitsResult read_units_csv_text(std::string name, const std::string& text, const model::RuleSet& rules,
                                const CsvOptions& options) {
  assess::UnitInput in;
  in.file = std::move(name);
  auto table = support::parse_csv(text, options.delimiter);
  auto fail = [&](std::string code, std::string message, std::uint32_t row, std::string hint = {}) {
    UnitsResult r;
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.file = in.file;
    d.row = row;
    d.hint = std::move(hint);
    r.diagnostics.add(std::move(d));
    return r;
  };
  // A workbook given where CSV is read: say so, and how to read it, rather than "malformed CSV".
  const bool zip = text.compare(0, 4, "PK\x03\x04") == 0, ole = text.compare(0, 4, "\xD0\xCF\x11\xE0") == 0;
  if (zip || ole || (is_workbook_path(in.file) && !text.empty() && text.find('\0') != std::string::npos))
    return fail("E519",
                fmt::format("is a workbook ({}), not CSV", zip ? "an .xlsx, .xlsm or .ods file" : "an .xls file or an "
                                                                                                  "encrypted workbook"),
                0,
                "this reader takes CSV: read the workbook with Python (tieuchi.read_units(pack, path) or "
                "pack.assess(path)) or the service (POST /v1/assess/workbook), or save the sheet as CSV UTF-8");
  if (!table.ok())
    return fail("E514", fmt::format("malformed CSV: {}", table.error), table.error_row,
                "check the quotes around cells that hold commas or line breaks");
  if (table.records.empty()) return fail("E508", "no header row", 0);
  const auto& header = table.records.front();
  in.rows = table.records.size() - 1;
  in.first_row = header.row + 1;
  in.columns.resize(header.cells.size());
  for (std::size_t c = 0; c < header.cells.size(); ++c) {
    in.columns[c].name = header.cells[c];
    in.columns[c].position = static_cast<std::uint32_t>(c + 1);
    in.columns[c].cells = assess::TextCells{std::vector<std::string>(in.rows)};
  }
  // A row with another number of cells than the header cannot be read cell by cell (which cell
  // is which?): it is reported, and left out of the checks of the cells.
  in.row_numbers.reserve(in.rows);
  std::size_t kept = 0;
  for (std::size_t r = 1; r < table.records.size(); ++r) {
    auto& rec = table.records[r];
    if (rec.cells.size() != header.cells.size()) {
      Diagnostic d;
      d.code = "E513";
      d.message = fmt::format("the row has {} cells, the header has {}", rec.cells.size(), header.cells.size());
      d.file = in.file;
      d.row = rec.row;
      in.transport.add(std::move(d));
      continue;
    }
    in.row_numbers.push_back(rec.row);
    for (std::size_t c = 0; c < rec.cells.size(); ++c)
      std::get<assess::TextCells>(in.columns[c].cells).cells[kept] = std::move(rec.cells[c]);
    ++kept;
  }
  in.rows = kept;
  for (auto& c : in.columns) std::get<assess::TextCells>(c.cells).cells.resize(kept);
  return assess::read_units(rules, std::move(in), options);
}

UnitsResult read_units_csv(const std::filesystem::path& path, const model::RuleSet& rules, const CsvOptions& options) {
  auto file = support::read_file_text(path, support::kMaxUnitsBytes);
  if (!file.text) {
    UnitsResult r;
    Diagnostic d;
    d.code = "E512";
    using Problem = support::FileText::Problem;
    d.message = file.problem == Problem::folder        ? "is a folder, not a data file"
                : file.problem == Problem::cannot_open ? "cannot open the data file"
                                                       : fmt::format("the data file {}", file.why);
    d.file = path.string();
    r.diagnostics.add(std::move(d));
    return r;
  }
  return read_units_csv_text(path.string(), *file.text, rules, options);
}

}  // namespace tieuchi::io
