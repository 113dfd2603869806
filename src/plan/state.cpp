// The budget state: what is left per budget and year, tasks placed (earliest or latest fit,
// prerequisites first), withdrawn, pinned, and the score of a state.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "plan/planner_detail.hpp"

namespace tieuchi::plan::detail {

State Planner::initial_state() const {
  State s;
  const std::size_t years = static_cast<std::size_t>(last_ - first_ + 1);
  s.left.assign(budget_scopes_.size() * years, std::numeric_limits<double>::infinity());
  for (const auto& [k, amount] : limits_)
    s.left[static_cast<std::size_t>(budget_id(k.scope, k.name)) * years + static_cast<std::size_t>(k.year - first_)] = amount;
  s.done.resize(a_.size());
  s.funded.assign(items_.size(), 0);
  return s;
}

double Planner::share(const Need& nd) const { return nd.cost / nd.years; }

/// The budgets (ids) a task of `unit` carried out by agency budget `agency` draws on.
std::array<int, 3> Planner::budgets_of(std::size_t unit, int agency) const {
  return {province_budget_, unit < district_budget_.size() ? district_budget_[unit] : -1, agency};
}

double& Planner::left_of(State& s, int id, int year) const {
  return s.left[static_cast<std::size_t>(id) * static_cast<std::size_t>(last_ - first_ + 1) +
                static_cast<std::size_t>(year - first_)];
}
double Planner::left_of(const State& s, int id, int year) const { return left_of(const_cast<State&>(s), id, year); }

/// Whether `amount` per year fits every limited budget a task draws on, years y0..y1.
bool Planner::fits(const State& s, std::size_t unit, int agency, int y0, int y1, double amount) const {
  if (amount <= 0) return true;
  const auto ids = budgets_of(unit, agency);
  for (int y = y0; y <= y1; ++y)
    for (int id : ids)
      if (id >= 0 && left_of(s, id, y) < amount - kEps * std::max(1.0, amount)) return false;
  return true;
}

void Planner::spend(State& s, std::size_t unit, int agency, int y0, int y1, double amount) const {
  const auto ids = budgets_of(unit, agency);
  for (int y = y0; y <= y1; ++y)
    for (int id : ids)
      if (id >= 0) left_of(s, id, y) -= amount;
}

/// The id of the budget (scope, name); -1 when no limit was given for it in any year.
int Planner::budget_id(BudgetScope scope, const std::string& name) const {
  auto it = budget_index_.find({scope, scope == BudgetScope::province ? std::string() : name});
  return it == budget_index_.end() ? -1 : it->second;
}

/// The earliest start of indicator `k` for `unit` given what is done; nullopt when a prerequisite
/// is neither met nor placed.
std::optional<int> Planner::earliest(const State& s, std::size_t unit, std::size_t k) const {
  int start = first_;
  for (auto p : infos_[k].prereqs) {
    Status ps = a_.status(p)[unit];
    if (ps == Status::met || ps == Status::not_applicable) continue;
    auto it = s.done[unit].find(info_of_.at(p));
    if (it == s.done[unit].end()) return std::nullopt;
    start = std::max(start, it->second + 1);
  }
  return start;
}

/// Places every task of item `i` (earliest fit) ending by `deadline`; withdraws them all if one
/// does not fit. With `free`, budgets are ignored (for the extra-budget estimate).
bool Planner::place_item(State& s, std::size_t i, int deadline, bool free) const {
  const Item& it = items_[i];
  std::size_t mark = s.placed.size();
  const bool latest = s.latest && !free;
  // Years the item's later tasks need after each task (latest placement only).
  std::vector<int> tail(it.needs.size(), 0);
  if (latest)
    for (std::size_t n = it.needs.size(); n-- > 0;)
      for (std::size_t m = n + 1; m < it.needs.size(); ++m) {
        const auto& pre = infos_[it.needs[m].ind].prereqs;
        if (std::find(pre.begin(), pre.end(), infos_[it.needs[n].ind].pos) != pre.end())
          tail[n] = std::max(tail[n], it.needs[m].years + tail[m]);
      }
  bool ok = true;
  for (std::size_t n = 0; n < it.needs.size(); ++n) {
    const auto& nd = it.needs[n];
    if (s.done[it.unit].count(nd.ind)) continue;  // pinned
    auto est = earliest(s, it.unit, nd.ind);
    if (!est) { ok = false; break; }
    int placed_at = 0;
    const int last_start = deadline - nd.years + 1 - tail[n];
    if (latest) {
      for (int y = last_start; y >= *est; --y)
        if (fits(s, it.unit, nd.agency_budget, y, y + nd.years - 1, share(nd))) {
          placed_at = y;
          break;
        }
    } else {
      for (int y = *est; y <= deadline - nd.years + 1; ++y)
        if (free || fits(s, it.unit, nd.agency_budget, y, y + nd.years - 1, share(nd))) {
          placed_at = y;
          break;
        }
    }
    if (!placed_at) { ok = false; break; }
    if (!free) spend(s, it.unit, nd.agency_budget, placed_at, placed_at + nd.years - 1, share(nd));
    s.placed.push_back({i, it.unit, nd.ind, placed_at, placed_at + nd.years - 1, nd.cost, nd.agency, false, nd.agency_budget});
    s.done[it.unit][nd.ind] = placed_at + nd.years - 1;
  }
  if (!ok) {
    withdraw(s, mark, free);
    return false;
  }
  s.funded[i] = 1;
  return true;
}

void Planner::withdraw(State& s, std::size_t mark, bool free) const {
  while (s.placed.size() > mark) {
    const Placed& p = s.placed.back();
    if (!free) spend(s, p.unit, p.agency_budget, p.start, p.end, -p.cost / (p.end - p.start + 1));
    s.done[p.unit].erase(p.ind);
    s.placed.pop_back();
  }
}

/// Withdraws item `i`'s tasks; returns them.
std::vector<Placed> Planner::remove_item(State& s, std::size_t i) const {
  std::vector<Placed> removed;
  std::erase_if(s.placed, [&](const Placed& p) {
    if (p.item != i) return false;
    removed.push_back(p);
    return true;
  });
  for (const auto& p : removed) {
    spend(s, p.unit, p.agency_budget, p.start, p.end, -p.cost / (p.end - p.start + 1));
    s.done[p.unit].erase(p.ind);
  }
  s.funded[i] = 0;
  return removed;
}

void Planner::place_pins(State& s) {
  for (const auto& pin : o_.pins) {
    std::size_t u = *unit_row(pin.unit);
    std::size_t k = info_of_.at(*a_.position(pin.indicator));
    Status st = a_.status(infos_[k].pos)[u];
    if (st != Status::unmet)
      fail("E606", fmt::format("pin {} {}: the indicator is {} for this unit, there is nothing to do",
                                           pin.unit, pin.indicator, tieuchi::to_string(st)));
    if (s.done[u].count(k)) fail("E606", fmt::format("pin {} {} given twice", pin.unit, pin.indicator));
    auto est = earliest(s, u, k);
    if (!est || *est > pin.year)
      fail("E606", fmt::format("pin {} {} in {}: its prerequisites ({}) are not met or pinned to end "
                                           "before {}", pin.unit, pin.indicator, pin.year,
                                           fmt::join(prereq_ids(k), ", "), pin.year));
    double years = 1;
    std::string agency;
    double c = cost_of(k, u, &years, &agency);
    if (std::isnan(c))
      fail("E606", fmt::format("pin {} {}: no cost for this indicator (add a remediation cost to the "
                                           "pack or a row to the cost table)", pin.unit, pin.indicator));
    int y1 = pin.year + static_cast<int>(years) - 1;
    if (y1 > last_)
      fail("E606", fmt::format("pin {} {} in {}: it takes {} years and would end after the horizon ({})",
                                           pin.unit, pin.indicator, pin.year, years, last_));
    int agency_budget = budget_id(BudgetScope::agency, agency);
    if (!fits(s, u, agency_budget, pin.year, y1, c / years))
      fail("E606", fmt::format("pin {} {} in {}: its cost {:.6g} exceeds what the budgets of {}-{} have "
                                           "left", pin.unit, pin.indicator, pin.year, c, pin.year, y1));
    spend(s, u, agency_budget, pin.year, y1, c / years);
    s.placed.push_back({SIZE_MAX, u, k, pin.year, y1, c, agency, true, agency_budget});
    s.done[u][k] = y1;
  }
}

std::vector<std::string> Planner::prereq_ids(std::size_t k) const {
  std::vector<std::string> out;
  for (auto p : infos_[k].prereqs) out.push_back(a_.nodes()[p].id);
  return out;
}

void Planner::restore(State& s, const std::vector<Placed>& saved, std::size_t item) const {
  for (const auto& p : saved) {
    spend(s, p.unit, p.agency_budget, p.start, p.end, p.cost / (p.end - p.start + 1));
    s.done[p.unit][p.ind] = p.end;
    s.placed.push_back(p);
  }
  s.funded[item] = 1;
}

std::pair<double, double> Planner::score(const State& s) const {
  double value = 0, cost = 0;
  for (std::size_t i = 0; i < items_.size(); ++i)
    if (s.funded[i]) value += items_[i].value;
  for (const auto& p : s.placed) cost += p.cost;
  return {value, cost};
}

}  // namespace tieuchi::plan::detail
