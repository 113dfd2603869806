// Expression benchmarks (issue #3).
//
//  - Compile: parse + check + compile 1,000 indicator-like expressions.
//  - Workload: 60 rules in the shape of the peer-engine protocol (../shared/reference): 32
//    thresholds (30 keyed by region), 8 ranges, 8 ratios, 6 all-of criteria, 4 prerequisite
//    rules and 2 weighted composite scores, over N units with 5% missing values; tieuchi's
//    batch evaluator side by side with a hand-written C++ loop over the same columns that
//    computes the same statuses. Before timing, both are run once and compared unit by unit;
//    a mismatch aborts the benchmark.
//
// Run:  build/release/benchmarks/expr_bench  (benchmarks/expr_ratio.py prints the ratios)

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "tieuchi/tieuchi.hpp"

using namespace tieuchi;

namespace {

constexpr int kColumns = 40;
constexpr int kRegions = 7;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Workload {
  std::size_t rows;
  std::vector<std::vector<double>> x;  // kColumns columns
  std::vector<std::int32_t> region;
  std::vector<std::vector<double>> t;  // 30 threshold tables, one value per region
  std::vector<std::string> rules;
  std::vector<bool> is_bool;
};

Workload make_workload(std::size_t rows) {
  Workload w;
  w.rows = rows;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0, 1);
  w.x.assign(kColumns, std::vector<double>(rows));
  for (auto& col : w.x)
    for (auto& v : col) v = u(rng) < 0.05 ? kNaN : u(rng);
  // Some denominators are exactly 0 (ratio rules must treat those as unknown).
  for (std::size_t i = 0; i < rows; i += 97) w.x[39][i] = 0.0;
  w.region.resize(rows);
  for (auto& r : w.region) r = static_cast<std::int32_t>(rng() % kRegions);
  w.t.assign(30, std::vector<double>(kRegions));
  for (auto& tab : w.t)
    for (auto& v : tab) v = 0.1 + 0.7 * u(rng);  // thresholds pass 20-90% of the time
  auto thr = [](int j) { return "x" + std::to_string(j) + " >= t" + std::to_string(j); };
  for (int j = 0; j < 30; ++j) w.rules.push_back(thr(j));
  w.rules.push_back("x30 >= 50%");
  w.rules.push_back("x31 <= 0.9");
  for (int j = 0; j < 8; ++j)
    w.rules.push_back("between(x" + std::to_string(30 + j) + ", 0.1, " + std::to_string(0.6 + 0.04 * j) + ")");
  for (int j = 0; j < 8; ++j)
    w.rules.push_back("x" + std::to_string(20 + j) + " / x" + std::to_string(j % 2 ? 39 : 38) + " >= 0.5");
  for (int k = 0; k < 6; ++k) {
    std::string c;
    for (int j = 5 * k; j < 5 * k + 5; ++j) c += (c.empty() ? "" : " and ") + thr(j);
    w.rules.push_back(c);
  }
  for (int k = 0; k < 4; ++k)
    w.rules.push_back("(" + thr(k) + " and " + thr(k + 10) + ") and x" + std::to_string(32 + k) + " >= 0.3");
  for (int s = 0; s < 2; ++s) {
    std::string e;
    for (int j = 0; j < 10; ++j)
      e += (e.empty() ? "" : " + ") + std::string("0.1 * clamp((x") + std::to_string(10 * s + j) + " - 0.2) / 0.6, 0, 1)";
    w.rules.push_back(e);
  }
  for (const auto& r : w.rules) w.is_bool.push_back(r.find("clamp") == std::string::npos);
  return w;
}

// ---- the hand-written loop: same statuses, no engine ----------------------------------------

inline std::uint8_t tri(double v, bool ok) { return std::isnan(v) ? 2 : (ok ? 1 : 0); }
inline std::uint8_t kand(std::uint8_t a, std::uint8_t b) { return (a == 0 || b == 0) ? 0 : ((a == 2 || b == 2) ? 2 : 1); }

