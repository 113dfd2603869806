#include "tieuchi/diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tieuchi {

Source::Source(std::string name, std::string text, std::uint32_t line_offset,
               std::uint32_t column_offset)
    : name_(std::move(name)), text_(std::move(text)), line_offset_(line_offset),
      column_offset_(column_offset) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

std::uint32_t code_point_column(std::string_view line, std::size_t byte_offset) {
  std::uint32_t col = 1;
  for (std::size_t i = 0; i < byte_offset && i < line.size(); ++i) {
    // Count bytes that start a code point (not UTF-8 continuation bytes 10xxxxxx).
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  }
  // A byte_offset inside a multi-byte sequence still points at that code point.
  if (byte_offset < line.size() && (static_cast<unsigned char>(line[byte_offset]) & 0xC0) == 0x80)
    --col;
  return col;
}

SourceLocation Source::location(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line_index = static_cast<std::uint32_t>(std::distance(line_starts_.begin(), it) - 1);
  std::uint32_t start = line_starts_[line_index];
  std::string_view line = line_text(line_index + 1);
  std::uint32_t col = code_point_column(line, offset - start);
  if (line_index == 0) col += column_offset_;
  return {line_index + 1 + line_offset_, col};
}

std::string_view Source::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1
                                                 : static_cast<std::uint32_t>(text_.size());
  std::string_view v(text_.data() + start, end - start);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

SourceLocation Diagnostic::location() const {
  if (!source) return {line, column};
  return source->location(span.begin);
}

std::string Diagnostic::where() const {
  std::string out;
  if (source) {
    auto loc = location();
    return fmt::format("{}:{}:{}", source->name(), loc.line, loc.column);
  }
  out = file;
  if (!sheet.empty()) out += fmt::format("{}[{}]", out.empty() ? "" : " ", sheet);
  if (line) {
    out += fmt::format(":{}", line);
    if (column) out += fmt::format(":{}", column);
    return out;
  }
  if (!row) return out;
  std::string table = fmt::format("row {}", row);
  if (!sheet.empty() && column) {
    // A workbook: the column's letters as the sheet shows them, then its header.
    std::string letters;
    for (std::uint32_t c = column; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    table += fmt::format(", column {}", letters);
    if (!column_name.empty()) table += fmt::format(" '{}'", column_name);
  } else if (!column_name.empty()) table += fmt::format(", column '{}'", column_name);
  else if (column) table += fmt::format(", column {}", column);
  return out + (out.empty() ? "" : ": ") + table;
}

namespace {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

// The source line holding `span.begin` and a caret/underline line beneath it.
void render_snippet(std::string& out, const Source& src, SourceSpan span) {
  auto loc_line = src.location(span.begin).line;
  // Local (unoffset) line index: find it again from the offset.
  const auto& text = src.text();
  std::uint32_t b = std::min<std::uint32_t>(span.begin, static_cast<std::uint32_t>(text.size()));
  std::uint32_t line_start = b;
  while (line_start > 0 && text[line_start - 1] != '\n') --line_start;
  std::uint32_t line_end = b;
  while (line_end < text.size() && text[line_end] != '\n') ++line_end;
  std::string_view line(text.data() + line_start, line_end - line_start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::uint32_t first_col = code_point_column(line, b - line_start);
  std::uint32_t e = std::min<std::uint32_t>(std::max(span.end, span.begin), line_end);
  std::uint32_t last_col = code_point_column(line, e - line_start);
  std::uint32_t width = last_col > first_col ? last_col - first_col : 1;
  auto gutter = fmt::format("{}", loc_line);
  std::string pad(gutter.size(), ' ');
  // Tabs are shown as one space so that the caret stays under its column.
  std::string shown(line);
  std::replace(shown.begin(), shown.end(), '\t', ' ');
  fmt::format_to(std::back_inserter(out), "\n {} | {}\n {} | {}{}", gutter, shown, pad,
                 std::string(first_col - 1, ' '), std::string(width, '^'));
}

}  // namespace

std::string Diagnostic::format() const {
  std::string out = where();
  if (!out.empty()) out += ": ";
  fmt::format_to(std::back_inserter(out), "{}[{}]: {}", severity_name(severity), code, message);
  if (!rule_id.empty()) fmt::format_to(std::back_inserter(out), " (rule {})", rule_id);
  // The column is named in where() when the place is a table's row; otherwise say it here.
  if (!column_name.empty() && (source || line || !row)) fmt::format_to(std::back_inserter(out), " (column '{}')", column_name);
  // A column whose header is not the field's name (a workbook's Vietnamese heading): name both.
  if (row && !field.empty() && field != column_name) fmt::format_to(std::back_inserter(out), " (input '{}')", field);
  if (source) render_snippet(out, *source, span);
  if (!hint.empty()) fmt::format_to(std::back_inserter(out), "\n  = hint: {}", hint);
  for (const auto& [nspan, text] : notes) {
    if (source) {
      auto loc = source->location(nspan.begin);
      fmt::format_to(std::back_inserter(out), "\n  = note: {}:{}:{}: {}", source->name(), loc.line,
                     loc.column, text);
    } else {
      fmt::format_to(std::back_inserter(out), "\n  = note: {}", text);
    }
  }
  return out;
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const noexcept { return error_count() > 0; }

std::size_t Diagnostics::error_count() const noexcept {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::string Diagnostics::format() const {
  std::string out;
  for (const auto& d : items_) {
    if (!out.empty()) out += "\n\n";
    out += d.format();
  }
  return out;
}

}  // namespace tieuchi
