// Reliability (issue #9): nothing lost (every input unit appears exactly once in every output),
// determinism (byte-identical reports across runs, thread counts and chunk sizes), and one shared
// compiled pack used from many threads at once giving identical results (run under TSan too).

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "golden_support.hpp"
#include "model/pack_support.hpp"
#include "tieuchi/assess/report.hpp"
#include "tieuchi/io/report_writers.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/io/units_csv.hpp"
#include "tieuchi/io/plan_inputs.hpp"
#include "tieuchi/io/plan_writers.hpp"

namespace tieuchi::assess {
namespace {

std::shared_ptr<const model::RuleSet> rules() {
  static auto r = io::load_pack_or_throw(TIEUCHI_TEST_EXAMPLE_PACK_DIR "/langson-2022-illustrative.yaml",
                                         {{TIEUCHI_TEST_PACK_DIR}});
  return r;
}

std::shared_ptr<const UnitTable> units() {
  static auto t = [] {
    io::CsvOptions csv;
    csv.attributes = {"recognized"};
    auto u = io::read_units_csv(std::string(TIEUCHI_TEST_SOURCE_DIR) + "/data/examples/langson/communes-2023.csv",
                                *rules(), csv);
    EXPECT_TRUE(u.ok()) << u.diagnostics.format();
    return u.table;
  }();
  return t;
}

struct Reports {
  std::string json, long_csv, wide_csv;
};

Reports reports(unsigned threads, std::size_t chunk) {
  AssessOptions opt;
  opt.year = 2023;
  opt.threads = threads;
  opt.chunk_rows = chunk;
  auto a = assess(rules(), units(), opt);
  auto s = summarize(a);
  std::ostringstream j, l, w;
  io::write_json(j, a, s);
  io::write_long_csv(l, a);
  io::write_wide_csv(w, a, s);
  return {j.str(), l.str(), w.str()};
}

std::vector<std::string> column(const std::string& csv, std::size_t col) {
  std::vector<std::string> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::size_t start = 0;
    for (std::size_t c = 0; c < col; ++c) start = line.find(',', start) + 1;
    out.push_back(line.substr(start, line.find(',', start) - start));
  }
  return out;
}

TEST(NothingLost, EveryUnitAppearsExactlyOnceInEveryOutput) {
  const auto& ids = units()->ids;
  ASSERT_EQ(ids.size(), 181u);
  std::multiset<std::string> input(ids.begin(), ids.end());
  auto r = reports(1, 8192);
  // Wide CSV: one row per unit.
  auto wide = column(r.wide_csv, 0);
  EXPECT_EQ(std::multiset<std::string>(wide.begin(), wide.end()), input);
  // Long CSV: each unit once per node.
  auto nodes = rules()->nodes().size();
  std::map<std::string, std::size_t> per_unit;
  for (const auto& u : column(r.long_csv, 0)) ++per_unit[u];
  ASSERT_EQ(per_unit.size(), ids.size());
  std::size_t reported_nodes = per_unit.begin()->second;
  for (const auto& [u, n] : per_unit) EXPECT_EQ(n, reported_nodes) << u;
  EXPECT_GT(reported_nodes, 50u);
  EXPECT_LE(reported_nodes, nodes);
  // JSON: every unit once.
  auto doc = nlohmann::json::parse(r.json);
  std::multiset<std::string> in_json;
  for (const auto& u : doc["units"]) in_json.insert(u["id"].get<std::string>());
  EXPECT_EQ(in_json, input);
}

TEST(Determinism, ReportsAreByteIdenticalAcrossRunsThreadsAndChunks) {
  auto base = reports(1, 8192);
  for (auto [threads, chunk] : {std::pair{1u, 8192ul}, std::pair{2u, 7ul}, std::pair{4u, 64ul}, std::pair{0u, 1ul}}) {
    auto r = reports(threads, chunk);
    EXPECT_EQ(r.json, base.json) << threads << " threads, chunks of " << chunk;
    EXPECT_EQ(r.long_csv, base.long_csv) << threads << " threads, chunks of " << chunk;
    EXPECT_EQ(r.wide_csv, base.wide_csv) << threads << " threads, chunks of " << chunk;
  }
}

TEST(Determinism, PlansAreByteIdenticalAcrossRuns) {
  AssessOptions opt;
  opt.year = 2023;
  opt.costs = true;
  auto plan_json = [&] {
    auto a = assess(rules(), units(), opt);
    plan::PlanOptions o;
    o.last_year = 2025;
    o.targets = {{"ntm", 2024}, {"ntm_nang_cao", 2024}};
    o.costs = io::or_throw(
        io::read_costs_csv(std::string(TIEUCHI_TEST_SOURCE_DIR) + "/data/examples/langson/costs-illustrative.csv"));
    o.budgets = io::or_throw(io::read_budgets_csv(std::string(TIEUCHI_TEST_SOURCE_DIR) +
                                                  "/data/examples/langson/budgets-illustrative.csv"));
    std::ostringstream out;
    io::write_plan_json(out, a, plan::plan(a, o));
    return out.str();
  };
  auto first = plan_json();
  EXPECT_EQ(plan_json(), first);
  EXPECT_NE(first.find("\"schema\": \"tieuchi.plan/1\""), std::string::npos);
}

TEST(Concurrency, OneSharedPackFromManyThreadsGivesIdenticalResults) {
  auto expected = reports(1, 8192);
  constexpr int kThreads = 4;
  std::vector<Reports> got(kThreads);
  std::vector<std::thread> pool;
  for (int t = 0; t < kThreads; ++t)
    pool.emplace_back([&, t] { got[static_cast<std::size_t>(t)] = reports(t % 2 ? 2 : 1, t % 2 ? 100 : 8192); });
  for (auto& th : pool) th.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(got[static_cast<std::size_t>(t)].json, expected.json) << "thread " << t;
    EXPECT_EQ(got[static_cast<std::size_t>(t)].wide_csv, expected.wide_csv) << "thread " << t;
  }
}

}  // namespace
}  // namespace tieuchi::assess

