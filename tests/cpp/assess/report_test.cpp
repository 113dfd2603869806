// The example assessment end to end: reading the CSV, statuses and explanations of a dozen
// communes (golden file, both languages), summaries, reviews, progress, writers; and the CSV
// reader's errors.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "model/pack_support.hpp"
#include "tieuchi/assess/report.hpp"
#include "tieuchi/assess/shortfalls.hpp"
#include "tieuchi/assess/tables.hpp"
#include "tieuchi/io/report_writers.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/io/units_csv.hpp"

namespace tieuchi::assess {
namespace {

using testing_support::count_code;
using testing_support::find_code;

std::shared_ptr<const model::RuleSet> example_rules() {
  static auto rules = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                             {{TIEUCHI_TEST_PACK_DIR}});
  return rules;
}

Assessment example(int year) {
  io::CsvOptions csv;
  csv.attributes = {"recognized"};
  auto units = io::read_units_csv(std::string(TIEUCHI_TEST_SOURCE_DIR) + "/data/examples/langson/communes-" +
                                      std::to_string(year) + ".csv",
                                  *example_rules(), csv);
  EXPECT_TRUE(units.ok()) << units.diagnostics.format();
  AssessOptions opt;
  opt.year = year;
  return assess(example_rules(), units.table, opt);
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ExampleAssessment, DozenCommunesMatchTheGoldenFile) {
  auto a = example(2023);
  auto s = summarize(a);
  std::ostringstream wide;
  io::write_wide_csv(wide, a, s);
  std::map<std::string, std::string> rows;
  std::istringstream lines(wide.str());
  for (std::string line; std::getline(lines, line);) rows[line.substr(0, line.find(','))] = line;
  std::string out;
  for (const char* id : {"05986", "05989", "06631", "06106", "06163", "06193", "06010", "06028", "05992", "05998",
                         "06001", "06004"}) {
    const auto& ids = a.units().ids;
    auto u = static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
    ASSERT_LT(u, ids.size()) << id;
    out += "== " + rows.at(id) + "\n";
    out += explain(a, u, "ntm", Lang::vi, 0);
    for (auto c : s.criteria)
      if (a.status(c)[u] != Status::met) {
        out += explain(a, u, a.nodes()[c].id, Lang::vi, 1);
        out += explain(a, u, a.nodes()[c].id, Lang::en, 1);
      }
    out += explain(a, u, "ntm_revocation", Lang::en, 0);
  }
  std::string path = TIEUCHI_TEST_DATA_DIR "/assess/explain-2023.expected";
  if (const char* up = std::getenv("TIEUCHI_UPDATE_GOLDEN"); up && std::string(up) == "1") {
    std::ofstream(path) << out;
    GTEST_SKIP() << "rewrote " << path;
  }
  EXPECT_EQ(out, read(path));
}

TEST(ExampleAssessment, SummaryAddsUpAndReviewsTheRecognizedCommunes) {
  auto a = example(2023);
  auto s = summarize(a);
  EXPECT_EQ(a.size(), 181u);
  EXPECT_EQ(s.criteria.size(), 19u);
  EXPECT_EQ(s.reviews.size(), 58u);
  std::size_t advanced = 0;
  for (const auto& r : s.reviews) advanced += r.level == "ntm_nang_cao";
  EXPECT_EQ(advanced, 12u);
  for (const auto& c : s.province.criteria) EXPECT_EQ(c.total(), 181u);
  std::size_t in_districts = 0;
  for (const auto& d : s.districts) in_districts += d.units;
  EXPECT_EQ(in_districts, 181u);
  EXPECT_EQ(s.districts.size(), 11u);
  // Illustrative values are named in the summary's header.
  EXPECT_GT(s.illustrative_count, 20u);
  std::string text = format_summary(a, s, Lang::en);
  EXPECT_NE(text.find("WARNING: "), std::string::npos);
  EXPECT_NE(text.find("(illustrative)"), std::string::npos);
  EXPECT_NE(text.find("Review of 58 recognized units"), std::string::npos);
  std::string vi = format_summary(a, s, Lang::vi);
  EXPECT_NE(vi.find("Rà soát 58 đơn vị đã được công nhận"), std::string::npos);
  // Every review outcome agrees with the statuses.
  for (const auto& r : s.reviews) {
    Status st = a.status(*a.position(r.level))[r.unit];
    if (r.outcome == Review::Outcome::keeps) {
      EXPECT_EQ(st, Status::met);
    }
    if (r.outcome == Review::Outcome::short_of) {
      EXPECT_EQ(st, Status::unmet);
      EXPECT_FALSE(r.criteria_unmet.empty());
    }
    if (r.outcome == Review::Outcome::cannot_tell) {
      EXPECT_EQ(st, Status::unknown);
    }
  }
}

TEST(ExampleAssessment, SummaryCountsEqualAHandCountPerDistrict) {
  // The summary counts column by column; a unit-by-unit count must agree with it.
  auto a = example(2023);
  auto s = summarize(a);
  const auto& districts = a.units().districts;
  ASSERT_FALSE(s.districts.empty());
  std::vector<std::string> order;
  for (const auto& d : districts)
    if (std::find(order.begin(), order.end(), d) == order.end()) order.push_back(d);
  ASSERT_EQ(s.districts.size(), order.size());
  for (std::size_t g = 0; g < order.size(); ++g) {
    const auto& d = s.districts[g];
    EXPECT_EQ(d.name, order[g]);
    std::size_t units = 0;
    double met_sum = 0;
    std::vector<Counts> crit(s.criteria.size()), lev(s.levels.size());
    auto add = [](Counts& c, Status st) {
      c.met += st == Status::met;
      c.unmet += st == Status::unmet;
      c.unknown += st == Status::unknown;
      c.not_applicable += st == Status::not_applicable;
    };
    for (std::size_t u = 0; u < a.size(); ++u) {
      if (districts[u] != order[g]) continue;
      ++units;
      met_sum += static_cast<double>(s.criteria_met[u]);
      for (std::size_t k = 0; k < s.criteria.size(); ++k) add(crit[k], a.status(s.criteria[k])[u]);
      for (std::size_t k = 0; k < s.levels.size(); ++k) add(lev[k], a.status(s.levels[k])[u]);
    }
    EXPECT_EQ(d.units, units) << d.name;
    EXPECT_DOUBLE_EQ(d.average_criteria_met, met_sum / static_cast<double>(units)) << d.name;
    for (std::size_t k = 0; k < crit.size(); ++k) {
      EXPECT_EQ(d.criteria[k].met, crit[k].met) << d.name << " " << k;
      EXPECT_EQ(d.criteria[k].unmet, crit[k].unmet) << d.name << " " << k;
      EXPECT_EQ(d.criteria[k].unknown, crit[k].unknown) << d.name << " " << k;
      EXPECT_EQ(d.criteria[k].not_applicable, crit[k].not_applicable) << d.name << " " << k;
    }
    for (std::size_t k = 0; k < lev.size(); ++k) {
      EXPECT_EQ(d.levels[k].met, lev[k].met) << d.name << " " << k;
      EXPECT_EQ(d.levels[k].unknown, lev[k].unknown) << d.name << " " << k;
    }
  }
  // The province is the sum of its districts.
  for (std::size_t k = 0; k < s.criteria.size(); ++k) {
    std::size_t met = 0;
    for (const auto& d : s.districts) met += d.criteria[k].met;
    EXPECT_EQ(s.province.criteria[k].met, met);
  }
}

TEST(ExampleAssessment, SummaryNamesEachUnverifiedValueReadOnce) {
  // The values resolved unit by unit: the summary lists each unverified one exactly once.
  auto a = example(2023);
  auto s = summarize(a);
  const auto& pack = a.rules().pack();
  std::set<const model::ParameterValue*> expected;
  for (const auto& par : pack.parameters) {
    auto gn = a.rules().graph().find(graph::NodeKind::parameter, par.name);
    if (!gn || a.rules().graph().direct_dependents(*gn).empty()) continue;
    for (std::size_t u = 0; u < a.size(); ++u) {
      std::map<std::string, std::string> keys;
      for (const auto& k : par.by) {
        const auto* key = pack.find_key(k);
        if (!key) continue;  // `year` is a dimension of the value, not a key of the unit
        auto code = a.key_codes(static_cast<std::size_t>(key - pack.keys.data()))[u];
        if (code >= 0) keys[key->name] = key->values[static_cast<std::size_t>(code)];
      }
      auto r = a.rules().resolve(par, keys, a.year());
      if (r.entry && r.entry->provenance.status != model::Verification::verified) expected.insert(r.entry);
    }
  }
  std::size_t tables = 0;
  for (const auto& v : s.unverified_values) tables += v.rfind("table ", 0) == 0;
  EXPECT_GT(expected.size(), 0u);
  EXPECT_EQ(s.unverified_values.size() - tables, expected.size());
  std::set<std::string> distinct(s.unverified_values.begin(), s.unverified_values.end());
  EXPECT_EQ(distinct.size(), s.unverified_values.size());
}

// The conditions (eligibility, revocation) are reported apart from the ladder of levels, as an
// officer reads them: how many units meet each and how many of those are recognized already.
TEST(ExampleAssessment, SummaryReportsConditionsApartFromLevels) {
  auto a = example(2023);
  auto s = summarize(a);
  auto counts = [&](const char* node) {
    for (std::size_t k = 0; k < s.levels.size(); ++k)
      if (a.nodes()[s.levels[k]].id == node) return s.province.levels[k];
    ADD_FAILURE() << node;
    return Counts{};
  };
  // The recognized units meeting the revocation rule of their level (or of a level theirs requires).
  auto recognized = [&](const char* condition, std::initializer_list<const char*> levels) {
    std::size_t n = 0;
    for (const auto& r : s.reviews)
      if (a.status(*a.position(condition))[r.unit] == Status::met &&
          std::find(levels.begin(), levels.end(), r.level) != levels.end())
        ++n;
    return n;
  };
  auto ntm = counts("ntm_revocation"), advanced = counts("ntm_nang_cao_revocation");
  std::size_t ntm_recognized = recognized("ntm_revocation", {"ntm", "ntm_nang_cao"});
  std::size_t advanced_recognized = recognized("ntm_nang_cao_revocation", {"ntm_nang_cao"});
  ASSERT_GT(ntm.met, 0u);
  EXPECT_GE(ntm_recognized, 1u);  // 06193, reviewed as grounds for revocation

  std::string en = format_summary(a, s, Lang::en);
  std::size_t levels = en.find("\nLevels:\n"), conditions = en.find("\nConditions:\n"), review = en.find("\nReview of");
  ASSERT_NE(levels, std::string::npos);
  ASSERT_NE(conditions, std::string::npos);
  ASSERT_LT(levels, conditions);
  ASSERT_LT(conditions, review);
  EXPECT_EQ(en.substr(levels, conditions - levels).find("revocation"), std::string::npos) << en;
  EXPECT_NE(en.find(fmt::format("  Grounds for revocation of ntm: {} units, of them recognized: {}",
                                ntm.met, ntm_recognized)),
            std::string::npos)
      << en;
  EXPECT_NE(en.find(fmt::format("  Grounds for revocation of ntm_nang_cao: {} units, of them "
                                "recognized: {}\n",
                                advanced.met, advanced_recognized)),
            std::string::npos)
      << en;
  auto eligible = counts("ntm_recognition");
  EXPECT_NE(en.find(fmt::format("  Eligible for NTM recognition (ntm_recognition): met by {} units, of them recognized: "
                                "{}; cannot tell: {} units\n",
                                eligible.met, recognized("ntm_recognition", {"ntm", "ntm_nang_cao"}), eligible.unknown)),
            std::string::npos)
      << en;

  std::string vi = format_summary(a, s, Lang::vi);
  EXPECT_NE(vi.find("\nĐiều kiện:\n"), std::string::npos);
  EXPECT_NE(vi.find(fmt::format("  Có căn cứ thu hồi danh hiệu ntm: {} xã, trong đó đã "
                                "công nhận: {}",
                                ntm.met, ntm_recognized)),
            std::string::npos)
      << vi;
  EXPECT_NE(vi.find(fmt::format("  Có căn cứ thu hồi danh hiệu ntm_nang_cao: {} xã, trong đó "
                                "đã công nhận: {}\n",
                                advanced.met, advanced_recognized)),
            std::string::npos)
      << vi;
  EXPECT_NE(vi.find("  Có căn cứ thu hồi        06193"), std::string::npos) << vi;  // the review's word
}

TEST(ExampleAssessment, WritersProduceCompleteTables) {
  auto a = example(2023);
  auto s = summarize(a);
  std::ostringstream json_out, long_out, wide_out;
  io::write_json(json_out, a, s);
  io::write_long_csv(long_out, a);
  io::write_wide_csv(wide_out, a, s);
  auto j = nlohmann::json::parse(json_out.str());
  EXPECT_EQ(j["schema"], "tieuchi.assessment/1");
  EXPECT_EQ(j["year"], 2023);
  ASSERT_EQ(j["units"].size(), 181u);
  EXPECT_EQ(j["units"][0]["nodes"]["TC5"]["kind"], "criterion");
  EXPECT_EQ(j["reviews"].size(), 58u);
  std::size_t non_key = 0;
  for (const auto& n : a.nodes()) non_key += n.kind != graph::NodeKind::key;
  std::string lo = long_out.str();
  EXPECT_EQ(static_cast<std::size_t>(std::count(lo.begin(), lo.end(), '\n')), 1 + 181 * non_key);
  std::string wi = wide_out.str();
  EXPECT_EQ(std::count(wi.begin(), wi.end(), '\n'), 182);
  EXPECT_NE(wi.find("Xã Cao Minh"), std::string::npos);
}

TEST(ExampleAssessment, ProgressBetweenYears) {
  auto a = example(2023), b = example(2024);
  auto p = compare(a, b);
  EXPECT_EQ(p.year_before, 2023);
  EXPECT_EQ(p.year_after, 2024);
  EXPECT_GT(p.gained.size(), p.lost.size());  // the generator remedies half of the shortfalls
  for (const auto& c : p.lost) {
    auto ub = static_cast<std::size_t>(std::find(a.units().ids.begin(), a.units().ids.end(), c.unit_id) - a.units().ids.begin());
    EXPECT_EQ(a.status(*a.position(c.node))[ub], Status::met);
  }
  EXPECT_TRUE(p.units_only_before.empty());
}

// ---- the CSV reader ---------------------------------------------------------------------

std::shared_ptr<const model::RuleSet> small_rules() {
  auto b = testing_support::build_text(R"(pack: small
fields:
  region: {type: string, values: [north, south]}
  share: {type: number, unit: "%", min: 0, max: 1}
  has_market: {type: bool}
criteria:
  - id: A
    indicators:
      - {id: a1, rule: share >= 50%}
      - {id: a2, rule: has_market}
levels: [{id: L}]
)");
  EXPECT_TRUE(b.rules) << b.diagnostics.format();
  return b.rules;
}

TEST(UnitsCsv, ReadsCellsAndKeepsMissingAsMissing) {
  auto rules = small_rules();
  auto r = io::read_units_csv_text("u.csv",
                                   "\xEF\xBB\xBFid,name,region,share,has_market\n"
                                   "1,\"Xã A, B\",north,76%,có\n"
                                   "2,Xã C,south,,không\n"
                                   "3,Xã D,,0.4,NA\n",
                                   *rules);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  const auto& t = *r.table;
  EXPECT_EQ(t.rows(), 3u);
  EXPECT_EQ(t.names[0], "Xã A, B");
  EXPECT_DOUBLE_EQ((*t.numbers("share"))[0], 0.76);
  EXPECT_TRUE(std::isnan((*t.numbers("share"))[1]));
  EXPECT_EQ((*t.numbers("has_market"))[0], 1.0);
  EXPECT_EQ((*t.numbers("has_market"))[1], 0.0);
  EXPECT_TRUE(std::isnan((*t.numbers("has_market"))[2]));
  EXPECT_EQ(t.strings("region")->codes[2], -1);
  auto a = assess(rules, r.table);
  auto pos = *a.position("a1");
  EXPECT_EQ(a.status(pos)[0], Status::met);
  EXPECT_EQ(a.status(pos)[1], Status::unknown);  // a missing share is unknown, never 0
  EXPECT_EQ(a.status(pos)[2], Status::unmet);
}

TEST(UnitsCsv, EveryBadCellIsReportedWithRowAndColumn) {
  auto rules = small_rules();
  auto r = io::read_units_csv_text("u.csv",
                                   "id,region,share,has_market,shar\n"
                                   "1,north,abc,yes,1\n"
                                   "1,west,1.5,maybe,1\n"
                                   ",north,0.5,yes\n",
                                   *rules);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(find_code(r.diagnostics, "E507")->column_name, "shar");
  EXPECT_EQ(find_code(r.diagnostics, "E507")->hint, "did you mean 'share'?");
  EXPECT_EQ(count_code(r.diagnostics, "E509"), 2u);  // abc, maybe
  // The place is structured (file, row, column), not baked into the message.
  const Diagnostic* abc = find_code(r.diagnostics, "E509");
  EXPECT_EQ(abc->file, "u.csv");
  EXPECT_EQ(abc->row, 2u);
  EXPECT_EQ(abc->column, 3u);
  EXPECT_EQ(abc->column_name, "share");
  EXPECT_EQ(abc->field, "share");
  EXPECT_EQ(abc->message, "'abc' is not a number") << r.diagnostics.format();
  EXPECT_EQ(abc->format(), "u.csv: row 2, column 'share': error[E509]: 'abc' is not a number");
  EXPECT_EQ(count_code(r.diagnostics, "E505"), 2u);  // west, 1.5
  EXPECT_EQ(count_code(r.diagnostics, "E511"), 1u);  // duplicate id 1
  EXPECT_EQ(count_code(r.diagnostics, "E513"), 1u);  // row 4 has 4 cells
}

TEST(UnitsCsv, MissingColumnsAreErrorsUnlessAllowed) {
  auto rules = small_rules();
  std::string text = "id,region\n1,north\n";
  auto strict = io::read_units_csv_text("u.csv", text, *rules);
  EXPECT_EQ(count_code(strict.diagnostics, "E508"), 2u);
  io::CsvOptions lax;
  lax.allow_missing_columns = true;
  auto ok = io::read_units_csv_text("u.csv", text, *rules, lax);
  ASSERT_TRUE(ok.ok()) << ok.diagnostics.format();
  EXPECT_EQ(count_code(ok.diagnostics, "W501"), 2u);
  auto a = assess(rules, ok.table);
  EXPECT_EQ(a.status(*a.position("A"))[0], Status::unknown);
}

TEST(UnitsCsv, MalformedCsvIsReported) {
  auto rules = small_rules();
  auto r = io::read_units_csv_text("u.csv", "id,region,share,has_market\n1,\"north,0.5,yes\n", *rules);
  EXPECT_NE(find_code(r.diagnostics, "E514"), nullptr) << r.diagnostics.format();
  auto missing = io::read_units_csv("/nonexistent/units.csv", *rules);
  EXPECT_NE(find_code(missing.diagnostics, "E512"), nullptr);
}

TEST(Assess, RecognizedLevelMustExist) {
  auto rules = small_rules();
  io::CsvOptions csv;
  csv.attributes = {"recognized"};
  auto r = io::read_units_csv_text("u.csv", "id,region,share,has_market,recognized\n1,north,0.6,yes,ntm\n", *rules, csv);
  ASSERT_TRUE(r.ok());
  auto a = assess(rules, r.table);
  try {
    summarize(a);
    FAIL() << "expected E516";
  } catch (const DataError& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E516");
  }
}

}  // namespace
}  // namespace tieuchi::assess

