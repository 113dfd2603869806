// The remediation planner: prerequisites never violated, budgets never exceeded, targets met when
// feasible, infeasibility explained (chains too long, budgets short, costs or data missing),
// determinism, the exact method never worse than the greedy one, and the writers' tables.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <sstream>

#include "model/pack_support.hpp"
#include "tieuchi/io/report_writers.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/io/plan_writers.hpp"
#include "tieuchi/plan/planner.hpp"

namespace tieuchi::plan {
namespace {

using testing_support::build_text;

/// A reason as the English reports give it.
std::string en(const Reason& r) { return plan::format_reason(r, text::Lang::en); }

const char* kPack = R"(pack: plan-demo
valid: {from: 2023, to: 2026}
fields:
  a: {type: number}
  b: {type: number}
  c: {type: number}
  d: {type: number}
  e: {type: number}
criteria:
  - id: C1
    agency: Roads
    indicators:
      - id: "1.1"
        rule: a >= 0.8
        value: a
        remediation: {cost: 'gap("1.1") * 1000', cost_unit: million VND, duration_months: 12}
      - id: "1.2"
        rule: b >= 0.6
        value: b
        remediation: {cost: '100', duration_months: 12, requires: ["1.1"]}
  - id: C2
    agency: Schools
    indicators:
      - id: "2.1"
        rule: c >= 1
        remediation: {cost: '200', duration_months: 24}
  - id: C3
    agency: Culture
    indicators:
      - id: "3.1"
        rule: d >= 1
        remediation: {cost: '50', duration_months: 6}
      - id: "3.2"
        rule: e >= 1
levels:
  - {id: basic, criteria: [C1, C2]}
  - {id: advanced, requires: basic, criteria: [C3]}
)";

std::shared_ptr<const model::RuleSet> demo() {
  static auto rules = [] {
    auto b = build_text(kPack);
    EXPECT_TRUE(b.rules) << b.diagnostics.format();
    return b.rules;
  }();
  return rules;
}

struct Row {
  std::string id, district, recognized;
  double a, b, c, d, e;
};

assess::Assessment assess_rows(const std::vector<Row>& rows, int year = 2023) {
  auto t = std::make_shared<assess::UnitTable>(rows.size());
  std::map<char, std::vector<double>> cols;
  std::vector<std::string> rec;
  for (const auto& r : rows) {
    t->ids.push_back(r.id);
    t->names.push_back("Unit " + r.id);
    t->districts.push_back(r.district);
    rec.push_back(r.recognized);
    cols['a'].push_back(r.a);
    cols['b'].push_back(r.b);
    cols['c'].push_back(r.c);
    cols['d'].push_back(r.d);
    cols['e'].push_back(r.e);
  }
  for (auto& [k, v] : cols) t->set_numbers(std::string(1, k), v);
  t->set_attribute("recognized", rec);
  assess::AssessOptions o;
  o.year = year;
  o.costs = true;
  return assess::assess(demo(), t, o);
}

const Outcome& outcome(const Plan& p, const assess::Assessment& a, const std::string& id, const std::string& level) {
  for (const auto& o : p.outcomes)
    if (a.units().ids[o.unit] == id && o.level == level) return o;
  throw std::runtime_error("no outcome " + id + " " + level);
}

/// Every invariant of a plan: prerequisites, budgets, deadlines of on-time targets.
void expect_valid(const assess::Assessment& a, const Plan& p, const PlanOptions& o) {
  // Prerequisites: 1.2 starts after 1.1 ends (when 1.1 was unmet).
  std::map<std::pair<std::size_t, std::string>, const Task*> by;
  for (const auto& t : p.tasks) {
    EXPECT_GE(t.start_year, p.first_year);
    EXPECT_LE(t.end_year, p.last_year);
    EXPECT_TRUE(by.emplace(std::make_pair(t.unit, t.indicator), &t).second) << "indicator planned twice";
  }
  auto pos11 = *a.position("1.1");
  for (const auto& t : p.tasks) {
    if (t.indicator != "1.2") continue;
    if (a.status(pos11)[t.unit] == Status::met) continue;
    auto it = by.find({t.unit, "1.1"});
    ASSERT_NE(it, by.end()) << "1.2 planned without its prerequisite 1.1";
    EXPECT_GT(t.start_year, it->second->end_year);
  }
  // Budgets.
  std::map<std::tuple<int, BudgetScope, std::string>, double> spent;
  for (const auto& t : p.tasks) {
    double share = t.cost / (t.end_year - t.start_year + 1);
    for (int y = t.start_year; y <= t.end_year; ++y) {
      spent[{y, BudgetScope::province, ""}] += share;
      spent[{y, BudgetScope::district, a.units().districts[t.unit]}] += share;
      spent[{y, BudgetScope::agency, t.agency}] += share;
    }
  }
  for (const auto& b : o.budgets)
    EXPECT_LE((spent[std::make_tuple(b.year, b.scope, b.name)]), b.amount + 1e-6)
        << "budget " << b.year << " " << b.name << " exceeded";
  // On-time targets: all their work ends by the deadline.
  for (const auto& oc : p.outcomes) {
    if (oc.kind != Outcome::Kind::on_time) continue;
    ASSERT_TRUE(oc.reached_year);
    EXPECT_LE(*oc.reached_year, oc.deadline);
    for (const auto& [key, t] : by) {
      if (key.first == oc.unit && (oc.level == "advanced" || t->criterion != "C3")) {
        EXPECT_LE(t->end_year, *oc.reached_year);
      }
    }
  }
}

TEST(Planner, WithoutBudgetsEveryShortfallIsPlannedInPrerequisiteOrder) {
  auto a = assess_rows({{"u1", "D1", "basic", 0.5, 0.2, 0, 1, 1},   // 1.1, 1.2 (after 1.1), 2.1 (2 years)
                        {"u2", "D1", "basic", 0.9, 0.9, 1, 1, 1},   // basic already met
                        {"u3", "D2", "", 0.7, 0.9, 1, 1, 1}});      // not recognized: no target
  PlanOptions o;
  o.targets = {{"basic", 2025}};
  auto p = plan(a, o);
  expect_valid(a, p, o);
  ASSERT_EQ(p.tasks.size(), 3u);
  std::map<std::string, Task> t;
  for (const auto& x : p.tasks) t[x.indicator] = x;
  EXPECT_EQ(t["1.1"].start_year, 2023);
  EXPECT_DOUBLE_EQ(t["1.1"].cost, 300);  // gap 0.3 * 1000
  EXPECT_EQ(t["1.1"].agency, "Roads");
  EXPECT_EQ(t["1.2"].start_year, 2024);  // after 1.1
  EXPECT_EQ(t["2.1"].start_year, 2023);
  EXPECT_EQ(t["2.1"].end_year, 2024);    // 24 months
  EXPECT_EQ(outcome(p, a, "u1", "basic").kind, Outcome::Kind::on_time);
  EXPECT_EQ(*outcome(p, a, "u1", "basic").reached_year, 2024);
  EXPECT_EQ(outcome(p, a, "u2", "basic").kind, Outcome::Kind::already_met);
  EXPECT_EQ(p.outcomes.size(), 2u);
  EXPECT_EQ(p.cost_unit, "million VND");
  EXPECT_DOUBLE_EQ(p.total_cost, 600);
}

TEST(Planner, ChainTooLongIsReportedWhateverTheBudget) {
  auto a = assess_rows({{"u1", "D1", "basic", 0.5, 0.2, 1, 1, 1}});
  PlanOptions o;
  o.first_year = 2023;
  o.last_year = 2025;
  o.targets = {{"basic", 2023}};
  auto p = plan(a, o);
  const auto& oc = outcome(p, a, "u1", "basic");
  EXPECT_EQ(oc.kind, Outcome::Kind::late);
  EXPECT_EQ(*oc.reached_year, 2024);
  ASSERT_EQ(oc.reasons.size(), 1u);
  EXPECT_EQ(oc.reasons[0].kind, Reason::Kind::chain_too_long);
  EXPECT_EQ(oc.reasons[0].nodes, (std::vector<std::string>{"1.1", "1.2"}));
  EXPECT_EQ(oc.reasons[0].year, 2024);
  EXPECT_EQ(en(oc.reasons[0]), "the work 1.1 -> 1.2 takes until the end of 2024, after the deadline 2023 (prerequisite "
                           "chain and durations, whatever the budget)");
  EXPECT_TRUE(oc.extra_budget.empty());  // no budget makes it on time
}

TEST(Planner, WithoutAHorizonLateWorkIsPlacedUpToTheLastTarget) {
  // Regression: late placement used the horizon as given (0 when none was), so without a horizon
  // nothing was ever planned late, although the horizon runs to the latest target.
  auto a = assess_rows({{"u1", "D1", "basic", 0.5, 0.2, 1, 1, 1}});
  PlanOptions o;
  o.first_year = 2023;
  o.targets = {{"basic", 2023}, {"advanced", 2025, TargetUnits::all}};
  auto p = plan(a, o);
  EXPECT_EQ(p.last_year, 2025);
  const auto& oc = outcome(p, a, "u1", "basic");
  EXPECT_EQ(oc.kind, Outcome::Kind::late);
  ASSERT_TRUE(oc.reached_year);
  EXPECT_EQ(*oc.reached_year, 2024);
}

TEST(Planner, AnExplicitHorizonIsNeverStretchedToATarget) {
  // Regression: --horizon 2023-2024 with a target in 2025 planned 2023-2025 without a word.
  auto a = assess_rows({{"u1", "D1", "basic", 0.5, 0.2, 1, 1, 1}});
  PlanOptions o;
  o.first_year = 2023;
  o.last_year = 2024;
  o.targets = {{"basic", 2025}};
  try {
    plan(a, o);
    FAIL() << "a target outside the horizon was planned";
  } catch (const PlanError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].code, "E602");
    EXPECT_NE(e.diagnostics()[0].message.find("outside the horizon 2023-2024"), std::string::npos)
        << e.diagnostics()[0].message;
  }
}

