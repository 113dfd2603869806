// The remediation planner. Items are (unit, target) pairs; an item's tasks are the unmet
// indicators its level needs (with their unmet prerequisites). An item is funded whole or not at
// all: its tasks are placed in topological order of prerequisites, each in the earliest year where
// every budget it draws on has room for its yearly share and it still ends by the deadline; if one
// cannot be placed, the item's tasks are withdrawn. Items are tried in several priority orders and
// the plan of greatest value is kept; small instances are also solved exactly by branch and bound.
// Targets missed on time are then placed late within the horizon where leftover budget allows.
#include "tieuchi/plan/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <set>
#include <unordered_map>

#include "expr/data_errors.hpp"
#include "tieuchi/error.hpp"

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

namespace {

using expr::detail::throw_data_error;
using graph::NodeKind;
constexpr double kEps = 1e-9;

/// What the planner knows of one indicator.
struct IndicatorInfo {
  std::size_t pos;
  std::string id, criterion, agency;
  int years = 1;                      // duration in whole years (at least 1)
  std::vector<std::size_t> prereqs;   // positions
  int topo = 0;                       // rank in prerequisite order
};

/// A task candidate of an item.
struct Need {
  std::size_t ind;     // index into infos
  double cost;         // NaN: no cost model
  std::string agency;
  int years;
  int agency_budget = -1;  // budget id of the agency's limits, -1 if none
};

struct Item {
  std::size_t unit;
  std::size_t target;       // index into options.targets
  int depth;                // of the level: lower levels of a unit come first
  int deadline;
  double value = 1;
  double cost = 0;          // of its own needs
  std::vector<Need> needs;  // in prerequisite order
  std::vector<std::string> unknown;  // indicators or criteria unknown
  std::vector<std::string> no_cost;  // indicators without a cost model
  std::vector<std::string> unremediable;  // level unmet for reasons no task fixes
  bool already_met = false;
  std::optional<std::size_t> lower;  // the item of the same unit for the level below, if any
};

/// A budget key: scope, name, year.
struct Key {
  BudgetScope scope;
  std::string name;
  int year;
  bool operator<(const Key& o) const {
    return std::tie(scope, name, year) < std::tie(o.scope, o.name, o.year);
  }
};

struct Placed {
  std::size_t item;  // SIZE_MAX for a pin
  std::size_t unit;
  std::size_t ind;
  int start, end;
  double cost;
  std::string agency;
  bool pinned;
  int agency_budget = -1;
};

/// Budgets left and the tasks placed so far.
struct State {
  std::vector<double> left;                       // [budget id * years + year - first]; +inf unlimited
  std::vector<Placed> placed;
  std::vector<std::unordered_map<std::size_t, int>> done;  // per unit: indicator -> end year
  std::vector<char> funded;                       // per item
  bool latest = false;  // place each task as late as its successors and deadline allow
};

class Planner {
 public:
  Planner(const assess::Assessment& a, const PlanOptions& o) : a_(a), o_(o), d_(a.rules()) {}

