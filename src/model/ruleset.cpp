// model::build: checks a merged pack (names, references, types, parameters, tables, tests),
// builds its dependency graph, proves it acyclic and compiles every rule.

#include "tieuchi/model/ruleset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "model/origin_diagnostic.hpp"
#include "model/ruleset_data.hpp"
#include "model/tables.hpp"
#include "support/suggest.hpp"

namespace tieuchi::model {

using graph::EdgeKind;
using graph::NodeKind;

std::string_view to_string(Verification v) noexcept {
  switch (v) {
    case Verification::verified: return "verified";
    case Verification::unverified: return "unverified";
    case Verification::illustrative: return "illustrative";
  }
  return "?";
}

std::optional<Verification> verification_from_string(std::string_view s) noexcept {
  if (s == "verified") return Verification::verified;
  if (s == "unverified") return Verification::unverified;
  if (s == "illustrative") return Verification::illustrative;
  return std::nullopt;
}

namespace {
template <class T, class M>
const T* find_by(const std::vector<T>& v, std::string_view key, M member) {
  auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.*member == key; });
  return it == v.end() ? nullptr : &*it;
}

/// The values of `key` for which parameter `p` has no value: empty when it has a general one
/// (an entry that leaves the key out).
std::vector<std::string> uncovered_key_values(const Parameter& p, const Key& key) {
  auto set = [](const ParameterValue& v) { return !v.value.is_missing(); };
  bool general = std::any_of(p.values.begin(), p.values.end(),
                             [&](const ParameterValue& v) { return !v.keys.count(key.name) && set(v); });
  std::vector<std::string> lacking;
  if (general) return lacking;
  for (const auto& kv : key.values) {
    bool has = std::any_of(p.values.begin(), p.values.end(), [&](const ParameterValue& v) {
      auto it = v.keys.find(key.name);
      return it != v.keys.end() && it->second == kv && set(v);
    });
    if (!has) lacking.push_back(kv);
  }
  return lacking;
}
}  // namespace

const Field* Pack::find_field(std::string_view n) const { return find_by(fields, n, &Field::name); }
const Parameter* Pack::find_parameter(std::string_view n) const { return find_by(parameters, n, &Parameter::name); }
const DecisionTable* Pack::find_table(std::string_view n) const { return find_by(tables, n, &DecisionTable::name); }
const Key* Pack::find_key(std::string_view n) const { return find_by(keys, n, &Key::name); }
const Indicator* Pack::find_indicator(std::string_view key) const { return find_by(indicators, key, &Indicator::id); }
const Criterion* Pack::find_criterion(std::string_view key) const { return find_by(criteria, key, &Criterion::id); }
const Level* Pack::find_level(std::string_view key) const { return find_by(levels, key, &Level::id); }

// ---- RuleSet queries ----------------------------------------------------------------------

const Pack& RuleSet::pack() const { return data_->pack; }
const expr::Environment& RuleSet::environment() const { return data_->env; }
const graph::DependencyGraph& RuleSet::graph() const { return data_->graph; }
const std::vector<NodeInfo>& RuleSet::nodes() const { return data_->infos; }

std::optional<std::size_t> RuleSet::node_position(std::string_view id) const {
  auto it = data_->position.find(id);
  if (it == data_->position.end()) return std::nullopt;
  return it->second;
}

const CompiledNode& RuleSet::compiled(std::size_t node) const { return data_->eval.at(node); }
std::span<const std::size_t> RuleSet::members(std::size_t node) const { return data_->eval.at(node).members; }
std::optional<std::size_t> RuleSet::required_level(std::size_t level) const {
  return data_->eval.at(level).required_level;
}
const std::vector<std::size_t>& RuleSet::level_chain(std::size_t level) const { return data_->level_chains.at(level); }
const std::vector<std::size_t>& RuleSet::requirements(std::size_t level) const {
  return data_->requirements.at(level);
}
std::uint32_t RuleSet::accessor(std::size_t node, expr::Accessor accessor) const {
  return data_->eval.at(node).reference_slot(accessor);
}
const expr::Program* RuleSet::cost_program(std::size_t indicator) const {
  const auto& e = data_->eval.at(indicator);
  return e.has_cost() ? &e.cost : nullptr;
}
std::uint32_t RuleSet::field_slot(std::size_t field) const { return data_->field_slots.at(field); }
std::uint32_t RuleSet::parameter_slot(std::size_t parameter) const { return data_->parameter_slots.at(parameter); }
std::uint32_t RuleSet::year_slot() const { return data_->year_slot; }
std::size_t RuleSet::key_count() const { return data_->key_count; }
std::uint64_t RuleSet::serial() const noexcept { return data_->serial; }

int RuleSet::default_year() const {
  if (data_->pack.valid_from) return *data_->pack.valid_from;
  auto now = std::chrono::system_clock::now();
  return static_cast<int>(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now)).year());
}

