#pragma once
// The one entry point into the X3 grammar (instantiated once, in grammar.cpp).

#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <vector>
#include <cstddef>
#include <string>

#include "x3_ast.hpp"

namespace tieuchi::expr::grammar {

using Iterator = const char*;
using PositionCache = boost::spirit::x3::position_cache<std::vector<Iterator>>;

/// What the parse found beyond its attribute: the first expectation failure and depth overflow.
struct ParseState {
  std::size_t max_depth = 128;
  std::size_t depth = 0;
  bool failed = false;           // an expectation failed
  Iterator fail_where = nullptr;
  std::string fail_expected;     // user-facing name of what was expected
  bool too_deep = false;
  Iterator deep_where = nullptr;
};

/// Parses one whole expression from [first, last) (skipping blanks and comments). Returns true
/// when an expression was recognised; `first` is left after it (the caller checks for trailing
/// input). Never throws for bad input.
bool parse_expression(Iterator& first, Iterator last, x3ast::Operand& out, ParseState& state,
                      PositionCache& positions);

}  // namespace tieuchi::expr::grammar

namespace tieuchi::expr::grammar {
/// Advances `first` past blanks and comments.
void skip_blanks(Iterator& first, Iterator last);
}  // namespace tieuchi::expr::grammar
