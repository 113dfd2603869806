#include <gtest/gtest.h>

#include <cmath>

#include "eval_support.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/expr/batch.hpp"

namespace tieuchi::expr {
namespace {

using testing_support::eval;
using testing_support::standard_env;

const Value T(true), F(false), U;  // true, false, unknown

struct TruthCase {
  Value p, q, and_, or_;
};

void PrintTo(const TruthCase& c, std::ostream* os) { *os << c.p.to_string() << "," << c.q.to_string(); }

class KleeneTest : public testing::TestWithParam<TruthCase> {};

TEST_P(KleeneTest, AndOrFollowKleeneLogic) {
  auto env = standard_env();
  const auto& c = GetParam();
  std::map<std::string, Value> in{{"p", c.p}, {"q", c.q}};
  EXPECT_EQ(eval(env, "p and q", in), c.and_) << c.p.to_string() << " and " << c.q.to_string();
  EXPECT_EQ(eval(env, "p or q", in), c.or_) << c.p.to_string() << " or " << c.q.to_string();
  EXPECT_EQ(eval(env, "all(p, q)", in), c.and_);
  EXPECT_EQ(eval(env, "any([p, q])", in), c.or_);
}

INSTANTIATE_TEST_SUITE_P(TruthTable, KleeneTest,
                         testing::Values(TruthCase{T, T, T, T}, TruthCase{T, F, F, T}, TruthCase{T, U, U, T},
                                         TruthCase{F, T, F, T}, TruthCase{F, F, F, F}, TruthCase{F, U, F, U},
                                         TruthCase{U, T, U, T}, TruthCase{U, F, F, U}, TruthCase{U, U, U, U}));

TEST(KleeneTest, NotOfUnknownIsUnknown) {
  auto env = standard_env();
  EXPECT_EQ(eval(env, "not p", {{"p", T}}), F);
  EXPECT_EQ(eval(env, "not p", {{"p", F}}), T);
  EXPECT_EQ(eval(env, "not p", {}), U);
}

TEST(MissingTest, ComparisonWithMissingIsUnknown) {
  auto env = standard_env();
  for (const char* op : {"<", "<=", ">", ">=", "==", "!="}) {
    EXPECT_EQ(eval(env, std::string("x ") + op + " 1", {}), U) << op;
    EXPECT_EQ(eval(env, std::string("1 ") + op + " x", {}), U) << op;
  }
  EXPECT_EQ(eval(env, "s == \"a\"", {}), U);
  EXPECT_EQ(eval(env, "s in [\"a\", \"b\"]", {}), U);
  EXPECT_EQ(eval(env, "s not in [\"a\"]", {}), U);
}

TEST(MissingTest, ArithmeticWithMissingIsMissing) {
  auto env = standard_env();
  for (const char* e : {"x + 1", "x - 1", "x * 0", "0 / x", "-x", "abs(x)", "round(x, 2)", "pct(x)", "min(x, 1)",
                        "max(1, x)", "sum(x, 1)", "avg([x, 1])", "clamp(x, 0, 1)", "ratio(x, 2)", "x + y"}) {
    EXPECT_EQ(eval(env, e, {{"y", 1.0}}), U) << e;
  }
}

TEST(MissingTest, MissingIsNeverZeroOrFalse) {
  auto env = standard_env();
  // If missing were 0, this would be true; if it were false, `not p` would be true.
  EXPECT_EQ(eval(env, "x == 0", {}), U);
  EXPECT_EQ(eval(env, "not p", {}), U);
  EXPECT_EQ(eval(env, "x * 0 == 0", {}), U);
}

TEST(MissingTest, FunctionsThatHandleMissing) {
  auto env = standard_env();
  EXPECT_EQ(eval(env, "coalesce(x, y, 7)", {{"y", 3.0}}), Value(3.0));
  EXPECT_EQ(eval(env, "coalesce(x, y, 7)", {}), Value(7.0));
  EXPECT_EQ(eval(env, "is_missing(x)", {}), T);
  EXPECT_EQ(eval(env, "is_missing(x)", {{"x", 0.0}}), F);
  EXPECT_EQ(eval(env, "is_missing(s)", {{"s", "a"}}), F);
  EXPECT_EQ(eval(env, "count([x, y, 3])", {{"y", 0.0}}), Value(2.0));
  EXPECT_EQ(eval(env, "count_met(p, q, true)", {{"p", T}, {"q", F}}), Value(2.0));
  EXPECT_EQ(eval(env, "count_met(p, q)", {{"p", T}}), U);
}

TEST(MissingTest, AtLeastIsUnknownOnlyWhenUndecided) {
  auto env = standard_env();
  EXPECT_EQ(eval(env, "at_least(1, p, q)", {{"p", T}}), T);   // one true already
  EXPECT_EQ(eval(env, "at_least(2, p, q)", {{"p", T}}), U);   // q could decide
  EXPECT_EQ(eval(env, "at_least(2, p, q)", {{"p", F}}), F);   // cannot reach 2
  EXPECT_EQ(eval(env, "at_least(2, [p, q, true])", {{"p", T}, {"q", F}}), T);
}

TEST(EvalTest, ArithmeticAndPercent) {
  auto env = standard_env();
  EXPECT_EQ(eval(env, "1 + 2 * 3 - 4 / 2", {}), Value(5.0));
  EXPECT_EQ(eval(env, "85% == 0.85", {}), T);
  EXPECT_EQ(eval(env, "pct(85) == 85%", {}), T);
  EXPECT_EQ(eval(env, "x / y", {{"x", 1.0}, {"y", 0.0}}), U);  // division by zero is missing, not inf
  EXPECT_EQ(eval(env, "ratio(x, y)", {{"x", 3.0}, {"y", 4.0}}), Value(0.75));
  EXPECT_EQ(eval(env, "round(x, 1)", {{"x", 2.25}}), Value(2.3));
  EXPECT_EQ(eval(env, "round(x)", {{"x", -2.5}}), Value(-3.0));
  EXPECT_EQ(eval(env, "clamp(x, 0, 1)", {{"x", 1.5}}), Value(1.0));
  EXPECT_EQ(eval(env, "avg(x, y, 3)", {{"x", 1.0}, {"y", 2.0}}), Value(2.0));
  EXPECT_EQ(eval(env, "max([x, y])", {{"x", 1.0}, {"y", 2.0}}), Value(2.0));
  EXPECT_EQ(eval(env, "between(x, 1, 2)", {{"x", 2.0}}), T);
  EXPECT_EQ(eval(env, "between(x, 1, 2)", {{"x", 2.01}}), F);
}

TEST(EvalTest, IfAndLookup) {
  auto env = standard_env();
  EXPECT_EQ(eval(env, "if p then 1 else 2", {{"p", T}}), Value(1.0));
  EXPECT_EQ(eval(env, "if p then 1 else 2", {{"p", F}}), Value(2.0));
  EXPECT_EQ(eval(env, "if p then 1 else 2", {}), U);
  const char* income = "lookup(s, [\"TDMNPB\", \"DBSH\", \"DNB\"], [36, 50, 59], 45)";
  EXPECT_EQ(eval(env, income, {{"s", "DBSH"}}), Value(50.0));
  EXPECT_EQ(eval(env, income, {{"s", "TN"}}), Value(45.0));
  EXPECT_EQ(eval(env, income, {}), U);
  EXPECT_EQ(eval(env, "lookup(s, [\"a\"], [\"x\"])", {{"s", "a"}}), Value("x"));
  EXPECT_EQ(eval(env, "lookup(s, [\"a\"], [1])", {{"s", "b"}}), U);
}

TEST(EvalTest, StringsCompareByContent) {
  auto env = standard_env();
  EXPECT_EQ(eval(env, "s == \"Tây Nguyên\"", {{"s", "Tây Nguyên"}}), T);
  EXPECT_EQ(eval(env, "s != 'x'", {{"s", "y"}}), T);
  EXPECT_EQ(eval(env, "s in [\"DBSH\", \"DNB\"]", {{"s", "DNB"}}), T);
  EXPECT_EQ(eval(env, "s not in [\"DBSH\", \"DNB\"]", {{"s", "DNB"}}), F);
  EXPECT_EQ(eval(env, "s in []", {{"s", "DNB"}}), F);
}

TEST(EvalTest, NativeFunctionsRunInBothEvaluators) {
  auto reg = FunctionRegistry::with_builtins();
  reg->add("per_1000", {Type::number, Type::number}, Type::number,
           [](std::span<const double> a) { return 1000.0 * a[0] / a[1]; });
  reg->add("or_zero", {Type::number}, Type::number,
           [](std::span<const double> a) { return std::isnan(a[0]) ? 0.0 : a[0]; }, "", MissingPolicy::pass);
  Environment env(reg);
  env.add_field("x", Type::number);
  env.add_field("y", Type::number);
  EXPECT_EQ(eval(env, "per_1000(x, y)", {{"x", 3.0}, {"y", 1500.0}}), Value(2.0));
  EXPECT_EQ(eval(env, "per_1000(x, y)", {{"x", 3.0}}), Value());
  EXPECT_EQ(eval(env, "or_zero(x) + 1", {}), Value(1.0));
}

TEST(EvalTest, ReferencesReadTheirSlots) {
  Environment env;
  env.add_node("8.1", Type::boolean);
  env.add_node("10", Type::number);
  auto program = compile(analyze_or_throw("met(\"8.1\") and value(\"10\") >= 36", env));
  Record r(env);
  r.set_reference("8.1", Accessor::met, true).set_reference("10", Accessor::value, 40.0);
  EXPECT_EQ(program.evaluate(r)[0], Value(true));
  r.set_reference("10", Accessor::value, Value());
  EXPECT_EQ(program.evaluate(r)[0], Value());
}

TEST(CompileTest, FoldsConstantsAndSharesWork) {
  auto env = standard_env();
  std::vector<CheckedExpr> exprs{analyze_or_throw("x >= 2 * 40%", env), analyze_or_throw("x >= 0.8 and p", env)};
  auto program = compile(exprs);
  // load x, ge x 0.8 (shared), load p, and: 4 instructions; 2 * 40% was folded.
  EXPECT_EQ(program.instruction_count(), 4u) << program.disassemble();
  EXPECT_EQ(program.output_count(), 2u);
  EXPECT_EQ(program.input_slots().size(), 2u);
}

TEST(RecordTest, RejectsUnknownNamesAndWrongTypes) {
  auto env = standard_env();
  Record r(env);
  try {
    r.set("z", 1.0);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E501");
  }
  try {
    r.set("x", "text");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E502");
    EXPECT_EQ(e.diagnostics()[0].column_name, "x");
  }
  EXPECT_NO_THROW(r.set("x", Value()));
}

TEST(BatchTest, MasksKeyedParametersAndConstants) {
  Environment env;
  env.add_field("share", Type::number);
  env.add_parameter("threshold", Type::number);
  auto program = compile(analyze_or_throw("share >= threshold", env));
  std::vector<double> share{0.9, 0.5, 0.7, 0.8};
  std::vector<std::uint8_t> valid{1, 1, 0, 1};
  std::vector<double> table{0.8, 0.6};  // by region code
  std::vector<std::int32_t> region{0, 1, 0, 7};
  Batch batch(env, 4);
  batch.set("share", ColumnView{share, valid}).set_keyed("threshold", table, region);
  auto r = evaluate(program, batch);
  ASSERT_EQ(r.outputs[0].status.size(), 4u);
  EXPECT_EQ(r.outputs[0].status[0], Status::met);
  EXPECT_EQ(r.outputs[0].status[1], Status::unmet);    // 0.5 < 0.6
  EXPECT_EQ(r.outputs[0].status[2], Status::unknown);  // masked out
  EXPECT_EQ(r.outputs[0].status[3], Status::unknown);  // region 7 has no threshold
  batch.set_constant("threshold", 0.75);
  auto r2 = evaluate(program, batch);
  EXPECT_EQ(r2.outputs[0].status[1], Status::unmet);
  EXPECT_EQ(r2.outputs[0].status[3], Status::met);
}

TEST(BatchTest, UnboundAndMisSizedColumnsAreDataErrors) {
  Environment env;
  env.add_field("a", Type::number);
  env.add_field("b", Type::number);
  auto program = compile(analyze_or_throw("a + b > 1", env));
  std::vector<double> a{1, 2};
  Batch batch(env, 2);
  batch.set("a", ColumnView{a});
  try {
    evaluate(program, batch);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E504");
    EXPECT_EQ(e.diagnostics()[0].column_name, "b");
  }
  std::vector<double> three{1, 2, 3};
  try {
    batch.set("b", ColumnView{three});
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E503");
  }
}

TEST(BatchTest, EvaluateIntoWritesCallerBuffers) {
  Environment env;
  env.add_field("a", Type::number);
  auto program = compile(analyze_or_throw("a > 1", env));
  std::vector<double> a{0, 2, std::nan("")};
  Batch batch(env, 3);
  batch.set("a", ColumnView{a});
  std::vector<double> values(3);
  std::vector<Status> status(3);
  OutputSpan out{values.data(), status.data()};
  evaluate_into(program, batch, std::span<const OutputSpan>(&out, 1));
  EXPECT_EQ(status, (std::vector<Status>{Status::unmet, Status::met, Status::unknown}));
  EXPECT_EQ(values[1], 1.0);
  EXPECT_TRUE(std::isnan(values[2]));
}

}  // namespace
}  // namespace tieuchi::expr
