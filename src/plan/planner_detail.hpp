#pragma once
// The planner's shared structures (private to src/plan). Items are (unit, target) pairs; an
// item's tasks are the unmet indicators its level needs (with their unmet prerequisites). An item
// is funded whole or not at all: its tasks are placed in topological order of prerequisites, each
// in the earliest year where every budget it draws on has room for its yearly share and it still
// ends by the deadline; if one cannot be placed, the item's tasks are withdrawn. Items are tried in
// several priority orders and the plan of greatest value is kept; the MILP solver (CBC) then
// proves it optimal or improves it within the time limit (milp.cpp). Targets missed on time are
// then placed late within the horizon where leftover budget allows.
//
// One class, its members defined by concern: options.cpp (validation), items.cpp (targets ->
// items), state.cpp (budgets and placement), greedy.cpp, milp.cpp, diagnose.cpp, planner.cpp
// (orchestration and the result).

#include <array>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tieuchi/plan/planner.hpp"

namespace tieuchi::plan::detail {

/// Tolerance of money and value comparisons (relative to max(1, amount) for budgets).
constexpr double kEps = 1e-9;

/// Throws the planner's error for bad options: one diagnostic with `code` (E6xx).
[[noreturn]] void fail(std::string code, std::string message);

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
  Reason unknown{Reason::Kind::unknown, {}, {}, {}, 0, 0, {}};  // indicators or criteria unknown (nodes)
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

/// The model's columns: per item a z, per (item, task) the start years' y.
struct Milp {
  struct TaskCols {
    std::size_t need;  // index into the item's needs
    int first = 0;     // start year of the first column
    int col = -1;      // column of start year `first`; years first..first+count-1
    int count = 0;
  };
  struct ItemCols {
    std::size_t item;
    int z = -1;
    std::vector<TaskCols> tasks;
  };
  std::vector<ItemCols> items;
  std::vector<int> col_of_item;  // per planner item: index into items, or -1
  int columns = 0;
};

class Planner {
 public:
  Planner(const assess::Assessment& a, const PlanOptions& o) : a_(a), o_(o), d_(a.rules()) {}

  Plan run();

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
  double bound_ = 0;
  bool optimal_ = false;
  mutable std::unordered_map<std::string, std::size_t> unit_index_;

  // ---- Input (options.cpp) -------------------------------------------------------------------
  void validate();
  std::optional<std::size_t> unit_row(const std::string& id) const;
  const std::string& district_of(std::size_t unit) const;

  // ---- Items (items.cpp) ---------------------------------------------------------------------
  void collect_indicators();
  int level_depth(std::size_t pos) const;
  bool applies(const Target& t, std::size_t unit) const;
  double cost_of(std::size_t k, std::size_t unit, double* years_out, std::string* agency_out) const;
  void build_items();
  /// Whether an item competes for budget at all (known, costed, something to do).
  static bool schedulable(const Item& it) {
    // An item with nothing of its own to do still waits for its lower level.
    return !it.already_met && it.unknown.nodes.empty() && it.no_cost.empty() && it.unremediable.empty() &&
           (!it.needs.empty() || it.lower);
  }

  // ---- State and placement (state.cpp) -------------------------------------------------------
  State initial_state() const;
  double share(const Need& nd) const;
  std::array<int, 3> budgets_of(std::size_t unit, int agency) const;
  double& left_of(State& s, int id, int year) const;
  double left_of(const State& s, int id, int year) const;
  bool fits(const State& s, std::size_t unit, int agency, int y0, int y1, double amount) const;
  void spend(State& s, std::size_t unit, int agency, int y0, int y1, double amount) const;
  int budget_id(BudgetScope scope, const std::string& name) const;
  std::optional<int> earliest(const State& s, std::size_t unit, std::size_t k) const;
  bool place_item(State& s, std::size_t i, int deadline, bool free) const;
  void withdraw(State& s, std::size_t mark, bool free) const;
  std::vector<Placed> remove_item(State& s, std::size_t i) const;
  /// Puts back tasks that remove_item took out, and marks their item funded again.
  void restore(State& s, const std::vector<Placed>& saved, std::size_t item) const;
  void place_pins(State& s);
  std::vector<std::string> prereq_ids(std::size_t k) const;
  std::pair<double, double> score(const State& s) const;

  // ---- Search (greedy.cpp, exact.cpp) --------------------------------------------------------
  /// The priority orders tried, the first being the policy's own.
  std::vector<std::vector<std::size_t>> orders() const;
  void greedy(State& s, const std::vector<std::size_t>& order) const;
  void try_item(State& s, std::size_t i) const;
  void improve(State& s, const std::vector<std::size_t>& order) const;

  // ---- The exact method (milp.cpp) -----------------------------------------------------------
  struct MilpOutcome {
    bool ran = false;     // the solver was called
    bool found = false;   // it has a solution (at least the greedy start)
    bool proven = false;  // optimal
    double bound = std::numeric_limits<double>::infinity();  // its best bound on the objective
    State state;          // its solution, from the base state
  };
  Milp milp_model(const State& base) const;
  double relaxation_bound(const State& base, const Milp& m) const;
  /// The solver on the model, started from `start`; a model above exact_variables gets its LP
  /// relaxation's bound, and the solver only when `large`.
  MilpOutcome milp(const State& base, const Milp& m, const State& start, double time_limit, bool large) const;

  // ---- Diagnosis (diagnose.cpp) and result (planner.cpp) -------------------------------------
  std::vector<Budget> extra_budget(State& s, std::size_t i) const;
  std::vector<Reason> why_missed(State& trial, std::size_t i) const;
  Plan result(const State& s, State& on_time, const std::vector<char>& late,
              const std::vector<std::vector<Budget>>& extra) const;
};

}  // namespace tieuchi::plan::detail
