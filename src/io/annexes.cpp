// The annexes (Biểu 01-04) as data, and the JSON the web page shows (tieuchi.annexes/1). The
// workbook writer (report_xlsx.cpp) renders the same Annex values.

#include "tieuchi/io/annexes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "text/format.hpp"
#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/assess/tables.hpp"
#include "tieuchi/plan/tables.hpp"

namespace tieuchi::io {

namespace {

using text::Lang;
using text::tr;
using Look = AnnexCell::Look;
using CK = AnnexColumn::Kind;

std::string roman(std::size_t n) {
  static const std::pair<std::size_t, const char*> table[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"},
                                                              {100, "C"},  {90, "XC"},  {50, "L"},  {40, "XL"},
                                                              {10, "X"},   {9, "IX"},   {5, "V"},   {4, "IV"},
                                                              {1, "I"}};
  std::string out;
  for (auto [v, s] : table)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}

/// An amount as the annexes print it: one decimal, thousands grouped ("40.000,0" in Vietnamese,
/// "40,000.0" in English).
std::string amount_text(double v, Lang lang) {
  std::string s = fmt::format("{:.1f}", v);
  bool negative = !s.empty() && s[0] == '-';
  std::string digits = s.substr(negative ? 1 : 0);
  auto dot = digits.find('.');
  std::string whole = digits.substr(0, dot), frac = digits.substr(dot + 1);
  const char group = lang == Lang::vi ? '.' : ',', decimal = lang == Lang::vi ? ',' : '.';
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += group;
    grouped += whole[i];
  }
  return (negative ? "-" : "") + grouped + decimal + frac;
}

AnnexCell text_cell(std::string t, Look look = Look::text) { return AnnexCell{std::move(t), NAN, NAN, look}; }
AnnexCell number_cell(double v, Look look = Look::integer) {
  return AnnexCell{fmt::format("{}", v), v, NAN, look};
}
AnnexCell money_cell(double v, Lang lang) { return AnnexCell{amount_text(v, lang), v, NAN, Look::money}; }
AnnexCell blank(Look look = Look::text) { return AnnexCell{"", NAN, NAN, look}; }

/// The groups of an annex: districts in order of first appearance ("" when unknown).
struct Groups {
  std::vector<std::string> names;
  std::vector<std::vector<std::size_t>> units;
  void add(const std::string& district, std::size_t unit) {
    auto it = std::find(names.begin(), names.end(), district);
    if (it == names.end()) {
      names.push_back(district);
      units.emplace_back();
      it = names.end() - 1;
    }
    units[static_cast<std::size_t>(it - names.begin())].push_back(unit);
  }
  std::vector<std::size_t> all() const {
    std::vector<std::size_t> out;
    for (const auto& g : units) out.insert(out.end(), g.begin(), g.end());
    return out;
  }
};

std::string district_of(const assess::Assessment& a, std::size_t u) {
  const auto& d = a.units().districts;
  return u < d.size() ? d[u] : std::string();
}
std::string name_of(const assess::Assessment& a, std::size_t u) {
  const auto& n = a.units().names;
  return u < n.size() && !n[u].empty() ? n[u] : a.units().ids[u];
}

std::string level_name(const model::RuleSet& rules, std::string_view id, Lang lang) {
  for (const auto& l : rules.pack().levels)
    if (l.id == id) return l.name.in(lang).empty() ? l.id : l.name.in(lang);
  return std::string(id);
}

std::string criterion_title(const model::RuleSet& rules, std::size_t node, Lang lang) {
  const auto& info = rules.nodes()[node];
  if (info.kind == graph::NodeKind::criterion) {
    const auto& c = rules.pack().criteria[info.index];
    std::string n = c.name.in(lang);
    return n.empty() ? c.id : fmt::format("{}. {}", c.id, n);
  }
  return level_name(rules, info.id, lang);
}

constexpr std::array<assess::Review::Outcome, 4> kReviewOutcomes = {
    assess::Review::Outcome::keeps, assess::Review::Outcome::short_of, assess::Review::Outcome::revocation,
    assess::Review::Outcome::cannot_tell};

std::string review_word(assess::Review::Outcome o, Lang lang) {
  switch (o) {
    case assess::Review::Outcome::keeps: return tr("review.keeps", lang);
    case assess::Review::Outcome::short_of: return tr("review.short_of", lang);
    case assess::Review::Outcome::revocation: return tr("review.revocation", lang);
    case assess::Review::Outcome::cannot_tell: return tr("review.cannot_tell", lang);
  }
  return "?";
}

std::string policy_word(plan::Policy p, Lang lang) {
  switch (p) {
    case plan::Policy::protect_recognized: return tr("plan.policy.protect_recognized", lang);
    case plan::Policy::cheapest_first: return tr("plan.policy.cheapest_first", lang);
    case plan::Policy::most_units: return tr("plan.policy.most_units", lang);
    case plan::Policy::weighted: return tr("plan.policy.weighted", lang);
  }
  return std::string(plan::to_string(p));
}

Look mark_look(Status s) {
  switch (s) {
    case Status::unmet: return Look::unmet;
    case Status::unknown: return Look::unknown;
    default: return Look::center;
  }
}

std::string mark(Status s) { return assess::mark_labels()[static_cast<std::size_t>(assess::mark_code(s))]; }

std::string title_of_group(const std::string& district, std::size_t n, Lang lang) {
  return tr("annex.district_total", lang, district.empty() ? tr("annex.no_district", lang) : district, n);
}

/// A province or district row's first cells: its label (a Roman number for a district), its
/// title and how many units it sums.
AnnexRow group_head(AnnexRow::Kind kind, std::string label, std::string title, const std::string& district,
                    std::size_t units) {
  AnnexRow row;
  row.kind = kind;
  row.district = district;
  row.units = units;
  row.cells.push_back(text_cell(std::move(label), Look::center));
  row.cells.push_back(text_cell(std::move(title)));
  return row;
}

// ---- Biểu 01/02 and the units annex ------------------------------------------------------

/// A review-shaped annex over `units` (with their reviews where recognized) for `level`.
Annex review_like(const assess::Assessment& a, const std::vector<std::size_t>& units,
                  const std::map<std::size_t, const assess::Review*>& review_of, const std::string& level,
                  Annex::Kind kind, int number, const AnnexOptions& o) {
  const auto& rules = a.rules();
  const Lang lang = o.lang;
  Annex x;
  x.kind = kind;
  x.number = number;
  x.level = level;
  auto level_pos = a.position(level);
  std::vector<std::size_t> required, criteria;
  if (level_pos) {
    for (auto r = rules.required_level(*level_pos); r; r = rules.required_level(*r))
      required.insert(required.begin(), *r);
    auto members = rules.members(*level_pos);
    criteria.assign(members.begin(), members.end());
  }
  const auto* years = a.units().attribute("recognized_year");
  Groups groups;
  for (auto u : units) groups.add(district_of(a, u), u);

  x.sheet = kind == Annex::Kind::units ? tr("annex.units.sheet", lang)
                                       : tr("annex.sheet", lang, fmt::format("{:02}", number));
  if (kind == Annex::Kind::units) {
    x.title = tr("annex.units.title", lang, level_name(rules, level, lang), rules.pack().title.in(lang));
    x.empty = tr("annex.units.none", lang);
  } else {
    x.title = tr("annex.review.title", lang, level_name(rules, level, lang), rules.pack().title.in(lang));
    x.empty = tr("annex.review.none", lang);
  }
  if (!o.plan_name.empty()) x.attached = tr("annex.attached", lang, o.plan_name);
  x.subtitle = tr("annex.review.subtitle", lang, a.year(), rules.pack().id, units.size());
  std::string legend = fmt::format("Đ: {}; CĐ: {}; ?: {}; KAD: {}", tr("status.met", lang), tr("status.unmet", lang),
                                   tr("status.unknown", lang), tr("status.not_applicable", lang));
  x.note = tr("annex.review.note", lang, legend);

  const std::string group_title = tr("annex.column.criteria", lang);
  x.columns.push_back({CK::stt, "", tr("annex.column.stt", lang), "", 5});
  x.columns.push_back({CK::unit, "", tr("annex.column.unit", lang), "", 24});
  if (years) x.columns.push_back({CK::recognized_year, "", tr("annex.column.recognized_year", lang), "", 9});
  for (auto l : required) x.columns.push_back({CK::level, a.nodes()[l].id, criterion_title(rules, l, lang), group_title, 4.2});
  for (auto k : criteria)
    x.columns.push_back({CK::criterion, a.nodes()[k].id, criterion_title(rules, k, lang), group_title, 4.2});
  x.columns.push_back({CK::criteria_met, "", tr("annex.column.criteria_met", lang, criteria.size()), "", 8});
  x.columns.push_back({CK::criteria_unmet, "", tr("annex.column.criteria_unmet", lang), "", 26});
  x.columns.push_back({CK::review, "", tr("annex.column.review", lang), "", 24});

  auto outcome_counts = [&](const std::vector<std::size_t>& us) {
    std::array<std::size_t, 5> n{};
    for (auto u : us) {
      auto it = review_of.find(u);
      ++n[it == review_of.end() ? 4 : static_cast<std::size_t>(it->second->outcome)];
    }
    std::string t = tr("annex.review.counts", lang, n[0], n[1], n[2], n[3]);
    if (kind == Annex::Kind::units) t += tr("annex.units.not_recognized_count", lang, n[4]);
    return t;
  };
  auto group_row = [&](AnnexRow::Kind rk, std::string label, std::string title, const std::string& district,
                       const std::vector<std::size_t>& us) {
    AnnexRow row = group_head(rk, std::move(label), std::move(title), district, us.size());
    if (years) row.cells.push_back(blank(Look::center));
    auto count = [&](std::size_t node) {
      auto sts = a.status(node);
      double n = 0;
      for (auto u : us) n += sts[u] == Status::met || sts[u] == Status::not_applicable;
      AnnexCell c = number_cell(n, Look::center);
      if (!us.empty()) c.share = n / static_cast<double>(us.size());
      row.cells.push_back(std::move(c));
    };
    for (auto l : required) count(l);
    for (auto k : criteria) count(k);
    row.cells.push_back(blank(Look::center));
    row.cells.push_back(blank());
    row.cells.push_back(text_cell(outcome_counts(us)));
    x.rows.push_back(std::move(row));
  };

  group_row(AnnexRow::Kind::province, "", tr("annex.province_total", lang, units.size()), "", units);
  std::size_t stt = 0;
  for (std::size_t g = 0; g < groups.names.size(); ++g) {
    group_row(AnnexRow::Kind::district, roman(g + 1), title_of_group(groups.names[g], groups.units[g].size(), lang),
              groups.names[g], groups.units[g]);
    for (auto u : groups.units[g]) {
      auto it = review_of.find(u);
      const assess::Review* r = it == review_of.end() ? nullptr : it->second;
      AnnexRow row;
      row.kind = AnnexRow::Kind::unit;
      row.unit = a.units().ids[u];
      row.district = groups.names[g];
      row.outcome = r ? std::string(assess::to_string(r->outcome)) : "not_recognized";
      row.cells.push_back(number_cell(static_cast<double>(++stt), Look::center));
      row.cells.push_back(text_cell(name_of(a, u)));
      if (years) row.cells.push_back(text_cell((*years)[u], Look::center));
      std::size_t met = 0;
      for (auto l : required) {
        Status v = a.status(l)[u];
        row.cells.push_back(text_cell(mark(v), mark_look(v)));
      }
      std::vector<std::string> unmet_ids, unknown_ids;
      for (auto k : criteria) {
        Status v = a.status(k)[u];
        met += v == Status::met || v == Status::not_applicable;
        if (v == Status::unmet) unmet_ids.push_back(a.nodes()[k].id);
        if (v == Status::unknown) unknown_ids.push_back(a.nodes()[k].id);
        row.cells.push_back(text_cell(mark(v), mark_look(v)));
      }
      row.cells.push_back(number_cell(static_cast<double>(met)));
      // A review lists the criteria of the level and of the levels it requires; a unit without
      // one, those of this level.
      const auto& unmet = r ? r->criteria_unmet : unmet_ids;
      const auto& unknown = r ? r->criteria_unknown : unknown_ids;
      std::string t = fmt::format("{}", fmt::join(unmet, ", "));
      if (!unknown.empty()) t += tr("review.criteria_unknown", lang, fmt::format("{}", fmt::join(unknown, ", ")));
      row.cells.push_back(text_cell(std::move(t)));
      if (r)
        row.cells.push_back(text_cell(review_word(r->outcome, lang),
                                      r->outcome == assess::Review::Outcome::revocation ? Look::unmet : Look::text));
      else
        row.cells.push_back(text_cell(tr("annex.units.not_recognized", lang)));
      x.rows.push_back(std::move(row));
      ++x.units;
    }
  }
  return x;
}

bool keep_review(const AnnexFilter& f, const assess::Assessment& a, std::size_t u, std::string_view outcome) {
  if (!f.district.empty() && district_of(a, u) != f.district) return false;
  if (!f.review_outcome.empty() && outcome != f.review_outcome) return false;
  return true;
}

std::vector<std::string> reviewed_levels(const assess::Assessment& a, const assess::Summary& s) {
  std::vector<std::string> out;
  for (auto l : s.levels) {
    const std::string& id = a.nodes()[l].id;
    bool any = std::any_of(s.reviews.begin(), s.reviews.end(), [&](const assess::Review& r) { return r.level == id; });
    if (any) out.push_back(id);
  }
  return out;
}

// ---- Biểu 03/04 ---------------------------------------------------------------------------

struct Completion {
  std::map<int, std::vector<std::string>> by_year;  // year -> criteria completed that year
  std::vector<std::string> not_planned, unknown;
  std::size_t count() const {
    std::size_t n = not_planned.size() + unknown.size();
    for (const auto& [y, v] : by_year) n += v.size();
    return n;
  }
};

Annex roadmap_annex(const assess::Assessment& a, const plan::Plan& p, const Table& roadmap, const std::string& level,
                    int number, const AnnexOptions& o, const AnnexFilter& f) {
  const auto& rules = a.rules();
  const Lang lang = o.lang;
  Annex x;
  x.kind = Annex::Kind::roadmap;
  x.number = number;
  x.level = level;
  auto level_pos = a.position(level);
  std::set<std::string> req_ids;
  std::vector<std::size_t> reqs;
  if (level_pos) {
    const auto& r = rules.requirements(*level_pos);
    reqs.assign(r.begin(), r.end());
  }
  for (auto k : reqs) req_ids.insert(rules.nodes()[k].id);

  std::vector<const plan::Outcome*> outcomes;
  for (const auto& out : p.outcomes)
    if (out.level == level) outcomes.push_back(&out);
  Groups groups;
  std::map<std::size_t, const plan::Outcome*> outcome_of;
  for (const auto* out : outcomes) {
    if (outcome_of.count(out->unit)) continue;
    if (!f.district.empty() && district_of(a, out->unit) != f.district) continue;
    if (!f.plan_outcome.empty() && plan::to_string(out->kind) != f.plan_outcome) continue;
    outcome_of[out->unit] = out;
    groups.add(district_of(a, out->unit), out->unit);
  }
  // The roadmap table's criterion cells: a year, Đ, KAD, "-" (not planned) or "?" (unknown).
  std::map<std::string, std::size_t> roadmap_row;
  if (const auto* ids = roadmap.find("id"))
    for (std::size_t r = 0; r < ids->size(); ++r) roadmap_row[ids->text[r]] = r;
  std::vector<const Column*> crit_cols;
  for (auto k : reqs)
    if (rules.nodes()[k].kind == graph::NodeKind::criterion)
      if (const auto* col = roadmap.find(rules.nodes()[k].id)) crit_cols.push_back(col);
  auto completion = [&](std::size_t unit) {
    Completion cmp;
    auto it = roadmap_row.find(a.units().ids[unit]);
    if (it == roadmap_row.end()) return cmp;
    for (const auto* col : crit_cols) {
      std::int32_t code = col->codes[it->second];
      if (code < 0) continue;
      const std::string& label = col->labels[static_cast<std::size_t>(code)];
      if (label == "-") cmp.not_planned.push_back(col->name);
      else if (label == "?") cmp.unknown.push_back(col->name);
      else if (label != "Đ" && label != "KAD") cmp.by_year[std::stoi(label)].push_back(col->name);
    }
    return cmp;
  };
  // Cost per unit and year (each task's cost spread evenly over its years) and agencies.
  std::map<std::size_t, std::map<int, double>> cost;
  std::map<std::size_t, std::vector<std::string>> agencies;
  for (const auto& t : p.tasks) {
    if (!outcome_of.count(t.unit) || !req_ids.count(t.criterion)) continue;
    int years = std::max(1, t.end_year - t.start_year + 1);
    for (int y = t.start_year; y <= t.end_year; ++y) cost[t.unit][y] += t.cost / years;
    auto& ag = agencies[t.unit];
    std::string name = t.agency.empty() ? tr("annex.no_agency", lang) : t.agency;
    if (std::find(ag.begin(), ag.end(), name) == ag.end()) ag.push_back(name);
  }
  auto cost_of = [&](std::size_t u, int year) {
    auto ct = cost.find(u);
    if (ct == cost.end()) return 0.0;
    auto cy = ct->second.find(year);
    return cy == ct->second.end() ? 0.0 : cy->second;
  };

  const int first_year = p.first_year, last_year = p.last_year;
  x.sheet = tr("annex.sheet", lang, fmt::format("{:02}", number));
  int deadline = outcomes.empty() ? last_year : outcomes.front()->deadline;
  x.title = tr("annex.roadmap.title", lang, level_name(rules, level, lang), deadline, rules.pack().title.in(lang));
  if (!o.plan_name.empty()) x.attached = tr("annex.attached", lang, o.plan_name);
  x.subtitle = tr("annex.roadmap.subtitle", lang, first_year, last_year, rules.pack().id, outcome_of.size(), p.cost_unit);
  x.note = tr("annex.roadmap.note", lang);
  x.empty = tr("annex.roadmap.none", lang);
  x.columns.push_back({CK::stt, "", tr("annex.column.stt", lang), "", 5});
  x.columns.push_back({CK::unit, "", tr("annex.column.unit", lang), "", 24});
  x.columns.push_back({CK::unmet_now, "", tr("annex.column.unmet_now", lang, a.year()), "", 9});
  for (int y = first_year; y <= last_year; ++y) {
    std::string g = tr("annex.column.year", lang, y);
    x.columns.push_back({CK::completed, std::to_string(y), tr("annex.column.completed", lang), g, 16});
    x.columns.push_back({CK::cost, std::to_string(y), tr("annex.column.cost", lang, p.cost_unit), g, 11});
  }
  x.columns.push_back({CK::not_planned, "", tr("annex.column.not_planned", lang), "", 14});
  x.columns.push_back({CK::agency, "", tr("annex.column.agency", lang), "", 28});
  x.columns.push_back({CK::reached, "", tr("annex.column.reached", lang), "", 9});
  x.columns.push_back({CK::outcome, "", tr("annex.column.outcome", lang), "", 14});

  std::map<std::size_t, Completion> completions;
  for (const auto& [u, _] : outcome_of) completions[u] = completion(u);

  auto group_row = [&](AnnexRow::Kind rk, std::string label, std::string title, const std::string& district,
                       const std::vector<std::size_t>& us) {
    AnnexRow row = group_head(rk, std::move(label), std::move(title), district, us.size());
    double unmet = 0;
    for (auto u : us) unmet += static_cast<double>(completions.at(u).count());
    row.cells.push_back(number_cell(unmet, Look::center));
    for (int year = first_year; year <= last_year; ++year) {
      double n = 0, money = 0;
      for (auto u : us) {
        const auto& by = completions.at(u).by_year;
        if (auto it = by.find(year); it != by.end()) n += static_cast<double>(it->second.size());
        money += cost_of(u, year);
      }
      row.cells.push_back(number_cell(n, Look::center));
      row.cells.push_back(money_cell(money, lang));
    }
    double np = 0;
    for (auto u : us) np += static_cast<double>(completions.at(u).not_planned.size());
    row.cells.push_back(number_cell(np, Look::center));
    row.cells.push_back(blank());
    double reached = 0;
    std::array<std::size_t, 5> kinds{};
    for (auto u : us) {
      const auto* out = outcome_of.at(u);
      reached += out->reached_year && *out->reached_year <= out->deadline;
      ++kinds[static_cast<std::size_t>(out->kind)];
    }
    row.cells.push_back(number_cell(reached, Look::center));
    row.cells.push_back(
        text_cell(tr("annex.roadmap.counts", lang, kinds[0], kinds[1], kinds[2], kinds[3], kinds[4])));
    x.rows.push_back(std::move(row));
  };

  auto all = groups.all();
  group_row(AnnexRow::Kind::province, "", tr("annex.province_total", lang, all.size()), "", all);
  std::size_t stt = 0;
  for (std::size_t g = 0; g < groups.names.size(); ++g) {
    group_row(AnnexRow::Kind::district, roman(g + 1), title_of_group(groups.names[g], groups.units[g].size(), lang),
              groups.names[g], groups.units[g]);
    for (auto u : groups.units[g]) {
      const auto& cmp = completions.at(u);
      const auto* out = outcome_of.at(u);
      AnnexRow row;
      row.kind = AnnexRow::Kind::unit;
      row.unit = a.units().ids[u];
      row.district = groups.names[g];
      row.outcome = std::string(plan::to_string(out->kind));
      row.cells.push_back(number_cell(static_cast<double>(++stt), Look::center));
      row.cells.push_back(text_cell(name_of(a, u)));
      row.cells.push_back(number_cell(static_cast<double>(cmp.count())));
      for (int year = first_year; year <= last_year; ++year) {
        auto it = cmp.by_year.find(year);
        row.cells.push_back(text_cell(it == cmp.by_year.end() ? "" : fmt::format("{}", fmt::join(it->second, ", "))));
        double money = cost_of(u, year);
        row.cells.push_back(money != 0 ? money_cell(money, lang) : blank(Look::money));
      }
      std::string np = fmt::format("{}", fmt::join(cmp.not_planned, ", "));
      if (!cmp.unknown.empty()) np += tr("review.criteria_unknown", lang, fmt::format("{}", fmt::join(cmp.unknown, ", ")));
      row.cells.push_back(text_cell(np, cmp.not_planned.empty() ? Look::text : Look::unmet));
      auto ag = agencies.find(u);
      row.cells.push_back(text_cell(ag == agencies.end() ? "" : fmt::format("{}", fmt::join(ag->second, "; "))));
      row.cells.push_back(out->reached_year ? number_cell(*out->reached_year) : blank(Look::integer));
      row.cells.push_back(text_cell(plan::format_outcome(out->kind, lang)));
      x.rows.push_back(std::move(row));
      ++x.units;
    }
  }
  return x;
}

// ---- JSON ---------------------------------------------------------------------------------

using json = nlohmann::ordered_json;

std::string_view look_name(Look l) {
  switch (l) {
    case Look::text: return "text";
    case Look::center: return "center";
    case Look::integer: return "integer";
    case Look::money: return "money";
    case Look::unmet: return "unmet";
    case Look::unknown: return "unknown";
  }
  return "text";
}

std::string_view column_kind_name(CK k) {
  static constexpr std::array<std::string_view, 15> names = {
      "stt",       "unit",      "recognized_year", "level", "criterion",   "criteria_met", "criteria_unmet", "review",
      "unmet_now", "completed", "cost",            "not_planned", "agency", "reached",      "outcome"};
  return names[static_cast<std::size_t>(k)];
}

json annex_json(const Annex& x) {
  static constexpr std::array<std::string_view, 3> kinds = {"review", "roadmap", "units"};
  static constexpr std::array<std::string_view, 3> row_kinds = {"province", "district", "unit"};
  json j;
  j["kind"] = kinds[static_cast<std::size_t>(x.kind)];
  j["number"] = x.number;
  j["level"] = x.level;
  j["sheet"] = x.sheet;
  j["title"] = x.title;
  j["attached"] = x.attached;
  j["subtitle"] = x.subtitle;
  j["note"] = x.note;
  j["empty"] = x.empty;
  j["units"] = x.units;
  json cols = json::array();
  for (const auto& c : x.columns)
    cols.push_back({{"kind", column_kind_name(c.kind)}, {"id", c.id}, {"title", c.title}, {"group", c.group}});
  j["columns"] = std::move(cols);
  json rows = json::array();
  for (const auto& r : x.rows) {
    json e = {{"kind", row_kinds[static_cast<std::size_t>(r.kind)]}};
    if (r.kind == AnnexRow::Kind::unit) {
      e["unit"] = r.unit;
      e["outcome"] = r.outcome;
    } else {
      e["units"] = r.units;
    }
    if (r.kind != AnnexRow::Kind::province) e["district"] = r.district;
    json cells = json::array();
    for (const auto& c : r.cells) {
      json cj = {{"text", c.text}, {"look", look_name(c.look)}};
      if (!std::isnan(c.number)) cj["number"] = c.number;
      if (!std::isnan(c.share)) cj["share"] = c.share;
      cells.push_back(std::move(cj));
    }
    e["cells"] = std::move(cells);
    rows.push_back(std::move(e));
  }
  j["rows"] = std::move(rows);
  return j;
}

/// A typed table as JSON: its columns (name, title) and rows of cells as text for people
/// (categories by their titles, amounts as the annexes print them); null when missing.
json table_json(const Table& t, Lang lang) {
  json cols = json::array();
  for (const auto& c : t.columns) cols.push_back({{"name", c.name}, {"title", c.title.empty() ? c.name : c.title}});
  json rows = json::array();
  for (std::size_t r = 0; r < t.rows(); ++r) {
    json row = json::array();
    for (const auto& c : t.columns) {
      if (c.is_missing(r)) {
        row.push_back(nullptr);
        continue;
      }
      switch (c.type) {
        case Column::Type::number: row.push_back(amount_text(c.numbers[r], lang)); break;
        case Column::Type::integer: row.push_back(std::to_string(c.integers[r])); break;
        case Column::Type::boolean: row.push_back(c.flags[r] ? c.true_text : c.false_text); break;
        case Column::Type::category: {
          const auto& titles = c.label_titles.empty() ? c.labels : c.label_titles;
          row.push_back(titles[static_cast<std::size_t>(c.codes[r])]);
          break;
        }
        default: row.push_back(c.text[r]);
      }
    }
    rows.push_back(std::move(row));
  }
  return {{"columns", std::move(cols)}, {"rows", std::move(rows)}};
}

/// The rows of `t` where `keep` holds.
Table rows_where(const Table& t, const std::vector<bool>& keep) {
  Table out;
  for (const auto& c : t.columns) {
    Column& d = out.add(c);
    auto pick = [&](auto& v) {
      if (v.empty()) return;
      std::decay_t<decltype(v)> kept;
      for (std::size_t r = 0; r < keep.size(); ++r)
        if (keep[r]) kept.push_back(v[r]);
      v = std::move(kept);
    };
    pick(d.text);
    pick(d.integers);
    pick(d.numbers);
    pick(d.codes);
    pick(d.flags);
    pick(d.missing);
  }
  return out;
}

}  // namespace