ResolvedParameter RuleSet::resolve(const Parameter& p, const std::map<std::string, std::string>& keys,
                                   int year) const {
  ResolvedParameter out;
  const std::string& pack_id = data_->pack.id;
  if (p.values.empty()) {
    out.reason = fmt::format("threshold '{}' not set in pack {}", p.name, p.pack.empty() ? pack_id : p.pack);
    return out;
  }
  std::vector<std::string> unknown_keys;
  for (const auto& k : p.by)
    if (k != "year" && !keys.count(k)) unknown_keys.push_back(k);

  const ParameterValue* best = nullptr;
  std::size_t best_spec = 0;
  int best_year = 0;
  std::optional<int> earliest_later;  // for the "no value before" reason
  bool blocked_by_unknown = false;
  for (const auto& v : p.values) {
    bool match = true;
    for (const auto& [k, val] : v.keys) {
      auto it = keys.find(k);
      if (it == keys.end()) {
        blocked_by_unknown = true;
        match = false;
        break;
      }
      if (it->second != val) {
        match = false;
        break;
      }
    }
    if (!match) continue;
    int vy = v.year.value_or(std::numeric_limits<int>::min());
    if (v.year && *v.year > year) {
      if (!earliest_later || *v.year < *earliest_later) earliest_later = v.year;
      continue;
    }
    std::size_t spec = v.keys.size();
    if (!best || spec > best_spec || (spec == best_spec && vy > best_year)) {
      best = &v;
      best_spec = spec;
      best_year = vy;
    }
  }
  // A more specific entry might apply once an unknown key is known: do not guess.
  if (blocked_by_unknown && !unknown_keys.empty()) {
    out.reason = fmt::format("'{}' depends on {} which is unknown for this unit", p.name,
                             fmt::join(unknown_keys, ", "));
    return out;
  }
  if (best) {
    out.value = best->value;
    out.entry = best;
    if (best->value.is_missing())
      out.reason = fmt::format("threshold '{}' not set in pack {}", p.name, best->pack);
    return out;
  }
  std::vector<std::string> where;
  for (const auto& k : p.by)
    if (k != "year") where.push_back(fmt::format("{} {}", k, keys.at(k)));
  std::string for_keys = where.empty() ? "" : fmt::format(" for {}", fmt::join(where, ", "));
  if (earliest_later)
    out.reason = fmt::format("no value of '{}'{} applies to {} (the earliest is for {})", p.name,
                             for_keys, year, *earliest_later);
  else
    out.reason = fmt::format("threshold '{}'{} not set in pack {}", p.name, for_keys,
                             p.pack.empty() ? pack_id : p.pack);
  return out;
}

std::string ThresholdSummary::format() const {
  return fmt::format("thresholds: {} verified, {} unverified, {} illustrative, {} missing", verified,
                     unverified, illustrative, missing.size());
}

ThresholdSummary RuleSet::thresholds() const {
  ThresholdSummary s;
  const Pack& pack = data_->pack;
  auto count = [&](Verification v, const std::string& id) {
    switch (v) {
      case Verification::verified: ++s.verified; break;
      case Verification::unverified: ++s.unverified; s.unverified_ids.push_back(id); break;
      case Verification::illustrative: ++s.illustrative; s.illustrative_ids.push_back(id); break;
    }
  };
  for (const auto& p : pack.parameters) {
    std::size_t set = 0;
    for (const auto& v : p.values) {
      if (v.value.is_missing()) continue;
      ++set;
      std::vector<std::string> parts;
      for (const auto& [k, x] : v.keys) parts.push_back(fmt::format("{}={}", k, x));
      if (v.year) parts.push_back(fmt::format("year={}", *v.year));
      count(v.provenance.status,
            parts.empty() ? p.name : fmt::format("{}[{}]", p.name, fmt::join(parts, ",")));
    }
    if (set == 0) {
      s.missing.push_back(p.name);
      continue;
    }
    // Key values with no applicable entry.
    for (const auto& kname : p.by) {
      if (kname == "year") continue;
      const Key* key = pack.find_key(kname);
      if (!key) continue;
      auto lacking = uncovered_key_values(p, *key);
      if (!lacking.empty()) s.partial.emplace_back(p.name, fmt::format("{}", fmt::join(lacking, ", ")));
    }
  }
  for (const auto& t : pack.tables)
    for (std::size_t r = 0; r < t.rows.size(); ++r)
      if (!t.rows[r].value.is_missing()) count(t.provenance.status, fmt::format("{}[row {}]", t.name, r + 1));
  return s;
}

// ---- build ----------------------------------------------------------------------------------

namespace {

class Builder {
 public:
  Builder(Pack pack, BuildOptions options) : d_(std::make_shared<detail::RuleSetData>()), options_(options) {
    d_->pack = std::move(pack);
  }

  BuildResult run() {
    BuildResult result;
    check_names();
    declare();
    check_sources();
    check_keys();
    check_parameters();
    check_tables();
    check_rules();
    check_tests();
    bool acyclic = build_graph();
    warn_unused();
    warn_thresholds();
    result.diagnostics = std::move(diags_);
    if (result.diagnostics.has_errors() || !acyclic || !options_.compile) return result;
    compile();
    result.rules = detail::RuleSetData::wrap(d_);
    return result;
  }

 private:
  std::shared_ptr<detail::RuleSetData> d_;
  BuildOptions options_;
  Diagnostics diags_;
  // Checked expressions per owner, kept for the graph and compilation.
  struct Owned {
    NodeKind kind;
    std::string id;
    std::string role;  // "rule", "applies_if", "value", "from", "table", "cost"
    expr::CheckedExpr expr;
  };
  std::vector<Owned> checked_;
  std::set<std::string> failed_;  // owners with an expression that did not check

