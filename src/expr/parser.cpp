// Parsing: runs the X3 grammar, then lowers its attribute AST into the public arena AST
// (post-order, spans as byte offsets) and turns every failure into a Diagnostic.

#include "tieuchi/expr/parser.hpp"

#include <boost/variant/apply_visitor.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "grammar/grammar.hpp"
#include "tieuchi/error.hpp"
#include "support/text.hpp"

namespace tieuchi::expr {

namespace {

using grammar::Iterator;
using grammar::PositionCache;

struct TooManyNodes {
  SourceSpan where;
};

Diagnostic make_diag(const SourcePtr& src, std::string code, std::string message, SourceSpan span,
                     std::string hint = {}) {
  Diagnostic d;
  d.code = std::move(code);
  d.severity = Severity::error;
  d.message = std::move(message);
  d.source = src;
  d.span = span;
  d.hint = std::move(hint);
  return d;
}

/// What stands at `p`, for "found ..." in messages.
std::string describe_at(Iterator p, Iterator last) {
  if (p >= last) return "end of input";
  unsigned char c = static_cast<unsigned char>(*p);
  if (std::isalnum(c) || c == '_') {
    Iterator q = p;
    while (q < last && (std::isalnum(static_cast<unsigned char>(*q)) || *q == '_' || *q == '.')) ++q;
    return fmt::format("'{}'", std::string_view(p, static_cast<std::size_t>(q - p)));
  }
  std::size_t len = support::utf8_sequence_length(c);
  if (len == 0 || p + len > last) len = 1;
  return fmt::format("'{}'", std::string_view(p, len));
}

class Lowerer {
 public:
  Lowerer(const SourcePtr& src, PositionCache& positions, Ast& ast, Diagnostics& diags,
          const Limits& limits)
      : src_(src), positions_(positions), ast_(ast), diags_(diags), limits_(limits),
        base_(src->text().data()) {}

  NodeId lower(const x3ast::Operand& op) {
    return boost::apply_visitor([this](const auto& alt) { return this->visit(alt); }, op);
  }

 private:
  SourceSpan span_of(const boost::spirit::x3::position_tagged& n) const {
    if (n.id_first < 0 || n.id_last < 0) return {};
    auto r = positions_.position_of(n);
    if (r.begin() == nullptr) return {};
    return {static_cast<std::uint32_t>(r.begin() - base_), static_cast<std::uint32_t>(r.end() - base_)};
  }
  SourceSpan span(NodeId id) const { return ast_.nodes[id].span; }
  /// The smallest span covering a and b, widened so that its parentheses balance (an operand
  /// written in parentheses has a span without them).
  SourceSpan merge(SourceSpan a, SourceSpan b) const {
    SourceSpan s{std::min(a.begin, b.begin), std::max(a.end, b.end)};
    const std::string& t = src_->text();
    int open = 0, unmatched_close = 0;
    char quote = 0;
    for (std::uint32_t i = s.begin; i < s.end; ++i) {
      char c = t[i];
      if (quote) {
        if (c == '\\') ++i;
        else if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(') {
        ++open;
      } else if (c == ')') {
        if (open > 0) --open;
        else ++unmatched_close;
      }
    }
    for (std::uint32_t i = s.end; open > 0 && i < t.size(); ++i) {
      if (t[i] == ')') {
        --open;
        s.end = i + 1;
      } else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r') {
        break;
      }
    }
    for (std::uint32_t i = s.begin; unmatched_close > 0 && i > 0; --i) {
      char c = t[i - 1];
      if (c == '(') {
        --unmatched_close;
        s.begin = i - 1;
      } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
    }
    return s;
  }
  NodeId add(NodeKind kind, SourceSpan sp) {
    if (ast_.nodes.size() >= limits_.max_nodes) throw TooManyNodes{sp};
    ast_.nodes.push_back(Node{std::move(kind), sp});
    return static_cast<NodeId>(ast_.nodes.size() - 1);
  }
  void error(std::string code, std::string message, SourceSpan sp, std::string hint = {}) {
    diags_.add(make_diag(src_, std::move(code), std::move(message), sp, std::move(hint)));
  }

