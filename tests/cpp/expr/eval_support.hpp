#pragma once
// Test helper: evaluates one expression for one unit both with the scalar evaluator and with the
// batch evaluator (in a 3-row batch where the unit is the middle row), and checks they agree.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "tieuchi/expr/batch.hpp"
#include "tieuchi/expr/checker.hpp"
#include "tieuchi/expr/program.hpp"

namespace tieuchi::expr::testing_support {

inline Environment standard_env() {
  Environment env;
  env.add_field("p", Type::boolean);
  env.add_field("q", Type::boolean);
  env.add_field("x", Type::number);
  env.add_field("y", Type::number);
  env.add_field("s", Type::string);
  return env;
}

inline double encode(const Value& v) {
  if (v.is_missing()) return std::nan("");
  if (v.is_bool()) return v.as_bool() ? 1.0 : 0.0;
  return v.as_number();
}

/// Evaluates `text` with the named inputs (others missing). Fails the test if scalar and batch
/// disagree; returns the scalar value.
inline Value eval(const Environment& env, const std::string& text, const std::map<std::string, Value>& inputs) {
  auto checked = analyze_or_throw(text, env);
  auto program = compile(checked);
  Record rec(env);
  for (const auto& [k, v] : inputs) rec.set(k, v);
  Value scalar = program.evaluate(rec)[0];

  constexpr std::size_t rows = 3;
  Batch batch(env, rows);
  std::map<std::string, std::vector<double>> num;
  std::map<std::string, std::vector<std::int32_t>> codes;
  std::map<std::string, std::vector<std::string>> dicts;
  for (const auto& sym : env.symbols()) {
    if (sym.kind == SymbolKind::reference) continue;
    Value v = inputs.count(sym.name) ? inputs.at(sym.name) : Value();
    if (sym.type == Type::string) {
      auto& d = dicts[sym.name];
      d = {"zz-other"};
      auto& c = codes[sym.name];
      c = {0, -1, 0};
      if (v.is_string()) {
        d.push_back(v.as_string());
        c[1] = 1;
      }
      batch.set(sym.name, StringColumnView{c, d});
    } else {
      auto& col = num[sym.name];
      col = {0.0, encode(v), 1.0};
      batch.set(sym.name, ColumnView{col});
    }
  }
  auto result = evaluate(program, batch);
  double got = result.outputs[0].values[1];
  Value batch_value;
  if (!std::isnan(got)) {
    switch (program.output_type(0)) {
      case Type::number: batch_value = Value(got); break;
      case Type::boolean: batch_value = Value(got == 1.0); break;
      case Type::string: batch_value = Value(result.strings.at(static_cast<std::size_t>(got))); break;
      default: break;
    }
  }
  EXPECT_EQ(scalar, batch_value) << "scalar and batch disagree on: " << text;
  return scalar;
}

}  // namespace tieuchi::expr::testing_support