  Pack& pack() { return d_->pack; }

  void add(std::string code, Severity sev, const Origin& at, std::string message,
           std::string hint = {}, std::string rule_id = {}) {
    diags_.add(detail::diagnostic_at(std::move(code), sev, at, std::move(message), std::move(hint),
                                     std::move(rule_id)));
  }

  static std::string line_of(const Origin& o) {
    if (!o.file) return "?";
    auto l = o.file->location(o.span.begin);
    return fmt::format("{}:{}", o.file->name(), l.line);
  }

  // Names share one namespace per family: values (fields, parameters, keys, tables, `year`) and
  // nodes (indicators, criteria, levels).
  void check_names() {
    std::map<std::string, Origin> values;
    auto value_name = [&](const std::string& name, const Origin& o, std::string_view what) {
      if (name == "year") {
        add("E306", Severity::error, o, fmt::format("'year' is reserved (the assessment year); rename this {}", what));
        return;
      }
      if (!expr::is_identifier(name)) {
        add("E305", Severity::error, o, fmt::format("{} name '{}' is not an identifier", what, name),
            "use letters, digits and '_', dotted for groups: roads.paved_share");
        return;
      }
      if (auto [it, ok] = values.emplace(name, o); !ok)
        add("E306", Severity::error, o, fmt::format("'{}' is declared twice", name),
            fmt::format("first declared at {}", line_of(it->second)));
    };
    for (const auto& f : pack().fields) value_name(f.name, f.origin, "field");
    for (const auto& p : pack().parameters) value_name(p.name, p.origin, "parameter");
    for (const auto& k : pack().keys) value_name(k.name, k.origin, "key");
    for (const auto& t : pack().tables) value_name(t.name, t.origin, "table");

    std::map<std::string, Origin> nodes;
    auto node_id = [&](const std::string& id, const Origin& o) {
      if (id.empty()) return;  // reported by the reader
      if (auto [it, ok] = nodes.emplace(id, o); !ok)
        add("E306", Severity::error, o, fmt::format("id '{}' is used twice", id),
            fmt::format("first used at {}; indicators, criteria and levels share one id space", line_of(it->second)));
    };
    for (const auto& i : pack().indicators) node_id(i.id, i.origin);
    for (const auto& c : pack().criteria) node_id(c.id, c.origin);
    for (const auto& l : pack().levels) node_id(l.id, l.origin);
  }

  // Declares every name in the environment. Indicator value types come from a first check of
  // their `value` expressions.
  void declare() {
    auto declare_values = [&](expr::Environment& env, bool record) {
      for (const auto& f : pack().fields) {
        if (env.find(f.name) || !expr::is_identifier(f.name) || f.name == "year") {
          if (record) d_->field_slots.push_back(detail::no_slot);
          continue;
        }
        auto s = env.add_field(f.name, f.type, f.unit);
        if (record) d_->field_slots.push_back(s);
      }
      for (const auto& p : pack().parameters) {
        if (env.find(p.name) || !expr::is_identifier(p.name) || p.name == "year") {
          if (record) d_->parameter_slots.push_back(detail::no_slot);
          continue;
        }
        auto s = env.add_parameter(p.name, p.type, p.unit);
        if (record) d_->parameter_slots.push_back(s);
      }
      auto y = env.add_parameter("year", Type::number);
      if (record) d_->year_slot = y;
      for (const auto& k : pack().keys)
        if (!env.find(k.name) && expr::is_identifier(k.name) && k.name != "year")
          env.add_derived(k.name, Type::string);
      for (const auto& t : pack().tables)
        if (!env.find(t.name) && expr::is_identifier(t.name) && t.name != "year")
          env.add_derived(t.name, t.type, t.unit);
    };
    auto declare_nodes = [&](expr::Environment& env, bool typed) {
      std::set<std::string> seen;
      for (const auto& i : pack().indicators) {
        if (i.id.empty() || !seen.insert(i.id).second) continue;
        Type t = Type::number;
        if (typed) {
          if (auto it = value_types_.find(i.id); it != value_types_.end()) t = it->second;
        }
        env.add_node(i.id, t, i.unit);
      }
      for (const auto& c : pack().criteria)
        if (!c.id.empty() && seen.insert(c.id).second) env.add_node(c.id, Type::number);
      for (const auto& l : pack().levels)
        if (!l.id.empty() && seen.insert(l.id).second) env.add_node(l.id, Type::number);
    };
    // First pass: find the type of each indicator's value.
    expr::Environment first;
    declare_values(first, false);
    declare_nodes(first, false);
    for (const auto& i : pack().indicators) {
      if (!i.value) continue;
      auto r = expr::analyze(i.value->source, first);
      if (r.expr && r.expr->type() != Type::list && r.expr->type() != Type::null)
        value_types_[i.id] = r.expr->type();
    }
    declare_values(d_->env, true);
    declare_nodes(d_->env, true);
  }
  std::map<std::string, Type> value_types_;

  void check_source_ref(const Provenance& p) {
    if (p.source.empty() || pack().sources.count(p.source)) return;
    std::vector<std::string> keys;
    for (const auto& [k, _] : pack().sources) keys.push_back(k);
    auto s = support::suggest(p.source, keys);
    add("E307", Severity::error, p.source_origin, fmt::format("unknown source '{}'", p.source),
        s.empty() ? "declare it under `sources:`" : fmt::format("did you mean '{}'?", s));
  }

