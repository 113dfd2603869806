// Golden files: every pack under tests/data/packs/bad/ is loaded and its diagnostics (code,
// line, column, message, hint) compared with `<name>.expected`. Set TIEUCHI_UPDATE_GOLDEN=1 to
// rewrite the expected files, then review the diff.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "golden_support.hpp"
#include "tieuchi/io/pack_reader.hpp"

namespace tieuchi {
namespace {

namespace fs = std::filesystem;

std::string render(const Diagnostics& diags, const fs::path& dir) {
  std::string out;
  for (const auto& d : diags) {
    std::string file = d.source ? fs::path(d.source->name()).filename().string() : "-";
    auto loc = d.location();
    out += file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": ";
    out += (d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "note");
    out += "[" + d.code + "]: " + d.message + "\n";
    if (!d.hint.empty()) {
      std::string hint = d.hint;
      // Paths of this machine are not part of the expectation.
      for (std::string abs = dir.string(); hint.find(abs) != std::string::npos;)
        hint.replace(hint.find(abs), abs.size(), "<bad>");
      out += "  = hint: " + hint + "\n";
    }
  }
  if (out.empty()) out = "ok\n";
  return out;
}

class GoldenPack : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenPack, DiagnosticsMatchTheExpectedFile) {
  fs::path dir = TIEUCHI_TEST_DATA_DIR "/packs/bad";
  fs::path pack = dir / (GetParam() + ".yaml");
  fs::path expected_path = dir / (GetParam() + ".expected");
  io::PackSearch search{{dir}};
  auto result = io::load_pack(pack.string(), search);
  testing_support::expect_golden(render(result.diagnostics, dir), expected_path);
}

INSTANTIATE_TEST_SUITE_P(Bad, GoldenPack,
                         ::testing::ValuesIn(testing_support::golden_inputs(TIEUCHI_TEST_DATA_DIR "/packs/bad", ".yaml")),
                         [](const auto& param_info) { return testing_support::golden_test_name(param_info.param); });

}  // namespace
}  // namespace tieuchi
