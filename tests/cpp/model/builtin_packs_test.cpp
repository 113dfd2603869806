// The built-in packs load without errors, carry provenance everywhere, pass their own tests,
// and keep what is not known unset.

#include <gtest/gtest.h>

#include <set>

#include "model/pack_support.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/model/evaluate.hpp"
#include "tieuchi/model/pack_test.hpp"

namespace tieuchi::model {
namespace {

io::PackSearch builtin() { return {{TIEUCHI_TEST_PACK_DIR}}; }

class BuiltinPack : public ::testing::TestWithParam<std::string> {};

TEST_P(BuiltinPack, LoadsWithoutErrorsAndPassesItsTests) {
  std::string name = GetParam();
  auto r = io::load_pack(name, builtin());
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  auto report = run_tests(*r.rules);
  EXPECT_GT(report.tests, 0u) << name << " carries no tests";
  EXPECT_TRUE(report.ok()) << report.format();
}

TEST_P(BuiltinPack, EveryRuleAndValueCitesADeclaredSource) {
  auto rules = io::load_pack_or_throw(GetParam(), builtin());
  const Pack& p = rules->pack();
  for (const auto& i : p.indicators) {
    EXPECT_FALSE(i.provenance.source.empty()) << "indicator " << i.id;
    EXPECT_TRUE(p.sources.count(i.provenance.source)) << "indicator " << i.id;
  }
  for (const auto& c : p.criteria) EXPECT_FALSE(c.provenance.source.empty()) << "criterion " << c.id;
  for (const auto& param : p.parameters)
    for (const auto& v : param.values) {
      EXPECT_FALSE(v.provenance.source.empty()) << "parameter " << param.name;
      EXPECT_FALSE(v.value.is_missing()) << "parameter " << param.name;
    }
}

INSTANTIATE_TEST_SUITE_P(Packs, BuiltinPack,
                         ::testing::Values("vn-ntm-2021-2025", "vn-ntm-nang-cao-2021-2025",
                                           "vn-ntm-2016-2020", "langson-2022"),
                         [](const auto& param_info) {
                           std::string s = param_info.param;
                           for (char& c : s)
                             if (c == '-' || c == '.') c = '_';
                           return s;
                         });

TEST(NationalPack, HasTheNineteenCriteriaAndTheReconstructedIndicators) {
  auto rules = io::load_pack_or_throw("vn-ntm-2021-2025", builtin());
  const Pack& p = rules->pack();
  ASSERT_EQ(p.criteria.size(), 19u);
  for (int i = 1; i <= 19; ++i) EXPECT_NE(p.find_criterion("TC" + std::to_string(i)), nullptr) << i;
  // The reference material lists 56 indicator slots (the official count is 57).
  EXPECT_EQ(p.indicators.size(), 56u);
  EXPECT_EQ(p.find_criterion("TC17")->indicators.size(), 10u);
  EXPECT_EQ(p.find_key("threshold_region")->values.size(), 7u);
}

TEST(NationalPack, OnlyConfirmedThresholdsHaveValues) {
  auto rules = io::load_pack_or_throw("vn-ntm-2021-2025", builtin());
  auto th = rules->thresholds();
  // 3.1, 3.2, 6.3 (MOCST 1064, 100% in every region), 14.1 (two) and the schools table (three rows)
  EXPECT_EQ(th.verified, 8u);
  // Press only: 15.3 stunting (a ceiling per region, seven values) and 15.4 e-health records (TDMNPB, DBSH).
  EXPECT_EQ(th.unverified, 9u);
  EXPECT_EQ(th.illustrative, 0u);
  std::set<std::string> missing(th.missing.begin(), th.missing.end());
  EXPECT_TRUE(missing.count("income_min"));
  EXPECT_TRUE(missing.count("poverty_rate_max"));
  EXPECT_EQ(missing.size(), 22u);
  ASSERT_EQ(th.partial.size(), 1u);
  EXPECT_EQ(th.partial[0], (std::pair<std::string, std::string>{"e_health_record_min", "BTB, DHNTB, TN, DNB, DBSCL"}));
  EXPECT_EQ(rules->pack().find_parameter("irrigation_active_min")->values.at(0).value, Value(0.8));
  const auto* village = rules->pack().find_parameter("village_cultural_house_min");
  ASSERT_EQ(village->values.size(), 1u);
  EXPECT_TRUE(village->values[0].keys.empty());  // every region
  EXPECT_EQ(village->values[0].value, Value(1.0));
  EXPECT_EQ(village->values[0].provenance.status, model::Verification::verified);
  EXPECT_EQ(village->values[0].provenance.source, "SVHTTDL_TH_1064");
  const auto* stunting = rules->pack().find_parameter("stunting_max");
  ASSERT_EQ(stunting->values.size(), 7u);
  for (const auto& v : stunting->values) {
    EXPECT_EQ(v.provenance.status, model::Verification::unverified);
    EXPECT_NE(v.provenance.note.find("read as a ceiling"), std::string::npos);
  }
  // A ceiling: at the regional value met, above it unmet.
  auto at = [&](const char* region, double rate) {
    return evaluate(*rules, {{"region", region}, {"particularly_disadvantaged", false},
                             {"safe_zone_poor_district", false}, {"health.stunting_rate", rate}}, 2023)
        .find("15.3")->status;
  };
  EXPECT_EQ(at("DBSH", 0.165), Status::met);
  EXPECT_EQ(at("DBSH", 0.166), Status::unmet);
}

TEST(NationalPack, IncomeIsUnknownBecauseItsThresholdIsNotSet) {
  auto rules = io::load_pack_or_throw("vn-ntm-2021-2025", builtin());
  auto r = evaluate(*rules, {{"region", "TDMNPB"}, {"particularly_disadvantaged", false},
                             {"safe_zone_poor_district", false}, {"income.per_capita", 80.0}}, 2024);
  const NodeResult* n = r.find("10");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->status, Status::unknown);
  ASSERT_FALSE(n->reasons.empty());
  EXPECT_EQ(n->reasons[0], "threshold 'income_min' not set in pack vn-ntm-2021-2025");
}

TEST(IllustrativeOverlay, FillsEveryThresholdAndSaysSo) {
  auto rules = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml", builtin());
  auto th = rules->thresholds();
  EXPECT_TRUE(th.missing.empty());
  EXPECT_GT(th.illustrative, 20u);
  EXPECT_TRUE(run_tests(*rules).ok());
  auto r = evaluate(*rules, {{"region", "TDMNPB"}, {"income.per_capita", 50.0}}, 2024);
  EXPECT_EQ(r.find("10")->status, Status::met);
  EXPECT_GT(r.unverified_count(), 0u);
}

TEST(PackSources, RebuildFromFileTextsWithoutFileAccess) {
  auto rules = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml", builtin());
  const auto& files = rules->pack().files;
  ASSERT_EQ(files.size(), 4u);  // national, advanced, Lạng Sơn, illustrative
  auto again = io::load_pack_from_sources(files);
  EXPECT_EQ(again->pack().id, rules->pack().id);
  EXPECT_EQ(again->pack().lineage, rules->pack().lineage);
  EXPECT_EQ(again->nodes().size(), rules->nodes().size());
  EXPECT_EQ(again->thresholds().format(), rules->thresholds().format());
  EXPECT_EQ(again->pack().tests.size(), rules->pack().tests.size());
  EXPECT_TRUE(run_tests(*again, true).tests == run_tests(*rules, true).tests);
  auto r1 = evaluate(*rules, {{"region", "TDMNPB"}, {"income.per_capita", 50.0}}, 2024);
  auto r2 = evaluate(*again, {{"region", "TDMNPB"}, {"income.per_capita", 50.0}}, 2024);
  EXPECT_EQ(r1.find("10")->status, r2.find("10")->status);
  // A source that is not a pack is an error, not a crash.
  std::vector<SourcePtr> bad{std::make_shared<Source>("x.yaml", "pack: [")};
  EXPECT_THROW(io::load_pack_from_sources(bad), PackError);
}

}  // namespace
}  // namespace tieuchi::model

