// Building and evaluating packs: parameters by region and year, tables, applicability,
// three-valued aggregation, level requirements, input errors.

#include <gtest/gtest.h>

#include <cmath>

#include "model/pack_support.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/model/evaluate.hpp"

namespace tieuchi::model {
namespace {

using testing_support::build_text;
using testing_support::find_code;

const char* kPack = R"(pack: demo
valid: {from: 2022, to: 2025}
sources:
  DEC: {title: A decision}
keys:
  region:
    values: [north, south]
    from: 'if poor then "north" else area'
fields:
  area: {type: string, values: [north, south]}
  poor: {type: bool}
  roads: {type: number, unit: "%", min: 0, max: 1}
  income: {type: number, min: 0}
  schools: {type: number, min: 0}
  level1: {type: number, unit: "%"}
  has_craft: {type: bool}
  craft_plan: {type: bool}
parameters:
  roads_min:
    unit: "%"
    by: [region]
    values:
      - {value: 60%, source: DEC, status: verified}
      - {region: south, value: 80%, source: DEC, status: unverified}
  income_min:
    by: [region, year]
    values:
      - {region: north, year: 2022, value: 30, source: DEC, status: verified}
      - {region: north, year: 2024, value: 36, source: DEC, status: verified}
  water_min: {unit: "%"}
tables:
  level1_min:
    unit: "%"
    inputs: [region, schools]
    source: DEC
    status: verified
    rows:
      - {when: [south, "-"], value: 100%}
      - {when: ["-", "> 3"], value: 70%}
      - {when: ["-", "<= 3"], value: 50%}
criteria:
  - id: C1
    indicators:
      - {id: "1.1", rule: roads >= roads_min, value: roads}
      - {id: "1.2", rule: income >= income_min, value: income}
  - id: C2
    indicators:
      - {id: "2.1", rule: level1 >= level1_min, value: level1}
      - {id: "2.2", applies_if: has_craft, rule: craft_plan}
  - id: C3
    rule: met("1.1") and value("2.1") > 0.9
    indicators:
      - {id: "3.1", rule: level1 >= water_min}
levels:
  - {id: basic, criteria: [C1, C2]}
  - {id: advanced, requires: basic, criteria: [C3]}
)";

class RuleSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto b = build_text(kPack);
    ASSERT_TRUE(b.rules) << b.diagnostics.format();
    rules = b.rules;
    diags = b.diagnostics;
  }
  UnitResult eval(const UnitInputs& in, int year = 2023) { return evaluate(*rules, in, year); }
  Status status(const UnitResult& r, const char* id) {
    auto* n = r.find(id);
    EXPECT_NE(n, nullptr) << id;
    return n ? n->status : Status::unknown;
  }
  std::shared_ptr<const RuleSet> rules;
  Diagnostics diags;
};

TEST_F(RuleSetTest, WarnsAboutTheThresholdThatIsNotSet) {
  const Diagnostic* w = nullptr;
  for (const auto& d : diags)
    if (d.code == "W301" && d.message.find("'water_min'") != std::string::npos) w = &d;
  ASSERT_NE(w, nullptr) << diags.format();
  EXPECT_EQ(w->message, "threshold 'water_min' is not set in pack demo: rules using it (3.1) assess as unknown");
  std::string text = kPack;
  auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(text.find("  water_min:")), '\n');
  EXPECT_EQ(w->location(), (SourceLocation{static_cast<std::uint32_t>(line), 3}));
  auto th = rules->thresholds();
  EXPECT_EQ(th.verified, 6u);  // roads (general), income (2 years), table (3 rows)
  EXPECT_EQ(th.unverified, 1u);
  EXPECT_EQ(th.missing, std::vector<std::string>{"water_min"});
}