void hand_loop(const Workload& w, std::vector<std::vector<std::uint8_t>>& st, std::vector<std::vector<double>>& sc) {
  const std::size_t n = w.rows;
  const auto* reg = w.region.data();
  int r = 0;
  for (int j = 0; j < 30; ++j) {
    const double* x = w.x[j].data();
    const double* t = w.t[j].data();
    auto* o = st[r++].data();
    for (std::size_t i = 0; i < n; ++i) {
      double v = x[i], th = t[reg[i]];
      o[i] = std::isnan(v) ? 2 : (v >= th ? 1 : 0);
    }
  }
  {
    const double* x = w.x[30].data();
    auto* o = st[r++].data();
    for (std::size_t i = 0; i < n; ++i) o[i] = tri(x[i], x[i] >= 0.5);
    const double* y = w.x[31].data();
    auto* p = st[r++].data();
    for (std::size_t i = 0; i < n; ++i) p[i] = tri(y[i], y[i] <= 0.9);
  }
  for (int j = 0; j < 8; ++j) {
    const double* x = w.x[30 + j].data();
    const double hi = 0.6 + 0.04 * j;
    auto* o = st[r++].data();
    for (std::size_t i = 0; i < n; ++i) o[i] = tri(x[i], x[i] >= 0.1 && x[i] <= hi);
  }
  for (int j = 0; j < 8; ++j) {
    const double* a = w.x[20 + j].data();
    const double* b = w.x[j % 2 ? 39 : 38].data();
    auto* o = st[r++].data();
    for (std::size_t i = 0; i < n; ++i) {
      double q = b[i] == 0.0 ? kNaN : a[i] / b[i];
      o[i] = tri(q, q >= 0.5);
    }
  }
  for (int k = 0; k < 6; ++k) {
    auto* o = st[r++].data();
    for (std::size_t i = 0; i < n; ++i) {
      std::uint8_t s = st[5 * k][i];
      for (int j = 1; j < 5; ++j) s = kand(s, st[5 * k + j][i]);
      o[i] = s;
    }
  }
  for (int k = 0; k < 4; ++k) {
    const double* x = w.x[32 + k].data();
    auto* o = st[r++].data();
    for (std::size_t i = 0; i < n; ++i) o[i] = kand(kand(st[k][i], st[k + 10][i]), tri(x[i], x[i] >= 0.3));
  }
  for (int s = 0; s < 2; ++s) {
    auto& out = sc[s];
    std::fill(out.begin(), out.end(), 0.0);
    for (int j = 0; j < 10; ++j) {
      const double* x = w.x[10 * s + j].data();
      double* o = out.data();
      for (std::size_t i = 0; i < n; ++i) o[i] += 0.1 * std::clamp((x[i] - 0.2) / 0.6, 0.0, 1.0);
    }
  }
}

// ---- the engine ----------------------------------------------------------------------------

struct Engine {
  expr::Environment env;
  expr::Program program;
  std::unique_ptr<expr::Batch> batch;
  explicit Engine(const Workload& w) {
    for (int j = 0; j < kColumns; ++j) env.add_field("x" + std::to_string(j), Type::number);
    for (int j = 0; j < 30; ++j) env.add_parameter("t" + std::to_string(j), Type::number);
    std::vector<expr::CheckedExpr> exprs;
    for (const auto& r : w.rules) exprs.push_back(expr::analyze_or_throw(r, env));
    program = expr::compile(exprs);
    batch = std::make_unique<expr::Batch>(env, w.rows);
    for (int j = 0; j < kColumns; ++j) batch->set("x" + std::to_string(j), expr::ColumnView{w.x[j]});
    for (int j = 0; j < 30; ++j) batch->set_keyed("t" + std::to_string(j), w.t[j], w.region);
  }
  void run(std::vector<std::vector<std::uint8_t>>& st, std::vector<std::vector<double>>& sc, unsigned threads) {
    std::vector<expr::OutputSpan> out;
    int b = 0, s = 0;
    for (std::size_t k = 0; k < program.output_count(); ++k) {
      if (program.output_type(k) == Type::boolean)
        out.push_back({nullptr, reinterpret_cast<Status*>(st[b++].data())});
      else
        out.push_back({sc[s++].data(), nullptr});
    }
    expr::evaluate_into(program, *batch, out, {.threads = threads});
  }
};