TEST(UnitTable, DictionaryEncodedColumnsEqualTextColumns) {
  using tieuchi::assess::UnitTable;
  UnitTable text(5), coded(5);
  text.set_strings("region", {"TDMNPB", "", "DBSH", "TDMNPB", "DBSH"});
  // Codes as pandas.factorize gives them, with an empty entry and a repeated one.
  coded.set_codes("region", {0, -1, 1, 2, 3}, {"TDMNPB", "DBSH", "TDMNPB", "DBSH"});
  const auto* a = text.strings("region");
  const auto* b = coded.strings("region");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->codes, b->codes);
  EXPECT_EQ(a->dictionary, b->dictionary);
  UnitTable empty_entry(2);
  empty_entry.set_codes("region", {0, 1}, {"", "DBSH"});
  EXPECT_EQ(empty_entry.strings("region")->codes, (std::vector<std::int32_t>{-1, 0}));
  try {
    coded.set_codes("region", {0, 1, 2, 5, -1}, {"a", "b", "c"});
    FAIL() << "an out-of-range code was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "column 'region', row 3: code 5 is outside the dictionary of 3 values");
  }
  EXPECT_THROW(coded.set_codes("region", {0, 1}, {"a", "b"}), std::invalid_argument);  // 2 rows, not 5
}

