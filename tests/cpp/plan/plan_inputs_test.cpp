// The readers of the planner's inputs (tieuchi/io/plan_inputs.hpp): CSV diagnostics name their
// file, row and column as fields (not in the message); text values name their argument (field)
// and quote the text; years are whole numbers from 1000 to 9999, checked before the conversion
// to int; the longest horizon is the planner's own limit; PlanError carries the E6xx codes.

#include <gtest/gtest.h>

#include <cmath>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "model/pack_support.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/io/plan_inputs.hpp"
#include "tieuchi/io/units_csv.hpp"
#include "tieuchi/plan/planner.hpp"

namespace tieuchi::io {
namespace {

/// The one E612 message of a failed text value (about `field`), or "no error".
template <class T>
std::string e612(const PlanInput<T>& r, const std::string& field) {
  if (r.ok()) return "no error";
  EXPECT_FALSE(r.value.has_value());
  EXPECT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "E612");
  EXPECT_EQ(r.diagnostics[0].field, field);
  return r.diagnostics[0].message;
}

std::string horizon_error(const char* text) { return e612(parse_horizon(text), "horizon"); }

TEST(PlanInputs, BudgetCellsNameRowAndColumn) {
  auto ok = read_budgets_csv_text("b.csv", "year,scope,name,amount\n2023,province,,100\n2024,district,Huyện A,50\n");
  ASSERT_TRUE(ok.ok()) << ok.diagnostics.format();
  ASSERT_EQ(ok.value->size(), 2u);
  EXPECT_EQ((*ok.value)[1].scope, plan::BudgetScope::district);
  EXPECT_EQ((*ok.value)[1].name, "Huyện A");

  auto bad = read_budgets_csv_text("b.csv", "year,scope,name,amount\n2023,county,,100\nnext,province,,-5\n");
  EXPECT_FALSE(bad.ok());
  ASSERT_EQ(bad.diagnostics.size(), 3u);
  const auto& d = bad.diagnostics;
  EXPECT_EQ(d[0].code, "E610");
  EXPECT_EQ(d[0].file, "b.csv");
  EXPECT_EQ(d[0].row, 2u);
  EXPECT_EQ(d[0].column, 2u);
  EXPECT_EQ(d[0].column_name, "scope");
  EXPECT_EQ(d[0].message, "expected province, district or agency, got 'county'");
  EXPECT_EQ(d[1].row, 3u);
  EXPECT_EQ(d[1].column_name, "year");
  EXPECT_EQ(d[1].message, "expected a year, got 'next'");
  EXPECT_EQ(d[2].row, 3u);
  EXPECT_EQ(d[2].column, 4u);
  EXPECT_EQ(d[2].format(), "b.csv: row 3, column 'amount': error[E610]: expected a non-negative amount, got '-5'");
  // The throwing convenience carries the same diagnostics as a PlanError.
  try {
    or_throw(read_budgets_csv_text("b.csv", "year,amount\n99999999999,100\n2024,5\n"));
    FAIL() << "a budget year of 99999999999 was accepted";
  } catch (const PlanError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].code, "E610");
    EXPECT_EQ(e.diagnostics()[0].row, 2u);
    EXPECT_EQ(e.diagnostics()[0].message, "expected a year, got '99999999999'");
  }
}

