// The planner's reports: the task list, the roadmap table, outcomes, budget totals, plan.json and
// the printed summary.
#include "tieuchi/io/plan_writers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "tieuchi/io/report_writers.hpp"
#include "tieuchi/plan/tables.hpp"
#include "text/format.hpp"

namespace tieuchi::io {

namespace {

using plan::BudgetScope;
using plan::Outcome;
using plan::Plan;
using plan::Reason;
using plan::to_string;

/// Amounts in the printed summary: rounded for reading.
std::string rounded(double v) { return fmt::format("{:.6g}", v); }


}  // namespace

void write_tasks_csv(std::ostream& out, const assess::Assessment& a, const Plan& p) {
  write_table_csv(out, plan::tasks_table(a, p));
}

void write_roadmap_csv(std::ostream& out, const assess::Assessment& a, const Plan& p) {
  write_table_csv(out, plan::roadmap_table(a, p));
}

void write_outcomes_csv(std::ostream& out, const assess::Assessment& a, const Plan& p, text::Lang lang) {
  write_table_csv(out, plan::outcomes_table(a, p, lang));
}

void write_budgets_csv(std::ostream& out, const Plan& p) { write_table_csv(out, plan::budgets_table(p)); }

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
  j["bound"] = p.bound;
  j["gap"] = p.gap;
  j["optimal"] = p.optimal;
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
              {"outcome", std::string(to_string(o.kind))}, {"outcome_text", plan::format_outcome(o.kind, lang)},
              {"cost", o.cost}, {"value", o.value}};
    json reasons = json::array();
    for (const auto& r : o.reasons) {
      json e2 = {{"kind", std::string(to_string(r.kind))}, {"text", plan::format_reason(r, lang)}};
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
  out += plan::format_optimality(p, lang) + "\n";
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
                       plan::format_outcome(o.kind, lang), plan::format_reasons(o, lang));
    if (!o.extra_budget.empty())
      out += " (" + text::tr("plan.summary.extra", lang, plan::format_extra_budget(o, lang, 6)) + ")";
    out += '\n';
  }
  return out;
}

}  // namespace tieuchi::io