// ---- The public functions ---------------------------------------------------------------

std::vector<Annex> review_annexes(const assess::Assessment& a, const assess::Summary& s, const AnnexOptions& o,
                                  const AnnexFilter& f) {
  std::vector<Annex> out;
  int number = o.first_number;
  for (const auto& level : reviewed_levels(a, s)) {
    std::vector<std::size_t> units;
    std::map<std::size_t, const assess::Review*> review_of;
    for (const auto& r : s.reviews)
      if (r.level == level && keep_review(f, a, r.unit, assess::to_string(r.outcome))) {
        units.push_back(r.unit);
        review_of[r.unit] = &r;
      }
    out.push_back(review_like(a, units, review_of, level, Annex::Kind::review, number++, o));
  }
  return out;
}

Annex units_annex(const assess::Assessment& a, const assess::Summary& s, const AnnexOptions& o, const AnnexFilter& f) {
  // A unit recognized at several levels is reviewed at each; the lowest level's review is the
  // one this annex shows (its criteria are the base level's).
  std::map<std::size_t, const assess::Review*> first_review;
  for (const auto& r : s.reviews) first_review.emplace(r.unit, &r);
  std::vector<std::size_t> units;
  std::map<std::size_t, const assess::Review*> review_of;
  for (std::size_t u = 0; u < a.size(); ++u) {
    auto it = first_review.find(u);
    std::string_view outcome = it == first_review.end() ? "not_recognized" : assess::to_string(it->second->outcome);
    if (!keep_review(f, a, u, outcome)) continue;
    units.push_back(u);
    if (it != first_review.end()) review_of[u] = it->second;
  }
  return review_like(a, units, review_of, a.nodes()[s.base_level].id, Annex::Kind::units, 0, o);
}

