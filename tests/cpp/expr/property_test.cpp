// Property test: for random well-typed expressions over random data with missing values, the
// scalar evaluator and the batch evaluator agree on every unit, for any chunk size and thread
// count. Seeded, so a failure is reproducible.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "tieuchi/expr/batch.hpp"
#include "tieuchi/expr/gap.hpp"
#include "tieuchi/expr/program.hpp"

namespace tieuchi::expr {
namespace {

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  std::string number(int depth) {
    int pick = depth <= 0 ? uniform(0, 2) : uniform(0, 19);
    switch (pick) {
      case 0: return literal();
      case 1:
      case 2: return "x" + std::to_string(uniform(0, 4));
      case 3: return "(-" + number(depth - 1) + ")";
      case 4: return "(" + number(depth - 1) + " + " + number(depth - 1) + ")";
      case 5: return "(" + number(depth - 1) + " - " + number(depth - 1) + ")";
      case 6: return "(" + number(depth - 1) + " * " + number(depth - 1) + ")";
      case 7: return "(" + number(depth - 1) + " / " + number(depth - 1) + ")";
      case 8: return "min(" + number(depth - 1) + ", " + number(depth - 1) + ")";
      case 9: return "max([" + number(depth - 1) + ", " + number(depth - 1) + ", " + number(depth - 1) + "])";
      case 10: return "abs(" + number(depth - 1) + ")";
      case 11: return "round(" + number(depth - 1) + ", " + std::to_string(uniform(0, 3)) + ")";
      case 12: return "(if " + boolean(depth - 1) + " then " + number(depth - 1) + " else " + number(depth - 1) + ")";
      case 13: return "coalesce(" + number(depth - 1) + ", " + number(depth - 1) + ")";
      case 14:
        return "lookup(s0, [\"a\", \"b\"], [" + number(depth - 1) + ", " + number(depth - 1) + "], " + number(depth - 1) + ")";
      case 15: return "clamp(" + number(depth - 1) + ", 0, 10)";
      case 16: return "ratio(" + number(depth - 1) + ", " + number(depth - 1) + ")";
      case 17: return "avg(" + number(depth - 1) + ", " + number(depth - 1) + ")";
      case 18: return "count([" + number(depth - 1) + ", null, " + number(depth - 1) + "])";
      default: return "count_met(" + boolean(depth - 1) + ", " + boolean(depth - 1) + ")";
    }
  }

  std::string boolean(int depth) {
    int pick = depth <= 0 ? uniform(0, 1) : uniform(0, 15);
    static const char* cmp[] = {"<", "<=", ">", ">=", "==", "!="};
    switch (pick) {
      case 0: return "b" + std::to_string(uniform(0, 2));
      case 1: return uniform(0, 4) == 0 ? "null" : (uniform(0, 1) ? "true" : "false");
      case 2: return "(not " + boolean(depth - 1) + ")";
      case 3: return "(" + boolean(depth - 1) + " and " + boolean(depth - 1) + ")";
      case 4: return "(" + boolean(depth - 1) + " or " + boolean(depth - 1) + ")";
      case 5:
      case 6:
      case 7: return "(" + number(depth - 1) + " " + cmp[uniform(0, 5)] + " " + number(depth - 1) + ")";
      case 8: return "(x" + std::to_string(uniform(0, 4)) + " in [1, 2, 3])";
      case 9: return uniform(0, 1) ? "(s0 == \"a\")" : "(s0 not in [\"b\", \"c\"])";
      case 10: return "between(" + number(depth - 1) + ", " + number(depth - 1) + ", " + number(depth - 1) + ")";
      case 11: return "is_missing(" + number(depth - 1) + ")";
      case 12:
        return "at_least(" + std::to_string(uniform(0, 3)) + ", " + boolean(depth - 1) + ", " + boolean(depth - 1) +
               ", " + boolean(depth - 1) + ")";
      case 13: return "all([" + boolean(depth - 1) + ", " + boolean(depth - 1) + "])";
      case 14: return "any(" + boolean(depth - 1) + ", " + boolean(depth - 1) + ")";
      default: return "(if " + boolean(depth - 1) + " then " + boolean(depth - 1) + " else " + boolean(depth - 1) + ")";
    }
  }

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  double real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng_); }

 private:
  std::string literal() {
    switch (uniform(0, 4)) {
      case 0: return std::to_string(uniform(0, 3));
      case 1: return std::to_string(uniform(0, 100)) + "%";
      case 2: return "null";
      default: return std::to_string(real(-5, 5));
    }
  }
  std::mt19937 rng_;
};

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// Fields x0..x4 (numbers), b0..b2 (booleans), s0 (a string).
Environment random_environment() {
  Environment env;
  for (int i = 0; i < 5; ++i) env.add_field("x" + std::to_string(i), Type::number);
  for (int i = 0; i < 3; ++i) env.add_field("b" + std::to_string(i), Type::boolean);
  env.add_field("s0", Type::string);
  return env;
}

