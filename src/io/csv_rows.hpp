#pragma once
// CSV text to rows of cells (libcsv, strict quoting), shared by the readers of unit tables,
// budgets and cost tables. A UTF-8 byte-order mark is skipped; blank lines are dropped.

#include <csv.h>

#include <new>
#include <string>
#include <string_view>
#include <vector>

namespace tieuchi::detail {

struct CsvRows {
  std::vector<std::vector<std::string>> rows;
  std::string error;  ///< non-empty when the text is malformed: "malformed CSV after row N: ..."
};

inline CsvRows parse_csv_rows(std::string_view body, char delimiter = ',') {
  struct Collector {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> current;
    static void on_field(void* s, std::size_t len, void* data) {
      auto* c = static_cast<Collector*>(data);
      c->current.emplace_back(s ? static_cast<const char*>(s) : "", s ? len : 0);
    }
    static void on_row(int, void* data) {
      auto* c = static_cast<Collector*>(data);
      c->rows.push_back(std::move(c->current));
      c->current.clear();
    }
  };
  csv_parser parser{};
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) throw std::bad_alloc();
  csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
  Collector col;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  std::size_t parsed = csv_parse(&parser, body.data(), body.size(), Collector::on_field, Collector::on_row, &col);
  bool bad = parsed != body.size() || csv_fini(&parser, Collector::on_field, Collector::on_row, &col) != 0;
  CsvRows out;
  if (bad) out.error = "malformed CSV after row " + std::to_string(col.rows.size()) + ": " + csv_strerror(csv_error(&parser));
  csv_free(&parser);
  if (bad) return out;
  std::erase_if(col.rows, [](const auto& r) {
    return r.size() == 1 && r[0].find_first_not_of(" \t\r") == std::string::npos;
  });
  out.rows = std::move(col.rows);
  return out;
}

/// One CSV cell, quoted when it holds a comma, a quote or a line break.
inline std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace tieuchi::detail
