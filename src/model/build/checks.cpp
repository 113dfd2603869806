// The checks of a merged pack: sources, keys, parameters, tables, rules and the pack's own tests.

#include "model/build/builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "support/suggest.hpp"

namespace tieuchi::model::detail {

using graph::NodeKind;


void Builder::check_source_ref(const Provenance& p) {
  if (p.source.empty() || pack().sources.count(p.source)) return;
  std::vector<std::string> keys;
  for (const auto& [k, _] : pack().sources) keys.push_back(k);
  auto s = support::suggest(p.source, keys);
  add("E307", Severity::error, p.source_origin, fmt::format("unknown source '{}'", p.source),
      s.empty() ? "declare it under `sources:`" : fmt::format("did you mean '{}'?", s));
}
void Builder::check_sources() {
  check_source_ref(pack().legal_basis);
  for (const auto& p : pack().parameters)
    for (const auto& v : p.values) check_source_ref(v.provenance);
  for (const auto& t : pack().tables) check_source_ref(t.provenance);
  for (const auto& i : pack().indicators) check_source_ref(i.provenance);
  for (const auto& c : pack().criteria) check_source_ref(c.provenance);
  for (const auto& l : pack().levels) check_source_ref(l.provenance);
}
void Builder::check_keys() {
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
void Builder::check_parameters() {
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
void Builder::check_tables() {
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
void Builder::check_rules() {
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
std::vector<std::string> Builder::level_criteria(const Level& l) {
  if (!l.criteria.empty()) return l.criteria;
  std::vector<std::string> out;
  for (const auto& c : pack().criteria)
    if (c.pack == l.pack) out.push_back(c.id);
  return out;
}
void Builder::check_tests() {
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

}  // namespace tieuchi::model::detail
