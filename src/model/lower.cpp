// A rule set written out as expression trees for one year (see model/lower.hpp).

#include "tieuchi/model/lower.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "model/ruleset_data.hpp"
#include "model/tables.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/expr/parser.hpp"

namespace tieuchi::model {

namespace {

using json = nlohmann::ordered_json;

json literal(const Value& v) {
  if (v.is_missing()) return json{{"t", "null"}};
  if (v.is_bool()) return json{{"t", "bool"}, {"v", v.as_bool()}};
  if (v.is_string()) return json{{"t", "str"}, {"v", v.as_string()}};
  double x = v.as_number();
  if (!std::isfinite(x)) return json{{"t", "null"}};
  return json{{"t", "num"}, {"v", x}};
}

class Lowerer {
 public:
  Lowerer(const RuleSet& rules, int year) : rules_(rules), pack_(rules.pack()), year_(year) {}

  /// The tree of an expression's text, parameters and `year` resolved.
  json tree(const std::string& text) {
    expr::Limits limits;
    limits.max_source_bytes = 64u << 20;
    limits.max_depth = 1u << 16;
    limits.max_nodes = 1u << 24;
    auto parsed = expr::parse(text, limits);
    if (!parsed.ok()) throw Error(parsed.diagnostics);
    const expr::Ast& ast = *parsed.ast;
    std::vector<json> out(ast.nodes.size());
    for (expr::NodeId n = 0; n <= ast.root; ++n) {
      out[n] = std::visit([&](const auto& k) -> json { return node(k, out); }, ast.nodes[n].kind);
    }
    return std::move(out[ast.root]);
  }

 private:
  static json kids(const std::vector<expr::NodeId>& ids, std::vector<json>& out) {
    json a = json::array();
    for (auto i : ids) a.push_back(std::move(out[i]));
    return a;
  }
  json node(const expr::NumberLit& k, std::vector<json>&) { return json{{"t", "num"}, {"v", k.value}}; }
  json node(const expr::StringLit& k, std::vector<json>&) { return json{{"t", "str"}, {"v", k.value}}; }
  json node(const expr::BoolLit& k, std::vector<json>&) { return json{{"t", "bool"}, {"v", k.value}}; }
  json node(const expr::NullLit&, std::vector<json>&) { return json{{"t", "null"}}; }
  json node(const expr::Name& k, std::vector<json>&) {
    if (k.path == "year") return json{{"t", "num"}, {"v", year_}};
    if (const auto* p = pack_.find_parameter(k.path)) return parameter(*p);
    const char* kind = pack_.find_field(k.path) ? "field" : pack_.find_key(k.path) ? "key"
                     : pack_.find_table(k.path) ? "table" : "name";
    return json{{"t", "name"}, {"v", k.path}, {"kind", kind}};
  }
  json node(const expr::Unary& k, std::vector<json>& out) {
    return json{{"t", k.op == expr::UnaryOp::negate ? "neg" : "not"}, {"a", json::array({std::move(out[k.operand])})}};
  }
  json node(const expr::Binary& k, std::vector<json>& out) {
    return json{{"t", std::string(expr::to_string(k.op))}, {"a", json::array({std::move(out[k.lhs]), std::move(out[k.rhs])})}};
  }
  json node(const expr::Logical& k, std::vector<json>& out) {
    return json{{"t", k.op == expr::LogicalOp::logical_and ? "and" : "or"}, {"a", kids(k.operands, out)}};
  }
  json node(const expr::In& k, std::vector<json>& out) {
    return json{{"t", k.negated ? "not in" : "in"}, {"a", json::array({std::move(out[k.value]), std::move(out[k.list])})}};
  }
  json node(const expr::If& k, std::vector<json>& out) {
    return json{{"t", "if"},
                {"a", json::array({std::move(out[k.condition]), std::move(out[k.then_branch]), std::move(out[k.else_branch])})}};
  }
  json node(const expr::Call& k, std::vector<json>& out) {
    return json{{"t", "call"}, {"f", k.function}, {"a", kids(k.args, out)}};
  }
  json node(const expr::List& k, std::vector<json>& out) { return json{{"t", "list"}, {"a", kids(k.items, out)}}; }

