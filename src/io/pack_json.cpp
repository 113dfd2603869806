// A built pack described as JSON (schema tieuchi.pack/1), and a diff of two (tieuchi.pack-diff/1).

#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "tieuchi/io/pack_writers.hpp"

namespace tieuchi::io {

namespace {

using json = nlohmann::ordered_json;

json name_json(const model::Name& n) { return {{"vi", n.vi}, {"en", n.en}}; }

json optional_year(const std::optional<int>& y) { return y ? json(*y) : json(nullptr); }

json value_json(const Value& v) {
  if (v.is_number()) return v.as_number();
  if (v.is_bool()) return v.as_bool();
  if (v.is_string()) return v.as_string();
  return nullptr;
}

json provenance_json(const model::Provenance& p) {
  return {{"source", p.source}, {"item", p.item}, {"status", std::string(model::to_string(p.status))},
          {"note", p.note}};
}

json expression_json(const std::optional<model::Expression>& e) {
  return e && e->source ? json(e->text()) : json(nullptr);
}

}  // namespace

void write_pack_json(std::ostream& out, const model::RuleSet& rules) {
  const model::Pack& p = rules.pack();
  json j;
  j["schema"] = "tieuchi.pack/1";
  j["id"] = p.id;
  j["title"] = name_json(p.title);
  j["version"] = p.version;
  j["unit_kind"] = p.unit_kind;
  j["valid"] = {{"from", optional_year(p.valid_from)}, {"to", optional_year(p.valid_to)}};
  j["default_year"] = rules.default_year();
  j["lineage"] = p.lineage;
  j["legal_basis"] = provenance_json(p.legal_basis);
  json sources = json::object();
  for (const auto& [key, s] : p.sources)
    sources[key] = {{"title", s.title}, {"url", s.url}, {"date", s.date}};
  j["sources"] = sources;
  json keys = json::array();
  for (const auto& k : p.keys) {
    json labels = json::object();
    for (const auto& [v, n] : k.labels) labels[v] = name_json(n);
    keys.push_back({{"name", k.name}, {"values", k.values}, {"labels", labels},
                    {"from", k.from.source ? json(k.from.text()) : json(nullptr)}, {"pack", k.pack}});
  }
  j["keys"] = keys;
  json fields = json::array();
  for (const auto& f : p.fields)
    fields.push_back({{"name", f.name}, {"type", std::string(to_string(f.type))}, {"unit", f.unit},
                      {"values", f.values}, {"min", f.min ? json(*f.min) : json(nullptr)},
                      {"max", f.max ? json(*f.max) : json(nullptr)}, {"description", f.description},
                      {"pack", f.pack}});
  j["fields"] = fields;
  json criteria = json::array();
  for (const auto& c : p.criteria) {
    json indicators = json::array();
    for (const auto& id : c.indicators) {
      const model::Indicator* i = p.find_indicator(id);
      if (!i) continue;  // a built pack has every member; kept total for packs built by hand
      json ind = {{"id", i->id}, {"name", name_json(i->name)}, {"unit", i->unit}, {"description", i->description},
                  {"rule", i->rule.source ? json(i->rule.text()) : json(nullptr)}, {"value", expression_json(i->value)},
                  {"applies_if", expression_json(i->applies_if)}, {"agency", i->agency}, {"weight", i->weight},
                  {"provenance", provenance_json(i->provenance)}, {"pack", i->pack}};
      if (i->remediation) {
        const auto& r = *i->remediation;
        ind["remediation"] = {{"cost", expression_json(r.cost)}, {"cost_unit", r.cost_unit},
                              {"duration_months", r.duration_months ? json(*r.duration_months) : json(nullptr)},
                              {"prerequisites", r.prerequisites}, {"agency", r.agency}};
      } else {
        ind["remediation"] = nullptr;
      }
      indicators.push_back(std::move(ind));
    }
    criteria.push_back({{"id", c.id}, {"name", name_json(c.name)}, {"group", c.group}, {"agency", c.agency},
                        {"rule", expression_json(c.rule)}, {"indicators", indicators},
                        {"provenance", provenance_json(c.provenance)}, {"pack", c.pack}});
  }
  j["criteria"] = criteria;
  json levels = json::array();
  for (const auto& l : p.levels)
    levels.push_back({{"id", l.id}, {"name", name_json(l.name)}, {"rule", expression_json(l.rule)},
                      {"criteria", l.criteria},
                      {"requires", l.requires_level.empty() ? json(nullptr) : json(l.requires_level)},
                      {"condition", l.condition}, {"revokes", l.revokes.empty() ? json(nullptr) : json(l.revokes)},
                      {"provenance", provenance_json(l.provenance)}, {"pack", l.pack}});
  j["levels"] = levels;
  json parameters = json::array();
  for (const auto& par : p.parameters) {
    json values = json::array();
    for (const auto& v : par.values) {
      json keys_of = json::object();
      for (const auto& [k, kv] : v.keys) keys_of[k] = kv;
      values.push_back({{"keys", keys_of}, {"from_year", optional_year(v.year)}, {"value", value_json(v.value)},
                        {"provenance", provenance_json(v.provenance)}, {"pack", v.pack}});
    }
    parameters.push_back({{"name", par.name}, {"type", std::string(to_string(par.type))}, {"unit", par.unit},
                          {"description", par.description}, {"by", par.by}, {"values", values}, {"pack", par.pack}});
  }
  j["parameters"] = parameters;
  json tables = json::array();
  for (const auto& t : p.tables) {
    json rows = json::array();
    for (const auto& r : t.rows) {
      json when = json::array();
      for (const auto& c : r.when) when.push_back(c.text);
      rows.push_back({{"when", when}, {"value", value_json(r.value)}});
    }
    tables.push_back({{"name", t.name}, {"type", std::string(to_string(t.type))}, {"unit", t.unit},
                      {"description", t.description}, {"inputs", t.inputs},
                      {"hit", t.hit == model::HitPolicy::first ? "first" : "unique"}, {"rows", rows},
                      {"provenance", provenance_json(t.provenance)}, {"pack", t.pack}});
  }
  j["tables"] = tables;
  const auto th = rules.thresholds();
  json partial = json::object();
  for (const auto& [name, which] : th.partial) partial[name] = which;
  j["thresholds"] = {{"verified", th.verified}, {"unverified", th.unverified}, {"illustrative", th.illustrative},
                     {"missing", th.missing}, {"missing_count", th.missing.size()}, {"partial", partial}, {"unverified_ids", th.unverified_ids},
                     {"illustrative_ids", th.illustrative_ids}};
  out << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

std::string pack_json(const model::RuleSet& rules) {
  std::ostringstream out;
  write_pack_json(out, rules);
  return out.str();
}

void write_diff_json(std::ostream& out, const model::PackDiff& d) {
  json j;
  j["schema"] = "tieuchi.pack-diff/1";
  j["old"] = {{"id", d.old_id}, {"year", d.old_year}};
  j["new"] = {{"id", d.new_id}, {"year", d.new_year}};
  j["key"] = d.key.empty() ? json(nullptr) : json(d.key);
  j["same"] = d.empty();
  j["criteria"] = {{"added", d.criteria_added}, {"removed", d.criteria_removed}};
  json changed = json::array();
  for (const auto& c : d.changed) {
    json one = {{"id", c.id}};
    if (!c.old_name.empty() || !c.new_name.empty()) one["name"] = {{"old", c.old_name}, {"new", c.new_name}};
    if (!c.old_rule.empty() || !c.new_rule.empty()) one["rule"] = {{"old", c.old_rule}, {"new", c.new_rule}};
    changed.push_back(std::move(one));
  }
  j["indicators"] = {{"added", d.added}, {"removed", d.removed}, {"changed", changed}};
  json thresholds = json::array();
  for (const auto& t : d.thresholds)
    thresholds.push_back({{"indicator", t.indicator}, {"key_value", t.key_value}, {"old", t.old_text}, {"new", t.new_text}});
  j["thresholds"] = thresholds;
  out << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

std::string diff_json(const model::PackDiff& d) {
  std::ostringstream out;
  write_diff_json(out, d);
  return out.str();
}

}  // namespace tieuchi::io
