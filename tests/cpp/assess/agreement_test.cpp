// Batch and scalar assessment agree on every unit: statuses, values and gaps of every node, on a
// random table of communes (with missing values, every region, disadvantaged communes), for
// every thread count and chunk size.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <random>

#include "model/pack_support.hpp"
#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/assess/report.hpp"
#include "tieuchi/assess/tables.hpp"
#include "tieuchi/assess/unit_input.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/io/units_csv.hpp"
#include "tieuchi/model/evaluate.hpp"

namespace tieuchi::assess {
namespace {

// Under a sanitizer (scripts/sanitize.sh) the large random tables shrink: what is checked there is
// memory and thread safety, which smaller tables exercise as well, at a tenth of the time.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

/// Random inputs for every field of the pack: numbers within their range (shares around the
/// usual thresholds), booleans, strings among the field's values; `missing` share left out.
std::shared_ptr<UnitTable> random_units(const model::Pack& pack, std::size_t n, double missing, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  auto t = std::make_shared<UnitTable>(n);
  for (std::size_t i = 0; i < n; ++i) t->ids.push_back("u" + std::to_string(i));
  for (const auto& f : pack.fields) {
    if (f.type == Type::string) {
      std::vector<std::string> v(n);
      for (auto& x : v)
        if (u01(rng) >= missing && !f.values.empty()) x = f.values[rng() % f.values.size()];
      t->set_strings(f.name, v);
      continue;
    }
    std::vector<double> v(n);
    for (auto& x : v) {
      if (u01(rng) < missing) { x = std::nan(""); continue; }
      if (f.type == Type::boolean) { x = u01(rng) < 0.75 ? 1.0 : 0.0; continue; }
      double lo = f.min.value_or(0.0), hi = f.max.value_or(lo + 100.0);
      if (f.unit == "%") { lo = 0.3; hi = 1.0; }
      if (f.name == "schools.count") x = std::floor(1 + u01(rng) * 7);
      else if (f.name.find("level") != std::string::npos && hi <= 3) x = std::floor(u01(rng) * (hi + 1));
      else x = lo + u01(rng) * (hi - lo);
      if (f.max && x > *f.max) x = *f.max;
    }
    t->set_numbers(f.name, std::move(v));
  }
  return t;
}

void expect_agree(const Assessment& a, std::size_t unit) {
  const UnitTable& t = a.units();
  model::UnitInputs in;
  for (const auto& f : a.rules().pack().fields) {
    if (auto v = t.numbers(f.name)) {
      double x = (*v)[unit];
      if (std::isnan(x)) continue;
      in.emplace_back(f.name, f.type == Type::boolean ? Value(x != 0) : Value(x));
    } else if (const auto* s = t.strings(f.name)) {
      auto c = s->codes[unit];
      if (c >= 0) in.emplace_back(f.name, Value(s->dictionary[static_cast<std::size_t>(c)]));
    }
  }
  auto r = model::evaluate(a.rules(), in, a.year());
  ASSERT_EQ(r.nodes.size(), a.nodes().size());
  for (std::size_t n = 0; n < r.nodes.size(); ++n) {
    const auto& sn = r.nodes[n];
    ASSERT_EQ(a.status(n)[unit], sn.status) << "unit " << unit << " node " << sn.id;
    if (sn.kind == graph::NodeKind::indicator || sn.kind == graph::NodeKind::table ||
        sn.kind == graph::NodeKind::criterion || sn.kind == graph::NodeKind::level) {
      double bv = a.value(n)[unit];
      Value sv = sn.value;
      double expected = sv.is_missing() ? std::nan("") : sv.is_bool() ? (sv.as_bool() ? 1.0 : 0.0)
                        : sv.is_number() ? sv.as_number() : std::nan("");
      if (std::isnan(expected)) {
        ASSERT_TRUE(std::isnan(bv)) << "unit " << unit << " node " << sn.id;
      } else {
        ASSERT_DOUBLE_EQ(bv, expected) << "unit " << unit << " node " << sn.id;
      }
    }
    if (sn.kind == graph::NodeKind::indicator) {
      double bg = a.gap(n)[unit];
      if (std::isnan(sn.gap)) {
        ASSERT_TRUE(std::isnan(bg)) << "unit " << unit << " node " << sn.id;
      } else {
        ASSERT_DOUBLE_EQ(bg, sn.gap) << "unit " << unit << " node " << sn.id;
      }
      double th = a.threshold(n, unit);
      if (sn.threshold.is_missing()) {
        ASSERT_TRUE(std::isnan(th)) << sn.id;
      } else if (sn.threshold.is_number()) {
        ASSERT_DOUBLE_EQ(th, sn.threshold.as_number()) << sn.id;
      }
    }
  }
}

class Agreement : public ::testing::TestWithParam<std::string> {};

TEST_P(Agreement, BatchEqualsScalarOnEveryUnit) {
  auto rules = io::load_pack_or_throw(GetParam(), {{TIEUCHI_TEST_PACK_DIR}});
  auto units = random_units(rules->pack(), 3000, 0.08, 7);
  for (unsigned threads : {1u, 2u}) {
    for (std::size_t chunk : {std::size_t{97}, std::size_t{8192}}) {
      AssessOptions opt;
      opt.year = 2024;
      opt.threads = threads;
      opt.chunk_rows = chunk;
      auto a = assess(rules, units, opt);
      for (std::size_t u = 0; u < a.size(); ++u) {
        expect_agree(a, u);
        if (HasFatalFailure()) return;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Packs, Agreement,
                         ::testing::Values(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                           std::string("vn-ntm-2021-2025")),
                         [](const auto& param_info) { return param_info.index == 0 ? std::string("illustrative")
                                                                                   : std::string("national"); });

TEST(Agreement, EveryCommuneOfTheExample) {
  auto rules = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                      {{TIEUCHI_TEST_PACK_DIR}});
  for (int year : {2023, 2024}) {
    io::CsvOptions csv;
    csv.attributes = {"recognized"};
    auto units = io::read_units_csv(std::string(TIEUCHI_TEST_SOURCE_DIR) + "/data/examples/langson/communes-" +
                                        std::to_string(year) + ".csv",
                                    *rules, csv);
    ASSERT_TRUE(units.ok()) << units.diagnostics.format();
    AssessOptions opt;
    opt.year = year;
    auto a = assess(rules, units.table, opt);
    ASSERT_EQ(a.size(), 181u);
    for (std::size_t u = 0; u < a.size(); ++u) {
      expect_agree(a, u);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(Agreement, RandomHundredThousandUnits) {
  auto rules = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                      {{TIEUCHI_TEST_PACK_DIR}});
  auto units = random_units(rules->pack(), kSanitized ? 10000 : 100000, 0.05, 11);
  AssessOptions opt;
  opt.year = 2023;
  opt.threads = 2;
  auto a = assess(rules, units, opt);
  // Every unit is compared, statuses, values and gaps included.
  for (std::size_t u = 0; u < a.size(); ++u) {
    expect_agree(a, u);
    if (HasFatalFailure()) return;
  }
}

// The summary's counts (blocked, vectorized kernels: a block of 4096 units, one district or many)
// and the planning table's columns equal a count by hand, unit by unit, on a table whose size is
// not a multiple of the block.
TEST(Agreement, SummaryCountsEqualACountByHandInOneDistrictOrMany) {
  auto rules = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                      {{TIEUCHI_TEST_PACK_DIR}});
  const std::size_t n = kSanitized ? 5003 : 20011;
  for (bool districts : {false, true}) {
    auto units = random_units(rules->pack(), n, 0.1, 5);
    if (districts) {
      units->districts.resize(n);
      for (std::size_t u = 0; u < n; ++u) units->districts[u] = "d" + std::to_string((u / 700) % 5);
    }
    AssessOptions opt;
    opt.year = 2024;
    auto a = assess(rules, units, opt);
    auto s = summarize(a);
    ASSERT_EQ(s.criteria_met.size(), n);
    ASSERT_FALSE(s.criteria.empty());
    std::vector<Counts> province(s.criteria.size());
    for (std::size_t u = 0; u < n; ++u) {
      std::size_t met = 0, unknown = 0;
      for (std::size_t k = 0; k < s.criteria.size(); ++k) {
        Status st = a.status(s.criteria[k])[u];
        met += st == Status::met;
        unknown += st == Status::unknown;
        Counts& c = province[k];
        (st == Status::met ? c.met : st == Status::unmet ? c.unmet : st == Status::unknown ? c.unknown : c.not_applicable)++;
      }
      ASSERT_EQ(s.criteria_met[u], met) << "unit " << u;
      ASSERT_EQ(s.criteria_unknown[u], unknown) << "unit " << u;
    }
    for (std::size_t k = 0; k < s.criteria.size(); ++k) {
      EXPECT_EQ(s.province.criteria[k].met, province[k].met) << k;
      EXPECT_EQ(s.province.criteria[k].unmet, province[k].unmet) << k;
      EXPECT_EQ(s.province.criteria[k].unknown, province[k].unknown) << k;
      EXPECT_EQ(s.province.criteria[k].not_applicable, province[k].not_applicable) << k;
    }
    EXPECT_EQ(s.districts.size(), districts ? 5u : 0u);
    std::size_t in_districts = 0;
    for (const auto& d : s.districts) in_districts += d.criteria[0].met;
    if (districts) {
      EXPECT_EQ(in_districts, province[0].met);
    }
    // Missing inputs behind an unknown result (counted by the engine chunk by chunk): a hand
    // count per field over its direct readers.
    std::map<std::string, std::size_t> by_hand;
    const auto& g = a.rules().graph();
    for (const auto& f : a.rules().pack().fields) {
      auto gn = g.find(graph::NodeKind::field, f.name);
      auto col = units->numbers(f.name);
      if (!gn || !col) continue;
      std::vector<std::size_t> readers;
      for (auto dep : g.direct_dependents(*gn))
        if (auto pos = a.position(g.node(dep).id)) readers.push_back(*pos);
      std::size_t count = 0;
      for (std::size_t u = 0; u < n; ++u) {
        if (!std::isnan((*col)[u])) continue;
        bool unknown = false;
        for (auto r : readers) unknown = unknown || a.status(r)[u] == Status::unknown;
        count += unknown;
      }
      if (count) by_hand[f.name] = count;
    }
    ASSERT_FALSE(by_hand.empty());
    std::map<std::string, std::size_t> reported;
    for (const auto& [name, count] : s.missing_inputs)
      if (units->numbers(name)) reported[name] = count;
    EXPECT_EQ(reported, by_hand);
    // The planning table reads the same counts.
    auto t = planning_table(a, s);
    const Column* met = t.find("criteria_met");
    ASSERT_TRUE(met);
    for (std::size_t u = 0; u < n; u += 97) EXPECT_EQ(met->integers[u], static_cast<std::int64_t>(s.criteria_met[u]));
  }
}

// Result arrays are reused from one assessment to the next (assess::set_result_cache) and never
// filled first: an assessment written into the arrays another one left must equal one written
// into fresh memory, cell for cell (a cell the engine forgot would keep the old table's value).
TEST(Agreement, ReusedResultArraysHoldNothingOfTheLastAssessment) {
  auto rules = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                      {{TIEUCHI_TEST_PACK_DIR}});
  const std::size_t n = kSanitized ? 10000 : 40000;  // large enough for the page path (8 MiB)
  AssessOptions opt;
  opt.year = 2024;
  opt.threads = 2;
  opt.costs = true;  // value, gap and cost columns
  // The first assessment has value columns only, over proportionally more units, so that its
  // block is as large but laid out otherwise: every cell of the second lands on a written one.
  std::size_t nodes = rules->nodes().size(), indicators = 0;
  for (const auto& info : rules->nodes()) indicators += info.kind == graph::NodeKind::indicator;
  const std::size_t n_first = n * (nodes + 2 * indicators) / nodes;
  auto first = random_units(rules->pack(), n_first, 0.05, 21), second = random_units(rules->pack(), n, 0.3, 22);
  AssessOptions values_only = opt;
  values_only.gaps = values_only.costs = false;
  auto check = [&](const Assessment& x, const Assessment& y) {
    auto same = [](double p, double q) { return (std::isnan(p) && std::isnan(q)) || p == q; };
    for (std::size_t i = 0; i < x.nodes().size(); ++i) {
      ASSERT_TRUE(std::equal(x.status(i).begin(), x.status(i).end(), y.status(i).begin())) << x.nodes()[i].id;
      for (auto column : {&Assessment::value, &Assessment::gap, &Assessment::cost}) {
        auto a = (x.*column)(i), b = (y.*column)(i);
        ASSERT_EQ(a.size(), b.size()) << x.nodes()[i].id;
        for (std::size_t u = 0; u < a.size(); ++u) ASSERT_TRUE(same(a[u], b[u])) << x.nodes()[i].id << " unit " << u;
      }
    }
  };
  const std::size_t cap = set_result_cache(std::size_t{1} << 30);
  { auto a = assess(rules, first, values_only); }  // its arrays go back to the cache
  auto reused = assess(rules, second, opt);
  set_result_cache(0);
  auto fresh = assess(rules, second, opt);
  EXPECT_EQ(set_result_cache(cap), 0u);
  check(reused, fresh);
}

/// The same units with every number and boolean column in another layout (expr::ColumnView):
/// booleans as bytes with a missing mask, numbers with a missing mask (the masked cells hold
/// garbage that must never be read) or with a validity mask.
std::shared_ptr<UnitTable> relaid(const model::Pack& pack, const UnitTable& plain,
                                  std::vector<std::shared_ptr<std::vector<std::uint8_t>>>& keep) {
  auto t = std::make_shared<UnitTable>(plain.rows());
  t->ids = plain.ids;
  std::size_t k = 0;
  for (const auto& f : pack.fields) {
    if (const auto* s = plain.strings(f.name)) {
      t->set_codes(f.name, s->codes, s->dictionary);
      continue;
    }
    auto v = plain.numbers(f.name);
    if (!v) continue;
    auto mask = std::make_shared<std::vector<std::uint8_t>>(v->size());
    auto values = std::make_shared<std::vector<double>>(v->begin(), v->end());
    auto bytes = std::make_shared<std::vector<std::uint8_t>>(v->size());
    const bool valid_polarity = (k++ % 2) == 1;
    for (std::size_t u = 0; u < v->size(); ++u) {
      const bool absent = std::isnan((*v)[u]);
      (*mask)[u] = valid_polarity ? !absent : absent;
      if (absent) (*values)[u] = 1e300;  // masked out: must not be read
      (*bytes)[u] = absent ? 7 : static_cast<std::uint8_t>((*v)[u]);
    }
    keep.push_back(mask);
    expr::ColumnView view;
    if (f.type == Type::boolean) {
      keep.push_back(bytes);
      view.bytes = *bytes;
    } else {
      view.values = *values;
    }
    (valid_polarity ? view.valid : view.missing) = *mask;
    t->set_column_view(f.name, view, values);
  }
  return t;
}

TEST(Agreement, EveryColumnLayoutGivesThePlainResult) {
  auto rules = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                      {{TIEUCHI_TEST_PACK_DIR}});
  auto plain = random_units(rules->pack(), 20000, 0.1, 5);
  std::vector<std::shared_ptr<std::vector<std::uint8_t>>> keep;
  auto other = relaid(rules->pack(), *plain, keep);
  AssessOptions opt;
  opt.year = 2024;
  opt.chunk_rows = 1000;
  auto a = assess(rules, plain, opt);
  auto b = assess(rules, other, opt);
  for (std::size_t n = 0; n < a.nodes().size(); ++n) {
    ASSERT_TRUE(std::equal(a.status(n).begin(), a.status(n).end(), b.status(n).begin())) << a.nodes()[n].id;
    for (std::size_t u = 0; u < a.size(); ++u) {
      double x = a.value(n)[u], y = b.value(n)[u];
      ASSERT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << a.nodes()[n].id << " unit " << u;
    }
  }
  // numbers() converts another layout once, to the plain float64 column.
  for (const auto& f : rules->pack().fields) {
    auto x = plain->numbers(f.name), y = other->numbers(f.name);
    ASSERT_EQ(x.has_value(), y.has_value()) << f.name;
    if (!x) continue;
    for (std::size_t u = 0; u < x->size(); ++u)
      ASSERT_TRUE((*x)[u] == (*y)[u] || (std::isnan((*x)[u]) && std::isnan((*y)[u]))) << f.name << " unit " << u;
  }
  // A copy made before the first conversion converts on its own.
  std::vector<std::shared_ptr<std::vector<std::uint8_t>>> keep2;
  auto fresh = relaid(rules->pack(), *plain, keep2);
  UnitTable copy = *fresh;
  for (const auto& f : rules->pack().fields) {
    auto x = fresh->numbers(f.name), y = copy.numbers(f.name);
    ASSERT_EQ(x.has_value(), y.has_value()) << f.name;
    if (!x) continue;
    ASSERT_EQ(x->size(), y->size()) << f.name;
    for (std::size_t u = 0; u < x->size(); ++u)
      ASSERT_TRUE((*x)[u] == (*y)[u] || (std::isnan((*x)[u]) && std::isnan((*y)[u]))) << f.name << " unit " << u;
  }
  // Units are checked against their scalar evaluation too (the layouts reach the explanations).
  for (std::size_t u = 0; u < 200; ++u) expect_agree(b, u);
}

TEST(Agreement, TheFirstOutOfRangeValueIsReportedWhateverTheThreads) {
  auto rules = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                      {{TIEUCHI_TEST_PACK_DIR}});
  const auto& fields = rules->pack().fields;
  auto bool_field = std::find_if(fields.begin(), fields.end(), [](const auto& f) { return f.type == Type::boolean; });
  ASSERT_NE(bool_field, fields.end());
  auto units = random_units(rules->pack(), 20000, 0.05, 3);
  // Booleans as bytes: a 2 in a late chunk and a 5 in an early one (the one reported), and a 9
  // that is masked out (missing, not an error).
  std::vector<std::uint8_t> bytes(units->rows(), 1), missing(units->rows(), 0);
  bytes[18000] = 2;
  bytes[12345] = 5;
  bytes[100] = 9;
  missing[100] = 1;
  units->set_column_view(bool_field->name, expr::ColumnView{{}, {}, missing, bytes}, nullptr);
  for (unsigned threads : {1u, 2u, 4u}) {
    AssessOptions opt;
    opt.threads = threads;
    opt.chunk_rows = 1024;
    try {
      (void)assess(rules, units, opt);
      FAIL() << "no error with " << threads << " threads";
    } catch (const DataError& e) {
      ASSERT_EQ(e.diagnostics().size(), 1u);
      EXPECT_EQ(e.diagnostics()[0].code, "E505");
      EXPECT_EQ(e.diagnostics()[0].message,
                "5 is outside the range of field '" + bool_field->name + "' (unit 12346, 'u12345')");
    }
  }
  bytes[12345] = 1;
  bytes[18000] = 1;
  EXPECT_NO_THROW((void)assess(rules, units, {}));
  // Mismatched layouts are refused by name.
  std::vector<double> three(3);
  EXPECT_THROW(units->set_column_view("x", expr::ColumnView{three}, nullptr), std::invalid_argument);
  std::vector<double> all(units->rows());
  EXPECT_THROW(units->set_column_view("x", expr::ColumnView{all, {}, {}, bytes}, nullptr), std::invalid_argument);
  EXPECT_THROW(units->set_column_view("x", expr::ColumnView{all, missing, missing}, nullptr), std::invalid_argument);
  std::vector<std::uint8_t> short_mask(10);
  EXPECT_THROW(units->set_column_view("x", expr::ColumnView{{}, {}, short_mask, bytes}, nullptr), std::invalid_argument);
}


/// What a DataFrame door hands over for table `t`: ids as text, strings coded, numbers given as
/// numbers (copies, which `edit` may spoil first).
UnitInput frame_input(const model::Pack& pack, const UnitTable& t,
                      const std::function<void(const std::string&, std::vector<double>&)>& edit) {
  UnitInput in;
  in.file = "DataFrame";
  in.first_row = 1;
  in.rows = t.rows();
  std::uint32_t position = 0;
  in.columns.push_back({"id", ++position, TextCells{t.ids}});
  for (const auto& f : pack.fields) {
    if (const StringColumn* s = t.strings(f.name)) {
      in.columns.push_back({f.name, ++position, CodedCells{s->codes, s->dictionary}});
    } else if (auto v = t.numbers(f.name)) {
      auto copy = std::make_shared<std::vector<double>>(v->begin(), v->end());
      edit(f.name, *copy);
      in.columns.push_back({f.name, ++position, NumberCells{expr::ColumnView{*copy}, copy}});
    }
  }
  return in;
}

TEST(Agreement, AssessUnitsGivesWhatReadUnitsThenAssessGive) {
  auto rules = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                      {{TIEUCHI_TEST_PACK_DIR}});
  const model::Pack& pack = rules->pack();
  auto t = random_units(pack, 6000, 0.1, 11);
  AssessOptions opt;
  opt.year = 2024;
  opt.chunk_rows = 512;
  opt.threads = 2;
  UnitInputOptions o;
  auto keep = [](const std::string&, std::vector<double>&) {};

