// The exact method: the planner's model as a MILP for CBC (COIN-OR, Debian coinor-libcbc-dev,
// through its C interface), started from the greedy plan; and the budget relaxation's bound for
// plans the solver does not prove. The model (docs/planning.md#the-model-and-the-objective):
//
//   z_i in {0,1}       target item i met on time
//   y_int in {0,1}     task n of item i starts at the beginning of year t, ends by the deadline
//   sum_t y_int = z_i                        every task of a funded item, once
//   z_i <= z_lower(i)                        a higher level waits for the lower one
//   sum_{s<=t} y_ins <= sum_{s+d_m-1<=t-1} y_jms   a task starts after its prerequisite m ends
//   sum over tasks active in Y drawing on b of (c/d) y <= left_bY   every budget, every year
//   max sum v_i z_i; then, that value kept, min sum c_i z_i
//
// Pins are in the base state: their tasks are done, their cost spent.

#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "plan/planner_detail.hpp"

namespace tieuchi::plan::detail {

namespace {

struct CbcDeleter {
  void operator()(Cbc_Model* m) const noexcept { Cbc_deleteModel(m); }
};
using CbcPtr = std::unique_ptr<Cbc_Model, CbcDeleter>;
struct ClpDeleter {
  void operator()(Clp_Simplex* m) const noexcept { Clp_deleteModel(m); }
};
using ClpPtr = std::unique_ptr<Clp_Simplex, ClpDeleter>;

}  // namespace


Milp Planner::milp_model(const State& base) const {
  Milp m;
  m.col_of_item.assign(items_.size(), -1);
  // Where each (unit, indicator) task of the model lives: (model item, task) - lower items first.
  std::map<std::pair<std::size_t, std::size_t>, std::pair<std::size_t, std::size_t>> task_of;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const Item& it = items_[i];
    if (!schedulable(it)) continue;
    if (it.lower && !items_[*it.lower].already_met && m.col_of_item[*it.lower] < 0) continue;
    Milp::ItemCols ic;
    ic.item = i;
    bool possible = true;
    for (std::size_t n = 0; n < it.needs.size() && possible; ++n) {
      const Need& nd = it.needs[n];
      if (base.done[it.unit].count(nd.ind)) continue;  // pinned
      int est = first_;
      for (auto p : infos_[nd.ind].prereqs) {
        Status ps = a_.status(p)[it.unit];
        if (ps == Status::met || ps == Status::not_applicable) continue;
        std::size_t pk = info_of_.at(p);
        if (auto d = base.done[it.unit].find(pk); d != base.done[it.unit].end()) {
          est = std::max(est, d->second + 1);
          continue;
        }
        auto t = task_of.find({it.unit, pk});
        if (t == task_of.end()) {
          // Within this item: an earlier task (needs are in prerequisite order).
          auto own = std::find_if(ic.tasks.begin(), ic.tasks.end(), [&](const Milp::TaskCols& x) { return it.needs[x.need].ind == pk; });
          if (own == ic.tasks.end()) {
            possible = false;
            break;
          }
          est = std::max(est, own->first + it.needs[own->need].years);
        } else {
          const auto& tc = m.items[t->second.first].tasks[t->second.second];
          const Item& owner = items_[m.items[t->second.first].item];
          est = std::max(est, tc.first + owner.needs[tc.need].years);
        }
      }
      int latest = it.deadline - nd.years + 1;
      if (!possible || latest < est) {
        possible = false;
        break;
      }
      Milp::TaskCols tc;
      tc.need = n;
      tc.first = est;
      tc.count = latest - est + 1;
      ic.tasks.push_back(tc);
    }
    if (!possible) continue;
    m.col_of_item[i] = static_cast<int>(m.items.size());
    for (std::size_t k = 0; k < ic.tasks.size(); ++k)
      task_of[{it.unit, it.needs[ic.tasks[k].need].ind}] = {m.items.size(), k};
    m.items.push_back(std::move(ic));
  }
  // Number the columns: z, then each task's years.
  for (auto& ic : m.items) {
    ic.z = m.columns++;
    for (auto& tc : ic.tasks) {
      tc.col = m.columns;
      m.columns += tc.count;
    }
  }
  return m;
}


