// Batch and scalar assessment agree on every unit: statuses, values and gaps of every node, on a
// random table of communes (with missing values, every region, disadvantaged communes), for
// every thread count and chunk size.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "model/pack_support.hpp"
#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/io/units_csv.hpp"
#include "tieuchi/model/evaluate.hpp"

namespace tieuchi::assess {
namespace {

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
  auto units = random_units(rules->pack(), 100000, 0.05, 11);
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

}  // namespace
}  // namespace tieuchi::assess
