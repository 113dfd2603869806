// Names (one namespace per family) and the environment every rule is checked against.

#include "model/build/builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>


namespace tieuchi::model::detail {

using graph::NodeKind;


// Names share one namespace per family: values (fields, parameters, keys, tables, `year`) and
// nodes (indicators, criteria, levels).
void Builder::check_names() {
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
void Builder::declare() {
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

}  // namespace tieuchi::model::detail
