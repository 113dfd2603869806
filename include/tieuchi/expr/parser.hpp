#pragma once
/// @file expr/parser.hpp
/// Parsing rule expressions (Boost.Spirit X3 behind a plain API: no Spirit type is visible here).
///
/// ```cpp
/// auto r = tieuchi::expr::parse("roads.paved_ratio >= 70% and has_market");
/// if (!r.ok()) std::cerr << r.diagnostics.format();
/// ```

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/expr/ast.hpp"

namespace tieuchi::expr {

/// Hard limits checked while parsing; exceeding one gives an error (E101, E105, E106), never a
/// crash. The defaults suit rule packs written by people; raise them for generated rules.
struct Limits {
  std::size_t max_source_bytes = 64 * 1024;
  std::size_t max_depth = 128;    ///< nesting of parentheses, brackets, calls, `if`, unary ops
  std::size_t max_nodes = 20000;
};

/// The result of parsing: an AST when there was no error, and every diagnostic found.
struct ParseResult {
  std::optional<Ast> ast;
  Diagnostics diagnostics;
  bool ok() const noexcept { return ast.has_value() && !diagnostics.has_errors(); }
};

/// Parses `source`. Never throws for bad input; `std::bad_alloc` is the only exception.
TIEUCHI_API ParseResult parse(SourcePtr source, const Limits& limits = {});
/// Convenience: a Source named `<expr>`.
TIEUCHI_API ParseResult parse(std::string_view text, const Limits& limits = {});
/// Throws ParseError carrying the diagnostics.
TIEUCHI_API Ast parse_or_throw(std::string_view text, const Limits& limits = {});

}  // namespace tieuchi::expr
