// The planner's orchestration: validate, build the items, place the pins, search (greedy orders,
// then the MILP solver within the time limit), diagnose what is missed, place late what still fits,
// and assemble the Plan. The method is described in planner_detail.hpp and docs/planning.md.
#include "tieuchi/plan/planner.hpp"

#include <algorithm>
#include <cmath>

#include "plan/planner_detail.hpp"

namespace tieuchi::plan {

std::string_view to_string(BudgetScope s) noexcept {
  switch (s) {
    case BudgetScope::province: return "province";
    case BudgetScope::district: return "district";
    case BudgetScope::agency: return "agency";
  }
  return "?";
}

std::string_view to_string(Policy p) noexcept {
  switch (p) {
    case Policy::protect_recognized: return "protect_recognized";
    case Policy::cheapest_first: return "cheapest_first";
    case Policy::most_units: return "most_units";
    case Policy::weighted: return "weighted";
  }
  return "?";
}

std::string_view to_string(Reason::Kind k) noexcept {
  switch (k) {
    case Reason::Kind::lower_unknown: return "lower_unknown";
    case Reason::Kind::lower_missed: return "lower_missed";
    case Reason::Kind::unknown: return "unknown";
    case Reason::Kind::known_planned: return "known_planned";
    case Reason::Kind::known_not_planned: return "known_not_planned";
    case Reason::Kind::unremediable: return "unremediable";
    case Reason::Kind::no_cost: return "no_cost";
    case Reason::Kind::prerequisite_unplanned: return "prerequisite_unplanned";
    case Reason::Kind::chain_too_long: return "chain_too_long";
    case Reason::Kind::budget_exhausted: return "budget_exhausted";
    case Reason::Kind::budget_short: return "budget_short";
  }
  return "?";
}

std::string_view to_string(Method m) noexcept {
  switch (m) {
    case Method::automatic: return "auto";
    case Method::exact: return "exact";
    case Method::greedy: return "greedy";
  }
  return "?";
}

std::string_view to_string(Outcome::Kind k) noexcept {
  switch (k) {
    case Outcome::Kind::already_met: return "already_met";
    case Outcome::Kind::on_time: return "on_time";
    case Outcome::Kind::late: return "late";
    case Outcome::Kind::missed: return "missed";
    case Outcome::Kind::cannot_tell: return "cannot_tell";
  }
  return "?";
}

namespace detail {

Plan Planner::run() {
  validate();
  collect_indicators();
  build_items();
  upper_of_.assign(items_.size(), std::nullopt);
  for (std::size_t i = 0; i < items_.size(); ++i)
    if (items_[i].lower) upper_of_[*items_[i].lower] = i;
  State base = initial_state();
  place_pins(base);

  // Every candidate order, with tasks placed as early as possible, then as late as possible (which
  // leaves the early years to others); the best plan wins.
  const auto candidates_orders = orders();
  State best;
  double best_value = -1, best_cost = 0;
  for (bool latest : {false, true})
    for (const auto& ord : candidates_orders) {
      State s = base;
      s.latest = latest;
      greedy(s, ord);
      improve(s, ord);
      auto [value, cost] = score(s);
      if (value > best_value + kEps || (std::abs(value - best_value) <= kEps && cost < best_cost - kEps)) {
        best = std::move(s);
        best_value = value;
        best_cost = cost;
      }
    }
  best.latest = false;
  // The exact method: the MILP solver proves the greedy plan optimal or finds a better one, within
  // the time limit; otherwise the bound is the budget relaxation's.
  method_ = "greedy";
  const Milp model = milp_model(base);  // built once: the relaxation's and the solver's
  const double relaxed = relaxation_bound(base, model);
  // Method::automatic leaves a model above exact_variables to the relaxation: its LP alone
  // takes minutes (10,000 communes: over 60 s in Clp's dual simplex and in its barrier).
  const bool small = static_cast<std::size_t>(model.columns) <= o_.limits.exact_variables;
  if (o_.method == Method::exact || (o_.method == Method::automatic && small)) {
    MilpOutcome r = milp(base, model, best, o_.time_limit, o_.method == Method::exact);
    bool better = false;
    if (r.found) {
      auto [value, cost] = score(r.state);
      if (value > best_value + kEps || (std::abs(value - best_value) <= kEps && cost < best_cost - kEps)) {
        better = value > best_value + kEps;
        best = std::move(r.state);
        best_value = value;
        best_cost = cost;
      }
    }
    optimal_ = r.proven || std::min(r.bound, relaxed) <= best_value + kEps;
    bound_ = r.proven ? best_value : std::max(best_value, std::min(r.bound, relaxed));
    method_ = r.proven ? "exact" : better ? "exact, time limit" : r.found ? "greedy, time limit" : "greedy";
  } else {
    bound_ = std::max(best_value, relaxed);
    optimal_ = bound_ <= best_value + kEps;
  }

  // Extra budgets for what is missed on time, then late placement within the horizon.
  State on_time = best;
  std::vector<std::vector<Budget>> extra(items_.size());
  for (std::size_t i = 0; i < items_.size(); ++i)
    if (schedulable(items_[i]) && !on_time.funded[i]) extra[i] = extra_budget(on_time, i);
  std::vector<char> late(items_.size(), 0);
  for (std::size_t i : candidates_orders.front()) {
    if (!schedulable(items_[i]) || best.funded[i]) continue;
    if (items_[i].lower && !best.funded[*items_[i].lower]) continue;
    if (place_item(best, i, last_, false)) late[i] = 1;
  }
  // Items with unknowns: their known tasks, with what budget is left.
  for (std::size_t i : candidates_orders.front()) {
    if (!items_[i].unknown.nodes.empty() && !items_[i].needs.empty() && items_[i].no_cost.empty() && !best.funded[i])
      place_item(best, i, last_, false);
  }
  return result(best, on_time, late, extra);
}

// ---- Result ---------------------------------------------------------------------------------
Plan Planner::result(const State& s, State& on_time, const std::vector<char>& late,
            const std::vector<std::vector<Budget>>& extra) const {
  Plan p;
  p.first_year = first_;
  p.last_year = last_;
  p.policy = o_.policy;
  p.method = method_;
  p.bound = bound_;
  p.optimal = optimal_;
  for (const auto& ind : a_.rules().pack().indicators)
    if (ind.remediation && !ind.remediation->cost_unit.empty()) {
      p.cost_unit = ind.remediation->cost_unit;
      break;
    }
  for (const auto& x : s.placed) {
    std::size_t unit = x.unit;
    p.tasks.push_back({unit, infos_[x.ind].id, infos_[x.ind].criterion, x.start, x.end, x.cost, x.agency, x.pinned});
    p.total_cost += x.cost;
  }
  std::stable_sort(p.tasks.begin(), p.tasks.end(), [&](const Task& x, const Task& y) {
    return std::tie(x.start_year, x.unit, x.indicator) < std::tie(y.start_year, y.unit, y.indicator);
  });
  // Budgets: planned per scope and year, with the limits.
  std::map<Key, BudgetUse> use;
  for (const auto& [k, amount] : limits_) use[k] = {k.year, k.scope, k.name, 0.0, amount};
  for (const auto& t : p.tasks) {
    double per_year = t.cost / (t.end_year - t.start_year + 1);
    for (int y = t.start_year; y <= t.end_year; ++y)
      for (const Key& k : {Key{BudgetScope::province, {}, y}, Key{BudgetScope::district, district_of(t.unit), y},
                           Key{BudgetScope::agency, t.agency, y}}) {
        auto& b = use[k];
        b.year = k.year;
        b.scope = k.scope;
        b.name = k.name;
        b.planned += per_year;
      }
  }
  for (auto& [_, b] : use) p.budgets.push_back(b);
  // Outcomes (a unit's lower level comes before its upper ones).
  std::vector<std::size_t> outcome_of(items_.size());
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const Item& it = items_[i];
    outcome_of[i] = p.outcomes.size();
    Outcome o;
    o.unit = it.unit;
    o.level = o_.targets[it.target].level;
    o.deadline = it.deadline;
    o.value = it.value;
    o.cost = it.cost;
    if (it.already_met) {
      o.kind = Outcome::Kind::already_met;
      p.outcomes.push_back(std::move(o));
      continue;
    }
    auto reached = [&]() -> std::optional<int> {
      int year = first_ - 1;
      for (std::optional<std::size_t> j = i; j; j = items_[*j].lower)
        for (const auto& nd : items_[*j].needs) {
          auto f = s.done[it.unit].find(nd.ind);
          if (f == s.done[it.unit].end()) return std::nullopt;
          year = std::max(year, f->second);
        }
      return year;
    };
    const Outcome* lower = it.lower ? &p.outcomes[outcome_of[*it.lower]] : nullptr;
    if (lower && (lower->kind == Outcome::Kind::cannot_tell || lower->kind == Outcome::Kind::missed) && !s.funded[i]) {
      o.kind = lower->kind;
      Reason why;
      why.kind = lower->kind == Outcome::Kind::cannot_tell ? Reason::Kind::lower_unknown : Reason::Kind::lower_missed;
      why.level = lower->level;
      o.reasons.push_back(std::move(why));
      if (!it.unknown.nodes.empty()) o.reasons.push_back(it.unknown);
    } else if (!it.unknown.nodes.empty()) {
      o.kind = Outcome::Kind::cannot_tell;
      o.reasons.push_back(it.unknown);
      if (!it.needs.empty())
        o.reasons.push_back({s.funded[i] ? Reason::Kind::known_planned : Reason::Kind::known_not_planned, {}, {}, {}, 0, 0, {}});
    } else if (!it.unremediable.empty()) {
      o.kind = Outcome::Kind::missed;
      o.reasons.push_back({Reason::Kind::unremediable, it.unremediable, {}, {}, 0, 0, {}});
    } else if (!it.no_cost.empty()) {
      o.kind = Outcome::Kind::missed;
      o.reasons.push_back({Reason::Kind::no_cost, it.no_cost, {}, {}, 0, 0, {}});
    } else if (on_time.funded[i]) {
      o.kind = Outcome::Kind::on_time;
    } else {
      o.kind = late[i] ? Outcome::Kind::late : Outcome::Kind::missed;
      o.reasons = why_missed(on_time, i);
      o.extra_budget = extra[i];
    }
    if (o.kind == Outcome::Kind::on_time || o.kind == Outcome::Kind::late || o.kind == Outcome::Kind::cannot_tell)
      o.reached_year = o.kind == Outcome::Kind::cannot_tell ? std::nullopt : reached();
    if (o.kind == Outcome::Kind::on_time) p.objective += it.value;
    p.outcomes.push_back(std::move(o));
  }
  p.gap = p.bound > kEps ? std::max(0.0, (p.bound - p.objective) / p.bound) : 0.0;
  if (p.optimal) p.gap = 0;
  return p;
}

}  // namespace detail

Plan plan(const assess::Assessment& a, const PlanOptions& options) { return detail::Planner(a, options).run(); }

}  // namespace tieuchi::plan
