// Which thresholds a pack leaves without a value, per key value and year (unset_parameters), and
// the check that the levels need none of them (check_complete, E316).

#include "tieuchi/model/completeness.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <limits>

#include "model/origin_diagnostic.hpp"
#include "tieuchi/error.hpp"

namespace tieuchi::model {

namespace {

using graph::EdgeKind;
using graph::NodeKind;

/// Where resolve() looks when a hole has no year: every entry applies (no year bound).
constexpr int kAnyYear = std::numeric_limits<int>::max();

bool varies_by_year(const Parameter& p) { return std::find(p.by.begin(), p.by.end(), "year") != p.by.end(); }

/// The years a parameter is looked at: none (one look, any year) unless it varies by year.
std::vector<std::optional<int>> years_of(const Pack& pack, const Parameter& p, const std::optional<int>& only) {
  if (!varies_by_year(p)) return {std::nullopt};
  if (only) return {*only};
  if (!pack.valid_from) return {std::nullopt};
  int last = *pack.valid_from;
  if (pack.valid_to) {
    last = *pack.valid_to;
  } else {
    for (const auto& v : p.values)
      if (v.year) last = std::max(last, *v.year);
  }
  std::vector<std::optional<int>> out;
  for (int y = *pack.valid_from; y <= last; ++y) out.emplace_back(y);
  return out;
}

/// Every combination of the values of the keys `p` varies by (besides year), the first key
/// varying slowest; one empty combination when it varies by no key.
std::vector<std::map<std::string, std::string>> key_combinations(const Pack& pack, const Parameter& p) {
  std::vector<std::map<std::string, std::string>> out{{}};
  for (const auto& name : p.by) {
    if (name == "year") continue;
    const Key* key = pack.find_key(name);
    if (!key || key->values.empty()) continue;  // reported when the pack was built
    std::vector<std::map<std::string, std::string>> next;
    for (const auto& partial : out)
      for (const auto& v : key->values) {
        auto c = partial;
        c[name] = v;
        next.push_back(std::move(c));
      }
    out = std::move(next);
  }
  return out;
}

/// `2022-2025`, `2022, 2024-2025`.
std::string years_text(const std::vector<int>& years) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < years.size();) {
    std::size_t j = i;
    while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
    parts.push_back(j == i ? std::to_string(years[i]) : fmt::format("{}-{}", years[i], years[j]));
    i = j + 1;
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

/// The nodes reachable from `from` through rule, member and required-level edges.
std::vector<graph::NodeIndex> reachable(const graph::DependencyGraph& g,
                                        const std::vector<std::vector<graph::NodeIndex>>& next,
                                        graph::NodeIndex from) {
  std::vector<char> seen(g.node_count(), 0);
  std::deque<graph::NodeIndex> todo{from};
  std::vector<graph::NodeIndex> out;
  seen[from] = 1;
  while (!todo.empty()) {
    auto n = todo.front();
    todo.pop_front();
    for (auto m : next[n])
      if (!seen[m]) {
        seen[m] = 1;
        out.push_back(m);
        todo.push_back(m);
      }
  }
  return out;
}

}  // namespace

std::string UnsetParameter::where() const {
  // Key combinations in the order of the holes, each with its years.
  std::vector<std::pair<std::string, std::vector<int>>> combos;
  for (const auto& h : holes) {
    std::vector<std::string> parts;
    for (const auto& [k, v] : h.keys) parts.push_back(fmt::format("{} {}", k, v));
    std::string text = fmt::format("{}", fmt::join(parts, " and "));
    auto it = std::find_if(combos.begin(), combos.end(), [&](const auto& c) { return c.first == text; });
    if (it == combos.end()) {
      combos.emplace_back(text, std::vector<int>{});
      it = std::prev(combos.end());
    }
    if (h.year) it->second.push_back(*h.year);
  }
  // Combinations missing the same years are named together: "threshold_region TDMNPB, DBSH".
  std::vector<std::pair<std::vector<std::string>, std::vector<int>>> groups;
  for (auto& combo : combos) {
    // (No structured binding: clang 14 cannot capture one in the lambda.)
    const auto& text = combo.first;
    const auto& years = combo.second;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.second == years; });
    if (it == groups.end()) {
      groups.emplace_back(std::vector<std::string>{}, years);
      it = std::prev(groups.end());
    }
    if (!text.empty()) it->first.push_back(text);
  }
  std::vector<std::string> out;
  for (const auto& [texts, years] : groups) {
    std::string names;
    // One key: "threshold_region TDMNPB, DBSH" rather than repeating the key's name.
    bool one_key = !holes.empty() && holes.front().keys.size() == 1;
    if (one_key && !texts.empty()) {
      const std::string& key = holes.front().keys.begin()->first;
      std::vector<std::string> values;
      for (const auto& t : texts) values.push_back(t.substr(key.size() + 1));
      names = fmt::format("{} {}", key, fmt::join(values, ", "));
    } else {
      names = fmt::format("{}", fmt::join(texts, "; "));
    }
    std::string when = years.empty() ? "" : "in " + years_text(years);
    out.push_back(names.empty() ? when : when.empty() ? names : names + " " + when);
  }
  return fmt::format("{}", fmt::join(out, "; "));
}

