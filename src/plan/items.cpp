// Targets -> items: what the planner knows of each indicator (agency, duration, prerequisites),
// which targets apply to which unit, the needs of each item with their costs, and its value.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <set>

#include "plan/planner_detail.hpp"

namespace tieuchi::plan::detail {

namespace {

using graph::NodeKind;

/// Records that `id` is unknown for the item (`needed_by`: the indicator it is a prerequisite of).
void add_unknown(Item& item, std::string id, std::string needed_by = {}) {
  item.unknown.nodes.push_back(std::move(id));
  item.unknown.needed_by.push_back(std::move(needed_by));
}

/// A duration in whole years (at least 1).
int whole_years(double months) { return std::max(1, static_cast<int>(std::ceil(months / 12.0 - kEps))); }

}  // namespace

void Planner::collect_indicators() {
  const auto& pack = a_.rules().pack();
  for (std::size_t i = 0; i < d_.nodes().size(); ++i) {
    const auto& e = d_.compiled(i);
    if (e.kind != NodeKind::indicator) continue;
    if (a_.size() > 0 && a_.has_cost_model(i) && a_.cost(i).empty())
      fail("E607", fmt::format("indicator {} has a cost model but the assessment did not evaluate costs: "
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
        info.years = whole_years(*ind.remediation->duration_months);
      for (const auto& p : ind.remediation->prerequisites)
        if (auto pp = a_.position(p)) info.prereqs.push_back(*pp);
    }
    info_of_[i] = infos_.size();
    infos_.push_back(std::move(info));
  }
  // Prerequisite order: rank = longest chain below. No depth guard: prerequisite edges are edges of
  // the pack's dependency graph, which RuleSet proves acyclic before it is built (E401).
  std::vector<int> ranks(infos_.size(), -1);
  std::function<int(std::size_t)> rank = [&](std::size_t k) -> int {
    if (ranks[k] >= 0) return ranks[k];
    int r = 0;
    for (auto p : infos_[k].prereqs) r = std::max(r, 1 + rank(info_of_.at(p)));
    return ranks[k] = r;
  };
  for (std::size_t k = 0; k < infos_.size(); ++k) infos_[k].topo = rank(k);
}

/// How many levels `pos` requires below it (0 for the lowest).
int Planner::level_depth(std::size_t pos) const { return static_cast<int>(d_.level_chain(pos).size()) - 1; }

bool Planner::applies(const Target& t, std::size_t unit) const {
  if (t.units == TargetUnits::all) return true;
  const auto* rec = a_.units().attribute(o_.recognized_attribute);
  if (!rec || (*rec)[unit].empty()) return false;
  auto p = a_.position((*rec)[unit]);
  auto target = a_.position(t.level);
  if (!p || !target || d_.nodes()[*p].kind != NodeKind::level) return false;
  const auto& chain = d_.level_chain(*p);
  return std::find(chain.begin(), chain.end(), *target) != chain.end();
}

double Planner::cost_of(std::size_t k, std::size_t unit, double* years_out, std::string* agency_out) const {
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
    if (c->duration_months) *years_out = whole_years(*c->duration_months);
    if (!c->agency.empty()) *agency_out = c->agency;
  }
  return cost;
}

void Planner::build_items() {
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
              add_unknown(item, a_.nodes()[m].id);
              any = true;
            }
          }
          if (!any) {
            if (cs == Status::unknown) add_unknown(item, a_.nodes()[c].id);
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
            if (ps == Status::unknown) add_unknown(item, infos_[pk].id, infos_[k].id);
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
        if (item.needs.empty() && item.unknown.nodes.empty() && item.unremediable.empty() && !previous)
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

}  // namespace tieuchi::plan::detail
