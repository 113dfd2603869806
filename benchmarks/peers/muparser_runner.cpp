// muparser (Debian libmuparser-dev) in bulk mode on the benchmark fixture. The rules arrive as
// translated steps (benchmarks/translate.py: one `var<TAB>expression` per line, then the status
// variables after a line `#statuses`); each step is one muparser expression evaluated with
// Parser::Eval(results, n) over a chunk of units, its result array bound as a variable of the
// later steps. Usage: muparser_runner STEPS FIXTURE_DIR REPEATS [STATUS_OUT]
#include <muParser.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

#include "fixture.hpp"

int main(int argc, char** argv) try {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s STEPS FIXTURE_DIR REPEATS [STATUS_OUT]\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  std::vector<std::pair<std::string, std::string>> steps;
  std::vector<std::string> status_vars;
  bool statuses = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "#statuses") { statuses = true; continue; }
    if (statuses) { status_vars.push_back(line); continue; }
    auto tab = line.find('\t');
    steps.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  auto fx = peers::read_fixture(argv[2]);
  constexpr std::size_t chunk = 4096;
  std::map<std::string, std::vector<double>> buf;  // one chunk-sized array per variable
  for (std::size_t f = 0; f < fx.fields.size(); ++f) buf["f" + std::to_string(f)].resize(chunk);
  for (const auto& [var, _] : steps) buf[var].resize(chunk);
  std::vector<std::unique_ptr<mu::Parser>> parsers;
  for (const auto& [var, expr] : steps) {
    auto p = std::make_unique<mu::Parser>();
    p->DefineConst("nan", std::numeric_limits<double>::quiet_NaN());
    for (auto& [name, arr] : buf) p->DefineVar(name, arr.data());
    p->SetExpr(expr);
    parsers.push_back(std::move(p));
  }
  std::vector<std::vector<std::uint8_t>> out;
  std::vector<double> times;
  for (int r = 0, repeats = std::stoi(argv[3]); r < repeats; ++r) {
    out.clear();
    times.push_back(peers::seconds([&] {
      out.assign(status_vars.size(), std::vector<std::uint8_t>(fx.units));
      std::vector<const double*> sv;
      for (const auto& v : status_vars) sv.push_back(buf.at(v).data());
      for (std::size_t u0 = 0; u0 < fx.units; u0 += chunk) {
        const std::size_t n = std::min(chunk, fx.units - u0);
        for (std::size_t f = 0; f < fx.fields.size(); ++f)
          std::copy_n(fx.column(f) + u0, n, buf["f" + std::to_string(f)].data());
        for (std::size_t s = 0; s < steps.size(); ++s) parsers[s]->Eval(buf[steps[s].first].data(), static_cast<int>(n));
        for (std::size_t s = 0; s < sv.size(); ++s)
          for (std::size_t u = 0; u < n; ++u) out[s][u0 + u] = static_cast<std::uint8_t>(sv[s][u]);
      }
    }));
  }
  if (argc > 4) peers::write_statuses(argv[4], out);
  peers::report(times);
  return 0;
} catch (const mu::Parser::exception_type& e) {
  std::fprintf(stderr, "muparser_runner: %s (expression: %s)\n", e.GetMsg().c_str(), e.GetExpr().c_str());
  return 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "muparser_runner: %s\n", e.what());
  return 1;
}
