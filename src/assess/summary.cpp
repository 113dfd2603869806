// The summary of an assessment: counts per criterion and level for the province and each
// district, the inputs missing most, the unverified values read, and its text (vi/en).

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "assess/range_check.hpp"
#include "assess/review.hpp"
#include "text/format.hpp"
#include "tieuchi/assess/report.hpp"

namespace tieuchi::assess {

using graph::NodeKind;
using text::tr;

double Counts::share_met() const noexcept {
  std::size_t d = met + unmet + unknown;
  return d == 0 ? std::nan("") : static_cast<double>(met) / static_cast<double>(d);
}

namespace {

// The distinct combinations of the keys' codes over the units (-1 = unknown), each key's code a
// digit of one number: a bitmap of the numbers seen when they are few (the usual case: a region
// key or two), else a hash set.
std::vector<std::vector<std::int32_t>> key_combinations(const Assessment& a, const std::vector<std::size_t>& keys) {
  const std::size_t n = a.size();
  if (keys.empty()) return n ? std::vector<std::vector<std::int32_t>>{{}} : std::vector<std::vector<std::int32_t>>{};
  std::vector<std::uint64_t> radix;
  std::vector<std::span<const std::int32_t>> codes;
  std::uint64_t product = 1;
  for (auto k : keys) {
    codes.push_back(a.key_codes(k));
    std::int32_t top = -1;
    for (auto c : codes.back()) top = std::max(top, c);
    const std::uint64_t r = static_cast<std::uint64_t>(top) + 2;  // codes -1..top
    if (product > std::numeric_limits<std::uint64_t>::max() / r) throw std::length_error("tieuchi: too many key combinations");
    product *= r;
    radix.push_back(r);
  }
  auto number = [&](std::size_t u) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) v = v * radix[i] + static_cast<std::uint64_t>(codes[i][u] + 1);
    return v;
  };
  std::vector<std::uint64_t> seen;
  if (product <= (std::uint64_t{1} << 20)) {
    std::vector<char> hit(product, 0);
    for (std::size_t u = 0; u < n; ++u) hit[number(u)] = 1;
    for (std::uint64_t v = 0; v < product; ++v)
      if (hit[v]) seen.push_back(v);
  } else {
    std::unordered_set<std::uint64_t> set;
    for (std::size_t u = 0; u < n; ++u) set.insert(number(u));
    seen.assign(set.begin(), set.end());
  }
  std::vector<std::vector<std::int32_t>> out;
  for (std::uint64_t v : seen) {
    std::vector<std::int32_t> combo(keys.size());
    for (std::size_t i = keys.size(); i-- > 0;) {
      combo[i] = static_cast<std::int32_t>(v % radix[i]) - 1;
      v /= radix[i];
    }
    out.push_back(std::move(combo));
  }
  return out;
}

}  // namespace

