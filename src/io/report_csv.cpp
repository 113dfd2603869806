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
  // Cells are appended to one buffer (Column::append_cell formats them; no string per cell: a
  // million-row planning table has tens of millions of cells). Only text can need quoting: the
  // labels of categories and booleans are quoted once per column, numbers never need it.
  std::vector<std::vector<std::string>> quoted(t.columns.size());
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const Column& col = t.columns[c];
    if (col.type == Column::Type::category)
      for (const auto& l : col.labels) quoted[c].push_back(csv_cell(l));
    else if (col.type == Column::Type::boolean)
      quoted[c] = {csv_cell(col.false_text), csv_cell(col.true_text)};
  }
  std::string buf;
  const std::size_t rows = t.rows();
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (c) buf += ',';
      const Column& col = t.columns[c];
      if (col.is_missing(r)) continue;
      switch (col.type) {
        case Column::Type::text: {
          const std::string& v = col.text[r];
          if (v.find_first_of(",\"\r\n") == std::string::npos) buf += v;
          else buf += csv_cell(v);
          break;
        }
        case Column::Type::category: buf += quoted[c][static_cast<std::size_t>(col.codes[r])]; break;
        case Column::Type::boolean: buf += quoted[c][col.flags[r] ? 1 : 0]; break;
        default: col.append_cell(buf, r);
      }
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
