// tieuchi from C++ on the benchmark fixture (benchmarks/run.py). Usage:
//   tieuchi_runner PACK FIXTURE_DIR YEAR MODE THREADS REPEATS [STATUS_OUT]
// MODE: statuses | gaps (statuses, values and every indicator's gap) | explain (statuses, the
// summary and every unit's planning-table row: criteria unmet and unknown, highest level,
// review — assess::planning_table, the table Python's wide() turns into a DataFrame; no value
// columns, which neither reads) | columns (statuses from the columns a DataFrame holds: ids as
// text, strings coded, yes/no as bytes with a missing mask, numbers in place, validated and
// assessed by assess_units: the call Python's pack.assess makes). Prints {"times": [seconds per repeat]}.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "fixture.hpp"
#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/assess/report.hpp"
#include "tieuchi/assess/tables.hpp"
#include "tieuchi/assess/unit_input.hpp"
#include "tieuchi/io/pack_reader.hpp"

using namespace tieuchi;

int main(int argc, char** argv) try {
  if (argc < 7) {
    std::fprintf(stderr, "usage: %s PACK FIXTURE_DIR YEAR MODE THREADS REPEATS [STATUS_OUT]\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[4];
  if (mode != "statuses" && mode != "gaps" && mode != "explain" && mode != "columns")
    throw std::runtime_error("MODE must be statuses, gaps, explain or columns");
  auto rules = io::load_pack_or_throw(argv[1], io::PackSearch{});
  auto fx = peers::read_fixture(argv[2]);
  // Loading the table is not timed (the other C++ contenders read the same columns in place).
  auto table = std::make_shared<assess::UnitTable>(fx.units);
  table->ids.resize(fx.units);
  for (std::size_t u = 0; u < fx.units; ++u) table->ids[u] = fmt::format("X{:07d}", u);  // as run.py's DataFrame
  for (std::size_t f = 0; f < fx.fields.size(); ++f) {
    const double* c = fx.column(f);
    if (fx.types[f] == "string") {
      // The column's own dictionary: the strings it uses, in order of first use.
      std::vector<std::int32_t> codes(fx.units), local(fx.strings.size(), -1);
      std::vector<std::string> dictionary;
      for (std::size_t u = 0; u < fx.units; ++u) {
        if (std::isnan(c[u])) { codes[u] = -1; continue; }
        auto g = static_cast<std::size_t>(c[u]);
        if (local[g] < 0) {
          local[g] = static_cast<std::int32_t>(dictionary.size());
          dictionary.push_back(fx.strings.at(g));
        }
        codes[u] = local[g];
      }
      table->set_codes(fx.fields[f], std::move(codes), std::move(dictionary));
    } else {
      table->set_numbers_view(fx.fields[f], std::span<const double>(c, fx.units), nullptr);
    }
  }
  // For the columns mode, yes/no fields as pandas' nullable booleans hold them: a byte per unit
  // and a missing mask.
  std::map<std::string, std::pair<std::vector<std::uint8_t>, std::vector<std::uint8_t>>> nullable;
  for (std::size_t f = 0; f < fx.fields.size(); ++f) {
    if (fx.types[f] != "bool") continue;
    auto& [values, missing] = nullable[fx.fields[f]];
    const double* c = fx.column(f);
    values.resize(fx.units);
    missing.resize(fx.units);
    for (std::size_t u = 0; u < fx.units; ++u) {
      missing[u] = std::isnan(c[u]);
      values[u] = c[u] == 1.0;
    }
  }
  assess::AssessOptions opt;
  opt.year = std::stoi(argv[3]);
  opt.threads = static_cast<unsigned>(std::stoul(argv[5]));
  opt.values = mode == "gaps";
  opt.gaps = mode == "gaps";
  std::vector<double> times;
  std::optional<assess::Assessment> last;
  std::size_t explained = 0;
  for (int r = 0, repeats = std::stoi(argv[6]); r < repeats; ++r) {
    last.reset();
    // The columns as a DataFrame hands them over (made before the clock starts).
    assess::UnitInput in;
    if (mode == "columns") {
      in.file = "DataFrame";
      in.first_row = 1;
      in.rows = fx.units;
      in.columns.push_back({"id", 1, assess::TextCells{table->ids}});
      for (const auto& f : rules->pack().fields) {
        auto position = static_cast<std::uint32_t>(in.columns.size() + 1);
        if (const auto* sc = table->strings(f.name))
          in.columns.push_back({f.name, position, assess::CodedCells{sc->codes, sc->dictionary}});
        else if (auto b = nullable.find(f.name); b != nullable.end())
          in.columns.push_back({f.name, position, assess::NumberCells{expr::ColumnView{{}, {}, b->second.second, b->second.first}, nullptr}});
        else if (auto v = table->column(f.name))
          in.columns.push_back({f.name, position, assess::NumberCells{*v, nullptr}});
      }
    }
    times.push_back(peers::seconds([&] {
      if (mode == "columns") {
        auto result = assess::assess_units(rules, std::move(in), {}, opt);
        if (!result.ok()) throw std::runtime_error(result.diagnostics.format());
        last.emplace(std::move(*result.assessment));
        return;
      }
      last.emplace(assess::assess(rules, table, opt));
      if (mode == "explain") {
        auto s = assess::summarize(*last);
        explained = assess::planning_table(*last, s).rows();
      }
    }));
  }
  if (mode == "explain" && explained == 0) throw std::runtime_error("no explanation written");
  if (argc > 7) {
    std::vector<std::vector<std::uint8_t>> st;
    for (std::size_t i = 0; i < rules->nodes().size(); ++i) {
      auto k = rules->nodes()[i].kind;
      if (k != graph::NodeKind::indicator && k != graph::NodeKind::criterion && k != graph::NodeKind::level) continue;
      auto s = last->status(i);
      st.emplace_back(reinterpret_cast<const std::uint8_t*>(s.data()), reinterpret_cast<const std::uint8_t*>(s.data()) + s.size());
    }
    peers::write_statuses(argv[7], st);
  }
  peers::report(times);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "tieuchi_runner: %s\n", e.what());
  return 1;
}