TEST(PlanInputs, TableShapeAndFiles) {
  auto unknown = read_costs_csv_text("c.csv", "indicator,price\n1.1,5\n");
  ASSERT_EQ(unknown.diagnostics.size(), 1u);
  EXPECT_EQ(unknown.diagnostics[0].code, "E611");
  EXPECT_EQ(unknown.diagnostics[0].row, 1u);
  EXPECT_EQ(unknown.diagnostics[0].column, 2u);
  EXPECT_EQ(unknown.diagnostics[0].column_name, "price");
  EXPECT_EQ(unknown.diagnostics[0].message.rfind("unknown column 'price'", 0), 0u);

  auto missing = read_budgets_csv_text("b.csv", "year\n2023\n");
  ASSERT_EQ(missing.diagnostics.size(), 1u);
  EXPECT_EQ(missing.diagnostics[0].column_name, "amount");
  EXPECT_EQ(missing.diagnostics[0].row, 1u);

  auto ragged = read_budgets_csv_text("b.csv", "year,amount\n2023,1,2\n");
  ASSERT_EQ(ragged.diagnostics.size(), 1u);
  EXPECT_EQ(ragged.diagnostics[0].row, 2u);
  EXPECT_EQ(ragged.diagnostics[0].message, "3 cells, the header has 2");

  auto costs = read_costs_csv_text("c.csv", "indicator,unit,fixed_cost,duration_months\n1.1,,5,\n2.1,u1,x,-3\n");
  ASSERT_EQ(costs.diagnostics.size(), 2u);
  EXPECT_EQ(costs.diagnostics[0].column_name, "fixed_cost");
  EXPECT_EQ(costs.diagnostics[1].column_name, "duration_months");
  EXPECT_EQ(costs.diagnostics[1].row, 3u);
  auto good = read_costs_csv_text("c.csv", "indicator,unit,fixed_cost\n1.1,,5\n");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*(*good.value)[0].fixed, 5.0);

  auto none = read_costs_csv("/nonexistent/costs.csv");
  ASSERT_EQ(none.diagnostics.size(), 1u);
  EXPECT_EQ(none.diagnostics[0].code, "E611");
  EXPECT_EQ(none.diagnostics[0].file, "/nonexistent/costs.csv");
  EXPECT_EQ(read_budgets_csv("/nonexistent/b.csv").diagnostics[0].code, "E610");
}

TEST(PlanInputs, FilesLargerThanTheLimitAreRefusedNotRead) {
  // A sparse file: its size is checked before anything is read (regression: readers took any size).
  auto dir = std::filesystem::temp_directory_path() / ("tieuchi-big-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto big = dir / "budgets.csv";
  { std::ofstream(big) << "year,amount\n"; }
  std::filesystem::resize_file(big, (64ull << 20) + 1);
  auto b = read_budgets_csv(big);
  ASSERT_EQ(b.diagnostics.size(), 1u);
  EXPECT_EQ(b.diagnostics[0].code, "E610");
  EXPECT_EQ(b.diagnostics[0].message, "the file is larger than 64 MiB");
  auto units = dir / "units.csv";
  { std::ofstream(units) << "id\n"; }
  std::filesystem::resize_file(units, (1ull << 30) + 1);
  auto u = read_units_csv(units, *testing_support::build_text("pack: p\nfields: {a: {type: number}}\n"
                                                               "criteria: [{id: C, indicators: [{id: i, rule: a > 1}]}]\n")
                                       .rules);
  ASSERT_EQ(u.diagnostics.size(), 1u);
  EXPECT_EQ(u.diagnostics[0].code, "E512");
  EXPECT_EQ(u.diagnostics[0].message, "the data file is larger than 1024 MiB");
  auto pack = dir / "pack.yaml";
  { std::ofstream(pack) << "pack: p\n"; }
  std::filesystem::resize_file(pack, (64ull << 20) + 1);
  auto r = read_pack_file(pack);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "E311");
  EXPECT_EQ(r.diagnostics[0].message, "the pack file is larger than 64 MiB");
  std::filesystem::remove_all(dir);
}

