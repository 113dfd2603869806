#include "tieuchi/model/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "tieuchi/error.hpp"

namespace tieuchi::model {

bool PackDiff::empty() const noexcept {
  return criteria_added.empty() && criteria_removed.empty() && added.empty() && removed.empty() &&
         changed.empty() && thresholds.empty();
}

namespace {

std::string show(const Value& v, const std::string& unit) {
  if (v.is_missing()) return "not set";
  if (v.is_number() && unit == "%") return fmt::format("{}%", std::round(v.as_number() * 1e6) / 1e4);
  if (unit.empty() || !v.is_number()) return v.to_string();
  return fmt::format("{} {}", v.to_string(), unit);
}

std::string condition_text(const std::string& input, const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::any: return {};
    case Condition::Kind::boolean: return c.truth ? input : "not " + input;
    case Condition::Kind::one_of: return fmt::format("{} in [{}]", input, fmt::join(c.one_of, ", "));
    case Condition::Kind::range: return fmt::format("{} {}", input, c.text);
  }
  return {};
}

/// The thresholds an indicator reads, for one value of `key` in `year`.
std::string thresholds_of(const RuleSet& rules, const std::string& indicator, const std::string& key,
                          const std::string& key_value, int year) {
  const auto& g = rules.graph();
  auto n = g.find(graph::NodeKind::indicator, indicator);
  if (!n) return "(not in pack)";
  std::vector<std::string> parts;
  std::map<std::string, std::string> keys;
  if (!key.empty()) keys[key] = key_value;
  for (auto dep : g.direct_dependencies(*n)) {
    const auto& node = g.node(dep);
    if (node.kind == graph::NodeKind::parameter) {
      const Parameter* p = rules.pack().find_parameter(node.id);
      if (!p) continue;
      // Keys the parameter varies by but the diff does not fix stay unknown.
      auto r = rules.resolve(*p, keys, year);
      parts.push_back(fmt::format("{} = {}", p->name, show(r.value, p->unit)));
    } else if (node.kind == graph::NodeKind::table) {
      const DecisionTable* t = rules.pack().find_table(node.id);
      if (!t) continue;
      std::vector<std::string> rows;
      for (const auto& row : t->rows) {
        bool applies = true;
        std::vector<std::string> conds;
        for (std::size_t c = 0; c < row.when.size() && c < t->inputs.size(); ++c) {
          const auto& cond = row.when[c];
          if (t->inputs[c] == key && !key.empty()) {
            if (cond.kind == Condition::Kind::one_of &&
                std::find(cond.one_of.begin(), cond.one_of.end(), key_value) == cond.one_of.end())
              applies = false;
            continue;
          }
          if (auto s = condition_text(t->inputs[c], cond); !s.empty()) conds.push_back(s);
        }
        if (!applies) continue;
        rows.push_back(conds.empty() ? show(row.value, t->unit)
                                     : fmt::format("{} if {}", show(row.value, t->unit), fmt::join(conds, " and ")));
        if (conds.empty()) break;  // later rows are never reached for this key value
      }
      parts.push_back(fmt::format("{} = {}", t->name, rows.empty() ? "no row" : fmt::format("{}", fmt::join(rows, "; "))));
    }
  }
  std::sort(parts.begin(), parts.end());
  return parts.empty() ? "(no threshold)" : fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

PackDiff diff(const RuleSet& a, const RuleSet& b, const DiffOptions& options) {
  PackDiff d;
  const Pack& pa = a.pack();
  const Pack& pb = b.pack();
  d.old_id = pa.id;
  d.new_id = pb.id;
  d.old_year = options.old_year.value_or(pa.valid_to.value_or(a.default_year()));
  d.new_year = options.new_year.value_or(pb.valid_from.value_or(b.default_year()));
  // A year outside a pack's validity would compare thresholds that pack never set (E506, as for
  // an assessment); `field` names the option.
  Diagnostics bad;
  for (auto [pack, year, field] : {std::tuple{&pa, d.old_year, "old_year"}, std::tuple{&pb, d.new_year, "new_year"}})
    if ((pack->valid_from && year < *pack->valid_from) || (pack->valid_to && year > *pack->valid_to)) {
      Diagnostic e;
      e.code = "E506";
      e.field = field;
      e.message = fmt::format("year {} is outside the validity of pack {} ({}-{})", year, pack->id,
                              pack->valid_from.value_or(0), pack->valid_to.value_or(0));
      bad.add(std::move(e));
    }
  if (!bad.empty()) throw DataError(std::move(bad));

  for (const auto& c : pb.criteria)
    if (!pa.find_criterion(c.id)) d.criteria_added.push_back(c.id);
  for (const auto& c : pa.criteria)
    if (!pb.find_criterion(c.id)) d.criteria_removed.push_back(c.id);
  for (const auto& i : pb.indicators)
    if (!pa.find_indicator(i.id)) d.added.push_back(i.id);
  for (const auto& i : pa.indicators)
    if (!pb.find_indicator(i.id)) d.removed.push_back(i.id);
  for (const auto& i : pb.indicators) {
    const Indicator* o = pa.find_indicator(i.id);
    if (!o) continue;
    IndicatorChange ch;
    ch.id = i.id;
    if (o->name.best() != i.name.best()) {
      ch.old_name = o->name.best();
      ch.new_name = i.name.best();
    }
    auto norm = [](std::string s) {
      s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }), s.end());
      return s;
    };
    if (norm(o->rule.text()) != norm(i.rule.text())) {
      ch.old_rule = o->rule.text();
      ch.new_rule = i.rule.text();
    }
    if (!ch.old_name.empty() || !ch.old_rule.empty()) d.changed.push_back(std::move(ch));
  }

  // Thresholds per value of the first key (usually the region).
  const Key* key = !pb.keys.empty() ? &pb.keys.front() : (!pa.keys.empty() ? &pa.keys.front() : nullptr);
  std::vector<std::string> values{"all"};
  if (key) {
    d.key = key->name;
    values = key->values;
    if (const Key* other = pa.find_key(key->name))
      for (const auto& v : other->values)
        if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
  }
  std::set<std::string> ids;
  std::vector<std::string> order;
  for (const auto& i : pa.indicators)
    if (ids.insert(i.id).second) order.push_back(i.id);
  for (const auto& i : pb.indicators)
    if (ids.insert(i.id).second) order.push_back(i.id);
  for (const auto& id : order) {
    if (!pa.find_indicator(id) || !pb.find_indicator(id)) continue;  // listed as added/removed
    for (const auto& v : values) {
      std::string kv = key ? v : "";
      auto before = thresholds_of(a, id, d.key, kv, d.old_year);
      auto after = thresholds_of(b, id, d.key, kv, d.new_year);
      if (before != after) d.thresholds.push_back({id, v, before, after});
    }
  }
  return d;
}