  void check_sources() {
    check_source_ref(pack().legal_basis);
    for (const auto& p : pack().parameters)
      for (const auto& v : p.values) check_source_ref(v.provenance);
    for (const auto& t : pack().tables) check_source_ref(t.provenance);
    for (const auto& i : pack().indicators) check_source_ref(i.provenance);
    for (const auto& c : pack().criteria) check_source_ref(c.provenance);
    for (const auto& l : pack().levels) check_source_ref(l.provenance);
  }

  /// Checks `e` and records it; returns whether it checked.
  bool check_expr(NodeKind kind, const std::string& id, std::string role, const Expression& e,
                  std::optional<Type> expected) {
    expr::CheckOptions opt;
    opt.expected = expected;
    opt.rule_id = id;
    auto r = expr::analyze(e.source, d_->env, opt);
    diags_.append(r.diagnostics);
    if (!r.ok()) {
      failed_.insert(id);
      return false;
    }
    checked_.push_back({kind, id, std::move(role), std::move(*r.expr)});
    return true;
  }

  void check_keys() {
    for (const auto& k : pack().keys) {
      if (!check_expr(NodeKind::key, k.name, "from", k.from, Type::string)) continue;
      // A key is computed before everything else: it may read input fields only.
      const auto& ce = checked_.back().expr;
      for (const auto& use : ce.uses) {
        const auto& sym = ce.symbols[use.slot];
        if (sym.kind != expr::SymbolKind::field)
          add("E314", Severity::error, {k.from.source, use.span},
              fmt::format("key '{}' may only read input fields, not '{}'", k.name, sym.name), {}, k.name);
      }
    }
  }

  void check_parameters() {
    for (const auto& p : pack().parameters) {
      for (std::size_t i = 0; i < p.by.size(); ++i) {
        const auto& k = p.by[i];
        if (k == "year" || pack().find_key(k)) continue;
        std::vector<std::string> names{"year"};
        for (const auto& key : pack().keys) names.push_back(key.name);
        auto s = support::suggest(k, names);
        add("E307", Severity::error, i < p.by_origins.size() ? p.by_origins[i] : p.origin,
            fmt::format("parameter '{}' varies by unknown key '{}'", p.name, k),
            s.empty() ? "declare it under `keys:`" : fmt::format("did you mean '{}'?", s));
      }
      for (std::size_t i = 0; i < p.values.size(); ++i) {
        const auto& v = p.values[i];
        for (const auto& [k, val] : v.keys) {
          if (std::find(p.by.begin(), p.by.end(), k) == p.by.end()) {
            add("E308", Severity::error, v.origin, fmt::format("parameter '{}' does not vary by '{}'", p.name, k),
                p.by.empty() ? fmt::format("add `by: [{}]` to the parameter", k)
                             : fmt::format("it varies by: {}", fmt::join(p.by, ", ")));
            continue;
          }
          const Key* key = pack().find_key(k);
          if (!key) continue;
          if (std::find(key->values.begin(), key->values.end(), val) == key->values.end()) {
            auto s = support::suggest(val, key->values);
            add("E308", Severity::error, v.origin,
                fmt::format("'{}' is not a value of key '{}' (parameter '{}')", val, k, p.name),
                s.empty() ? fmt::format("its values are: {}", fmt::join(key->values, ", "))
                          : fmt::format("did you mean '{}'?", s));
          }
        }
        if (v.year && std::find(p.by.begin(), p.by.end(), "year") == p.by.end())
          add("E308", Severity::error, v.origin, fmt::format("parameter '{}' does not vary by 'year'", p.name),
              "add year to its `by:` list");
        for (std::size_t j = 0; j < i; ++j) {
          if (p.values[j].keys == v.keys && p.values[j].year == v.year) {
            add("E309", Severity::error, v.origin,
                fmt::format("parameter '{}' has two values for the same keys and year", p.name),
                fmt::format("the other is at {}", line_of(p.values[j].origin)));
            break;
          }
        }
        if (pack().valid_to && v.year && *v.year > *pack().valid_to)
          add("W305", Severity::warning, v.origin,
              fmt::format("value of '{}' for {} is after the pack's validity (to {})", p.name, *v.year,
                          *pack().valid_to));
      }
    }
  }

