// Assessment benchmarks (issue #5): batch assessment of synthetic communes, end to end from
// loaded columns to the status of every node (keys, keyed thresholds, tables, 79 indicators, 39
// criteria, levels and conditions), for 10,000 and 1,000,000 units.
//
//  - BM_AssessStatuses: the built-in national + advanced + Lạng Sơn packs with the illustrative
//    overlay (every threshold set), statuses only (no value or gap columns).
//  - BM_AssessNationalPack: the national pack alone, as shipped (thresholds not set assess as
//    unknown).
//  - BM_AssessFull: statuses, values and exact gaps (the report path).
// Inputs are drawn once per size (seeded); 0.5% of cells are missing.
//
// Run:  build/release/benchmarks/assess_bench  (benchmarks/assess_ratio.py prints the ratios to the
// expression benchmark's hand-written loop)

#include <benchmark/benchmark.h>

#include <cmath>
#include <map>
#include <memory>
#include <random>

#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/io/pack_reader.hpp"

using namespace tieuchi;

namespace {

std::shared_ptr<const model::RuleSet> pack(bool illustrative) {
  io::PackSearch search{{TIEUCHI_BENCH_PACK_DIR}};
  static auto full = io::load_pack_or_throw(TIEUCHI_BENCH_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml", search);
  static auto national = io::load_pack_or_throw("vn-ntm-2021-2025", search);
  return illustrative ? full : national;
}

std::shared_ptr<const assess::UnitTable> units(const model::Pack& p, std::size_t n) {
  static std::map<std::pair<const model::Pack*, std::size_t>, std::shared_ptr<const assess::UnitTable>> cache;
  auto key = std::make_pair(&p, n);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  auto t = std::make_shared<assess::UnitTable>(n);
  t->ids.resize(n);
  for (const auto& f : p.fields) {
    if (f.type == Type::string) {
      std::vector<std::string> v(n);
      for (auto& x : v)
        if (!f.values.empty()) x = f.values[rng() % f.values.size()];
      t->set_strings(f.name, v);
      continue;
    }
    std::vector<double> v(n);
    for (auto& x : v) {
      if (u01(rng) < 0.005) { x = std::nan(""); continue; }
      if (f.type == Type::boolean) { x = u01(rng) < 0.9 ? 1.0 : 0.0; continue; }
      double lo = f.min.value_or(0.0), hi = f.max.value_or(lo + 100.0);
      if (f.unit == "%") { lo = 0.4; hi = 1.0; }
      x = f.name == "schools.count" ? std::floor(1 + u01(rng) * 7) : lo + u01(rng) * (hi - lo);
      if (f.max && x > *f.max) x = *f.max;
      if (hi <= 3) x = std::floor(x);
    }
    t->set_numbers(f.name, std::move(v));
  }
  cache[key] = t;
  return t;
}

void run(benchmark::State& state, bool illustrative, bool full) {
  auto rules = pack(illustrative);
  auto n = static_cast<std::size_t>(state.range(0));
  auto table = units(rules->pack(), n);
  assess::AssessOptions opt;
  opt.year = 2024;
  opt.threads = static_cast<unsigned>(state.range(1));
  opt.values = full;
  opt.gaps = full;
  for (auto _ : state) {
    auto a = assess::assess(rules, table, opt);
    benchmark::DoNotOptimize(a.status(0).data());
  }
  state.counters["units/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = static_cast<double>(rules->nodes().size());
}

void BM_AssessStatuses(benchmark::State& s) { run(s, true, false); }
void BM_AssessNationalPack(benchmark::State& s) { run(s, false, false); }
void BM_AssessFull(benchmark::State& s) { run(s, true, true); }

BENCHMARK(BM_AssessStatuses)->Args({10000, 1})->Args({1000000, 1})->Args({1000000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AssessNationalPack)->Args({10000, 1})->Args({1000000, 1})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AssessFull)->Args({10000, 1})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
