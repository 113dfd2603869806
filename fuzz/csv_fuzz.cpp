// libFuzzer target: the unit-table CSV reader against the national pack; with TIEUCHI_FUZZ_ASSESS
// defined, what reads is also assessed end to end (with costs and gaps) and summarized.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "tieuchi/assess/report.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/io/units_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tieuchi;
  static const auto rules = io::load_pack_or_throw(TIEUCHI_FUZZ_PACK, {{TIEUCHI_FUZZ_PACK_DIR}});
  io::CsvOptions csv;
  csv.allow_missing_columns = true;
  csv.ignore_unknown_columns = true;
  auto units = io::read_units_csv_text("fuzz.csv", std::string(reinterpret_cast<const char*>(data), size), *rules, csv);
#ifdef TIEUCHI_FUZZ_ASSESS
  if (!units.ok()) return 0;
  assess::AssessOptions opt;
  opt.costs = true;
  opt.chunk_rows = 3;
  opt.threads = 1;  // one input, one thread: reproducible; threads are what the TSan leg checks
  auto a = assess::assess(rules, units.table, opt);
  auto s = assess::summarize(a);
  (void)assess::format_summary(a, s);
  for (std::size_t u = 0; u < a.size() && u < 4; ++u) (void)assess::explain(a, u, "ntm", assess::Lang::vi, 2);
#endif
  return 0;
}