std::vector<UnsetParameter> unset_parameters(const RuleSet& rules, const UnsetOptions& options) {
  const Pack& pack = rules.pack();
  if (options.year && ((pack.valid_from && *options.year < *pack.valid_from) ||
                       (pack.valid_to && *options.year > *pack.valid_to))) {
    Diagnostic d;
    d.code = "E506";
    d.field = "year";
    d.message = fmt::format("year {} is outside the validity of pack {} ({}-{})", *options.year, pack.id,
                            pack.valid_from.value_or(0), pack.valid_to.value_or(0));
    Diagnostics ds;
    ds.add(std::move(d));
    throw DataError(std::move(ds));
  }
  const auto& g = rules.graph();
  std::vector<std::vector<graph::NodeIndex>> next(g.node_count());
  for (std::size_t e = 0; e < g.edge_count(); ++e) {
    const auto& edge = g.edge(e);
    if (edge.kind != EdgeKind::prerequisite) next[edge.from].push_back(edge.to);
  }
  auto in_order = [&](std::vector<graph::NodeIndex> nodes) {
    std::vector<std::string> ids;
    std::sort(nodes.begin(), nodes.end(), [&](auto a, auto b) {
      constexpr auto last = std::numeric_limits<std::size_t>::max();
      return rules.node_position(g.node(a).id).value_or(last) < rules.node_position(g.node(b).id).value_or(last);
    });
    for (auto n : nodes) ids.push_back(g.node(n).id);
    return ids;
  };

  std::vector<UnsetParameter> out;
  for (std::size_t i = 0; i < pack.parameters.size(); ++i) {
    const Parameter& p = pack.parameters[i];
    UnsetParameter u;
    u.parameter = i;
    u.name = p.name;
    u.partial = std::any_of(p.values.begin(), p.values.end(), [](const auto& v) { return !v.value.is_missing(); });
    const auto years = years_of(pack, p, options.year);
    for (const auto& keys : key_combinations(pack, p))
      for (const auto& year : years) {
        auto r = rules.resolve(p, keys, year.value_or(kAnyYear));
        if (!r.value.is_missing()) continue;
        u.holes.push_back({keys, year, r.entry});
      }
    if (u.holes.empty()) continue;
    if (auto n = g.find(NodeKind::parameter, p.name)) {
      u.readers = in_order(g.direct_dependents(*n));
      std::vector<graph::NodeIndex> levels;
      for (auto m : reachable(g, next, *n))
        if (g.node(m).kind == NodeKind::level) levels.push_back(m);
      u.levels = in_order(std::move(levels));
    }
    out.push_back(std::move(u));
  }
  return out;
}

std::string CompletenessReport::format() const {
  if (needed.empty()) return "complete: every threshold the levels need has a value";
  std::vector<std::string> names;
  for (const auto& u : needed) names.push_back(u.name);
  return fmt::format("incomplete: {} threshold{} the levels need {} no value (E316): {}", needed.size(),
                     needed.size() == 1 ? "" : "s", needed.size() == 1 ? "has" : "have", fmt::join(names, ", "));
}

CompletenessReport check_complete(const RuleSet& rules) {
  CompletenessReport report;
  const Pack& pack = rules.pack();
  for (auto& u : unset_parameters(rules)) {
    if (u.levels.empty()) continue;
    const Parameter& p = pack.parameters[u.parameter];
    const ParameterValue* placeholder = nullptr;
    for (const auto& h : u.holes)
      if (h.placeholder && h.placeholder->origin.file) {
        placeholder = h.placeholder;
        break;
      }
    std::string where = u.where();
    std::string for_where = where.empty() ? "" : where.starts_with("in ") ? " " + where : " for " + where;
    std::string readers = u.readers.empty() ? "" : fmt::format(" (read by {})", fmt::join(u.readers, ", "));
    std::string message =
        fmt::format("threshold '{}' has no value{}: level{} {} need{} it{}", u.name, for_where,
                    u.levels.size() == 1 ? "" : "s", fmt::join(u.levels, ", "), u.levels.size() == 1 ? "s" : "",
                    readers);
    std::string hint = placeholder ? "type the values after `value:`, in place of `~` (an entry left `~` stays unset)"
                                   : "supply them in an overlay that cites its source: `tieuchi overlay init` writes "
                                     "one to fill in (see docs/pack-format.md)";
    report.diagnostics.add(detail::diagnostic_at("E316", Severity::error, placeholder ? placeholder->origin : p.origin,
                                                 std::move(message), std::move(hint)));
    report.needed.push_back(std::move(u));
  }
  return report;
}

}  // namespace tieuchi::model
