#pragma once
// The compiled form of expressions (private). See compiler.cpp for how it is built,
// vm_scalar.cpp and vm_batch.cpp for the two evaluators, kernels.hpp for the shared semantics.

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "tieuchi/expr/checker.hpp"
#include "tieuchi/expr/gap.hpp"

namespace tieuchi::expr::detail {

inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Outputs with a truth value: booleans, and `null` (the checker lets `null` stand for an unknown
/// boolean, e.g. `rule: null`): their statuses are written (unknown for null).
inline bool is_truth(Type t) { return t == Type::boolean || t == Type::null; }

/// Every value at run time is one double: numbers as themselves, booleans as 0/1, strings as an
/// id into a string table, and missing/unknown as NaN (so arithmetic propagates it for free).
enum class Op : std::uint8_t {
  load,        // aux = slot
  neg, logical_not, abs, is_missing, is_true, pct,
  add, sub, mul, div, lt, le, gt, ge, eq, ne,
  logical_and, logical_or,  // Kleene
  min, max,                 // strict: NaN if either is NaN
  coalesce,                 // a unless missing, else b
  round,                    // b = digits (constant)
  select,                   // c1 ? a : b  (a = cond, b = then, c = else); unknown cond -> NaN
  at_least,                 // a = #true, b = #unknown, c = k
  shortfall,                // aux = ShortfallKind; a, b (and c for between)
  call,                     // aux = function index; args at call_args[args_begin, +args_count)
};

enum class ShortfallKind : std::uint8_t { ge, gt, le, lt, eq, ne, boolean, between };

/// An instruction operand: a temp (the result of an earlier instruction) or a constant.
struct Operand {
  bool is_const = true;
  std::uint32_t temp = 0;
  double value = nan;
  static Operand constant(double v) { return {true, 0, v}; }
  static Operand of_temp(std::uint32_t t) { return {false, t, 0}; }
  friend bool operator==(const Operand& a, const Operand& b) {
    if (a.is_const != b.is_const) return false;
    if (!a.is_const) return a.temp == b.temp;
    return (std::isnan(a.value) && std::isnan(b.value)) || a.value == b.value;
  }
};

/// Instruction i writes temp i (static single assignment).
struct Instr {
  Op op;
  std::uint32_t aux = 0;
  Operand a, b, c;
  std::uint32_t args_begin = 0, args_count = 0;
};

struct OutputInfo {
  Type type;
  Operand result;
  std::vector<Operand> node_value;  // per AST node of the expression (lists: constant NaN)
  std::vector<GapLeaf> leaves;      // CompileOptions::gaps
  std::vector<Operand> leaf_gaps;   // shortfall temps, parallel to leaves
  bool has_gap_total = false;       // CompileOptions::gap_totals, boolean outputs
  Operand gap_total;                // the sum of gaps() amounts (see Compiler::gap_of)
};

struct ProgramData {
  std::vector<Instr> code;
  std::vector<Operand> call_args;
  std::vector<CheckedExpr> exprs;
  std::vector<OutputInfo> outputs;
  std::vector<std::uint32_t> input_slots;
  std::vector<Symbol> symbols;  // slot-indexed
  std::shared_ptr<const FunctionRegistry> functions;
  std::vector<std::string> strings;  // literal string table: id -> text
  std::unordered_map<std::string, std::uint32_t> string_ids;
  bool gaps = false;

  // Batch plan: which register each temp lives in (-1: load aliasing an input column).
  std::vector<std::int32_t> reg_of_temp;
  std::uint32_t register_count = 0;
};

}  // namespace tieuchi::expr::detail