Summary summarize(const Assessment& a, const SummaryOptions& options) {
  Summary s;
  const model::Pack& pack = a.rules().pack();
  s.pack = pack.id;
  s.year = a.year();
  s.recognized_attribute = options.recognized_attribute;
  s.levels = a.levels();
  bool no_ladder = s.levels.empty();
  // Conditions (eligibility, revocation) are counted beside the levels.
  for (std::size_t i = 0; i < a.nodes().size(); ++i)
    if (a.nodes()[i].kind == NodeKind::level && pack.levels[a.nodes()[i].index].condition) s.levels.push_back(i);
  s.base_level = no_ladder ? SIZE_MAX : a.levels().front();
  s.criteria = a.base_criteria();
  std::size_t n = a.size();
  s.criteria_met.resize(n);
  s.criteria_unknown.resize(n);
  {
    std::vector<const std::uint8_t*> columns;
    for (std::size_t c : s.criteria) columns.push_back(reinterpret_cast<const std::uint8_t*>(a.status(c).data()));
    detail::count_statuses(columns.data(), columns.size(), n, s.criteria_met.data(), s.criteria_unknown.data());
  }
  // The districts, in order of first appearance, and each unit's; then the counts, one pass over
  // each node's statuses (column by column: a million units read each status column once).
  std::vector<std::string> order;
  ColumnVector<std::uint32_t> group(n, 0);
  {
    std::unordered_map<std::string_view, std::uint32_t> index;
    const auto& districts = a.units().districts;
    // Units come district by district as a rule: a unit in the same district as the one before
    // costs a comparison, not a hash lookup.
    std::string_view last;
    for (std::size_t u = 0; u < n; ++u) {
      std::string_view d = u < districts.size() ? std::string_view(districts[u]) : std::string_view();
      if (u > 0 && d == last) {
        group[u] = group[u - 1];
        continue;
      }
      auto [it, fresh] = index.try_emplace(d, static_cast<std::uint32_t>(order.size()));
      if (fresh) order.emplace_back(d);
      group[u] = it->second;
      last = d;
    }
  }
  const std::size_t groups = order.size();
  std::vector<GroupSummary> of_group(groups);
  std::vector<double> met_total(groups, 0);
  for (std::size_t u = 0; u < n; ++u) {
    ++of_group[group[u]].units;
    met_total[group[u]] += static_cast<double>(s.criteria_met[u]);
  }
  std::vector<std::array<std::size_t, 4>> tally(groups);
  auto counts_of = [&](std::size_t node, std::vector<Counts> GroupSummary::*part, std::size_t k) {
    for (auto& t : tally) t.fill(0);
    const auto st = a.status(node);
    if (groups == 1) {
      detail::tally_statuses(reinterpret_cast<const std::uint8_t*>(st.data()), n, tally[0].data());
    } else {
      for (std::size_t u = 0; u < n; ++u) ++tally[group[u]][static_cast<std::size_t>(st[u]) & 3];
    }
    Counts& province = (s.province.*part)[k];
    for (std::size_t g = 0; g < groups; ++g) {
      Counts& c = (of_group[g].*part)[k];
      c.unmet = tally[g][static_cast<std::size_t>(Status::unmet)];
      c.met = tally[g][static_cast<std::size_t>(Status::met)];
      c.unknown = tally[g][static_cast<std::size_t>(Status::unknown)];
      c.not_applicable = tally[g][static_cast<std::size_t>(Status::not_applicable)];
      province.unmet += c.unmet;
      province.met += c.met;
      province.unknown += c.unknown;
      province.not_applicable += c.not_applicable;
    }
  };
  s.province.name = "province";
  s.province.units = n;
  s.province.criteria.assign(s.criteria.size(), {});
  s.province.levels.assign(s.levels.size(), {});
  for (auto& g : of_group) {
    g.criteria.assign(s.criteria.size(), {});
    g.levels.assign(s.levels.size(), {});
  }
  for (std::size_t k = 0; k < s.criteria.size(); ++k) counts_of(s.criteria[k], &GroupSummary::criteria, k);
  for (std::size_t k = 0; k < s.levels.size(); ++k) counts_of(s.levels[k], &GroupSummary::levels, k);
  double total = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    total += met_total[g];
    of_group[g].name = order[g];
    of_group[g].average_criteria_met = of_group[g].units ? met_total[g] / static_cast<double>(of_group[g].units) : 0;
  }
  s.province.average_criteria_met = n ? total / static_cast<double>(n) : 0;
  if (!(groups == 1 && order[0].empty())) s.districts = std::move(of_group);

  // Reviews of recognized units.
  s.reviews = review_recognized(a, s.levels, options.recognized_attribute);

  // Missing inputs that leave some result unknown, by field (a missing input of a rule that does
  // not apply, or that the result does not need, is not counted).
  const auto& graph_ = a.rules().graph();
  for (const auto& f : pack.fields) {
    auto gn = graph_.find(graph::NodeKind::field, f.name);
    if (!gn) continue;
    std::vector<std::span<const Status>> readers;
    for (auto dep : graph_.direct_dependents(*gn))
      if (auto pos = a.position(graph_.node(dep).id)) readers.push_back(a.status(*pos));
    if (readers.empty()) continue;
    auto unknown_reader = [&](std::size_t u) {
      for (const auto& st : readers)
        if (st[u] == Status::unknown) return true;
      return false;
    };
    auto num = a.units().column(f.name);
    const auto* str = a.units().strings(f.name);
    std::size_t missing = 0;
    if (num && num->plain()) {
      // Vectorized (assess/range_check.cpp): the scan runs at the speed of memory.
      std::vector<const std::uint8_t*> st;
      for (const auto& r : readers) st.push_back(reinterpret_cast<const std::uint8_t*>(r.data()));
      missing = detail::count_missing_unknown(num->values.data(), st.data(), st.size(), n);
    } else {
      for (std::size_t u = 0; u < n; ++u) {
        const bool absent = num ? std::isnan(num->at(u)) : str ? str->codes[u] < 0 : true;
        missing += absent && unknown_reader(u);
      }
    }
    if (missing) s.missing_inputs.emplace_back(f.name, missing);
  }
  std::stable_sort(s.missing_inputs.begin(), s.missing_inputs.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });

  // Parameter values read by the assessment that are not verified (parameters that vary by the
  // same keys share their combinations).
  const auto& g = a.rules().graph();
  std::map<std::vector<std::size_t>, std::vector<std::vector<std::int32_t>>> combinations;
  for (std::size_t p = 0; p < pack.parameters.size(); ++p) {
    const model::Parameter& par = pack.parameters[p];
    auto gn = g.find(graph::NodeKind::parameter, par.name);
    if (!gn || g.direct_dependents(*gn).empty()) continue;
    std::set<const model::ParameterValue*> used;
    std::vector<std::size_t> key_idx;
    for (const auto& k : par.by)
      if (const auto* key = pack.find_key(k)) key_idx.push_back(static_cast<std::size_t>(key - pack.keys.data()));
    auto known = combinations.find(key_idx);
    if (known == combinations.end()) known = combinations.emplace(key_idx, key_combinations(a, key_idx)).first;
    for (const auto& combo : known->second) {
      std::map<std::string, std::string> keys;
      for (std::size_t k = 0; k < key_idx.size(); ++k) {
        const auto& key = pack.keys[key_idx[k]];
        if (combo[k] >= 0 && static_cast<std::size_t>(combo[k]) < key.values.size())
          keys[key.name] = key.values[static_cast<std::size_t>(combo[k])];
      }
      auto r = a.rules().resolve(par, keys, a.year());
      if (r.entry && r.entry->provenance.status != model::Verification::verified) used.insert(r.entry);
    }
    for (const auto* e : used) {
      std::vector<std::string> parts;
      for (const auto& [k, v] : e->keys) parts.push_back(fmt::format("{}={}", k, v));
      if (e->year) parts.push_back(fmt::format("from {}", *e->year));
      s.unverified_values.push_back(fmt::format("{}{} = {} ({})", par.name,
                                                parts.empty() ? "" : fmt::format("[{}]", fmt::join(parts, ", ")),
                                                e->value.to_string(), model::to_string(e->provenance.status)));
      if (e->provenance.status == model::Verification::illustrative) ++s.illustrative_count;
    }
  }
  for (const auto& t : pack.tables) {
    auto gn = g.find(graph::NodeKind::table, t.name);
    if (gn && !g.direct_dependents(*gn).empty() && t.provenance.status != model::Verification::verified) {
      s.unverified_values.push_back(fmt::format("table {} ({})", t.name, model::to_string(t.provenance.status)));
      if (t.provenance.status == model::Verification::illustrative) ++s.illustrative_count;
    }
  }
  return s;
}

