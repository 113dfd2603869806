// Planner benchmark (issue #7): 10,000 synthetic communes assessed against the national pack (with
// the advanced pack and the illustrative thresholds of the Lạng Sơn example, so no threshold is
// unknown), then planned over the 3-year horizon 2023-2025 with the target "every commune meets
// ntm by 2025", the example's illustrative cost table, and province budgets of 40% of what the
// whole work would cost (so the budgets bind and the search has to choose).
//
//  - BM_PlanTenThousand/0: plan() alone, greedy (the assessment is done once, outside the timing);
//    /1 method auto, /2 method exact (the MILP solver, 60 s limit): objective, bound, gap.
//  - BM_AssessAndPlanTenThousand: assessment with costs + plan().
//
// Run:  build/release/benchmarks/plan_bench

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "bench_units.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/io/plan_inputs.hpp"
#include "tieuchi/io/plan_writers.hpp"
#include "tieuchi/plan/planner.hpp"

using namespace tieuchi;

namespace {

struct Setup {
  std::shared_ptr<const model::RuleSet> rules;
  std::shared_ptr<assess::UnitTable> table;
  plan::PlanOptions options;
  std::size_t items = 0;
};

const Setup& setup() {
  static Setup s = [] {
    Setup x;
    io::PackSearch search{{TIEUCHI_BENCH_PACK_DIR}};
    x.rules = io::load_pack_or_throw(TIEUCHI_BENCH_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml", search);
    std::size_t n = 10000;
    x.table = std::make_shared<assess::UnitTable>(*bench::units(x.rules->pack(), n));
    x.table->ids.resize(n);
    x.table->names.resize(n);
    x.table->districts.resize(n);
    for (std::size_t u = 0; u < n; ++u) {
      x.table->ids[u] = std::to_string(100000 + u);
      x.table->districts[u] = "District " + std::to_string(u % 11);
    }
    x.options.first_year = 2023;
    x.options.last_year = 2025;
    x.options.targets = {{"ntm", 2025, plan::TargetUnits::all}};
    x.options.costs = io::or_throw(io::read_costs_csv(TIEUCHI_BENCH_EXAMPLE_DATA_DIR "/costs-illustrative.csv"));
    assess::AssessOptions ao;
    ao.year = 2023;
    ao.costs = true;
    auto a = assess::assess(x.rules, x.table, ao);
    x.options.method = plan::Method::greedy;
    auto unlimited = plan::plan(a, x.options);
    for (int y = 2023; y <= 2025; ++y)
      x.options.budgets.push_back({y, plan::BudgetScope::province, "", 0.4 * unlimited.total_cost / 3});
    x.items = unlimited.outcomes.size();
    return x;
  }();
  return s;
}

/// plan() alone with the method of the benchmark's argument (0 greedy, 1 auto, 2 exact), the
/// solver's time limit 60 s: the plan's objective, bound, gap (in %) and whether it is proven.
void BM_PlanTenThousand(benchmark::State& state) {
  const auto& s = setup();
  assess::AssessOptions ao;
  ao.year = 2023;
  ao.costs = true;
  auto a = assess::assess(s.rules, s.table, ao);
  auto options = s.options;
  options.method = state.range(0) == 0 ? plan::Method::greedy : state.range(0) == 1 ? plan::Method::automatic
                                                                                    : plan::Method::exact;
  options.time_limit = 60;
  plan::Plan p;
  for (auto _ : state) {
    p = plan::plan(a, options);
    const double& objective = p.objective;  // a const reference: DoNotOptimize only reads it
    benchmark::DoNotOptimize(objective);
  }
  std::size_t on_time = 0;
  for (const auto& o : p.outcomes) on_time += o.kind == plan::Outcome::Kind::on_time;
  state.counters["units"] = static_cast<double>(a.size());
  state.counters["targets"] = static_cast<double>(s.items);
  state.counters["tasks"] = static_cast<double>(p.tasks.size());
  state.counters["on_time"] = static_cast<double>(on_time);
  state.SetLabel(fmt::format("{}: objective {:.6g}, bound {:.6g}, gap {:.2f}%{}", p.method, p.objective, p.bound,
                              100 * p.gap, p.optimal ? " (optimal)" : ""));
}

void BM_AssessAndPlanTenThousand(benchmark::State& state) {
  const auto& s = setup();
  for (auto _ : state) {
    assess::AssessOptions ao;
    ao.year = 2023;
    ao.costs = true;
    auto a = assess::assess(s.rules, s.table, ao);
    auto p = plan::plan(a, s.options);  // greedy, as set up
    const double& objective = p.objective;
    benchmark::DoNotOptimize(objective);
  }
}

}  // namespace

BENCHMARK(BM_PlanTenThousand)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PlanTenThousand)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AssessAndPlanTenThousand)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