  // Good input: the same table, statuses, values and gaps, and the same (no) diagnostics.
  auto want = read_units(*rules, frame_input(pack, *t, keep), o);
  ASSERT_TRUE(want.ok()) << want.diagnostics.format();
  auto a = assess(rules, want.table, opt);
  auto got = assess_units(rules, frame_input(pack, *t, keep), o, opt);
  ASSERT_TRUE(got.ok()) << got.diagnostics.format();
  ASSERT_TRUE(got.table);
  EXPECT_EQ(got.diagnostics.format(), want.diagnostics.format());
  const Assessment& b = *got.assessment;
  ASSERT_EQ(b.size(), a.size());
  auto same = [](std::span<const double> x, std::span<const double> y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                      [](double p, double q) { return p == q || (std::isnan(p) && std::isnan(q)); });
  };
  for (std::size_t n = 0; n < a.nodes().size(); ++n) {
    ASSERT_TRUE(std::equal(a.status(n).begin(), a.status(n).end(), b.status(n).begin(), b.status(n).end()))
        << a.nodes()[n].id;
    ASSERT_TRUE(same(a.value(n), b.value(n))) << a.nodes()[n].id;
    ASSERT_TRUE(same(a.gap(n), b.gap(n))) << a.nodes()[n].id;
  }
  // A status matrix: the nodes asked for, in that order (a node twice is copied twice).
  const std::vector<std::size_t> some{a.nodes().size() - 1, 3, 0, 3};
  auto block = b.status_block(some);
  ASSERT_EQ(block.nodes, some.size());
  ASSERT_EQ(block.units, b.size());
  for (std::size_t k = 0; k < some.size(); ++k)
    ASSERT_TRUE(std::equal(b.status(some[k]).begin(), b.status(some[k]).end(), block.data.get() + k * block.units))
        << k;
  EXPECT_THROW((void)b.status_block(std::vector<std::size_t>{0, b.nodes().size()}), std::out_of_range);
  EXPECT_EQ(b.status_block({}).nodes, 0u);