std::vector<Annex> roadmap_annexes(const assess::Assessment& a, const plan::Plan& p, int first_number,
                                   const AnnexOptions& o, const AnnexFilter& f) {
  Table roadmap = plan::roadmap_table(a, p, o.lang);
  std::vector<Annex> out;
  int number = first_number;
  for (auto l : a.levels()) {
    const std::string& id = a.nodes()[l].id;
    if (std::any_of(p.outcomes.begin(), p.outcomes.end(), [&](const plan::Outcome& x) { return x.level == id; }))
      out.push_back(roadmap_annex(a, p, roadmap, id, number++, o, f));
  }
  return out;
}

Table agencies_table(const plan::Plan& p, Lang lang) {
  struct Agency {
    std::size_t tasks = 0;
    std::set<std::size_t> units;
    std::vector<std::string> criteria;
    std::map<int, double> cost;
    double total = 0;
  };
  std::vector<std::string> order;
  std::map<std::string, Agency> by;
  for (const auto& t : p.tasks) {
    std::string name = t.agency.empty() ? tr("annex.no_agency", lang) : t.agency;
    auto [it, fresh] = by.try_emplace(name);
    if (fresh) order.push_back(name);
    Agency& g = it->second;
    ++g.tasks;
    g.units.insert(t.unit);
    if (std::find(g.criteria.begin(), g.criteria.end(), t.criterion) == g.criteria.end()) g.criteria.push_back(t.criterion);
    int years = std::max(1, t.end_year - t.start_year + 1);
    for (int y = t.start_year; y <= t.end_year; ++y) g.cost[y] += t.cost / years;
    g.total += t.cost;
  }
  Table out;
  auto& name = out.add(Column::make_text("agency", tr("agencies.column.agency", lang)));
  auto& tasks = out.add(Column::make_integer("tasks", tr("agencies.column.tasks", lang)));
  auto& units = out.add(Column::make_integer("units", tr("agencies.column.units", lang)));
  auto& crit = out.add(Column::make_text("criteria", tr("agencies.column.criteria", lang)));
  std::vector<Column*> years;
  for (int y = p.first_year; y <= p.last_year; ++y)
    years.push_back(&out.add(Column::make_number(fmt::format("cost_{}", y), tr("agencies.column.cost_year", lang, y, p.cost_unit))));
  auto& total = out.add(Column::make_number("cost", tr("agencies.column.cost", lang, p.cost_unit)));
  Agency sum;
  for (const auto& n : order) {
    const Agency& g = by.at(n);
    name.push_text(n);
    tasks.push_integer(static_cast<std::int64_t>(g.tasks));
    units.push_integer(static_cast<std::int64_t>(g.units.size()));
    crit.push_text(fmt::format("{}", fmt::join(g.criteria, ", ")));
    for (int y = p.first_year; y <= p.last_year; ++y) {
      auto it = g.cost.find(y);
      double v = it == g.cost.end() ? 0.0 : it->second;
      years[static_cast<std::size_t>(y - p.first_year)]->push_number(v);
      sum.cost[y] += v;
    }
    total.push_number(g.total);
    sum.tasks += g.tasks;
    sum.units.insert(g.units.begin(), g.units.end());
    sum.total += g.total;
  }
  name.push_text(tr("agencies.total", lang));
  tasks.push_integer(static_cast<std::int64_t>(sum.tasks));
  units.push_integer(static_cast<std::int64_t>(sum.units.size()));
  crit.push_text("");
  for (int y = p.first_year; y <= p.last_year; ++y) years[static_cast<std::size_t>(y - p.first_year)]->push_number(sum.cost[y]);
  total.push_number(sum.total);
  return out;
}