  NodeId visit(const x3ast::Nil&) { return add(NullLit{}, {}); }

  NodeId visit(const x3ast::Number& n) {
    SourceSpan sp = span_of(n);
    double v = 0;
    const char* b = n.text.data();
    const char* e = b + n.text.size();
    auto [ptr, ec] = std::from_chars(b, e, v);
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(v))) {
      error("E108", fmt::format("number '{}' is out of range", n.text), sp,
            "numbers must be finite doubles (about 1.8e308 at most)");
      v = 0;
    } else if (ec != std::errc() || ptr != e) {
      error("E108", fmt::format("malformed number '{}'", n.text), sp);
      v = 0;
    }
    if (n.percent) v /= 100.0;
    return add(NumberLit{v, n.percent}, sp);
  }

  NodeId visit(const x3ast::String& s) {
    SourceSpan sp = span_of(s);
    std::string out;
    out.reserve(s.value.size());
    // The raw text starts one byte (the opening quote) after the node's span.
    std::uint32_t raw_begin = sp.begin + 1;
    for (std::size_t i = 0; i < s.value.size(); ++i) {
      char c = s.value[i];
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      std::uint32_t at = raw_begin + static_cast<std::uint32_t>(i);
      char e = i + 1 < s.value.size() ? s.value[i + 1] : '\0';
      ++i;
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case '\\': out.push_back('\\'); break;
        case '"': out.push_back('"'); break;
        case '\'': out.push_back('\''); break;
        case '/': out.push_back('/'); break;
        case 'u': {
          unsigned cp = 0;
          bool ok = i + 4 < s.value.size();
          for (std::size_t k = 1; ok && k <= 4; ++k) {
            char h = i + k < s.value.size() ? s.value[i + k] : '\0';
            int d = std::isxdigit(static_cast<unsigned char>(h))
                        ? (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10))
                        : -1;
            if (d < 0) ok = false;
            else cp = cp * 16 + static_cast<unsigned>(d);
          }
          if (!ok || (cp >= 0xD800 && cp <= 0xDFFF)) {
            error("E111", "invalid \\u escape: expected four hex digits of a non-surrogate code point",
                  {at, at + 2});
          } else {
            support::append_utf8(out, cp);
            i += 4;
          }
          break;
        }
        default:
          error("E111", fmt::format("unknown escape sequence '\\{}'", e), {at, at + 2},
                "valid escapes: \\n \\t \\\\ \\\" \\' \\/ \\uXXXX");
      }
    }
    return add(StringLit{std::move(out)}, sp);
  }

  NodeId visit(const x3ast::Bool& b) { return add(BoolLit{b.value}, span_of(b)); }
  NodeId visit(const x3ast::Null& n) { return add(NullLit{}, span_of(n)); }
  NodeId visit(const x3ast::Ident& i) { return add(Name{i.path}, span_of(i)); }

  NodeId visit(const boost::spirit::x3::forward_ast<x3ast::Unary>& fu) {
    const auto& u = fu.get();
    NodeId operand = lower(u.operand);
    UnaryOp op = u.op == x3ast::UnaryCode::negate ? UnaryOp::negate : UnaryOp::logical_not;
    return add(Unary{op, operand}, merge(span_of(u), span(operand)));
  }

  NodeId visit(const boost::spirit::x3::forward_ast<x3ast::IfExpr>& fi) {
    const auto& i = fi.get();
    NodeId c = lower(i.condition);
    NodeId t = lower(i.then_branch);
    NodeId e = lower(i.else_branch);
    return add(If{c, t, e}, span_of(i));
  }

  NodeId visit(const boost::spirit::x3::forward_ast<x3ast::Call>& fc) {
    const auto& c = fc.get();
    std::vector<NodeId> args;
    args.reserve(c.args.size());
    for (const auto& a : c.args) args.push_back(lower(a));
    return add(Call{c.function.path, span_of(c.function), std::move(args)}, span_of(c));
  }

  NodeId visit(const boost::spirit::x3::forward_ast<x3ast::ListLit>& fl) {
    const auto& l = fl.get();
    std::vector<NodeId> items;
    items.reserve(l.items.size());
    for (const auto& a : l.items) items.push_back(lower(a));
    return add(List{std::move(items)}, span_of(l));
  }

  static bool is_logical(x3ast::OpCode op) {
    return op == x3ast::OpCode::logical_or || op == x3ast::OpCode::logical_and;
  }
  static bool is_relational(x3ast::OpCode op) {
    using O = x3ast::OpCode;
    return op == O::lt || op == O::le || op == O::gt || op == O::ge || op == O::eq || op == O::ne ||
           op == O::in || op == O::not_in;
  }
  static BinaryOp binary_of(x3ast::OpCode op) {
    using O = x3ast::OpCode;
    switch (op) {
      case O::add: return BinaryOp::add;
      case O::sub: return BinaryOp::sub;
      case O::mul: return BinaryOp::mul;
      case O::div: return BinaryOp::div;
      case O::lt: return BinaryOp::lt;
      case O::le: return BinaryOp::le;
      case O::gt: return BinaryOp::gt;
      case O::ge: return BinaryOp::ge;
      case O::eq: return BinaryOp::eq;
      case O::ne: return BinaryOp::ne;
      default: return BinaryOp::add;
    }
  }

  NodeId visit(const boost::spirit::x3::forward_ast<x3ast::Chain>& fch) {
    const auto& ch = fch.get();
    NodeId first = lower(ch.first);
    if (ch.rest.empty()) return first;
    x3ast::OpCode op0 = ch.rest.front().op;
    if (is_logical(op0)) {
      std::vector<NodeId> operands{first};
      for (const auto& r : ch.rest) operands.push_back(lower(r.operand));
      SourceSpan sp = merge(span(first), span(operands.back()));
      LogicalOp lop = op0 == x3ast::OpCode::logical_or ? LogicalOp::logical_or : LogicalOp::logical_and;
      return add(Logical{lop, std::move(operands)}, sp);
    }
    if (is_relational(op0)) {
      NodeId rhs = lower(ch.rest.front().operand);
      if (ch.rest.size() > 1) {
        SourceSpan sp = span_of(ch.rest[1]);
        error("E109", "comparisons do not chain", merge(span(first), sp.end ? sp : span(rhs)),
              "write 'between(x, lo, hi)' or 'lo <= x and x <= hi'");
        for (std::size_t k = 1; k < ch.rest.size(); ++k) lower(ch.rest[k].operand);
      }
      SourceSpan sp = merge(span(first), span(rhs));
      if (op0 == x3ast::OpCode::in || op0 == x3ast::OpCode::not_in)
        return add(In{first, rhs, op0 == x3ast::OpCode::not_in}, sp);
      return add(Binary{binary_of(op0), first, rhs}, sp);
    }
    // Arithmetic: fold to the left.
    NodeId acc = first;
    for (const auto& r : ch.rest) {
      NodeId rhs = lower(r.operand);
      acc = add(Binary{binary_of(r.op), acc, rhs}, merge(span(acc), span(rhs)));
    }
    return acc;
  }

  const SourcePtr& src_;
  PositionCache& positions_;
  Ast& ast_;
  Diagnostics& diags_;
  const Limits& limits_;
  const char* base_;
};

}  // namespace