TEST(PlanInputs, HorizonYearsAreCheckedBeforeTheConversion) {
  EXPECT_EQ(horizon_error("2023-99999999999"),
            "horizon '2023-99999999999': the last year '99999999999' is not a whole number from 1000 to 9999 "
            "(give first-last years, e.g. 2023-2025)");
  EXPECT_EQ(horizon_error("99999999999-2025"),
            "horizon '99999999999-2025': the first year '99999999999' is not a whole number from 1000 to 9999 "
            "(give first-last years, e.g. 2023-2025)");
  EXPECT_NE(horizon_error("2023-4294969319"), "no error");  // 2^32 + 2023
  EXPECT_NE(horizon_error("2023-1e300"), "no error");
  EXPECT_NE(horizon_error("2023-inf"), "no error");
  EXPECT_NE(horizon_error("0-2025"), "no error");
}

TEST(PlanInputs, MalformedHorizonsSayWhichPartIsWrong) {
  EXPECT_EQ(horizon_error(""), "horizon '': it is empty (give first-last years, e.g. 2023-2025)");
  EXPECT_EQ(horizon_error("2023-"), "horizon '2023-': the last year is empty (give first-last years, e.g. 2023-2025)");
  EXPECT_EQ(horizon_error("-2025"), "horizon '-2025': the first year is empty (give first-last years, e.g. 2023-2025)");
  EXPECT_EQ(horizon_error("2025-2023"),
            "horizon '2025-2023': the first year 2025 is after the last year 2023 (give first-last years, e.g. 2023-2025)");
  EXPECT_NE(horizon_error("abc-2025").find("the first year 'abc' is not a whole number"), std::string::npos);
  EXPECT_NE(horizon_error("2023.5-2025").find("the first year '2023.5'"), std::string::npos);
  EXPECT_NE(horizon_error("2023-2024-2025").find("the last year '2024-2025'"), std::string::npos);
  EXPECT_EQ(*parse_horizon("2023-2025").value, std::make_pair(2023, 2025));
  EXPECT_EQ(*parse_horizon("2024").value, std::make_pair(2024, 2024));
  EXPECT_EQ(*parse_horizon(" 2023 - 2025 ").value, std::make_pair(2023, 2025));
  EXPECT_EQ(parse_horizon("x", "span").diagnostics[0].field, "span");
}

TEST(PlanInputs, TargetsAndPolicies) {
  auto t = parse_target("ntm:2024:all");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value->level, "ntm");
  EXPECT_EQ(t.value->year, 2024);
  EXPECT_EQ(t.value->units, plan::TargetUnits::all);
  EXPECT_EQ(parse_target("ntm:2024:recognized").value->units, plan::TargetUnits::recognized);
  EXPECT_EQ(e612(parse_target("ntm"), "target"),
            "target 'ntm': expected level:year or level:year:all (e.g. ntm:2024)");
  EXPECT_NE(e612(parse_target("ntm:2024:some"), "target"), "no error");
  EXPECT_EQ(e612(parse_target("ntm:99999999999"), "target"),
            "target 'ntm:99999999999': the year '99999999999' is not a whole number from 1000 to 9999 (e.g. ntm:2024)");
  EXPECT_NE(e612(parse_target("ntm:-2024"), "target"), "no error");
  EXPECT_NE(e612(parse_target("ntm:2024.5"), "target"), "no error");
  EXPECT_NE(e612(parse_target("ntm:"), "target").find("the year is empty"), std::string::npos);
  EXPECT_EQ(*parse_policy("weighted").value, plan::Policy::weighted);
  EXPECT_EQ(e612(parse_policy("fastest"), "policy"),
            "policy 'fastest': expected protect_recognized, cheapest_first, most_units or weighted");
  EXPECT_THROW(or_throw(parse_policy("fastest")), PlanError);
}

