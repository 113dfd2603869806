// Pack benchmarks (issue #4): reading, checking and compiling the built-in packs, and assessing
// one commune with the scalar evaluator (every key, table, indicator, criterion and level, with
// reasons). Batch assessment of many units is issue #5's.
//
// Run:  build/release/benchmarks/pack_bench

#include <benchmark/benchmark.h>

#include "tieuchi/error.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/model/evaluate.hpp"

using namespace tieuchi;

namespace {

io::PackSearch builtin() { return {{TIEUCHI_BENCH_PACK_DIR}}; }

void BM_LoadNationalPack(benchmark::State& state) {
  for (auto _ : state) {
    auto r = io::load_pack("vn-ntm-2021-2025", builtin());
    if (!r.ok()) state.SkipWithError("pack has errors");
    benchmark::DoNotOptimize(r.rules);
  }
}
BENCHMARK(BM_LoadNationalPack)->Unit(benchmark::kMillisecond);

void BM_LoadLangsonIllustrativeChain(benchmark::State& state) {
  // Four files: national, advanced, Lạng Sơn, illustrative values.
  for (auto _ : state) {
    auto r = io::load_pack(TIEUCHI_BENCH_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml", builtin());
    if (!r.ok()) state.SkipWithError("pack has errors");
    benchmark::DoNotOptimize(r.rules);
  }
}
BENCHMARK(BM_LoadLangsonIllustrativeChain)->Unit(benchmark::kMillisecond);

void BM_AssessOneCommune(benchmark::State& state) {
  auto rules = io::load_pack_or_throw(TIEUCHI_BENCH_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml", builtin());
  model::UnitInputs commune{{"region", "TDMNPB"}, {"particularly_disadvantaged", false},
                            {"safe_zone_poor_district", false}, {"irrigation.active_share", 0.76},
                            {"disaster.mandatory_items_met", true}, {"disaster.score", 62.0},
                            {"schools.count", 4.0}, {"schools.minimum_standard_share", 1.0},
                            {"schools.level1_share", 0.75}, {"income.per_capita", 41.5},
                            {"roads.commune_hardened_share", 0.8}, {"poverty.multidimensional_rate", 0.12}};
  std::size_t nodes = 0;
  for (auto _ : state) {
    auto r = model::evaluate(*rules, commune, 2024);
    nodes = r.nodes.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["nodes/s"] = benchmark::Counter(static_cast<double>(nodes), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_AssessOneCommune)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