  void check_tables() {
    for (const auto& t : pack().tables) {
      std::vector<detail::TableInput> inputs;
      for (const auto& name : t.inputs) {
        detail::TableInput in;
        in.name = name;
        if (const Field* f = pack().find_field(name)) {
          in.type = f->type;
          in.values = f->values;
          in.min = f->min;
          in.max = f->max;
          in.known = true;
        } else if (const Key* k = pack().find_key(name)) {
          in.type = Type::string;
          in.values = k->values;
          in.known = true;
        } else {
          std::vector<std::string> names;
          for (const auto& f2 : pack().fields) names.push_back(f2.name);
          for (const auto& k2 : pack().keys) names.push_back(k2.name);
          auto s = support::suggest(name, names);
          add("E307", Severity::error, t.origin,
              fmt::format("table '{}' reads '{}', which is neither a field nor a key", t.name, name),
              s.empty() ? "" : fmt::format("did you mean '{}'?", s), t.name);
        }
        inputs.push_back(std::move(in));
      }
      if (t.rows.empty()) add("E303", Severity::error, t.origin, fmt::format("table '{}' has no rows", t.name));
      detail::check_table(t, inputs, diags_);
      if (std::all_of(inputs.begin(), inputs.end(), [](const auto& i) { return i.known; })) {
        auto loc = t.origin.file ? t.origin.file->location(t.origin.span.begin) : SourceLocation{};
        auto src = std::make_shared<Source>(
            fmt::format("{} (table '{}' at line {})", t.origin.file ? t.origin.file->name() : "<pack>", t.name, loc.line),
            detail::table_expression(t));
        expr::CheckOptions opt;
        opt.rule_id = t.name;
        opt.limits.max_depth = 4 * t.rows.size() + 64;
        auto r = expr::analyze(src, d_->env, opt);
        diags_.append(r.diagnostics);
        if (r.ok()) checked_.push_back({NodeKind::table, t.name, "table", std::move(*r.expr)});
        else failed_.insert(t.name);
      }
    }
  }

  void check_rules() {
    auto node_names = [&]() {
      std::vector<std::string> v;
      for (const auto& i : pack().indicators) v.push_back(i.id);
      return v;
    };
    for (const auto& i : pack().indicators) {
      if (i.rule.text().find_first_not_of(" \t\r\n") == std::string::npos) {
        add("E303", Severity::error, i.origin, fmt::format("indicator '{}' needs a 'rule'", i.id), {}, i.id);
        failed_.insert(i.id);
      } else {
        check_expr(NodeKind::indicator, i.id, "rule", i.rule, Type::boolean);
      }
      if (i.applies_if) check_expr(NodeKind::indicator, i.id, "applies_if", *i.applies_if, Type::boolean);
      if (i.value) {
        if (check_expr(NodeKind::indicator, i.id, "value", *i.value, std::nullopt)) {
          Type t = checked_.back().expr.type();
          if (t == Type::list || t == Type::null) {
            add("E211", Severity::error, {i.value->source, {0, static_cast<std::uint32_t>(i.value->text().size())}},
                fmt::format("the value of indicator '{}' must be a number, bool or string", i.id), {}, i.id);
            failed_.insert(i.id);
          }
        }
      }
      if (!pack().find_criterion(i.criterion))
        add("E307", Severity::error, i.origin,
            fmt::format("indicator '{}' belongs to unknown criterion '{}'", i.id, i.criterion));
      if (i.weight < 0) add("E305", Severity::error, i.origin, fmt::format("indicator '{}' has a negative weight", i.id));
      if (i.remediation) {
        const auto& r = *i.remediation;
        if (r.cost) check_expr(NodeKind::indicator, i.id, "cost", *r.cost, Type::number);
        for (std::size_t k = 0; k < r.prerequisites.size(); ++k) {
          const auto& pre = r.prerequisites[k];
          if (pack().find_indicator(pre)) continue;
          auto s = support::suggest(pre, node_names());
          add("E307", Severity::error, k < r.prerequisite_origins.size() ? r.prerequisite_origins[k] : r.origin,
              fmt::format("prerequisite '{}' of indicator '{}' is not an indicator", pre, i.id),
              s.empty() ? "" : fmt::format("did you mean '{}'?", s), i.id);
        }
      }
    }
    for (const auto& c : pack().criteria) {
      if (c.rule) check_expr(NodeKind::criterion, c.id, "rule", *c.rule, Type::boolean);
      if (c.indicators.empty() && !c.rule && !c.id.empty())
        add("E303", Severity::error, c.origin,
            fmt::format("criterion '{}' has no indicators and no rule", c.id),
            "an unknown indicator can still be modelled: a boolean input reported by the assessor");
    }
    for (const auto& l : pack().levels) {
      if (l.rule) check_expr(NodeKind::level, l.id, "rule", *l.rule, Type::boolean);
      for (const auto& cid : l.criteria) {
        if (pack().find_criterion(cid)) continue;
        std::vector<std::string> ids;
        for (const auto& c : pack().criteria) ids.push_back(c.id);
        auto s = support::suggest(cid, ids);
        add("E307", Severity::error, l.origin, fmt::format("level '{}' lists unknown criterion '{}'", l.id, cid),
            s.empty() ? "" : fmt::format("did you mean '{}'?", s), l.id);
      }
      if (!l.revokes.empty() && !pack().find_level(l.revokes))
        add("E307", Severity::error, l.origin,
            fmt::format("level '{}' revokes unknown level '{}'", l.id, l.revokes), {}, l.id);
      if (!l.requires_level.empty() && !pack().find_level(l.requires_level)) {
        std::vector<std::string> ids;
        for (const auto& x : pack().levels) ids.push_back(x.id);
        auto s = support::suggest(l.requires_level, ids);
        add("E307", Severity::error, l.origin,
            fmt::format("level '{}' requires unknown level '{}'", l.id, l.requires_level),
            s.empty() ? "" : fmt::format("did you mean '{}'?", s), l.id);
      }
    }
  }

  /// The criteria a level aggregates by default: those of the pack that declared it.
  std::vector<std::string> level_criteria(const Level& l) {
    if (!l.criteria.empty()) return l.criteria;
    std::vector<std::string> out;
    for (const auto& c : pack().criteria)
      if (c.pack == l.pack) out.push_back(c.id);
    return out;
  }