TEST(PlanInputs, MethodsAndTimeLimits) {
  EXPECT_EQ(*parse_method("auto").value, plan::Method::automatic);
  EXPECT_EQ(*parse_method("exact").value, plan::Method::exact);
  EXPECT_EQ(*parse_method("greedy").value, plan::Method::greedy);
  EXPECT_EQ(e612(parse_method("optimal"), "method"), "method 'optimal': expected auto, exact or greedy");
  EXPECT_DOUBLE_EQ(*parse_time_limit(" 2.5 ").value, 2.5);
  EXPECT_EQ(e612(parse_time_limit("ten"), "time_limit"), "time limit 'ten': expected seconds, a number");
  EXPECT_EQ(e612(parse_time_limit("0"), "time_limit"),
            "time limit 0: expected seconds above 0 and at most 86400");
  EXPECT_NE(e612(parse_time_limit("1e9"), "time_limit"), "no error");
  EXPECT_NE(e612(check_time_limit(std::nan("")), "time_limit"), "no error");
  EXPECT_THROW(or_throw(parse_method("")), PlanError);
}

TEST(PlanInputs, PinsAndWeights) {
  auto p = parse_pin("06010:2.2:2023");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.value->unit, "06010");
  EXPECT_EQ(p.value->indicator, "2.2");
  EXPECT_EQ(p.value->year, 2023);
  EXPECT_EQ(parse_pin("u1:a:b:2024").value->indicator, "a:b");
  EXPECT_EQ(e612(parse_pin("06010:2.2"), "pin"),
            "pin '06010:2.2': it needs two ':' (expected UNIT:INDICATOR:YEAR, e.g. 06010:2.2:2023)");
  EXPECT_NE(e612(parse_pin(":2.2:2023"), "pin").find("the unit is empty"), std::string::npos);
  EXPECT_NE(e612(parse_pin("u::2023"), "pin").find("the indicator is empty"), std::string::npos);
  EXPECT_NE(e612(parse_pin("u:2.2:2023x"), "pin").find("the year '2023x' is not a whole number"), std::string::npos);

  auto w = parse_weight("TC5=2");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w.value->first, "TC5");
  EXPECT_EQ(w.value->second, 2.0);
  EXPECT_EQ(e612(parse_weight("TC5"), "weight"), "weight 'TC5': there is no '=' (expected ID=NUMBER, e.g. TC5=2)");
  EXPECT_NE(e612(parse_weight("=2"), "weight").find("the id is empty"), std::string::npos);
  EXPECT_NE(e612(parse_weight("TC5=inf"), "weight").find("'inf' is not a finite number"), std::string::npos);
  EXPECT_NE(e612(parse_weight("TC5=1e999"), "weight"), "no error");
}

/// parse_horizon's longest span and the planner's (its E602) are one limit: a horizon the parser
/// accepts is never refused by the planner for its length, and the next year is refused by both.
TEST(PlanInputs, TheLongestHorizonIsThePlannersLimit) {
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
    plan::PlanOptions o;
    o.targets = {{"basic", 2024}};
    std::tie(o.first_year, o.last_year) = horizon;
    try {
      plan::plan(a, o);
    } catch (const PlanError& e) {
      return e.diagnostics()[0].code + " " + e.diagnostics()[0].message;
    }
    return std::string("no error");
  };
  auto longest = parse_horizon("2023-2073");
  ASSERT_TRUE(longest.ok());
  EXPECT_EQ(planner_error(*longest.value), "no error");
  EXPECT_NE(horizon_error("2023-2074").find("longer than 50 years"), std::string::npos);
  EXPECT_EQ(planner_error({2023, 2074}), "E602 the horizon 2023-2074 is longer than 50 years");
}

/// The planner's errors are PlanError (an Error, not a DataError), with their E6xx code.
TEST(PlanInputs, PlanErrorCarriesTheCodes) {
  PlanError e("x");
  const Error& base = e;
  EXPECT_EQ(dynamic_cast<const DataError*>(&base), nullptr);
  auto r = parse_target("gold");
  try {
    or_throw(std::move(r));
    FAIL();
  } catch (const Error& thrown) {
    EXPECT_NE(dynamic_cast<const PlanError*>(&thrown), nullptr);
    EXPECT_EQ(thrown.diagnostics()[0].code, "E612");
  }
}

}  // namespace
}  // namespace tieuchi::io