  // Bad numbers in an early and a late chunk and in several columns (out of range, infinite, a
  // yes/no that is 2), alone and beside a problem found without the numbers (a repeated id):
  // every one is listed, exactly as read_units() lists them, and nothing is assessed.
  const model::Field* share = nullptr;
  const model::Field* flag = nullptr;
  const model::Field* other = nullptr;
  for (const auto& f : pack.fields) {
    if (!share && f.type == Type::number && f.max && *f.max == 1.0) share = &f;
    else if (!flag && f.type == Type::boolean) flag = &f;
    else if (!other && f.type == Type::number && t->numbers(f.name)) other = &f;
  }
  ASSERT_TRUE(share && flag && other);
  auto spoil = [&](const std::string& name, std::vector<double>& v) {
    if (name == share->name) v[5900] = 1.5;
    if (name == flag->name) v[2000] = 2;
    if (name == other->name) v[3] = std::numeric_limits<double>::infinity();
  };
  for (bool repeated_id : {false, true}) {
    auto input = [&] {
      UnitInput in = frame_input(pack, *t, spoil);
      if (repeated_id) std::get<TextCells>(in.columns[0].cells).cells[10] = t->ids[9];
      return in;
    };
    auto refused = read_units(*rules, input(), o);
    ASSERT_FALSE(refused.ok());
    std::size_t numbers = 0;
    for (const auto& d : refused.diagnostics) numbers += d.code == "E505" || d.code == "E509";
    EXPECT_EQ(numbers, 3u) << refused.diagnostics.format();
    auto r = assess_units(rules, input(), o, opt);
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(r.table);
    EXPECT_FALSE(r.assessment);
    EXPECT_EQ(r.diagnostics.format(), refused.diagnostics.format()) << "repeated id: " << repeated_id;
  }
}

}  // namespace
}  // namespace tieuchi::assess