TEST(Planner, ShortBudgetIsReportedWithTheExtraAmount) {
  auto a = assess_rows({{"u1", "D1", "basic", 0.9, 0.9, 0, 1, 1},    // 2.1: 200 over 2023-2024
                        {"u2", "D2", "basic", 0.6, 0.9, 1, 1, 1}});   // 1.1: 200 in 2023
  PlanOptions o;
  o.targets = {{"basic", 2024}};
  o.budgets = {{2023, BudgetScope::province, "", 250}, {2024, BudgetScope::province, "", 250}};
  auto p = plan(a, o);
  expect_valid(a, p, o);
  // Both fit: 100 + 200 in 2023 would not, so 1.1 (200) and 2.1's first half (100) cannot share 2023.
  std::size_t on_time = 0;
  for (const auto& x : p.outcomes) on_time += x.kind == Outcome::Kind::on_time;
  EXPECT_EQ(on_time, 1u);
  const Outcome* missed = nullptr;
  for (const auto& x : p.outcomes)
    if (x.kind != Outcome::Kind::on_time) missed = &x;
  ASSERT_NE(missed, nullptr);
  ASSERT_FALSE(missed->extra_budget.empty());
  EXPECT_EQ(missed->extra_budget[0].scope, BudgetScope::province);
  EXPECT_EQ(missed->extra_budget[0].year, 2023);
  EXPECT_GT(missed->extra_budget[0].amount, 0);
  EXPECT_NE(en(missed->reasons[0]).find("budget 2023 province is short by"), std::string::npos) << en(missed->reasons[0]);
  // With the extra amount, both are on time.
  o.budgets[0].amount += missed->extra_budget[0].amount;
  auto p2 = plan(a, o);
  for (const auto& x : p2.outcomes) EXPECT_EQ(x.kind, Outcome::Kind::on_time);
}