TEST_F(RuleSetTest, MostSpecificRegionalValueWins) {
  auto south = eval({{"area", "south"}, {"poor", false}, {"roads", 0.7}});
  EXPECT_EQ(status(south, "1.1"), Status::unmet);  // 80% for the south
  auto* n = south.find("1.1");
  EXPECT_NEAR(n->gap, 0.1, 1e-12);
  ASSERT_FALSE(n->reasons.empty());
  EXPECT_NE(n->reasons[0].find("roads >= roads_min"), std::string::npos) << n->reasons[0];
  auto north = eval({{"area", "north"}, {"poor", false}, {"roads", 0.7}});
  EXPECT_EQ(status(north, "1.1"), Status::met);  // general 60%
  EXPECT_EQ(north.find("1.1")->gap, 0.0);
}

TEST_F(RuleSetTest, KeyExpressionMovesDisadvantagedUnitsToAnotherRegion) {
  auto r = eval({{"area", "south"}, {"poor", true}, {"roads", 0.7}});
  EXPECT_EQ(r.keys.at("region"), "north");
  EXPECT_EQ(status(r, "1.1"), Status::met);
}

TEST_F(RuleSetTest, UnknownKeyLeavesRegionalParametersUnknownWithAReason) {
  auto r = eval({{"area", "south"}, {"roads", 0.9}});  // poor missing: region undecided
  EXPECT_EQ(status(r, "region"), Status::unknown);
  EXPECT_EQ(status(r, "1.1"), Status::unknown);
  const auto& reasons = r.find("1.1")->reasons;
  ASSERT_FALSE(reasons.empty());
  EXPECT_NE(reasons[0].find("region"), std::string::npos) << reasons[0];
}

TEST_F(RuleSetTest, LatestEarlierYearApplies) {
  UnitInputs in{{"area", "north"}, {"poor", false}, {"income", 33.0}};
  EXPECT_EQ(status(eval(in, 2022), "1.2"), Status::met);    // 30
  EXPECT_EQ(status(eval(in, 2023), "1.2"), Status::met);    // still 30
  EXPECT_EQ(status(eval(in, 2024), "1.2"), Status::unmet);  // 36
  EXPECT_EQ(status(eval(in, 2025), "1.2"), Status::unmet);  // still 36
}

TEST_F(RuleSetTest, NoValueForARegionIsUnknownNeverZero) {
  auto r = eval({{"area", "south"}, {"poor", false}, {"income", 1000.0}});
  EXPECT_EQ(status(r, "1.2"), Status::unknown);
  ASSERT_FALSE(r.find("1.2")->reasons.empty());
  EXPECT_EQ(r.find("1.2")->reasons[0], "threshold 'income_min' for region south not set in pack demo");
  EXPECT_TRUE(std::isnan(r.find("1.2")->gap));
}

TEST_F(RuleSetTest, ThresholdNotSetIsTheReason) {
  auto r = eval({{"level1", 0.5}});
  EXPECT_EQ(status(r, "3.1"), Status::unknown);
  EXPECT_EQ(r.find("3.1")->reasons.at(0), "threshold 'water_min' not set in pack demo");
}

TEST_F(RuleSetTest, DecisionTableByRegionAndCount) {
  auto at = [&](const char* area, double schools, double level1) {
    return status(eval({{"area", area}, {"poor", false}, {"schools", schools}, {"level1", level1}}), "2.1");
  };
  EXPECT_EQ(at("south", 2, 0.99), Status::unmet);
  EXPECT_EQ(at("south", 2, 1.0), Status::met);
  EXPECT_EQ(at("north", 4, 0.70), Status::met);
  EXPECT_EQ(at("north", 4, 0.69), Status::unmet);
  EXPECT_EQ(at("north", 3, 0.50), Status::met);
  EXPECT_EQ(at("north", 3, 0.49), Status::unmet);
  auto r = eval({{"area", "north"}, {"poor", false}, {"level1", 0.9}});  // schools missing
  EXPECT_EQ(status(r, "level1_min"), Status::unknown);
  EXPECT_EQ(status(r, "2.1"), Status::unknown);
}

