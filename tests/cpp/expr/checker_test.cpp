#include <gtest/gtest.h>

#include "tieuchi/error.hpp"
#include "tieuchi/expr/checker.hpp"

namespace tieuchi::expr {
namespace {

Environment make_env() {
  Environment env;
  env.add_field("roads.paved_ratio", Type::number, "%");
  env.add_field("income", Type::number, "million VND/person/year");
  env.add_field("region", Type::string);
  env.add_field("has_market", Type::boolean);
  env.add_parameter("income_min", Type::number);
  env.add_node("2.1", Type::number, "%");
  env.add_node("10", Type::number);
  return env;
}

struct TypeCase {
  const char* input;
  Type type;
};

void PrintTo(const TypeCase& c, std::ostream* os) { *os << c.input; }

class CheckTypeTest : public testing::TestWithParam<TypeCase> {};

TEST_P(CheckTypeTest, InfersType) {
  auto env = make_env();
  auto r = analyze(GetParam().input, env);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  EXPECT_EQ(r.expr->type(), GetParam().type) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Types, CheckTypeTest,
    testing::Values(TypeCase{"income >= income_min", Type::boolean}, TypeCase{"income * 12", Type::number},
                    TypeCase{"region == \"TDMNPB\"", Type::boolean}, TypeCase{"not has_market", Type::boolean},
                    TypeCase{"if has_market then 1 else null", Type::number},
                    TypeCase{"coalesce(income, 0)", Type::number}, TypeCase{"is_missing(region)", Type::boolean},
                    TypeCase{"min(income, 3, income_min)", Type::number}, TypeCase{"sum([1, 2, income])", Type::number},
                    TypeCase{"all(has_market, income > 1)", Type::boolean},
                    TypeCase{"count_met([has_market, met(\"2.1\")])", Type::number},
                    TypeCase{"at_least(2, has_market, met(\"2.1\"), income > 1)", Type::boolean},
                    TypeCase{"lookup(region, [\"DBSH\", \"DNB\"], [50, 59], 36)", Type::number},
                    TypeCase{"lookup(region, [\"DBSH\"], [\"a\"])", Type::string},
                    TypeCase{"value(\"2.1\") >= 70%", Type::boolean}, TypeCase{"gap(\"10\")", Type::number},
                    TypeCase{"applicable(\"2.1\")", Type::boolean}, TypeCase{"round(income, 1)", Type::number},
                    TypeCase{"between(income, 1, 2)", Type::boolean}, TypeCase{"pct(85) == 85%", Type::boolean},
                    TypeCase{"region in [\"DBSH\", \"DNB\"]", Type::boolean}, TypeCase{"null", Type::null},
                    TypeCase{"count([region, null])", Type::number}, TypeCase{"ratio(income, 2)", Type::number}));

struct CheckErrorCase {
  const char* input;
  const char* code;
  std::uint32_t column;
  const char* message;
  const char* hint;
};

void PrintTo(const CheckErrorCase& c, std::ostream* os) { *os << c.input; }

class CheckErrorTest : public testing::TestWithParam<CheckErrorCase> {};

TEST_P(CheckErrorTest, ReportsCodeColumnMessageHint) {
  auto env = make_env();
  const auto& c = GetParam();
  auto r = analyze(c.input, env, {.rule_id = "x.1"});
  ASSERT_FALSE(r.ok());
  ASSERT_GE(r.diagnostics.size(), 1u);
  const auto& d = r.diagnostics[0];
  EXPECT_EQ(d.code, c.code) << d.format();
  EXPECT_EQ(d.location().column, c.column) << d.format();
  EXPECT_EQ(d.message, c.message) << d.format();
  EXPECT_EQ(d.hint, c.hint) << d.format();
  EXPECT_EQ(d.rule_id, "x.1");
}

INSTANTIATE_TEST_SUITE_P(
    Errors, CheckErrorTest,
    testing::Values(
        CheckErrorCase{"incme >= 1", "E201", 1, "unknown name 'incme'", "did you mean 'income'?"},
        CheckErrorCase{"paved_ratio >= 1", "E201", 1, "unknown name 'paved_ratio'", "did you mean 'roads.paved_ratio'?"},
        CheckErrorCase{"x2 >= 1", "E201", 1, "unknown name 'x2'", ""},
        CheckErrorCase{"maxx(1, 2)", "E202", 1, "unknown function 'maxx'", "did you mean 'max'?"},
        CheckErrorCase{"abs(1, 2)", "E203", 1, "abs() takes 1 argument, 2 given", "usage: abs(x): absolute value"},
        CheckErrorCase{"income + region", "E204", 10, "'+' needs a number, but this is a string", ""},
        CheckErrorCase{"region > \"A\"", "E204", 1, "'>' needs numbers; strings can only be compared with == and !=", ""},
        CheckErrorCase{"income == region", "E204", 1, "cannot compare a number with a string", ""},
        CheckErrorCase{"between(income, \"a\", 2)", "E205", 17, "between() needs a number, but this is a string", ""},
        CheckErrorCase{"met(\"2.2\")", "E206", 5, "reference to unknown node '2.2'", "did you mean '2.1'?"},
        CheckErrorCase{"met(region)", "E207", 5, "met() needs the node id as a string literal, e.g. met(\"2.1\")", ""},
        CheckErrorCase{"income and has_market", "E208", 1, "'and' needs a bool, but this is a number", ""},
        CheckErrorCase{"if income then 1 else 2", "E208", 4, "the condition of 'if' needs a bool, but this is a number", ""},
        CheckErrorCase{"if has_market then 1 else \"a\"", "E209", 27, "the branches of 'if' differ: 'then' is a number, 'else' is a string", ""},
        CheckErrorCase{"[1, \"a\"]", "E210", 5, "list items must have one type: this is a string, earlier items are numbers", ""},
        CheckErrorCase{"[1, 2]", "E212", 1, "a list can only follow 'in' or be a function argument", ""},
        CheckErrorCase{"max([])", "E213", 1, "max() of an empty list", ""},
        CheckErrorCase{"lookup(region, [\"a\"], [1, 2])", "E214", 1, "lookup() has 1 keys but 2 values", ""},
        CheckErrorCase{"round(income, income)", "E215", 15, "round() digits must be a whole number from 0 to 15 written as a constant", ""},
        CheckErrorCase{"2.1 >= 1 and \"2.1\"", "E208", 14, "'and' needs a bool, but this is a string", ""}));

TEST(CheckerTest, ReportsEveryProblemNotOnlyTheFirst) {
  auto env = make_env();
  auto r = analyze("incme > 1 and regon == \"x\" and foo(1)", env);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 3u) << r.diagnostics.format();
  EXPECT_EQ(r.diagnostics[0].code, "E201");
  EXPECT_EQ(r.diagnostics[1].code, "E201");
  EXPECT_EQ(r.diagnostics[2].code, "E202");
}

TEST(CheckerTest, ErrorsDoNotCascade) {
  auto env = make_env();
  auto r = analyze("(incme + 1) * 2 >= 3 and has_market", env);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.size(), 1u) << r.diagnostics.format();
}