TEST(Planner, AgencyAndDistrictBudgetsBindToo) {
  auto a = assess_rows({{"u1", "D1", "basic", 0.9, 0.9, 0, 1, 1}, {"u2", "D1", "basic", 0.9, 0.9, 0, 1, 1}});
  PlanOptions o;
  o.first_year = 2023;
  o.last_year = 2026;
  o.targets = {{"basic", 2026}};
  o.budgets = {{2023, BudgetScope::agency, "Schools", 100}, {2024, BudgetScope::agency, "Schools", 100},
               {2025, BudgetScope::district, "D1", 100}, {2026, BudgetScope::district, "D1", 100}};
  auto p = plan(a, o);
  expect_valid(a, p, o);
  ASSERT_EQ(p.tasks.size(), 2u);
  EXPECT_EQ(p.tasks[0].start_year, 2023);
  EXPECT_EQ(p.tasks[1].start_year, 2025);  // schools' budget is full in 2023-2024
}

TEST(Planner, UnknownDataAndMissingCostsAreNotGuessed) {
  const double nan = std::nan("");
  auto a = assess_rows({{"u1", "D1", "basic", nan, 0.9, 1, 1, 1},          // 1.1 unknown
                        {"u2", "D1", "advanced", 0.9, 0.9, 1, 1, 0}});     // 3.2 has no cost model
  PlanOptions o;
  o.targets = {{"basic", 2024}, {"advanced", 2024}};
  auto p = plan(a, o);
  const auto& u1 = outcome(p, a, "u1", "basic");
  EXPECT_EQ(u1.kind, Outcome::Kind::cannot_tell);
  EXPECT_NE(en(u1.reasons[0]).find("1.1"), std::string::npos);
  const auto& u2 = outcome(p, a, "u2", "advanced");
  EXPECT_EQ(u2.kind, Outcome::Kind::missed);
  EXPECT_NE(en(u2.reasons[0]).find("no cost for indicators 3.2"), std::string::npos) << en(u2.reasons[0]);
  EXPECT_EQ(outcome(p, a, "u2", "basic").kind, Outcome::Kind::already_met);
  // A cost table fills the gap: then it is planned.
  o.costs = {{"3.2", "", 70.0, std::nullopt, 12.0, "Culture"}};
  auto p2 = plan(a, o);
  EXPECT_EQ(outcome(p2, a, "u2", "advanced").kind, Outcome::Kind::on_time);
  EXPECT_DOUBLE_EQ(outcome(p2, a, "u2", "advanced").cost, 70);
}