std::string PackDiff::format() const {
  std::string out = fmt::format("# {} ({}) -> {} ({})\n", old_id, old_year, new_id, new_year);
  auto list = [&](std::string_view title, const std::vector<std::string>& v) {
    if (v.empty()) return;
    out += fmt::format("\n## {} ({})\n{}\n", title, v.size(), fmt::join(v, ", "));
  };
  list("Criteria added", criteria_added);
  list("Criteria removed", criteria_removed);
  list("Indicators added", added);
  list("Indicators removed", removed);
  if (!changed.empty()) {
    out += fmt::format("\n## Indicators changed ({})\n", changed.size());
    for (const auto& c : changed) {
      out += fmt::format("- {}", c.id);
      if (!c.old_name.empty()) out += fmt::format(": name \"{}\" -> \"{}\"", c.old_name, c.new_name);
      if (!c.old_rule.empty()) out += fmt::format("{} rule `{}` -> `{}`", c.old_name.empty() ? ":" : ";", c.old_rule, c.new_rule);
      out += "\n";
    }
  }
  if (!thresholds.empty()) {
    out += fmt::format("\n## Thresholds changed ({} rows, by {})\n", thresholds.size(), key.empty() ? "unit" : key);
    out += fmt::format("| indicator | {} | {} ({}) | {} ({}) |\n|---|---|---|---|\n", key.empty() ? "applies to" : key,
                       old_id, old_year, new_id, new_year);
    for (const auto& t : thresholds)
      out += fmt::format("| {} | {} | {} | {} |\n", t.indicator, t.key_value, t.old_text, t.new_text);
  }
  if (empty()) out += "\nNo differences.\n";
  return out;
}

}  // namespace tieuchi::model