namespace tieuchi::assess {
namespace {

namespace fs = std::filesystem;

/// What the CSV reader makes of a hostile file: its errors and warnings other than W501 (the
/// corpus files carry only a few of the pack's inputs), or the units it read.
std::string render_csv(const fs::path& path) {
  static auto national = io::load_pack_or_throw("vn-ntm-2021-2025", {{TIEUCHI_TEST_PACK_DIR}});
  io::CsvOptions csv;
  csv.allow_missing_columns = true;
  auto r = io::read_units_csv(path, *national, csv);
  std::string out;
  for (const auto& d : r.diagnostics) {
    if (d.code == "W501") continue;
    // The place from the structured location (file, row, column), never from the message.
    Diagnostic shown = d;
    if (shown.file == path.string()) shown.file = path.filename().string();
    out += d.code + ": " + shown.where() + ": " + d.message + "\n";
  }
  if (!r.ok()) return out;
  const auto& t = *r.table;
  out += "ok: " + std::to_string(t.rows()) + " units\n";
  for (std::size_t u = 0; u < t.rows(); ++u) {
    out += "  id '" + t.ids[u] + "' name '" + (u < t.names.size() ? t.names[u] : std::string()) + "'";
    if (auto v = t.numbers("irrigation.active_share")) {
      double x = (*v)[u];
      out += std::isnan(x) ? std::string(" irrigation.active_share unknown") : " irrigation.active_share " + fmt::format("{}", x);
    }
    out += "\n";
  }
  return out;
}

class HostileCsv : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileCsv, ReadOrRefusedWithTheExpectedDiagnostics) {
  fs::path dir = TIEUCHI_TEST_DATA_DIR "/hostile/csv";
  fs::path file = dir / (GetParam() + ".csv");
  fs::path expected = dir / (GetParam() + ".expected");
  testing_support::expect_golden(render_csv(file), expected);
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileCsv,
                         ::testing::ValuesIn(testing_support::golden_inputs(TIEUCHI_TEST_DATA_DIR "/hostile/csv", ".csv")),
                         [](const auto& param_info) { return testing_support::golden_test_name(param_info.param); });

TEST(HostileCsv, AMillionColumnsAreRefusedQuicklyWithBoundedDiagnostics) {
  static auto national = io::load_pack_or_throw("vn-ntm-2021-2025", {{TIEUCHI_TEST_PACK_DIR}});
  std::string header = "id";
  for (int c = 0; c < 1000000; ++c) header += ",c" + std::to_string(c);
  auto r = io::read_units_csv_text("wide.csv", header + "\n1\n", *national, {});
  EXPECT_FALSE(r.ok());
  // Capped, not a million messages; and the rest are counted, not silently dropped.
  EXPECT_EQ(r.diagnostics.size(), 201u);
  EXPECT_EQ(r.diagnostics.begin()->code, "E507");
  EXPECT_EQ(r.diagnostics[200].code, "E518") << r.diagnostics[200].message;
}

}  // namespace
}  // namespace tieuchi::assess

