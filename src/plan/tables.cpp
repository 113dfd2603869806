// The plan's tables and words (tieuchi/plan/tables.hpp).
#include "tieuchi/plan/tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "tieuchi/assess/tables.hpp"
#include "text/format.hpp"

namespace tieuchi::plan {

using text::Lang;

namespace {

constexpr Outcome::Kind kOutcomeKinds[] = {Outcome::Kind::already_met, Outcome::Kind::on_time, Outcome::Kind::late,
                                           Outcome::Kind::missed, Outcome::Kind::cannot_tell};
constexpr BudgetScope kScopes[] = {BudgetScope::province, BudgetScope::district, BudgetScope::agency};

std::string amount_text(double v, int digits) {
  return digits ? fmt::format("{:.{}g}", v, digits) : fmt::format("{}", v);
}

/// "province", "district", "agency" in `lang`.
std::string scope_word(BudgetScope s, Lang lang) {
  switch (s) {
    case BudgetScope::province: return text::tr("plan.scope.province", lang);
    case BudgetScope::district: return text::tr("plan.scope.district", lang);
    case BudgetScope::agency: return text::tr("plan.scope.agency", lang);
  }
  return std::string(to_string(s));
}

Column outcome_column(std::string name, std::string title, Lang lang) {
  std::vector<std::string> ids, titles;
  for (auto k : kOutcomeKinds) {
    ids.emplace_back(to_string(k));
    titles.push_back(format_outcome(k, lang));
  }
  return Column::make_category(std::move(name), std::move(title), ids, false, titles);
}

/// Criteria (node positions) of the targets' levels, in the pack's order.
std::vector<std::size_t> roadmap_criteria(const assess::Assessment& a, const Plan& p) {
  std::set<std::size_t> pos;
  for (const auto& o : p.outcomes)
    if (auto l = a.position(o.level))
      for (auto m : a.rules().requirements(*l)) pos.insert(m);
  std::vector<std::size_t> ordered;
  for (const auto& c : a.rules().pack().criteria)
    if (auto at = a.position(c.id); at && pos.count(*at)) ordered.push_back(*at);
  return ordered;
}

}  // namespace

std::string format_outcome(Outcome::Kind k, Lang lang) {
  switch (k) {
    case Outcome::Kind::already_met: return text::tr("plan.outcome.already_met", lang);
    case Outcome::Kind::on_time: return text::tr("plan.outcome.on_time", lang);
    case Outcome::Kind::late: return text::tr("plan.outcome.late", lang);
    case Outcome::Kind::missed: return text::tr("plan.outcome.missed", lang);
    case Outcome::Kind::cannot_tell: return text::tr("plan.outcome.cannot_tell", lang);
  }
  return std::string(to_string(k));
}

std::string format_budget_name(BudgetScope scope, const std::string& name, Lang lang) {
  std::string s = scope_word(scope, lang);
  return name.empty() ? s : s + " " + name;
}

std::string format_reason(const Reason& r, Lang lang) {
  const std::string id = fmt::format("plan.reason.{}", to_string(r.kind));
  switch (r.kind) {
    case Reason::Kind::lower_unknown:
    case Reason::Kind::lower_missed: return text::tr(id, lang, r.level);
    case Reason::Kind::unknown: {
      std::vector<std::string> nodes;
      for (std::size_t k = 0; k < r.nodes.size(); ++k)
        nodes.push_back(k < r.needed_by.size() && !r.needed_by[k].empty()
                            ? text::tr("plan.reason.prerequisite_of", lang, r.nodes[k], r.needed_by[k])
                            : r.nodes[k]);
      return text::tr(id, lang, fmt::format("{}", fmt::join(nodes, ", ")));
    }
    case Reason::Kind::unremediable:
    case Reason::Kind::no_cost: return text::tr(id, lang, fmt::format("{}", fmt::join(r.nodes, ", ")));
    case Reason::Kind::chain_too_long:
      return text::tr(id, lang, fmt::format("{}", fmt::join(r.nodes, " -> ")), r.year, r.deadline);
    case Reason::Kind::budget_short:
      return r.budget ? text::tr(id, lang, r.budget->year, format_budget_name(r.budget->scope, r.budget->name, lang),
                                 r.budget->amount)
                      : text::tr(id, lang, 0, "", 0.0);
    case Reason::Kind::known_planned:
    case Reason::Kind::known_not_planned:
    case Reason::Kind::prerequisite_unplanned:
    case Reason::Kind::budget_exhausted: return text::tr(id, lang);
  }
  return std::string(to_string(r.kind));
}

std::string format_reasons(const Outcome& o, Lang lang) {
  std::vector<std::string> parts;
  for (const auto& r : o.reasons) parts.push_back(format_reason(r, lang));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string format_extra_budget(const Outcome& o, Lang lang, int digits) {
  std::vector<std::string> parts;
  for (const auto& b : o.extra_budget)
    parts.push_back(text::tr("plan.extra_budget.item", lang, b.year, format_budget_name(b.scope, b.name, lang),
                             amount_text(b.amount, digits)));
  return fmt::format("{}", fmt::join(parts, "; "));
}

Table tasks_table(const assess::Assessment& a, const Plan& p, Lang lang) {
  Table out;
  auto& start = out.add(Column::make_integer("start_year", text::tr("plan.header.start_year", lang)));
  auto& end = out.add(Column::make_integer("end_year", text::tr("plan.header.end_year", lang)));
  std::vector<std::size_t> rows;
  rows.reserve(p.tasks.size());
  for (const auto& k : p.tasks) {
    start.push_integer(k.start_year);
    end.push_integer(k.end_year);
    rows.push_back(k.unit);
  }
  assess::add_unit_columns(out, a, rows, lang);
  auto& criterion = out.add(Column::make_text("criterion", text::tr("plan.header.criterion", lang)));
  auto& indicator = out.add(Column::make_text("indicator", text::tr("plan.header.indicator", lang)));
  auto& cost = out.add(Column::make_number("cost", text::tr("plan.header.cost", lang)));
  auto& agency = out.add(Column::make_text("agency", text::tr("plan.header.agency", lang)));
  auto& pinned = out.add(Column::make_boolean("pinned", text::tr("plan.header.pinned", lang)));
  pinned.true_text = "yes";
  pinned.false_text = "";
  for (const auto& k : p.tasks) {
    criterion.push_text(k.criterion);
    indicator.push_text(k.indicator);
    cost.push_number(k.cost);
    agency.push_text(k.agency);
    pinned.push_flag(k.pinned);
  }
  return out;
}

std::string format_optimality(const Plan& p, Lang lang) {
  if (p.optimal) return text::tr("plan.summary.optimal", lang, fmt::format("{:.6g}", p.objective));
  return text::tr("plan.summary.gap", lang, fmt::format("{:.6g}", p.objective), fmt::format("{:.6g}", p.bound),
                  fmt::format("{:.2f}", 100 * p.gap));
}

Table roadmap_table(const assess::Assessment& a, const Plan& p, Lang lang) {
  const auto criteria = roadmap_criteria(a, p);
  std::vector<std::string> levels;
  for (const auto& o : p.outcomes)
    if (std::find(levels.begin(), levels.end(), o.level) == levels.end()) levels.push_back(o.level);
  // Per unit (in unit order): criterion node -> the last end year of its tasks; level -> outcome.
  std::map<std::size_t, std::map<std::size_t, int>> planned;
  std::set<int> years;
  for (const auto& k : p.tasks)
    if (auto c = a.position(k.criterion)) {
      int& y = planned[k.unit][*c];
      y = std::max(y, k.end_year);
    }
  for (int y = p.first_year; y <= p.last_year; ++y) years.insert(y);  // comparable whatever was planned
  for (const auto& [u, by] : planned)
    for (const auto& [c, y] : by) years.insert(y);
  std::map<std::size_t, std::map<std::string, const Outcome*>> outcomes;
  for (const auto& o : p.outcomes) outcomes[o.unit][o.level] = &o;
  std::vector<std::size_t> rows;
  for (const auto& [u, by] : outcomes) rows.push_back(u);

  Table out;
  assess::add_unit_columns(out, a, rows, lang);
  // The cell category: Đ < KAD < each planned year < "-" < "?".
  std::vector<std::string> labels = {"Đ", "KAD"};
  std::map<int, std::int32_t> year_code;
  for (int y : years) {
    year_code[y] = static_cast<std::int32_t>(labels.size());
    labels.push_back(std::to_string(y));
  }
  const auto not_planned = static_cast<std::int32_t>(labels.size());
  labels.push_back("-");
  const auto unknown = static_cast<std::int32_t>(labels.size());
  labels.push_back("?");
  for (auto c : criteria) {
    const std::string& id = a.nodes()[c].id;
    auto& col = out.add(Column::make_category(id, assess::column_title(a.rules(), id, lang), labels, true));
    const auto st = a.status(c);
    for (auto u : rows) {
      auto pu = planned.find(u);
      if (pu != planned.end())
        if (auto y = pu->second.find(c); y != pu->second.end()) {
          col.push_code(year_code.at(y->second));
          continue;
        }
      switch (st[u]) {
        case Status::met: col.push_code(0); break;
        case Status::not_applicable: col.push_code(1); break;
        case Status::unknown: col.push_code(unknown); break;
        case Status::unmet: col.push_code(not_planned); break;
      }
    }
  }
  for (const auto& l : levels) {
    const std::string title = assess::column_title(a.rules(), l, lang);
    auto& year = out.add(Column::make_integer(l + "_year", text::tr("plan.header.level_year", lang, title), true));
    auto& outcome = out.add(outcome_column(l + "_outcome", text::tr("plan.header.level_outcome", lang, title), lang));
    for (auto u : rows) {
      const auto& by = outcomes.at(u);
      auto it = by.find(l);
      if (it == by.end()) {
        year.push_missing();
        outcome.push_code(-1);
        continue;
      }
      const Outcome& o = *it->second;
      if (o.reached_year) year.push_integer(*o.reached_year);
      else year.push_missing();
      outcome.push_code(static_cast<std::int32_t>(o.kind));
    }
  }
  return out;
}

Table outcomes_table(const assess::Assessment& a, const Plan& p, Lang lang) {
  std::vector<std::size_t> rows;
  rows.reserve(p.outcomes.size());
  for (const auto& o : p.outcomes) rows.push_back(o.unit);
  Table out;
  assess::add_unit_columns(out, a, rows, lang);
  auto& level = out.add(Column::make_text("level", text::tr("plan.header.level", lang)));
  auto& deadline = out.add(Column::make_integer("deadline", text::tr("plan.header.deadline", lang)));
  auto& outcome = out.add(outcome_column("outcome", text::tr("plan.header.outcome", lang), lang));
  auto& reached = out.add(Column::make_integer("reached_year", text::tr("plan.header.reached_year", lang), true));
  auto& cost = out.add(Column::make_number("cost", text::tr("plan.header.cost", lang)));
  auto& value = out.add(Column::make_number("value", text::tr("plan.header.value", lang)));
  auto& reasons = out.add(Column::make_text("reasons", text::tr("plan.header.reasons", lang)));
  auto& extra = out.add(Column::make_text("extra_budget", text::tr("plan.header.extra_budget", lang)));
  for (const auto& o : p.outcomes) {
    level.push_text(o.level);
    deadline.push_integer(o.deadline);
    outcome.push_code(static_cast<std::int32_t>(o.kind));
    if (o.reached_year) reached.push_integer(*o.reached_year);
    else reached.push_missing();
    cost.push_number(o.cost);
    value.push_number(o.value);
    reasons.push_text(format_reasons(o, lang));
    extra.push_text(format_extra_budget(o, lang));
  }
  return out;
}

Table budgets_table(const Plan& p, Lang lang) {
  std::vector<std::string> ids, titles;
  for (auto s : kScopes) {
    ids.emplace_back(to_string(s));
    titles.push_back(scope_word(s, lang));
  }
  Table out;
  auto& year = out.add(Column::make_integer("year", text::tr("plan.header.year", lang)));
  auto& scope = out.add(Column::make_category("scope", text::tr("plan.header.scope", lang), ids, false, titles));
  auto& name = out.add(Column::make_text("name", text::tr("plan.header.budget_name", lang)));
  auto& planned = out.add(Column::make_number("planned", text::tr("plan.header.planned", lang)));
  auto& amount = out.add(Column::make_number("amount", text::tr("plan.header.amount", lang)));
  auto& left = out.add(Column::make_number("left", text::tr("plan.header.left", lang)));
  for (const auto& b : p.budgets) {
    year.push_integer(b.year);
    scope.push_code(static_cast<std::int32_t>(b.scope));
    name.push_text(b.name);
    planned.push_number(b.planned);
    amount.push_number(b.amount ? *b.amount : std::nan(""));
    left.push_number(b.amount ? *b.amount - b.planned : std::nan(""));
  }
  return out;
}

}  // namespace tieuchi::plan