std::string format_summary(const Assessment& a, const Summary& s, Lang lang) {
  const model::Pack& pack = a.rules().pack();
  std::string out = tr("summary.heading", lang, a.size(), pack.id, fmt::format("{}", fmt::join(pack.lineage, " <- ")),
                       a.year()) + "\n";
  if (!s.unverified_values.empty())
    out += tr("summary.unverified", lang, s.unverified_values.size(), s.illustrative_count,
              fmt::format("{}", fmt::join(s.unverified_values, "; "))) + "\n";
  if (s.base_level != SIZE_MAX)
    out += "\n" + tr("summary.criteria_of_level", lang, a.nodes()[s.base_level].id, s.criteria.size()) + "\n";
  out += fmt::format("  {:<6} {:>5} {:>5} {:>5} {:>5} {:>7}  {}\n", tr("summary.column.id", lang),
                     tr("summary.column.met", lang), tr("summary.column.unmet", lang), "?",
                     tr("summary.column.not_applicable", lang), tr("summary.column.share_met", lang),
                     tr("summary.column.name", lang));
  for (std::size_t k = 0; k < s.criteria.size(); ++k) {
    const auto& c = s.province.criteria[k];
    const auto* cr = pack.find_criterion(a.nodes()[s.criteria[k]].id);
    double share = c.share_met();
    out += fmt::format("  {:<6} {:>5} {:>5} {:>5} {:>5} {:>6}%  {}\n", a.nodes()[s.criteria[k]].id, c.met, c.unmet,
                       c.unknown, c.not_applicable, std::isnan(share) ? "-" : fmt::format("{:.1f}", share * 100),
                       cr ? cr->name.in(lang) : "");
  }
  out += "  " + tr("summary.average_criteria_met", lang, s.province.average_criteria_met, s.criteria.size()) + "\n";
  if (!s.missing_inputs.empty()) {
    std::vector<std::string> items;
    for (std::size_t k = 0; k < s.missing_inputs.size() && k < 8; ++k)
      items.push_back(fmt::format("{} ({})", s.missing_inputs[k].first, s.missing_inputs[k].second));
    out += "  " + tr("summary.missing_inputs", lang, fmt::format("{}", fmt::join(items, ", ")));
    if (s.missing_inputs.size() > 8) out += tr("summary.missing_inputs_more", lang, s.missing_inputs.size());
    out += "\n";
  }
  // The ladder of levels, then the conditions (eligibility, revocation) as an officer reads them:
  // how many units meet each, and how many of those are recognized already.
  std::vector<std::size_t> conditions;
  out += "\n" + tr("summary.levels", lang) + "\n";
  for (std::size_t k = 0; k < s.levels.size(); ++k) {
    if (pack.levels[a.nodes()[s.levels[k]].index].condition) {
      conditions.push_back(k);
      continue;
    }
    const auto& c = s.province.levels[k];
    out += "  " + tr("summary.level_counts", lang, a.nodes()[s.levels[k]].id, c.met, c.unmet, c.unknown) + "\n";
  }
  std::stable_sort(conditions.begin(), conditions.end(), [&](std::size_t x, std::size_t y) {
    return a.nodes()[s.levels[x]].index < a.nodes()[s.levels[y]].index;  // as the pack lists them
  });
  if (!conditions.empty()) out += "\n" + tr("summary.conditions", lang) + "\n";
  for (auto k : conditions) {
    const model::Level& cond = pack.levels[a.nodes()[s.levels[k]].index];
    const auto& c = s.province.levels[k];
    if (const model::Level* revoked = cond.revokes.empty() ? nullptr : pack.find_level(cond.revokes))
      out += "  " + tr("summary.condition.revocation", lang, revoked->id, c.met,
                       recognized_count(a, s.reviews, s.levels[k], revoked->id));
    else
      out += "  " + tr("summary.condition.met", lang, cond.name.in(lang), cond.id, c.met,
                       recognized_count(a, s.reviews, s.levels[k], cond.requires_level));
    if (c.unknown) out += tr("summary.condition.unknown", lang, c.unknown);
    out += "\n";
  }
  out += format_reviews(a, s.reviews, lang);
  if (!s.districts.empty()) {
    out += "\n" + tr("summary.by_district", lang) + "\n";
    for (const auto& d : s.districts) {
      std::string lv;
      for (std::size_t k = 0; k < s.levels.size(); ++k)
        lv += fmt::format(" {}={}", a.nodes()[s.levels[k]].id, d.levels[k].met);
      out += "  " + tr("summary.district_counts", lang, d.name, d.units, d.average_criteria_met, s.criteria.size()) + lv +
             "\n";
    }
  }
  return out;
}

}  // namespace tieuchi::assess