namespace tieuchi::assess {
namespace {

// Regression (#16): `tieuchi assess --recognized da_cong_nhan` reviewed the units right, but the
// planning table's `recognized` column read the attribute named `recognized`, and was empty.
TEST(ExampleAssessment, PlanningTableReadsTheRecognizedColumnItIsGiven) {
  std::ifstream in(std::string(TIEUCHI_TEST_SOURCE_DIR) + "/data/examples/langson/communes-2023.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  auto header_end = text.find('\n');
  std::string header = text.substr(0, header_end);
  auto at = header.find("recognized");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("recognized").size(), "da_cong_nhan");
  io::CsvOptions csv;
  csv.optional_attributes = {"da_cong_nhan"};
  auto units = io::read_units_csv_text("renamed.csv", text, *example_rules(), csv);
  ASSERT_TRUE(units.ok()) << units.diagnostics.format();
  AssessOptions opt;
  opt.year = 2023;
  auto a = assess(example_rules(), units.table, opt);
  SummaryOptions so;
  so.recognized_attribute = "da_cong_nhan";
  auto s = summarize(a, so);
  EXPECT_EQ(s.reviews.size(), 58u);
  std::ostringstream wide;
  io::write_wide_csv(wide, a, s);
  std::istringstream lines(wide.str());
  std::string line;
  std::getline(lines, line);
  ASSERT_EQ(line.rfind("id,name,district,recognized,", 0), 0u) << line;
  std::size_t with_level = 0;
  while (std::getline(lines, line)) {
    // The fourth cell (no name in the example holds a comma before it: checked by the count).
    std::size_t c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1), c4 = line.find(',', c3 + 1);
    if (line.substr(c3 + 1, c4 - c3 - 1).size() > 0) ++with_level;
  }
  EXPECT_EQ(with_level, 58u);
}

}  // namespace
}  // namespace tieuchi::assess

