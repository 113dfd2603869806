// Planner benchmark (issue #7): 10,000 synthetic communes assessed against the national pack (with
// the advanced pack and the illustrative thresholds of the Lạng Sơn example, so no threshold is
// unknown), then planned over the 3-year horizon 2023-2025 with the target "every commune meets
// ntm by 2025", the example's illustrative cost table, and province budgets of 40% of what the
// whole work would cost (so the budgets bind and the search has to choose).
//
//  - BM_PlanTenThousand: plan() alone (the assessment is done once, outside the timing).
//  - BM_AssessAndPlanTenThousand: assessment with costs + plan().
//
// Run:  build/release/benchmarks/plan_bench

#include <benchmark/benchmark.h>

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
    auto unlimited = plan::plan(a, x.options);
    for (int y = 2023; y <= 2025; ++y)
      x.options.budgets.push_back({y, plan::BudgetScope::province, "", 0.4 * unlimited.total_cost / 3});
    x.items = unlimited.outcomes.size();
    return x;
  }();
  return s;
}

void BM_PlanTenThousand(benchmark::State& state) {
  const auto& s = setup();
  assess::AssessOptions ao;
  ao.year = 2023;
  ao.costs = true;
  auto a = assess::assess(s.rules, s.table, ao);
  std::size_t tasks = 0, on_time = 0;
  for (auto _ : state) {
    auto p = plan::plan(a, s.options);
    tasks = p.tasks.size();
    on_time = 0;
    for (const auto& o : p.outcomes) on_time += o.kind == plan::Outcome::Kind::on_time;
    benchmark::DoNotOptimize(p.objective);
  }
  state.counters["units"] = static_cast<double>(a.size());
  state.counters["targets"] = static_cast<double>(s.items);
  state.counters["tasks"] = static_cast<double>(tasks);
  state.counters["on_time"] = static_cast<double>(on_time);
}

void BM_AssessAndPlanTenThousand(benchmark::State& state) {
  const auto& s = setup();
  for (auto _ : state) {
    assess::AssessOptions ao;
    ao.year = 2023;
    ao.costs = true;
    auto a = assess::assess(s.rules, s.table, ao);
    auto p = plan::plan(a, s.options);
    benchmark::DoNotOptimize(p.objective);
  }
}

}  // namespace

BENCHMARK(BM_PlanTenThousand)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AssessAndPlanTenThousand)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
