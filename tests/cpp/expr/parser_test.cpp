#include <gtest/gtest.h>

#include <string>

#include "tieuchi/error.hpp"
#include "tieuchi/expr/parser.hpp"

namespace tieuchi::expr {
namespace {

struct PrintCase {
  const char* input;
  const char* printed;
};

void PrintTo(const PrintCase& c, std::ostream* os) { *os << c.input; }

class GrammarTest : public testing::TestWithParam<PrintCase> {};

TEST_P(GrammarTest, ParsesWithPrecedence) {
  auto r = parse(GetParam().input);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  EXPECT_EQ(r.ast->print(), GetParam().printed);
}

INSTANTIATE_TEST_SUITE_P(
    Precedence, GrammarTest,
    testing::Values(
        PrintCase{"1 + 2 * 3", "(1 + (2 * 3))"}, PrintCase{"1 - 2 - 3", "((1 - 2) - 3)"},
        PrintCase{"8 / 4 / 2", "((8 / 4) / 2)"}, PrintCase{"-a * b", "((-a) * b)"},
        PrintCase{"- - a", "(-(-a))"}, PrintCase{"a + b >= c * 2", "((a + b) >= (c * 2))"},
        PrintCase{"a or b and c", "(a or (b and c))"}, PrintCase{"a and b or c", "((a and b) or c)"},
        PrintCase{"not a and b", "((not a) and b)"}, PrintCase{"not a >= 1", "(not (a >= 1))"},
        PrintCase{"a and b and c", "(a and b and c)"}, PrintCase{"(a or b) and c", "((a or b) and c)"},
        PrintCase{"x in [1, 2] or y", "((x in [1, 2]) or y)"},
        PrintCase{"x not in [\"a\"]", "(x not in [\"a\"])"},
        PrintCase{"if a then 1 else 2 + 3", "(if a then 1 else (2 + 3))"},
        PrintCase{"if a then if b then 1 else 2 else 3", "(if a then (if b then 1 else 2) else 3)"},
        PrintCase{"85%", "85%"}, PrintCase{"12.5%", "12.5%"}, PrintCase{"1e6", "1000000"},
        PrintCase{"2.5e-1", "0.25"}, PrintCase{"true or false", "(true or false)"},
        PrintCase{"null", "null"}, PrintCase{"roads.paved_ratio >= 70%", "(roads.paved_ratio >= 70%)"},
        PrintCase{"met(\"2.1\") and value(\"10\") >= 36", "(met(\"2.1\") and (value(\"10\") >= 36))"},
        PrintCase{"f()", "f()"}, PrintCase{"max([a, b], c)", "max([a, b], c)"},
        PrintCase{"'Tây Nguyên' == region", "(\"Tây Nguyên\" == region)"},
        PrintCase{"a # comment\n + b // another\n", "(a + b)"},
        PrintCase{"\"a\\\"b\\u00e0\"", "\"a\\\"bà\""}, PrintCase{"android or notable", "(android or notable)"},
        PrintCase{"a != b", "(a != b)"}, PrintCase{"a<=b", "(a <= b)"}));

struct ErrorCase {
  const char* input;
  const char* code;
  std::uint32_t column;
  const char* message;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.input; }

class ParseErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(ParseErrorTest, ReportsCodeColumnAndMessage) {
  const auto& c = GetParam();
  auto r = parse(c.input);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << r.diagnostics.format();
  const auto& d = r.diagnostics[0];
  EXPECT_EQ(d.code, c.code) << d.format();
  EXPECT_EQ(d.location().line, 1u);
  EXPECT_EQ(d.location().column, c.column) << d.format();
  EXPECT_EQ(d.message, c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ParseErrorTest,
    testing::Values(
        ErrorCase{"(a + b", "E103", 7, "expected ')', found end of input"},
        ErrorCase{"a + ", "E103", 5, "expected expression, found end of input"},
        ErrorCase{"a = 3", "E107", 3, "unexpected '=' after the end of the expression"},
        ErrorCase{"a b", "E107", 3, "unexpected 'b' after the end of the expression"},
        ErrorCase{"\"abc", "E104", 5, "unterminated string"},
        ErrorCase{"a < b < c", "E109", 1, "comparisons do not chain"},
        ErrorCase{"1e400 > x", "E108", 1, "number '1e400' is out of range"},
        ErrorCase{"f(1,,2)", "E103", 5, "expected expression, found ','"},
        ErrorCase{"if a then b", "E103", 12, "expected 'else', found end of input"},
        ErrorCase{"if a b", "E103", 6, "expected 'then', found 'b'"},
        ErrorCase{"x in 1", "E103", 6, "expected list '[...]', found '1'"},
        ErrorCase{"[1, 2", "E103", 6, "expected ']', found end of input"},
        ErrorCase{"   ", "E110", 4, "empty expression"},
        ErrorCase{"\"\\q\"", "E111", 2, "unknown escape sequence '\\q'"},
        ErrorCase{"'Đạt' == x ?", "E107", 12, "unexpected '?' after the end of the expression"}));

TEST(ParseErrorTest, EqualsGivesAHint) {
  auto r = parse("region = \"TDMNPB\"");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].hint, "use '==' to compare for equality");
}

TEST(ParseErrorTest, InvalidUtf8IsReportedWithItsOffset) {
  std::string s = "\"ab\xff\" == x";
  auto r = parse(s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].code, "E102");
  EXPECT_EQ(r.diagnostics[0].span.begin, 3u);
}