namespace tieuchi::assess {
namespace {

TEST(ExampleAssessment, PlanningTableIsTypedAndTheCsvIsItsRendering) {
  auto a = example(2023);
  auto s = summarize(a);
  Table t = planning_table(a, s, Lang::vi);
  ASSERT_EQ(t.rows(), a.size());
  const Column* tc2 = t.find("TC2");
  const Column* met = t.find("criteria_met");
  const Column* review = t.find("review");
  const Column* highest = t.find("highest_level");
  ASSERT_TRUE(tc2 && met && review && highest);
  EXPECT_EQ(tc2->type, Column::Type::category);
  EXPECT_TRUE(tc2->ordered);
  EXPECT_EQ(tc2->labels, mark_labels());
  EXPECT_EQ(tc2->title, "TC2. Giao thông");
  EXPECT_EQ(met->type, Column::Type::integer);
  EXPECT_EQ(met->of, 19);
  EXPECT_EQ(met->title, "Số tiêu chí đạt");
  EXPECT_EQ(review->label_titles[2], "Có căn cứ thu hồi");
  EXPECT_EQ(highest->labels, (std::vector<std::string>{"ntm", "ntm_nang_cao", "kieu_mau"}));
  // Counts agree with the marks, unit by unit.
  for (std::size_t u = 0; u < t.rows(); ++u) {
    std::int64_t marks_met = 0;
    for (auto c : s.criteria) marks_met += t.find(a.nodes()[c].id)->codes[u] == mark_code(Status::met);
    EXPECT_EQ(met->integers[u], marks_met) << u;
  }
  std::size_t reviewed = 0;
  for (auto code : review->codes) reviewed += code >= 0;
  EXPECT_EQ(reviewed, s.reviews.size());
  // The CSV writer renders this table (titles aside), cell for cell.
  std::ostringstream wide, again;
  io::write_wide_csv(wide, a, s);
  io::write_table_csv(again, planning_table(a, s, Lang::en));
  EXPECT_EQ(wide.str(), again.str());
  EXPECT_NE(wide.str().find(",13/19,"), std::string::npos);
}

TEST(ExampleAssessment, ShortfallsTableNamesCriteriaInTheLanguageAsked) {
  auto a = example(2023);
  Table vi = shortfalls_table(a, Lang::vi), en = shortfalls_table(a, Lang::en);
  ASSERT_EQ(vi.rows(), shortfalls(a).size());
  ASSERT_EQ(en.rows(), vi.rows());
  ASSERT_GT(vi.rows(), 0u);
  const Column* name_vi = vi.find("criterion_name");
  const Column* name_en = en.find("criterion_name");
  ASSERT_TRUE(name_vi && name_en);
  std::size_t differ = 0;
  for (std::size_t r = 0; r < vi.rows(); ++r) differ += name_vi->text[r] != name_en->text[r];
  EXPECT_GT(differ, 0u);
  EXPECT_EQ(vi.find("indicators_unmet")->title, "Chỉ tiêu chưa đạt");
  EXPECT_EQ(column_title(a.rules(), "ntm", Lang::vi), "Xã đạt chuẩn nông thôn mới");
  EXPECT_EQ(column_title(a.rules(), "unknown_column", Lang::vi), "unknown_column");
}

}  // namespace
}  // namespace tieuchi::assess

