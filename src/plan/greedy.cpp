// The greedy search: the priority orders, items funded whole in each order, tried again, swapped.
#include <algorithm>
#include <numeric>
#include <random>

#include "plan/planner_detail.hpp"

namespace tieuchi::plan::detail {

std::vector<std::vector<std::size_t>> Planner::orders() const {
  const PlannerLimits& lim = o_.limits;
  std::vector<std::size_t> order(items_.size());
  std::iota(order.begin(), order.end(), 0);
  auto density = [&](std::size_t i) { return items_[i].value / std::max(items_[i].cost, kEps); };
  std::vector<std::vector<std::size_t>> out;
  auto sorted = [&](auto less) {
    auto v = order;
    std::stable_sort(v.begin(), v.end(), less);
    return v;
  };
  if (o_.policy == Policy::cheapest_first) {
    out.push_back(sorted([&](auto x, auto y) { return items_[x].cost < items_[y].cost; }));
  } else {
    out.push_back(sorted([&](auto x, auto y) {
      if (items_[x].value != items_[y].value) return items_[x].value > items_[y].value;
      return items_[x].cost < items_[y].cost;
    }));
    out.push_back(sorted([&](auto x, auto y) { return density(x) > density(y); }));
    out.push_back(sorted([&](auto x, auto y) { return items_[x].cost < items_[y].cost; }));
    out.push_back(sorted([&](auto x, auto y) {
      if (items_[x].deadline != items_[y].deadline) return items_[x].deadline < items_[y].deadline;
      return density(x) > density(y);
    }));
  }
  // Small and middle-sized instances: also orders by density perturbed at random (seeded, so the
  // plan stays deterministic).
  if (o_.policy != Policy::cheapest_first && items_.size() <= lim.swap_items) {
    std::mt19937_64 rng(lim.perturbation_seed);
    std::uniform_real_distribution<double> jitter(1.0 - lim.perturbation, 1.0);
    for (int k = 0; k < lim.perturbed_orders; ++k) {
      std::vector<double> key(items_.size());
      for (std::size_t i = 0; i < items_.size(); ++i) key[i] = density(i) * jitter(rng);
      auto v = order;
      std::stable_sort(v.begin(), v.end(), [&](auto x, auto y) { return key[x] > key[y]; });
      out.push_back(std::move(v));
    }
  }
  // Large instances: the main orders only.
  if (items_.size() > lim.swap_items && out.size() > lim.large_instance_orders) out.resize(lim.large_instance_orders);
  return out;
}

void Planner::greedy(State& s, const std::vector<std::size_t>& order) const {
  for (std::size_t i : order) try_item(s, i);
}

/// An item is tried once its lower item is decided (and only if that one is funded).
void Planner::try_item(State& s, std::size_t i) const {
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
/// of up to PlannerLimits::swap_items items, an unfunded item replaces the funded item of least
/// value per cost among those worth less than it, when that makes room for it (the replaced item
/// is tried again elsewhere). Each swap strictly increases the plan's value. Up to pair_items
/// items, also one funded item out and as many unfunded ones in as then fit, kept when worth more.
void Planner::improve(State& s, const std::vector<std::size_t>& order) const {
  for (std::size_t i : order) try_item(s, i);
  if (items_.size() > o_.limits.swap_items) return;
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
      restore(s, saved, *victim);  // put the victim back where it was
    }
  }
  if (items_.size() > o_.limits.pair_items) return;
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
    restore(s, saved, j);
  }
}

}  // namespace tieuchi::plan::detail
