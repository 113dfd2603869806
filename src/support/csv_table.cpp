#include "support/csv_table.hpp"

#include <csv.h>
#include <fmt/format.h>

#include <fstream>
#include <new>
#include <sstream>
#include <system_error>
#include <vector>

namespace tieuchi::support {

namespace {

struct Collector {
  std::vector<CsvRecord> records;
  std::vector<std::string> current;
  std::uint32_t row = 0;         // rows seen so far (records and blank lines)
  std::uint32_t line = 0;        // the line being fed
  std::uint32_t start_line = 0;  // where the open record started
  bool open = false;             // a record has started and not ended

  static void on_field(void* s, std::size_t len, void* data) {
    auto* c = static_cast<Collector*>(data);
    c->current.emplace_back(s ? static_cast<const char*>(s) : "", s ? len : 0);
  }
  static void on_row(int, void* data) {
    auto* c = static_cast<Collector*>(data);
    CsvRecord r;
    r.row = ++c->row;
    r.line = c->start_line ? c->start_line : c->line;
    r.cells = std::move(c->current);
    c->current.clear();
    c->open = false;
    c->start_line = 0;
    // A line of blanks only (outside quotes) is a blank row, not a record of one empty cell.
    if (!(r.cells.size() == 1 && r.cells[0].find_first_not_of(" \t\r") == std::string::npos))
      c->records.push_back(std::move(r));
  }
};

bool blank(std::string_view l) { return l.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

CsvTable parse_csv(std::string_view text, char delimiter) {
  csv_parser parser{};
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) throw std::bad_alloc();
  csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  Collector col;
  CsvTable out;
  auto fail = [&] {
    out.error = csv_strerror(csv_error(&parser));
    out.error_row = col.row + 1;
    out.error_line = col.start_line ? col.start_line : col.line;
  };
  // Fed a line at a time, so that each record knows the line it starts on.
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::size_t end = eol == std::string_view::npos ? text.size() : eol + 1;
    std::string_view l = text.substr(pos, end - pos);
    pos = end;
    ++col.line;
    if (!col.open) {
      if (blank(l)) {
        ++col.row;  // a blank row: counted, not a record
        continue;
      }
      col.open = true;
      col.start_line = col.line;
    }
    if (csv_parse(&parser, l.data(), l.size(), Collector::on_field, Collector::on_row, &col) != l.size()) {
      fail();
      csv_free(&parser);
      return out;
    }
  }
  if (csv_fini(&parser, Collector::on_field, Collector::on_row, &col) != 0) fail();
  csv_free(&parser);
  if (out.ok()) out.records = std::move(col.records);
  return out;
}

std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

FileText read_file_text(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  FileText out;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    out.problem = FileText::Problem::folder;
    out.why = "is a folder";
    return out;
  }
  const auto too_big = [&] {
    out.problem = FileText::Problem::too_big;
    out.why = fmt::format("is larger than {} MiB", max_bytes >> 20);
  };
  std::string text;
  if (auto size = std::filesystem::file_size(path, ec); !ec) {  // a regular file
    if (size > max_bytes) {
      too_big();
      return out;
    }
    text.reserve(static_cast<std::size_t>(size));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.problem = FileText::Problem::cannot_open;
    out.why = "cannot be opened";
    return out;
  }
  // Read in blocks, so that a pipe or a file that grows is bounded too.
  std::vector<char> block(1 << 20);
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    text.append(block.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      too_big();
      return out;
    }
  }
  if (in.bad()) {
    out.problem = FileText::Problem::cannot_read;
    out.why = "cannot be read";
    return out;
  }
  out.text = std::move(text);
  return out;
}

}  // namespace tieuchi::support
