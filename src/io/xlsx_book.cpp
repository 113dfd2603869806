#include "io/xlsx_book.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <system_error>
#include <cmath>
#include <stdexcept>

#include "tieuchi/error.hpp"

namespace tieuchi::io::xlsx {

namespace {

constexpr std::size_t kMaxCellBytes = 32767;

// At most kMaxCellBytes bytes, cut before a UTF-8 continuation byte.
std::string fit(std::string_view s) {
  if (s.size() <= kMaxCellBytes) return std::string(s);
  std::size_t n = kMaxCellBytes - 3;  // room for "…"
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "\xE2\x80\xA6";
}

}  // namespace

Book::Book(const std::filesystem::path& path) : path_(path.string()) {
  // Create the file first: libxlsxwriter only finds out on close, and prints its own message.
  {
    errno = 0;
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (!f)
      throw Error(fmt::format("cannot write the workbook '{}': {}", path_,
                              errno ? std::generic_category().message(errno) : std::string("cannot create the file")));
    std::fclose(f);
  }
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = nullptr;
  options.use_zip64 = LXW_FALSE;
  wb_ = workbook_new_opt(path_.c_str(), &options);
  if (!wb_) throw Error(fmt::format("cannot write the workbook '{}': the file cannot be created", path_));
}

Book::~Book() {
  if (wb_) {
    // Not closed (an exception on the way): free the workbook; what it wrote is incomplete.
    lxw_workbook_free(wb_);
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
}

lxw_worksheet* Book::add_sheet(std::string_view name) {
  std::string n;
  for (char c : name)
    if (std::string_view("[]:*?/\\").find(c) == std::string_view::npos) n += c;
  // 31 characters at most (counted in UTF-8 code points).
  std::size_t chars = 0, cut = n.size();
  for (std::size_t i = 0; i < n.size(); ++i) {
    if ((static_cast<unsigned char>(n[i]) & 0xC0) == 0x80) continue;
    if (++chars > 31) {
      cut = i;
      break;
    }
  }
  n.resize(cut);
  lxw_worksheet* ws = workbook_add_worksheet(wb_, n.c_str());
  if (!ws) throw std::logic_error(fmt::format("xlsx: cannot add the sheet '{}'", n));
  return ws;
}

lxw_format* Book::format(const Style& s) {
  auto it = formats_.find(s);
  if (it != formats_.end()) return it->second;
  lxw_format* f = workbook_add_format(wb_);
  format_set_font_name(f, "Times New Roman");
  format_set_font_size(f, s.size > 0 ? s.size : 11);
  if (s.bold) format_set_bold(f);
  if (s.italic) format_set_italic(f);
  if (s.wrap) format_set_text_wrap(f);
  if (s.border) format_set_border(f, LXW_BORDER_THIN);
  if (s.fill) {
    format_set_pattern(f, LXW_PATTERN_SOLID);
    format_set_bg_color(f, s.fill);
  }
  if (s.color) format_set_font_color(f, s.color);
  if (s.align) format_set_align(f, s.align);
  if (s.vcenter) format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  if (!s.num_format.empty()) format_set_num_format(f, s.num_format.c_str());
  if (!s.locked) format_set_unlocked(f);
  if (s.rotation) format_set_rotation(f, s.rotation);
  formats_.emplace(s, f);
  return f;
}

void Book::close() {
  lxw_workbook* wb = wb_;
  wb_ = nullptr;
  lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR)
    throw Error(fmt::format("cannot write the workbook '{}': {}", path_, lxw_strerror(e)));
}

void check(lxw_error e, std::string_view what) {
  if (e != LXW_NO_ERROR) throw std::logic_error(fmt::format("xlsx: {}: {}", what, lxw_strerror(e)));
}

void text(lxw_worksheet* ws, std::uint32_t row, std::uint16_t col, std::string_view s, lxw_format* f) {
  if (s.empty()) return blank(ws, row, col, f);
  std::string t = fit(s);
  check(worksheet_write_string(ws, row, col, t.c_str(), f), "write_string");
}

void number(lxw_worksheet* ws, std::uint32_t row, std::uint16_t col, double v, lxw_format* f) {
  check(worksheet_write_number(ws, row, col, v, f), "write_number");
}

void blank(lxw_worksheet* ws, std::uint32_t row, std::uint16_t col, lxw_format* f) {
  check(worksheet_write_blank(ws, row, col, f), "write_blank");
}

void merge(lxw_worksheet* ws, std::uint32_t r1, std::uint16_t c1, std::uint32_t r2, std::uint16_t c2,
           std::string_view s, lxw_format* f) {
  if (r1 == r2 && c1 == c2) return text(ws, r1, c1, s, f);
  std::string t = fit(s);
  check(worksheet_merge_range(ws, r1, c1, r2, c2, t.c_str(), f), "merge_range");
}

void RowFit::note(std::uint32_t row, std::uint16_t col, std::string_view s, std::uint16_t span) {
  double width = 0;
  for (std::uint16_t c = col; c < col + span; ++c) width += c < widths_.size() ? widths_[c] : 8.43;
  // Characters per line: a column's width is in characters of the default font; wrapped text
  // breaks at words, so count a little less.
  double per_line = std::max(1.0, width * 1.15 - 1);
  std::size_t lines = 0;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::size_t chars = 0;
    for (std::size_t i = start; i < end; ++i) chars += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    lines += std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(static_cast<double>(chars) / per_line)));
    start = end + 1;
  }
  auto& l = lines_[row];
  l = std::max(l, lines);
}

void RowFit::apply(lxw_worksheet* ws, double line_height) const {
  for (auto [row, lines] : lines_)
    if (lines > 1) check(worksheet_set_row(ws, row, line_height * static_cast<double>(std::min<std::size_t>(lines, 27)), nullptr), "set_row");
}

std::string column_letters(std::uint32_t col) {
  std::string out;
  ++col;
  while (col > 0) {
    std::uint32_t r = (col - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + r));
    col = (col - 1) / 26;
  }
  return out;
}

std::string cell_name(std::uint32_t row, std::uint32_t col) {
  return column_letters(col) + std::to_string(row + 1);
}

}  // namespace tieuchi::io::xlsx