  void check_tests() {
    std::set<std::string> names;
    std::vector<std::string> node_ids, field_names;
    for (const auto& i : pack().indicators) node_ids.push_back(i.id);
    for (const auto& c : pack().criteria) node_ids.push_back(c.id);
    for (const auto& l : pack().levels) node_ids.push_back(l.id);
    for (const auto& f : pack().fields) field_names.push_back(f.name);
    for (const auto& t : pack().tests) {
      if (!t.name.empty() && !names.insert(t.pack + "/" + t.name).second)
        add("E306", Severity::error, t.origin, fmt::format("two tests are named '{}'", t.name));
      if (t.year && ((pack().valid_from && *t.year < *pack().valid_from) ||
                     (pack().valid_to && *t.year > *pack().valid_to)))
        add("E305", Severity::error, t.origin,
            fmt::format("test '{}' is for {}, outside the pack's validity ({}-{})", t.name, *t.year,
                        pack().valid_from.value_or(0), pack().valid_to.value_or(0)));
      for (std::size_t i = 0; i < t.inputs.size(); ++i) {
        const auto& [name, value] = t.inputs[i];
        const Field* f = pack().find_field(name);
        if (!f) {
          auto s = support::suggest(name, field_names);
          add("E321", Severity::error, t.input_origins[i],
              fmt::format("test '{}' sets '{}', which is not a field of the pack", t.name, name),
              s.empty() ? "" : fmt::format("did you mean '{}'?", s));
          continue;
        }
        bool fits = value.is_missing() || (f->type == Type::number && value.is_number()) ||
                    (f->type == Type::boolean && value.is_bool()) || (f->type == Type::string && value.is_string());
        if (!fits)
          add("E322", Severity::error, t.input_origins[i],
              fmt::format("test '{}' gives '{}' the value {}, but the field is a {}", t.name, name,
                          value.to_string(), to_string(f->type)));
        else if (value.is_string() && !f->values.empty() &&
                 std::find(f->values.begin(), f->values.end(), value.as_string()) == f->values.end())
          add("E322", Severity::error, t.input_origins[i],
              fmt::format("test '{}': '{}' is not a value of field '{}'", t.name, value.as_string(), name),
              fmt::format("its values are: {}", fmt::join(f->values, ", ")));
      }
      for (const auto& e : t.expect) {
        if (std::find(node_ids.begin(), node_ids.end(), e.node) != node_ids.end()) continue;
        auto s = support::suggest(e.node, node_ids);
        add("E320", Severity::error, e.origin,
            fmt::format("test '{}' expects a status of '{}', which is not an indicator, criterion or level",
                        t.name, e.node),
            s.empty() ? "" : fmt::format("did you mean '{}'?", s));
      }
    }
  }

  // ---- graph --------------------------------------------------------------------------------

  std::optional<graph::NodeIndex> node_of_symbol(const expr::Symbol& s) {
    auto& g = d_->graph;
    switch (s.kind) {
      case expr::SymbolKind::field: return g.find(NodeKind::field, s.name);
      case expr::SymbolKind::parameter: return s.name == "year" ? std::nullopt : g.find(NodeKind::parameter, s.name);
      case expr::SymbolKind::derived:
        if (auto n = g.find(NodeKind::key, s.name)) return n;
        return g.find(NodeKind::table, s.name);
      case expr::SymbolKind::reference:
        for (NodeKind k : {NodeKind::indicator, NodeKind::criterion, NodeKind::level})
          if (auto n = g.find(k, s.name)) return n;
        return std::nullopt;
    }
    return std::nullopt;
  }

