#include "tieuchi/expr/ast.hpp"

#include <fmt/format.h>

namespace tieuchi::expr {

std::string_view to_string(UnaryOp op) noexcept {
  return op == UnaryOp::negate ? "-" : "not";
}

std::string_view to_string(BinaryOp op) noexcept {
  switch (op) {
    case BinaryOp::add: return "+";
    case BinaryOp::sub: return "-";
    case BinaryOp::mul: return "*";
    case BinaryOp::div: return "/";
    case BinaryOp::lt: return "<";
    case BinaryOp::le: return "<=";
    case BinaryOp::gt: return ">";
    case BinaryOp::ge: return ">=";
    case BinaryOp::eq: return "==";
    case BinaryOp::ne: return "!=";
  }
  return "?";
}

std::string_view to_string(LogicalOp op) noexcept {
  return op == LogicalOp::logical_and ? "and" : "or";
}

bool is_comparison(BinaryOp op) noexcept {
  return op == BinaryOp::lt || op == BinaryOp::le || op == BinaryOp::gt || op == BinaryOp::ge ||
         op == BinaryOp::eq || op == BinaryOp::ne;
}

std::string_view Ast::text(NodeId id) const {
  const auto& sp = nodes.at(id).span;
  if (!source || sp.end <= sp.begin || sp.end > source->text().size()) return {};
  return std::string_view(source->text()).substr(sp.begin, sp.end - sp.begin);
}

namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

// Printing is iterative over the post-order arena: the string of each node is built from its
// children's strings, which are already done.
std::string Ast::print(NodeId id) const {
  std::vector<std::string> out(id + 1);
  auto join = [&](const std::vector<NodeId>& ids, std::string_view sep) {
    std::string s;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i) s += sep;
      s += out[ids[i]];
    }
    return s;
  };
  for (NodeId n = 0; n <= id; ++n) {
    out[n] = std::visit(
        [&](const auto& k) -> std::string {
          using T = std::decay_t<decltype(k)>;
          if constexpr (std::is_same_v<T, NumberLit>) {
            return k.percent ? fmt::format("{}%", k.value * 100.0) : fmt::format("{}", k.value);
          } else if constexpr (std::is_same_v<T, StringLit>) {
            return quote(k.value);
          } else if constexpr (std::is_same_v<T, BoolLit>) {
            return k.value ? "true" : "false";
          } else if constexpr (std::is_same_v<T, NullLit>) {
            return "null";
          } else if constexpr (std::is_same_v<T, Name>) {
            return k.path;
          } else if constexpr (std::is_same_v<T, Unary>) {
            return k.op == UnaryOp::negate ? fmt::format("(-{})", out[k.operand])
                                           : fmt::format("(not {})", out[k.operand]);
          } else if constexpr (std::is_same_v<T, Binary>) {
            return fmt::format("({} {} {})", out[k.lhs], to_string(k.op), out[k.rhs]);
          } else if constexpr (std::is_same_v<T, Logical>) {
            return fmt::format("({})", join(k.operands, k.op == LogicalOp::logical_and ? " and " : " or "));
          } else if constexpr (std::is_same_v<T, In>) {
            return fmt::format("({} {} {})", out[k.value], k.negated ? "not in" : "in", out[k.list]);
          } else if constexpr (std::is_same_v<T, If>) {
            return fmt::format("(if {} then {} else {})", out[k.condition], out[k.then_branch],
                               out[k.else_branch]);
          } else if constexpr (std::is_same_v<T, Call>) {
            return fmt::format("{}({})", k.function, join(k.args, ", "));
          } else {
            return fmt::format("[{}]", join(k.items, ", "));
          }
        },
        nodes[n].kind);
  }
  return out[id];
}

}  // namespace tieuchi::expr
