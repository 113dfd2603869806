// The rule-expression grammar (Boost.Spirit X3). This is the only translation unit that
// instantiates X3 templates; everything else sees grammar.hpp.

#include "grammar.hpp"

#include <boost/spirit/home/x3.hpp>
#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/utility/annotate_on_success.hpp>

namespace tieuchi::expr::grammar {

namespace x3 = boost::spirit::x3;
using namespace x3ast;

namespace {

struct state_tag;

/// Thrown by depth_guard when nesting exceeds the limit; caught in parse_expression().
struct DepthExceeded {};

/// A directive that counts nesting levels and stops the parse cleanly past the limit, so that
/// deeply nested input is an error (E105) instead of a stack overflow.
template <typename Subject>
struct depth_guard : x3::unary_parser<Subject, depth_guard<Subject>> {
  using base_type = x3::unary_parser<Subject, depth_guard<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr depth_guard(Subject const& s) : base_type(s) {}

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    ParseState& st = x3::get<state_tag>(ctx).get();
    if (st.depth >= st.max_depth) {
      st.too_deep = true;
      st.deep_where = first;
      throw DepthExceeded{};
    }
    ++st.depth;
    struct Restore {
      ParseState& s;
      ~Restore() { --s.depth; }
    } restore{st};
    return this->subject.parse(first, last, ctx, rctx, attr);
  }
};

struct depth_guard_gen {
  template <typename Subject>
  constexpr depth_guard<typename x3::extension::as_parser<Subject>::value_type> operator[](
      Subject const& subject) const {
    return {x3::as_parser(subject)};
  }
};
constexpr depth_guard_gen guarded{};

/// Tags AST nodes with their source range (used through x3::annotate_on_success).
struct Tagger {
  PositionCache& positions;
  template <typename Node>
  void tag(Node& node, Iterator first, Iterator last) {
    positions.annotate(node, first, last);
  }
};

template <std::size_t N>
auto kw(char const (&word)[N]) {
  return x3::lexeme[x3::lit(word) >> !(x3::ascii::alnum | x3::lit('_'))];
}

// ---- symbol tables ----
struct cmp_ops_ : x3::symbols<OpCode> {
  cmp_ops_() {
    add("<=", OpCode::le)(">=", OpCode::ge)("==", OpCode::eq)("!=", OpCode::ne)("<", OpCode::lt)(
        ">", OpCode::gt);
  }
} const cmp_ops;
struct add_ops_ : x3::symbols<OpCode> {
  add_ops_() { add("+", OpCode::add)("-", OpCode::sub); }
} const add_ops;
struct mul_ops_ : x3::symbols<OpCode> {
  mul_ops_() { add("*", OpCode::mul)("/", OpCode::div); }
} const mul_ops;

// ---- rule IDs (annotate_on_success tags each node with its source range) ----
struct expr_class : x3::annotate_on_success {};
struct if_class : x3::annotate_on_success {};
struct or_class : x3::annotate_on_success {};
struct and_class : x3::annotate_on_success {};
struct not_class : x3::annotate_on_success {};
struct not_op_class : x3::annotate_on_success {};
struct cmp_class : x3::annotate_on_success {};
struct cmp_rel_class : x3::annotate_on_success {};
struct cmp_in_class : x3::annotate_on_success {};
struct add_class : x3::annotate_on_success {};
struct mul_class : x3::annotate_on_success {};
struct unary_class : x3::annotate_on_success {};
struct neg_class : x3::annotate_on_success {};
struct primary_class : x3::annotate_on_success {};
struct call_class : x3::annotate_on_success {};
struct list_class : x3::annotate_on_success {};
struct ident_class : x3::annotate_on_success {};
struct number_class : x3::annotate_on_success {};
struct string_class : x3::annotate_on_success {};
struct bool_class : x3::annotate_on_success {};
struct null_class : x3::annotate_on_success {};
struct close_paren_class;
struct close_bracket_class;
struct close_dquote_class;
struct close_squote_class;
struct then_class;
struct else_class;
struct list_kw_class;

// The names are what users read in "expected ..." messages.
x3::rule<expr_class, Operand> const expr = "expression";
x3::rule<if_class, IfExpr> const if_expr = "if expression";
x3::rule<or_class, Chain> const or_expr = "expression";
x3::rule<and_class, Chain> const and_expr = "expression";
x3::rule<not_class, Operand> const not_expr = "expression";
x3::rule<not_op_class, Unary> const not_op = "expression";
x3::rule<cmp_class, Chain> const cmp_expr = "expression";
x3::rule<cmp_rel_class, Operation> const cmp_rel = "comparison";
x3::rule<cmp_in_class, Operation> const cmp_in = "membership test";
x3::rule<add_class, Chain> const add_expr = "expression";
x3::rule<mul_class, Chain> const mul_expr = "expression";
x3::rule<unary_class, Operand> const unary = "operand";
x3::rule<neg_class, Unary> const neg = "operand";
x3::rule<primary_class, Operand> const primary = "operand";
x3::rule<call_class, Call> const call = "function call";
x3::rule<list_class, ListLit> const list = "list";
x3::rule<class args_class, std::vector<Operand>> const args = "expression";
x3::rule<ident_class, Ident> const ident = "name";
x3::rule<number_class, Number> const number = "number";
x3::rule<string_class, String> const string = "string";
x3::rule<bool_class, Bool> const bool_lit = "true or false";
x3::rule<null_class, Null> const null_lit = "null";
x3::rule<close_paren_class> const close_paren = "')'";
x3::rule<close_bracket_class> const close_bracket = "']'";
x3::rule<close_dquote_class> const close_dquote = "closing quote '\"'";
x3::rule<close_squote_class> const close_squote = "closing quote \"'\"";
x3::rule<then_class> const then_kw = "'then'";
x3::rule<else_class> const else_kw = "'else'";
x3::rule<list_kw_class> const list_kw = "list '[...]'";

auto const keyword = kw("and") | kw("or") | kw("not") | kw("in") | kw("if") | kw("then") |
                     kw("else") | kw("true") | kw("false") | kw("null");

auto const ident_part =
    x3::lexeme[(x3::ascii::alpha | x3::char_('_')) >> *(x3::ascii::alnum | x3::char_('_'))];

// Rules with semantic actions do not get on_success with their attribute (X3 passes `unused`),
// so the leaf rules tag their node themselves, with the range matched by their x3::raw[].
template <typename Ctx, typename Node>
void tag_here(Ctx& ctx, Node& node) {
  auto const& matched = x3::_attr(ctx);
  x3::get<x3::error_handler_tag>(ctx).get().tag(node, matched.begin(), matched.end());
}
auto const set_path = [](auto& ctx) {
  auto const& r = x3::_attr(ctx);
  x3::_val(ctx).path.assign(r.begin(), r.end());
  tag_here(ctx, x3::_val(ctx));
};
auto const set_number = [](auto& ctx) {
  auto const& r = x3::_attr(ctx);
  std::string text(r.begin(), r.end());
  auto& val = x3::_val(ctx);
  val.percent = !text.empty() && text.back() == '%';
  if (val.percent) text.pop_back();
  val.text = std::move(text);
  tag_here(ctx, val);
};
auto const set_string = [](auto& ctx) {
  auto const& r = x3::_attr(ctx);
  // The range includes both quotes.
  x3::_val(ctx).value.assign(r.begin() + 1, r.end() - 1);
  tag_here(ctx, x3::_val(ctx));
};
auto const set_true = [](auto& ctx) {
  x3::_val(ctx).value = true;
  tag_here(ctx, x3::_val(ctx));
};
auto const set_false = [](auto& ctx) {
  x3::_val(ctx).value = false;
  tag_here(ctx, x3::_val(ctx));
};
auto const set_null = [](auto& ctx) { tag_here(ctx, x3::_val(ctx)); };

auto const digits = +x3::ascii::digit;
auto const number_text = digits >> -('.' >> digits) >>
                         -(x3::char_("eE") >> -x3::char_("+-") >> digits);

auto const close_paren_def = x3::lit(')');
auto const close_bracket_def = x3::lit(']');
auto const close_dquote_def = x3::lit('"');
auto const close_squote_def = x3::lit('\'');
auto const then_kw_def = kw("then");
auto const else_kw_def = kw("else");
auto const list_kw_def = &x3::lit('[');

auto const expr_def = guarded[if_expr | or_expr];
auto const if_expr_def = kw("if") > expr > then_kw > expr > else_kw > expr;
auto const or_expr_def = and_expr >> *((kw("or") >> x3::attr(OpCode::logical_or)) > and_expr);
auto const and_expr_def = not_expr >> *((kw("and") >> x3::attr(OpCode::logical_and)) > not_expr);
auto const not_expr_def = not_op | cmp_expr;
auto const not_op_def = (kw("not") >> x3::attr(UnaryCode::logical_not)) > guarded[not_expr];
auto const cmp_expr_def = add_expr >> *(cmp_rel | cmp_in);
auto const cmp_rel_def = cmp_ops > add_expr;
auto const cmp_in_def = ((kw("in") >> x3::attr(OpCode::in)) |
                         (kw("not") >> kw("in") >> x3::attr(OpCode::not_in))) > list_kw > list;
auto const add_expr_def = mul_expr >> *(add_ops > mul_expr);
auto const mul_expr_def = unary >> *(mul_ops > unary);
auto const unary_def = neg | primary;
auto const neg_def = (x3::lit('-') >> x3::attr(UnaryCode::negate)) > guarded[unary];
auto const primary_def = number | string | bool_lit | null_lit | list | call | ident |
                         (x3::lit('(') > expr > close_paren);
// After a comma an expression is expected (so `f(1,,2)` says so at the second comma).
auto const push_arg = [](auto& ctx) { x3::_val(ctx).push_back(std::move(x3::_attr(ctx))); };
auto const args_def = expr[push_arg] >> *(x3::lit(',') > expr[push_arg]);
auto const call_def = (ident >> x3::lit('(')) > -args > close_paren;
auto const list_def = x3::lit('[') > -args > close_bracket;
auto const ident_def =
    x3::raw[x3::lexeme[!keyword >> ident_part >> *(x3::lit('.') >> ident_part)]][set_path];
auto const number_def = x3::raw[x3::lexeme[number_text >> -x3::lit('%') >>
                                            !(x3::ascii::alnum | x3::lit('_'))]][set_number];
auto const string_def =
    x3::raw[x3::lexeme['"' > *((x3::lit('\\') > x3::char_) | ~x3::char_("\"\\\n")) > close_dquote]]
           [set_string] |
    x3::raw[x3::lexeme['\'' > *((x3::lit('\\') > x3::char_) | ~x3::char_("'\\\n")) > close_squote]]
           [set_string];
auto const bool_lit_def = x3::raw[kw("true")][set_true] | x3::raw[kw("false")][set_false];
auto const null_lit_def = x3::raw[kw("null")][set_null];

BOOST_SPIRIT_DEFINE(expr, if_expr, or_expr, and_expr, not_expr, not_op, cmp_expr, cmp_rel, cmp_in,
                    add_expr, mul_expr, unary, neg, primary, call, list, args, ident, number, string,
                    bool_lit, null_lit, close_paren, close_bracket, close_dquote, close_squote,
                    then_kw, else_kw, list_kw)

auto const comment = x3::lexeme[x3::lit('#') >> *(x3::char_ - x3::eol)] |
                     x3::lexeme[x3::lit("//") >> *(x3::char_ - x3::eol)];
auto const skipper = x3::ascii::space | comment;

}  // namespace

bool parse_expression(Iterator& first, Iterator last, Operand& out, ParseState& state,
                      PositionCache& positions) {
  Tagger tagger{positions};
  auto const parser = x3::with<state_tag>(std::ref(state))[x3::with<x3::error_handler_tag>(
      std::ref(tagger))[expr]];
  try {
    return x3::phrase_parse(first, last, parser, skipper, out);
  } catch (x3::expectation_failure<Iterator> const& e) {
    state.failed = true;
    state.fail_where = e.where();
    state.fail_expected = e.which();
    // Expectation points on actions report a mangled type name; every such point in this
    // grammar expects an expression.
    if (state.fail_expected.find("boost") != std::string::npos) state.fail_expected = "expression";
    return false;
  } catch (DepthExceeded const&) {
    return false;
  }
}

/// Skips blanks and comments (so the caller can tell trailing input from trailing space).
void skip_blanks(Iterator& first, Iterator last) { x3::parse(first, last, *skipper); }

}  // namespace tieuchi::expr::grammar
