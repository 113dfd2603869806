// Plans the Lạng Sơn example's roadmap from C++: assess the communes with costs, then plan so that
// the communes recognized as NTM keep it by the end of 2024, under a yearly province budget, and
// print the outcome of each target that is not met on time with its reason. Illustrative data.
//
//   example_plan DATA_DIR   (data/examples: packs/ and langson/)

#include <fmt/format.h>

#include <iostream>
#include <map>

#include "tieuchi/error.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/io/units_csv.hpp"
#include "tieuchi/io/plan_inputs.hpp"
#include "tieuchi/io/plan_writers.hpp"
#include "tieuchi/plan/planner.hpp"

int main(int argc, char** argv) {
  using namespace tieuchi;
  if (argc < 2) {
    std::cerr << "usage: example_plan DATA_DIR\n";
    return 2;
  }
  std::string dir = argv[1];
  try {
    auto rules = io::load_pack_or_throw(dir + "/packs/langson-2022-illustrative.yaml");
    io::CsvOptions csv;
    csv.attributes = {"recognized"};
    auto units = io::read_units_csv(dir + "/langson/communes-2023.csv", *rules, csv);
    if (!units.ok()) {
      std::cerr << units.diagnostics.format() << "\n";
      return 1;
    }
    assess::AssessOptions ao;
    ao.year = 2023;
    ao.costs = true;  // evaluate each unmet indicator's remediation cost
    auto a = assess::assess(rules, units.table, ao);

    plan::PlanOptions o;
    o.first_year = 2023;
    o.last_year = 2025;
    o.targets = {{"ntm", 2024}};
    o.costs = io::or_throw(io::read_costs_csv(dir + "/langson/costs-illustrative.csv"));
    o.budgets = {{2023, plan::BudgetScope::province, "", 30000}, {2024, plan::BudgetScope::province, "", 30000},
                 {2025, plan::BudgetScope::province, "", 30000}};
    auto p = plan::plan(a, o);

    std::map<std::string, int> count;
    for (const auto& oc : p.outcomes) ++count[std::string(plan::to_string(oc.kind))];
    fmt::print("{} tasks, total {:.0f} {}; method {}\n", p.tasks.size(), p.total_cost, p.cost_unit, p.method);
    for (const auto& [kind, n] : count) fmt::print("  {}: {}\n", kind, n);
    for (const auto& oc : p.outcomes)
      if (oc.kind == plan::Outcome::Kind::late || oc.kind == plan::Outcome::Kind::missed)
        fmt::print("{} {}: {} ({})\n", a.units().ids[oc.unit], oc.level, plan::to_string(oc.kind),
                   oc.reasons.empty() ? std::string() : plan::format_reason(oc.reasons.front(), text::Lang::en));
  } catch (const Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
