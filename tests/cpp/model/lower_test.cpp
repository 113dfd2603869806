// The lowered form of a rule set (model/lower.hpp): parameters resolved per key and year, tables
// as if-chains, nodes in evaluation order with their members and requirements.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pack_support.hpp"
#include "tieuchi/model/lower.hpp"

namespace tieuchi {
namespace {

using testing_support::build_text;
using json = nlohmann::json;

const char* kPack = R"(pack: demo
valid: {from: 2022, to: 2025}
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
    by: [region]
    values:
      - {value: 60%}
      - {region: south, value: 80%}
  income_min:
    by: [region, year]
    values:
      - {region: north, year: 2022, value: 30}
      - {region: north, year: 2024, value: 36}
  water_min: {unit: "%"}
tables:
  level1_min:
    inputs: [region, schools]
    rows:
      - {when: [south, "-"], value: 100%}
      - {when: ["-", "> 3"], value: 70%}
criteria:
  - id: C1
    indicators:
      - {id: "1.1", rule: roads >= roads_min, value: roads}
      - {id: "1.2", rule: income >= income_min and year >= 2023}
  - id: C2
    indicators:
      - {id: "2.1", rule: level1 >= level1_min}
      - {id: "2.2", applies_if: has_craft, rule: craft_plan}
  - id: C3
    rule: met("1.1") and level1 >= water_min
    indicators:
      - {id: "3.1", rule: roads >= 0.5}
levels:
  - {id: basic, criteria: [C1, C2]}
  - {id: advanced, requires: basic, criteria: [C3]}
)";

json lowered(int year) {
  auto b = build_text(kPack);
  EXPECT_TRUE(b.rules) << b.diagnostics.format();
  return json::parse(model::lower_to_json(*b.rules, year));
}

const json& node(const json& doc, const std::string& id) {
  for (const auto& n : doc["nodes"])
    if (n["id"] == id) return n;
  throw std::runtime_error("no node " + id);
}

/// The value of `param` for the case where `region` is `value` (null: unknown).
json case_value(const json& param, const json& region) {
  for (const auto& c : param["cases"])
    if (c["when"]["region"] == region) return c["value"];
  throw std::runtime_error("no case");
}

TEST(Lower, DocumentHeaderAndFields) {
  auto doc = lowered(2024);
  EXPECT_EQ(doc["format"], "tieuchi-lowered/1");
  EXPECT_EQ(doc["pack"], "demo");
  EXPECT_EQ(doc["year"], 2024);
  ASSERT_EQ(doc["fields"].size(), 8u);
  EXPECT_EQ(doc["fields"][0]["name"], "area");
  EXPECT_EQ(doc["fields"][0]["values"], json::array({"north", "south"}));
  EXPECT_EQ(doc["fields"][2]["unit"], "%");
  EXPECT_EQ(doc["fields"][2]["max"], 1.0);
}

TEST(Lower, NodesComeInEvaluationOrderWithMembersAndRequirements) {
  auto doc = lowered(2024);
  std::vector<std::string> ids;
  for (const auto& n : doc["nodes"]) ids.push_back(n["id"]);
  auto pos = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) - ids.begin(); };
  EXPECT_LT(pos("region"), pos("level1_min"));
  EXPECT_LT(pos("level1_min"), pos("2.1"));
  EXPECT_LT(pos("1.1"), pos("C3"));
  EXPECT_LT(pos("basic"), pos("advanced"));
  EXPECT_EQ(node(doc, "C1")["members"], json::array({"1.1", "1.2"}));
  EXPECT_TRUE(node(doc, "C1")["rule"].is_null());
  EXPECT_EQ(node(doc, "C3")["rule"]["t"], "and");
  EXPECT_EQ(node(doc, "advanced")["requires"], "basic");
  EXPECT_EQ(node(doc, "basic")["members"], json::array({"C1", "C2"}));
  EXPECT_EQ(node(doc, "2.2")["applies_if"]["v"], "has_craft");
  EXPECT_TRUE(node(doc, "1.2")["applies_if"].is_null());
  EXPECT_EQ(node(doc, "1.1")["value"]["kind"], "field");
}

TEST(Lower, ParametersBecomeCasesPerKeyValueIncludingUnknown) {
  auto doc = lowered(2024);
  const json& rule = node(doc, "1.1")["rule"];
  ASSERT_EQ(rule["t"], ">=");
  const json& p = rule["a"][1];
  ASSERT_EQ(p["t"], "param");
  EXPECT_EQ(p["by"], json::array({"region"}));
  ASSERT_EQ(p["cases"].size(), 3u);  // north, south, unknown
  EXPECT_DOUBLE_EQ(case_value(p, "north")["v"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(case_value(p, "south")["v"].get<double>(), 0.8);
  // A unit whose region is unknown has no threshold, as in the assessment (RuleSet::resolve).
  EXPECT_EQ(case_value(p, nullptr)["t"], "null");
}

TEST(Lower, YearResolvesYearlyValuesAndTheYearName) {
  for (auto [year, want] : {std::pair{2022, 30.0}, {2023, 30.0}, {2024, 36.0}, {2025, 36.0}}) {
    auto doc = lowered(year);
    const json& rule = node(doc, "1.2")["rule"];
    ASSERT_EQ(rule["t"], "and");
    const json& p = rule["a"][0]["a"][1];
    EXPECT_DOUBLE_EQ(case_value(p, "north")["v"].get<double>(), want) << year;
    EXPECT_EQ(case_value(p, "south")["t"], "null") << year;  // no value for the south
    EXPECT_EQ(rule["a"][1]["a"][0], (json{{"t", "num"}, {"v", static_cast<double>(year)}})) << year;
  }
}

TEST(Lower, ThresholdNotSetIsNullAndTablesAreIfChains) {
  auto doc = lowered(2024);
  const json& c3 = node(doc, "C3")["rule"];
  EXPECT_EQ(c3["a"][1]["a"][1]["t"], "null");  // water_min has no value
  EXPECT_EQ(c3["a"][0]["t"], "call");
  EXPECT_EQ(c3["a"][0]["f"], "met");
  const json& table = node(doc, "level1_min");
  EXPECT_EQ(table["kind"], "table");
  EXPECT_EQ(table["expr"]["t"], "if");
  EXPECT_EQ(node(doc, "region")["values"], json::array({"north", "south"}));
  EXPECT_EQ(node(doc, "region")["expr"]["t"], "if");
}

}  // namespace
}  // namespace tieuchi
