// The remediation planner: options in as plain Python values (the tieuchi.planning module turns
// DataFrames into them), the plan out as an object whose tables are the C++ writers' CSV/JSON.
#include <pybind11/stl.h>

#include <sstream>

#include "register.hpp"
#include "tieuchi/io/annexes.hpp"
#include "tieuchi/io/workbooks.hpp"
#include "tieuchi/io/plan_inputs.hpp"
#include "tieuchi/io/plan_writers.hpp"
#include "tieuchi/plan/tables.hpp"
#include "table.hpp"

namespace py = pybind11;

namespace tieuchi::python {

namespace {

using PlanPtr = std::shared_ptr<const plan::Plan>;

/// A plan with the assessment it was made from (the writers need both).
struct PlanResult {
  std::shared_ptr<assess::Assessment> assessment;
  plan::Plan plan;
  std::string recognized = "recognized";  ///< the attribute the plan's review read
};

/// The summary's and the annexes' options of a plan's workbook and annexes' JSON.
struct AnnexSetup {
  assess::SummaryOptions summary;
  io::AnnexOptions annex;
};
AnnexSetup annex_setup(const PlanResult& p, const std::string& lang, const std::string& plan_name) {
  if (lang != "vi" && lang != "en") throw py::value_error("lang must be 'vi' or 'en'");
  AnnexSetup o;
  o.summary.recognized_attribute = p.recognized;
  o.annex.lang = lang == "vi" ? text::Lang::vi : text::Lang::en;
  o.annex.plan_name = plan_name;
  return o;
}

template <class F>
std::string written(F&& f) {
  std::ostringstream out;
  f(out);
  return out.str();
}

plan::BudgetScope scope_of(const std::string& s) {
  if (s.empty() || s == "province") return plan::BudgetScope::province;
  if (s == "district") return plan::BudgetScope::district;
  if (s == "agency") return plan::BudgetScope::agency;
  throw py::value_error("budget scope must be 'province', 'district' or 'agency', not '" + s + "'");
}

std::vector<std::tuple<int, std::string, std::string, double>> budget_tuples(
    io::PlanInput<std::vector<plan::Budget>> in) {
  std::vector<std::tuple<int, std::string, std::string, double>> out;
  for (const auto& b : io::or_throw(std::move(in)))
    out.emplace_back(b.year, std::string(plan::to_string(b.scope)), b.name, b.amount);
  return out;
}

std::vector<std::tuple<std::string, std::string, std::optional<double>, std::optional<double>, std::optional<double>,
                       std::string>>
cost_tuples(io::PlanInput<std::vector<plan::CostOverride>> in) {
  std::vector<std::tuple<std::string, std::string, std::optional<double>, std::optional<double>, std::optional<double>,
                         std::string>> out;
  for (const auto& c : io::or_throw(std::move(in)))
    out.emplace_back(c.indicator, c.unit, c.fixed, c.per_gap, c.duration_months, c.agency);
  return out;
}

}  // namespace

void register_plan(py::module_& m) {
  py::class_<PlanResult, std::shared_ptr<PlanResult>>(m, "Plan", "A remediation roadmap (see docs/planning.md).")
      .def_property_readonly("first_year", [](const PlanResult& p) { return p.plan.first_year; }, "First year of the horizon.")
      .def_property_readonly("last_year", [](const PlanResult& p) { return p.plan.last_year; }, "Last year of the horizon.")
      .def_property_readonly("policy", [](const PlanResult& p) { return std::string(plan::to_string(p.plan.policy)); },
                             "The priority policy used.")
      .def_property_readonly("bound", [](const PlanResult& p) { return p.plan.bound; },
                             "The best upper bound known on the objective (the solver's, else the budget relaxation's).")
      .def_property_readonly("gap", [](const PlanResult& p) { return p.plan.gap; },
                             "(bound - objective) / bound: how far below the optimum the plan may be (0 when optimal).")
      .def_property_readonly("optimal", [](const PlanResult& p) { return p.plan.optimal; },
                             "Whether the objective is proven optimal.")
      .def_property_readonly("method", [](const PlanResult& p) { return p.plan.method; },
                             "'greedy' or 'exact' (small instances are solved exactly).")
      .def_property_readonly("objective", [](const PlanResult& p) { return p.plan.objective; },
                             "Total value of the targets met on time.")
      .def_property_readonly("total_cost", [](const PlanResult& p) { return p.plan.total_cost; }, "Cost of every task.")
      .def_property_readonly("cost_unit", [](const PlanResult& p) { return p.plan.cost_unit; }, "E.g. 'million VND'.")
      .def_property_readonly("assessment", [](const PlanResult& p) { return p.assessment; },
                             "The assessment the plan was made from.")
      .def("__len__", [](const PlanResult& p) { return p.plan.tasks.size(); }, "Number of tasks.")
      .def("tasks_csv", [](const PlanResult& p) {
        return written([&](std::ostream& o) { io::write_tasks_csv(o, *p.assessment, p.plan); });
      }, "Tasks: start_year, end_year, id, name, district, criterion, indicator, cost, agency, pinned.")
      .def("roadmap_csv", [](const PlanResult& p) {
        return written([&](std::ostream& o) { io::write_roadmap_csv(o, *p.assessment, p.plan); });
      }, "The roadmap table: unit rows, criterion columns, the planned year in each cell.")
      .def("outcomes_csv", [](const PlanResult& p, const std::string& lang) {
        if (lang != "vi" && lang != "en") throw py::value_error("lang must be 'vi' or 'en'");
        return written([&](std::ostream& o) {
          io::write_outcomes_csv(o, *p.assessment, p.plan, lang == "vi" ? text::Lang::vi : text::Lang::en);
        });
      }, py::arg("lang") = "en",
         "One row per unit and target: outcome, reached year, cost, reasons (in `lang`), extra budget: "
         "outcomes.csv of `tieuchi plan --lang`.")
      .def("budgets_csv", [](const PlanResult& p) {
        return written([&](std::ostream& o) { io::write_budgets_csv(o, p.plan); });
      }, "Per budget and year: planned, limit, left.")
      .def("table", [](const PlanResult& p, const std::string& name, const std::string& lang) {
        auto l = text::parse_lang(lang);
        if (!l || (lang != "vi" && lang != "en")) throw py::value_error("lang must be 'vi' or 'en'");
        if (name == "tasks") return table_columns(plan::tasks_table(*p.assessment, p.plan, *l));
        if (name == "roadmap") return table_columns(plan::roadmap_table(*p.assessment, p.plan, *l));
        if (name == "outcomes") return table_columns(plan::outcomes_table(*p.assessment, p.plan, *l));
        if (name == "budgets") return table_columns(plan::budgets_table(p.plan, *l));
        throw py::value_error("table must be 'tasks', 'roadmap', 'outcomes' or 'budgets', not '" + name + "'");
      }, py::arg("name"), py::arg("lang") = "en",
         "A typed table as columns (see Assessment.table): 'tasks', 'roadmap', 'outcomes' or 'budgets' "
         "(tieuchi/plan/tables.hpp), titles, outcome and scope words and reasons in `lang`.")
      .def("to_json", [](const PlanResult& p, const std::string& lang) {
        if (lang != "vi" && lang != "en") throw py::value_error("lang must be 'vi' or 'en'");
        py::gil_scoped_release release;
        return written([&](std::ostream& o) {
          io::write_plan_json(o, *p.assessment, p.plan, lang == "vi" ? text::Lang::vi : text::Lang::en);
        });
      }, py::arg("lang") = "en",
         "The whole plan as JSON (schema tieuchi.plan/1), reasons in `lang`: plan.json of `tieuchi plan --lang`.")
      .def("write_workbook", [](const PlanResult& p, const std::string& path, const std::string& lang,
                                const std::string& plan_name) {
        auto o = annex_setup(p, lang, plan_name);
        py::gil_scoped_release release;
        io::write_plan_workbook(path, *p.assessment, assess::summarize(*p.assessment, o.summary), p.plan, o.annex);
      }, py::arg("path"), py::arg("lang") = "vi", py::arg("plan_name") = "",
         "Write the annexes (review Biểu 01, 02 and roadmap Biểu 03, 04: io::write_plan_workbook) and the "
         "plan's tables to an .xlsx file: what `tieuchi plan --xlsx` writes.")
      .def("annexes_json", [](const PlanResult& p, const std::string& lang, const std::string& plan_name,
                              const std::string& district, const std::string& review_outcome,
                              const std::string& plan_outcome) {
        auto o = annex_setup(p, lang, plan_name);
        io::AnnexFilter f;
        f.district = district;
        f.review_outcome = review_outcome;
        f.plan_outcome = plan_outcome;
        std::ostringstream out;
        {
          py::gil_scoped_release release;
          io::write_annexes_json(out, *p.assessment, assess::summarize(*p.assessment, o.summary), &p.plan, o.annex, f);
        }
        return out.str();
      }, py::arg("lang") = "vi", py::arg("plan_name") = "", py::arg("district") = "",
         py::arg("review_outcome") = "", py::arg("plan_outcome") = "",
         "The annexes (review and roadmap), the tasks per agency, the targets not met on time and the "
         "budgets as data (schema tieuchi.annexes/1, io::write_annexes_json): what the web page shows.")
      .def("summary", [](const PlanResult& p, const std::string& lang) {
        if (lang != "vi" && lang != "en") throw py::value_error("lang must be 'vi' or 'en'");
        return io::format_plan_summary(*p.assessment, p.plan, lang == "vi" ? text::Lang::vi : text::Lang::en);
      }, py::arg("lang") = "en", "The summary as `tieuchi plan` prints it.");

  m.def("plan", [](std::shared_ptr<assess::Assessment> a, const std::vector<std::string>& targets,
                   std::optional<int> first_year, std::optional<int> last_year,
                   const std::vector<std::tuple<int, std::string, std::string, double>>& budgets,
                   const std::vector<std::tuple<std::string, std::string, std::optional<double>, std::optional<double>,
                                                std::optional<double>, std::string>>& costs,
                   const std::string& policy, const std::map<std::string, double>& weights,
                   const std::vector<std::tuple<std::string, std::string, int>>& pins, const std::string& recognized,
                   const std::string& method, double time_limit, int threads) {
    plan::PlanOptions o;
    for (const auto& t : targets) o.targets.push_back(io::or_throw(io::parse_target(t)));
    o.first_year = first_year.value_or(0);
    o.last_year = last_year.value_or(0);
    for (const auto& [year, scope, name, amount] : budgets) o.budgets.push_back({year, scope_of(scope), name, amount});
    for (const auto& [ind, unit, fixed, per_gap, months, agency] : costs)
      o.costs.push_back({ind, unit, fixed, per_gap, months, agency});
    o.policy = io::or_throw(io::parse_policy(policy));
    o.weights = weights;
    for (const auto& [unit, ind, year] : pins) o.pins.push_back({unit, ind, year});
    o.recognized_attribute = recognized;
    o.method = io::or_throw(io::parse_method(method));
    o.time_limit = io::or_throw(io::check_time_limit(time_limit));
    if (threads < 1) throw py::value_error("threads must be at least 1");
    o.threads = threads;
    auto out = std::make_shared<PlanResult>();
    out->assessment = a;
    out->recognized = recognized;
    {
      py::gil_scoped_release release;
      out->plan = plan::plan(*a, o);
    }
    return out;
  }, py::arg("assessment"), py::arg("targets"), py::arg("first_year") = py::none(), py::arg("last_year") = py::none(),
     py::arg("budgets") = std::vector<std::tuple<int, std::string, std::string, double>>{},
     py::arg("costs") = py::list(), py::arg("policy") = "protect_recognized",
     py::arg("weights") = std::map<std::string, double>{}, py::arg("pins") = py::list(),
     py::arg("recognized") = "recognized", py::arg("method") = "auto", py::arg("time_limit") = 10.0,
     py::arg("threads") = 1,
     "Plan the remediation of an assessment made with costs=True. method: auto, exact or greedy; "
     "time_limit: seconds for the MILP solver. targets: ['ntm:2024', ...]; budgets: "
     "[(year, scope, name, amount)]; costs: [(indicator, unit, fixed, per_gap, duration_months, agency)]; "
     "pins: [(unit, indicator, year)]. Use tieuchi.plan for DataFrames.");

  // The readers of the values a door takes as text (io/plan_inputs.hpp): PlanError E612 whose
  // diagnostic's `field` is `field`.
  m.def("parse_target", [](const std::string& text, const std::string& field) {
    auto t = io::or_throw(io::parse_target(text, field));
    return py::make_tuple(t.level, t.year, t.units == plan::TargetUnits::all);
  }, py::arg("text"), py::arg("field") = "target",
     "'level:year' or 'level:year:all' as (level, year, all_units); PlanError E612 names `field`.");
  m.def("parse_horizon", [](const std::string& text, const std::string& field) {
    return io::or_throw(io::parse_horizon(text, field));
  }, py::arg("text"), py::arg("field") = "horizon",
     "'2023-2025' or one year as (first, last); PlanError E612 names `field`.");
  m.def("parse_pin", [](const std::string& text, const std::string& field) {
    auto p = io::or_throw(io::parse_pin(text, field));
    return std::make_tuple(p.unit, p.indicator, p.year);
  }, py::arg("text"), py::arg("field") = "pin",
     "'UNIT:INDICATOR:YEAR' as (unit, indicator, year); PlanError E612 names `field`.");
  m.def("parse_weight", [](const std::string& text, const std::string& field) {
    return io::or_throw(io::parse_weight(text, field));
  }, py::arg("text"), py::arg("field") = "weight",
     "'ID=NUMBER' as (id, weight); PlanError E612 names `field`.");

  m.def("read_budgets_csv", [](const std::string& path) { return budget_tuples(io::read_budgets_csv(path)); },
        py::arg("path"), "Budgets from CSV as (year, scope, name, amount); PlanError names bad cells (row, column).");
  m.def("read_budgets_csv_text", [](const std::string& text, const std::string& source, std::int32_t header_row) {
    return budget_tuples(io::read_budgets_csv_text(source, text, header_row));
  }, py::arg("text"), py::arg("source") = "DataFrame", py::arg("header_row") = 0,
     "Budgets from CSV text (a DataFrame's to_csv): the reader of read_budgets_csv, rows numbered from "
     "the header's `header_row` (0: the first row is row 1, as df.iloc[0]).");
  m.def("read_costs_csv", [](const std::string& path) { return cost_tuples(io::read_costs_csv(path)); },
        py::arg("path"), "Cost overrides from CSV as (indicator, unit, fixed, per_gap, duration_months, agency).");
  m.def("read_costs_csv_text", [](const std::string& text, const std::string& source, std::int32_t header_row) {
    return cost_tuples(io::read_costs_csv_text(source, text, header_row));
  }, py::arg("text"), py::arg("source") = "DataFrame", py::arg("header_row") = 0,
     "Cost overrides from CSV text (a DataFrame's to_csv), as read_costs_csv reads a file.");
}

}  // namespace tieuchi::python
