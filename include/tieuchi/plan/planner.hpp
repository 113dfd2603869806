#pragma once
/// @file plan/planner.hpp
/// The remediation planner: which unit fixes which indicator in which year, so that units reach
/// (or keep) target levels by their deadlines, within yearly budgets (province, district, agency),
/// respecting the prerequisites between indicators. See docs/planning.md for the model.
///
/// ```cpp
/// auto a = tieuchi::assess::assess(rules, units, {.year = 2023, .costs = true});
/// tieuchi::plan::PlanOptions o;
/// o.first_year = 2023; o.last_year = 2025;
/// o.targets = {{"ntm", 2024}};                       // units recognized at ntm keep it by 2024
/// o.budgets = {{2023, BudgetScope::province, "", 50000}, ...};
/// auto p = tieuchi::plan::plan(a, o);
/// p.tasks; p.outcomes; p.shortfalls;
/// ```

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/export.hpp"

namespace tieuchi::plan {

/// Which budget a yearly amount limits.
enum class BudgetScope : std::uint8_t {
  province,  ///< every task
  district,  ///< tasks of units of that district
  agency,    ///< tasks carried out by that agency
};
TIEUCHI_API std::string_view to_string(BudgetScope s) noexcept;

struct Budget {
  int year = 0;
  BudgetScope scope = BudgetScope::province;
  std::string name;     ///< district or agency; empty for the province
  double amount = 0;    ///< in the cost unit of the pack (e.g. million VND)
};

/// Which units a target applies to.
enum class TargetUnits : std::uint8_t {
  recognized,  ///< units recognized (attribute) at the level or at a level that requires it: keep it
  all,         ///< every unit: reach it
};

struct Target {
  std::string level;  ///< a level of the pack (e.g. "ntm")
  int year = 0;       ///< met at the end of this year at the latest
  TargetUnits units = TargetUnits::recognized;
};

/// Replaces the pack's cost model (and duration, agency) of an indicator, for every unit or one.
/// cost = fixed + per_gap * gap. Unset fields keep the pack's.
struct CostOverride {
  std::string indicator;
  std::string unit;  ///< unit id; empty for every unit
  std::optional<double> fixed;
  std::optional<double> per_gap;
  std::optional<double> duration_months;
  std::string agency;
};

/// A decision the user fixes: this unit fixes this indicator starting in this year.
struct Pin {
  std::string unit;
  std::string indicator;
  int year = 0;
};

/// How targets compete for budget (see docs/planning.md).
enum class Policy : std::uint8_t {
  protect_recognized,  ///< value 2 for a unit that would lose a recognized level, 1 otherwise
  cheapest_first,      ///< every target worth 1, the cheapest funded first
  most_units,          ///< every target worth 1: as many units as possible
  weighted,            ///< value 1 + the weights of the criteria a target fixes (PlanOptions::weights)
};
TIEUCHI_API std::string_view to_string(Policy p) noexcept;

/// Every bound of the search, in one place. The defaults are what the planner has been tuned and
/// tested with (docs/limits.md); smaller values trade plan quality for time.
struct PlannerLimits {
  /// Method::automatic: the model is given to the MILP solver when it has at most this many
  /// variables (one per target and per task and start year); larger instances keep the greedy
  /// plan, with the bound of the budget relaxation.
  std::size_t exact_variables = 400'000;
  /// Up to this many items: swaps (an unfunded item replaces a funded one of less value) and the
  /// perturbed orders below; above it only the main orders, tried once each.
  std::size_t swap_items = 3000;
  /// Up to this many items: also one funded item out, as many unfunded ones in as then fit.
  std::size_t pair_items = 400;
  /// Orders by value density perturbed at random (seeded: the plan stays deterministic) tried
  /// besides the fixed orders, on instances of at most swap_items items.
  int perturbed_orders = 12;
  /// How much a perturbed order may lower an item's density: a factor drawn from [1 - this, 1].
  double perturbation = 0.4;
  /// The seed of the perturbed orders.
  std::uint64_t perturbation_seed = 20231;
  /// Above swap_items items, how many of the fixed orders are tried (the first ones).
  std::size_t large_instance_orders = 2;
  /// The longest horizon (last year - first year), in years (E602 beyond it).
  int max_horizon_years = 50;
};

/// How the plan is searched for (docs/planning.md#methods).
enum class Method : std::uint8_t {
  automatic,  ///< greedy, then the MILP solver within the time limit when the model is small enough
  exact,      ///< greedy, then the MILP solver within the time limit, whatever the size
  greedy,     ///< the greedy search only (the bound is the budget relaxation's)
};
TIEUCHI_API std::string_view to_string(Method m) noexcept;

struct PlanOptions {
  int first_year = 0;  ///< the horizon (inclusive); default: the assessment year
  int last_year = 0;   ///< default: the latest target year
  std::vector<Budget> budgets;  ///< a scope and year without an entry is not limited
  std::vector<Target> targets;
  Policy policy = Policy::protect_recognized;
  std::map<std::string, double> weights;  ///< criterion or indicator id -> weight (Policy::weighted)
  std::vector<CostOverride> costs;
  std::vector<Pin> pins;
  std::string recognized_attribute = "recognized";
  PlannerLimits limits;  ///< bounds of the search (exact method, swaps, orders, horizon)
  Method method = Method::automatic;
  /// Seconds the MILP solver may take (the greedy search comes first and is not counted); when
  /// it runs out, the best plan found stands with the best bound known. The plan is the same for
  /// the same input and options unless this limit is reached.
  double time_limit = 10;
  /// Threads of the MILP solver (1: deterministic).
  int threads = 1;
};

/// One piece of work in the roadmap.
struct Task {
  std::size_t unit;        ///< row in the assessment
  std::string indicator;
  std::string criterion;
  int start_year = 0;
  int end_year = 0;        ///< finished at the end of this year
  double cost = 0;         ///< total; spread evenly over the years start..end
  std::string agency;
  bool pinned = false;
};

/// Why a target is late, missed or cannot be told: a stable kind (to_string gives its machine
/// name) and what it is about. The io writers render it through the message catalogue
/// (`plan.reason.<kind>`) in Vietnamese or English.
struct Reason {
  enum class Kind : std::uint8_t {
    lower_unknown,           ///< needs `level` first, which cannot be told yet
    lower_missed,            ///< needs `level` first, which is missed
    unknown,                 ///< data or thresholds missing for `nodes`
    known_planned,           ///< (with unknown) the known shortfalls are planned
    known_not_planned,       ///< (with unknown) the known shortfalls are not all planned
    unremediable,            ///< criteria `nodes` unmet for reasons no indicator task remedies
    no_cost,                 ///< indicators `nodes` have no cost model
    prerequisite_unplanned,  ///< a prerequisite is neither met nor planned
    chain_too_long,          ///< the work `nodes` (a prerequisite chain) ends in `year`, after `deadline`
    budget_exhausted,        ///< not enough budget left once higher-priority targets are funded
    budget_short,            ///< `budget` is short by budget->amount
  };
  Kind kind = Kind::unknown;
  /// Node ids: the unknown nodes, the criteria, the indicators without cost, or the chain in order.
  std::vector<std::string> nodes;
  /// Parallel to `nodes` for Kind::unknown: the indicator an unknown prerequisite is needed by
  /// (empty for a node that is itself needed).
  std::vector<std::string> needed_by;
  std::string level;            ///< lower_unknown, lower_missed
  int year = 0;                 ///< chain_too_long: the end of the work
  int deadline = 0;             ///< chain_too_long
  std::optional<Budget> budget; ///< budget_short: the budget (year, scope, name) and the amount it lacks
};
TIEUCHI_API std::string_view to_string(Reason::Kind k) noexcept;

/// What happens to one unit's target.
struct Outcome {
  enum class Kind : std::uint8_t {
    already_met,  ///< nothing to do
    on_time,      ///< planned, met by the deadline
    late,         ///< planned within the horizon, after the deadline
    missed,       ///< not planned: see reasons and extra_budget
    cannot_tell,  ///< data or thresholds missing: what is known is planned, the rest unknown
  };
  std::size_t unit;
  std::string level;
  int deadline = 0;
  Kind kind = Kind::missed;
  std::optional<int> reached_year;  ///< the year the level is met (planned), if it is
  double cost = 0;                  ///< of the tasks this target needed
  double value = 0;                 ///< its worth under the policy
  std::vector<Reason> reasons;      ///< why it is late, missed or cannot be told
  /// For late and missed targets: the extra budget that would let it be met on time (each entry
  /// a budget that is short, with the amount), when a plan on time exists at all.
  std::vector<Budget> extra_budget;
};
TIEUCHI_API std::string_view to_string(Outcome::Kind k) noexcept;

/// Totals of one budget for one year.
struct BudgetUse {
  int year = 0;
  BudgetScope scope = BudgetScope::province;
  std::string name;
  double planned = 0;
  std::optional<double> amount;  ///< the limit, if one was given
};

struct Plan {
  std::vector<Task> tasks;          ///< ordered by year, unit, indicator
  std::vector<Outcome> outcomes;    ///< one per unit and target that applies to it
  std::vector<BudgetUse> budgets;   ///< every scope and year with tasks or a limit
  int first_year = 0, last_year = 0;
  Policy policy = Policy::protect_recognized;
  double objective = 0;             ///< total value of the targets met on time
  /// The best upper bound known on the objective: the MILP solver's (proven), else the budget
  /// relaxation's (an LP over the targets: what they must spend by and from each year fits every
  /// budget; docs/planning.md#methods).
  double bound = 0;
  /// (bound - objective) / bound, 0 when the bound is 0: how far from optimal the plan may be.
  double gap = 0;
  bool optimal = false;             ///< the objective is proven optimal (gap 0 by the solver)
  double total_cost = 0;
  /// "exact" (proven by the MILP solver), "exact, time limit" (the solver's best within the
  /// limit), "greedy", or "greedy, time limit" (the solver found nothing better in time).
  std::string method;
  std::string cost_unit;
};

/// Plans the remediation of `a` (assessed with AssessOptions::costs for the pack's cost models).
/// Throws tieuchi::PlanError (E601-E608) for bad options (unknown level, indicator or unit; a pin that breaks
/// a budget or a prerequisite; a horizon that does not contain the targets).
TIEUCHI_API Plan plan(const assess::Assessment& a, const PlanOptions& options);

}  // namespace tieuchi::plan
