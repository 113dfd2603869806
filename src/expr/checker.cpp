// Static checking: resolves names through the Environment and types every node. The AST is in
// post-order, so one forward loop sees every child before its parent (no recursion).

#include "tieuchi/expr/checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "support/suggest.hpp"
#include "tieuchi/error.hpp"

namespace tieuchi::expr {

using support::closest;
using support::did_you_mean;

std::string_view to_string(Accessor a) noexcept {
  switch (a) {
    case Accessor::met: return "met";
    case Accessor::value: return "value";
    case Accessor::gap: return "gap";
    case Accessor::applicable: return "applicable";
  }
  return "?";
}

Environment::Environment(std::shared_ptr<const FunctionRegistry> functions)
    : functions_(std::move(functions)) {
  if (!functions_) throw std::invalid_argument("Environment needs a function registry");
}

std::uint32_t Environment::add_symbol(Symbol s) {
  s.slot = static_cast<std::uint32_t>(symbols_.size());
  symbols_.push_back(std::move(s));
  return symbols_.back().slot;
}

namespace {
constexpr std::string_view kKeywords[] = {"and", "or", "not", "in", "if", "then", "else", "true", "false", "null"};
}  // namespace

bool is_identifier(std::string_view s) noexcept {
  if (s.empty()) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (part.empty() || !alpha(part[0])) return false;
    for (char c : part)
      if (!(alpha(c) || (c >= '0' && c <= '9'))) return false;
    if (std::find(std::begin(kKeywords), std::end(kKeywords), part) != std::end(kKeywords)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::uint32_t Environment::add_field(std::string name, Type type, std::string unit) {
  return add_named(SymbolKind::field, std::move(name), type, std::move(unit));
}

std::uint32_t Environment::add_parameter(std::string name, Type type, std::string unit) {
  return add_named(SymbolKind::parameter, std::move(name), type, std::move(unit));
}

std::uint32_t Environment::add_derived(std::string name, Type type, std::string unit) {
  return add_named(SymbolKind::derived, std::move(name), type, std::move(unit));
}

std::uint32_t Environment::add_named(SymbolKind kind, std::string name, Type type, std::string unit) {
  std::string_view what = kind == SymbolKind::field       ? "field"
                          : kind == SymbolKind::parameter ? "parameter"
                                                          : "derived value";
  if (!is_identifier(name))
    throw std::invalid_argument(fmt::format("not a valid {} name: '{}'", what, name));
  if (type == Type::list || type == Type::null)
    throw std::invalid_argument(fmt::format("{} type must be number, bool or string: {}", what, name));
  if (by_name_.count(name)) throw std::invalid_argument("name declared twice: '" + name + "'");
  auto slot = add_symbol({kind, type, 0, name, Accessor::value, std::move(unit)});
  by_name_.emplace(std::move(name), slot);
  return slot;
}

void Environment::add_node(std::string id, Type value_type, std::string unit) {
  if (id.empty()) throw std::invalid_argument("node id is empty");
  if (nodes_.count(id)) throw std::invalid_argument("node declared twice: '" + id + "'");
  auto first = add_symbol({SymbolKind::reference, Type::boolean, 0, id, Accessor::met, {}});
  add_symbol({SymbolKind::reference, value_type, 0, id, Accessor::value, std::move(unit)});
  add_symbol({SymbolKind::reference, Type::number, 0, id, Accessor::gap, {}});
  add_symbol({SymbolKind::reference, Type::boolean, 0, id, Accessor::applicable, {}});
  nodes_.emplace(std::move(id), first);
}

const Symbol* Environment::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &symbols_[it->second];
}

const Symbol* Environment::find_reference(std::string_view node_id, Accessor accessor) const {
  auto it = nodes_.find(node_id);
  if (it == nodes_.end()) return nullptr;
  return &symbols_[it->second + static_cast<std::uint32_t>(accessor)];
}

std::vector<std::string> Environment::suggest(std::string_view name) const {
  std::vector<std::string> names;
  for (const auto& [n, _] : by_name_) names.push_back(n);
  return closest(name, names);
}

std::vector<std::string> Environment::suggest_node(std::string_view id) const {
  std::vector<std::string> ids;
  for (const auto& [n, _] : nodes_) ids.push_back(n);
  return closest(id, ids);
}

namespace {

/// The common type of two types (null unifies with anything), or nullopt.
std::optional<Type> unify(Type a, Type b) {
  if (a == Type::null) return b;
  if (b == Type::null) return a;
  if (a == b) return a;
  return std::nullopt;
}

class Checker {
 public:
  Checker(const Ast& ast, const Environment& env, const CheckOptions& opt, CheckedExpr& out,
          Diagnostics& diags)
      : ast_(ast), env_(env), opt_(opt), out_(out), diags_(diags),
        poisoned_(ast.nodes.size(), false), list_elem_(ast.nodes.size(), Type::null),
        list_ok_(ast.nodes.size(), false) {}

  void run() {
    out_.types.assign(ast_.nodes.size(), Type::null);
    out_.resolution.assign(ast_.nodes.size(), {});
    // Lists are legal only as `in` operands and as call arguments.
    for (const auto& n : ast_.nodes) {
      if (const auto* in = std::get_if<In>(&n.kind)) list_ok_[in->list] = true;
      if (const auto* c = std::get_if<Call>(&n.kind))
        for (NodeId a : c->args) list_ok_[a] = true;
    }
    for (NodeId id = 0; id < ast_.nodes.size(); ++id) {
      std::visit([&](const auto& k) { this->visit(id, k); }, ast_.nodes[id].kind);
      if (std::holds_alternative<List>(ast_.nodes[id].kind) && !list_ok_[id] && !poisoned_[id]) {
        error(id, "E212", "a list can only follow 'in' or be a function argument");
      }
    }
    NodeId root = ast_.root;
    if (opt_.expected && !poisoned_[root]) {
      Type t = out_.types[root];
      if (!unify(t, *opt_.expected)) {
        error(root, "E211",
              fmt::format("this rule must be a {} expression, but it is a {}", to_string(*opt_.expected),
                          to_string(t)),
              *opt_.expected == Type::boolean ? "compare the value with a threshold, e.g. 'x >= 80%'" : "");
      }
    }
  }

 private:
  Type type(NodeId id) const { return out_.types[id]; }
  bool any_poisoned(std::initializer_list<NodeId> ids) const {
    for (NodeId i : ids)
      if (poisoned_[i]) return true;
    return false;
  }
  bool any_poisoned(const std::vector<NodeId>& ids) const {
    for (NodeId i : ids)
      if (poisoned_[i]) return true;
    return false;
  }
  void error(NodeId id, std::string code, std::string message, std::string hint = {}) {
    error_at(ast_.nodes[id].span, std::move(code), std::move(message), std::move(hint));
    poisoned_[id] = true;
  }
  void error_at(SourceSpan span, std::string code, std::string message, std::string hint = {}) {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.source = ast_.source;
    d.span = span;
    d.rule_id = opt_.rule_id;
    d.hint = std::move(hint);
    diags_.add(std::move(d));
  }
  void warning(NodeId id, std::string code, std::string message, std::string hint = {}) {
    Diagnostic d;
    d.code = std::move(code);
    d.severity = Severity::warning;
    d.message = std::move(message);
    d.source = ast_.source;
    d.span = ast_.nodes[id].span;
    d.rule_id = opt_.rule_id;
    d.hint = std::move(hint);
    diags_.add(std::move(d));
  }
  void set(NodeId id, Type t) { out_.types[id] = t; }
  void poison(NodeId id) { poisoned_[id] = true; }
  std::string describe(NodeId id) const { return std::string(to_string(type(id))); }

  // Requires `id` to be of type `want` (or null); reports E205/E204 at the operand.
  bool require(NodeId id, Type want, std::string_view what, std::string code) {
    if (poisoned_[id]) return false;
    if (type(id) == want || type(id) == Type::null) return true;
    error_at(ast_.nodes[id].span, std::move(code),
             fmt::format("{} needs a {}, but this is a {}", what, to_string(want), describe(id)));
    return false;
  }

  void visit(NodeId id, const NumberLit&) { set(id, Type::number); }
  void visit(NodeId id, const StringLit&) { set(id, Type::string); }
  void visit(NodeId id, const BoolLit&) { set(id, Type::boolean); }
  void visit(NodeId id, const NullLit&) { set(id, Type::null); }

  void visit(NodeId id, const Name& n) {
    if (const Symbol* s = env_.find(n.path)) {
      set(id, s->type);
      out_.resolution[id] = {Resolution::Kind::slot, s->slot};
      out_.uses.push_back({s->slot, ast_.nodes[id].span});
      return;
    }
    std::string hint = did_you_mean(env_.suggest(n.path));
    if (env_.find_reference(n.path, Accessor::met))
      hint = fmt::format("'{}' is a node of the pack: write met(\"{}\") or value(\"{}\")", n.path, n.path, n.path);
    error(id, "E201", fmt::format("unknown name '{}'", n.path), std::move(hint));
  }

  void visit(NodeId id, const Unary& u) {
    if (poisoned_[u.operand]) return poison(id);
    if (u.op == UnaryOp::negate) {
      if (!require(u.operand, Type::number, "'-'", "E204")) return poison(id);
      set(id, Type::number);
    } else {
      if (!require(u.operand, Type::boolean, "'not'", "E208")) return poison(id);
      set(id, Type::boolean);
    }
  }

  void visit(NodeId id, const Binary& b) {
    if (any_poisoned({b.lhs, b.rhs})) return poison(id);
    Type l = type(b.lhs), r = type(b.rhs);
    if (l == Type::list || r == Type::list) return poison(id);  // E212 reported on the list
    if (!is_comparison(b.op)) {
      bool ok = require(b.lhs, Type::number, fmt::format("'{}'", to_string(b.op)), "E204");
      ok = require(b.rhs, Type::number, fmt::format("'{}'", to_string(b.op)), "E204") && ok;
      if (!ok) return poison(id);
      return set(id, Type::number);
    }
    if (std::holds_alternative<NullLit>(ast_.nodes[b.lhs].kind) ||
        std::holds_alternative<NullLit>(ast_.nodes[b.rhs].kind)) {
      warning(id, "W201", "a comparison with null is always unknown", "use is_missing(x) to test for missing data");
    }
    if (b.op == BinaryOp::eq || b.op == BinaryOp::ne) {
      if (!unify(l, r)) {
        error(id, "E204", fmt::format("cannot compare a {} with a {}", to_string(l), to_string(r)));
        return;
      }
      return set(id, Type::boolean);
    }
    if (l == Type::string || r == Type::string) {
      error(id, "E204", fmt::format("'{}' needs numbers; strings can only be compared with == and !=", to_string(b.op)));
      return;
    }
    bool ok = require(b.lhs, Type::number, fmt::format("'{}'", to_string(b.op)), "E204");
    ok = require(b.rhs, Type::number, fmt::format("'{}'", to_string(b.op)), "E204") && ok;
    if (!ok) return poison(id);
    set(id, Type::boolean);
  }

  void visit(NodeId id, const Logical& l) {
    if (any_poisoned(l.operands)) return poison(id);
    bool ok = true;
    for (NodeId o : l.operands) ok = require(o, Type::boolean, fmt::format("'{}'", to_string(l.op)), "E208") && ok;
    if (!ok) return poison(id);
    set(id, Type::boolean);
  }

  void visit(NodeId id, const In& in) {
    if (any_poisoned({in.value, in.list})) return poison(id);
    Type elem = list_elem_[in.list];
    if (!unify(type(in.value), elem)) {
      error(id, "E204", fmt::format("cannot look for a {} in a list of {}s", describe(in.value), to_string(elem)));
      return;
    }
    set(id, Type::boolean);
  }

  void visit(NodeId id, const If& i) {
    if (any_poisoned({i.condition, i.then_branch, i.else_branch})) return poison(id);
    bool ok = require(i.condition, Type::boolean, "the condition of 'if'", "E208");
    auto u = unify(type(i.then_branch), type(i.else_branch));
    if (!u) {
      error_at(ast_.nodes[i.else_branch].span, "E209",
               fmt::format("the branches of 'if' differ: 'then' is a {}, 'else' is a {}", describe(i.then_branch),
                           describe(i.else_branch)));
      ok = false;
    } else if (*u == Type::list) {
      ok = false;
    }
    if (!ok) return poison(id);
    set(id, *u);
  }

  void visit(NodeId id, const List& l) {
    if (any_poisoned(l.items)) return poison(id);
    Type elem = Type::null;
    for (NodeId item : l.items) {
      if (type(item) == Type::list) {
        error(item, "E210", "lists cannot be nested");
        return poison(id);
      }
      auto u = unify(elem, type(item));
      if (!u) {
        error(item, "E210", fmt::format("list items must have one type: this is a {}, earlier items are {}s",
                                        describe(item), to_string(elem)));
        return poison(id);
      }
      elem = *u;
    }
    list_elem_[id] = elem;
    set(id, Type::list);
  }

  // ---- calls ----

  /// Arguments of a function taking either one list or several scalars; returns the item nodes
  /// and their common type (via `elem`).
  std::optional<std::vector<NodeId>> items_of(NodeId id, const Call& c, Type want) {
    std::vector<NodeId> items;
    if (c.args.size() == 1 && type(c.args[0]) == Type::list) {
      const auto& l = std::get<List>(ast_.nodes[c.args[0]].kind);
      items = l.items;
      Type elem = list_elem_[c.args[0]];
      if (elem != want && elem != Type::null && want != Type::null) {
        error(c.args[0], "E205", fmt::format("{}() needs a list of {}s, but this is a list of {}s", c.function,
                                             to_string(want), to_string(elem)));
        poison(id);
        return std::nullopt;
      }
      return items;
    }
    bool ok = true;
    for (NodeId a : c.args) {
      if (type(a) == Type::list) {
        error(a, "E205", fmt::format("{}() takes either one list or separate values, not both", c.function));
        ok = false;
      } else if (want != Type::null) {
        ok = require(a, want, fmt::format("{}()", c.function), "E205") && ok;
      }
    }
    if (!ok) {
      poison(id);
      return std::nullopt;
    }
    return c.args;
  }

  bool arity(NodeId id, const Call& c, std::size_t lo, std::size_t hi, std::string_view usage) {
    if (c.args.size() >= lo && c.args.size() <= hi) return true;
    std::string expected = lo == hi ? fmt::format("{}", lo)
                           : hi == SIZE_MAX ? fmt::format("at least {}", lo)
                                            : fmt::format("{} to {}", lo, hi);
    error(id, "E203", fmt::format("{}() takes {} argument{}, {} given", c.function, expected, (lo == 1 && hi == 1) ? "" : "s",
                                  c.args.size()),
          fmt::format("usage: {}", usage));
    return false;
  }

  void visit(NodeId id, const Call& c) {
    const auto& reg = env_.functions();
    auto index = reg.index_of(c.function);
    if (!index) {
      std::vector<std::string> names;
      for (const auto& f : reg.all()) names.push_back(f.name);
      std::string hint = did_you_mean(closest(c.function, names));
      error_at(c.name_span, "E202", fmt::format("unknown function '{}'", c.function), std::move(hint));
      return poison(id);
    }
    out_.resolution[id] = {Resolution::Kind::function, *index};
    const FunctionInfo& f = reg.at(*index);
    if (any_poisoned(c.args)) return poison(id);
    if (!f.builtin) return native(id, c, f);
    const std::string& usage = f.doc;
    switch (*f.builtin) {
      case Builtin::min:
      case Builtin::max:
      case Builtin::sum:
      case Builtin::avg: {
        if (!arity(id, c, 1, SIZE_MAX, usage)) return;
        auto items = items_of(id, c, Type::number);
        if (!items) return;
        if (items->empty()) return error(id, "E213", fmt::format("{}() of an empty list", c.function));
        return set(id, Type::number);
      }
      case Builtin::count: {
        if (!arity(id, c, 1, SIZE_MAX, usage)) return;
        if (!items_of(id, c, Type::null)) return;
        return set(id, Type::number);
      }
      case Builtin::all:
      case Builtin::any:
      case Builtin::count_met: {
        if (!arity(id, c, 1, SIZE_MAX, usage)) return;
        if (!items_of(id, c, Type::boolean)) return;
        return set(id, *f.builtin == Builtin::count_met ? Type::number : Type::boolean);
      }
      case Builtin::at_least: {
        if (!arity(id, c, 2, SIZE_MAX, usage)) return;
        if (!require(c.args[0], Type::number, "at_least() count", "E205")) return poison(id);
        Call rest{c.function, c.name_span, std::vector<NodeId>(c.args.begin() + 1, c.args.end())};
        if (!items_of(id, rest, Type::boolean)) return;
        return set(id, Type::boolean);
      }
      case Builtin::abs:
      case Builtin::pct: {
        if (!arity(id, c, 1, 1, usage)) return;
        if (!require(c.args[0], Type::number, fmt::format("{}()", c.function), "E205")) return poison(id);
        return set(id, Type::number);
      }
      case Builtin::round: {
        if (!arity(id, c, 1, 2, usage)) return;
        if (!require(c.args[0], Type::number, "round()", "E205")) return poison(id);
        if (c.args.size() == 2) {
          const auto* lit = std::get_if<NumberLit>(&ast_.nodes[c.args[1]].kind);
          if (!lit || lit->percent || lit->value != static_cast<double>(static_cast<int>(lit->value)) ||
              lit->value < 0 || lit->value > 15) {
            return error(c.args[1], "E215", "round() digits must be a whole number from 0 to 15 written as a constant");
          }
        }
        return set(id, Type::number);
      }
      case Builtin::clamp:
      case Builtin::between: {
        if (!arity(id, c, 3, 3, usage)) return;
        bool ok = true;
        for (NodeId a : c.args) ok = require(a, Type::number, fmt::format("{}()", c.function), "E205") && ok;
        if (!ok) return poison(id);
        return set(id, *f.builtin == Builtin::clamp ? Type::number : Type::boolean);
      }
      case Builtin::ratio: {
        if (!arity(id, c, 2, 2, usage)) return;
        bool ok = require(c.args[0], Type::number, "ratio()", "E205");
        ok = require(c.args[1], Type::number, "ratio()", "E205") && ok;
        if (!ok) return poison(id);
        return set(id, Type::number);
      }
      case Builtin::coalesce: {
        if (!arity(id, c, 2, SIZE_MAX, usage)) return;
        Type t = Type::null;
        for (NodeId a : c.args) {
          auto u = type(a) == Type::list ? std::nullopt : unify(t, type(a));
          if (!u) return error(a, "E205", fmt::format("coalesce() arguments must have one type: this is a {}, earlier ones are {}s",
                                                      describe(a), to_string(t)));
          t = *u;
        }
        return set(id, t);
      }
      case Builtin::is_missing: {
        if (!arity(id, c, 1, 1, usage)) return;
        if (type(c.args[0]) == Type::list) return error(c.args[0], "E205", "is_missing() takes a value, not a list");
        return set(id, Type::boolean);
      }
      case Builtin::lookup: {
        if (!arity(id, c, 3, 4, usage)) return;
        NodeId keys = c.args[1], vals = c.args[2];
        if (type(keys) != Type::list || type(vals) != Type::list) {
          return error(id, "E205", "lookup() needs a list of keys and a list of values", fmt::format("usage: {}", usage));
        }
        const auto& kl = std::get<List>(ast_.nodes[keys].kind);
        const auto& vl = std::get<List>(ast_.nodes[vals].kind);
        if (kl.items.size() != vl.items.size()) {
          return error(id, "E214", fmt::format("lookup() has {} keys but {} values", kl.items.size(), vl.items.size()));
        }
        if (!unify(type(c.args[0]), list_elem_[keys])) {
          return error(c.args[0], "E205", fmt::format("lookup() key is a {} but the keys are {}s", describe(c.args[0]),
                                                      to_string(list_elem_[keys])));
        }
        Type t = list_elem_[vals];
        if (c.args.size() == 4) {
          auto u = unify(t, type(c.args[3]));
          if (!u || *u == Type::list) return error(c.args[3], "E205", "lookup() default must have the type of the values");
          t = *u;
        }
        return set(id, t);
      }
      case Builtin::met:
      case Builtin::value:
      case Builtin::gap:
      case Builtin::applicable: {
        if (!arity(id, c, 1, 1, usage)) return;
        const auto* lit = std::get_if<StringLit>(&ast_.nodes[c.args[0]].kind);
        if (!lit) {
          return error(c.args[0], "E207", fmt::format("{}() needs the node id as a string literal, e.g. {}(\"2.1\")",
                                                      c.function, c.function));
        }
        Accessor acc = *f.builtin == Builtin::met     ? Accessor::met
                       : *f.builtin == Builtin::value ? Accessor::value
                       : *f.builtin == Builtin::gap   ? Accessor::gap
                                                      : Accessor::applicable;
        const Symbol* s = env_.find_reference(lit->value, acc);
        if (!s) {
          return error(c.args[0], "E206", fmt::format("reference to unknown node '{}'", lit->value),
                       did_you_mean(env_.suggest_node(lit->value)));
        }
        out_.resolution[id] = {Resolution::Kind::slot, s->slot};
        out_.uses.push_back({s->slot, ast_.nodes[id].span});
        return set(id, s->type);
      }
    }
  }

  void native(NodeId id, const Call& c, const FunctionInfo& f) {
    std::string usage = f.doc.empty() ? f.name : f.doc;
    if (!arity(id, c, f.params.size(), f.params.size(), usage)) return;
    bool ok = true;
    for (std::size_t i = 0; i < c.args.size(); ++i)
      ok = require(c.args[i], f.params[i], fmt::format("{}() argument {}", f.name, i + 1), "E205") && ok;
    if (!ok) return poison(id);
    set(id, f.result);
  }

  const Ast& ast_;
  const Environment& env_;
  const CheckOptions& opt_;
  CheckedExpr& out_;
  Diagnostics& diags_;
  std::vector<bool> poisoned_;
  std::vector<Type> list_elem_;
  std::vector<bool> list_ok_;
};

}  // namespace

CheckResult check(Ast ast, const Environment& env, const CheckOptions& options) {
  CheckResult result;
  CheckedExpr out;
  Checker checker(ast, env, options, out, result.diagnostics);
  checker.run();
  if (result.diagnostics.has_errors()) return result;
  out.ast = std::move(ast);
  out.functions = env.function_registry();
  out.symbols = env.symbols();
  out.rule_id = options.rule_id;
  result.expr = std::move(out);
  return result;
}

CheckResult analyze(SourcePtr source, const Environment& env, const CheckOptions& options) {
  auto parsed = parse(std::move(source), options.limits);
  if (!parsed.ok()) {
    CheckResult r;
    r.diagnostics = std::move(parsed.diagnostics);
    if (!options.rule_id.empty()) {
      Diagnostics tagged;
      for (auto d : r.diagnostics) {
        d.rule_id = options.rule_id;
        tagged.add(std::move(d));
      }
      r.diagnostics = std::move(tagged);
    }
    return r;
  }
  auto r = check(std::move(*parsed.ast), env, options);
  Diagnostics all = std::move(parsed.diagnostics);
  all.append(r.diagnostics);
  r.diagnostics = std::move(all);
  return r;
}

CheckResult analyze(std::string_view text, const Environment& env, const CheckOptions& options) {
  return analyze(std::make_shared<const Source>("<expr>", std::string(text)), env, options);
}

CheckedExpr analyze_or_throw(std::string_view text, const Environment& env, const CheckOptions& options) {
  auto r = analyze(text, env, options);
  if (!r.ok()) {
    bool syntax = std::any_of(r.diagnostics.begin(), r.diagnostics.end(),
                              [](const Diagnostic& d) { return d.code.starts_with("E1"); });
    if (syntax) throw ParseError(std::move(r.diagnostics));
    throw CheckError(std::move(r.diagnostics));
  }
  return std::move(*r.expr);
}

}  // namespace tieuchi::expr
