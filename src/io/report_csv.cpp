// The long CSV and the wide planning table of an assessment.

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <ostream>

#include "support/csv_table.hpp"
#include "tieuchi/io/report_writers.hpp"

namespace tieuchi::io {

using assess::Assessment;
using assess::Review;
using assess::Summary;
using graph::NodeKind;
using support::csv_cell;

namespace {

/// The planning-table mark: Đ (đạt), CĐ (chưa đạt), ? (unknown), KAD (không áp dụng).
std::string_view mark(Status s) {
  switch (s) {
    case Status::met: return "Đ";
    case Status::unmet: return "CĐ";
    case Status::unknown: return "?";
    case Status::not_applicable: return "KAD";
  }
  return "?";
}

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

void write_wide_csv(std::ostream& out, const Assessment& a, const Summary& s) {
  const auto& t = a.units();
  const auto* rec = t.attribute(s.recognized_attribute);
  std::map<std::size_t, const Review*> review;
  for (const auto& r : s.reviews) review[r.unit] = &r;
  out << "id,name,district,recognized";
  for (auto c : s.criteria) out << ',' << csv_cell(a.nodes()[c].id);
  out << ",criteria_met,criteria_unknown,highest_level";
  for (auto l : s.levels) out << ',' << csv_cell(a.nodes()[l].id);
  out << ",review,review_criteria_unmet\n";
  for (std::size_t u = 0; u < a.size(); ++u) {
    out << csv_cell(t.ids[u]) << ',' << csv_cell(u < t.names.size() ? t.names[u] : "") << ','
        << csv_cell(u < t.districts.size() ? t.districts[u] : "") << ',' << csv_cell(rec ? (*rec)[u] : "");
    for (auto c : s.criteria) out << ',' << mark(a.status(c)[u]);
    out << ',' << s.criteria_met[u] << '/' << s.criteria.size() << ',' << s.criteria_unknown[u] << ',';
    if (auto h = a.highest_level(u)) out << a.nodes()[*h].id;
    for (auto l : s.levels) out << ',' << mark(a.status(l)[u]);
    auto it = review.find(u);
    out << ',' << (it == review.end() ? "" : std::string(to_string(it->second->outcome))) << ','
        << (it == review.end() ? "" : csv_cell(fmt::format("{}", fmt::join(it->second->criteria_unmet, " ")))) << '\n';
  }
}

}  // namespace tieuchi::io
