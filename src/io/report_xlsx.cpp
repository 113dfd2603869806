// The annexes an office files (Biểu 01-04) and the tables behind them, as one .xlsx workbook.
// Layouts in docs/workbooks.md; every word from the message catalogue.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "io/xlsx_book.hpp"
#include "text/format.hpp"
#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/assess/tables.hpp"
#include "tieuchi/io/workbooks.hpp"
#include "tieuchi/plan/tables.hpp"

namespace tieuchi::io {

namespace {

using text::Lang;
using text::tr;
using xlsx::Style;

constexpr std::uint32_t kFillHeader = 0xDDEBF7, kFillProvince = 0xBDD7EE, kFillDistrict = 0xE7E6E6,
                        kFillUnmet = 0xF8CBAD, kFillUnknown = 0xFFF2CC;

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

/// The styles every annex uses.
struct Styles {
  lxw_format *title, *subtitle, *plain_left, *header, *header_rotated, *text, *center, *integer, *money,
      *district_text, *district_center, *district_money, *province_text, *province_center, *province_money, *unmet,
      *unknown, *wrap, *annex_number, *note;
  explicit Styles(xlsx::Book& b) {
    title = b.format({.bold = true, .border = false, .size = 13, .align = LXW_ALIGN_CENTER});
    subtitle = b.format({.italic = true, .border = false, .align = LXW_ALIGN_CENTER});
    plain_left = b.format({.border = false});
    annex_number = b.format({.bold = true, .border = false});
    note = b.format({.italic = true, .wrap = false, .border = false, .size = 10});
    header = b.format({.bold = true, .wrap = true, .fill = kFillHeader, .align = LXW_ALIGN_CENTER});
    header_rotated = b.format({.bold = true, .wrap = true, .fill = kFillHeader, .align = LXW_ALIGN_CENTER, .rotation = 90});
    text = b.format({.wrap = true});
    center = b.format({.align = LXW_ALIGN_CENTER});
    integer = b.format({.align = LXW_ALIGN_CENTER, .num_format = "0"});
    money = b.format({.num_format = "#,##0.0"});
    wrap = b.format({.wrap = true});
    district_text = b.format({.bold = true, .wrap = true, .fill = kFillDistrict});
    district_center = b.format({.bold = true, .fill = kFillDistrict, .align = LXW_ALIGN_CENTER});
    district_money = b.format({.bold = true, .fill = kFillDistrict, .num_format = "#,##0.0"});
    province_text = b.format({.bold = true, .wrap = true, .fill = kFillProvince});
    province_center = b.format({.bold = true, .fill = kFillProvince, .align = LXW_ALIGN_CENTER});
    province_money = b.format({.bold = true, .fill = kFillProvince, .num_format = "#,##0.0"});
    unmet = b.format({.bold = true, .fill = kFillUnmet, .align = LXW_ALIGN_CENTER});
    unknown = b.format({.fill = kFillUnknown, .align = LXW_ALIGN_CENTER});
  }
};

void print_setup(lxw_worksheet* ws, std::uint32_t header_first, std::uint32_t header_last, Lang lang) {
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
  worksheet_fit_to_pages(ws, 1, 0);  // one page wide, as many tall as it takes
  xlsx::check(worksheet_repeat_rows(ws, header_first, header_last), "repeat_rows");
  std::string footer = tr("annex.footer", lang);  // "&CTrang &P/&N"
  xlsx::check(worksheet_set_footer(ws, footer.c_str()), "set_footer");
  worksheet_center_horizontally(ws);
}

/// The group a unit belongs to in an annex: its district ("" when unknown), in order of first
/// appearance.
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

std::string review_word(assess::Review::Outcome o, Lang lang) {
  switch (o) {
    case assess::Review::Outcome::keeps: return tr("review.keeps", lang);
    case assess::Review::Outcome::short_of: return tr("review.short_of", lang);
    case assess::Review::Outcome::revocation: return tr("review.revocation", lang);
    case assess::Review::Outcome::cannot_tell: return tr("review.cannot_tell", lang);
  }
  return "?";
}

lxw_format* mark_format(const Styles& st, Status s) {
  switch (s) {
    case Status::unmet: return st.unmet;
    case Status::unknown: return st.unknown;
    default: return st.center;
  }
}

std::string mark(Status s) { return assess::mark_labels()[static_cast<std::size_t>(assess::mark_code(s))]; }

void set_widths(lxw_worksheet* ws, const std::vector<double>& widths) {
  for (std::size_t c = 0; c < widths.size(); ++c)
    xlsx::check(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr),
                "set_column");
}

// ---- Biểu 01/02: the review of the units recognized at a level ----------------------------

void review_sheet(xlsx::Book& book, const Styles& st, const assess::Assessment& a, const assess::Summary& s,
                  const std::string& level, int number, const AnnexOptions& o) {
  const auto& rules = a.rules();
  const Lang lang = o.lang;
  auto level_pos = a.position(level);
  if (!level_pos) return;
  // Columns: STT, unit, [recognized year], one per required level, one per criterion of the
  // level, criteria met, criteria not met, outcome.
  std::vector<std::size_t> required;  // levels this one requires, lowest first
  for (auto r = rules.required_level(*level_pos); r; r = rules.required_level(*r)) required.insert(required.begin(), *r);
  auto members = rules.members(*level_pos);
  std::vector<std::size_t> criteria(members.begin(), members.end());
  const auto* years = a.units().attribute("recognized_year");

  std::vector<const assess::Review*> reviews;
  for (const auto& r : s.reviews)
    if (r.level == level) reviews.push_back(&r);
  Groups groups;
  for (const auto* r : reviews) groups.add(district_of(a, r->unit), r->unit);
  std::map<std::size_t, const assess::Review*> review_of;
  for (const auto* r : reviews) review_of[r->unit] = r;

  std::string sheet_name = tr("annex.sheet", lang, fmt::format("{:02}", number));
  lxw_worksheet* ws = book.add_sheet(sheet_name);
  std::uint16_t col = 0;
  const std::uint16_t c_stt = col++, c_unit = col++;
  const std::uint16_t c_year = years ? col++ : 0;
  const std::uint16_t c_marks = col;
  col = static_cast<std::uint16_t>(col + required.size() + criteria.size());
  const std::uint16_t c_met = col++, c_unmet = col++, c_outcome = col++;
  const std::uint16_t last = static_cast<std::uint16_t>(col - 1);

  std::vector<double> widths(col, 4.2);
  widths[c_stt] = 5;
  widths[c_unit] = 24;
  if (years) widths[c_year] = 9;
  widths[c_met] = 8;
  widths[c_unmet] = 26;
  widths[c_outcome] = 24;
  set_widths(ws, widths);

  // Title block.
  xlsx::text(ws, 0, 0, sheet_name, st.annex_number);
  xlsx::merge(ws, 1, 0, 1, last,
              tr("annex.review.title", lang, level_name(rules, level, lang), rules.pack().title.in(lang)), st.title);
  std::uint32_t row = 2;
  if (!o.plan_name.empty()) {
    xlsx::merge(ws, row, 0, row, last, tr("annex.attached", lang, o.plan_name), st.subtitle);
    ++row;
  }
  xlsx::merge(ws, row, 0, row, last, tr("annex.review.subtitle", lang, a.year(), rules.pack().id, reviews.size()),
              st.subtitle);
  row += 2;

  // Header: two rows.
  const std::uint32_t h1 = row, h2 = row + 1;
  xlsx::merge(ws, h1, c_stt, h2, c_stt, tr("annex.column.stt", lang), st.header);
  xlsx::merge(ws, h1, c_unit, h2, c_unit, tr("annex.column.unit", lang), st.header);
  if (years) xlsx::merge(ws, h1, c_year, h2, c_year, tr("annex.column.recognized_year", lang), st.header);
  std::uint16_t marks_end = static_cast<std::uint16_t>(c_marks + required.size() + criteria.size() - 1);
  xlsx::merge(ws, h1, c_marks, h1, marks_end, tr("annex.column.criteria", lang), st.header);
  std::uint16_t c = c_marks;
  for (auto l : required) xlsx::text(ws, h2, c++, criterion_title(rules, l, lang), st.header_rotated);
  for (auto k : criteria) xlsx::text(ws, h2, c++, criterion_title(rules, k, lang), st.header_rotated);
  xlsx::merge(ws, h1, c_met, h2, c_met, tr("annex.column.criteria_met", lang, criteria.size()), st.header);
  xlsx::merge(ws, h1, c_unmet, h2, c_unmet, tr("annex.column.criteria_unmet", lang), st.header);
  xlsx::merge(ws, h1, c_outcome, h2, c_outcome, tr("annex.column.review", lang), st.header);
  worksheet_set_row(ws, h2, 150, nullptr);
  row = h2 + 1;
  xlsx::RowFit fit(widths);
  auto put = [&](std::uint32_t r, std::uint16_t cc, const std::string& v, lxw_format* f) {
    xlsx::text(ws, r, cc, v, f);
    fit.note(r, cc, v);
  };

  auto outcome_counts = [&](const std::vector<std::size_t>& units) {
    std::array<std::size_t, 4> n{};
    for (auto u : units) ++n[static_cast<std::size_t>(review_of.at(u)->outcome)];
    return tr("annex.review.counts", lang, n[0], n[1], n[2], n[3]);
  };
  auto group_row = [&](std::uint32_t r, std::string label, std::string title, const std::vector<std::size_t>& units,
                       lxw_format* ftext, lxw_format* fcenter) {
    put(r, c_stt, label, fcenter);
    put(r, c_unit, title, ftext);
    if (years) xlsx::blank(ws, r, c_year, fcenter);
    std::uint16_t cc = c_marks;
    auto count = [&](std::size_t node) {
      auto sts = a.status(node);
      double n = 0;
      for (auto u : units) n += sts[u] == Status::met || sts[u] == Status::not_applicable;
      xlsx::number(ws, r, cc++, n, fcenter);
    };
    for (auto l : required) count(l);
    for (auto k : criteria) count(k);
    xlsx::blank(ws, r, c_met, fcenter);
    xlsx::blank(ws, r, c_unmet, ftext);
    put(r, c_outcome, outcome_counts(units), ftext);
  };

  std::vector<std::size_t> all;
  for (const auto& g : groups.units) all.insert(all.end(), g.begin(), g.end());
  group_row(row++, "", tr("annex.province_total", lang, all.size()), all, st.province_text, st.province_center);
  const std::uint32_t first_data = row;
  std::size_t stt = 0;
  for (std::size_t g = 0; g < groups.names.size(); ++g) {
    std::string title = groups.names[g].empty() ? tr("annex.no_district", lang) : groups.names[g];
    group_row(row++, roman(g + 1), tr("annex.district_total", lang, title, groups.units[g].size()), groups.units[g],
              st.district_text, st.district_center);
    for (auto u : groups.units[g]) {
      const auto& r = *review_of.at(u);
      xlsx::number(ws, row, c_stt, static_cast<double>(++stt), st.center);
      put(row, c_unit, name_of(a, u), st.text);
      if (years) put(row, c_year, (*years)[u], st.center);
      std::uint16_t cc = c_marks;
      std::size_t met = 0;
      for (auto l : required) {
        Status v = a.status(l)[u];
        put(row, cc++, mark(v), mark_format(st, v));
      }
      for (auto k : criteria) {
        Status v = a.status(k)[u];
        met += v == Status::met || v == Status::not_applicable;
        put(row, cc++, mark(v), mark_format(st, v));
      }
      xlsx::number(ws, row, c_met, static_cast<double>(met), st.integer);
      std::string unmet = fmt::format("{}", fmt::join(r.criteria_unmet, ", "));
      if (!r.criteria_unknown.empty())
        unmet += tr("review.criteria_unknown", lang, fmt::format("{}", fmt::join(r.criteria_unknown, ", ")));
      put(row, c_unmet, unmet, st.wrap);
      put(row, c_outcome, review_word(r.outcome, lang),
                 r.outcome == assess::Review::Outcome::revocation ? st.unmet : st.wrap);
      ++row;
    }
  }
  if (reviews.empty()) xlsx::merge(ws, row, 0, row, last, tr("annex.review.none", lang), st.text), ++row;
  ++row;
  std::string legend = fmt::format("Đ: {}; CĐ: {}; ?: {}; KAD: {}", tr("status.met", lang), tr("status.unmet", lang),
                                    tr("status.unknown", lang), tr("status.not_applicable", lang));
  xlsx::text(ws, row, 0, tr("annex.review.note", lang, legend), st.note);
  worksheet_freeze_panes(ws, first_data - 1, static_cast<lxw_col_t>(c_unit + 1));
  fit.apply(ws);
  print_setup(ws, h1, h2, lang);
}

// ---- Biểu 03/04: the roadmap of the units with a target at a level ----------------------

struct Completion {
  std::map<int, std::vector<std::string>> by_year;  // year -> criteria completed that year
  std::vector<std::string> not_planned, unknown;
};

void roadmap_sheet(xlsx::Book& book, const Styles& st, const assess::Assessment& a, const plan::Plan& p,
                   const Table& roadmap, const std::string& level, int number, const AnnexOptions& o) {
  const auto& rules = a.rules();
  const Lang lang = o.lang;
  auto level_pos = a.position(level);
  if (!level_pos) return;
  const auto& reqs = rules.requirements(*level_pos);
  std::set<std::string> req_ids;
  for (auto k : reqs) req_ids.insert(rules.nodes()[k].id);

  std::vector<const plan::Outcome*> outcomes;
  for (const auto& out : p.outcomes)
    if (out.level == level) outcomes.push_back(&out);
  Groups groups;
  std::map<std::size_t, const plan::Outcome*> outcome_of;
  for (const auto* out : outcomes) {
    if (outcome_of.count(out->unit)) continue;
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

  std::string sheet_name = tr("annex.sheet", lang, fmt::format("{:02}", number));
  lxw_worksheet* ws = book.add_sheet(sheet_name);
  const int first_year = p.first_year, last_year = p.last_year;
  const std::size_t nyears = static_cast<std::size_t>(std::max(0, last_year - first_year + 1));
  const std::uint16_t c_stt = 0, c_unit = 1, c_unmet = 2, c_years = 3;
  const std::uint16_t c_not_planned = static_cast<std::uint16_t>(c_years + 2 * nyears);
  const std::uint16_t c_agency = c_not_planned + 1, c_reached = c_agency + 1, c_outcome = c_reached + 1;
  const std::uint16_t last = c_outcome;
  std::vector<double> widths(last + 1, 12);
  widths[c_stt] = 5;
  widths[c_unit] = 24;
  widths[c_unmet] = 9;
  for (std::size_t y = 0; y < nyears; ++y) widths[c_years + 2 * y] = 16, widths[c_years + 2 * y + 1] = 11;
  widths[c_not_planned] = 14;
  widths[c_agency] = 28;
  widths[c_reached] = 9;
  widths[c_outcome] = 14;
  set_widths(ws, widths);

  xlsx::text(ws, 0, 0, sheet_name, st.annex_number);
  int deadline = outcomes.empty() ? last_year : outcomes.front()->deadline;
  xlsx::merge(ws, 1, 0, 1, last,
              tr("annex.roadmap.title", lang, level_name(rules, level, lang), deadline, rules.pack().title.in(lang)),
              st.title);
  std::uint32_t row = 2;
  if (!o.plan_name.empty()) {
    xlsx::merge(ws, row, 0, row, last, tr("annex.attached", lang, o.plan_name), st.subtitle);
    ++row;
  }
  xlsx::merge(ws, row, 0, row, last,
              tr("annex.roadmap.subtitle", lang, first_year, last_year, rules.pack().id, outcome_of.size(), p.cost_unit),
              st.subtitle);
  row += 2;
  const std::uint32_t h1 = row, h2 = row + 1;
  xlsx::merge(ws, h1, c_stt, h2, c_stt, tr("annex.column.stt", lang), st.header);
  xlsx::merge(ws, h1, c_unit, h2, c_unit, tr("annex.column.unit", lang), st.header);
  xlsx::merge(ws, h1, c_unmet, h2, c_unmet, tr("annex.column.unmet_now", lang, a.year()), st.header);
  for (std::size_t y = 0; y < nyears; ++y) {
    auto cc = static_cast<std::uint16_t>(c_years + 2 * y);
    xlsx::merge(ws, h1, cc, h1, cc + 1, tr("annex.column.year", lang, first_year + static_cast<int>(y)), st.header);
    xlsx::text(ws, h2, cc, tr("annex.column.completed", lang), st.header);
    xlsx::text(ws, h2, cc + 1, tr("annex.column.cost", lang, p.cost_unit), st.header);
  }
  xlsx::merge(ws, h1, c_not_planned, h2, c_not_planned, tr("annex.column.not_planned", lang), st.header);
  xlsx::merge(ws, h1, c_agency, h2, c_agency, tr("annex.column.agency", lang), st.header);
  xlsx::merge(ws, h1, c_reached, h2, c_reached, tr("annex.column.reached", lang), st.header);
  xlsx::merge(ws, h1, c_outcome, h2, c_outcome, tr("annex.column.outcome", lang), st.header);
  worksheet_set_row(ws, h2, 32, nullptr);
  row = h2 + 1;
  xlsx::RowFit fit(widths);
  auto put = [&](std::uint32_t r, std::uint16_t cc, const std::string& v, lxw_format* f) {
    xlsx::text(ws, r, cc, v, f);
    fit.note(r, cc, v);
  };

  std::map<std::size_t, Completion> completions;
  for (const auto& [u, _] : outcome_of) completions[u] = completion(u);

  auto group_row = [&](std::uint32_t r, std::string label, std::string title, const std::vector<std::size_t>& units,
                       lxw_format* ftext, lxw_format* fcenter, lxw_format* fmoney) {
    put(r, c_stt, label, fcenter);
    put(r, c_unit, title, ftext);
    double unmet = 0;
    for (auto u : units) {
      const auto& cmp = completions.at(u);
      std::size_t n = cmp.not_planned.size() + cmp.unknown.size();
      for (const auto& [y, v] : cmp.by_year) n += v.size();
      unmet += static_cast<double>(n);
    }
    xlsx::number(ws, r, c_unmet, unmet, fcenter);
    for (std::size_t y = 0; y < nyears; ++y) {
      int year = first_year + static_cast<int>(y);
      double n = 0, money = 0;
      for (auto u : units) {
        auto it = completions.at(u).by_year.find(year);
        if (it != completions.at(u).by_year.end()) n += static_cast<double>(it->second.size());
        auto ct = cost.find(u);
        if (ct != cost.end()) {
          auto cy = ct->second.find(year);
          if (cy != ct->second.end()) money += cy->second;
        }
      }
      auto cc = static_cast<std::uint16_t>(c_years + 2 * y);
      xlsx::number(ws, r, cc, n, fcenter);
      xlsx::number(ws, r, cc + 1, money, fmoney);
    }
    double np = 0;
    for (auto u : units) np += static_cast<double>(completions.at(u).not_planned.size());
    xlsx::number(ws, r, c_not_planned, np, fcenter);
    xlsx::blank(ws, r, c_agency, ftext);
    double reached = 0;
    std::array<std::size_t, 5> kinds{};
    for (auto u : units) {
      const auto* out = outcome_of.at(u);
      reached += out->reached_year && *out->reached_year <= out->deadline;
      ++kinds[static_cast<std::size_t>(out->kind)];
    }
    xlsx::number(ws, r, c_reached, reached, fcenter);
    put(r, c_outcome, tr("annex.roadmap.counts", lang, kinds[0], kinds[1], kinds[2], kinds[3], kinds[4]),
               ftext);
  };

  std::vector<std::size_t> all;
  for (const auto& g : groups.units) all.insert(all.end(), g.begin(), g.end());
  group_row(row++, "", tr("annex.province_total", lang, all.size()), all, st.province_text, st.province_center,
            st.province_money);
  const std::uint32_t first_data = row;
  std::size_t stt = 0;
  for (std::size_t g = 0; g < groups.names.size(); ++g) {
    std::string title = groups.names[g].empty() ? tr("annex.no_district", lang) : groups.names[g];
    group_row(row++, roman(g + 1), tr("annex.district_total", lang, title, groups.units[g].size()), groups.units[g],
              st.district_text, st.district_center, st.district_money);
    for (auto u : groups.units[g]) {
      const auto& cmp = completions.at(u);
      const auto* out = outcome_of.at(u);
      xlsx::number(ws, row, c_stt, static_cast<double>(++stt), st.center);
      put(row, c_unit, name_of(a, u), st.text);
      std::size_t n = cmp.not_planned.size() + cmp.unknown.size();
      for (const auto& [y, v] : cmp.by_year) n += v.size();
      xlsx::number(ws, row, c_unmet, static_cast<double>(n), st.integer);
      for (std::size_t y = 0; y < nyears; ++y) {
        int year = first_year + static_cast<int>(y);
        auto cc = static_cast<std::uint16_t>(c_years + 2 * y);
        auto it = cmp.by_year.find(year);
        put(row, cc, it == cmp.by_year.end() ? "" : fmt::format("{}", fmt::join(it->second, ", ")), st.wrap);
        double money = 0;
        if (auto ct = cost.find(u); ct != cost.end())
          if (auto cy = ct->second.find(year); cy != ct->second.end()) money = cy->second;
        if (money != 0) xlsx::number(ws, row, cc + 1, money, st.money);
        else xlsx::blank(ws, row, cc + 1, st.money);
      }
      std::string np = fmt::format("{}", fmt::join(cmp.not_planned, ", "));
      if (!cmp.unknown.empty()) np += tr("review.criteria_unknown", lang, fmt::format("{}", fmt::join(cmp.unknown, ", ")));
      put(row, c_not_planned, np, cmp.not_planned.empty() ? st.wrap : st.unmet);
      auto ag = agencies.find(u);
      put(row, c_agency, ag == agencies.end() ? "" : fmt::format("{}", fmt::join(ag->second, "; ")), st.wrap);
      if (out->reached_year) xlsx::number(ws, row, c_reached, *out->reached_year, st.integer);
      else xlsx::blank(ws, row, c_reached, st.integer);
      put(row, c_outcome, plan::format_outcome(out->kind, lang), st.wrap);
      ++row;
    }
  }
  if (outcome_of.empty()) xlsx::merge(ws, row, 0, row, last, tr("annex.roadmap.none", lang), st.text), ++row;
  ++row;
  xlsx::text(ws, row, 0, tr("annex.roadmap.note", lang), st.note);
  worksheet_freeze_panes(ws, first_data - 1, static_cast<lxw_col_t>(c_unit + 1));
  fit.apply(ws);
  print_setup(ws, h1, h2, lang);
}

// ---- A typed table as a plain sheet (the data behind the annexes) ------------------------

void table_sheet(xlsx::Book& book, const Styles& st, const Table& t, std::string_view name) {
  lxw_worksheet* ws = book.add_sheet(name);
  std::vector<double> widths(t.columns.size(), 10);
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const Column& col = t.columns[c];
    auto cc = static_cast<std::uint16_t>(c);
    xlsx::text(ws, 0, cc, col.title.empty() ? col.name : col.title, st.header);
    double w = std::min<double>(40, std::max<double>(6, static_cast<double>(col.title.size()) * 0.8));
    for (std::size_t r = 0; r < col.size(); ++r) {
      auto row = static_cast<std::uint32_t>(r + 1);
      if (col.is_missing(r)) continue;
      switch (col.type) {
        case Column::Type::number: xlsx::number(ws, row, cc, col.numbers[r], nullptr); break;
        case Column::Type::integer: xlsx::number(ws, row, cc, static_cast<double>(col.integers[r]), nullptr); break;
        case Column::Type::category: {
          const auto& titles = col.label_titles.empty() ? col.labels : col.label_titles;
          xlsx::text(ws, row, cc, titles[static_cast<std::size_t>(col.codes[r])], nullptr);
          break;
        }
        default: {
          std::string v = col.cell(r);
          if (r < 200) w = std::max(w, std::min<double>(40, static_cast<double>(v.size()) * 0.9));
          xlsx::text(ws, row, cc, v, nullptr);
        }
      }
    }
    widths[c] = w;
  }
  set_widths(ws, widths);
  worksheet_freeze_panes(ws, 1, 0);
  if (t.rows() > 0 && !t.columns.empty())
    xlsx::check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(t.rows()),
                                     static_cast<lxw_col_t>(t.columns.size() - 1)),
                "autofilter");
}

