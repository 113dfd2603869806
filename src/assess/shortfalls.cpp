// Shortfalls: per unit and criterion not met, the indicators not met with their gaps.

#include "tieuchi/assess/shortfalls.hpp"

#include <fmt/format.h>

#include <cmath>

namespace tieuchi::assess {

std::vector<Shortfall> shortfalls(const Assessment& a) {
  std::vector<Shortfall> out;
  const auto criteria = a.base_criteria();
  struct Column {
    std::size_t pos;
    std::span<const Status> status;
    std::vector<std::size_t> members;
  };
  std::vector<Column> cols;
  for (auto c : criteria) {
    auto m = a.rules().members(c);
    cols.push_back({c, a.status(c), std::vector<std::size_t>(m.begin(), m.end())});
  }
  for (std::size_t u = 0; u < a.size(); ++u) {
    for (const auto& c : cols) {
      if (c.status[u] != Status::unmet) continue;
      Shortfall s{u, c.pos, {}, {}};
      for (auto i : c.members) {
        Status st = a.status(i)[u];
        if (st == Status::unmet) {
          auto g = a.gap(i);
          s.unmet.push_back({i, g.empty() ? std::nan("") : g[u]});
        } else if (st == Status::unknown) {
          s.unknown.push_back(i);
        }
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::string Shortfall::unmet_text(const Assessment& a) const {
  std::string out;
  for (const auto& g : unmet) {
    if (!out.empty()) out += "; ";
    out += a.nodes()[g.indicator].id;
    if (!std::isnan(g.gap)) out += fmt::format(" ({:.4g})", g.gap);
  }
  return out;
}

std::string Shortfall::unknown_text(const Assessment& a) const {
  std::string out;
  for (auto i : unknown) {
    if (!out.empty()) out += "; ";
    out += a.nodes()[i].id;
  }
  return out;
}

}  // namespace tieuchi::assess
