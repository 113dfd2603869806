// The planner's reports: the task list, the roadmap table, outcomes, budget totals, plan.json and
// the printed summary.
#include "tieuchi/io/plan_writers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support/csv_table.hpp"
#include "text/format.hpp"

namespace tieuchi::io {

namespace {

using plan::BudgetScope;
using plan::Outcome;
using plan::Plan;
using plan::Reason;
using plan::to_string;
using support::csv_cell;

/// Amounts in tables: the shortest text that reads back to the same number.
std::string money(double v) { return fmt::format("{}", v); }
/// Amounts in the printed summary: rounded for reading.
std::string rounded(double v) { return fmt::format("{:.6g}", v); }

std::string outcome_name(Outcome::Kind k, text::Lang lang) {
  return text::tr(fmt::format("plan.outcome.{}", to_string(k)), lang);
}

/// "province", "district Huyện A", "agency Sở GTVT" (in `lang`).
std::string budget_name(const plan::Budget& b, text::Lang lang) {
  std::string s = text::tr(fmt::format("plan.scope.{}", to_string(b.scope)), lang);
  return b.name.empty() ? s : s + " " + b.name;
}

}  // namespace

std::string format_reason(const Reason& r, text::Lang lang) {
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
      return r.budget ? text::tr(id, lang, r.budget->year, budget_name(*r.budget, lang), r.budget->amount)
                      : text::tr(id, lang, 0, "", 0.0);
    case Reason::Kind::known_planned:
    case Reason::Kind::known_not_planned:
    case Reason::Kind::prerequisite_unplanned:
    case Reason::Kind::budget_exhausted: return text::tr(id, lang);
  }
  return std::string(to_string(r.kind));
}

void write_tasks_csv(std::ostream& out, const assess::Assessment& a, const Plan& p) {
  const auto& t = a.units();
  out << "start_year,end_year,id,name,district,criterion,indicator,cost,agency,pinned\n";
  for (const auto& k : p.tasks)
    out << k.start_year << ',' << k.end_year << ',' << csv_cell(t.ids[k.unit]) << ','
        << csv_cell(k.unit < t.names.size() ? t.names[k.unit] : "") << ','
        << csv_cell(k.unit < t.districts.size() ? t.districts[k.unit] : "") << ',' << csv_cell(k.criterion) << ','
        << csv_cell(k.indicator) << ',' << money(k.cost) << ',' << csv_cell(k.agency) << ',' << (k.pinned ? "yes" : "")
        << '\n';
}