TEST(Planner, CostOverridesPerIndicatorAndPerUnit) {
  auto a = assess_rows({{"u1", "D1", "basic", 0.5, 0.9, 1, 1, 1}, {"u2", "D1", "basic", 0.6, 0.9, 1, 1, 1}});
  PlanOptions o;
  o.targets = {{"basic", 2025}};
  o.costs = {{"1.1", "", 10.0, 100.0, 24.0, ""}, {"1.1", "u2", 5.0, std::nullopt, std::nullopt, "Province roads"}};
  auto p = plan(a, o);
  std::map<std::string, Task> t;
  for (const auto& x : p.tasks) t[a.units().ids[x.unit]] = x;
  EXPECT_DOUBLE_EQ(t["u1"].cost, 10 + 100 * 0.3);
  EXPECT_EQ(t["u1"].end_year - t["u1"].start_year, 1);  // 24 months
  EXPECT_DOUBLE_EQ(t["u2"].cost, 5);  // the unit's own row replaces the cost (fixed 5); the duration stays 24 months
  EXPECT_EQ(t["u2"].agency, "Province roads");
}

TEST(Planner, PinsAreKeptAndCheckedAgainstBudgetsAndPrerequisites) {
  auto a = assess_rows({{"u1", "D1", "basic", 0.5, 0.2, 1, 1, 1}});
  PlanOptions o;
  o.targets = {{"basic", 2025}};
  o.pins = {{"u1", "1.1", 2024}};
  auto p = plan(a, o);
  std::map<std::string, Task> t;
  for (const auto& x : p.tasks) t[x.indicator] = x;
  EXPECT_TRUE(t["1.1"].pinned);
  EXPECT_EQ(t["1.1"].start_year, 2024);
  EXPECT_EQ(t["1.2"].start_year, 2025);
  o.pins = {{"u1", "1.2", 2023}};  // before its prerequisite
  try {
    plan(a, o);
    FAIL() << "a pin before its prerequisite was accepted";
  } catch (const PlanError& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E606");
    EXPECT_NE(e.diagnostics()[0].message.find("prerequisites (1.1)"), std::string::npos);
  }
  o.pins = {{"u1", "1.1", 2023}};
  o.budgets = {{2023, BudgetScope::province, "", 100}};
  EXPECT_THROW(plan(a, o), PlanError);  // 500 does not fit 100
}

