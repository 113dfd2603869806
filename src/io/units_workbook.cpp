// Units from a workbook's cells: the sheet, the header row, merged cells, then the one unit
// validation (assess::read_units). See io/units_workbook.hpp.

#include "tieuchi/io/units_workbook.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "io/xlsx_book.hpp"
#include "support/suggest.hpp"
#include "support/text.hpp"
#include "text/format.hpp"

namespace tieuchi::io {

namespace {

constexpr std::uint32_t kHeaderSearchRows = 30;

std::string lower_extension(std::string_view path) {
  auto dot = path.rfind('.');
  auto slash = path.find_last_of("/\\");
  if (dot == std::string_view::npos || (slash != std::string_view::npos && slash > dot)) return {};
  std::string ext(path.substr(dot));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

/// The error values a formula shows (a reader may hand them over as text).
bool is_error_literal(std::string_view s) {
  static constexpr std::string_view errors[] = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!",
                                                "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!"};
  for (auto e : errors)
    if (s == e) return true;
  return false;
}

std::string range_name(const CellRange& r) {
  return fmt::format("{}:{}", xlsx::cell_name(r.first_row - 1, r.first_column - 1),
                     xlsx::cell_name(r.last_row - 1, r.last_column - 1));
}

class Reader {
 public:
  Reader(const WorkbookCells& wb, const model::RuleSet& rules, const WorkbookOptions& o)
      : wb_(wb), rules_(rules), o_(o) {}

  assess::UnitsResult run() {
    if (!wb_.open_error.empty()) return fail(open_problem());
    if (wb_.sheet_names.empty()) return fail(problem("E521", "the workbook has no sheet"));
    auto index = choose_sheet();
    if (!index) return result_;
    try {
      sheet_ = wb_.load(*index);
    } catch (const std::exception& e) {
      return fail(problem("E520", fmt::format("the sheet '{}' cannot be read: {}", wb_.sheet_names[*index],
                                              support::escape_invalid_utf8(e.what()))));
    }
    if (sheet_.name.empty()) sheet_.name = wb_.sheet_names[*index];
    if (sheet_.width && sheet_.cells.size() % sheet_.width)
      throw std::invalid_argument("SheetCells: the number of cells is not a multiple of the width");
    auto header = find_header();
    if (!header) return result_;
    header_ = *header;
    if (!check_merged()) return result_;
    return read();
  }

 private:
  const WorkbookCells& wb_;
  const model::RuleSet& rules_;
  const WorkbookOptions& o_;
  SheetCells sheet_;
  std::size_t header_ = 0;  // index of the header row in sheet_
  assess::UnitsResult result_;

  Diagnostic problem(std::string code, std::string message, std::string hint = {}) const {
    Diagnostic d;
    d.code = std::move(code);
    d.severity = d.code[0] == 'W' ? Severity::warning : Severity::error;
    d.message = std::move(message);
    d.hint = std::move(hint);
    d.file = wb_.file;
    d.sheet = sheet_.name;
    return d;
  }
  assess::UnitsResult& fail(Diagnostic d) {
    result_.diagnostics.add(std::move(d));
    return result_;
  }

  Diagnostic open_problem() const {
    const std::string& b = wb_.leading_bytes;
    bool ole = b.size() >= 4 && b.compare(0, 4, "\xD0\xCF\x11\xE0") == 0;
    std::string ext = lower_extension(wb_.file);
    if (ole && ext != ".xls")
      return problem("E520", "the workbook is protected by a password (encrypted): it cannot be read without it",
                     "open it in Excel or LibreOffice, remove the password (Excel: File > Info > Protect "
                     "Workbook > Encrypt with Password; LibreOffice: File > Properties > Security) and save it "
                     "again");
    return problem("E520",
                   fmt::format("the file cannot be read as a workbook ({})", support::escape_invalid_utf8(wb_.open_error)),
                   "expected an .xlsx, .xlsm, .xls or .ods file as Excel or LibreOffice save it; this one is "
                   "damaged or of another kind");
  }

  std::optional<std::size_t> choose_sheet() {
    const auto& names = wb_.sheet_names;
    std::string listed = fmt::format("{}", fmt::join(names, "', '"));
    if (!o_.sheet.empty()) {
      auto it = std::find(names.begin(), names.end(), o_.sheet);
      if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
      auto d = problem("E521", fmt::format("the workbook has no sheet '{}' (its sheets: '{}')", o_.sheet, listed),
                       support::suggest(o_.sheet, names));
      d.sheet.clear();
      fail(std::move(d));
      return std::nullopt;
    }
    for (auto lang : {text::Lang::vi, text::Lang::en}) {
      auto it = std::find(names.begin(), names.end(), text::message("sheet.input", lang));
      if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
    }
    return 0;
  }

  const SheetCell& cell(std::size_t row, std::size_t col) const { return sheet_.cells[row * sheet_.width + col]; }
  std::uint32_t sheet_row(std::size_t row) const { return sheet_.first_row + static_cast<std::uint32_t>(row); }
  std::uint32_t sheet_col(std::size_t col) const { return sheet_.first_column + static_cast<std::uint32_t>(col); }

  static std::string cell_text(const SheetCell& c) {
    switch (c.kind) {
      case SheetCell::Kind::empty: return {};
      case SheetCell::Kind::number: return fmt::format("{}", c.number);
      case SheetCell::Kind::boolean: return c.number != 0 ? "true" : "false";
      default: return c.text;
    }
  }

