// The planner's text arguments (targets, horizons, budget years): a year is a whole number from
// 1000 to 9999, checked before it is converted to int (issue #16: `2023-99999999999` used to
// come back as {2023, INT_MIN} and the plan silently ran to the last target), every malformed
// horizon is refused saying which part is wrong, and the longest horizon parse_horizon accepts
// is the planner's own limit.

#include <gtest/gtest.h>

#include <string>

#include "model/pack_support.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/plan/plan_io.hpp"
#include "tieuchi/plan/planner.hpp"

namespace tieuchi::plan {
namespace {

/// The message of the E612 that `f` throws, or "no error".
template <class F>
std::string e612(F&& f) {
  try {
    f();
  } catch (const DataError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].code, "E612");
    return e.diagnostics()[0].message;
  }
  return "no error";
}

std::string horizon_error(const char* text) {
  return e612([&] { parse_horizon(text); });
}

TEST(PlanArgs, HorizonYearsAreCheckedBeforeTheConversion) {
  EXPECT_EQ(horizon_error("2023-99999999999"),
            "horizon '2023-99999999999': the last year '99999999999' is not a whole number from 1000 to 9999 "
            "(give first-last years, e.g. 2023-2025)");
  EXPECT_EQ(horizon_error("99999999999-2025"),
            "horizon '99999999999-2025': the first year '99999999999' is not a whole number from 1000 to 9999 "
            "(give first-last years, e.g. 2023-2025)");
  // 2^32 + 2023: wraps to 2023 through a 32-bit conversion.
  EXPECT_NE(horizon_error("2023-4294969319"), "no error");
  EXPECT_NE(horizon_error("2023-1e300"), "no error");
  EXPECT_NE(horizon_error("2023-inf"), "no error");
  EXPECT_NE(horizon_error("0-2025"), "no error");
}

TEST(PlanArgs, MalformedHorizonsSayWhichPartIsWrong) {
  EXPECT_EQ(horizon_error(""), "horizon '': it is empty (give first-last years, e.g. 2023-2025)");
  EXPECT_EQ(horizon_error("2023-"), "horizon '2023-': the last year is empty (give first-last years, e.g. 2023-2025)");
  EXPECT_EQ(horizon_error("-2025"), "horizon '-2025': the first year is empty (give first-last years, e.g. 2023-2025)");
  EXPECT_EQ(horizon_error("2025-2023"),
            "horizon '2025-2023': the first year 2025 is after the last year 2023 (give first-last years, e.g. 2023-2025)");
  EXPECT_NE(horizon_error("abc-2025").find("the first year 'abc' is not a whole number"), std::string::npos);
  EXPECT_NE(horizon_error("2023.5-2025").find("the first year '2023.5'"), std::string::npos);
  EXPECT_NE(horizon_error("2023-2024-2025").find("the last year '2024-2025'"), std::string::npos);
  // What stays accepted.
  EXPECT_EQ(parse_horizon("2023-2025"), std::make_pair(2023, 2025));
  EXPECT_EQ(parse_horizon("2024"), std::make_pair(2024, 2024));
  EXPECT_EQ(parse_horizon(" 2023 - 2025 "), std::make_pair(2023, 2025));
}

TEST(PlanArgs, TargetYearsAreChecked) {
  EXPECT_EQ(e612([] { parse_target("ntm:99999999999"); }),
            "target 'ntm:99999999999': the year '99999999999' is not a whole number from 1000 to 9999 (e.g. ntm:2024)");
  EXPECT_NE(e612([] { parse_target("ntm:-2024"); }), "no error");
  EXPECT_NE(e612([] { parse_target("ntm:2024.5"); }), "no error");
  EXPECT_NE(e612([] { parse_target("ntm:"); }).find("the year is empty"), std::string::npos);
  EXPECT_EQ(parse_target("ntm:2024").year, 2024);
}

TEST(PlanArgs, BudgetYearsAreChecked) {
  try {
    read_budgets_csv_text("b.csv", "year,amount\n99999999999,100\n2024,5\n");
    FAIL() << "a budget year of 99999999999 was accepted";
  } catch (const DataError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].code, "E610");
    EXPECT_EQ(e.diagnostics()[0].message, "b.csv:2: column 'year': expected a year, got '99999999999'");
  }
}

/// parse_horizon's longest span and the planner's (its E602) are one limit: a horizon the parser
/// accepts is never refused by the planner for its length, and the next year is refused by both.
TEST(PlanArgs, TheLongestHorizonIsThePlannersLimit) {
  auto built = testing_support::build_text(R"(pack: horizon-demo
fields:
  a: {type: number}
criteria:
  - id: C1
    indicators:
      - id: "1.1"
        rule: a >= 1
        remediation: {cost: '10', duration_months: 12}
levels:
  - {id: basic, criteria: [C1]}
)");
  ASSERT_TRUE(built.rules) << built.diagnostics.format();
  auto t = std::make_shared<assess::UnitTable>(1);
  t->ids.push_back("u1");
  t->set_numbers("a", {0.0});
  assess::AssessOptions ao;
  ao.year = 2023;
  ao.costs = true;
  auto a = assess::assess(built.rules, t, ao);
  auto planner_error = [&](std::pair<int, int> horizon) {
    PlanOptions o;
    o.targets = {{"basic", 2024}};
    std::tie(o.first_year, o.last_year) = horizon;
    try {
      plan(a, o);
    } catch (const DataError& e) {
      return e.diagnostics()[0].code + " " + e.diagnostics()[0].message;
    }
    return std::string("no error");
  };
  auto longest = parse_horizon("2023-2073");
  EXPECT_EQ(planner_error(longest), "no error");
  EXPECT_NE(horizon_error("2023-2074").find("longer than 50 years"), std::string::npos);
  EXPECT_EQ(planner_error({2023, 2074}), "E602 the horizon 2023-2074 is longer than 50 years");
}

}  // namespace
}  // namespace tieuchi::plan