// ---- About: what the numbers rest on -----------------------------------------------------

void about_sheet(xlsx::Book& book, const Styles& st, const assess::Assessment& a, const plan::Plan* p,
                 const AnnexOptions& o) {
  const Lang lang = o.lang;
  const auto& rules = a.rules();
  const auto& pack = rules.pack();
  lxw_worksheet* ws = book.add_sheet(tr("sheet.about", lang));
  set_widths(ws, {34, 90});
  auto th = rules.thresholds();
  std::vector<std::pair<std::string, std::string>> rows = {
      {tr("about.pack", lang), pack.id},
      {tr("about.title", lang), pack.title.in(lang)},
      {tr("about.lineage", lang), fmt::format("{}", fmt::join(pack.lineage, " > "))},
      {tr("about.year", lang), std::to_string(a.year())},
      {tr("about.units", lang), std::to_string(a.size())},
      {tr("about.thresholds_verified", lang), std::to_string(th.verified)},
      {tr("about.thresholds_unverified", lang), std::to_string(th.unverified)},
      {tr("about.thresholds_illustrative", lang), std::to_string(th.illustrative)},
      {tr("about.thresholds_missing", lang), fmt::format("{}", fmt::join(th.missing, ", "))},
      {tr("about.legend", lang), tr("about.legend_text", lang)},
  };
  if (!o.plan_name.empty()) rows.insert(rows.begin(), {tr("about.plan_name", lang), o.plan_name});
  if (p) {
    rows.push_back({tr("about.horizon", lang), fmt::format("{}-{}", p->first_year, p->last_year)});
    rows.push_back({tr("about.policy", lang), std::string(plan::to_string(p->policy))});
    rows.push_back({tr("about.method", lang), p->method});
    rows.push_back({tr("about.total_cost", lang), fmt::format("{:.1f} {}", p->total_cost, p->cost_unit)});
  }
  std::uint32_t r = 0;
  xlsx::merge(ws, r, 0, r, 1, tr("about.heading", lang), st.title);
  r += 2;
  for (const auto& [k, v] : rows) {
    xlsx::text(ws, r, 0, k, st.header);
    xlsx::text(ws, r, 1, v, st.wrap);
    ++r;
  }
  if (th.illustrative > 0) {
    ++r;
    xlsx::merge(ws, r, 0, r, 1, tr("about.illustrative_warning", lang, th.illustrative), st.unmet);
    ++r;
  }
  ++r;
  xlsx::merge(ws, r, 0, r, 1, tr("about.criteria", lang), st.header);
  ++r;
  for (const auto& c : pack.criteria) {
    xlsx::text(ws, r, 0, c.id, st.center);
    std::string agency = c.agency.empty() ? "" : fmt::format(" ({})", c.agency);
    xlsx::text(ws, r, 1, c.name.in(lang) + agency, st.wrap);
    ++r;
  }
  worksheet_set_portrait(ws);
  worksheet_set_paper(ws, 9);
  worksheet_fit_to_pages(ws, 1, 0);
}