TEST(Planner, BadOptionsAreErrorsNamingWhatIsWrong) {
  auto a = assess_rows({{"u1", "D1", "basic", 0.5, 0.2, 1, 1, 1}});
  auto code_of = [&](const PlanOptions& o) {
    try {
      plan(a, o);
    } catch (const PlanError& e) {
      return e.diagnostics()[0].code + " " + e.diagnostics()[0].message;
    }
    return std::string("no error");
  };
  PlanOptions o;
  EXPECT_EQ(code_of(o).substr(0, 4), "E601");
  o.targets = {{"expert", 2024}};
  EXPECT_EQ(code_of(o), "E603 target level 'expert' is not a level of pack plan-demo (levels: basic, advanced)");
  o.targets = {{"basic", 2024}};
  o.budgets = {{2030, BudgetScope::province, "", 5}};
  EXPECT_EQ(code_of(o), "E604 budget for 2030 (province) is outside the horizon 2023-2024");
  o.budgets = {};
  o.costs = {{"9.9", "", 1.0, std::nullopt, std::nullopt, ""}};
  EXPECT_EQ(code_of(o), "E605 cost table: '9.9' is not an indicator of pack plan-demo");
  o.costs = {};
  o.pins = {{"nobody", "1.1", 2023}};
  EXPECT_EQ(code_of(o), "E606 pin: no unit 'nobody'");
  o.pins = {};
  o.weights = {{"TC99", 2.0}};
  EXPECT_EQ(code_of(o), "E608 weight: 'TC99' is not a criterion or indicator of pack plan-demo");
  o.weights = {{"1.1", std::numeric_limits<double>::quiet_NaN()}};
  EXPECT_EQ(code_of(o), "E608 weight 1.1: expected a finite number, got nan");
  o.weights = {{"1.1", 2.0}};
  EXPECT_EQ(code_of(o), "no error");
}

/// Random instances: every invariant holds, the plan is deterministic, and the exact method (CBC)
/// is never worse than the greedy one, proves its optimum, and bounds the greedy plan's.
TEST(Planner, RandomInstancesKeepEveryInvariant) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u01(0, 1);
  for (int round = 0; round < 30; ++round) {
    std::vector<Row> rows;
    std::size_t n = 3 + rng() % 8;
    for (std::size_t i = 0; i < n; ++i)
      rows.push_back({"u" + std::to_string(i), u01(rng) < 0.5 ? "D1" : "D2", u01(rng) < 0.3 ? "advanced" : "basic",
                      0.4 + 0.6 * u01(rng), u01(rng), u01(rng) < 0.5 ? 0.0 : 1.0, u01(rng) < 0.5 ? 0.0 : 1.0, 1.0});
    auto a = assess_rows(rows);
    PlanOptions o;
    o.first_year = 2023;
    o.last_year = 2025;
    o.targets = {{"basic", 2024 + static_cast<int>(rng() % 2)}, {"advanced", 2025}};
    for (int y = 2023; y <= 2025; ++y) o.budgets.push_back({y, BudgetScope::province, "", 100 + 300 * u01(rng)});
    if (u01(rng) < 0.5) o.budgets.push_back({2023, BudgetScope::agency, "Schools", 50 + 100 * u01(rng)});
    o.method = Method::greedy;
    auto greedy = plan(a, o);
    expect_valid(a, greedy, o);
    auto again = plan(a, o);
    ASSERT_EQ(greedy.tasks.size(), again.tasks.size());
    for (std::size_t k = 0; k < greedy.tasks.size(); ++k) {
      EXPECT_EQ(greedy.tasks[k].unit, again.tasks[k].unit);
      EXPECT_EQ(greedy.tasks[k].indicator, again.tasks[k].indicator);
      EXPECT_EQ(greedy.tasks[k].start_year, again.tasks[k].start_year);
    }
    EXPECT_EQ(greedy.method, "greedy");
    EXPECT_GE(greedy.bound, greedy.objective - 1e-9);
    o.method = Method::exact;
    o.time_limit = 60;
    auto exact = plan(a, o);
    expect_valid(a, exact, o);
    EXPECT_GE(exact.objective, greedy.objective - 1e-9) << "round " << round;
    EXPECT_TRUE(exact.optimal) << "round " << round;
    EXPECT_EQ(exact.method, "exact");
    EXPECT_DOUBLE_EQ(exact.gap, 0.0);
    // The budget relaxation bounds every plan, the optimum included.
    EXPECT_GE(greedy.bound, exact.objective - 1e-9) << "round " << round;
    auto exact_again = plan(a, o);
    ASSERT_EQ(exact.tasks.size(), exact_again.tasks.size());
    for (std::size_t k = 0; k < exact.tasks.size(); ++k)
      EXPECT_EQ(exact.tasks[k].start_year, exact_again.tasks[k].start_year);
  }
}