  bool build_graph() {
    auto& g = d_->graph;
    for (const auto& f : pack().fields) g.add_node(NodeKind::field, f.name, f.description);
    for (const auto& k : pack().keys) g.add_node(NodeKind::key, k.name);
    for (const auto& p : pack().parameters) g.add_node(NodeKind::parameter, p.name, p.unit);
    for (const auto& t : pack().tables) g.add_node(NodeKind::table, t.name, t.unit);
    for (const auto& i : pack().indicators)
      if (!i.id.empty()) g.add_node(NodeKind::indicator, i.id, i.name.best());
    for (const auto& c : pack().criteria)
      if (!c.id.empty()) g.add_node(NodeKind::criterion, c.id, c.name.best());
    for (const auto& l : pack().levels)
      if (!l.id.empty()) g.add_node(NodeKind::level, l.id, l.name.best());

    for (const auto& o : checked_) {
      auto owner = g.find(o.kind, o.id);
      if (!owner) continue;
      const auto& src = o.expr.ast.source;
      for (const auto& use : o.expr.uses) {
        auto dep = node_of_symbol(o.expr.symbols[use.slot]);
        if (!dep) continue;
        // A remediation cost does not take part in evaluation order.
        if (o.role == "cost") continue;
        g.add_edge(*dep, *owner, EdgeKind::reads, src, use.span);
      }
    }
    for (const auto& p : pack().parameters) {
      auto pn = g.find(NodeKind::parameter, p.name);
      for (const auto& k : p.by)
        if (auto kn = g.find(NodeKind::key, k)) g.add_edge(*kn, *pn, EdgeKind::reads);
    }
    for (const auto& t : pack().tables) {
      auto tn = g.find(NodeKind::table, t.name);
      (void)tn;  // edges come from the table's expression
    }
    for (const auto& c : pack().criteria) {
      auto cn = g.find(NodeKind::criterion, c.id);
      for (const auto& id : c.indicators)
        if (auto in = g.find(NodeKind::indicator, id)) g.add_edge(*in, *cn, EdgeKind::member);
    }
    for (const auto& l : pack().levels) {
      auto ln = g.find(NodeKind::level, l.id);
      if (!l.rule)
        for (const auto& cid : level_criteria(l))
          if (auto cn = g.find(NodeKind::criterion, cid)) g.add_edge(*cn, *ln, EdgeKind::member);
      if (!l.requires_level.empty())
        if (auto rn = g.find(NodeKind::level, l.requires_level))
          g.add_edge(*rn, *ln, EdgeKind::requires_level, l.origin.file, l.origin.span);
    }
    for (const auto& i : pack().indicators) {
      if (!i.remediation) continue;
      auto in = g.find(NodeKind::indicator, i.id);
      for (std::size_t k = 0; k < i.remediation->prerequisites.size(); ++k) {
        auto pn = g.find(NodeKind::indicator, i.remediation->prerequisites[k]);
        if (!pn) continue;
        const auto& o = k < i.remediation->prerequisite_origins.size() ? i.remediation->prerequisite_origins[k]
                                                                        : i.remediation->origin;
        g.add_edge(*pn, *in, EdgeKind::prerequisite, o.file, o.span);
      }
    }

    auto cycles = g.cycles();
    for (const auto& c : cycles) {
      Diagnostic d;
      d.code = "E401";
      d.message = fmt::format("dependency cycle: {}", g.format(c));
      std::vector<std::string> steps;
      for (std::size_t k = 0; k < c.edges.size(); ++k) {
        const auto& e = g.edge(c.edges[k]);
        std::string where = "implicitly";
        if (e.source) {
          auto loc = e.source->location(e.span.begin);
          where = fmt::format("at {}:{}:{}", e.source->name(), loc.line, loc.column);
          if (!d.source) {
            d.source = e.source;
            d.span = e.span;
          }
        }
        std::string_view how = e.kind == EdgeKind::member         ? "is part of"
                               : e.kind == EdgeKind::prerequisite ? "is a prerequisite of"
                               : e.kind == EdgeKind::requires_level ? "is required by"
                                                                    : "is read by";
        steps.push_back(fmt::format("'{}' {} '{}' {}", g.node(e.from).id, how, g.node(e.to).id, where));
      }
      d.hint = fmt::format("{}", fmt::join(steps, "; "));
      d.rule_id = g.node(c.nodes.front()).id;
      diags_.add(std::move(d));
    }
    return cycles.empty();
  }

  void warn_unused() {
    const auto& g = d_->graph;
    auto unused = [&](NodeKind k, const std::string& id, const Origin& o, std::string_view what) {
      auto n = g.find(k, id);
      if (n && g.direct_dependents(*n).empty())
        add("W302", Severity::warning, o, fmt::format("{} '{}' is not used by any rule", what, id));
    };
    for (const auto& f : pack().fields) unused(NodeKind::field, f.name, f.origin, "field");
    for (const auto& p : pack().parameters) unused(NodeKind::parameter, p.name, p.origin, "parameter");
    for (const auto& k : pack().keys) unused(NodeKind::key, k.name, k.origin, "key");
    for (const auto& t : pack().tables) unused(NodeKind::table, t.name, t.origin, "table");
    if (!pack().levels.empty())
      for (const auto& c : pack().criteria) {
        auto n = g.find(NodeKind::criterion, c.id);
        if (n && g.direct_dependents(*n).empty())
          add("W302", Severity::warning, c.origin,
              fmt::format("criterion '{}' is not part of any level", c.id));
      }
  }

  void warn_thresholds() {
    for (const auto& p : pack().parameters) {
      bool any = std::any_of(p.values.begin(), p.values.end(), [](const auto& v) { return !v.value.is_missing(); });
      std::vector<std::string> readers;
      if (auto n = d_->graph.find(NodeKind::parameter, p.name))
        for (auto r : d_->graph.direct_dependents(*n)) readers.push_back(d_->graph.node(r).id);
      std::string users = readers.empty() ? "" : fmt::format(" ({})", fmt::join(readers, ", "));
      if (!any) {
        add("W301", Severity::warning, p.origin,
            fmt::format("threshold '{}' is not set in pack {}: rules using it{} assess as unknown", p.name,
                        p.pack, users),
            "fill it in with an overlay that cites its source (see docs/pack-format.md)");
        continue;
      }
      for (const auto& kname : p.by) {
        const Key* key = pack().find_key(kname);
        if (!key) continue;
        auto lacking = uncovered_key_values(p, *key);
        if (!lacking.empty())
          add("W301", Severity::warning, p.origin,
              fmt::format("threshold '{}' has no value for {} {}: rules using it{} assess as unknown there",
                          p.name, kname, fmt::join(lacking, ", "), users));
      }
      if (std::find(p.by.begin(), p.by.end(), "year") != p.by.end() && pack().valid_from) {
        bool has_early = std::any_of(p.values.begin(), p.values.end(), [&](const auto& v) {
          return !v.value.is_missing() && (!v.year || *v.year <= *pack().valid_from);
        });
        if (!has_early)
          add("W301", Severity::warning, p.origin,
              fmt::format("threshold '{}' has no value for {}, the first year of the pack", p.name,
                          *pack().valid_from));
      }
    }
  }