TEST_F(RuleSetTest, NotApplicableIsNeitherMetNorUnmet) {
  auto r = eval({{"has_craft", false}});
  EXPECT_EQ(status(r, "2.2"), Status::not_applicable);
  auto r2 = eval({{"has_craft", true}, {"craft_plan", false}});
  EXPECT_EQ(status(r2, "2.2"), Status::unmet);
  auto r3 = eval({});
  EXPECT_EQ(status(r3, "2.2"), Status::unknown);
  EXPECT_EQ(r3.find("2.2")->reasons.at(0), "applicability: input 'has_craft' is missing");
}

TEST_F(RuleSetTest, CriteriaAndLevelsUseThreeValuedLogic) {
  // 2.1 met, 2.2 not applicable: C2 is met.
  auto r = eval({{"area", "north"}, {"poor", false}, {"schools", 4.0}, {"level1", 0.95}, {"has_craft", false}});
  EXPECT_EQ(status(r, "C2"), Status::met);
  EXPECT_EQ(r.find("C2")->value, Value(1.0));  // one member met
  // C1 unknown (income missing), so basic is unknown, and advanced needs basic.
  EXPECT_EQ(status(r, "C1"), Status::unknown);
  EXPECT_EQ(status(r, "basic"), Status::unknown);
  EXPECT_EQ(status(r, "advanced"), Status::unknown);
  // An unmet criterion makes the level unmet whatever is unknown, and blocks the level above.
  auto u = eval({{"area", "north"}, {"poor", false}, {"roads", 0.1}});
  EXPECT_EQ(status(u, "C1"), Status::unmet);
  EXPECT_EQ(status(u, "basic"), Status::unmet);
  EXPECT_EQ(status(u, "advanced"), Status::unmet);
  EXPECT_EQ(u.find("advanced")->reasons.at(0), "requires level 'basic', which is not met");
}

TEST_F(RuleSetTest, CustomCriterionRuleReadsOtherNodes) {
  auto r = eval({{"area", "north"}, {"poor", false}, {"roads", 0.7}, {"schools", 4.0}, {"level1", 0.95}});
  EXPECT_EQ(status(r, "C3"), Status::met);  // met("1.1") and value("2.1") > 0.9
  auto r2 = eval({{"area", "north"}, {"poor", false}, {"roads", 0.7}, {"schools", 4.0}, {"level1", 0.85}});
  EXPECT_EQ(status(r2, "C3"), Status::unmet);
}

TEST_F(RuleSetTest, ParameterUsesRecordProvenance) {
  auto r = eval({{"area", "south"}, {"poor", false}});
  auto it = std::find_if(r.parameters.begin(), r.parameters.end(), [](auto& p) { return p.name == "roads_min"; });
  ASSERT_NE(it, r.parameters.end());
  EXPECT_EQ(it->value, Value(0.8));
  EXPECT_EQ(it->status, Verification::unverified);
  EXPECT_EQ(it->applies_to, "region=south");
  EXPECT_EQ(r.unverified_count(), 1u);
}

TEST_F(RuleSetTest, BadInputsAreDataErrorsNamingTheField) {
  auto code_of = [&](const UnitInputs& in, int year = 2023) -> std::string {
    try {
      eval(in, year);
    } catch (const DataError& e) {
      EXPECT_FALSE(e.diagnostics().items().at(0).column_name.empty() && e.diagnostics()[0].code != "E506");
      return e.diagnostics()[0].code;
    }
    return "none";
  };
  EXPECT_EQ(code_of({{"roadz", 0.5}}), "E501");
  EXPECT_EQ(code_of({{"roads", "high"}}), "E502");
  EXPECT_EQ(code_of({{"area", "west"}}), "E505");
  EXPECT_EQ(code_of({{"roads", 1.5}}), "E505");
  EXPECT_EQ(code_of({}, 2030), "E506");
  EXPECT_EQ(code_of({{"roads", Value::missing()}}), "none");
}

