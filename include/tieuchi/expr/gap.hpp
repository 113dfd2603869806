#pragma once
/// @file expr/gap.hpp
/// The shortfall of a failed rule: how far each failed comparison is from passing, in the unit
/// of its operands. The planner costs remediation from these amounts.
///
/// Rules (see docs/language.md, "Gaps"):
/// - `a >= b`, `a > b`: b - a; `a <= b`, `a < b`: a - b; `a == b` (numbers): |a - b|
///   (a strict comparison failing on equality has amount 0 and `strict` set);
/// - a boolean leaf (`has_market`, `met("8.1")`) that is false: amount 1 ("one item missing");
/// - `and`: the shortfalls of every failed operand; `or`: those of the operand with the fewest
///   failed leaves (then the smallest total amount), since fixing one branch suffices;
/// - `if c then a else b`: the shortfalls of the branch taken;
/// - `not`, arithmetic and function results are not decomposed: the whole node is one leaf.
/// A rule that holds has no shortfall; an unknown one has shortfalls with a NaN amount where
/// the value is missing.

#include <cstddef>
#include <string>
#include <vector>

#include "tieuchi/export.hpp"
#include "tieuchi/expr/ast.hpp"
#include "tieuchi/expr/program.hpp"

namespace tieuchi::expr {

/// One failed part of a rule.
struct Shortfall {
  NodeId node;         ///< the comparison (or boolean leaf) in the output's AST
  SourceSpan span;
  std::string text;    ///< its source text, e.g. "roads.paved_ratio >= 70%"
  bool comparison;     ///< false for a boolean leaf
  BinaryOp op = BinaryOp::ge;  ///< comparisons only
  Value lhs;           ///< the left operand's value (missing if unknown)
  Value rhs;           ///< the right operand's value
  double amount;       ///< distance to passing (>= 0), NaN when unknown
  bool strict = false; ///< a strict comparison that failed on equality
};

/// The shortfalls of output `output` for the unit traced. Empty when the rule holds.
TIEUCHI_API std::vector<Shortfall> gaps(const Program& program, std::size_t output, const Trace& trace);

/// A comparison leaf whose shortfall the batch evaluator computes (CompileOptions::gaps).
struct GapLeaf {
  NodeId node;
  SourceSpan span;
  std::string text;
};
/// The leaves of output `output`, in the order of OutputColumns::gaps.
TIEUCHI_API const std::vector<GapLeaf>& gap_leaves(const Program& program, std::size_t output);

}  // namespace tieuchi::expr