namespace {

/// Criteria (ids) of the targets' levels, in the pack's order.
std::vector<std::string> roadmap_criteria(const assess::Assessment& a, const Plan& p) {
  std::set<std::size_t> pos;
  for (const auto& o : p.outcomes)
    if (auto l = a.position(o.level))
      for (auto m : a.rules().requirements(*l)) pos.insert(m);
  std::vector<std::string> out;
  for (auto c : pos) out.push_back(a.nodes()[c].id);
  std::vector<std::string> ordered;
  for (const auto& c : a.rules().pack().criteria)
    if (std::find(out.begin(), out.end(), c.id) != out.end()) ordered.push_back(c.id);
  return ordered;
}

std::string reasons_text(const Outcome& o, text::Lang lang) {
  std::vector<std::string> parts;
  for (const auto& r : o.reasons) parts.push_back(format_reason(r, lang));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string extra_text(const Outcome& o, text::Lang lang, std::string (*amount)(double) = money) {
  std::vector<std::string> parts;
  for (const auto& b : o.extra_budget)
    parts.push_back(text::tr("plan.extra_budget.item", lang, b.year, budget_name(b, lang), amount(b.amount)));
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

void write_roadmap_csv(std::ostream& out, const assess::Assessment& a, const Plan& p) {
  const auto& t = a.units();
  auto criteria = roadmap_criteria(a, p);
  std::vector<std::string> levels;
  for (const auto& o : p.outcomes)
    if (std::find(levels.begin(), levels.end(), o.level) == levels.end()) levels.push_back(o.level);
  // Per unit: criterion -> last end year of its tasks.
  std::map<std::size_t, std::map<std::string, int>> planned;
  for (const auto& k : p.tasks) {
    int& y = planned[k.unit][k.criterion];
    y = std::max(y, k.end_year);
  }
  std::map<std::size_t, std::map<std::string, const Outcome*>> outcomes;
  for (const auto& o : p.outcomes) outcomes[o.unit][o.level] = &o;
  out << "id,name,district";
  for (const auto& c : criteria) out << ',' << csv_cell(c);
  for (const auto& l : levels) out << ',' << csv_cell(l + "_year") << ',' << csv_cell(l + "_outcome");
  out << '\n';
  for (const auto& [u, by_level] : outcomes) {
    out << csv_cell(t.ids[u]) << ',' << csv_cell(u < t.names.size() ? t.names[u] : "") << ','
        << csv_cell(u < t.districts.size() ? t.districts[u] : "");
    for (const auto& c : criteria) {
      auto pos = a.position(c);
      Status st = a.status(*pos)[u];
      auto pu = planned.find(u);
      std::string cell;
      if (pu != planned.end() && pu->second.count(c)) cell = std::to_string(pu->second.at(c));
      else if (st == Status::met) cell = "Đ";
      else if (st == Status::not_applicable) cell = "KAD";
      else if (st == Status::unknown) cell = "?";
      else cell = "-";
      out << ',' << cell;
    }
    for (const auto& l : levels) {
      auto it = by_level.find(l);
      if (it == by_level.end()) {
        out << ",,";
        continue;
      }
      const Outcome& o = *it->second;
      out << ',' << (o.reached_year ? std::to_string(*o.reached_year) : "") << ',' << to_string(o.kind);
    }
    out << '\n';
  }
}

void write_outcomes_csv(std::ostream& out, const assess::Assessment& a, const Plan& p, text::Lang lang) {
  const auto& t = a.units();
  out << "id,name,district,level,deadline,outcome,reached_year,cost,value,reasons,extra_budget\n";
  for (const auto& o : p.outcomes)
    out << csv_cell(t.ids[o.unit]) << ',' << csv_cell(o.unit < t.names.size() ? t.names[o.unit] : "") << ','
        << csv_cell(o.unit < t.districts.size() ? t.districts[o.unit] : "") << ',' << csv_cell(o.level) << ','
        << o.deadline << ',' << to_string(o.kind) << ',' << (o.reached_year ? std::to_string(*o.reached_year) : "")
        << ',' << money(o.cost) << ',' << money(o.value) << ',' << csv_cell(reasons_text(o, lang)) << ','
        << csv_cell(extra_text(o, lang)) << '\n';
}

void write_budgets_csv(std::ostream& out, const Plan& p) {
  out << "year,scope,name,planned,amount,left\n";
  for (const auto& b : p.budgets)
    out << b.year << ',' << to_string(b.scope) << ',' << csv_cell(b.name) << ',' << money(b.planned) << ','
        << (b.amount ? money(*b.amount) : "") << ',' << (b.amount ? money(*b.amount - b.planned) : "") << '\n';
}

void write_plan_json(std::ostream& out, const assess::Assessment& a, const Plan& p, text::Lang lang) {
  using json = nlohmann::ordered_json;
  const auto& t = a.units();
  json j;
  j["schema"] = "tieuchi.plan/1";
  j["pack"] = a.rules().pack().id;
  j["assessment_year"] = a.year();
  j["horizon"] = {p.first_year, p.last_year};
  j["policy"] = std::string(to_string(p.policy));
  j["method"] = p.method;
  j["cost_unit"] = p.cost_unit;
  j["objective"] = p.objective;
  j["total_cost"] = p.total_cost;
  json tasks = json::array();
  for (const auto& k : p.tasks)
    tasks.push_back({{"id", t.ids[k.unit]}, {"criterion", k.criterion}, {"indicator", k.indicator},
                     {"start_year", k.start_year}, {"end_year", k.end_year}, {"cost", k.cost},
                     {"agency", k.agency}, {"pinned", k.pinned}});
  j["tasks"] = std::move(tasks);
  json outcomes = json::array();
  for (const auto& o : p.outcomes) {
    json e = {{"id", t.ids[o.unit]}, {"level", o.level}, {"deadline", o.deadline},
              {"outcome", std::string(to_string(o.kind))}, {"outcome_text", outcome_name(o.kind, lang)},
              {"cost", o.cost}, {"value", o.value}};
    json reasons = json::array();
    for (const auto& r : o.reasons) {
      json e2 = {{"kind", std::string(to_string(r.kind))}, {"text", format_reason(r, lang)}};
      if (!r.nodes.empty()) e2["nodes"] = r.nodes;
      if (!r.level.empty()) e2["level"] = r.level;
      if (r.kind == Reason::Kind::chain_too_long) {
        e2["end_year"] = r.year;
        e2["deadline"] = r.deadline;
      }
      if (r.budget)
        e2["budget"] = {{"year", r.budget->year}, {"scope", std::string(to_string(r.budget->scope))},
                        {"name", r.budget->name}, {"amount", r.budget->amount}};
      reasons.push_back(std::move(e2));
    }
    e["reasons"] = std::move(reasons);
    e["reached_year"] = o.reached_year ? json(*o.reached_year) : json(nullptr);
    json extra = json::array();
    for (const auto& b : o.extra_budget)
      extra.push_back({{"year", b.year}, {"scope", std::string(to_string(b.scope))}, {"name", b.name}, {"amount", b.amount}});
    e["extra_budget"] = std::move(extra);
    outcomes.push_back(std::move(e));
  }
  j["outcomes"] = std::move(outcomes);
  json budgets = json::array();
  for (const auto& b : p.budgets) {
    json e = {{"year", b.year}, {"scope", std::string(to_string(b.scope))}, {"name", b.name}, {"planned", b.planned}};
    e["amount"] = b.amount ? json(*b.amount) : json(nullptr);
    budgets.push_back(std::move(e));
  }
  j["budgets"] = std::move(budgets);
  out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

std::string format_plan_summary(const assess::Assessment& a, const Plan& p, text::Lang lang) {
  constexpr std::size_t kShownNotOnTime = 20;  // the rest are in outcomes.csv
  std::string out;
  out += text::tr("plan.summary.title", lang, p.first_year, p.last_year, a.rules().pack().id, to_string(p.policy),
                  p.method) + "\n";
  std::map<Outcome::Kind, std::size_t> count;
  for (const auto& o : p.outcomes) ++count[o.kind];
  out += text::tr("plan.summary.targets", lang, p.outcomes.size(), count[Outcome::Kind::already_met],
                  count[Outcome::Kind::on_time], count[Outcome::Kind::late], count[Outcome::Kind::missed],
                  count[Outcome::Kind::cannot_tell]) + "\n";
  out += text::tr("plan.summary.tasks", lang, p.tasks.size(), rounded(p.total_cost), p.cost_unit) + "\n";
  out += "\n" + text::tr("plan.summary.per_year", lang) + "\n";
  for (const auto& b : p.budgets)
    if (b.scope == BudgetScope::province)
      out += fmt::format("  {}  {:>14} / {:>14}\n", b.year, rounded(b.planned), b.amount ? rounded(*b.amount) : "-");
  std::map<std::string, std::map<int, double>> agency;
  for (const auto& b : p.budgets)
    if (b.scope == BudgetScope::agency) agency[b.name][b.year] += b.planned;
  if (!agency.empty()) {
    out += "\n" + text::tr("plan.summary.per_agency", lang) + "\n";
    for (const auto& [name, years] : agency) {
      out += "  " + (name.empty() ? text::tr("plan.summary.no_agency", lang) : name) + ":";
      for (const auto& [y, v] : years) out += fmt::format(" {} {}", y, rounded(v));
      out += '\n';
    }
  }
  std::size_t shown = 0;
  for (const auto& o : p.outcomes) {
    if (o.kind != Outcome::Kind::missed && o.kind != Outcome::Kind::late) continue;
    if (shown == 0) out += "\n" + text::tr("plan.summary.not_on_time", lang) + "\n";
    if (++shown > kShownNotOnTime) {
      out += "  " + text::tr("plan.summary.more", lang) + "\n";
      break;
    }
    out += fmt::format("  {} {} {}:{} {}: {}", a.units().ids[o.unit],
                       o.unit < a.units().names.size() ? a.units().names[o.unit] : "", o.level, o.deadline,
                       outcome_name(o.kind, lang), reasons_text(o, lang));
    if (!o.extra_budget.empty())
      out += " (" + text::tr("plan.summary.extra", lang, extra_text(o, lang, rounded)) + ")";
    out += '\n';
  }
  return out;
}

}  // namespace tieuchi::io