TEST(PlanIo, TablesAndJson) {
  auto a = assess_rows({{"u1", "D1", "basic", 0.5, 0.2, 0, 1, 1}, {"u2", "D1", "basic", 0.9, 0.9, 1, 1, 1}});
  PlanOptions o;
  o.targets = {{"basic", 2025}};
  auto p = plan(a, o);
  std::ostringstream roadmap, tasks, json, outcomes;
  io::write_roadmap_csv(roadmap, a, p);
  EXPECT_EQ(roadmap.str(),
            "id,name,district,C1,C2,basic_year,basic_outcome\n"
            "u1,Unit u1,D1,2024,2024,2024,on_time\n"
            "u2,Unit u2,D1,Đ,Đ,,already_met\n");
  io::write_tasks_csv(tasks, a, p);
  EXPECT_EQ(tasks.str().substr(0, tasks.str().find('\n')), "start_year,end_year,id,name,district,criterion,indicator,cost,agency,pinned");
  io::write_plan_json(json, a, p);
  EXPECT_NE(json.str().find("\"schema\": \"tieuchi.plan/1\""), std::string::npos);
  io::write_outcomes_csv(outcomes, a, p);
  EXPECT_NE(outcomes.str().find("u1,Unit u1,D1,basic,2025,on_time,2024,600,2,,"), std::string::npos) << outcomes.str();
  auto text = io::format_plan_summary(a, p, text::Lang::vi);
  EXPECT_NE(text.find("Mục tiêu: 2 (đã đạt 1, đúng hạn 1"), std::string::npos) << text;
}

TEST(PlanIo, TablesAreTypedAndTheCsvIsTheirRendering) {
  auto a = assess_rows({{"u1", "D1", "basic", 0.5, 0.2, 0, 1, 1}, {"u2", "D1", "basic", 0.9, 0.9, 1, 1, 1}});
  PlanOptions o;
  o.targets = {{"basic", 2025}};
  o.budgets = {{2024, BudgetScope::province, "", 1000}};
  auto p = plan(a, o);
  Table roadmap = plan::roadmap_table(a, p, text::Lang::vi);
  const Column* c1 = roadmap.find("C1");
  ASSERT_TRUE(c1);
  EXPECT_TRUE(c1->ordered);
  // Every year of the horizon (2023-2025) is a category, planned or not.
  EXPECT_EQ(c1->labels, (std::vector<std::string>{"Đ", "KAD", "2023", "2024", "2025", "-", "?"}));
  EXPECT_EQ(c1->codes, (tieuchi::ColumnVector<std::int32_t>{3, 0}));
  const Column* year = roadmap.find("basic_year");
  ASSERT_TRUE(year && year->type == Column::Type::integer);
  EXPECT_EQ(year->integers[0], 2024);
  EXPECT_TRUE(year->is_missing(1));  // already met: no year reached by the plan
  EXPECT_TRUE(year->nullable);
  EXPECT_TRUE(plan::outcomes_table(a, p).find("reached_year")->nullable);
  EXPECT_NE(year->title.find("(năm)"), std::string::npos);
  Table tasks = plan::tasks_table(a, p);
  EXPECT_EQ(tasks.find("cost")->type, Column::Type::number);
  EXPECT_EQ(tasks.find("pinned")->type, Column::Type::boolean);
  Table budgets = plan::budgets_table(p, text::Lang::vi);
  const Column* amount = budgets.find("amount");
  const Column* left = budgets.find("left");
  ASSERT_TRUE(amount && left);
  for (std::size_t r = 0; r < budgets.rows(); ++r)
    if (!amount->is_missing(r)) {
      EXPECT_DOUBLE_EQ(left->numbers[r], amount->numbers[r] - budgets.find("planned")->numbers[r]);
    }
  EXPECT_EQ(budgets.find("scope")->label_titles[0], "tỉnh");
  Table outcomes = plan::outcomes_table(a, p, text::Lang::vi);
  EXPECT_EQ(outcomes.find("outcome")->label_titles[1], "Đạt đúng hạn");
  for (auto [table, write] : {std::pair{plan::tasks_table(a, p), &io::write_tasks_csv},
                              std::pair{plan::roadmap_table(a, p), &io::write_roadmap_csv}}) {
    std::ostringstream via_writer, via_table;
    write(via_writer, a, p);
    io::write_table_csv(via_table, table);
    EXPECT_EQ(via_writer.str(), via_table.str());
  }
}

