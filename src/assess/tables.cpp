// The planning table and the shortfalls as typed tables (tieuchi/assess/tables.hpp).
#include "tieuchi/assess/tables.hpp"

#include <fmt/format.h>


#include "assess/review.hpp"
#include "tieuchi/assess/shortfalls.hpp"
#include "text/format.hpp"

namespace tieuchi::assess {

namespace {

constexpr Review::Outcome kOutcomes[] = {Review::Outcome::keeps, Review::Outcome::short_of,
                                         Review::Outcome::revocation, Review::Outcome::cannot_tell};

Column marks(const Assessment& a, std::size_t node, Lang lang) {
  Column c = Column::make_category(a.nodes()[node].id, column_title(a.rules(), a.nodes()[node].id, lang),
                                   mark_labels(), true);
  // Filled straight from the statuses (every code is in range: no per-row check).
  const auto st = a.status(node);
  std::int32_t code_of[4];
  for (Status s : {Status::unmet, Status::unknown, Status::met, Status::not_applicable})
    code_of[static_cast<std::size_t>(s) & 3] = mark_code(s);
  c.codes.resize(st.size());
  for (std::size_t u = 0; u < st.size(); ++u) c.codes[u] = code_of[static_cast<std::size_t>(st[u]) & 3];
  return c;
}

}  // namespace

const std::vector<std::string>& mark_labels() {
  static const std::vector<std::string> labels = {"CĐ", "?", "Đ", "KAD"};
  return labels;
}

std::int32_t mark_code(Status s) noexcept {
  switch (s) {
    case Status::unmet: return 0;
    case Status::unknown: return 1;
    case Status::met: return 2;
    case Status::not_applicable: return 3;
  }
  return 1;
}

void add_unit_columns(Table& out, const Assessment& a, std::span<const std::size_t> rows, Lang lang) {
  const auto& t = a.units();
  auto& id = out.add(Column::make_text("id", text::tr("header.id", lang)));
  auto& name = out.add(Column::make_text("name", text::tr("header.name", lang)));
  auto& district = out.add(Column::make_text("district", text::tr("header.district", lang)));
  for (Column* c : {&id, &name, &district}) c->text.reserve(rows.size());
  for (std::size_t u : rows) {
    id.push_text(t.ids[u]);
    name.push_text(u < t.names.size() ? t.names[u] : std::string());
    district.push_text(u < t.districts.size() ? t.districts[u] : std::string());
  }
}

std::string column_title(const model::RuleSet& rules, std::string_view column, Lang lang) {
  // The columns with a header of their own (ids literal, so that the message check sees them).
  using Title = std::string (*)(Lang);
  static const std::pair<std::string_view, Title> headers[] = {
      {"id", [](Lang l) { return text::tr("header.id", l); }},
      {"name", [](Lang l) { return text::tr("header.name", l); }},
      {"district", [](Lang l) { return text::tr("header.district", l); }},
      {"recognized", [](Lang l) { return text::tr("header.recognized", l); }},
      {"criteria_met", [](Lang l) { return text::tr("header.criteria_met", l); }},
      {"criteria_unknown", [](Lang l) { return text::tr("header.criteria_unknown", l); }},
      {"highest_level", [](Lang l) { return text::tr("header.highest_level", l); }},
      {"review", [](Lang l) { return text::tr("header.review", l); }},
      {"review_criteria_unmet", [](Lang l) { return text::tr("header.review_criteria_unmet", l); }},
      {"unit", [](Lang l) { return text::tr("header.unit", l); }},
      {"node", [](Lang l) { return text::tr("header.node", l); }},
      {"status", [](Lang l) { return text::tr("header.status", l); }},
      {"value", [](Lang l) { return text::tr("header.value", l); }},
      {"threshold", [](Lang l) { return text::tr("header.threshold", l); }},
      {"gap", [](Lang l) { return text::tr("header.gap", l); }},
      {"criterion", [](Lang l) { return text::tr("header.criterion", l); }},
      {"criterion_name", [](Lang l) { return text::tr("header.criterion_name", l); }},
      {"agency", [](Lang l) { return text::tr("header.agency", l); }},
      {"indicators_unmet", [](Lang l) { return text::tr("header.indicators_unmet", l); }},
      {"indicators_unknown", [](Lang l) { return text::tr("header.indicators_unknown", l); }},
      {"units", [](Lang l) { return text::tr("header.units", l); }},
  };
  for (const auto& [name, title] : headers)
    if (name == column) return title(lang);
  const auto& pack = rules.pack();
  if (const auto* c = pack.find_criterion(column)) {
    const auto& name = c->name.in(lang);
    return name.empty() ? c->id : fmt::format("{}. {}", c->id, name);
  }
  if (const auto* l = pack.find_level(column)) {
    const auto& name = l->name.in(lang);
    return name.empty() ? l->id : name;
  }
  return std::string(column);
}

Table planning_table(const Assessment& a, const Summary& s, Lang lang) {
  const auto& t = a.units();
  const std::size_t n = a.size();
  Table out;
  ColumnVector<std::size_t> every(n);
  for (std::size_t u = 0; u < n; ++u) every[u] = u;
  add_unit_columns(out, a, every, lang);
  auto& rec = out.add(Column::make_text("recognized", text::tr("header.recognized", lang)));
  const auto* attr = t.attribute(s.recognized_attribute);
  rec.text.reserve(n);
  for (std::size_t u = 0; u < n; ++u) rec.push_text(attr ? (*attr)[u] : std::string());
  for (auto c : s.criteria) out.add(marks(a, c, lang));
  auto& met = out.add(Column::make_integer("criteria_met", text::tr("header.criteria_met", lang)));
  met.of = static_cast<std::int64_t>(s.criteria.size());
  auto& unknown = out.add(Column::make_integer("criteria_unknown", text::tr("header.criteria_unknown", lang)));
  met.integers.reserve(n);
  unknown.integers.reserve(n);
  for (std::size_t u = 0; u < n; ++u) {
    met.push_integer(static_cast<std::int64_t>(s.criteria_met[u]));
    unknown.push_integer(static_cast<std::int64_t>(s.criteria_unknown[u]));
  }
  // Highest level: a category of the ladder's levels (Assessment::levels()), lowest first.
  std::vector<std::string> level_ids, level_titles;
  std::vector<std::int32_t> code_of(a.nodes().size(), -1);
  for (auto l : a.levels()) {
    const auto& info = a.nodes()[l];
    code_of[l] = static_cast<std::int32_t>(level_ids.size());
    level_ids.push_back(info.id);
    level_titles.push_back(column_title(a.rules(), info.id, lang));
  }
  auto& highest = out.add(Column::make_category("highest_level", text::tr("header.highest_level", lang), level_ids,
                                                true, level_titles));
  highest.codes.reserve(n);
  for (std::size_t u = 0; u < n; ++u) {
    auto h = a.highest_level(u);
    highest.push_code(h && *h < code_of.size() ? code_of[*h] : -1);
  }
  for (auto l : s.levels) out.add(marks(a, l, lang));
  std::vector<std::string> outcome_ids, outcome_titles;
  for (auto o : kOutcomes) {
    outcome_ids.emplace_back(to_string(o));
    outcome_titles.emplace_back(outcome_label(o, lang));
  }
  auto& review = out.add(Column::make_category("review", text::tr("header.review", lang), outcome_ids, false,
                                               outcome_titles));
  auto& lost = out.add(Column::make_text("review_criteria_unmet", text::tr("header.review_criteria_unmet", lang)));
  review.codes.reserve(n);
  lost.text.reserve(n);
  ColumnVector<const Review*> of_unit(n, nullptr);
  for (const auto& r : s.reviews) of_unit[r.unit] = &r;
  for (std::size_t u = 0; u < n; ++u) {
    if (!of_unit[u]) {
      review.push_code(-1);
      lost.push_missing();
      continue;
    }
    review.push_code(static_cast<std::int32_t>(of_unit[u]->outcome));
    lost.push_text(fmt::format("{}", fmt::join(of_unit[u]->criteria_unmet, " ")));
  }
  return out;
}

Table shortfalls_table(const Assessment& a, Lang lang) {
  const auto rows = shortfalls(a);
  std::vector<std::size_t> units;
  units.reserve(rows.size());
  for (const auto& r : rows) units.push_back(r.unit);
  Table out;
  add_unit_columns(out, a, units, lang);
  auto& criterion = out.add(Column::make_text("criterion", text::tr("header.criterion", lang)));
  auto& name = out.add(Column::make_text("criterion_name", text::tr("header.criterion_name", lang)));
  auto& agency = out.add(Column::make_text("agency", text::tr("header.agency", lang)));
  auto& unmet = out.add(Column::make_text("indicators_unmet", text::tr("header.indicators_unmet", lang)));
  auto& unknown = out.add(Column::make_text("indicators_unknown", text::tr("header.indicators_unknown", lang)));
  const auto& pack = a.rules().pack();
  for (const auto& r : rows) {
    const auto& info = a.nodes()[r.criterion];
    const model::Criterion& c = pack.criteria[info.index];
    criterion.push_text(info.id);
    name.push_text(c.name.in(lang));
    agency.push_text(c.agency);
    unmet.push_text(r.unmet_text(a));
    unknown.push_text(r.unknown_text(a));
  }
  return out;
}

}  // namespace tieuchi::assess