namespace tieuchi::assess {
namespace {

TEST(UnitIds, EmptyAndRepeatedIdsAreReportedInReadingOrder) {
  auto rules = testing_support::build_text(
                   "pack: p\nfields: {a: {type: number}}\ncriteria: [{id: C, indicators: [{id: i, rule: a > 1}]}]\n")
                   .rules;
  ASSERT_TRUE(rules);
  auto r = io::read_units_csv_text("u.csv", "id,a\n1,1\n,2\n1,3\n2,4\n2,5\n,6\n1,7\n", *rules);
  ASSERT_FALSE(r.ok());
  std::vector<std::pair<std::uint32_t, std::string>> got;
  for (const auto& d : r.diagnostics) got.emplace_back(d.row, d.message);
  EXPECT_EQ(got, (std::vector<std::pair<std::uint32_t, std::string>>{{3, "empty unit id"},
                                                                    {4, "unit id '1' appears twice"},
                                                                    {6, "unit id '2' appears twice"},
                                                                    {7, "empty unit id"},
                                                                    {8, "unit id '1' appears twice"}}));
  // The same id on every row: each repeat is found (in n log n, not n^2), the list capped.
  std::string text = "id,a\n";
  for (int k = 0; k < 50000; ++k) text += "x,1\n";
  auto same = io::read_units_csv_text("same.csv", text, *rules);
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.diagnostics.size(), 201u);  // 200 listed, then E518 counting the rest
  EXPECT_EQ(same.diagnostics[0].row, 3u);
  EXPECT_EQ(same.diagnostics[200].code, "E518");
  EXPECT_NE(same.diagnostics[200].message.find("49799"), std::string::npos) << same.diagnostics[200].message;
}

}  // namespace
}  // namespace tieuchi::assess
