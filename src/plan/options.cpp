// Validation of PlanOptions against the assessment (E601-E608): horizon, targets, budgets,
// cost overrides, pins and weights; the budget ids and unit lookups the rest of the planner uses.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "plan/planner_detail.hpp"
#include "tieuchi/error.hpp"

namespace tieuchi::plan::detail {

using graph::NodeKind;

void fail(std::string code, std::string message) {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  Diagnostics all;
  all.add(std::move(d));
  throw PlanError(std::move(all));
}

void Planner::validate() {
  if (o_.targets.empty()) fail("E601", "no target: give at least one level and year (e.g. ntm:2024)");
  first_ = o_.first_year ? o_.first_year : a_.year();
  // An explicit horizon is kept as given (a target outside it is E602 below); without one, the
  // horizon ends with the latest target.
  last_ = o_.last_year;
  if (!o_.last_year)
    for (const auto& t : o_.targets) last_ = std::max(last_, t.year);
  if (last_ < first_)
    fail("E602", fmt::format("the horizon {}-{} is empty", first_, last_));
  if (last_ - first_ > o_.limits.max_horizon_years)
    fail("E602", fmt::format("the horizon {}-{} is longer than {} years", first_, last_, o_.limits.max_horizon_years));
  const auto& levels = a_.levels();
  for (const auto& t : o_.targets) {
    auto p = a_.position(t.level);
    if (!p || std::find(levels.begin(), levels.end(), *p) == levels.end()) {
      std::vector<std::string> names;
      for (auto l : levels) names.push_back(a_.nodes()[l].id);
      fail("E603", fmt::format("target level '{}' is not a level of pack {} (levels: {})", t.level,
                                           a_.rules().pack().id, fmt::join(names, ", ")));
    }
    if (t.year < first_ || t.year > last_)
      fail("E602", fmt::format("target {}:{} is outside the horizon {}-{}", t.level, t.year, first_, last_));
  }
  for (const auto& b : o_.budgets) {
    if (b.year < first_ || b.year > last_)
      fail("E604", fmt::format("budget for {} ({}{}{}) is outside the horizon {}-{}", b.year,
                                           to_string(b.scope), b.name.empty() ? "" : " ", b.name, first_, last_));
    if (!(b.amount >= 0) || !std::isfinite(b.amount))
      fail("E604", fmt::format("budget for {} ({}{}{}) must be a non-negative number, not {}", b.year,
                                           to_string(b.scope), b.name.empty() ? "" : " ", b.name, b.amount));
    if (b.scope != BudgetScope::province && b.name.empty())
      fail("E604", fmt::format("a {} budget for {} needs the {}'s name", to_string(b.scope), b.year,
                                           to_string(b.scope)));
    Key k{b.scope, b.scope == BudgetScope::province ? std::string() : b.name, b.year};
    if (limits_.count(k))
      fail("E604", fmt::format("budget for {} ({}{}{}) given twice", b.year, to_string(b.scope),
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
      fail("E605", fmt::format("cost table: '{}' is not an indicator of pack {}", c.indicator,
                                           a_.rules().pack().id));
    if (!c.unit.empty() && !unit_row(c.unit))
      fail("E605", fmt::format("cost table: no unit '{}' (indicator {})", c.unit, c.indicator));
    for (auto v : {c.fixed, c.per_gap, c.duration_months})
      if (v && (!std::isfinite(*v) || *v < 0))
        fail("E605", fmt::format("cost table: indicator {}: costs and durations must be non-negative "
                                             "numbers", c.indicator));
  }
  // A weight for an id the pack does not have would be dropped without a word.
  for (const auto& [id, w] : o_.weights) {
    auto p = a_.position(id);
    if (!p || (a_.nodes()[*p].kind != NodeKind::indicator && a_.nodes()[*p].kind != NodeKind::criterion))
      fail("E608", fmt::format("weight: '{}' is not a criterion or indicator of pack {}", id, a_.rules().pack().id));
    if (!std::isfinite(w)) fail("E608", fmt::format("weight {}: expected a finite number, got {}", id, w));
  }
  for (const auto& pin : o_.pins) {
    if (!unit_row(pin.unit)) fail("E606", fmt::format("pin: no unit '{}'", pin.unit));
    auto p = a_.position(pin.indicator);
    if (!p || a_.nodes()[*p].kind != NodeKind::indicator)
      fail("E606", fmt::format("pin: '{}' is not an indicator", pin.indicator));
    if (pin.year < first_ || pin.year > last_)
      fail("E606", fmt::format("pin {} {}: year {} is outside the horizon {}-{}", pin.unit, pin.indicator,
                                           pin.year, first_, last_));
  }
}

std::optional<std::size_t> Planner::unit_row(const std::string& id) const {
  if (unit_index_.empty()) {
    const auto& ids = a_.units().ids;
    for (std::size_t u = 0; u < ids.size(); ++u) unit_index_.emplace(ids[u], u);
  }
  auto it = unit_index_.find(id);
  if (it == unit_index_.end()) return std::nullopt;
  return it->second;
}

/// A unit's district ("" when the table has none).
const std::string& Planner::district_of(std::size_t unit) const {
  static const std::string none;
  const auto& d = a_.units().districts;
  return unit < d.size() ? d[unit] : none;
}

}  // namespace tieuchi::plan::detail
