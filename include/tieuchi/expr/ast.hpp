#pragma once
/// @file expr/ast.hpp
/// The abstract syntax tree of a rule expression, as plain C++ data for tools and explanations.
///
/// Nodes live in one arena (`Ast::nodes`) and refer to each other by index. Children always come
/// before their parent (post-order), so every pass over the tree is a loop, never a recursion:
/// an expression that is legal to parse can never overflow the stack of a later phase.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"

namespace tieuchi::expr {

/// Index of a node in `Ast::nodes`.
using NodeId = std::uint32_t;

enum class UnaryOp : std::uint8_t { negate, logical_not };
enum class BinaryOp : std::uint8_t { add, sub, mul, div, lt, le, gt, ge, eq, ne };
enum class LogicalOp : std::uint8_t { logical_and, logical_or };

/// Source spelling of an operator ("+", "<=", "and", "not", ...).
TIEUCHI_API std::string_view to_string(UnaryOp op) noexcept;
TIEUCHI_API std::string_view to_string(BinaryOp op) noexcept;
TIEUCHI_API std::string_view to_string(LogicalOp op) noexcept;
/// True for the six comparison operators.
TIEUCHI_API bool is_comparison(BinaryOp op) noexcept;

struct NumberLit {
  double value;   ///< already scaled: `85%` is stored as 0.85
  bool percent;   ///< written with a `%` suffix
};
struct StringLit {
  std::string value;  ///< unescaped UTF-8
};
struct BoolLit {
  bool value;
};
struct NullLit {};
/// A (possibly dotted) name: an input field, a parameter.
struct Name {
  std::string path;  ///< e.g. "roads.paved_ratio"
};
struct Unary {
  UnaryOp op;
  NodeId operand;
};
struct Binary {
  BinaryOp op;
  NodeId lhs;
  NodeId rhs;
};
/// `a and b and c` is one node with three operands.
struct Logical {
  LogicalOp op;
  std::vector<NodeId> operands;
};
/// `x in [a, b]` / `x not in [a, b]`.
struct In {
  NodeId value;
  NodeId list;
  bool negated;
};
struct If {
  NodeId condition;
  NodeId then_branch;
  NodeId else_branch;
};
/// A function call, including references to other nodes of a pack such as `met("2.1")`.
struct Call {
  std::string function;
  SourceSpan name_span;
  std::vector<NodeId> args;
};
struct List {
  std::vector<NodeId> items;
};

using NodeKind =
    std::variant<NumberLit, StringLit, BoolLit, NullLit, Name, Unary, Binary, Logical, In, If, Call, List>;

/// One node: what it is, and where it stands in the source.
struct Node {
  NodeKind kind;
  SourceSpan span;
};

/// A parsed expression. `root` is the last node.
struct TIEUCHI_API Ast {
  SourcePtr source;
  std::vector<Node> nodes;
  NodeId root = 0;

  const Node& node(NodeId id) const { return nodes[id]; }
  /// The source text of a node.
  std::string_view text(NodeId id) const;
  /// A canonical, fully parenthesised rendering (used by tests and `tieuchi` tools), e.g.
  /// `((a + (b * 2)) >= 85%)`.
  std::string print(NodeId id) const;
  std::string print() const { return print(root); }
};

}  // namespace tieuchi::expr