TEST_F(RuleSetTest, EvaluationOrderPutsDependenciesFirst) {
  auto pos = [&](const char* id) { return *rules->node_position(id); };
  EXPECT_LT(pos("region"), pos("level1_min"));
  EXPECT_LT(pos("level1_min"), pos("2.1"));
  EXPECT_LT(pos("1.1"), pos("C3"));
  EXPECT_LT(pos("2.1"), pos("C3"));
  EXPECT_LT(pos("basic"), pos("advanced"));
}

TEST(RuleSetBuild, ExpressionErrorsPointIntoThePackFile) {
  auto b = build_text(R"(pack: p
fields:
  share: {type: number}
criteria:
  - id: A
    indicators:
      - id: a1
        rule: |
          share >= 50%
          and shar < 2
levels: [{id: L}]
)");
  EXPECT_FALSE(b.rules);
  const Diagnostic* d = find_code(b.diagnostics, "E201");
  ASSERT_NE(d, nullptr) << b.diagnostics.format();
  EXPECT_EQ(d->location(), (SourceLocation{10, 15}));
  EXPECT_EQ(d->rule_id, "a1");
  EXPECT_EQ(d->source->name(), "pack.yaml");
  EXPECT_NE(d->format().find("pack.yaml:10:15: error[E201]: unknown name 'shar'"), std::string::npos) << d->format();
}

TEST(RuleSetBuild, QuotedAndPlainRulesReportFileColumns) {
  auto b = build_text("pack: p\nfields: {x: number}\ncriteria:\n  - id: A\n    indicators:\n"
                      "      - {id: a1, rule: 'x >= y'}\n      - {id: a2, rule: x + 1}\nlevels: [{id: L}]\n");
  ASSERT_EQ(testing_support::count_code(b.diagnostics, "E201"), 1u) << b.diagnostics.format();
  EXPECT_EQ(find_code(b.diagnostics, "E201")->location(), (SourceLocation{6, 30}));
  EXPECT_EQ(find_code(b.diagnostics, "E211")->location(), (SourceLocation{7, 24}));
}

TEST(RuleSetBuild, OneBadFileReportsAllOfItsProblems) {
  auto b = build_text(R"(pack: p
fields:
  x: {type: number, unti: "%"}
criteria:
  - id: A
    indicators:
      - {id: a1, rule: x >= x_min}
      - {id: a1, rule: y}
levels: [{id: L, requires: M}]
)");
  EXPECT_NE(find_code(b.diagnostics, "E302"), nullptr);
  EXPECT_NE(find_code(b.diagnostics, "E306"), nullptr);
  EXPECT_NE(find_code(b.diagnostics, "E201"), nullptr);
  EXPECT_NE(find_code(b.diagnostics, "E307"), nullptr);
  EXPECT_EQ(find_code(b.diagnostics, "E302")->hint, "did you mean 'unit'?");
}

TEST(RuleSetBuild, CycleIsNamedWithItsPathAndReferences) {
  auto b = build_text(R"(pack: p
fields: {x: number}
criteria:
  - id: A
    indicators:
      - {id: "2.1", rule: x > 1 and met("5")}
      - {id: "5", rule: x > 2 and met("2.1")}
levels: [{id: L}]
)");
  EXPECT_FALSE(b.rules);
  const Diagnostic* d = find_code(b.diagnostics, "E401");
  ASSERT_NE(d, nullptr) << b.diagnostics.format();
  EXPECT_EQ(d->message, "dependency cycle: 2.1 -> 5 -> 2.1");
  EXPECT_NE(d->hint.find("'5' is read by '2.1' at pack.yaml:6:"), std::string::npos) << d->hint;
  EXPECT_NE(d->hint.find("'2.1' is read by '5' at pack.yaml:7:"), std::string::npos) << d->hint;
}

TEST(RuleSetBuild, DuplicateYamlKeysAreErrors) {
  auto b = build_text("pack: p\npack: q\n");
  const Diagnostic* d = find_code(b.diagnostics, "E306");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location(), (SourceLocation{2, 1}));
}

}  // namespace
}  // namespace tieuchi::model