void write_annexes_json(std::ostream& out, const assess::Assessment& a, const assess::Summary& s, const plan::Plan* p,
                        const AnnexOptions& o, const AnnexFilter& f) {
  const Lang lang = o.lang;
  const auto& rules = a.rules();
  const auto& pack = rules.pack();
  json j;
  j["schema"] = "tieuchi.annexes/1";
  j["lang"] = lang == Lang::vi ? "vi" : "en";
  auto th = rules.thresholds();
  j["pack"] = {{"id", pack.id},
               {"title", pack.title.in(lang)},
               {"lineage", pack.lineage},
               {"thresholds",
                {{"verified", th.verified}, {"unverified", th.unverified}, {"illustrative", th.illustrative},
                 {"missing", th.missing}}}};
  j["year"] = a.year();
  j["units"] = a.size();
  j["plan_name"] = o.plan_name;
  j["filter"] = {{"district", f.district}, {"review_outcome", f.review_outcome}, {"plan_outcome", f.plan_outcome}};
  // The choices of the page's filters: every district of the table, every outcome in words.
  Groups all;
  for (std::size_t u = 0; u < a.size(); ++u) all.add(district_of(a, u), u);
  json districts = json::array();
  for (std::size_t g = 0; g < all.names.size(); ++g)
    districts.push_back({{"id", all.names[g]},
                         {"text", all.names[g].empty() ? tr("annex.no_district", lang) : all.names[g]},
                         {"units", all.units[g].size()}});
  json review_outcomes = json::array();
  for (auto k : kReviewOutcomes) review_outcomes.push_back({{"id", assess::to_string(k)}, {"text", review_word(k, lang)}});
  review_outcomes.push_back({{"id", "not_recognized"}, {"text", tr("annex.units.not_recognized", lang)}});
  json plan_outcomes = json::array();
  for (auto k : {plan::Outcome::Kind::already_met, plan::Outcome::Kind::on_time, plan::Outcome::Kind::late,
                 plan::Outcome::Kind::missed, plan::Outcome::Kind::cannot_tell})
    plan_outcomes.push_back({{"id", plan::to_string(k)}, {"text", plan::format_outcome(k, lang)}});
  j["choices"] = {{"districts", std::move(districts)},
                  {"review_outcomes", std::move(review_outcomes)},
                  {"plan_outcomes", std::move(plan_outcomes)}};
  json criteria = json::array();
  for (auto k : s.criteria) {
    const auto& info = rules.nodes()[k];
    std::string agency = info.kind == graph::NodeKind::criterion ? pack.criteria[info.index].agency : "";
    criteria.push_back({{"id", info.id}, {"title", criterion_title(rules, k, lang)}, {"agency", agency}});
  }
  j["criteria"] = std::move(criteria);
  // The ladder of levels (the targets a plan can have), and the conditions apart (recognition,
  // revocation), as the summary lists them.
  json levels = json::array(), conditions = json::array();
  for (auto l : s.levels) {
    const std::string& id = a.nodes()[l].id;
    auto it = std::find_if(pack.levels.begin(), pack.levels.end(), [&](const auto& x) { return x.id == id; });
    bool condition = it != pack.levels.end() && it->condition;
    json e = {{"id", id}, {"title", level_name(rules, id, lang)}};
    if (condition && it != pack.levels.end() && !it->revokes.empty()) e["revokes"] = it->revokes;
    (condition ? conditions : levels).push_back(std::move(e));
  }
  j["levels"] = std::move(levels);
  j["conditions"] = std::move(conditions);
  j["units_annex"] = annex_json(units_annex(a, s, o, f));
  json annexes = json::array();
  auto reviews = review_annexes(a, s, o, f);
  for (const auto& x : reviews) annexes.push_back(annex_json(x));
  if (p) {
    for (const auto& x : roadmap_annexes(a, *p, o.first_number + static_cast<int>(reviews.size()), o, f))
      annexes.push_back(annex_json(x));
  }
  j["annexes"] = std::move(annexes);
  if (p) {
    json pj;
    pj["horizon"] = {p->first_year, p->last_year};
    pj["policy"] = std::string(plan::to_string(p->policy));
    pj["policy_text"] = policy_word(p->policy, lang);
    pj["method"] = p->method;
    pj["cost_unit"] = p->cost_unit;
    pj["objective"] = p->objective;
    pj["bound"] = p->bound;
    pj["gap"] = p->gap;
    pj["optimal"] = p->optimal;
    pj["optimality_text"] = plan::format_optimality(*p, lang);
    pj["total_cost"] = p->total_cost;
    pj["total_cost_text"] = amount_text(p->total_cost, lang);
    pj["tasks"] = p->tasks.size();
    json counts = json::object();
    for (auto k : {plan::Outcome::Kind::already_met, plan::Outcome::Kind::on_time, plan::Outcome::Kind::late,
                   plan::Outcome::Kind::missed, plan::Outcome::Kind::cannot_tell})
      counts[std::string(plan::to_string(k))] =
          std::count_if(p->outcomes.begin(), p->outcomes.end(), [&](const plan::Outcome& x) { return x.kind == k; });
    pj["outcomes"] = std::move(counts);
    pj["agencies"] = table_json(agencies_table(*p, lang), lang);
    Table outcomes = plan::outcomes_table(a, *p, lang);
    std::vector<bool> keep;
    for (const auto& x : p->outcomes)
      keep.push_back(x.kind == plan::Outcome::Kind::late || x.kind == plan::Outcome::Kind::missed ||
                     x.kind == plan::Outcome::Kind::cannot_tell);
    pj["not_on_time"] = table_json(rows_where(outcomes, keep), lang);
    pj["budgets"] = table_json(plan::budgets_table(*p, lang), lang);
    j["plan"] = std::move(pj);
  } else {
    j["plan"] = nullptr;
  }
  out << j.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace tieuchi::io
