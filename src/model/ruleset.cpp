// The questions a RuleSet answers: its nodes and their compiled form, parameter values for a
// unit and year (resolve), threshold provenance. Building one is src/model/build/.

#include "tieuchi/model/ruleset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "model/ruleset_data.hpp"

namespace tieuchi::model {

using graph::EdgeKind;
using graph::NodeKind;

namespace detail {

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

}  // namespace detail

using detail::uncovered_key_values;

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


}  // namespace tieuchi::model