/// The levels units are recognized at in the review, lowest first.
std::vector<std::string> reviewed_levels(const assess::Assessment& a, const assess::Summary& s) {
  std::vector<std::string> out;
  for (auto l : s.levels) {
    const std::string& id = a.nodes()[l].id;
    bool any = std::any_of(s.reviews.begin(), s.reviews.end(), [&](const assess::Review& r) { return r.level == id; });
    if (any) out.push_back(id);
  }
  return out;
}

int write_reviews(xlsx::Book& book, const Styles& st, const assess::Assessment& a, const assess::Summary& s,
                  const AnnexOptions& o) {
  int number = o.first_number;
  for (const auto& level : reviewed_levels(a, s)) review_sheet(book, st, a, s, level, number++, o);
  return number;
}

}  // namespace

void write_review_workbook(const std::filesystem::path& path, const assess::Assessment& a, const assess::Summary& s,
                           const AnnexOptions& o) {
  xlsx::Book book(path);
  Styles st(book);
  write_reviews(book, st, a, s, o);
  table_sheet(book, st, assess::planning_table(a, s, o.lang), tr("sheet.summary", o.lang));
  table_sheet(book, st, assess::shortfalls_table(a, o.lang), tr("sheet.criteria_unmet", o.lang));
  about_sheet(book, st, a, nullptr, o);
  book.close();
}