/// The budget relaxation, an LP over the targets alone (z_i in [0, 1]): for every limited budget
/// and year Y, what the funded targets must spend by the end of Y (each task started as late as
/// it may) fits what the budget has up to Y, and what they must spend from Y on (each task
/// started as early as it may) fits what it has from Y on; a higher level needs the lower one.
/// No plan is worth more. Small (a row per budget and year, twice), so Clp solves it at once;
/// should it fail, the plain knapsack of the province budgets stands.
double Planner::relaxation_bound(const State& base, const Milp& m) const {
  if (m.items.empty()) return 0;
  const int years = last_ - first_ + 1;
  const int budgets = static_cast<int>(budget_scopes_.size());
  // Rows: (budget, year, early|late) -> index; coefficients per item.
  auto row_of = [&](int b, int y, int late) { return (b * years + (y - first_)) * 2 + late; };
  const int nrows_budget = budgets * years * 2;
  std::vector<std::map<int, double>> coef(m.items.size());
  for (std::size_t k = 0; k < m.items.size(); ++k) {
    const auto& ic = m.items[k];
    const Item& it = items_[ic.item];
    for (const auto& tc : ic.tasks) {
      const Need& nd = it.needs[tc.need];
      const double per_year = share(nd);
      if (per_year <= 0) continue;
      const int est = tc.first, lst = tc.first + tc.count - 1;
      for (int id : budgets_of(it.unit, nd.agency_budget)) {
        if (id < 0) continue;
        for (int y = first_; y <= last_; ++y) {
          // Years of the task by the end of y when it starts at lst; from y on when it starts at est.
          int early = std::max(0, std::min(y, lst + nd.years - 1) - lst + 1);
          int late = std::max(0, est + nd.years - 1 - std::max(y, est) + 1);
          if (early) coef[k][row_of(id, y, 0)] += per_year * early;
          if (late) coef[k][row_of(id, y, 1)] += per_year * late;
        }
      }
    }
  }
  std::vector<double> row_lb, row_ub;
  const double inf = std::numeric_limits<double>::infinity();
  for (int b = 0; b < budgets; ++b)
    for (int y = first_; y <= last_; ++y)
      for (int late = 0; late < 2; ++late) {
        double cap = 0;
        for (int x = late ? y : first_; x <= (late ? last_ : y); ++x) {
          double left = left_of(base, b, x);
          cap = std::isfinite(cap) && std::isfinite(left) ? cap + std::max(0.0, left) : inf;
        }
        row_lb.push_back(-inf);
        row_ub.push_back(cap);
      }
  // A higher level needs the lower one: z_upper - z_lower <= 0.
  std::vector<std::pair<int, int>> chain;
  for (std::size_t k = 0; k < m.items.size(); ++k) {
    const Item& it = items_[m.items[k].item];
    if (it.lower && m.col_of_item[*it.lower] >= 0) chain.emplace_back(static_cast<int>(k), m.col_of_item[*it.lower]);
  }
  const int nrows = nrows_budget + static_cast<int>(chain.size());
  for (std::size_t c = 0; c < chain.size(); ++c) row_lb.push_back(-inf), row_ub.push_back(0.0);
  std::vector<std::vector<std::pair<int, double>>> cols(m.items.size());
  for (std::size_t k = 0; k < m.items.size(); ++k)
    for (const auto& [r, v] : coef[k]) cols[k].emplace_back(r, v);
  for (std::size_t c = 0; c < chain.size(); ++c) {
    cols[static_cast<std::size_t>(chain[c].first)].emplace_back(nrows_budget + static_cast<int>(c), 1.0);
    cols[static_cast<std::size_t>(chain[c].second)].emplace_back(nrows_budget + static_cast<int>(c), -1.0);
  }
  std::vector<CoinBigIndex> starts{0};
  std::vector<int> index;
  std::vector<double> element, obj, lb(m.items.size(), 0.0), ub(m.items.size(), 1.0);
  for (std::size_t k = 0; k < m.items.size(); ++k) {
    std::sort(cols[k].begin(), cols[k].end());
    for (const auto& [r, v] : cols[k]) index.push_back(r), element.push_back(v);
    starts.push_back(static_cast<CoinBigIndex>(index.size()));
    obj.push_back(-items_[m.items[k].item].value);
  }
  ClpPtr lp(Clp_newModel());
  Clp_setLogLevel(lp.get(), 0);
  Clp_loadProblem(lp.get(), static_cast<int>(m.items.size()), nrows, starts.data(), index.data(), element.data(),
                  lb.data(), ub.data(), obj.data(), row_lb.data(), row_ub.data());
  Clp_setOptimizationDirection(lp.get(), 1);
  Clp_setMaximumSeconds(lp.get(), std::max(1.0, o_.time_limit));
  Clp_initialDualSolve(lp.get());
  if (Clp_isProvenOptimal(lp.get())) return -Clp_objectiveValue(lp.get()) * (1 + 1e-9) + 1e-9;
  // The knapsack of the province budgets.
  double cap = inf;
  int latest = first_;
  for (const auto& ic : m.items) latest = std::max(latest, items_[ic.item].deadline);
  if (province_budget_ >= 0) {
    cap = 0;
    for (int y = first_; y <= latest; ++y) cap += std::max(0.0, left_of(base, province_budget_, y));
  }
  std::vector<std::pair<double, double>> vc;  // value, cost of the model's items
  for (const auto& ic : m.items) {
    double c = 0;
    for (const auto& tc : ic.tasks) c += items_[ic.item].needs[tc.need].cost;
    vc.emplace_back(items_[ic.item].value, c);
  }
  std::sort(vc.begin(), vc.end(), [](const auto& x, const auto& y) {
    return x.first * std::max(y.second, kEps) > y.first * std::max(x.second, kEps);
  });
  double bound = 0;
  for (const auto& [v, c] : vc) {
    if (c <= cap) {
      bound += v;
      cap -= c;
    } else {
      bound += v * cap / c;
      break;
    }
  }
  return bound;
}

