// Why a target is missed on time (the prerequisite chain, the budgets that are short) and the
// extra budget that would let it be met.
#include <algorithm>
#include <cmath>
#include <limits>

#include "plan/planner_detail.hpp"

namespace tieuchi::plan::detail {

/// What each limited budget lacks for item `i` to be placed on time (earliest start, budgets
/// ignored), given the plan `s`. Empty when no plan on time exists (the chain is too long).
std::vector<Budget> Planner::extra_budget(State& s, std::size_t i) const {
  std::size_t mark = s.placed.size();
  if (!place_item(s, i, items_[i].deadline, true)) return {};
  std::map<std::pair<int, int>, double> need;  // (budget id, year) -> amount
  for (std::size_t k = mark; k < s.placed.size(); ++k) {
    const Placed& p = s.placed[k];
    double per_year = p.cost / (p.end - p.start + 1);
    for (int y = p.start; y <= p.end; ++y)
      for (int id : budgets_of(p.unit, p.agency_budget))
        if (id >= 0 && std::isfinite(left_of(s, id, y))) need[{id, y}] += per_year;
  }
  withdraw(s, mark, true);
  s.funded[i] = 0;
  std::vector<Budget> out;
  for (const auto& [key, amount] : need) {
    double lack = amount - std::max(0.0, left_of(s, key.first, key.second));
    const auto& [scope, name] = budget_scopes_[static_cast<std::size_t>(key.first)];
    if (lack > kEps * std::max(1.0, amount)) out.push_back({key.second, scope, name, lack});
  }
  return out;
}

std::vector<Reason> Planner::why_missed(State& trial, std::size_t i) const {
  const Item& it = items_[i];
  std::vector<Reason> out;
  auto reason = [](Reason::Kind kind) {
    Reason r;
    r.kind = kind;
    return r;
  };
  // Longest prerequisite chain, ignoring budgets.
  const std::size_t mark = trial.placed.size();
  struct Restore {
    Restore(const Planner& p, State& st, std::size_t m, std::size_t it) : self(p), s(st), mark(m), item(it) {}
    Restore(const Restore&) = delete;
    Restore& operator=(const Restore&) = delete;
    const Planner& self;
    State& s;
    std::size_t mark, item;
    ~Restore() {
      self.withdraw(s, mark, true);
      s.funded[item] = 0;
    }
  };
  if (!place_item(trial, i, std::numeric_limits<int>::max() / 2, true)) {
    out.push_back(reason(Reason::Kind::prerequisite_unplanned));
    return out;
  }
  int end = first_ - 1;
  std::size_t last_task = 0;
  std::optional<Restore> restore;
  restore.emplace(*this, trial, mark, i);  // in place: a temporary would withdraw at once
  for (std::size_t k = mark; k < trial.placed.size(); ++k)
    if (trial.placed[k].end > end) {
      end = trial.placed[k].end;
      last_task = trial.placed[k].ind;
    }
  if (end > it.deadline) {
    std::vector<std::string> chain{infos_[last_task].id};
    std::size_t k = last_task;
    for (bool more = true; more;) {
      more = false;
      for (auto p : infos_[k].prereqs) {
        auto pk = info_of_.at(p);
        if (it.unit < trial.done.size() && trial.done[it.unit].count(pk) &&
            trial.done[it.unit].at(pk) + 1 == trial.done[it.unit].at(k) - infos_[k].years + 1) {
          chain.insert(chain.begin(), infos_[pk].id);
          k = pk;
          more = true;
          break;
        }
      }
    }
    Reason r = reason(Reason::Kind::chain_too_long);
    r.nodes = std::move(chain);
    r.year = end;
    r.deadline = it.deadline;
    out.push_back(std::move(r));
    return out;
  }
  restore.reset();
  auto lack = extra_budget(trial, i);
  if (lack.empty()) {
    out.push_back(reason(Reason::Kind::budget_exhausted));
  } else {
    for (const auto& b : lack) {
      Reason r = reason(Reason::Kind::budget_short);
      r.budget = b;
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace tieuchi::plan::detail