TEST(CheckerTest, ExpectedTypeIsEnforced) {
  auto env = make_env();
  auto r = analyze("income * 2", env, {.expected = Type::boolean});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].code, "E211");
  EXPECT_EQ(r.diagnostics[0].message, "this rule must be a bool expression, but it is a number");
  EXPECT_TRUE(analyze("income > 2", env, {.expected = Type::boolean}).ok());
}

TEST(CheckerTest, ComparisonWithNullWarns) {
  auto env = make_env();
  auto r = analyze("income == null", env);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "W201");
  EXPECT_EQ(r.diagnostics[0].severity, Severity::warning);
}

TEST(CheckerTest, NodeIdWrittenAsNameGetsAReferenceHint) {
  Environment env;
  env.add_node("school_rule", Type::boolean);
  auto r = analyze("school_rule", env);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].hint, "'school_rule' is a node of the pack: write met(\"school_rule\") or value(\"school_rule\")");
}

TEST(CheckerTest, RecordsUsesForTheDependencyGraph) {
  auto env = make_env();
  auto r = analyze("income >= income_min and met(\"2.1\") and income > 0", env);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.expr->uses.size(), 4u);
  EXPECT_EQ(r.expr->uses[0].slot, env.find("income")->slot);
  EXPECT_EQ(r.expr->uses[1].slot, env.find("income_min")->slot);
  EXPECT_EQ(r.expr->uses[2].slot, env.find_reference("2.1", Accessor::met)->slot);
}

TEST(CheckerTest, NativeFunctionsAreTyped) {
  auto reg = FunctionRegistry::with_builtins();
  reg->add("per_1000", {Type::number, Type::number}, Type::number,
           [](std::span<const double> a) { return 1000 * a[0] / a[1]; });
  Environment env(reg);
  env.add_field("doctors", Type::number);
  env.add_field("ok", Type::boolean);
  EXPECT_TRUE(analyze("per_1000(doctors, 5000) > 1", env).ok());
  auto bad = analyze("per_1000(ok, 1)", env);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.diagnostics[0].code, "E205");
  EXPECT_THROW(reg->add("per_1000", {}, Type::number, [](std::span<const double>) { return 0.0; }),
               std::invalid_argument);
}

TEST(CheckerTest, AnalyzeOrThrowPicksTheExceptionType) {
  auto env = make_env();
  EXPECT_THROW(analyze_or_throw("(", env), ParseError);
  EXPECT_THROW(analyze_or_throw("nope", env), CheckError);
}

TEST(EnvironmentTest, RejectsBadOrDuplicateNames) {
  Environment env;
  env.add_field("a.b", Type::number);
  EXPECT_THROW(env.add_field("a.b", Type::number), std::invalid_argument);
  EXPECT_THROW(env.add_field("1x", Type::number), std::invalid_argument);
  EXPECT_THROW(env.add_field("and", Type::number), std::invalid_argument);
  EXPECT_THROW(env.add_parameter("a.b", Type::number), std::invalid_argument);
  EXPECT_THROW(env.add_field("l", Type::list), std::invalid_argument);
}

}  // namespace
}  // namespace tieuchi::expr
