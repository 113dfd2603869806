// Overlays: fill-ins, overrides, conflicts, extends chains, and the diff between two packs.

#include <gtest/gtest.h>

#include "model/pack_support.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/model/diff.hpp"
#include "tieuchi/model/evaluate.hpp"
#include "tieuchi/model/pack_test.hpp"

namespace tieuchi::model {
namespace {

using testing_support::count_code;
using testing_support::find_code;
using testing_support::TempDir;

const char* kBase = R"(pack: base
valid: {from: 2022, to: 2025}
sources:
  NAT: {title: National decision}
keys:
  region: {values: [north, south], from: area}
fields:
  area: {type: string, values: [north, south]}
  share: {type: number, unit: "%"}
  income: {type: number}
parameters:
  share_min:
    unit: "%"
    by: [region]
    values: [{value: 70%, source: NAT, status: verified}]
  income_min: {by: [region, year]}
criteria:
  - id: A
    name: {en: Criterion A}
    indicators:
      - {id: a1, name: {en: Share}, rule: share >= share_min}
      - {id: a2, name: {en: Income}, rule: income >= income_min}
levels:
  - {id: L}
tests:
  - name: base test
    inputs: {area: north, share: 70%}
    expect: {a1: met}
)";

class OverlayTest : public ::testing::Test {
 protected:
  TempDir dir;
  io::PackSearch search() const { return {{dir.path}}; }
  void SetUp() override { dir.write("base.yaml", kBase); }
};

TEST_F(OverlayTest, FillsInUnsetValuesAndAddsIndicators) {
  dir.write("prov.yaml", R"(pack: prov
extends: base
sources:
  PROV: {title: Provincial decision}
fields:
  markets: {type: number}
parameters:
  income_min:
    values:
      - {region: north, year: 2022, value: 40, source: PROV, status: verified}
criteria:
  - id: A
    indicators:
      - {id: a3, rule: markets >= 1, source: PROV, status: verified}
tests:
  - name: province test
    year: 2023
    inputs: {area: north, income: 41, markets: 0}
    expect: {a2: met, a3: unmet, A: unmet}
)");
  auto r = io::load_pack("prov", search());
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  const Pack& p = r.rules->pack();
  EXPECT_EQ(p.id, "prov");
  EXPECT_EQ(p.lineage, (std::vector<std::string>{"base", "prov"}));
  EXPECT_EQ(p.find_criterion("A")->indicators, (std::vector<std::string>{"a1", "a2", "a3"}));
  EXPECT_EQ(p.valid_from, 2022);  // inherited
  EXPECT_TRUE(run_tests(*r.rules).ok());
  auto all = run_tests(*r.rules, /*inherited=*/true);
  EXPECT_EQ(all.tests, 2u);
  EXPECT_TRUE(all.ok()) << all.format();
  // The south still has no income threshold: a warning, not an error.
  EXPECT_NE(find_code(r.diagnostics, "W301"), nullptr);
}

TEST_F(OverlayTest, OverrideReplacesOnPurpose) {
  dir.write("prov.yaml", R"(pack: prov
extends: base.yaml
parameters:
  share_min:
    values: [{value: 80%, override: true, status: illustrative}]
criteria:
  - id: A
    indicators:
      - {id: a1, override: true, rule: share > share_min}
)");
  auto r = io::load_pack(dir.path.string() + "/prov.yaml");
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  auto res = evaluate(*r.rules, {{"area", "north"}, {"share", 0.8}});
  EXPECT_EQ(res.find("a1")->status, Status::unmet);  // 0.8 > 0.8 is false
  EXPECT_EQ(r.rules->thresholds().illustrative, 1u);
  EXPECT_EQ(r.rules->pack().find_indicator("a1")->name.en, "Share");  // kept from the base
}

TEST_F(OverlayTest, ConflictsAreDiagnosedNotResolved) {
  dir.write("prov.yaml", R"(pack: prov
extends: base
fields:
  share: {type: bool}
parameters:
  share_min:
    values: [{value: 80%}]
criteria:
  - id: A
    name: {en: Renamed}
  - id: B
    indicators:
      - {id: a1, rule: share >= 1}
levels:
  - {id: L}
)");
  auto r = io::load_pack("prov", search());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(count_code(r.diagnostics, "E310"), 5u) << r.diagnostics.format();
  const Diagnostic* d = find_code(r.diagnostics, "E310");
  EXPECT_EQ(d->source->name(), (dir.path / "prov.yaml").string());
  EXPECT_NE(d->hint.find("the base defines it at"), std::string::npos);
}

TEST_F(OverlayTest, MissingBaseAndExtendsLoopsAreReported) {
  dir.write("a.yaml", "pack: a\nextends: b\n");
  dir.write("b.yaml", "pack: b\nextends: a\n");
  auto loop = io::load_pack("a", search());
  ASSERT_NE(find_code(loop.diagnostics, "E311"), nullptr);
  EXPECT_NE(find_code(loop.diagnostics, "E311")->message.find("comes back"), std::string::npos);
  dir.write("c.yaml", "pack: c\nextends: nowhere\n");
  auto missing = io::load_pack("c", search());
  const Diagnostic* d = find_code(missing.diagnostics, "E311");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location(), (SourceLocation{2, 10}));
  auto none = io::load_pack("no-such-pack", search());
  ASSERT_NE(find_code(none.diagnostics, "E311"), nullptr);
  EXPECT_NE(find_code(none.diagnostics, "E311")->hint.find(dir.path.string()), std::string::npos);
}