// Random columns for those fields: small integers (so comparisons tie often), reals, and ~15%
// missing everywhere; bound as a Batch, or one unit as a Record.
struct RandomData {
  RandomData(Generator& gen, std::size_t n, std::vector<std::string> dictionary)
      : rows(n), x(5, std::vector<double>(n)), b(3, std::vector<double>(n)), s(n), dict(std::move(dictionary)) {
    for (std::size_t r = 0; r < n; ++r) {
      for (auto& col : x) col[r] = gen.uniform(0, 6) == 0 ? std::nan("") : (gen.uniform(0, 1) ? gen.uniform(-2, 4) : gen.real(-3, 3));
      for (auto& col : b) col[r] = gen.uniform(0, 6) == 0 ? std::nan("") : gen.uniform(0, 1);
      s[r] = gen.uniform(-1, static_cast<int>(dict.size()) - 1);
    }
  }
  Batch batch(const Environment& env) const {
    Batch out(env, rows);
    for (int i = 0; i < 5; ++i) out.set("x" + std::to_string(i), ColumnView{x[static_cast<std::size_t>(i)]});
    for (int i = 0; i < 3; ++i) out.set("b" + std::to_string(i), ColumnView{b[static_cast<std::size_t>(i)]});
    out.set("s0", StringColumnView{s, dict});
    return out;
  }
  Record record(const Environment& env, std::size_t r) const {
    Record rec(env);
    for (int i = 0; i < 5; ++i) {
      double v = x[static_cast<std::size_t>(i)][r];
      rec.set("x" + std::to_string(i), std::isnan(v) ? Value() : Value(v));
    }
    for (int i = 0; i < 3; ++i) {
      double v = b[static_cast<std::size_t>(i)][r];
      rec.set("b" + std::to_string(i), std::isnan(v) ? Value() : Value(v == 1.0));
    }
    rec.set("s0", s[r] < 0 ? Value() : Value(dict[static_cast<std::size_t>(s[r])]));
    return rec;
  }
  std::size_t rows;
  std::vector<std::vector<double>> x, b;
  std::vector<std::int32_t> s;
  std::vector<std::string> dict;
};

// `count` random expressions over random_environment(): booleans only, or alternately numbers
// and booleans.
void random_expressions(Generator& gen, const Environment& env, int count, bool booleans_only,
                        std::vector<CheckedExpr>& exprs, std::vector<std::string>& texts) {
  for (int i = 0; i < count; ++i) {
    std::string text = booleans_only || i % 2 ? gen.boolean(4) : gen.number(4);
    auto r = analyze(text, env);
    ASSERT_TRUE(r.ok()) << text << "\n" << r.diagnostics.format();
    texts.push_back(text);
    exprs.push_back(std::move(*r.expr));
  }
}

TEST(PropertyTest, ScalarAndBatchAgreeOnRandomExpressionsAndData) {
  Generator gen(20261128);
  Environment env = random_environment();

  std::vector<CheckedExpr> exprs;
  std::vector<std::string> texts;
  random_expressions(gen, env, 300, false, exprs, texts);
  if (HasFatalFailure()) return;
  auto program = compile(exprs);

  const RandomData data(gen, 2000, {"a", "b", "c", "Tây Nguyên"});
  const std::size_t rows = data.rows;
  Batch batch = data.batch(env);

  auto reference = evaluate(program, batch, {.threads = 1, .chunk_rows = 1024});
  auto odd_chunks = evaluate(program, batch, {.threads = 2, .chunk_rows = 7});

  std::size_t compared = 0, unknown = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    Record rec = data.record(env, r);
    auto trace = program.trace(rec);
    for (std::size_t k = 0; k < exprs.size(); ++k) {
      Value sv = trace.output(k);
      double expect = sv.is_missing() ? std::nan("") : sv.is_bool() ? (sv.as_bool() ? 1.0 : 0.0) : sv.as_number();
      ASSERT_TRUE(same(expect, reference.outputs[k].values[r]))
          << "unit " << r << " expr " << texts[k] << ": scalar " << sv.to_string() << ", batch "
          << reference.outputs[k].values[r];
      ASSERT_TRUE(same(reference.outputs[k].values[r], odd_chunks.outputs[k].values[r])) << texts[k];
      ++compared;
      unknown += sv.is_missing();
    }
  }
  EXPECT_EQ(compared, rows * exprs.size());
  // The data must exercise both known and unknown results for the property to mean anything.
  EXPECT_GT(unknown, compared / 20);
  EXPECT_LT(unknown, compared * 9 / 10);
}