struct Fixture {
  Workload w;
  Engine engine;
  std::vector<std::vector<std::uint8_t>> st_hand, st_engine;
  std::vector<std::vector<double>> sc_hand, sc_engine;
  explicit Fixture(std::size_t rows)
      : w(make_workload(rows)), engine(w), st_hand(58, std::vector<std::uint8_t>(rows)),
        st_engine(58, std::vector<std::uint8_t>(rows)), sc_hand(2, std::vector<double>(rows)),
        sc_engine(2, std::vector<double>(rows)) {
    hand_loop(w, st_hand, sc_hand);
    engine.run(st_engine, sc_engine, 1);
    std::size_t unknown = 0;
    for (std::size_t k = 0; k < 58; ++k)
      for (std::size_t i = 0; i < rows; ++i) {
        unknown += st_hand[k][i] == 2;
        if (st_hand[k][i] != st_engine[k][i]) {
          std::fprintf(stderr, "MISMATCH rule %zu unit %zu: hand %d engine %d\n", k, i, st_hand[k][i], st_engine[k][i]);
          std::abort();
        }
      }
    for (std::size_t s = 0; s < 2; ++s)
      for (std::size_t i = 0; i < rows; ++i) {
        double a = sc_hand[s][i], b = sc_engine[s][i];
        if (!((std::isnan(a) && std::isnan(b)) || std::abs(a - b) < 1e-12)) {
          std::fprintf(stderr, "MISMATCH score %zu unit %zu: %g vs %g\n", s, i, a, b);
          std::abort();
        }
      }
    if (unknown == 0) std::abort();  // the workload must contain unknowns
  }
};

Fixture& fixture(std::size_t rows) {
  static std::map<std::size_t, std::unique_ptr<Fixture>> cache;
  auto& f = cache[rows];
  if (!f) f = std::make_unique<Fixture>(rows);
  return *f;
}

void BM_HandLoop60Rules(benchmark::State& state) {
  auto& f = fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    hand_loop(f.w, f.st_hand, f.sc_hand);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Engine60Rules(benchmark::State& state) {
  auto& f = fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    f.engine.run(f.st_engine, f.sc_engine, static_cast<unsigned>(state.range(1)));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Compile1000Expressions(benchmark::State& state) {
  expr::Environment env;
  for (int j = 0; j < kColumns; ++j) env.add_field("x" + std::to_string(j), Type::number);
  env.add_field("region", Type::string);
  std::vector<std::string> texts;
  for (int i = 0; i < 1000; ++i) {
    int a = i % kColumns, b = (i * 7 + 3) % kColumns;
    switch (i % 4) {
      case 0: texts.push_back("x" + std::to_string(a) + " >= " + std::to_string(i % 90) + "%"); break;
      case 1: texts.push_back("x" + std::to_string(a) + " / x" + std::to_string(b) + " >= 0.5 and x" + std::to_string(b) + " <= 1e6"); break;
      case 2:
        texts.push_back("x" + std::to_string(a) + " >= lookup(region, [\"TDMNPB\", \"DBSH\", \"DNB\"], [36, 50, 59], 41)");
        break;
      default:
        texts.push_back("if x" + std::to_string(b) + " > 3 then x" + std::to_string(a) + " >= 70% else x" + std::to_string(a) +
                        " >= 50%");
    }
  }
  for (auto _ : state) {
    std::vector<expr::CheckedExpr> exprs;
    exprs.reserve(texts.size());
    for (const auto& t : texts) exprs.push_back(expr::analyze_or_throw(t, env));
    auto p = expr::compile(exprs);
    benchmark::DoNotOptimize(p.instruction_count());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

}  // namespace

BENCHMARK(BM_Compile1000Expressions)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HandLoop60Rules)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Engine60Rules)->Args({10000, 1})->Args({1000000, 1})->Args({1000000, 2})->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