ParseResult parse(SourcePtr source, const Limits& limits) {
  ParseResult result;
  const std::string& text = source->text();
  auto size = static_cast<std::uint32_t>(std::min<std::size_t>(text.size(), UINT32_MAX));
  if (text.size() > limits.max_source_bytes) {
    result.diagnostics.add(make_diag(
        source, "E101",
        fmt::format("expression is {} bytes long; the limit is {}", text.size(), limits.max_source_bytes),
        {0, 0}, "split the rule into indicators, or raise Limits::max_source_bytes"));
    return result;
  }
  if (auto bad = support::first_invalid_utf8(text)) {
    auto at = static_cast<std::uint32_t>(*bad);
    result.diagnostics.add(make_diag(source, "E102", "invalid UTF-8 in expression", {at, at + 1},
                                     "save the file as UTF-8"));
    return result;
  }
  Iterator first = text.data();
  Iterator last = first + text.size();
  Iterator start = first;
  auto offset = [&](Iterator p) { return static_cast<std::uint32_t>(p - start); };
  {
    Iterator p = first;
    grammar::skip_blanks(p, last);
    if (p == last) {
      result.diagnostics.add(make_diag(source, "E110", "empty expression", {size, size}));
      return result;
    }
  }
  grammar::ParseState state;
  state.max_depth = limits.max_depth;
  PositionCache positions(first, last);
  x3ast::Operand tree;
  bool ok = grammar::parse_expression(first, last, tree, state, positions);
  if (state.too_deep) {
    auto at = offset(state.deep_where);
    result.diagnostics.add(make_diag(
        source, "E105", fmt::format("expression is nested more than {} levels deep", limits.max_depth),
        {at, at + 1}, "flatten the rule, or raise Limits::max_depth"));
    return result;
  }
  if (state.failed) {
    bool quote = state.fail_expected.rfind("closing quote", 0) == 0;
    Iterator where = state.fail_where;
    if (!quote) grammar::skip_blanks(where, last);  // point at the offending token, not a blank
    auto at = offset(where);
    std::string found = describe_at(where, last);
    std::uint32_t end = where < last ? at + 1 : at;
    if (quote) {
      result.diagnostics.add(make_diag(source, "E104", "unterminated string", {at, end},
                                       "close the string on the same line"));
    } else {
      std::string hint;
      if (found == "'='") hint = "use '==' to compare for equality";
      result.diagnostics.add(make_diag(
          source, "E103", fmt::format("expected {}, found {}", state.fail_expected, found), {at, end},
          std::move(hint)));
    }
    return result;
  }
  if (!ok) {
    auto at = offset(first);
    result.diagnostics.add(make_diag(
        source, "E103", fmt::format("expected expression, found {}", describe_at(first, last)),
        {at, first < last ? at + 1 : at}));
    return result;
  }
  grammar::skip_blanks(first, last);
  if (first != last) {
    auto at = offset(first);
    std::string found = describe_at(first, last);
    std::string hint;
    if (*first == '=') hint = "use '==' to compare for equality";
    else if (*first == '&' || *first == '|') hint = "use 'and' / 'or'";
    else if (*first == '!') hint = "use 'not' for negation, '!=' for inequality";
    else if (*first == '%') hint = "'%' belongs right after a number (85%); there is no modulo operator";
    result.diagnostics.add(make_diag(
        source, "E107", fmt::format("unexpected {} after the end of the expression", found),
        {at, at + 1}, std::move(hint)));
    return result;
  }
  Ast ast;
  ast.source = source;
  try {
    Lowerer lowerer(source, positions, ast, result.diagnostics, limits);
    ast.root = lowerer.lower(tree);
  } catch (const TooManyNodes& t) {
    result.diagnostics.add(make_diag(
        source, "E106", fmt::format("expression has more than {} nodes", limits.max_nodes), t.where,
        "split the rule, or raise Limits::max_nodes"));
    return result;
  }
  if (!result.diagnostics.has_errors()) result.ast = std::move(ast);
  return result;
}

ParseResult parse(std::string_view text, const Limits& limits) {
  return parse(std::make_shared<const Source>("<expr>", std::string(text)), limits);
}

Ast parse_or_throw(std::string_view text, const Limits& limits) {
  auto r = parse(text, limits);
  if (!r.ok()) throw ParseError(std::move(r.diagnostics));
  return std::move(*r.ast);
}

}  // namespace tieuchi::expr
