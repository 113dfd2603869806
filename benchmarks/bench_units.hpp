#pragma once
// Synthetic units for the benchmarks: every field of a pack drawn once per size (seeded); shares
// between 40% and 100%, 0.5% of cells missing, strings among the field's values.

#include <cmath>
#include <map>
#include <memory>
#include <random>

#include "tieuchi/assess/units.hpp"
#include "tieuchi/model/pack.hpp"

namespace tieuchi::bench {

inline std::shared_ptr<const assess::UnitTable> units(const model::Pack& p, std::size_t n) {
  static std::map<std::pair<const model::Pack*, std::size_t>, std::shared_ptr<const assess::UnitTable>> cache;
  auto key = std::make_pair(&p, n);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  auto t = std::make_shared<assess::UnitTable>(n);
  t->ids.resize(n);
  for (const auto& f : p.fields) {
    if (f.type == Type::string) {
      std::vector<std::string> v(n);
      for (auto& x : v)
        if (!f.values.empty()) x = f.values[rng() % f.values.size()];
      t->set_strings(f.name, v);
      continue;
    }
    std::vector<double> v(n);
    for (auto& x : v) {
      if (u01(rng) < 0.005) { x = std::nan(""); continue; }
      if (f.type == Type::boolean) { x = u01(rng) < 0.9 ? 1.0 : 0.0; continue; }
      double lo = f.min.value_or(0.0), hi = f.max.value_or(lo + 100.0);
      if (f.unit == "%") { lo = 0.4; hi = 1.0; }
      x = f.name == "schools.count" ? std::floor(1 + u01(rng) * 7) : lo + u01(rng) * (hi - lo);
      if (f.max && x > *f.max) x = *f.max;
      if (hi <= 3) x = std::floor(x);
    }
    t->set_numbers(f.name, std::move(v));
  }
  cache[key] = t;
  return t;
}

}  // namespace tieuchi::bench
