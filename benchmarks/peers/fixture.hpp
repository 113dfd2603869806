#pragma once
// The benchmark fixture as written by benchmarks/run.py: <dir>/meta.json (units, field names in
// the lowered pack's order, the string table) and <dir>/columns.f64 (field-major doubles:
// booleans 1/0, strings as codes into the string table, NaN missing).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace peers {

struct Fixture {
  std::size_t units = 0;
  std::vector<std::string> fields;
  std::vector<std::string> types;
  std::vector<std::string> strings;
  std::vector<double> data;  // field-major
  const double* column(std::size_t f) const { return data.data() + f * units; }
};

inline Fixture read_fixture(const std::string& dir) {
  std::ifstream m(dir + "/meta.json");
  if (!m) throw std::runtime_error(dir + "/meta.json: cannot open");
  auto meta = nlohmann::json::parse(m);
  Fixture fx;
  fx.units = meta.at("units").get<std::size_t>();
  for (const auto& f : meta.at("fields")) {
    fx.fields.push_back(f.at("name").get<std::string>());
    fx.types.push_back(f.at("type").get<std::string>());
  }
  fx.strings = meta.at("strings").get<std::vector<std::string>>();
  fx.data.resize(fx.units * fx.fields.size());
  std::ifstream c(dir + "/columns.f64", std::ios::binary);
  c.read(reinterpret_cast<char*>(fx.data.data()), static_cast<std::streamsize>(fx.data.size() * sizeof(double)));
  if (!c) throw std::runtime_error(dir + "/columns.f64: short file");
  return fx;
}

/// Writes node-major statuses (one byte per unit) for run.py's equality check.
inline void write_statuses(const std::string& path, const std::vector<std::vector<std::uint8_t>>& s) {
  std::ofstream o(path, std::ios::binary);
  for (const auto& col : s) o.write(reinterpret_cast<const char*>(col.data()), static_cast<std::streamsize>(col.size()));
  if (!o) throw std::runtime_error(path + ": cannot write");
}

template <class F>
double seconds(F&& f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// One JSON line on stdout: {"times": [...], ...}.
inline void report(const std::vector<double>& times) {
  nlohmann::json j;
  j["times"] = times;
  std::printf("%s\n", j.dump().c_str());
}

}  // namespace peers