  Plan run() {
    validate();
    collect_indicators();
    build_items();
    upper_of_.assign(items_.size(), std::nullopt);
    for (std::size_t i = 0; i < items_.size(); ++i)
      if (items_[i].lower) upper_of_[*items_[i].lower] = i;
    State base = initial_state();
    place_pins(base);

    // Candidate orders (deterministic); the best plan wins.
    std::vector<std::size_t> order(items_.size());
    std::iota(order.begin(), order.end(), 0);
    auto density = [&](std::size_t i) { return items_[i].value / std::max(items_[i].cost, kEps); };
    std::vector<std::vector<std::size_t>> orders;
    auto sorted = [&](auto less) {
      auto v = order;
      std::stable_sort(v.begin(), v.end(), less);
      return v;
    };
    if (o_.policy == Policy::cheapest_first) {
      orders.push_back(sorted([&](auto x, auto y) { return items_[x].cost < items_[y].cost; }));
    } else {
      orders.push_back(sorted([&](auto x, auto y) {
        if (items_[x].value != items_[y].value) return items_[x].value > items_[y].value;
        return items_[x].cost < items_[y].cost;
      }));
      orders.push_back(sorted([&](auto x, auto y) { return density(x) > density(y); }));
      orders.push_back(sorted([&](auto x, auto y) { return items_[x].cost < items_[y].cost; }));
      orders.push_back(sorted([&](auto x, auto y) {
        if (items_[x].deadline != items_[y].deadline) return items_[x].deadline < items_[y].deadline;
        return density(x) > density(y);
      }));
    }
    State best;
    double best_value = -1, best_cost = 0;
    // Small and middle-sized instances: also orders by density perturbed by up to 40% (seeded, so
    // the plan stays deterministic).
    if (o_.policy != Policy::cheapest_first && items_.size() <= kSwapLimit) {
      std::mt19937_64 rng(20231);
      std::uniform_real_distribution<double> jitter(0.6, 1.0);
      for (int k = 0; k < 12; ++k) {
        std::vector<double> key(items_.size());
        for (std::size_t i = 0; i < items_.size(); ++i) key[i] = density(i) * jitter(rng);
        auto v = order;
        std::stable_sort(v.begin(), v.end(), [&](auto x, auto y) { return key[x] > key[y]; });
        orders.push_back(std::move(v));
      }
    }
    // Large instances: the two main orders; small ones: every order. Each with tasks placed as
    // early as possible, then as late as possible (which leaves the early years to others).
    if (items_.size() > kSwapLimit && orders.size() > 2) orders.resize(2);
    for (bool latest : {false, true})
      for (const auto& ord : orders) {
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
    method_ = "greedy";
    std::size_t candidates = 0;
    for (const auto& it : items_)
      if (schedulable(it)) ++candidates;
    if (o_.exact_limit > 0 && candidates > 0 && candidates <= o_.exact_limit) exact(base, best, best_value, best_cost);

    // Extra budgets for what is missed on time, then late placement within the horizon.
    State on_time = best;
    std::vector<std::vector<Budget>> extra(items_.size());
    for (std::size_t i = 0; i < items_.size(); ++i)
      if (schedulable(items_[i]) && !on_time.funded[i]) extra[i] = extra_budget(on_time, i);
    std::vector<char> late(items_.size(), 0);
    for (std::size_t i : orders.front()) {
      if (!schedulable(items_[i]) || best.funded[i]) continue;
      if (items_[i].lower && !best.funded[*items_[i].lower]) continue;
      if (place_item(best, i, o_.last_year, false)) late[i] = 1;
    }
    // Items with unknowns: their known tasks, with what budget is left.
    for (std::size_t i : orders.front()) {
      if (!items_[i].unknown.empty() && !items_[i].needs.empty() && items_[i].no_cost.empty() && !best.funded[i])
        place_item(best, i, o_.last_year, false);
    }
    return result(best, on_time, late, extra);
  }

 private:
  const assess::Assessment& a_;
  const PlanOptions& o_;
  const model::RuleSet& d_;
  int first_ = 0, last_ = 0;
  std::vector<IndicatorInfo> infos_;
  std::unordered_map<std::size_t, std::size_t> info_of_;  // node position -> infos_ index
  std::vector<Item> items_;
  std::vector<std::optional<std::size_t>> upper_of_;  // per item: the item of the level above
  std::vector<int> target_depth_;
  std::map<Key, double> limits_;
  std::map<std::pair<BudgetScope, std::string>, int> budget_index_;  // limited budgets -> id
  std::vector<std::pair<BudgetScope, std::string>> budget_scopes_;    // id -> (scope, name)
  int province_budget_ = -1;
  std::vector<int> district_budget_;  // per unit
  std::string method_;
  std::size_t exact_nodes_ = 0;

  // ---- Input --------------------------------------------------------------------------------
  void validate() {
    if (o_.targets.empty()) throw_data_error("E601", "no target: give at least one level and year (e.g. ntm:2024)");
    first_ = o_.first_year ? o_.first_year : a_.year();
    last_ = o_.last_year;
    for (const auto& t : o_.targets) last_ = std::max(last_, t.year);
    if (last_ < first_)
      throw_data_error("E602", fmt::format("the horizon {}-{} is empty", first_, last_));
    if (last_ - first_ > 50) throw_data_error("E602", fmt::format("the horizon {}-{} is longer than 50 years", first_, last_));
    const auto& levels = a_.levels();
    for (const auto& t : o_.targets) {
      auto p = a_.position(t.level);
      if (!p || std::find(levels.begin(), levels.end(), *p) == levels.end()) {
        std::vector<std::string> names;
        for (auto l : levels) names.push_back(a_.nodes()[l].id);
        throw_data_error("E603", fmt::format("target level '{}' is not a level of pack {} (levels: {})", t.level,
                                             a_.rules().pack().id, fmt::join(names, ", ")));
      }
      if (t.year < first_ || t.year > last_)
        throw_data_error("E602", fmt::format("target {}:{} is outside the horizon {}-{}", t.level, t.year, first_, last_));
    }
    for (const auto& b : o_.budgets) {
      if (b.year < first_ || b.year > last_)
        throw_data_error("E604", fmt::format("budget for {} ({}{}{}) is outside the horizon {}-{}", b.year,
                                             to_string(b.scope), b.name.empty() ? "" : " ", b.name, first_, last_));
      if (!(b.amount >= 0) || !std::isfinite(b.amount))
        throw_data_error("E604", fmt::format("budget for {} ({}{}{}) must be a non-negative number, not {}", b.year,
                                             to_string(b.scope), b.name.empty() ? "" : " ", b.name, b.amount));
      if (b.scope != BudgetScope::province && b.name.empty())
        throw_data_error("E604", fmt::format("a {} budget for {} needs the {}'s name", to_string(b.scope), b.year,
                                             to_string(b.scope)));
      Key k{b.scope, b.scope == BudgetScope::province ? std::string() : b.name, b.year};
      if (limits_.count(k))
        throw_data_error("E604", fmt::format("budget for {} ({}{}{}) given twice", b.year, to_string(b.scope),
                                             b.name.empty() ? "" : " ", b.name));
      limits_[k] = b.amount;
      budget_index_.emplace(std::make_pair(k.scope, k.name), static_cast<int>(budget_index_.size()));
    }
    budget_scopes_.assign(budget_index_.size(), {});
    for (const auto& [key, id] : budget_index_) budget_scopes_[static_cast<std::size_t>(id)] = key;
    province_budget_ = budget_id(BudgetScope::province, "");
    district_budget_.resize(a_.size(), -1);
    for (std::size_t u = 0; u < a_.size(); ++u) district_budget_[u] = budget_id(BudgetScope::district, district_of(u));
    for (const auto& c : o_.costs) {
      auto p = a_.position(c.indicator);
      if (!p || a_.nodes()[*p].kind != NodeKind::indicator)
        throw_data_error("E605", fmt::format("cost table: '{}' is not an indicator of pack {}", c.indicator,
                                             a_.rules().pack().id));
      if (!c.unit.empty() && !unit_row(c.unit))
        throw_data_error("E605", fmt::format("cost table: no unit '{}' (indicator {})", c.unit, c.indicator));
      for (auto v : {c.fixed, c.per_gap, c.duration_months})
        if (v && (!std::isfinite(*v) || *v < 0))
          throw_data_error("E605", fmt::format("cost table: indicator {}: costs and durations must be non-negative "
                                               "numbers", c.indicator));
    }
    for (const auto& pin : o_.pins) {
      if (!unit_row(pin.unit)) throw_data_error("E606", fmt::format("pin: no unit '{}'", pin.unit));
      auto p = a_.position(pin.indicator);
      if (!p || a_.nodes()[*p].kind != NodeKind::indicator)
        throw_data_error("E606", fmt::format("pin: '{}' is not an indicator", pin.indicator));
      if (pin.year < first_ || pin.year > last_)
        throw_data_error("E606", fmt::format("pin {} {}: year {} is outside the horizon {}-{}", pin.unit, pin.indicator,
                                             pin.year, first_, last_));
    }
  }

  std::optional<std::size_t> unit_row(const std::string& id) const {
    if (unit_index_.empty()) {
      const auto& ids = a_.units().ids;
      for (std::size_t u = 0; u < ids.size(); ++u) unit_index_.emplace(ids[u], u);
    }
    auto it = unit_index_.find(id);
    if (it == unit_index_.end()) return std::nullopt;
    return it->second;
  }
  mutable std::unordered_map<std::string, std::size_t> unit_index_;

  /// A unit's district ("" when the table has none).
  const std::string& district_of(std::size_t unit) const {
    static const std::string none;
    const auto& d = a_.units().districts;
    return unit < d.size() ? d[unit] : none;
  }

  void collect_indicators() {
    const auto& pack = a_.rules().pack();
    for (std::size_t i = 0; i < d_.nodes().size(); ++i) {
      const auto& e = d_.compiled(i);
      if (e.kind != NodeKind::indicator) continue;
      if (a_.size() > 0 && a_.has_cost_model(i) && a_.cost(i).empty())
        throw_data_error("E607", fmt::format("indicator {} has a cost model but the assessment did not evaluate costs: "
                                             "assess with AssessOptions::costs (Python: costs=True)", e.id));
      const model::Indicator& ind = pack.indicators[e.index];
      IndicatorInfo info;
      info.pos = i;
      info.id = ind.id;
      info.criterion = ind.criterion;
      info.agency = ind.agency;
      if (info.agency.empty())
        if (const auto* c = pack.find_criterion(ind.criterion)) info.agency = c->agency;
      if (ind.remediation) {
        if (!ind.remediation->agency.empty()) info.agency = ind.remediation->agency;
        if (ind.remediation->duration_months)
          info.years = std::max(1, static_cast<int>(std::ceil(*ind.remediation->duration_months / 12.0 - 1e-9)));
        for (const auto& p : ind.remediation->prerequisites)
          if (auto pp = a_.position(p)) info.prereqs.push_back(*pp);
      }
      info_of_[i] = infos_.size();
      infos_.push_back(std::move(info));
    }
    // Prerequisite order (the pack's graph has no cycles): rank = longest chain below.
    std::function<int(std::size_t, int)> rank = [&](std::size_t k, int depth) -> int {
      if (depth > 256) return 0;
      int r = 0;
      for (auto p : infos_[k].prereqs) r = std::max(r, 1 + rank(info_of_.at(p), depth + 1));
      return r;
    };
    for (std::size_t k = 0; k < infos_.size(); ++k) infos_[k].topo = rank(k, 0);
  }

  /// How many levels `pos` requires below it (0 for the lowest).
  int level_depth(std::size_t pos) const { return static_cast<int>(d_.level_chain(pos).size()) - 1; }

  bool applies(const Target& t, std::size_t unit) const {
    if (t.units == TargetUnits::all) return true;
    const auto* rec = a_.units().attribute(o_.recognized_attribute);
    if (!rec || (*rec)[unit].empty()) return false;
    auto p = a_.position((*rec)[unit]);
    auto target = a_.position(t.level);
    if (!p || !target || d_.nodes()[*p].kind != NodeKind::level) return false;
    const auto& chain = d_.level_chain(*p);
    return std::find(chain.begin(), chain.end(), *target) != chain.end();
  }

  double cost_of(std::size_t k, std::size_t unit, double* years_out, std::string* agency_out) const {
    const auto& info = infos_[k];
    const CostOverride* all = nullptr;
    const CostOverride* one = nullptr;
    const std::string& id = a_.units().ids[unit];
    for (const auto& c : o_.costs) {
      if (c.indicator != info.id) continue;
      if (c.unit.empty()) all = &c;
      else if (c.unit == id) one = &c;
    }
    double gap = a_.gap(info.pos).empty() ? std::nan("") : a_.gap(info.pos)[unit];
    double cost = a_.cost(info.pos).empty() ? std::nan("") : a_.cost(info.pos)[unit];
    *years_out = info.years;
    *agency_out = info.agency;
    for (const auto* c : {all, one}) {
      if (!c) continue;
      if (c->fixed || c->per_gap) {
        double g = std::isnan(gap) ? 0.0 : gap;
        cost = c->fixed.value_or(0.0) + c->per_gap.value_or(0.0) * g;
        if (c->per_gap && *c->per_gap != 0 && std::isnan(gap)) cost = std::nan("");
      }
      if (c->duration_months) *years_out = std::max(1, static_cast<int>(std::ceil(*c->duration_months / 12.0 - 1e-9)));
      if (!c->agency.empty()) *agency_out = c->agency;
    }
    return cost;
  }

  void build_items() {
    const std::size_t n = a_.size();
    target_depth_.resize(o_.targets.size());
    std::vector<std::size_t> by_depth(o_.targets.size());
    for (std::size_t t = 0; t < o_.targets.size(); ++t) target_depth_[t] = level_depth(*a_.position(o_.targets[t].level));
    std::iota(by_depth.begin(), by_depth.end(), 0);
    std::stable_sort(by_depth.begin(), by_depth.end(), [&](auto x, auto y) { return target_depth_[x] < target_depth_[y]; });
    std::vector<double> weight(infos_.size(), 0.0);
    if (o_.policy == Policy::weighted)
      for (std::size_t k = 0; k < infos_.size(); ++k) {
        if (auto it = o_.weights.find(infos_[k].id); it != o_.weights.end()) weight[k] += it->second;
        if (auto it = o_.weights.find(infos_[k].criterion); it != o_.weights.end()) weight[k] += it->second;
      }
    for (std::size_t u = 0; u < n; ++u) {
      std::set<std::size_t> claimed;  // indicators needed by a lower item of this unit
      std::optional<std::size_t> previous;
      for (std::size_t t : by_depth) {
        const Target& target = o_.targets[t];
        if (!applies(target, u)) continue;
        std::size_t lpos = *a_.position(target.level);
        Item item;
        item.unit = u;
        item.target = t;
        item.depth = target_depth_[t];
        item.deadline = target.year;
        item.lower = previous;
        // Two targets at the same level: the earlier deadline rules.
        if (previous && items_[*previous].target != t && o_.targets[items_[*previous].target].level == target.level) {
          items_[*previous].deadline = std::min(items_[*previous].deadline, target.year);
          continue;
        }
        Status level_status = a_.status(lpos)[u];
        if (level_status == Status::met) {
          item.already_met = true;
        } else {
          std::set<std::size_t> need;
          for (auto c : d_.requirements(lpos)) {
            Status cs = a_.status(c)[u];
            if (cs == Status::met || cs == Status::not_applicable) continue;
            const auto members = d_.members(c);
            bool any = false;
            for (auto m : members) {
              Status ms = a_.status(m)[u];
              if (ms == Status::unmet) {
                need.insert(info_of_.at(m));
                any = true;
              } else if (ms == Status::unknown) {
                item.unknown.push_back(a_.nodes()[m].id);
                any = true;
              }
            }
            if (!any) {
              if (cs == Status::unknown) item.unknown.push_back(a_.nodes()[c].id);
              else item.unremediable.push_back(a_.nodes()[c].id);
            }
          }
          // Unmet prerequisites join the work; unknown ones make it unknown.
          std::vector<std::size_t> stack(need.begin(), need.end());
          while (!stack.empty()) {
            auto k = stack.back();
            stack.pop_back();
            for (auto p : infos_[k].prereqs) {
              Status ps = a_.status(p)[u];
              auto pk = info_of_.at(p);
              if (ps == Status::unmet && need.insert(pk).second) stack.push_back(pk);
              if (ps == Status::unknown) item.unknown.push_back(infos_[pk].id + " (prerequisite of " + infos_[k].id + ")");
            }
          }
          std::vector<std::size_t> mine;
          for (auto k : need)
            if (claimed.insert(k).second) mine.push_back(k);
          std::stable_sort(mine.begin(), mine.end(), [&](auto x, auto y) {
            return std::tie(infos_[x].topo, infos_[x].pos) < std::tie(infos_[y].topo, infos_[y].pos);
          });
          for (auto k : mine) {
            double years = 1;
            std::string agency;
            double c = cost_of(k, u, &years, &agency);
            if (std::isnan(c)) item.no_cost.push_back(infos_[k].id);
            item.needs.push_back({k, c, agency, static_cast<int>(years), budget_id(BudgetScope::agency, agency)});
            if (!std::isnan(c)) item.cost += c;
          }
          if (item.needs.empty() && item.unknown.empty() && item.unremediable.empty() && !previous)
            item.unremediable.push_back(target.level);
          // Value under the policy.
          item.value = 1;
          if (o_.policy == Policy::protect_recognized && applies(Target{target.level, target.year, TargetUnits::recognized}, u))
            item.value = 2;
          if (o_.policy == Policy::weighted) {
            std::set<std::string> criteria;
            for (const auto& nd : item.needs) {
              if (auto it = o_.weights.find(infos_[nd.ind].id); it != o_.weights.end()) item.value += it->second;
              criteria.insert(infos_[nd.ind].criterion);
            }
            for (const auto& c : criteria)
              if (auto it = o_.weights.find(c); it != o_.weights.end()) item.value += it->second;
          }
        }
        previous = items_.size();
        items_.push_back(std::move(item));
      }
    }
  }

  /// Whether an item competes for budget at all (known, costed, something to do).
  static bool schedulable(const Item& it) {
    // An item with nothing of its own to do still waits for its lower level.
    return !it.already_met && it.unknown.empty() && it.no_cost.empty() && it.unremediable.empty() &&
           (!it.needs.empty() || it.lower);
  }

  State initial_state() const {
    State s;
    const std::size_t years = static_cast<std::size_t>(last_ - first_ + 1);
    s.left.assign(budget_scopes_.size() * years, std::numeric_limits<double>::infinity());
    for (const auto& [k, amount] : limits_)
      s.left[static_cast<std::size_t>(budget_id(k.scope, k.name)) * years + static_cast<std::size_t>(k.year - first_)] = amount;
    s.done.resize(a_.size());
    s.funded.assign(items_.size(), 0);
    return s;
  }

  // ---- Placement ----------------------------------------------------------------------------
  double share(const Need& nd) const { return nd.cost / nd.years; }

  /// The budgets (ids) a task of `unit` carried out by agency budget `agency` draws on.
  std::array<int, 3> budgets_of(std::size_t unit, int agency) const {
    return {province_budget_, unit < district_budget_.size() ? district_budget_[unit] : -1, agency};
  }

  double& left_of(State& s, int id, int year) const {
    return s.left[static_cast<std::size_t>(id) * static_cast<std::size_t>(last_ - first_ + 1) +
                  static_cast<std::size_t>(year - first_)];
  }
  double left_of(const State& s, int id, int year) const { return left_of(const_cast<State&>(s), id, year); }

  /// Whether `amount` per year fits every limited budget a task draws on, years y0..y1.
  bool fits(const State& s, std::size_t unit, int agency, int y0, int y1, double amount) const {
    if (amount <= 0) return true;
    const auto ids = budgets_of(unit, agency);
    for (int y = y0; y <= y1; ++y)
      for (int id : ids)
        if (id >= 0 && left_of(s, id, y) < amount - 1e-9 * std::max(1.0, amount)) return false;
    return true;
  }

  void spend(State& s, std::size_t unit, int agency, int y0, int y1, double amount) const {
    const auto ids = budgets_of(unit, agency);
    for (int y = y0; y <= y1; ++y)
      for (int id : ids)
        if (id >= 0) left_of(s, id, y) -= amount;
  }

  /// The id of the budget (scope, name); -1 when no limit was given for it in any year.
  int budget_id(BudgetScope scope, const std::string& name) const {
    auto it = budget_index_.find({scope, scope == BudgetScope::province ? std::string() : name});
    return it == budget_index_.end() ? -1 : it->second;
  }

  /// The earliest start of indicator `k` for `unit` given what is done; nullopt when a prerequisite
  /// is neither met nor placed.
  std::optional<int> earliest(const State& s, std::size_t unit, std::size_t k) const {
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
  bool place_item(State& s, std::size_t i, int deadline, bool free) const {
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

  void withdraw(State& s, std::size_t mark, bool free) const {
    while (s.placed.size() > mark) {
      const Placed& p = s.placed.back();
      if (!free) spend(s, p.unit, p.agency_budget, p.start, p.end, -p.cost / (p.end - p.start + 1));
      s.done[p.unit].erase(p.ind);
      s.placed.pop_back();
    }
  }

  void place_pins(State& s) {
    for (const auto& pin : o_.pins) {
      std::size_t u = *unit_row(pin.unit);
      std::size_t k = info_of_.at(*a_.position(pin.indicator));
      Status st = a_.status(infos_[k].pos)[u];
      if (st != Status::unmet)
        throw_data_error("E606", fmt::format("pin {} {}: the indicator is {} for this unit, there is nothing to do",
                                             pin.unit, pin.indicator, tieuchi::to_string(st)));
      if (s.done[u].count(k)) throw_data_error("E606", fmt::format("pin {} {} given twice", pin.unit, pin.indicator));
      auto est = earliest(s, u, k);
      if (!est || *est > pin.year)
        throw_data_error("E606", fmt::format("pin {} {} in {}: its prerequisites ({}) are not met or pinned to end "
                                             "before {}", pin.unit, pin.indicator, pin.year,
                                             fmt::join(prereq_ids(k), ", "), pin.year));
      double years = 1;
      std::string agency;
      double c = cost_of(k, u, &years, &agency);
      if (std::isnan(c))
        throw_data_error("E606", fmt::format("pin {} {}: no cost for this indicator (add a remediation cost to the "
                                             "pack or a row to the cost table)", pin.unit, pin.indicator));
      int y1 = pin.year + static_cast<int>(years) - 1;
      if (y1 > last_)
        throw_data_error("E606", fmt::format("pin {} {} in {}: it takes {} years and would end after the horizon ({})",
                                             pin.unit, pin.indicator, pin.year, years, last_));
      int agency_budget = budget_id(BudgetScope::agency, agency);
      if (!fits(s, u, agency_budget, pin.year, y1, c / years))
        throw_data_error("E606", fmt::format("pin {} {} in {}: its cost {:.6g} exceeds what the budgets of {}-{} have "
                                             "left", pin.unit, pin.indicator, pin.year, c, pin.year, y1));
      spend(s, u, agency_budget, pin.year, y1, c / years);
      s.placed.push_back({SIZE_MAX, u, k, pin.year, y1, c, agency, true, agency_budget});
      s.done[u][k] = y1;
    }
  }

  std::vector<std::string> prereq_ids(std::size_t k) const {
    std::vector<std::string> out;
    for (auto p : infos_[k].prereqs) out.push_back(a_.nodes()[p].id);
    return out;
  }

  // ---- Search -------------------------------------------------------------------------------
  void greedy(State& s, const std::vector<std::size_t>& order) const {
    for (std::size_t i : order) try_item(s, i);
  }

  /// An item is tried once its lower item is decided (and only if that one is funded).
  void try_item(State& s, std::size_t i) const {
    const Item& it = items_[i];
    if (!schedulable(it) || s.funded[i]) return;
    if (it.lower && !s.funded[*it.lower] && !items_[*it.lower].already_met) return;
    if (place_item(s, i, it.deadline, false)) return;
    // The other placement rule may find room where this one does not.
    s.latest = !s.latest;
    place_item(s, i, it.deadline, false);
    s.latest = !s.latest;
  }

  /// Improvement: every unfunded item is tried again (room may have appeared), then, on instances
  /// of up to kSwapLimit items, an unfunded item replaces the funded item of least value per cost
  /// among those worth less than it, when that makes room for it (the replaced item is tried
  /// again elsewhere). Each swap strictly increases the plan's value.
  static constexpr std::size_t kSwapLimit = 3000;
  void improve(State& s, const std::vector<std::size_t>& order) const {
    for (std::size_t i : order) try_item(s, i);
    if (items_.size() > kSwapLimit) return;
    for (std::size_t i : order) {
      if (!schedulable(items_[i]) || s.funded[i]) continue;
      if (items_[i].lower && !s.funded[*items_[i].lower] && !items_[*items_[i].lower].already_met) continue;
      std::optional<std::size_t> victim;
      for (std::size_t j = 0; j < items_.size(); ++j) {
        if (!s.funded[j] || items_[j].value >= items_[i].value) continue;
        if (upper_of_[j] && s.funded[*upper_of_[j]]) continue;
        if (!victim || items_[j].value / std::max(items_[j].cost, kEps) <
                           items_[*victim].value / std::max(items_[*victim].cost, kEps))
          victim = j;
      }
      if (!victim) continue;
      auto saved = remove_item(s, *victim);
      if (place_item(s, i, items_[i].deadline, false)) {
        try_item(s, *victim);
      } else {
        for (const auto& p : saved) {  // put the victim back where it was
          spend(s, p.unit, p.agency_budget, p.start, p.end, p.cost / (p.end - p.start + 1));
          s.done[p.unit][p.ind] = p.end;
          s.placed.push_back(p);
        }
        s.funded[*victim] = 1;
      }
    }
    if (items_.size() > kPairLimit) return;
    // One funded item out, as many unfunded ones in as now fit: kept when worth more.
    for (std::size_t j : order) {
      if (!s.funded[j] || (upper_of_[j] && s.funded[*upper_of_[j]])) continue;
      auto saved = remove_item(s, j);
      const std::size_t mark = s.placed.size();
      double gained = 0;
      std::vector<std::size_t> added;
      for (std::size_t i : order) {
        if (i == j || s.funded[i]) continue;
        try_item(s, i);
        if (s.funded[i]) {
          gained += items_[i].value;
          added.push_back(i);
        }
      }
      if (gained > items_[j].value + kEps) continue;
      withdraw(s, mark, false);
      for (auto i : added) s.funded[i] = 0;
      for (const auto& p : saved) {
        spend(s, p.unit, p.agency_budget, p.start, p.end, p.cost / (p.end - p.start + 1));
        s.done[p.unit][p.ind] = p.end;
        s.placed.push_back(p);
      }
      s.funded[j] = 1;
    }
  }
  static constexpr std::size_t kPairLimit = 400;

  /// Withdraws item `i`'s tasks; returns them.
  std::vector<Placed> remove_item(State& s, std::size_t i) const {
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


  std::pair<double, double> score(const State& s) const {
    double value = 0, cost = 0;
    for (std::size_t i = 0; i < items_.size(); ++i)
      if (s.funded[i]) value += items_[i].value;
    for (const auto& p : s.placed) cost += p.cost;
    return {value, cost};
  }

  /// Branch and bound over items (fund or not) and, for a funded item, every start year of each
  /// task; exact for the model. Stops after a node budget (the greedy plan then stands).
  void exact(const State& base, State& best, double& best_value, double& best_cost) {
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
    constexpr std::size_t kNodeLimit = 2'000'000;
    bool complete = true;
    State s = base;
    std::function<void(std::size_t, double)> dfs = [&](std::size_t k, double value) {
      if (++exact_nodes_ > kNodeLimit) {
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
    else method_ = "greedy (exact search stopped after 2,000,000 nodes)";
  }

  /// What each limited budget lacks for item `i` to be placed on time (earliest start, budgets
  /// ignored), given the plan `s`. Empty when no plan on time exists (the chain is too long).
  std::vector<Budget> extra_budget(State& s, std::size_t i) const {
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
      if (lack > 1e-9 * std::max(1.0, amount)) out.push_back({key.second, scope, name, lack});
    }
    return out;
  }

  // ---- Result -------------------------------------------------------------------------------
  Plan result(const State& s, State& on_time, const std::vector<char>& late,
              const std::vector<std::vector<Budget>>& extra) const {
    Plan p;
    p.first_year = first_;
    p.last_year = last_;
    p.policy = o_.policy;
    p.method = method_;
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
        o.reasons.push_back(fmt::format(fmt::runtime(lower->kind == Outcome::Kind::cannot_tell
                                                         ? "needs level {} first, which cannot be told yet"
                                                         : "needs level {} first, which is missed"),
                                        lower->level));
        if (!it.unknown.empty())
          o.reasons.push_back(fmt::format("unknown (data or threshold missing): {}", fmt::join(it.unknown, ", ")));
      } else if (!it.unknown.empty()) {
        o.kind = Outcome::Kind::cannot_tell;
        o.reasons.push_back(fmt::format("unknown (data or threshold missing): {}", fmt::join(it.unknown, ", ")));
        if (!it.needs.empty())
          o.reasons.push_back(s.funded[i] ? "the known shortfalls are planned" : "the known shortfalls are not all planned");
      } else if (!it.unremediable.empty()) {
        o.kind = Outcome::Kind::missed;
        o.reasons.push_back(fmt::format("criteria {} are not met for reasons no indicator task remedies (their own "
                                        "rules)", fmt::join(it.unremediable, ", ")));
      } else if (!it.no_cost.empty()) {
        o.kind = Outcome::Kind::missed;
        o.reasons.push_back(fmt::format("no cost for indicators {} (add a remediation cost to the pack or rows to "
                                        "the cost table)", fmt::join(it.no_cost, ", ")));
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
    return p;
  }

  std::vector<std::string> why_missed(State& trial, std::size_t i) const {
    const Item& it = items_[i];
    std::vector<std::string> out;
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
      out.push_back("a prerequisite is neither met nor planned");
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
      out.push_back(fmt::format("the work {} takes until the end of {}, after the deadline {} (prerequisite chain "
                                "and durations, whatever the budget)",
                                fmt::join(chain, " -> "), end, it.deadline));
      return out;
    }
    restore.reset();
    auto lack = extra_budget(trial, i);
    if (lack.empty()) {
      out.push_back("not enough budget left once the higher-priority targets are funded");
    } else {
      for (const auto& b : lack)
        out.push_back(fmt::format("budget {} {}{}{} is short by {:.6g}", b.year, to_string(b.scope),
                                  b.name.empty() ? "" : " ", b.name, b.amount));
    }
    return out;
  }
};

}  // namespace

Plan plan(const assess::Assessment& a, const PlanOptions& options) { return Planner(a, options).run(); }

}  // namespace tieuchi::plan
