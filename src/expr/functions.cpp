#include "tieuchi/expr/functions.hpp"

#include <stdexcept>

namespace tieuchi::expr {

namespace {

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

void add_builtin(std::vector<FunctionInfo>& v, std::string name, Builtin b, std::string doc) {
  FunctionInfo f;
  f.name = std::move(name);
  f.doc = std::move(doc);
  f.builtin = b;
  v.push_back(std::move(f));
}

}  // namespace

std::shared_ptr<FunctionRegistry> FunctionRegistry::with_builtins() {
  auto r = std::make_shared<FunctionRegistry>();
  auto& v = r->functions_;
  add_builtin(v, "min", Builtin::min, "min(x, y, ...) or min([..]): smallest number; missing if any is missing");
  add_builtin(v, "max", Builtin::max, "max(x, y, ...) or max([..]): largest number; missing if any is missing");
  add_builtin(v, "sum", Builtin::sum, "sum(x, y, ...) or sum([..]): total; missing if any is missing");
  add_builtin(v, "avg", Builtin::avg, "avg(x, y, ...) or avg([..]): mean; missing if any is missing");
  add_builtin(v, "count", Builtin::count, "count(x, y, ...) or count([..]): how many items are not missing");
  add_builtin(v, "abs", Builtin::abs, "abs(x): absolute value");
  add_builtin(v, "round", Builtin::round, "round(x) or round(x, digits): half away from zero; digits a constant 0..15");
  add_builtin(v, "clamp", Builtin::clamp, "clamp(x, lo, hi): x limited to [lo, hi]");
  add_builtin(v, "between", Builtin::between, "between(x, lo, hi): lo <= x <= hi");
  add_builtin(v, "ratio", Builtin::ratio, "ratio(a, b): a / b; missing when b is 0 or missing");
  add_builtin(v, "pct", Builtin::pct, "pct(x): percentage points to a fraction, x / 100 (pct(85) == 85%)");
  add_builtin(v, "coalesce", Builtin::coalesce, "coalesce(a, b, ...): the first value that is not missing");
  add_builtin(v, "is_missing", Builtin::is_missing, "is_missing(x): true when x is missing (never unknown)");
  add_builtin(v, "all", Builtin::all, "all(c1, c2, ...) or all([..]): Kleene 'and' of conditions");
  add_builtin(v, "any", Builtin::any, "any(c1, c2, ...) or any([..]): Kleene 'or' of conditions");
  add_builtin(v, "count_met", Builtin::count_met, "count_met(c1, ...) or count_met([..]): how many are true; missing if any is unknown");
  add_builtin(v, "at_least", Builtin::at_least, "at_least(k, c1, c2, ...) or at_least(k, [..]): at least k true (Kleene: unknown only when undecided)");
  add_builtin(v, "lookup", Builtin::lookup, "lookup(key, [k1, k2, ..], [v1, v2, ..]) or with a default as 4th argument: the v whose k equals key");
  add_builtin(v, "met", Builtin::met, "met(\"id\"): whether pack node id is met (unknown when unknown)");
  add_builtin(v, "value", Builtin::value, "value(\"id\"): the value of pack node id");
  add_builtin(v, "gap", Builtin::gap, "gap(\"id\"): the shortfall of pack node id");
  add_builtin(v, "applicable", Builtin::applicable, "applicable(\"id\"): whether pack node id applies to the unit");
  return r;
}

std::shared_ptr<const FunctionRegistry> FunctionRegistry::builtins() {
  static const std::shared_ptr<const FunctionRegistry> shared = with_builtins();
  return shared;
}

void FunctionRegistry::add(std::string name, std::vector<Type> params, Type result, NativeFunction fn,
                           std::string doc, MissingPolicy missing) {
  if (!is_identifier(name)) throw std::invalid_argument("function name is not an identifier: " + name);
  if (find(name)) throw std::invalid_argument("function already registered: " + name);
  auto scalar_type = [](Type t) { return t == Type::number || t == Type::boolean; };
  for (Type t : params)
    if (!scalar_type(t)) throw std::invalid_argument("native function parameters must be number or bool: " + name);
  if (!scalar_type(result)) throw std::invalid_argument("native function result must be number or bool: " + name);
  if (!fn) throw std::invalid_argument("native function is empty: " + name);
  FunctionInfo f;
  f.name = std::move(name);
  f.doc = std::move(doc);
  f.params = std::move(params);
  f.result = result;
  f.fn = std::move(fn);
  f.missing = missing;
  functions_.push_back(std::move(f));
}

const FunctionInfo* FunctionRegistry::find(std::string_view name) const {
  auto i = index_of(name);
  return i ? &functions_[*i] : nullptr;
}

std::optional<std::uint32_t> FunctionRegistry::index_of(std::string_view name) const {
  for (std::uint32_t i = 0; i < functions_.size(); ++i)
    if (functions_[i].name == name) return i;
  return std::nullopt;
}

}  // namespace tieuchi::expr
