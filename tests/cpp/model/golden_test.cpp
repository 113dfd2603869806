// Golden files: every pack under tests/data/packs/bad/ is loaded and its diagnostics (code,
// line, column, message, hint) compared with `<name>.expected`. Set TIEUCHI_UPDATE_GOLDEN=1 to
// rewrite the expected files, then review the diff.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

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

std::vector<std::string> bad_packs() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(TIEUCHI_TEST_DATA_DIR "/packs/bad"))
    if (e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

class GoldenPack : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenPack, DiagnosticsMatchTheExpectedFile) {
  fs::path dir = TIEUCHI_TEST_DATA_DIR "/packs/bad";
  fs::path pack = dir / (GetParam() + ".yaml");
  fs::path expected_path = dir / (GetParam() + ".expected");
  io::PackSearch search{{dir}};
  auto result = io::load_pack(pack.string(), search);
  std::string actual = render(result.diagnostics, dir);
  if (const char* u = std::getenv("TIEUCHI_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    std::ofstream(expected_path) << actual;
    GTEST_SKIP() << "rewrote " << expected_path;
  }
  std::ifstream in(expected_path);
  ASSERT_TRUE(in) << "missing " << expected_path << " (run with TIEUCHI_UPDATE_GOLDEN=1)";
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(actual, ss.str());
}

INSTANTIATE_TEST_SUITE_P(Bad, GoldenPack, ::testing::ValuesIn(bad_packs()),
                         [](const auto& param_info) {
                           std::string s = param_info.param;
                           for (char& c : s)
                             if (c == '-') c = '_';
                           return s;
                         });

}  // namespace
}  // namespace tieuchi