  /// A parameter: a constant, or its value for every combination of its keys' values (a key's
  /// value may be null: the unit's key is unknown).
  json parameter(const Parameter& p) {
    if (auto it = params_.find(p.name); it != params_.end()) return it->second;
    std::vector<const Key*> keys;
    for (const auto& k : p.by)
      if (k != "year")
        if (const auto* key = pack_.find_key(k)) keys.push_back(key);
    json result;
    if (keys.empty()) {
      result = literal(rules_.resolve(p, {}, year_).value);
    } else {
      json cases = json::array();
      std::vector<std::size_t> idx(keys.size(), 0);  // value index per key; size() = unknown
      for (;;) {
        std::map<std::string, std::string> at;
        json when = json::object();
        for (std::size_t i = 0; i < keys.size(); ++i) {
          if (idx[i] < keys[i]->values.size()) {
            at[keys[i]->name] = keys[i]->values[idx[i]];
            when[keys[i]->name] = keys[i]->values[idx[i]];
          } else {
            when[keys[i]->name] = nullptr;
          }
        }
        cases.push_back(json{{"when", std::move(when)}, {"value", literal(rules_.resolve(p, at, year_).value)}});
        std::size_t i = 0;
        while (i < keys.size() && ++idx[i] > keys[i]->values.size()) idx[i++] = 0;
        if (i == keys.size()) break;
      }
      json by = json::array();
      for (const auto* k : keys) by.push_back(k->name);
      result = json{{"t", "param"}, {"name", p.name}, {"by", std::move(by)}, {"cases", std::move(cases)}};
    }
    return params_[p.name] = result;
  }

  const RuleSet& rules_;
  const Pack& pack_;
  int year_;
  std::map<std::string, json> params_;
};

}  // namespace

std::string lower_to_json(const RuleSet& rules, int year) {
  const Pack& pack = rules.pack();
  const auto& d = rules.data();
  Lowerer low(rules, year);
  json doc;
  doc["format"] = "tieuchi-lowered/1";
  doc["pack"] = pack.id;
  doc["year"] = year;
  json fields = json::array();
  for (const auto& f : pack.fields) {
    json j{{"name", f.name}, {"type", std::string(to_string(f.type))}};
    if (!f.unit.empty()) j["unit"] = f.unit;
    if (f.min) j["min"] = *f.min;
    if (f.max) j["max"] = *f.max;
    if (!f.values.empty()) j["values"] = f.values;
    fields.push_back(std::move(j));
  }
  doc["fields"] = std::move(fields);
  json nodes = json::array();
  auto opt_tree = [&](const std::optional<Expression>& e) -> json {
    return e ? low.tree(e->text()) : json(nullptr);
  };
  for (std::size_t i = 0; i < d.infos.size(); ++i) {
    const NodeInfo& info = d.infos[i];
    const CompiledNode& e = d.eval[i];
    json j{{"kind", std::string(graph::to_string(info.kind))}, {"id", info.id}};
    switch (info.kind) {
      case graph::NodeKind::key: {
        const Key& k = pack.keys[info.index];
        j["values"] = k.values;
        j["expr"] = low.tree(k.from.text());
        break;
      }
      case graph::NodeKind::table: {
        const DecisionTable& t = pack.tables[info.index];
        j["type"] = std::string(to_string(t.type));
        j["expr"] = low.tree(detail::table_expression(t));
        break;
      }
      case graph::NodeKind::indicator: {
        const Indicator& ind = pack.indicators[info.index];
        j["criterion"] = ind.criterion;
        j["rule"] = low.tree(ind.rule.text());
        j["applies_if"] = opt_tree(ind.applies_if);
        j["value"] = opt_tree(ind.value);
        break;
      }
      case graph::NodeKind::criterion:
      case graph::NodeKind::level: {
        json members = json::array();
        for (auto m : e.members) members.push_back(d.infos[m].id);
        j["members"] = std::move(members);
        if (info.kind == graph::NodeKind::criterion) {
          j["rule"] = opt_tree(pack.criteria[info.index].rule);
          j["requires"] = nullptr;
          j["condition"] = false;
        } else {
          const Level& l = pack.levels[info.index];
          j["rule"] = opt_tree(l.rule);
          j["requires"] = e.required_level ? json(d.infos[*e.required_level].id) : json(nullptr);
          j["condition"] = l.condition;
        }
        break;
      }
      default: continue;
    }
    nodes.push_back(std::move(j));
  }
  doc["nodes"] = std::move(nodes);
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace tieuchi::model
