#pragma once
// The scalar semantics of every instruction. The compiler folds constants with it and the scalar
// evaluator runs it; the batch kernels (vm_batch.cpp) implement the same semantics over columns
// and are tested against this one.

#include <algorithm>
#include <cmath>

#include "program_data.hpp"

namespace tieuchi::expr::detail {

inline bool missing(double x) { return std::isnan(x); }

inline double shortfall(ShortfallKind k, double a, double b, double c) {
  switch (k) {
    case ShortfallKind::ge:
    case ShortfallKind::gt:
      return missing(a) || missing(b) ? nan : std::max(0.0, b - a);
    case ShortfallKind::le:
    case ShortfallKind::lt:
      return missing(a) || missing(b) ? nan : std::max(0.0, a - b);
    case ShortfallKind::eq: return missing(a) || missing(b) ? nan : std::abs(a - b);
    case ShortfallKind::ne: return missing(a) || missing(b) ? nan : 0.0;
    case ShortfallKind::boolean: return missing(a) ? nan : (a == 1.0 ? 0.0 : 1.0);
    case ShortfallKind::between:
      return missing(a) || missing(b) || missing(c) ? nan : std::max({0.0, b - a, a - c});
  }
  return nan;
}

/// Applies op to scalar operand values (not for load/call).
inline double apply(Op op, std::uint32_t aux, double a, double b, double c) {
  switch (op) {
    case Op::neg: return -a;
    case Op::logical_not: return 1.0 - a;
    case Op::abs: return std::abs(a);
    case Op::is_missing: return missing(a) ? 1.0 : 0.0;
    case Op::is_true: return a == 1.0 ? 1.0 : 0.0;
    case Op::pct: return a / 100.0;
    case Op::add: return a + b;
    case Op::sub: return a - b;
    case Op::mul: return a * b;
    case Op::div: return b == 0.0 ? nan : a / b;
    case Op::lt: return missing(a) || missing(b) ? nan : (a < b ? 1.0 : 0.0);
    case Op::le: return missing(a) || missing(b) ? nan : (a <= b ? 1.0 : 0.0);
    case Op::gt: return missing(a) || missing(b) ? nan : (a > b ? 1.0 : 0.0);
    case Op::ge: return missing(a) || missing(b) ? nan : (a >= b ? 1.0 : 0.0);
    case Op::eq: return missing(a) || missing(b) ? nan : (a == b ? 1.0 : 0.0);
    case Op::ne: return missing(a) || missing(b) ? nan : (a != b ? 1.0 : 0.0);
    case Op::logical_and: return (a == 0.0 || b == 0.0) ? 0.0 : a * b;
    case Op::logical_or: return (a == 1.0 || b == 1.0) ? 1.0 : a + b;
    case Op::min: return missing(a) || missing(b) ? nan : std::min(a, b);
    case Op::max: return missing(a) || missing(b) ? nan : std::max(a, b);
    case Op::coalesce: return missing(a) ? b : a;
    case Op::round: {
      double scale = std::pow(10.0, b);
      return std::round(a * scale) / scale;
    }
    case Op::select: return a == 1.0 ? b : (a == 0.0 ? c : nan);
    case Op::at_least: return a >= c ? 1.0 : (a + b < c ? 0.0 : nan);
    case Op::shortfall: return shortfall(static_cast<ShortfallKind>(aux), a, b, c);
    case Op::load:
    case Op::call: break;
  }
  return nan;
}

}  // namespace tieuchi::expr::detail