namespace tieuchi::assess {
namespace {

// A column whose mask, length or codes do not fit the table is refused (E503) and its cells are
// never read (they could lie past the end of its buffers): under ASan this test reads nothing out
// of bounds.
TEST(ReadUnits, ColumnsOfTheWrongShapeAreRefusedWithoutReadingThem) {
  static auto national = io::load_pack_or_throw("vn-ntm-2021-2025", {{TIEUCHI_TEST_PACK_DIR}});
  std::vector<double> values{1.0, 0.0, 1.0};
  std::vector<std::uint8_t> short_mask{0, 0};
  UnitInput in;
  in.file = "frame";
  in.rows = 3;
  in.columns.push_back({"id", 1, TextCells{{"a", "b", "c"}}});
  expr::ColumnView masked{std::span<const double>(values)};
  masked.missing = short_mask;
  in.columns.push_back({"disaster.mandatory_items_met", 2, NumberCells{masked, nullptr}});
  in.columns.push_back({"region", 3, CodedCells{{0, 5, -1}, {"TDMNPB"}}});           // code 5: no such entry
  in.columns.push_back({"name", 4, TextCells{{"x", "y"}}});                          // one cell short
  UnitInputOptions o;
  o.allow_missing_columns = true;
  auto r = read_units(*national, std::move(in), o);
  EXPECT_FALSE(r.ok());
  std::vector<std::string> columns;
  for (const auto& d : r.diagnostics)
    if (d.code == "E503") columns.push_back(d.column_name);
  EXPECT_EQ(columns, (std::vector<std::string>{"disaster.mandatory_items_met", "region", "name"}))
      << r.diagnostics.format();
}

}  // namespace
}  // namespace tieuchi::assess

namespace tieuchi::assess {
namespace {

// Byte columns (pandas' booleans, uint8 numbers) are range-checked in integer arithmetic: the
// same rows are refused as when the same values come as float64, for bounds that are fractional,
// negative, beyond a byte or empty, with either mask polarity.
TEST(ReadUnits, ByteColumnsAreRangeCheckedAsTheirValues) {
  auto b = testing_support::build_text(R"(pack: bytes
fields:
  frac: {type: number, min: 2.5, max: 7.2}
  wide: {type: number, min: -3, max: 300}
  high: {type: number, min: 300}
  low: {type: number, max: -0.5}
  flag: {type: bool}
criteria:
  - id: A
    indicators:
      - {id: a1, rule: "frac + wide + high + low > 0 and flag"}
levels: [{id: L}]
)");
  ASSERT_TRUE(b.rules) << b.diagnostics.format();
  const std::size_t n = 256;  // each byte once, few enough refusals to list them all
  std::vector<std::uint8_t> bytes(n), mask(n);
  for (std::size_t u = 0; u < n; ++u) {
    bytes[u] = static_cast<std::uint8_t>((u * 37) % 256);  // a permutation of 0..255
    mask[u] = (u % 7) == 0 && bytes[u] != 2 && bytes[u] != 3 && bytes[u] != 7 && bytes[u] != 8;
  }
  auto rows_refused = [&](bool as_bytes, bool valid_polarity) {
    std::vector<double> values(n);
    std::vector<std::uint8_t> m(n);
    for (std::size_t u = 0; u < n; ++u) {
      values[u] = mask[u] ? std::nan("") : bytes[u];
      m[u] = valid_polarity ? !mask[u] : mask[u];
    }
    UnitInput in;
    in.file = "frame";
    in.rows = n;
    in.first_row = 1;
    std::vector<std::string> ids(n);
    for (std::size_t u = 0; u < n; ++u) ids[u] = "u" + std::to_string(u);
    in.columns.push_back({"id", 1, TextCells{ids}});
    std::uint32_t pos = 1;
    auto keep = std::make_shared<std::vector<double>>(values);
    for (const char* name : {"frac", "wide", "high", "low", "flag"}) {
      expr::ColumnView view;
      if (as_bytes) {
        view.bytes = bytes;
        (valid_polarity ? view.valid : view.missing) = m;
      } else {
        view.values = *keep;
      }
      in.columns.push_back({name, ++pos, NumberCells{view, keep}});
    }
    UnitInputOptions o;
    o.max_errors = 10000;
    auto r = read_units(*b.rules, std::move(in), o);
    std::map<std::string, std::vector<std::uint32_t>> refused;
    for (const auto& d : r.diagnostics)
      if (d.code == "E505" || d.code == "E509") refused[d.column_name].push_back(d.row);
      else if (d.code == "E518") ADD_FAILURE() << "capped: " << d.message;  // every refusal is listed
    return refused;
  };
  const auto plain = rows_refused(false, false);
  EXPECT_EQ(rows_refused(true, false), plain);
  EXPECT_EQ(rows_refused(true, true), plain);
  // And the refusals are the right ones: frac holds 3..7 only, wide every byte, high none.
  ASSERT_TRUE(plain.count("frac"));
  EXPECT_FALSE(plain.count("wide"));
  ASSERT_TRUE(plain.count("high"));
  ASSERT_TRUE(plain.count("low"));
  ASSERT_TRUE(plain.count("flag"));
  std::size_t present = 0, frac_bad = 0, flag_bad = 0;
  for (std::size_t u = 0; u < n; ++u) {
    present += !mask[u];
    flag_bad += !mask[u] && bytes[u] > 1;
    frac_bad += !mask[u] && (bytes[u] < 3 || bytes[u] > 7);
  }
  EXPECT_EQ(plain.at("frac").size(), frac_bad);
  EXPECT_EQ(plain.at("high").size(), present);
  EXPECT_EQ(plain.at("flag").size(), flag_bad);
  EXPECT_EQ(plain.at("low").size(), present);  // no byte is at most -0.5
  for (auto row : plain.at("frac")) {
    const auto v = bytes[row - 1];
    EXPECT_TRUE(v < 3 || v > 7) << int(v);
    EXPECT_FALSE(mask[row - 1]);
  }
  // The vectorized check decides alone when every value is in range: one value just past a
  // fractional bound must still be found.
  for (std::uint8_t edge : {std::uint8_t{2}, std::uint8_t{8}, std::uint8_t{3}, std::uint8_t{7}}) {
    for (std::size_t u = 0; u < n; ++u) {
      bytes[u] = static_cast<std::uint8_t>(3 + u % 5);
      mask[u] = u == 11;
    }
    bytes[11] = 200;  // masked out
    bytes[100] = edge;
    const auto got = rows_refused(true, edge % 2 == 0);
    const bool bad = edge == 2 || edge == 8;
    EXPECT_EQ(got.count("frac") ? got.at("frac") : std::vector<std::uint32_t>{},
              bad ? std::vector<std::uint32_t>{101} : std::vector<std::uint32_t>{})
        << int(edge);
    EXPECT_FALSE(got.count("wide")) << int(edge);
  }
}

}  // namespace
}  // namespace tieuchi::assess

