// The long CSV and the wide planning table of an assessment.

#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <vector>
#include <map>
#include <ostream>

#include "support/csv_table.hpp"
#include "tieuchi/assess/tables.hpp"
#include "tieuchi/io/report_writers.hpp"

namespace tieuchi::io {

using assess::Assessment;
using assess::Summary;
using graph::NodeKind;
using support::csv_cell;

namespace {

std::string number(double x) {
  if (std::isnan(x)) return "";
  return fmt::format("{:.10g}", x);
}

}  // namespace

void write_long_csv(std::ostream& out, const Assessment& a) {
  out << "unit,node,kind,status,value,threshold,gap\n";
  const auto& ids = a.units().ids;
  for (std::size_t u = 0; u < a.size(); ++u) {
    for (std::size_t n = 0; n < a.nodes().size(); ++n) {
      const auto& info = a.nodes()[n];
      if (info.kind == NodeKind::key) continue;
      bool ind = info.kind == NodeKind::indicator;
      out << csv_cell(ids[u]) << ',' << csv_cell(info.id) << ',' << graph::to_string(info.kind) << ','
          << to_string(a.status(n)[u]) << ',' << (a.value(n).empty() ? "" : number(a.value(n)[u])) << ','
          << (ind ? number(a.threshold(n, u)) : "") << ',' << (ind && !a.gap(n).empty() ? number(a.gap(n)[u]) : "")
          << '\n';
    }
  }
}

void write_table_csv(std::ostream& out, const Table& t) {
  t.check();
  for (std::size_t c = 0; c < t.columns.size(); ++c) out << (c ? "," : "") << csv_cell(t.columns[c].name);
  out << '\n';
  // Cells are written straight to a buffer (no string per cell: a million-row planning table has
  // tens of millions of cells); category labels and booleans are quoted once per column.
  std::vector<std::vector<std::string>> labels(t.columns.size());
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const Column& col = t.columns[c];
    if (col.type == Column::Type::category)
      for (const auto& l : col.labels) labels[c].push_back(csv_cell(l));
    if (col.type == Column::Type::boolean) labels[c] = {csv_cell(col.false_text), csv_cell(col.true_text)};
  }
  fmt::memory_buffer buf;
  auto flush = [&] {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  };
  const std::size_t rows = t.rows();
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (c) buf.push_back(',');
      const Column& col = t.columns[c];
      if (col.is_missing(r)) continue;
      switch (col.type) {
        case Column::Type::text: {
          const std::string& v = col.text[r];
          if (v.find_first_of(",\"\r\n") == std::string::npos) buf.append(v.data(), v.data() + v.size());
          else {
            auto q = csv_cell(v);
            buf.append(q.data(), q.data() + q.size());
          }
          break;
        }
        case Column::Type::integer:
          if (col.of >= 0) fmt::format_to(std::back_inserter(buf), "{}/{}", col.integers[r], col.of);
          else fmt::format_to(std::back_inserter(buf), "{}", col.integers[r]);
          break;
        case Column::Type::number:
          if (col.digits) fmt::format_to(std::back_inserter(buf), "{:.{}g}", col.numbers[r], col.digits);
          else fmt::format_to(std::back_inserter(buf), "{}", col.numbers[r]);
          break;
        case Column::Type::category: {
          const auto& l = labels[c][static_cast<std::size_t>(col.codes[r])];
          buf.append(l.data(), l.data() + l.size());
          break;
        }
        case Column::Type::boolean: {
          const auto& l = labels[c][col.flags[r] ? 1 : 0];
          buf.append(l.data(), l.data() + l.size());
          break;
        }
      }
    }
    buf.push_back('\n');
    if (buf.size() > (1 << 16)) flush();
  }
  flush();
}

void write_wide_csv(std::ostream& out, const Assessment& a, const Summary& s) {
  write_table_csv(out, assess::planning_table(a, s));
}

}  // namespace tieuchi::io
