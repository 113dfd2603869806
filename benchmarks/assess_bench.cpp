// Assessment benchmarks (issue #5): batch assessment of synthetic communes, end to end from
// loaded columns to the status of every node (keys, keyed thresholds, tables, 79 indicators, 39
// criteria, levels and conditions), for 10,000 and 1,000,000 units.
//
//  - BM_AssessStatuses: the built-in national + advanced + Lạng Sơn packs with the illustrative
//    overlay (every threshold set), statuses only (no value or gap columns).
//  - BM_AssessNationalPack: the national pack alone, as shipped (thresholds not set assess as
//    unknown).
//  - BM_AssessFull: statuses, values and exact gaps (the report path).
//  - BM_ReadAndAssess: a DataFrame's columns (ids as text, strings coded, numbers in place)
//    validated and assessed: /0 read_units() then assess(), /1 assess_units() (the numbers'
//    range checks fused into the assessment's chunks), statuses, one thread.
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
#include "tieuchi/assess/report.hpp"
#include "tieuchi/assess/tables.hpp"
#include "tieuchi/assess/unit_input.hpp"
#include "tieuchi/io/report_writers.hpp"
#include <sstream>
#include "bench_units.hpp"
#include "tieuchi/io/pack_reader.hpp"

using namespace tieuchi;

namespace {

std::shared_ptr<const model::RuleSet> pack(bool illustrative) {
  io::PackSearch search{{TIEUCHI_BENCH_PACK_DIR}};
  static auto full = io::load_pack_or_throw(TIEUCHI_BENCH_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml", search);
  static auto national = io::load_pack_or_throw("vn-ntm-2021-2025", search);
  return illustrative ? full : national;
}

void run(benchmark::State& state, bool illustrative, bool full, std::size_t chunk_rows = 8192) {
  auto rules = pack(illustrative);
  auto n = static_cast<std::size_t>(state.range(0));
  auto table = bench::units(rules->pack(), n);
  assess::AssessOptions opt;
  opt.year = 2024;
  opt.threads = static_cast<unsigned>(state.range(1));
  opt.chunk_rows = chunk_rows;
  opt.values = full;
  opt.gaps = full;
  for (auto _ : state) {
    auto a = assess::assess(rules, table, opt);
    benchmark::DoNotOptimize(a.status(0).data());
  }
  state.counters["units/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = static_cast<double>(rules->nodes().size());
}

/// One thread in 2024, statuses (and values when asked), no gaps.
assess::AssessOptions one_thread(bool values) {
  assess::AssessOptions opt;
  opt.year = 2024;
  opt.threads = 1;
  opt.values = values;
  opt.gaps = false;
  return opt;
}

/// The columns a DataFrame door hands over for `t` (see frames.py's _transport).
assess::UnitInput frame_input(const model::Pack& p, const assess::UnitTable& t) {
  assess::UnitInput in;
  in.file = "DataFrame";
  in.first_row = 1;
  in.rows = t.rows();
  std::uint32_t position = 0;
  std::vector<std::string> ids(t.rows());
  for (std::size_t u = 0; u < ids.size(); ++u) ids[u] = "X" + std::to_string(1000000 + u);
  in.columns.push_back({"id", ++position, assess::TextCells{std::move(ids)}});
  for (const auto& f : p.fields) {
    if (const auto* s = t.strings(f.name)) in.columns.push_back({f.name, ++position, assess::CodedCells{s->codes, s->dictionary}});
    else if (auto v = t.numbers(f.name)) in.columns.push_back({f.name, ++position, assess::NumberCells{expr::ColumnView{*v}, nullptr}});
  }
  return in;
}

void BM_ReadAndAssess(benchmark::State& state) {
  auto rules = pack(true);
  auto n = static_cast<std::size_t>(state.range(0));
  auto table = bench::units(rules->pack(), n);
  const assess::AssessOptions opt = one_thread(/*values=*/false);
  const bool fused = state.range(1) != 0;
  for (auto _ : state) {
    state.PauseTiming();
    assess::UnitInput in = frame_input(rules->pack(), *table);
    state.ResumeTiming();
    if (fused) {
      auto r = assess::assess_units(rules, std::move(in), {}, opt);
      if (!r.ok()) state.SkipWithError(r.diagnostics.format().c_str());
      benchmark::DoNotOptimize(r.assessment);
    } else {
      auto r = assess::read_units(*rules, std::move(in), {});
      if (!r.ok()) state.SkipWithError(r.diagnostics.format().c_str());
      auto a = assess::assess(rules, r.table, opt);
      benchmark::DoNotOptimize(a.status(0).data());
    }
  }
  state.counters["units/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_AssessStatuses(benchmark::State& s) { run(s, true, false); }
// The same with the chunk size as the third argument (units per chunk).
void BM_AssessStatusesChunk(benchmark::State& s) { run(s, true, false, static_cast<std::size_t>(s.range(2))); }
void BM_AssessNationalPack(benchmark::State& s) { run(s, false, false); }
void BM_AssessFull(benchmark::State& s) { run(s, true, true); }

BENCHMARK(BM_AssessStatuses)->Args({10000, 1})->Args({1000000, 1})->Args({1000000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();
// The explain mode of benchmarks/run.py: statuses and values, the summary, and every unit's
// planning-table row (criteria unmet and unknown, highest level, review) as wide CSV. The
// second argument: 0 the whole, 1 the assessment only, 2 the summary only, 3 the CSV only, 4 the
// planning table only (assess::planning_table, what Python's wide() converts).
void BM_Explain(benchmark::State& state) {
  auto rules = pack(true);
  auto n = static_cast<std::size_t>(state.range(0));
  auto table = bench::units(rules->pack(), n);
  const assess::AssessOptions opt = one_thread(/*values=*/true);
  const auto part = state.range(1);
  std::optional<assess::Assessment> a;
  std::optional<assess::Summary> s;
  if (part >= 2) {
    a.emplace(assess::assess(rules, table, opt));
    s.emplace(assess::summarize(*a));
  }
  for (auto _ : state) {
    if (part <= 1) a.emplace(assess::assess(rules, table, opt));
    if (part == 0 || part == 2) s.emplace(assess::summarize(*a));
    if (part == 4) benchmark::DoNotOptimize(assess::planning_table(*a, *s).rows());
    if (part == 0 || part == 3) {
      std::ostringstream out;
      io::write_wide_csv(out, *a, *s);
      benchmark::DoNotOptimize(out.str().size());
    }
  }
}

BENCHMARK(BM_Explain)->Args({1000000, 0})->Args({1000000, 1})->Args({1000000, 2})->Args({1000000, 3})->Args({1000000, 4})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_AssessStatusesChunk)->Args({1000000, 1, 512})->Args({1000000, 1, 1024})->Args({1000000, 1, 2048})->Args({1000000, 1, 4096})->Args({1000000, 1, 8192})->Args({1000000, 1, 16384})->Args({1000000, 2, 2048})->Args({1000000, 2, 4096})->Args({1000000, 2, 8192})->Args({1000000, 2, 16384})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AssessNationalPack)->Args({10000, 1})->Args({1000000, 1})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ReadAndAssess)->Args({1000000, 0})->Args({1000000, 1})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(BM_AssessFull)->Args({10000, 1})->Args({1000000, 1})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
