// The annexes as data (io/annexes.hpp): on the example communes, the province and district rows
// sum their units, the filters keep what they say, the agencies table adds up to the plan, and
// the JSON the page shows carries the same cells.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/assess/report.hpp"
#include "tieuchi/io/annexes.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/io/plan_inputs.hpp"
#include "tieuchi/io/units_csv.hpp"
#include "tieuchi/plan/planner.hpp"

namespace tieuchi::io {
namespace {

const std::string kData = std::string(TIEUCHI_TEST_SOURCE_DIR) + "/data/examples/langson/";

struct Example {
  assess::Assessment a;
  assess::Summary s;
  plan::Plan p;
};

const Example& example() {
  static Example e = [] {
    auto rules = load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                    {{TIEUCHI_TEST_PACK_DIR}});
    CsvOptions csv;
    csv.attributes = {"recognized"};
    auto units = read_units_csv(kData + "communes-2023.csv", *rules, csv);
    EXPECT_TRUE(units.ok()) << units.diagnostics.format();
    assess::AssessOptions opt;
    opt.year = 2023;
    opt.costs = true;
    auto a = assess::assess(rules, units.table, opt);
    auto s = assess::summarize(a);
    plan::PlanOptions o;
    o.last_year = 2025;
    o.targets = {{"ntm", 2024}, {"ntm_nang_cao", 2024}};
    o.costs = or_throw(read_costs_csv(kData + "costs-illustrative.csv"));
    o.budgets = or_throw(read_budgets_csv(kData + "budgets-illustrative.csv"));
    auto p = plan::plan(a, o);
    return Example{std::move(a), std::move(s), std::move(p)};
  }();
  return e;
}

std::size_t column_of(const Annex& x, AnnexColumn::Kind kind, const std::string& id = "") {
  for (std::size_t c = 0; c < x.columns.size(); ++c)
    if (x.columns[c].kind == kind && (id.empty() || x.columns[c].id == id)) return c;
  ADD_FAILURE() << "no column " << id;
  return 0;
}

/// Every province and district row's number in column `c` is the sum of its units' `unit_value`.
void expect_group_sums(const Annex& x, std::size_t c, const std::function<double(const AnnexRow&)>& unit_value) {
  double province = NAN, district_sum = 0, total = 0;
  const AnnexRow* district = nullptr;
  auto close = [&] {
    if (district) {
      EXPECT_DOUBLE_EQ(district->cells[c].number, district_sum) << x.sheet << " " << district->district;
    }
  };
  for (const auto& r : x.rows) {
    if (r.kind == AnnexRow::Kind::province) province = r.cells[c].number;
    else if (r.kind == AnnexRow::Kind::district) {
      close();
      district = &r;
      district_sum = 0;
    } else {
      district_sum += unit_value(r);
      total += unit_value(r);
    }
  }
  close();
  EXPECT_DOUBLE_EQ(province, total) << x.sheet;
}

TEST(Annexes, TheUnitsAnnexHoldsEveryUnitAndItsCountsAreTheSummary) {
  const auto& e = example();
  Annex x = units_annex(e.a, e.s, {});
  EXPECT_EQ(x.units, e.a.size());
  ASSERT_EQ(x.rows.front().kind, AnnexRow::Kind::province);
  EXPECT_EQ(x.rows.front().units, e.a.size());
  for (std::size_t k = 0; k < e.s.criteria.size(); ++k) {
    const std::string& id = e.a.nodes()[e.s.criteria[k]].id;
    std::size_t c = column_of(x, AnnexColumn::Kind::criterion, id);
    const auto& counts = e.s.province.criteria[k];
    EXPECT_DOUBLE_EQ(x.rows.front().cells[c].number, static_cast<double>(counts.met + counts.not_applicable)) << id;
    EXPECT_DOUBLE_EQ(x.rows.front().cells[c].share,
                     static_cast<double>(counts.met + counts.not_applicable) / static_cast<double>(e.a.size()));
    expect_group_sums(x, c, [&](const AnnexRow& r) { return r.cells[c].text == "Đ" || r.cells[c].text == "KAD"; });
  }
  // Districts: one row each, in order of first appearance, with the summary's unit counts.
  std::size_t d = 0;
  for (const auto& r : x.rows)
    if (r.kind == AnnexRow::Kind::district) {
      ASSERT_LT(d, e.s.districts.size());
      EXPECT_EQ(r.district, e.s.districts[d].name);
      EXPECT_EQ(r.units, e.s.districts[d].units);
      ++d;
    }
  EXPECT_EQ(d, e.s.districts.size());
}

TEST(Annexes, ReviewAnnexesHoldTheRecognizedUnitsWithTheirOutcomes) {
  const auto& e = example();
  auto reviews = review_annexes(e.a, e.s, {});
  ASSERT_EQ(reviews.size(), 2u);  // ntm, ntm_nang_cao
  EXPECT_EQ(reviews[0].level, "ntm");
  EXPECT_EQ(reviews[0].sheet, "Biểu 01");
  EXPECT_EQ(reviews[1].sheet, "Biểu 02");
  std::size_t reviewed = 0;
  for (const auto& x : reviews) reviewed += x.units;
  EXPECT_EQ(reviewed, e.s.reviews.size());
  for (const auto& x : reviews)
    for (std::size_t c = 0; c < x.columns.size(); ++c)
      if (x.columns[c].kind == AnnexColumn::Kind::criterion || x.columns[c].kind == AnnexColumn::Kind::level)
        expect_group_sums(x, c, [&](const AnnexRow& r) { return r.cells[c].text == "Đ" || r.cells[c].text == "KAD"; });
  for (const auto& r : reviews[0].rows)
    if (r.kind == AnnexRow::Kind::unit) {
      EXPECT_NE(r.outcome, "not_recognized");
    }
}

TEST(Annexes, FiltersKeepOneDistrictOrOneOutcomeAndTheTotalsFollow) {
  const auto& e = example();
  const std::string district = e.s.districts[1].name;
  Annex one = units_annex(e.a, e.s, {}, {.district = district});
  EXPECT_EQ(one.units, e.s.districts[1].units);
  for (const auto& r : one.rows)
    if (r.kind != AnnexRow::Kind::province) {
      EXPECT_EQ(r.district, district);
    }
  auto revoked = review_annexes(e.a, e.s, {}, {.review_outcome = "revocation"});
  std::size_t n = 0;
  for (const auto& r : e.s.reviews) n += r.outcome == assess::Review::Outcome::revocation;
  std::size_t shown = 0;
  for (const auto& x : revoked)
    for (const auto& r : x.rows)
      if (r.kind == AnnexRow::Kind::unit) {
        EXPECT_EQ(r.outcome, "revocation");
        ++shown;
      }
  EXPECT_EQ(shown, n);
  Annex none = units_annex(e.a, e.s, {}, {.district = "no such district"});
  EXPECT_EQ(none.units, 0u);
  EXPECT_EQ(none.rows.size(), 1u);  // the province row, of nobody
}

TEST(Annexes, RoadmapRowsSumTheirUnitsAndTheAgenciesAddUpToThePlan) {
  const auto& e = example();
  auto roadmaps = roadmap_annexes(e.a, e.p, 3, {});
  ASSERT_EQ(roadmaps.size(), 2u);
  EXPECT_EQ(roadmaps[0].sheet, "Biểu 03");
  for (const auto& x : roadmaps)
    for (std::size_t c = 0; c < x.columns.size(); ++c)
      if (x.columns[c].kind == AnnexColumn::Kind::cost)
        expect_group_sums(x, c, [&](const AnnexRow& r) { return std::isnan(r.cells[c].number) ? 0.0 : r.cells[c].number; });
  Table ag = agencies_table(e.p, text::Lang::vi);
  const Column* cost = ag.find("cost");
  const Column* tasks = ag.find("tasks");
  ASSERT_TRUE(cost && tasks);
  double sum = 0;
  std::int64_t n = 0;
  for (std::size_t r = 0; r + 1 < ag.rows(); ++r) sum += cost->numbers[r], n += tasks->integers[r];
  EXPECT_NEAR(sum, e.p.total_cost, 1e-6 * std::max(1.0, e.p.total_cost));
  EXPECT_NEAR(cost->numbers.back(), e.p.total_cost, 1e-6 * std::max(1.0, e.p.total_cost));
  EXPECT_EQ(n, static_cast<std::int64_t>(e.p.tasks.size()));
  EXPECT_EQ(tasks->integers.back(), static_cast<std::int64_t>(e.p.tasks.size()));
}

TEST(Annexes, TheJsonCarriesTheAnnexesCellForCell) {
  const auto& e = example();
  AnnexOptions o;
  o.lang = text::Lang::en;
  std::ostringstream out;
  write_annexes_json(out, e.a, e.s, &e.p, o);
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["schema"], "tieuchi.annexes/1");
  EXPECT_EQ(j["units"], e.a.size());
  Annex units = units_annex(e.a, e.s, o);
  ASSERT_EQ(j["units_annex"]["rows"].size(), units.rows.size());
  for (std::size_t r = 0; r < units.rows.size(); ++r)
    for (std::size_t c = 0; c < units.columns.size(); ++c)
      EXPECT_EQ(j["units_annex"]["rows"][r]["cells"][c]["text"], units.rows[r].cells[c].text);
  ASSERT_EQ(j["annexes"].size(), 4u);
  EXPECT_EQ(j["annexes"][2]["kind"], "roadmap");
  EXPECT_EQ(j["plan"]["tasks"], e.p.tasks.size());
  std::size_t outcomes = 0;
  for (const auto& [k, v] : j["plan"]["outcomes"].items()) outcomes += v.get<std::size_t>();
  EXPECT_EQ(outcomes, e.p.outcomes.size());
  std::size_t late = 0;
  for (const auto& x : e.p.outcomes) late += x.kind != plan::Outcome::Kind::already_met && x.kind != plan::Outcome::Kind::on_time;
  EXPECT_EQ(j["plan"]["not_on_time"]["rows"].size(), late);
  // Without a plan: no roadmap, plan null.
  std::ostringstream review;
  write_annexes_json(review, e.a, e.s, nullptr, o);
  auto k = nlohmann::json::parse(review.str());
  EXPECT_TRUE(k["plan"].is_null());
  EXPECT_EQ(k["annexes"].size(), 2u);
}

}  // namespace
}  // namespace tieuchi::io
