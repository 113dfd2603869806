#include <gtest/gtest.h>

#include <cmath>

#include "tieuchi/expr/batch.hpp"
#include "tieuchi/expr/gap.hpp"

namespace tieuchi::expr {
namespace {

class GapTest : public testing::Test {
 protected:
  GapTest() {
    env.add_field("roads.paved_ratio", Type::number, "%");
    env.add_field("poverty_rate", Type::number, "%");
    env.add_field("has_market", Type::boolean);
    env.add_field("has_store", Type::boolean);
    env.add_field("schools.count", Type::number);
    env.add_field("schools.level1_share", Type::number, "%");
    env.add_field("income", Type::number);
  }
  std::vector<Shortfall> gaps_of(const std::string& rule, const std::map<std::string, Value>& in) {
    program = compile(analyze_or_throw(rule, env));
    Record r(env);
    for (const auto& [k, v] : in) r.set(k, v);
    return gaps(program, 0, program.trace(r));
  }
  Environment env;
  Program program;
};

TEST_F(GapTest, GreaterOrEqualShortfallIsThresholdMinusValue) {
  auto g = gaps_of("roads.paved_ratio >= 70%", {{"roads.paved_ratio", 0.55}});
  ASSERT_EQ(g.size(), 1u);
  EXPECT_NEAR(g[0].amount, 0.15, 1e-12);
  EXPECT_EQ(g[0].text, "roads.paved_ratio >= 70%");
  EXPECT_EQ(g[0].lhs, Value(0.55));
  EXPECT_EQ(g[0].rhs, Value(0.7));
  EXPECT_TRUE(g[0].comparison);
}

TEST_F(GapTest, AtMostShortfallIsValueMinusCeiling) {
  auto g = gaps_of("poverty_rate <= 13%", {{"poverty_rate", 0.2}});
  ASSERT_EQ(g.size(), 1u);
  EXPECT_NEAR(g[0].amount, 0.07, 1e-12);
}

TEST_F(GapTest, MetRuleHasNoShortfall) {
  EXPECT_TRUE(gaps_of("roads.paved_ratio >= 70%", {{"roads.paved_ratio", 0.7}}).empty());
}

TEST_F(GapTest, AndReportsEveryFailedPart) {
  auto g = gaps_of("roads.paved_ratio >= 70% and poverty_rate <= 13% and income >= 36",
                   {{"roads.paved_ratio", 0.5}, {"poverty_rate", 0.1}, {"income", 30.0}});
  ASSERT_EQ(g.size(), 2u);
  EXPECT_NEAR(g[0].amount, 0.2, 1e-12);
  EXPECT_EQ(g[1].text, "income >= 36");
  EXPECT_NEAR(g[1].amount, 6.0, 1e-12);
}

TEST_F(GapTest, OrReportsTheCheapestBranch) {
  // Criterion 7: a standard market, or (without a market) a standard store: one missing item.
  auto g = gaps_of("income >= 36 or (roads.paved_ratio >= 90% and poverty_rate <= 5%)",
                   {{"income", 30.0}, {"roads.paved_ratio", 0.5}, {"poverty_rate", 0.2}});
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].text, "income >= 36");
  auto h = gaps_of("has_market or has_store", {{"has_market", false}, {"has_store", false}});
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].amount, 1.0);
  EXPECT_FALSE(h[0].comparison);
}

TEST_F(GapTest, IfFollowsTheBranchTaken) {
  const char* rule = "schools.level1_share >= (if schools.count > 3 then 70% else 50%)";
  auto g = gaps_of(rule, {{"schools.count", 4.0}, {"schools.level1_share", 0.6}});
  ASSERT_EQ(g.size(), 1u);
  EXPECT_NEAR(g[0].amount, 0.1, 1e-12);
  auto h = gaps_of("if schools.count > 3 then schools.level1_share >= 70% else schools.level1_share >= 50%",
                   {{"schools.count", 2.0}, {"schools.level1_share", 0.4}});
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].text, "schools.level1_share >= 50%");
  EXPECT_NEAR(h[0].amount, 0.1, 1e-12);
}

TEST_F(GapTest, BetweenReportsTheViolatedBound) {
  auto g = gaps_of("between(income, 10, 20)", {{"income", 25.0}});
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].amount, 5.0);
  EXPECT_EQ(g[0].op, BinaryOp::le);
  EXPECT_EQ(g[0].rhs, Value(20.0));
}

TEST_F(GapTest, StrictComparisonFailingOnEqualityIsFlagged) {
  auto g = gaps_of("income > 36", {{"income", 36.0}});
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].amount, 0.0);
  EXPECT_TRUE(g[0].strict);
}

TEST_F(GapTest, UnknownPartsHaveNaNAmount) {
  auto g = gaps_of("income >= 36 and roads.paved_ratio >= 70%", {{"roads.paved_ratio", 0.5}});
  ASSERT_EQ(g.size(), 2u);
  EXPECT_TRUE(std::isnan(g[0].amount));
  EXPECT_TRUE(g[0].lhs.is_missing());
  EXPECT_NEAR(g[1].amount, 0.2, 1e-12);
}

TEST_F(GapTest, BatchLeafColumnsMatchScalarShortfalls) {
  const char* rule = "roads.paved_ratio >= 70% and poverty_rate <= 13% and has_market";
  auto p = compile(analyze_or_throw(rule, env), {.gaps = true});
  ASSERT_EQ(gap_leaves(p, 0).size(), 3u);
  std::vector<double> paved{0.5, 0.8, std::nan("")}, poverty{0.2, 0.1, 0.1}, market{1, 0, 1};
  Batch batch(env, 3);
  batch.set("roads.paved_ratio", ColumnView{paved}).set("poverty_rate", ColumnView{poverty});
  batch.set("has_market", ColumnView{market});
  auto r = evaluate(p, batch);
  const auto& g = r.outputs[0].gaps;
  ASSERT_EQ(g.size(), 3u);
  EXPECT_NEAR(g[0][0], 0.2, 1e-12);
  EXPECT_NEAR(g[1][0], 0.07, 1e-12);
  EXPECT_EQ(g[2][0], 0.0);
  EXPECT_EQ(g[0][1], 0.0);
  EXPECT_EQ(g[2][1], 1.0);
  EXPECT_TRUE(std::isnan(g[0][2]));
  // The same numbers from the scalar path for unit 0.
  Record rec(env);
  rec.set("roads.paved_ratio", 0.5).set("poverty_rate", 0.2).set("has_market", true);
  auto s = gaps(p, 0, p.trace(rec));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].amount, g[0][0]);
  EXPECT_EQ(s[1].amount, g[1][0]);
}

}  // namespace
}  // namespace tieuchi::expr