void write_plan_workbook(const std::filesystem::path& path, const assess::Assessment& a, const assess::Summary& s,
                         const plan::Plan& p, const AnnexOptions& o) {
  xlsx::Book book(path);
  Styles st(book);
  int number = write_reviews(book, st, a, s, o);
  Table roadmap = plan::roadmap_table(a, p, o.lang);
  std::vector<std::string> levels;
  for (auto l : a.levels()) {
    const std::string& id = a.nodes()[l].id;
    if (std::any_of(p.outcomes.begin(), p.outcomes.end(), [&](const plan::Outcome& out) { return out.level == id; }))
      levels.push_back(id);
  }
  for (const auto& level : levels) roadmap_sheet(book, st, a, p, roadmap, level, number++, o);
  table_sheet(book, st, roadmap, tr("plan.sheet.roadmap", o.lang));
  table_sheet(book, st, plan::tasks_table(a, p, o.lang), tr("plan.sheet.tasks", o.lang));
  table_sheet(book, st, plan::outcomes_table(a, p, o.lang), tr("plan.sheet.outcomes", o.lang));
  table_sheet(book, st, plan::budgets_table(p, o.lang), tr("plan.sheet.budgets", o.lang));
  about_sheet(book, st, a, &p, o);
  book.close();
}

}  // namespace tieuchi::io
