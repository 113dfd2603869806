// The long CSV and the wide planning table of an assessment.

#include <fmt/format.h>

#include <cmath>
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
  // Cells are appended to one buffer (Column::append_cell; no string per cell: a million-row
  // planning table has tens of millions of cells) and quoted only when they need it.
  std::string buf, cell;
  const std::size_t rows = t.rows();
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (c) buf += ',';
      cell.clear();
      t.columns[c].append_cell(cell, r);
      if (cell.find_first_of(",\"\r\n") == std::string::npos) buf += cell;
      else buf += csv_cell(cell);
    }
    buf += '\n';
    if (buf.size() > (1 << 16)) {
      out << buf;
      buf.clear();
    }
  }
  out << buf;
}

void write_wide_csv(std::ostream& out, const Assessment& a, const Summary& s) {
  write_table_csv(out, assess::planning_table(a, s));
}

}  // namespace tieuchi::io
