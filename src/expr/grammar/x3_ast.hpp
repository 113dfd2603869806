#pragma once
// The attribute AST that the X3 grammar fills. Private to src/expr: lowered to the public arena
// AST (tieuchi/expr/ast.hpp) by parser.cpp, which also reads the positions tagged on each node.

#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace tieuchi::expr::x3ast {

namespace x3 = boost::spirit::x3;

enum class OpCode : std::uint8_t {
  logical_or, logical_and, lt, le, gt, ge, eq, ne, in, not_in, add, sub, mul, div,
};
enum class UnaryCode : std::uint8_t { negate, logical_not };

struct Nil {};
struct Number : x3::position_tagged {
  std::string text;
  bool percent = false;
};
struct String : x3::position_tagged {
  std::string value;
};
struct Bool : x3::position_tagged {
  bool value = false;
};
struct Null : x3::position_tagged {
  char dummy = 0;  // fusion needs a member
};
struct Ident : x3::position_tagged {
  std::string path;
};
struct Unary;
struct Chain;
struct IfExpr;
struct Call;
struct ListLit;

struct Operand : x3::variant<Nil, Number, String, Bool, Null, Ident, x3::forward_ast<Unary>,
                             x3::forward_ast<Chain>, x3::forward_ast<IfExpr>,
                             x3::forward_ast<Call>, x3::forward_ast<ListLit>> {
  using base_type::base_type;
  using base_type::operator=;
};

struct Unary : x3::position_tagged {
  UnaryCode op;
  Operand operand;
};
struct Operation : x3::position_tagged {
  OpCode op;
  Operand operand;
};
/// One precedence level: `first (op operand)*`.
struct Chain : x3::position_tagged {
  Operand first;
  std::vector<Operation> rest;
};
struct IfExpr : x3::position_tagged {
  Operand condition;
  Operand then_branch;
  Operand else_branch;
};
struct Call : x3::position_tagged {
  Ident function;
  std::vector<Operand> args;
};
struct ListLit : x3::position_tagged {
  std::vector<Operand> items;
};

}  // namespace tieuchi::expr::x3ast

BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::Number, text, percent)
BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::String, value)
BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::Bool, value)
BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::Null, dummy)
BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::Ident, path)
BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::Unary, op, operand)
BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::Operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::Chain, first, rest)
BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::IfExpr, condition, then_branch, else_branch)
BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::Call, function, args)
BOOST_FUSION_ADAPT_STRUCT(tieuchi::expr::x3ast::ListLit, items)
