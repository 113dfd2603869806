#pragma once
// A thin RAII layer over libxlsxwriter (Debian: libxlsxwriter-dev), private to src/io: one
// workbook, its sheets, formats made once per style, and cell writers that check what the C
// library returns. The workbooks of io/workbooks.hpp are written with it.

#include <xlsxwriter.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace tieuchi::io::xlsx {

/// How a cell looks. Compared as a whole, so that each distinct style is one format.
struct Style {
  bool bold = false;
  bool italic = false;
  bool wrap = false;
  bool border = true;
  double size = 0;          ///< points; 0 = the default (11)
  std::uint32_t fill = 0;   ///< RGB; 0 = none
  std::uint32_t color = 0;  ///< RGB font colour; 0 = automatic
  std::uint8_t align = 0;   ///< LXW_ALIGN_* horizontal; 0 = general
  bool vcenter = true;
  std::string num_format;   ///< e.g. "0%", "#,##0.0"
  bool locked = true;
  std::int16_t rotation = 0;  ///< degrees, e.g. 90 for text read bottom to top
  auto key() const {
    return std::tie(bold, italic, wrap, border, size, fill, color, align, vcenter, num_format, locked, rotation);
  }
  friend bool operator<(const Style& a, const Style& b) { return a.key() < b.key(); }
};

class Book {
 public:
  /// Starts a workbook to be written to `path` on close(). Throws tieuchi::Error when the file
  /// cannot be created.
  explicit Book(const std::filesystem::path& path);
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;
  ~Book();

  /// A new sheet (the name is made valid: at most 31 characters, none of []:*?/\).
  lxw_worksheet* add_sheet(std::string_view name);
  lxw_format* format(const Style& s);
  lxw_workbook* get() const noexcept { return wb_; }
  /// Writes the file; throws tieuchi::Error naming the path and what went wrong.
  void close();

 private:
  lxw_workbook* wb_ = nullptr;
  std::string path_;
  std::map<Style, lxw_format*> formats_;
};

/// Row heights for wrapped text: spreadsheets do not grow a row to fit its text when they open a
/// generated file, so the writer estimates the lines each wrapped cell needs from its column's
/// width and sets the row's height (at the end, with apply()).
class RowFit {
 public:
  explicit RowFit(std::vector<double> widths) : widths_(std::move(widths)) {}
  /// Text `s` written wrapped at (row, col); `span` columns wide when merged.
  void note(std::uint32_t row, std::uint16_t col, std::string_view s, std::uint16_t span = 1);
  /// Sets the height of every noted row that needs more than one line.
  void apply(lxw_worksheet* ws, double line_height = 15) const;

 private:
  std::vector<double> widths_;
  std::map<std::uint32_t, std::size_t> lines_;
};

/// Cell writers (0-based row and column). Text longer than a cell holds (32,767 bytes) is cut at
/// a character boundary and ends in "…". Any other error of the library is a logic error.
void text(lxw_worksheet* ws, std::uint32_t row, std::uint16_t col, std::string_view s, lxw_format* f);
void number(lxw_worksheet* ws, std::uint32_t row, std::uint16_t col, double v, lxw_format* f);
void blank(lxw_worksheet* ws, std::uint32_t row, std::uint16_t col, lxw_format* f);
void merge(lxw_worksheet* ws, std::uint32_t r1, std::uint16_t c1, std::uint32_t r2, std::uint16_t c2,
           std::string_view s, lxw_format* f);
/// The column's letters: 0 -> "A", 26 -> "AA".
std::string column_letters(std::uint32_t col);
/// "A1"-style name of a cell (0-based row and column).
std::string cell_name(std::uint32_t row, std::uint32_t col);
/// Throws std::logic_error unless `e` is LXW_NO_ERROR.
void check(lxw_error e, std::string_view what);

}  // namespace tieuchi::io::xlsx
