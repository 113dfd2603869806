// The planner's reports: the task list, the roadmap table, outcomes, budget totals, plan.json and
// the printed summary.
#include "tieuchi/io/plan_writers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support/csv_table.hpp"

namespace tieuchi::io {

namespace {

using plan::BudgetScope;
using plan::Outcome;
using plan::Plan;
using plan::to_string;
using support::csv_cell;

/// Amounts in tables: the shortest text that reads back to the same number.
std::string money(double v) { return fmt::format("{}", v); }
/// Amounts in the printed summary: rounded for reading.
std::string rounded(double v) { return fmt::format("{:.6g}", v); }

}  // namespace

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

std::string reasons_text(const Outcome& o) {
  std::string s = fmt::format("{}", fmt::join(o.reasons, "; "));
  return s;
}

std::string extra_text(const Outcome& o, std::string (*amount)(double) = money) {
  std::vector<std::string> parts;
  for (const auto& b : o.extra_budget)
    parts.push_back(fmt::format("{} {}{}{} +{}", b.year, to_string(b.scope), b.name.empty() ? "" : " ", b.name,
                                amount(b.amount)));
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

void write_outcomes_csv(std::ostream& out, const assess::Assessment& a, const Plan& p) {
  const auto& t = a.units();
  out << "id,name,district,level,deadline,outcome,reached_year,cost,value,reasons,extra_budget\n";
  for (const auto& o : p.outcomes)
    out << csv_cell(t.ids[o.unit]) << ',' << csv_cell(o.unit < t.names.size() ? t.names[o.unit] : "") << ','
        << csv_cell(o.unit < t.districts.size() ? t.districts[o.unit] : "") << ',' << csv_cell(o.level) << ','
        << o.deadline << ',' << to_string(o.kind) << ',' << (o.reached_year ? std::to_string(*o.reached_year) : "")
        << ',' << money(o.cost) << ',' << money(o.value) << ',' << csv_cell(reasons_text(o)) << ','
        << csv_cell(extra_text(o)) << '\n';
}

void write_budgets_csv(std::ostream& out, const Plan& p) {
  out << "year,scope,name,planned,amount,left\n";
  for (const auto& b : p.budgets)
    out << b.year << ',' << to_string(b.scope) << ',' << csv_cell(b.name) << ',' << money(b.planned) << ','
        << (b.amount ? money(*b.amount) : "") << ',' << (b.amount ? money(*b.amount - b.planned) : "") << '\n';
}

void write_plan_json(std::ostream& out, const assess::Assessment& a, const Plan& p) {
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
              {"outcome", std::string(to_string(o.kind))}, {"cost", o.cost}, {"value", o.value},
              {"reasons", o.reasons}};
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
  const bool vi = lang == text::Lang::vi;
  std::string out;
  out += fmt::format(fmt::runtime(vi ? "Lộ trình {}-{} theo bộ tiêu chí {} (ưu tiên: {}, phương pháp: {})\n"
                                     : "Roadmap {}-{} against pack {} (policy: {}, method: {})\n"),
                     p.first_year, p.last_year, a.rules().pack().id, to_string(p.policy), p.method);
  std::map<Outcome::Kind, std::size_t> count;
  for (const auto& o : p.outcomes) ++count[o.kind];
  out += fmt::format(fmt::runtime(vi ? "Mục tiêu: {} (đã đạt {}, đúng hạn {}, trễ hạn {}, không đạt {}, chưa rõ {})\n"
                                     : "Targets: {} (already met {}, on time {}, late {}, missed {}, cannot tell {})\n"),
                     p.outcomes.size(), count[Outcome::Kind::already_met], count[Outcome::Kind::on_time],
                     count[Outcome::Kind::late], count[Outcome::Kind::missed], count[Outcome::Kind::cannot_tell]);
  out += fmt::format(fmt::runtime(vi ? "Nhiệm vụ: {}, tổng kinh phí {} {}\n" : "Tasks: {}, total cost {} {}\n"),
                     p.tasks.size(), rounded(p.total_cost), p.cost_unit);
  out += vi ? "\nTheo năm (tỉnh):\n" : "\nPer year (province):\n";
  for (const auto& b : p.budgets)
    if (b.scope == BudgetScope::province)
      out += fmt::format("  {}  {:>14} / {:>14}\n", b.year, rounded(b.planned), b.amount ? rounded(*b.amount) : "-");
  std::map<std::string, std::map<int, double>> agency;
  for (const auto& b : p.budgets)
    if (b.scope == BudgetScope::agency) agency[b.name][b.year] += b.planned;
  if (!agency.empty()) {
    out += vi ? "\nTheo cơ quan:\n" : "\nPer agency:\n";
    for (const auto& [name, years] : agency) {
      out += "  " + (name.empty() ? std::string(vi ? "(chưa giao cơ quan)" : "(no agency)") : name) + ":";
      for (const auto& [y, v] : years) out += fmt::format(" {} {}", y, rounded(v));
      out += '\n';
    }
  }
  std::size_t shown = 0;
  for (const auto& o : p.outcomes) {
    if (o.kind != Outcome::Kind::missed && o.kind != Outcome::Kind::late) continue;
    if (shown == 0) out += vi ? "\nKhông kịp hạn:\n" : "\nNot on time:\n";
    if (++shown > 20) {
      out += vi ? "  ... (xem outcomes.csv)\n" : "  ... (see outcomes.csv)\n";
      break;
    }
    out += fmt::format("  {} {} {}:{} {}: {}", a.units().ids[o.unit],
                       o.unit < a.units().names.size() ? a.units().names[o.unit] : "", o.level, o.deadline,
                       to_string(o.kind), reasons_text(o));
    if (!o.extra_budget.empty())
      out += fmt::format(fmt::runtime(vi ? " (cần thêm: {})" : " (extra needed: {})"), extra_text(o, rounded));
    out += '\n';
  }
  return out;
}

}  // namespace tieuchi::io