Planner::MilpOutcome Planner::milp(const State& base, const Milp& m, const State& start, double time_limit,
                                   bool large) const {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  MilpOutcome out;
  if (m.items.empty()) {
    out.ran = out.proven = true;
    out.bound = 0;
    out.state = base;
    return out;
  }
  // The rows, once, for both phases.
  struct Row {
    std::vector<int> cols;
    std::vector<double> coefs;
    char sense;
    double rhs;
  };
  std::vector<Row> rows;
  std::map<std::pair<int, int>, Row> budget_rows;  // (budget id, year)
  for (const auto& ic : m.items) {
    const Item& it = items_[ic.item];
    for (const auto& tc : ic.tasks) {
      Row r{{}, {}, 'E', 0.0};
      for (int k = 0; k < tc.count; ++k) r.cols.push_back(tc.col + k), r.coefs.push_back(1.0);
      r.cols.push_back(ic.z);
      r.coefs.push_back(-1.0);
      rows.push_back(std::move(r));
      const Need& nd = it.needs[tc.need];
      const double per_year = share(nd);
      if (per_year > 0)
        for (int k = 0; k < tc.count; ++k)
          for (int y = tc.first + k; y < tc.first + k + nd.years; ++y)
            for (int id : budgets_of(it.unit, nd.agency_budget)) {
              if (id < 0 || !std::isfinite(left_of(base, id, y))) continue;
              Row& b = budget_rows[{id, y}];
              if (b.cols.empty()) b = Row{{}, {}, 'L', left_of(base, id, y)};
              b.cols.push_back(tc.col + k);
              b.coefs.push_back(per_year);
            }
      // Prerequisites within the model: this task starts only after each has ended.
      for (auto p : infos_[nd.ind].prereqs) {
        std::size_t pk = info_of_.at(p);
        for (std::optional<std::size_t> j = ic.item; j; j = items_[*j].lower) {
          int mj = m.col_of_item[*j];
          if (mj < 0) continue;
          const auto& owner = m.items[static_cast<std::size_t>(mj)];
          auto pt = std::find_if(owner.tasks.begin(), owner.tasks.end(),
                                 [&](const Milp::TaskCols& x) { return items_[owner.item].needs[x.need].ind == pk; });
          if (pt == owner.tasks.end()) continue;
          const int dp = items_[owner.item].needs[pt->need].years;
          for (int k = 0; k < tc.count; ++k) {
            const int t = tc.first + k;
            Row after{{}, {}, 'L', 0.0};
            for (int s = 0; s <= k; ++s) after.cols.push_back(tc.col + s), after.coefs.push_back(1.0);
            for (int s = 0; s < pt->count; ++s)
              if (pt->first + s + dp - 1 <= t - 1) after.cols.push_back(pt->col + s), after.coefs.push_back(-1.0);
            rows.push_back(std::move(after));
          }
          break;
        }
      }
    }
    if (it.lower && m.col_of_item[*it.lower] >= 0)
      rows.push_back(Row{{ic.z, m.items[static_cast<std::size_t>(m.col_of_item[*it.lower])].z}, {1.0, -1.0}, 'L', 0.0});
  }
  for (auto& [_, r] : budget_rows) rows.push_back(std::move(r));

  // The greedy plan as the starting solution.
  std::vector<double> warm(static_cast<std::size_t>(m.columns), 0.0);
  for (const auto& p : start.placed) {
    if (p.item == SIZE_MAX || p.item >= items_.size() || !start.funded[p.item]) continue;
    int mi = m.col_of_item[p.item];
    if (mi < 0) continue;
    const auto& ic = m.items[static_cast<std::size_t>(mi)];
    for (const auto& tc : ic.tasks)
      if (items_[ic.item].needs[tc.need].ind == p.ind && p.start >= tc.first && p.start < tc.first + tc.count)
        warm[static_cast<std::size_t>(tc.col + p.start - tc.first)] = 1.0;
  }
  for (const auto& ic : m.items)
    if (start.funded[ic.item]) warm[static_cast<std::size_t>(ic.z)] = 1.0;

  auto seconds_left = [&] {
    return time_limit - std::chrono::duration<double>(clock::now() - t0).count();
  };  // The matrix by columns, once (adding rows one by one costs CBC a copy of the matrix each).
  const int nrows = static_cast<int>(rows.size());
  std::vector<CoinBigIndex> starts(static_cast<std::size_t>(m.columns) + 1, 0);
  for (const auto& r : rows)
    for (int c : r.cols) ++starts[static_cast<std::size_t>(c) + 1];
  for (std::size_t c = 0; c < static_cast<std::size_t>(m.columns); ++c) starts[c + 1] += starts[c];
  std::vector<int> index(static_cast<std::size_t>(starts.back()));
  std::vector<double> element(index.size());
  {
    std::vector<CoinBigIndex> fill(starts.begin(), starts.end() - 1);
    for (int r = 0; r < nrows; ++r) {
      const Row& row = rows[static_cast<std::size_t>(r)];
      for (std::size_t k = 0; k < row.cols.size(); ++k) {
        auto at = static_cast<std::size_t>(fill[static_cast<std::size_t>(row.cols[k])]++);
        index[at] = r;
        element[at] = row.coefs[k];
      }
    }
  }
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> row_lb(rows.size()), row_ub(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    row_lb[r] = rows[r].sense == 'L' ? -inf : rows[r].rhs;
    row_ub[r] = rows[r].sense == 'G' ? inf : rows[r].rhs;
  }
  std::vector<double> col_lb(static_cast<std::size_t>(m.columns), 0.0), col_ub(static_cast<std::size_t>(m.columns), 1.0);
  // A model above PlannerLimits::exact_variables: first its LP relaxation (Clp's dual simplex,
  // which keeps to the time limit; CBC's root relaxation does not), for the bound. The solver
  // then runs only when asked for (Method::exact) and when what is left of the time could hold
  // its own root relaxation twice over.
  std::vector<double> value_obj(static_cast<std::size_t>(m.columns), 0.0);
  for (const auto& ic : m.items) value_obj[static_cast<std::size_t>(ic.z)] = -items_[ic.item].value;
  if (static_cast<std::size_t>(m.columns) > o_.limits.exact_variables) {
    const auto lp_start = clock::now();
    ClpPtr lp(Clp_newModel());
    Clp_setLogLevel(lp.get(), 0);
    Clp_loadProblem(lp.get(), m.columns, nrows, starts.data(), index.data(), element.data(), col_lb.data(),
                    col_ub.data(), value_obj.data(), row_lb.data(), row_ub.data());
    Clp_setOptimizationDirection(lp.get(), 1);
    Clp_setMaximumSeconds(lp.get(), std::max(0.01, seconds_left()));
    Clp_initialDualSolve(lp.get());
    out.ran = true;
    out.bound = Clp_isProvenOptimal(lp.get()) ? -Clp_objectiveValue(lp.get()) : std::numeric_limits<double>::infinity();
    const double lp_seconds = std::chrono::duration<double>(clock::now() - lp_start).count();
    if (!large || !std::isfinite(out.bound) || seconds_left() < 2 * lp_seconds) {
      out.state = base;
      return out;
    }
  }
  auto build = [&](const std::vector<double>& obj, const Row* extra) {
    CbcPtr model(Cbc_newModel());
    Cbc_setLogLevel(model.get(), 0);
    Cbc_loadProblem(model.get(), m.columns, nrows, starts.data(), index.data(), element.data(), col_lb.data(),
                    col_ub.data(), obj.data(), row_lb.data(), row_ub.data());
    for (int c = 0; c < m.columns; ++c) Cbc_setInteger(model.get(), c);
    if (extra)
      Cbc_addRow(model.get(), "", static_cast<int>(extra->cols.size()), extra->cols.data(), extra->coefs.data(),
                 extra->sense, extra->rhs);
    Cbc_setObjSense(model.get(), 1);  // minimise
    Cbc_setParameter(model.get(), "threads", std::to_string(std::max(1, o_.threads)).c_str());
    // The time limit of the whole solve, the root relaxation's simplex included (besides
    // Cbc_setMaximumSeconds, which bounds the branch and bound).
    Cbc_setParameter(model.get(), "seconds", fmt::format("{:.3f}", std::max(0.01, seconds_left())).c_str());
    Cbc_setParameter(model.get(), "randomSeed", "20231");
    Cbc_setParameter(model.get(), "randomCbcSeed", "20231");
    Cbc_setAllowableGap(model.get(), 1e-7);
    Cbc_setAllowableFractionGap(model.get(), 0.0);
    return model;
  };

  auto solution = [&](Cbc_Model* model) -> std::vector<double> {
    const double* x = Cbc_bestSolution(model);
    if (!x) return {};
    return std::vector<double>(x, x + m.columns);
  };

  // Phase 1: the most value.
  CbcPtr p1 = build(value_obj, nullptr);
  std::vector<int> all(static_cast<std::size_t>(m.columns));
  for (int c = 0; c < m.columns; ++c) all[static_cast<std::size_t>(c)] = c;
  Cbc_setMIPStartI(p1.get(), m.columns, all.data(), warm.data());
  Cbc_setMaximumSeconds(p1.get(), std::max(0.01, seconds_left()));
  Cbc_solve(p1.get());
  out.ran = true;
  out.proven = Cbc_isProvenOptimal(p1.get()) != 0;
  // The solver's bound only once its root relaxation is solved (before, it is no bound at all).
  if (Cbc_isInitialSolveProvenOptimal(p1.get()))
    out.bound = std::min(out.bound, -Cbc_getBestPossibleObjValue(p1.get()));
  std::vector<double> x = solution(p1.get());
  double value = 0;
  if (!x.empty())
    for (const auto& ic : m.items) value += x[static_cast<std::size_t>(ic.z)] > 0.5 ? items_[ic.item].value : 0.0;
  if (out.proven) out.bound = value;
  // Phase 2: that value, the least cost.
  if (out.proven && !x.empty() && seconds_left() > 0) {
    std::vector<double> cost(static_cast<std::size_t>(m.columns), 0.0);
    Row keep{{}, {}, 'G', value - kEps * std::max(1.0, value) * 1e3};
    for (const auto& ic : m.items) {
      double c = 0;
      for (const auto& tc : ic.tasks) c += items_[ic.item].needs[tc.need].cost;
      cost[static_cast<std::size_t>(ic.z)] = c;
      keep.cols.push_back(ic.z);
      keep.coefs.push_back(items_[ic.item].value);
    }
    CbcPtr p2 = build(cost, &keep);
    Cbc_setMIPStartI(p2.get(), m.columns, all.data(), x.data());
    Cbc_setMaximumSeconds(p2.get(), std::max(0.01, seconds_left()));
    Cbc_solve(p2.get());
    std::vector<double> x2 = solution(p2.get());
    if (!x2.empty()) x = std::move(x2);
  }
  out.found = !x.empty();
  // The solution as a planner state.
  out.state = base;
  if (out.found)
    for (const auto& ic : m.items) {
      if (x[static_cast<std::size_t>(ic.z)] < 0.5) continue;
      const Item& it = items_[ic.item];
      for (const auto& tc : ic.tasks) {
        int y = -1;
        for (int k = 0; k < tc.count; ++k)
          if (x[static_cast<std::size_t>(tc.col + k)] > 0.5) y = tc.first + k;
        if (y < 0) continue;  // cannot happen: sum_t y = z
        const Need& nd = it.needs[tc.need];
        spend(out.state, it.unit, nd.agency_budget, y, y + nd.years - 1, share(nd));
        out.state.placed.push_back({ic.item, it.unit, nd.ind, y, y + nd.years - 1, nd.cost, nd.agency, false,
                                    nd.agency_budget});
        out.state.done[it.unit][nd.ind] = y + nd.years - 1;
      }
      out.state.funded[ic.item] = 1;
    }
  return out;
}

}  // namespace tieuchi::plan::detail