  // ---- compile ------------------------------------------------------------------------------

  const expr::CheckedExpr* find_checked(NodeKind k, const std::string& id, std::string_view role) {
    for (const auto& o : checked_)
      if (o.kind == k && o.id == id && o.role == role) return &o.expr;
    return nullptr;
  }

  void compile() {
    auto& g = d_->graph;
    auto order = g.topological_order();
    std::vector<graph::NodeIndex> evaluable;
    for (auto n : order)
      if (g.node(n).kind == NodeKind::key) evaluable.push_back(n);
    d_->key_count = evaluable.size();
    for (auto n : order) {
      auto k = g.node(n).kind;
      if (k == NodeKind::table || k == NodeKind::indicator || k == NodeKind::criterion || k == NodeKind::level)
        evaluable.push_back(n);
    }
    for (auto n : evaluable) {
      const auto& node = g.node(n);
      d_->position.emplace(node.id, d_->eval.size());
      CompiledNode e;
      e.kind = node.kind;
      e.id = node.id;
      NodeInfo info{node.kind, 0, node.id, node.label};
      std::vector<expr::CheckedExpr> outputs;
      auto push = [&](const expr::CheckedExpr* ce, int& slot) {
        if (!ce) return;
        slot = static_cast<int>(outputs.size());
        outputs.push_back(*ce);
      };
      switch (node.kind) {
        case NodeKind::key: {
          e.index = static_cast<std::size_t>(pack().find_key(node.id) - pack().keys.data());
          push(find_checked(NodeKind::key, node.id, "from"), e.out_value);
          e.slot = d_->env.find(node.id)->slot;
          break;
        }
        case NodeKind::table: {
          e.index = static_cast<std::size_t>(pack().find_table(node.id) - pack().tables.data());
          push(find_checked(NodeKind::table, node.id, "table"), e.out_value);
          e.slot = d_->env.find(node.id)->slot;
          break;
        }
        case NodeKind::indicator: {
          e.index = static_cast<std::size_t>(pack().find_indicator(node.id) - pack().indicators.data());
          push(find_checked(NodeKind::indicator, node.id, "rule"), e.out_rule);
          push(find_checked(NodeKind::indicator, node.id, "applies_if"), e.out_applies);
          push(find_checked(NodeKind::indicator, node.id, "value"), e.out_value);
          set_reference_slots(e);
          if (const auto* cost = find_checked(NodeKind::indicator, node.id, "cost")) e.cost = expr::compile(*cost);
          break;
        }
        case NodeKind::criterion: {
          e.index = static_cast<std::size_t>(pack().find_criterion(node.id) - pack().criteria.data());
          push(find_checked(NodeKind::criterion, node.id, "rule"), e.out_rule);
          set_reference_slots(e);
          break;
        }
        case NodeKind::level: {
          e.index = static_cast<std::size_t>(pack().find_level(node.id) - pack().levels.data());
          push(find_checked(NodeKind::level, node.id, "rule"), e.out_rule);
          set_reference_slots(e);
          break;
        }
        default: break;
      }
      info.index = e.index;
      if (!outputs.empty()) e.program = expr::compile(outputs);
      d_->eval.push_back(std::move(e));
      d_->infos.push_back(std::move(info));
    }
    // Members and required levels, by position.
    for (auto& e : d_->eval) {
      if (e.kind == NodeKind::criterion) {
        for (const auto& id : pack().criteria[e.index].indicators) e.members.push_back(d_->position.at(id));
      } else if (e.kind == NodeKind::level) {
        const Level& l = pack().levels[e.index];
        if (!l.rule)
          for (const auto& cid : level_criteria(l)) e.members.push_back(d_->position.at(cid));
        if (!l.requires_level.empty()) e.required_level = d_->position.at(l.requires_level);
      }
    }
    // Level chains and requirements, walked once here (the graph is acyclic: check_cycles).
    d_->level_chains.resize(d_->eval.size());
    d_->requirements.resize(d_->eval.size());
    for (std::size_t i = 0; i < d_->eval.size(); ++i) {
      if (d_->eval[i].kind != NodeKind::level) continue;
      auto& chain = d_->level_chains[i];
      auto& need = d_->requirements[i];
      for (std::optional<std::size_t> p = i; p; p = d_->eval[*p].required_level) {
        chain.push_back(*p);
        for (auto m : d_->eval[*p].members)
          if (std::find(need.begin(), need.end(), m) == need.end()) need.push_back(m);
      }
    }
  }

  void set_reference_slots(CompiledNode& e) const {
    for (auto acc : {expr::Accessor::met, expr::Accessor::value, expr::Accessor::gap, expr::Accessor::applicable})
      e.reference_slots[static_cast<std::size_t>(acc)] = d_->env.find_reference(e.id, acc)->slot;
  }
};

}  // namespace

BuildResult build(Pack pack, const BuildOptions& options) {
  return Builder(std::move(pack), options).run();
}

}  // namespace tieuchi::model
