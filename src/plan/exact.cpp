// The exact method: branch and bound over items and start years, for small instances.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "plan/planner_detail.hpp"

namespace tieuchi::plan::detail {

namespace {

/// 2000000 -> "2,000,000".
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

}  // namespace

/// Branch and bound over items (fund or not) and, for a funded item, every start year of each
/// task; exact for the model. Stops after a node budget (the greedy plan then stands).
void Planner::exact(const State& base, State& best, double& best_value, double& best_cost) {
  std::vector<std::size_t> cand;
  for (std::size_t i = 0; i < items_.size(); ++i)
    if (schedulable(items_[i])) cand.push_back(i);
  // Lower items before upper ones, then by value.
  std::stable_sort(cand.begin(), cand.end(), [&](auto x, auto y) {
    if (items_[x].depth != items_[y].depth) return items_[x].depth < items_[y].depth;
    return items_[x].value > items_[y].value;
  });
  std::vector<double> rest(cand.size() + 1, 0.0);
  for (std::size_t k = cand.size(); k-- > 0;) rest[k] = rest[k + 1] + items_[cand[k]].value;
  exact_nodes_ = 0;
  const std::size_t node_limit = o_.limits.exact_nodes;
  bool complete = true;
  State s = base;
  std::function<void(std::size_t, double)> dfs = [&](std::size_t k, double value) {
    if (++exact_nodes_ > node_limit) {
      complete = false;
      return;
    }
    auto [_, cost] = score(s);
    if (k == cand.size()) {
      if (value > best_value + kEps || (std::abs(value - best_value) <= kEps && cost < best_cost - kEps)) {
        best = s;
        best_value = value;
        best_cost = cost;
      }
      return;
    }
    if (value + rest[k] < best_value - kEps) return;
    if (value + rest[k] <= best_value + kEps && rest[k] > 0 && cost >= best_cost) return;
    std::size_t i = cand[k];
    const Item& it = items_[i];
    bool lower_ok = !it.lower || s.funded[*it.lower] || items_[*it.lower].already_met;
    if (lower_ok) {
      // Every placement of its tasks, task by task.
      std::function<void(std::size_t)> assign = [&](std::size_t t) {
        if (!complete) return;
        if (t == it.needs.size()) {
          s.funded[i] = 1;
          dfs(k + 1, value + it.value);
          s.funded[i] = 0;
          return;
        }
        const Need& nd = it.needs[t];
        if (s.done[it.unit].count(nd.ind)) {
          assign(t + 1);
          return;
        }
        auto est = earliest(s, it.unit, nd.ind);
        if (!est) return;
        for (int y = *est; y + nd.years - 1 <= it.deadline; ++y) {
          if (!fits(s, it.unit, nd.agency_budget, y, y + nd.years - 1, share(nd))) continue;
          spend(s, it.unit, nd.agency_budget, y, y + nd.years - 1, share(nd));
          s.placed.push_back({i, it.unit, nd.ind, y, y + nd.years - 1, nd.cost, nd.agency, false, nd.agency_budget});
          s.done[it.unit][nd.ind] = y + nd.years - 1;
          assign(t + 1);
          s.done[it.unit].erase(nd.ind);
          s.placed.pop_back();
          spend(s, it.unit, nd.agency_budget, y, y + nd.years - 1, -share(nd));
        }
      };
      assign(0);
    }
    dfs(k + 1, value);
  };
  dfs(0, 0.0);
  if (complete) method_ = "exact";
  else method_ = fmt::format("greedy (exact search stopped after {} nodes)", grouped(node_limit));
}

}  // namespace tieuchi::plan::detail