TEST(LimitsTest, TenThousandParenthesesIsAnErrorNotACrash) {
  std::string s(10000, '(');
  s += "1";
  s += std::string(10000, ')');
  auto r = parse(s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].code, "E105");
}

TEST(LimitsTest, HundredThousandNestedUnaryOperatorsIsAnError) {
  std::string s;
  for (int i = 0; i < 100000; ++i) s += "not ";
  s += "x";
  auto r = parse(s, Limits{.max_source_bytes = 1 << 20});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].code, "E105");
}

TEST(LimitsTest, NestingUpToTheLimitParses) {
  Limits lim;
  lim.max_depth = 50;
  std::string s(48, '(');
  s += "1";
  s += std::string(48, ')');
  EXPECT_TRUE(parse(s, lim).ok());
  std::string t(60, '(');
  t += "1";
  t += std::string(60, ')');
  EXPECT_EQ(parse(t, lim).diagnostics[0].code, "E105");
}

TEST(LimitsTest, LongSourceIsRejectedBeforeParsing) {
  std::string s(10 * 1024 * 1024, ' ');
  s += "1";
  auto r = parse(s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].code, "E101");
}

TEST(LimitsTest, TooManyNodes) {
  std::string s = "1";
  for (int i = 0; i < 30000; ++i) s += "+1";
  auto r = parse(s, Limits{.max_source_bytes = 1 << 20});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].code, "E106");
}

TEST(LimitsTest, LongFlatChainsDoNotRecurse) {
  // 5,000 terms: fine for the parser (iterative) and for every later pass (post-order arena).
  std::string s = "x";
  for (int i = 0; i < 5000; ++i) s += " + x";
  auto r = parse(s);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  EXPECT_EQ(r.ast->nodes.size(), 10001u);
}

TEST(AstTest, NodesArePostOrderWithSpans) {
  auto ast = parse_or_throw("a + b * 2");
  ASSERT_EQ(ast.nodes.size(), 5u);
  EXPECT_EQ(ast.root, 4u);
  EXPECT_EQ(ast.text(ast.root), "a + b * 2");
  EXPECT_EQ(ast.text(3), "b * 2");
  for (NodeId i = 0; i < ast.nodes.size(); ++i) {
    if (const auto* b = std::get_if<Binary>(&ast.nodes[i].kind)) {
      EXPECT_LT(b->lhs, i);
      EXPECT_LT(b->rhs, i);
    }
  }
}

TEST(AstTest, ParseOrThrowCarriesDiagnostics) {
  try {
    parse_or_throw("(1");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E103");
    EXPECT_NE(std::string(e.what()).find("<expr>:1:3"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tieuchi::expr

namespace tieuchi::expr {
namespace {

TEST(AstTest, SpansIncludeTheParenthesesOfTheirOperands) {
  auto ast = parse_or_throw("share >= (if n > 3 then 70% else 50%)");
  EXPECT_EQ(ast.text(ast.root), "share >= (if n > 3 then 70% else 50%)");
  auto ast2 = parse_or_throw("( a + b ) * c");
  EXPECT_EQ(ast2.text(ast2.root), "( a + b ) * c");
  auto ast3 = parse_or_throw("x == \")\" and (y)");
  EXPECT_EQ(ast3.text(ast3.root), "x == \")\" and (y)");
}

}  // namespace
}  // namespace tieuchi::expr