// The batch gap total (CompileOptions::gap_totals) is the scalar walk's sum of shortfalls, to the
// bit: same leaves, same choice of `or` branch, same order of summation.
TEST(PropertyTest, BatchGapTotalsEqualTheScalarShortfalls) {
  Generator gen(20261202);
  Environment env = random_environment();
  std::vector<CheckedExpr> exprs;
  std::vector<std::string> texts;
  random_expressions(gen, env, 300, true, exprs, texts);
  if (HasFatalFailure()) return;
  CompileOptions opt;
  opt.gap_totals = true;
  auto program = compile(exprs, opt);
  const RandomData data(gen, 1500, {"a", "b", "c"});
  const std::size_t rows = data.rows;
  Batch batch = data.batch(env);
  auto res = evaluate(program, batch, {.threads = 2, .chunk_rows = 61});
  std::size_t failed = 0, unknown = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    Record rec = data.record(env, r);
    auto trace = program.trace(rec);
    for (std::size_t k = 0; k < exprs.size(); ++k) {
      // Truth values have one (a generated "boolean" may be the literal null: its total is NaN,
      // its status unknown); gaps() decomposes booleans only.
      const Type t = program.output_type(k);
      ASSERT_EQ(program.computes_gap_total(k), t == Type::boolean || t == Type::null) << texts[k];
      if (t != Type::boolean) {
        // A null output's status is written, and unknown.
        ASSERT_EQ(res.outputs[k].status.size(), rows) << texts[k];
        ASSERT_EQ(res.outputs[k].status[r], Status::unknown) << texts[k];
        continue;
      }
      const Status st = trace.status(k);
      const double batch_total = res.outputs[k].gap_total[r];
      // 0 where the rule holds, NaN where it is unknown, the scalar sum where it is false.
      if (st != Status::unmet) {
        ASSERT_TRUE(st == Status::met ? batch_total == 0.0 && !std::signbit(batch_total) : std::isnan(batch_total))
            << "unit " << r << " expr " << texts[k] << ": status " << to_string(st) << ", batch " << batch_total;
        unknown += st == Status::unknown;
        continue;
      }
      double total = 0;
      for (const auto& sf : gaps(program, k, trace)) total += sf.amount;
      ASSERT_TRUE(same(total, batch_total))
          << "unit " << r << " expr " << texts[k] << ": scalar " << total << ", batch " << batch_total;
      ++failed;
    }
  }
  EXPECT_GT(failed, rows * exprs.size() / 10);
  EXPECT_GT(unknown, rows * exprs.size() / 20);
}

// A comparison that holds adds nothing to the gap total, even `==` of two infinities (whose
// difference is NaN); the total is 0 where the rule holds and NaN where it is unknown.
TEST(PropertyTest, GapTotalsAddNothingForComparisonsThatHold) {
  Environment env = random_environment();
  auto r = analyze("x0 == x1 and x2 >= 2", env);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  CompileOptions opt;
  opt.gap_totals = true;
  std::vector<CheckedExpr> exprs{std::move(*r.expr)};
  auto program = compile(exprs, opt);
  const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
  std::vector<double> x0{inf, inf, 1, 1, nan}, x1{inf, inf, 3, 1, 1}, x2{0.5, 2, 0, 5, 5};
  Batch batch(env, x0.size());
  batch.set("x0", ColumnView{x0});
  batch.set("x1", ColumnView{x1});
  batch.set("x2", ColumnView{x2});
  auto res = evaluate(program, batch);
  const auto& total = res.outputs[0].gap_total;
  EXPECT_EQ(total[0], 1.5);  // only x2 >= 2 falls short
  EXPECT_EQ(total[1], 0.0);  // holds
  EXPECT_EQ(total[2], 4.0);  // |1 - 3| + (2 - 0)
  EXPECT_EQ(total[3], 0.0);
  EXPECT_TRUE(std::isnan(total[4]));  // unknown
}

// Nested `or`s ask each operand twice for its shortfalls: compiling them must stay linear in
// the depth (memoised), and the total still the scalar one.
TEST(PropertyTest, DeeplyNestedOrCompilesWithGapTotals) {
  Environment env = random_environment();
  std::string text = "x0 > 40";
  for (int d = 39; d >= 0; --d) text = "x0 > " + std::to_string(d) + " or (" + text + ")";
  auto r = analyze(text, env);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  CompileOptions opt;
  opt.gap_totals = true;
  std::vector<CheckedExpr> exprs{std::move(*r.expr)};
  auto program = compile(exprs, opt);  // 2^40 walks without the memo
  std::vector<double> x{-3.5, 0.0, std::nan("")};
  Batch batch(env, x.size());
  batch.set("x0", ColumnView{x});
  auto res = evaluate(program, batch);
  for (std::size_t u = 0; u < x.size(); ++u) {
    Record rec(env);
    rec.set("x0", std::isnan(x[u]) ? Value() : Value(x[u]));
    auto trace = program.trace(rec);
    double total = 0;
    for (const auto& sf : gaps(program, 0, trace)) total += sf.amount;
    EXPECT_TRUE(same(total, res.outputs[0].gap_total[u])) << u << ": " << total << " vs " << res.outputs[0].gap_total[u];
  }
  EXPECT_EQ(res.outputs[0].gap_total[0], 3.5);  // the cheapest branch: x0 > 0
}

}  // namespace
}  // namespace tieuchi::expr
