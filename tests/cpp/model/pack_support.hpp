#pragma once
// Test helpers: build a rule set from YAML text; find diagnostics by code.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/model/ruleset.hpp"

namespace tieuchi::testing_support {

struct Built {
  std::shared_ptr<const model::RuleSet> rules;
  Diagnostics diagnostics;
};

/// Reads and builds a single pack given as text (no `extends`).
inline Built build_text(const std::string& yaml) {
  auto file = io::read_pack_text("pack.yaml", yaml);
  Built out;
  out.diagnostics = file.diagnostics;
  if (!file.pack) return out;
  model::BuildOptions options;
  options.compile = !file.diagnostics.has_errors();
  auto b = model::build(std::move(*file.pack), options);
  out.diagnostics.append(b.diagnostics);
  if (!out.diagnostics.has_errors()) out.rules = b.rules;
  return out;
}

/// The first diagnostic with `code`, or null.
inline const Diagnostic* find_code(const Diagnostics& d, std::string_view code) {
  auto it = std::find_if(d.begin(), d.end(), [&](const Diagnostic& x) { return x.code == code; });
  return it == d.end() ? nullptr : &*it;
}

inline std::size_t count_code(const Diagnostics& d, std::string_view code) {
  return static_cast<std::size_t>(std::count_if(d.begin(), d.end(), [&](const Diagnostic& x) { return x.code == code; }));
}

/// A fresh temporary folder for pack files, removed with the object.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("tieuchi-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    auto p = path / name;
    std::ofstream(p) << text;
    return p;
  }
};

}  // namespace tieuchi::testing_support