TEST(PlanIo, EveryReasonIsRenderedInBothLanguages) {
  for (int k = 0; k <= static_cast<int>(Reason::Kind::budget_short); ++k) {
    Reason r;
    r.kind = static_cast<Reason::Kind>(k);
    r.nodes = {"1.1", "1.2"};
    r.needed_by = {"", "2.1"};
    r.level = "basic";
    r.year = 2025;
    r.deadline = 2024;
    r.budget = Budget{2024, BudgetScope::district, "Huyện A", 5};
    auto vi = plan::format_reason(r, text::Lang::vi), english = plan::format_reason(r, text::Lang::en);
    EXPECT_NE(vi, english) << to_string(r.kind);
    EXPECT_EQ(english.find("{}"), std::string::npos) << english;
    EXPECT_NE(to_string(r.kind), "?");
  }
  Reason unknown{Reason::Kind::unknown, {"1.1", "1.2"}, {"", "2.1"}, {}, 0, 0, {}};
  EXPECT_EQ(en(unknown), "unknown (data or threshold missing): 1.1, 1.2 (prerequisite of 2.1)");
  Reason short_budget;
  short_budget.kind = Reason::Kind::budget_short;
  short_budget.budget = Budget{2024, BudgetScope::district, "Huyện A", 5};
  EXPECT_EQ(en(short_budget), "budget 2024 district Huyện A is short by 5");
  EXPECT_EQ(plan::format_reason(short_budget, text::Lang::vi), "kinh phí 2024 huyện Huyện A còn thiếu 5");
}

TEST(PlanIo, ReasonsKeepTheirKindInJsonAndTheirLanguageInTables) {
  // u1 needs 1.1 then 1.2 (two years) by 2023: the chain is too long whatever the budget.
  auto a = assess_rows({{"u1", "D1", "basic", 0.5, 0.2, 1, 1, 1}});
  PlanOptions o;
  o.targets = {{"basic", 2023}};
  o.last_year = 2024;
  auto p = plan(a, o);
  std::ostringstream json, vi, english;
  io::write_plan_json(json, a, p, text::Lang::vi);
  EXPECT_NE(json.str().find("\"kind\": \"chain_too_long\""), std::string::npos) << json.str();
  EXPECT_NE(json.str().find("\"outcome_text\": \"Trễ hạn\""), std::string::npos) << json.str();
  EXPECT_NE(json.str().find("công việc 1.1 -> 1.2 kéo dài đến hết năm 2024"), std::string::npos) << json.str();
  io::write_outcomes_csv(vi, a, p, text::Lang::vi);
  io::write_outcomes_csv(english, a, p);
  EXPECT_NE(vi.str().find(",late,"), std::string::npos) << vi.str();
  EXPECT_NE(vi.str().find("công việc 1.1 -> 1.2"), std::string::npos) << vi.str();
  EXPECT_NE(english.str().find("the work 1.1 -> 1.2"), std::string::npos) << english.str();
}

}  // namespace
}  // namespace tieuchi::plan
