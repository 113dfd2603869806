#pragma once
// Golden files shared by the test suites: compare a rendering with `<name>.expected`, or rewrite
// the file when TIEUCHI_UPDATE_GOLDEN=1 (then review the diff), and list the inputs of a folder.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tieuchi::testing_support {

/// Compares `actual` with the file `expected` (or rewrites it, skipping the test).
inline void expect_golden(const std::string& actual, const std::filesystem::path& expected) {
  if (const char* u = std::getenv("TIEUCHI_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    std::ofstream(expected) << actual;
    GTEST_SKIP() << "rewrote " << expected;
  }
  std::ifstream in(expected);
  ASSERT_TRUE(in) << "missing " << expected << " (run with TIEUCHI_UPDATE_GOLDEN=1)";
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(actual, ss.str());
}

/// The stems of the files of `dir` with extension `ext` (e.g. ".csv"), sorted.
inline std::vector<std::string> golden_inputs(const std::filesystem::path& dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

/// A gtest parameter name from a file stem ('-' is not allowed).
inline std::string golden_test_name(std::string stem) {
  std::replace(stem.begin(), stem.end(), '-', '_');
  return stem;
}

}  // namespace tieuchi::testing_support