  std::optional<std::size_t> find_header() {
    std::size_t rows = std::min<std::size_t>(sheet_.rows(), kHeaderSearchRows);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < sheet_.width; ++c) {
        const auto& x = cell(r, c);
        if (x.kind == SheetCell::Kind::text && support::trim(x.text) == o_.id_column) return r;
      }
    std::vector<std::string> others;
    for (const auto& n : wb_.sheet_names)
      if (n != sheet_.name) others.push_back(n);
    std::string hint = others.empty() ? fmt::format("the header row names each column; the id column is '{}'", o_.id_column)
                                      : fmt::format("if the units are on another sheet, name it (the workbook's other "
                                                    "sheets: '{}')",
                                                    fmt::join(others, "', '"));
    fail(problem("E522",
                 fmt::format("sheet '{}' has no header row: none of its first {} rows has a column '{}'", sheet_.name,
                             kHeaderSearchRows, o_.id_column),
                 std::move(hint)));
    return std::nullopt;
  }

  bool check_merged() {
    const std::uint32_t header_row = sheet_row(header_);
    bool ok = true;
    for (const auto& m : sheet_.merged) {
      if (m.last_row < header_row) continue;  // titles above the header may be merged
      if (m.first_row == m.last_row && m.first_column == m.last_column) continue;
      bool in_header = m.first_row <= header_row;
      auto d = problem("E523",
                       in_header ? fmt::format("cells {} are merged in the header row: every column needs a header "
                                               "cell of its own",
                                               range_name(m))
                                 : fmt::format("cells {} are merged among the units' rows: a merged cell holds its "
                                               "value once, and the other rows would be read as missing",
                                               range_name(m)),
                       "unmerge them and type the value into each cell");
      d.row = m.first_row;
      d.column = m.first_column;
      fail(std::move(d));
      ok = false;
    }
    return ok;
  }

  assess::UnitsResult read() {
    const std::size_t rows = sheet_.rows();
    std::map<std::string, const model::Field*, std::less<>> fields;
    for (const auto& f : rules_.pack().fields) fields.emplace(f.name, &f);
    // The units' rows: those after the header with at least one cell.
    std::vector<std::size_t> data;
    for (std::size_t r = header_ + 1; r < rows; ++r) {
      bool any = false;
      for (std::size_t c = 0; c < sheet_.width && !any; ++c) any = cell(r, c).kind != SheetCell::Kind::empty;
      if (any) data.push_back(r);
    }
    assess::UnitInput in;
    in.file = wb_.file;
    in.sheet = sheet_.name;
    in.rows = data.size();
    in.row_numbers.reserve(data.size());
    for (auto r : data) in.row_numbers.push_back(sheet_row(r));
    for (std::size_t c = 0; c < sheet_.width; ++c) {
      std::string header = std::string(support::trim(cell_text(cell(header_, c))));
      if (header.empty()) {
        // A column without a header: nothing when it is empty, else an error (never dropped).
        for (auto r : data)
          if (cell(r, c).kind != SheetCell::Kind::empty) {
            auto d = problem("E524", fmt::format("column {} has values but no header (first value in row {})",
                                                 xlsx::column_letters(sheet_col(c) - 1), sheet_row(r)),
                             "type the field name into its header cell, or delete the column");
            d.row = sheet_row(header_);
            d.column = sheet_col(c);
            in.transport.add(std::move(d));
            break;
          }
        continue;
      }
      auto f = fields.find(header);
      bool number_field = f != fields.end() && f->second->type == Type::number;
      assess::TextCells cells;
      cells.cells.reserve(data.size());
      for (auto r : data) {
        const auto& x = cell(r, c);
        if (x.kind == SheetCell::Kind::error || (x.kind == SheetCell::Kind::text && is_error_literal(x.text))) {
          auto d = problem("E524", fmt::format("the cell holds the formula error {}", x.text),
                           "correct the formula or type the value");
          d.row = sheet_row(r);
          d.column = sheet_col(c);
          d.column_name = header;
          if (f != fields.end()) d.field = header;
          in.transport.add(std::move(d));
          cells.cells.emplace_back();
          continue;
        }
        if (number_field && x.kind == SheetCell::Kind::text && !support::is_missing_marker(x.text)) {
          if (auto v = support::parse_number(x.text)) {
            auto d = problem("W525", fmt::format("'{}' is typed as text, not as a number: read as {}",
                                                 support::trim(x.text), *v),
                             "type the number itself: 0.85, or 85% into a cell formatted as a percentage");
            d.row = sheet_row(r);
            d.column = sheet_col(c);
            d.column_name = header;
            d.field = header;
            in.transport.add(std::move(d));
          }
        }
        cells.cells.push_back(cell_text(x));
      }
      in.columns.push_back({header, sheet_col(c), std::move(cells)});
    }
    in.first_row = sheet_row(header_) + 1;
    auto r = assess::read_units(rules_, std::move(in), o_);
    return r;
  }
};

}  // namespace

assess::UnitsResult read_units_workbook(const WorkbookCells& workbook, const model::RuleSet& rules,
                                        const WorkbookOptions& options) {
  return Reader(workbook, rules, options).run();
}

bool is_workbook_path(std::string_view path) noexcept {
  try {
    std::string ext = lower_extension(path);
    return ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" || ext == ".ods";
  } catch (...) {
    return false;
  }
}

}  // namespace tieuchi::io