TEST_F(OverlayTest, TestsBesideThePackAreRunToo) {
  dir.write("base.tests.yaml", R"(pack: base
tests:
  - name: beside
    inputs: {area: south, share: 69%}
    expect: {a1: unmet, A: unmet}
  - name: beside, wrong on purpose
    inputs: {area: south, share: 71%}
    expect: {a1: unmet}
)");
  auto r = io::load_pack("base", search());
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  auto report = run_tests(*r.rules);
  EXPECT_EQ(report.tests, 3u);
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_EQ(report.failures[0].test, "beside, wrong on purpose");
  EXPECT_EQ(report.failures[0].expected, Status::unmet);
  EXPECT_EQ(report.failures[0].actual, Status::met);
  auto loc = report.failures[0].origin.file->location(report.failures[0].origin.span.begin);
  EXPECT_EQ(loc.line, 8u);
  EXPECT_NE(report.failures[0].format().find("base.tests.yaml:8:"), std::string::npos) << report.failures[0].format();
}

TEST_F(OverlayTest, DiffListsIndicatorsAndThresholdsPerRegion) {
  dir.write("next.yaml", R"(pack: next
valid: {from: 2026, to: 2030}
keys:
  region: {values: [north, south], from: area}
fields:
  area: {type: string, values: [north, south]}
  share: {type: number, unit: "%"}
  water: {type: number, unit: "%"}
parameters:
  share_min:
    unit: "%"
    by: [region]
    values:
      - {value: 70%}
      - {region: south, value: 75%}
  water_min: {values: [{value: 50%}]}
criteria:
  - id: A
    name: {en: Criterion A}
    indicators:
      - {id: a1, name: {en: Share}, rule: share >= share_min}
      - {id: a4, rule: water >= water_min}
levels: [{id: L}]
)");
  auto a = io::load_pack_or_throw("base", search());
  auto b = io::load_pack_or_throw("next", search());
  auto d = diff(*a, *b);
  EXPECT_EQ(d.old_year, 2025);
  EXPECT_EQ(d.new_year, 2026);
  EXPECT_EQ(d.added, std::vector<std::string>{"a4"});
  EXPECT_EQ(d.removed, std::vector<std::string>{"a2"});
  ASSERT_EQ(d.thresholds.size(), 1u);
  EXPECT_EQ(d.thresholds[0].indicator, "a1");
  EXPECT_EQ(d.thresholds[0].key_value, "south");
  EXPECT_EQ(d.thresholds[0].old_text, "share_min = 70%");
  EXPECT_EQ(d.thresholds[0].new_text, "share_min = 75%");
  EXPECT_NE(d.format().find("| a1 | south | share_min = 70% | share_min = 75% |"), std::string::npos) << d.format();
  EXPECT_TRUE(diff(*a, *a).empty());
  // A year outside a pack's validity is refused, naming the option (regression: it was compared).
  DiffOptions late;
  late.old_year = 99999;
  late.new_year = 2019;
  try {
    diff(*a, *b, late);
    FAIL() << "years outside the packs were compared";
  } catch (const DataError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].code, "E506");
    EXPECT_EQ(e.diagnostics()[0].field, "old_year");
    EXPECT_EQ(e.diagnostics()[1].field, "new_year");
  }
}

}  // namespace
}  // namespace tieuchi::model