namespace tieuchi::model {
namespace {

// The questions RuleSet answers for the layers above (#16): reference slots, cost programs, the
// level chain and its requirements.
TEST(RuleSetQueries, AccessorsCostProgramsAndLevelChains) {
  auto rules = io::load_pack_or_throw("vn-ntm-2021-2025", {{TIEUCHI_TEST_PACK_DIR}});
  auto ind = *rules->node_position("2.1");
  for (auto acc : {expr::Accessor::met, expr::Accessor::value, expr::Accessor::gap, expr::Accessor::applicable})
    EXPECT_EQ(rules->accessor(ind, acc), rules->environment().find_reference("2.1", acc)->slot);
  ASSERT_NE(rules->cost_program(ind), nullptr);  // remediation: {cost: gap("2.1") * ...}
  EXPECT_EQ(rules->cost_program(ind)->output_count(), 1u);
  EXPECT_EQ(rules->cost_program(*rules->node_position("1.1")), nullptr);
  auto ntm = *rules->node_position("ntm");
  auto revocation = *rules->node_position("ntm_recognition");
  const auto& chain = rules->level_chain(revocation);
  EXPECT_EQ(chain, (std::vector<std::size_t>{revocation, ntm}));
  EXPECT_EQ(rules->requirements(ntm).size(), 19u);
  EXPECT_EQ(rules->members(ntm).size(), 19u);
}

}  // namespace
}  // namespace tieuchi::model