namespace tieuchi::assess {
namespace {

// The UTF-8 check skips ASCII eight bytes at a time: a bad byte is found at its own position
// wherever it falls in a word, and valid multi-byte text after long ASCII runs passes.
TEST(ReadUnits, BadUtf8IsFoundAtItsBytePastLongAsciiRuns) {
  static auto national = io::load_pack_or_throw("vn-ntm-2021-2025", {{TIEUCHI_TEST_PACK_DIR}});
  std::vector<std::string> names, ids;
  std::vector<std::size_t> expected_byte;  // 0: valid
  for (std::size_t prefix = 0; prefix < 20; ++prefix) {
    names.push_back(std::string(prefix, 'a') + "\xff" + "bcdefghijk");
    expected_byte.push_back(prefix + 1);
    names.push_back(std::string(prefix, 'a') + "X\xc3\xa3" + std::string(9, 'z'));  // "Xã…": valid
    expected_byte.push_back(0);
    names.push_back(std::string(prefix, 'a') + "\xc3");  // a lead byte cut short at the end
    expected_byte.push_back(prefix + 1);
  }
  for (std::size_t u = 0; u < names.size(); ++u) ids.push_back("u" + std::to_string(u));
  UnitInput in;
  in.file = "frame";
  in.rows = names.size();
  in.first_row = 1;
  in.columns.push_back({"id", 1, TextCells{ids}});
  in.columns.push_back({"name", 2, TextCells{names}});
  UnitInputOptions o;
  o.allow_missing_columns = true;
  auto r = read_units(*national, std::move(in), o);
  std::map<std::uint32_t, std::string> bad;
  for (const auto& d : r.diagnostics)
    if (d.code == "E517") bad[d.row] = d.message;
  for (std::size_t u = 0; u < names.size(); ++u) {
    const auto row = static_cast<std::uint32_t>(u + 1);
    if (expected_byte[u] == 0) {
      EXPECT_FALSE(bad.count(row)) << u << ": " << bad[row];
    } else {
      ASSERT_TRUE(bad.count(row)) << u;
      EXPECT_EQ(bad[row].rfind(fmt::format("byte {} of the cell", expected_byte[u]), 0), 0u) << bad[row];
    }
  }
}

}  // namespace
}  // namespace tieuchi::assess
