// The thresholds a pack leaves unset (model::unset_parameters), the check that the levels need
// none of them (model::check_complete, E316), and the overlay template a province fills in
// (io::write_overlay_template): on the national pack, the template lists exactly what `tieuchi
// check` reports unset, loads as it is, and once filled in passes the check.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <unistd.h>

#include "tieuchi/error.hpp"
#include "tieuchi/io/overlay_template.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/model/completeness.hpp"

namespace tieuchi {
namespace {

namespace fs = std::filesystem;
using model::check_complete;
using model::unset_parameters;

const std::vector<std::string> kRegions = {"TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"};

io::PackSearch search() {
  io::PackSearch s;
  s.paths = {TIEUCHI_TEST_PACK_DIR};
  return s;
}

std::shared_ptr<const model::RuleSet> load(const std::string& name) {
  auto r = io::load_pack(name, search());
  EXPECT_TRUE(r.ok()) << r.diagnostics.format();
  return r.rules;
}

/// A fresh folder for this test's files.
fs::path scratch() {
  static std::atomic<int> n{0};
  fs::path dir = fs::temp_directory_path() /
                 ("tieuchi-overlay-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// What `tieuchi check` reports unset: name -> the key values without a value (empty: none at all).
std::map<std::string, std::set<std::string>> reported_unset(const model::RuleSet& rules) {
  auto th = rules.thresholds();
  std::map<std::string, std::set<std::string>> out;
  for (const auto& m : th.missing) out[m];
  for (const auto& [name, lacking] : th.partial) {
    std::stringstream ss(lacking);
    for (std::string v; std::getline(ss, v, ',');) out[name].insert(v.substr(v.find_first_not_of(' ')));
  }
  return out;
}

TEST(UnsetParameters, NationalPackListsExactlyWhatCheckReportsUnset) {
  auto rules = load("vn-ntm-2021-2025");
  ASSERT_TRUE(rules);
  auto unset = unset_parameters(*rules);
  auto reported = reported_unset(*rules);
  ASSERT_EQ(unset.size(), reported.size());
  for (const auto& u : unset) {
    SCOPED_TRACE(u.name);
    ASSERT_TRUE(reported.count(u.name));
    const auto& p = rules->pack().parameters[u.parameter];
    EXPECT_EQ(p.name, u.name);
    if (p.by.empty()) {
      // Varies by nothing: one hole, no key, no year.
      ASSERT_EQ(u.holes.size(), 1u);
      EXPECT_TRUE(u.holes[0].keys.empty());
      EXPECT_FALSE(u.holes[0].year);
      EXPECT_FALSE(u.partial);
      continue;
    }
    std::set<std::string> regions;
    for (const auto& h : u.holes) regions.insert(h.keys.at("threshold_region"));
    if (u.partial) {
      EXPECT_EQ(regions, reported.at(u.name));
    } else {
      EXPECT_TRUE(reported.at(u.name).empty());
      EXPECT_EQ(regions, std::set<std::string>(kRegions.begin(), kRegions.end()));
    }
    // Every level of the national pack needs every one of them.
    EXPECT_EQ(u.levels, (std::vector<std::string>{"ntm", "ntm_recognition", "ntm_revocation"}));
    EXPECT_FALSE(u.readers.empty());
  }
  // The year-varying income: every region in every year of the validity.
  auto income = std::find_if(unset.begin(), unset.end(), [](const auto& u) { return u.name == "income_min"; });
  ASSERT_NE(income, unset.end());
  EXPECT_EQ(income->holes.size(), 7u * 4u);
  EXPECT_EQ(income->holes.front().year, 2022);
  EXPECT_EQ(income->holes.back().year, 2025);
  EXPECT_EQ(income->where(), "threshold_region TDMNPB, DBSH, BTB, DHNTB, TN, DNB, DBSCL in 2022-2025");
  EXPECT_EQ(income->readers, std::vector<std::string>{"10"});
  // The partly set e-health records: only the regions the source did not give.
  auto ehr = std::find_if(unset.begin(), unset.end(), [](const auto& u) { return u.name == "e_health_record_min"; });
  ASSERT_NE(ehr, unset.end());
  EXPECT_TRUE(ehr->partial);
  EXPECT_EQ(ehr->where(), "threshold_region BTB, DHNTB, TN, DNB, DBSCL");
  // Set ones are not listed.
  for (const char* set : {"irrigation_active_min", "village_cultural_house_min", "stunting_max"})
    EXPECT_TRUE(std::none_of(unset.begin(), unset.end(), [&](const auto& u) { return u.name == set; })) << set;
}

TEST(UnsetParameters, OneYearOnlyAndOutsideTheValidity) {
  auto rules = load("vn-ntm-2021-2025");
  ASSERT_TRUE(rules);
  auto unset = unset_parameters(*rules, {2024});
  auto income = std::find_if(unset.begin(), unset.end(), [](const auto& u) { return u.name == "income_min"; });
  ASSERT_NE(income, unset.end());
  EXPECT_EQ(income->holes.size(), 7u);
  for (const auto& h : income->holes) EXPECT_EQ(h.year, 2024);
  try {
    unset_parameters(*rules, {2030});
    FAIL() << "expected E506";
  } catch (const DataError& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E506");
    EXPECT_EQ(e.diagnostics()[0].field, "year");
  }
}

TEST(CheckComplete, NationalPackFailsNamingEveryParameterTheLevelsNeed) {
  auto rules = load("vn-ntm-2021-2025");
  ASSERT_TRUE(rules);
  auto report = check_complete(*rules);
  EXPECT_FALSE(report.complete());
  auto reported = reported_unset(*rules);
  ASSERT_EQ(report.needed.size(), reported.size());
  ASSERT_EQ(report.diagnostics.size(), reported.size());
  for (const auto& d : report.diagnostics) {
    EXPECT_EQ(d.code, "E316");
    EXPECT_EQ(d.severity, Severity::error);
    ASSERT_TRUE(d.source);
    EXPECT_NE(d.source->name().find("vn-ntm-2021-2025.yaml"), std::string::npos);
  }
  std::string all = report.diagnostics.format();
  EXPECT_NE(all.find("threshold 'income_min' has no value for threshold_region TDMNPB, DBSH, BTB, DHNTB, TN, DNB, "
                     "DBSCL in 2022-2025: levels ntm, ntm_recognition, ntm_revocation need it (read by 10)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("threshold 'e_health_record_min' has no value for threshold_region BTB, DHNTB, TN, DNB, DBSCL"),
            std::string::npos);
  EXPECT_NE(all.find("threshold 'temporary_houses_max' has no value: levels"), std::string::npos);
  EXPECT_TRUE(report.format().starts_with(
      "incomplete: 23 thresholds the levels need have no value (E316): roads_commune_min, roads_village_min,"))
      << report.format();
}

TEST(CheckComplete, IllustrativeExampleOverlayPasses) {
  auto rules = load(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml");
  ASSERT_TRUE(rules);
  auto report = check_complete(*rules);
  EXPECT_TRUE(report.complete()) << report.diagnostics.format();
  EXPECT_TRUE(report.diagnostics.empty());
  EXPECT_EQ(report.format(), "complete: every threshold the levels need has a value");
}

TEST(CheckComplete, OnlyWhatALevelNeedsAndTheFirstYears) {
  // p_level is read by an indicator of the level; p_none by an indicator of a criterion no level
  // lists (and a prerequisite edge does not make it needed); p_late's first value is for 2024.
  const std::string text = R"(pack: small
valid: {from: 2022, to: 2025}
keys:
  zone: {values: [north, south], from: zone_field}
fields:
  zone_field: {type: string, values: [north, south]}
  a: number
  b: number
parameters:
  p_level: {by: [zone]}
  p_none: {}
  p_late:
    by: [year]
    values: [{year: 2024, value: 3}]
  p_both:
    by: [zone, year]
    values: [{zone: north, value: 1}]
criteria:
  - id: c1
    indicators:
      - {id: i1, rule: a >= p_level and a >= p_late and a >= p_both, remediation: {requires: [i2]}}
  - id: c2
    indicators:
      - {id: i2, rule: b >= p_none}
levels:
  - {id: l1, criteria: [c1]}
)";
  auto r = io::load_pack_text("small.yaml", text);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  auto unset = unset_parameters(*r.rules);
  std::map<std::string, const model::UnsetParameter*> by;
  for (const auto& u : unset) by[u.name] = &u;
  ASSERT_EQ(by.size(), 4u);
  EXPECT_EQ(by.at("p_level")->where(), "zone north, south");
  EXPECT_EQ(by.at("p_none")->levels, std::vector<std::string>{});
  EXPECT_EQ(by.at("p_none")->readers, std::vector<std::string>{"i2"});
  EXPECT_EQ(by.at("p_late")->where(), "in 2022-2023");
  EXPECT_TRUE(by.at("p_late")->partial);
  EXPECT_EQ(by.at("p_both")->where(), "zone south in 2022-2025");
  auto report = check_complete(*r.rules);
  std::vector<std::string> needed;
  for (const auto& u : report.needed) needed.push_back(u.name);
  EXPECT_EQ(needed, (std::vector<std::string>{"p_level", "p_late", "p_both"}));
  for (const auto& u : report.needed) EXPECT_EQ(u.levels, std::vector<std::string>{"l1"});
}

TEST(OverlayTemplate, NationalTemplateListsTheUnsetLoadsAsItIsAndPassesOnceFilled) {
  auto rules = load("vn-ntm-2021-2025");
  ASSERT_TRUE(rules);
  fs::path dir = scratch();
  io::OverlayTemplateOptions o;
  o.id = "province-2024";
  io::write_overlay_template(dir / "province-2024.yaml", *rules, o, search());
  std::string text = read(dir / "province-2024.yaml");
  EXPECT_EQ(text, io::overlay_template(*rules, o)) << "the file and the text agree (extends: by id)";
  EXPECT_NE(text.find("\npack: province-2024\nextends: vn-ntm-2021-2025\n"), std::string::npos);
  // Vietnamese text is UTF-8, comments included.
  EXPECT_NE(text.find("# Trung du và miền núi phía Bắc"), std::string::npos);
  EXPECT_NE(text.find("Thu nhập bình quân đầu người khu vực nông thôn"), std::string::npos);

  // The parameters of the template are exactly those `tieuchi check` reports unset.
  std::set<std::string> listed;
  std::regex param(R"(\n  ([a-z_0-9]+):\n)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), param); it != std::sregex_iterator(); ++it)
    listed.insert((*it)[1]);
  std::set<std::string> reported;
  for (const auto& [name, _] : reported_unset(*rules)) reported.insert(name);
  EXPECT_EQ(listed, reported);
  // Every entry is still without a value: as many `value: ~` as holes, no other value.
  std::size_t holes = 0;
  for (const auto& u : unset_parameters(*rules)) holes += u.holes.size();
  std::size_t tildes = 0;
  for (auto p = text.find("value: ~"); p != std::string::npos; p = text.find("value: ~", p + 1)) ++tildes;
  EXPECT_EQ(tildes, holes);

  // Unfilled, it loads, and the same thresholds are still unset; --complete points at its lines.
  auto unfilled = io::load_pack((dir / "province-2024.yaml").string(), search());
  ASSERT_TRUE(unfilled.ok()) << unfilled.diagnostics.format();
  EXPECT_EQ(reported_unset(*unfilled.rules), reported_unset(*rules));
  auto report = check_complete(*unfilled.rules);
  EXPECT_EQ(report.needed.size(), reported.size());
  for (const auto& d : report.diagnostics) {
    ASSERT_TRUE(d.source);
    EXPECT_NE(d.source->name().find("province-2024.yaml"), std::string::npos) << d.format();
    EXPECT_NE(d.hint.find("in place of `~`"), std::string::npos);
  }

  // Filled in (only the values typed), it loads and passes.
  std::string filled = std::regex_replace(text, std::regex("value: ~"), "value: 50%");
  std::ofstream(dir / "province-2024.yaml", std::ios::binary) << filled;
  auto done = io::load_pack((dir / "province-2024.yaml").string(), search());
  ASSERT_TRUE(done.ok()) << done.diagnostics.format();
  EXPECT_TRUE(check_complete(*done.rules).complete()) << check_complete(*done.rules).diagnostics.format();
  EXPECT_TRUE(done.rules->thresholds().missing.empty());
  EXPECT_TRUE(done.rules->thresholds().partial.empty());
  for (const auto& d : done.diagnostics) EXPECT_NE(d.code, "W301") << d.format();

  // One value typed less: that parameter, region and year is named again.
  std::string one_left = filled;
  auto at = one_left.find("year: 2023\n        value: 50%");
  ASSERT_NE(at, std::string::npos);
  one_left.replace(one_left.find("value: 50%", at), 10, "value: ~");
  std::ofstream(dir / "province-2024.yaml", std::ios::binary) << one_left;
  auto partly = io::load_pack((dir / "province-2024.yaml").string(), search());
  ASSERT_TRUE(partly.ok()) << partly.diagnostics.format();
  auto left = check_complete(*partly.rules);
  ASSERT_EQ(left.diagnostics.size(), 1u);
  EXPECT_NE(left.diagnostics[0].message.find("threshold 'income_min' has no value for threshold_region TDMNPB in 2023"),
            std::string::npos)
      << left.diagnostics[0].message;
  fs::remove_all(dir);
}

TEST(OverlayTemplate, OneYearEnglishAndDeterministic) {
  auto rules = load("vn-ntm-2021-2025");
  ASSERT_TRUE(rules);
  io::OverlayTemplateOptions o;
  o.id = "p2024";
  o.year = 2024;
  o.lang = text::Lang::en;
  std::string text = io::overlay_template(*rules, o);
  EXPECT_EQ(text, io::overlay_template(*rules, o));
  EXPECT_NE(text.find("\nvalid: {from: 2024, to: 2025}\n"), std::string::npos);
  EXPECT_NE(text.find("# Northern Midlands and Mountains"), std::string::npos);
  EXPECT_NE(text.find("# Indicator 10 (criterion TC10 Income): Average rural income per capita"), std::string::npos);
  EXPECT_EQ(text.find("year: 2022"), std::string::npos);
  EXPECT_NE(text.find("year: 2024"), std::string::npos);
  // The partly set parameter shows what it already has, with its status.
  EXPECT_NE(text.find("# Already set: threshold_region TDMNPB = 50% (TVPL_TIEU_CHI_XA, unverified); threshold_region "
                      "DBSH = 70% (TVPL_TIEU_CHI_XA, unverified)"),
            std::string::npos);
  // Filled in, the one-year overlay passes the check for its own validity.
  fs::path dir = scratch();
  std::ofstream(dir / "p2024.yaml", std::ios::binary) << std::regex_replace(text, std::regex("value: ~"), "value: 1");
  auto done = io::load_pack((dir / "p2024.yaml").string(), search());
  ASSERT_TRUE(done.ok()) << done.diagnostics.format();
  EXPECT_EQ(done.rules->pack().valid_from, 2024);
  EXPECT_TRUE(check_complete(*done.rules).complete());
  fs::remove_all(dir);
}

TEST(OverlayTemplate, BadIdYearAndAPackOutsideTheSearchPath) {
  auto rules = load("vn-ntm-2021-2025");
  ASSERT_TRUE(rules);
  io::OverlayTemplateOptions o;
  for (const char* id : {"", "../x", "vn-ntm-2021-2025"}) {
    o.id = id;
    try {
      io::overlay_template(*rules, o);
      FAIL() << "expected E311 for '" << id << "'";
    } catch (const PackError& e) {
      EXPECT_EQ(e.diagnostics()[0].code, "E311");
      EXPECT_EQ(e.diagnostics()[0].field, "id");
    }
  }
  o.id = "ok";
  o.year = 2021;
  EXPECT_THROW(io::overlay_template(*rules, o), DataError);
  o.year.reset();
  // A pack read from a file the search path does not find by its id: extends names the file,
  // relative to the template's folder, and the template loads.
  fs::path dir = scratch();
  fs::create_directories(dir / "packs");
  fs::create_directories(dir / "province");
  fs::copy_file(TIEUCHI_TEST_PACK_DIR "/vn-ntm-2021-2025.yaml", dir / "packs" / "vn-ntm-2021-2025.yaml");
  auto copy = io::load_pack((dir / "packs" / "vn-ntm-2021-2025.yaml").string(), search());
  ASSERT_TRUE(copy.ok());
  io::write_overlay_template(dir / "province" / "ok.yaml", *copy.rules, o, search());
  std::string text = read(dir / "province" / "ok.yaml");
  EXPECT_NE(text.find("\nextends: \"../packs/vn-ntm-2021-2025.yaml\"\n"), std::string::npos) << text.substr(0, 800);
  auto loaded = io::load_pack((dir / "province" / "ok.yaml").string(), search());
  ASSERT_TRUE(loaded.ok()) << loaded.diagnostics.format();
  EXPECT_EQ(loaded.rules->pack().lineage, (std::vector<std::string>{"vn-ntm-2021-2025", "ok"}));
  // A file that cannot be written is an error, not silence.
  EXPECT_THROW(io::write_overlay_template(dir / "no-such-folder" / "x.yaml", *rules, o, search()), Error);
  fs::remove_all(dir);
}

TEST(OverlayTemplate, NothingToFillIn) {
  auto rules = load(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml");
  ASSERT_TRUE(rules);
  io::OverlayTemplateOptions o;
  o.id = "nothing";
  std::string text = io::overlay_template(*rules, o);
  EXPECT_NE(text.find("\nparameters: {}\n"), std::string::npos);
  std::string over_national = std::regex_replace(text, std::regex("extends: .*"), "extends: vn-ntm-2021-2025");
  auto r = io::load_pack_text("nothing.yaml", over_national, search());
  EXPECT_TRUE(r.ok()) << r.diagnostics.format();
}

}  // namespace
}  // namespace tieuchi
