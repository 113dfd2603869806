// Progress of the same units between two assessments (matched by unit id), and its text.

#include <fmt/format.h>

#include <map>
#include <set>

#include "text/format.hpp"
#include "tieuchi/assess/report.hpp"

namespace tieuchi::assess {

using graph::NodeKind;
using text::tr;

Progress compare(const Assessment& before, const Assessment& after) {
  Progress p;
  p.year_before = before.year();
  p.year_after = after.year();
  std::map<std::string, std::size_t> index;
  for (std::size_t u = 0; u < before.size(); ++u) index[before.units().ids[u]] = u;
  std::set<std::string> seen;
  for (std::size_t u = 0; u < after.size(); ++u) {
    const std::string& id = after.units().ids[u];
    seen.insert(id);
    auto it = index.find(id);
    if (it == index.end()) {
      p.units_only_after.push_back(id);
      continue;
    }
    for (std::size_t n = 0; n < after.nodes().size(); ++n) {
      const auto& info = after.nodes()[n];
      if (info.kind != NodeKind::criterion && info.kind != NodeKind::level) continue;
      if (info.kind == NodeKind::level && !after.rules().pack().levels[info.index].revokes.empty()) continue;
      auto bp = before.position(info.id);
      if (!bp) continue;
      Status sb = before.status(*bp)[it->second], sa = after.status(n)[u];
      if (sb != Status::met && sa == Status::met) p.gained.push_back({id, info.id, sb, sa});
      if (sb == Status::met && sa != Status::met) p.lost.push_back({id, info.id, sb, sa});
    }
  }
  for (const auto& [id, _] : index)
    if (!seen.count(id)) p.units_only_before.push_back(id);
  return p;
}

std::string Progress::format(Lang lang) const {
  std::string out = tr("progress.heading", lang, year_before, year_after, gained.size(), lost.size()) + "\n";
  auto list = [&](const std::string& title, const std::vector<Change>& v) {
    if (v.empty()) return;
    std::map<std::string, std::vector<std::string>> by_unit;
    for (const auto& c : v) by_unit[c.unit_id].push_back(c.node);
    out += fmt::format("{}\n", title);
    for (const auto& [u, nodes] : by_unit) out += fmt::format("  {}: {}\n", u, fmt::join(nodes, " "));
  };
  list(tr("progress.lost", lang), lost);
  list(tr("progress.gained", lang), gained);
  if (!units_only_before.empty())
    out += fmt::format("{}: {}\n", tr("progress.only_before", lang), fmt::join(units_only_before, " "));
  if (!units_only_after.empty())
    out += fmt::format("{}: {}\n", tr("progress.only_after", lang), fmt::join(units_only_after, " "));
  return out;
}

}  // namespace tieuchi::assess
