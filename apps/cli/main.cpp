// tieuchi: the command-line tool. Subcommands: check, test, graph, diff.
// Exit codes: 0 success, 1 errors found (invalid pack, failed tests), 2 bad usage.

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <iostream>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tieuchi/assess/report.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/io/units_csv.hpp"
#include "tieuchi/graph/dependencies.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/model/diff.hpp"
#include "tieuchi/model/pack_test.hpp"
#include "tieuchi/io/plan_inputs.hpp"
#include "tieuchi/io/plan_writers.hpp"
#include "tieuchi/version.hpp"

namespace {

using tieuchi::Severity;

struct Common {
  std::vector<std::string> pack_path;
  bool no_warnings = false;
  tieuchi::io::PackSearch search() const {
    tieuchi::io::PackSearch s;
    for (const auto& p : pack_path) s.paths.emplace_back(p);
    if (!s.paths.empty()) {
      auto defaults = tieuchi::io::default_pack_path();
      s.paths.insert(s.paths.end(), defaults.begin(), defaults.end());
    }
    return s;
  }
};

/// Prints diagnostics (warnings unless hidden) to stderr; returns the number of errors.
std::size_t print(const tieuchi::Diagnostics& diags, bool no_warnings) {
  for (const auto& d : diags) {
    if (no_warnings && d.severity != Severity::error) continue;
    std::cerr << d.format() << "\n\n";
  }
  return diags.error_count();
}

tieuchi::io::LoadResult load(const std::string& name, const Common& c) {
  return tieuchi::io::load_pack(name, c.search());
}

int cmd_check(const std::vector<std::string>& packs, const Common& c) {
  int rc = 0;
  for (const auto& name : packs) {
    auto r = load(name, c);
    std::size_t errors = print(r.diagnostics, c.no_warnings);
    std::size_t warnings = r.diagnostics.size() - errors;
    if (!r.ok()) {
      fmt::print("{}: {} error{}, {} warning{}\n", name, errors, errors == 1 ? "" : "s", warnings,
                 warnings == 1 ? "" : "s");
      rc = 1;
      continue;
    }
    const auto& p = r.rules->pack();
    auto th = r.rules->thresholds();
    fmt::print("{} {} ({}): ok, {} warning{}\n", p.id, p.version, fmt::join(p.lineage, " <- "), warnings,
               warnings == 1 ? "" : "s");
    fmt::print("  {} criteria, {} indicators, {} levels, {} fields, {} parameters, {} tables, {} tests\n",
               p.criteria.size(), p.indicators.size(), p.levels.size(), p.fields.size(),
               p.parameters.size(), p.tables.size(), p.tests.size());
    fmt::print("  {}\n", th.format());
    if (!th.missing.empty()) fmt::print("  not set: {}\n", fmt::join(th.missing, ", "));
    for (const auto& [name2, lacking] : th.partial) fmt::print("  {} has no value for: {}\n", name2, lacking);
    if (!th.unverified_ids.empty()) fmt::print("  unverified: {}\n", fmt::join(th.unverified_ids, ", "));
    if (!th.illustrative_ids.empty()) fmt::print("  illustrative: {}\n", fmt::join(th.illustrative_ids, ", "));
  }
  return rc;
}

int cmd_test(const std::string& name, bool inherited, const Common& c) {
  auto r = load(name, c);
  print(r.diagnostics, true);
  if (!r.ok()) {
    fmt::print("{}: the pack has errors; run `tieuchi check {}`\n", name, name);
    return 1;
  }
  auto report = tieuchi::model::run_tests(*r.rules, inherited);
  for (const auto& f : report.failures) std::cerr << f.format() << "\n";
  if (!report.errors.empty()) std::cerr << report.errors.format() << "\n";
  fmt::print("{}: {} tests, {} expectations, {} failed{}\n", r.rules->pack().id, report.tests,
             report.expectations, report.failures.size(),
             report.errors.has_errors() ? fmt::format(", {} could not run", report.errors.error_count()) : "");
  if (report.tests == 0) {
    fmt::print("{}: no tests\n", r.rules->pack().id);
    return 1;
  }
  return report.ok() ? 0 : 1;
}

int cmd_graph(const std::string& name, bool dot, const std::string& deps_of,
              const std::string& dependents_of, const Common& c) {
  auto r = load(name, c);
  print(r.diagnostics, true);
  if (!r.ok()) return 1;
  const auto& g = r.rules->graph();
  auto show = [&](const std::string& id, bool forward) {
    auto n = g.find(id);
    if (!n) {
      fmt::print(stderr, "error: '{}' is not a node of pack {}\n", id, r.rules->pack().id);
      return 1;
    }
    auto nodes = forward ? g.dependents(*n) : g.dependencies(*n);
    fmt::print("{} {} {}:\n", tieuchi::graph::to_string(g.node(*n).kind), id,
               forward ? "unlocks (what depends on it)" : "depends on");
    for (auto kind : {tieuchi::graph::NodeKind::level, tieuchi::graph::NodeKind::criterion,
                      tieuchi::graph::NodeKind::indicator, tieuchi::graph::NodeKind::table,
                      tieuchi::graph::NodeKind::key, tieuchi::graph::NodeKind::parameter,
                      tieuchi::graph::NodeKind::field}) {
      std::vector<std::string> ids;
      for (auto m : nodes)
        if (g.node(m).kind == kind) ids.push_back(g.node(m).id);
      if (!ids.empty()) fmt::print("  {}: {}\n", tieuchi::graph::to_string(kind), fmt::join(ids, ", "));
    }
    return 0;
  };
  if (!deps_of.empty()) return show(deps_of, false);
  if (!dependents_of.empty()) return show(dependents_of, true);
  if (dot) {
    fmt::print("{}", g.to_dot(r.rules->pack().id));
    return 0;
  }
  fmt::print("{}: {} nodes, {} edges; evaluation order:\n", r.rules->pack().id, g.node_count(), g.edge_count());
  for (const auto& n : r.rules->nodes()) fmt::print("  {} {}\n", tieuchi::graph::to_string(n.kind), n.id);
  return 0;
}

int cmd_diff(const std::string& a, const std::string& b, std::optional<int> old_year,
             std::optional<int> new_year, const Common& c) {
  auto ra = load(a, c);
  auto rb = load(b, c);
  print(ra.diagnostics, true);
  print(rb.diagnostics, true);
  if (!ra.ok() || !rb.ok()) return 1;
  tieuchi::model::DiffOptions opt;
  opt.old_year = old_year;
  opt.new_year = new_year;
  fmt::print("{}", tieuchi::model::diff(*ra.rules, *rb.rules, opt).format());
  return 0;
}

struct DataOptions {
  std::string pack;
  std::optional<int> year;
  std::string data;
  std::string recognized = "recognized";
  std::vector<std::string> attributes;
  bool allow_missing_columns = false;
  bool ignore_unknown_columns = false;
  unsigned threads = 0;
  std::string lang = "en";
};

tieuchi::assess::Lang lang_of(const std::string& s) {
  return s == "vi" ? tieuchi::assess::Lang::vi : tieuchi::assess::Lang::en;
}

/// Loads the pack and the data, and assesses; prints diagnostics; null on errors.
std::optional<tieuchi::assess::Assessment> load_and_assess(const DataOptions& o, const std::string& data,
                                                           std::optional<int> year, const Common& c,
                                                           bool costs = false) {
  auto r = load(o.pack, c);
  print(r.diagnostics, true);
  if (!r.ok()) return std::nullopt;
  tieuchi::io::CsvOptions csv;
  csv.attributes = o.attributes;
  if (!o.recognized.empty() && std::find(csv.attributes.begin(), csv.attributes.end(), o.recognized) == csv.attributes.end()) {
    // The recognized column is optional: keep it when the file has it.
    std::ifstream in(data);
    std::string header;
    std::getline(in, header);
    if (header.find(o.recognized) != std::string::npos) csv.attributes.push_back(o.recognized);
  }
  csv.allow_missing_columns = o.allow_missing_columns;
  csv.ignore_unknown_columns = o.ignore_unknown_columns;
  auto units = tieuchi::io::read_units_csv(data, *r.rules, csv);
  print(units.diagnostics, false);
  if (!units.ok()) return std::nullopt;
  tieuchi::assess::AssessOptions opt;
  opt.year = year;
  opt.threads = o.threads;
  opt.costs = costs;
  return tieuchi::assess::assess(r.rules, units.table, opt);
}

struct PlanArgs {
  std::string horizon;
  std::vector<std::string> targets;
  std::string budget, costs, policy = "protect_recognized", out;
  std::vector<std::string> weights, pins;
};

int cmd_plan(const DataOptions& o, const PlanArgs& p, const Common& c) {
  namespace plan = tieuchi::plan;
  plan::PlanOptions opt;
  namespace io = tieuchi::io;
  for (const auto& t : p.targets) opt.targets.push_back(io::or_throw(io::parse_target(t)));
  if (!p.horizon.empty()) std::tie(opt.first_year, opt.last_year) = io::or_throw(io::parse_horizon(p.horizon));
  if (!p.budget.empty()) opt.budgets = io::or_throw(io::read_budgets_csv(p.budget));
  if (!p.costs.empty()) opt.costs = io::or_throw(io::read_costs_csv(p.costs));
  opt.policy = io::or_throw(io::parse_policy(p.policy));
  opt.recognized_attribute = o.recognized;
  for (const auto& w : p.weights) {
    auto eq = w.find('=');
    double v = 0;
    if (eq == std::string::npos || !(std::istringstream(w.substr(eq + 1)) >> v)) {
      fmt::print(stderr, "error: --weight '{}': expected ID=NUMBER (e.g. TC5=2)\n", w);
      return 2;
    }
    opt.weights[w.substr(0, eq)] = v;
  }
  for (const auto& pin : p.pins) {
    // UNIT:INDICATOR:YEAR
    auto a = pin.find(':'), b = pin.rfind(':');
    int y = 0;
    if (a == std::string::npos || a == b || !(std::istringstream(pin.substr(b + 1)) >> y)) {
      fmt::print(stderr, "error: --pin '{}': expected UNIT:INDICATOR:YEAR (e.g. 06010:2.2:2023)\n", pin);
      return 2;
    }
    opt.pins.push_back({pin.substr(0, a), pin.substr(a + 1, b - a - 1), y});
  }
  auto a = load_and_assess(o, o.data, o.year, c, /*costs=*/true);
  if (!a) return 1;
  if (!opt.first_year) opt.first_year = a->year();
  auto result = plan::plan(*a, opt);
  fmt::print("{}", io::format_plan_summary(*a, result, lang_of(o.lang)));
  if (!p.out.empty()) {
    std::filesystem::create_directories(p.out);
    auto path = [&](const char* f) { return std::filesystem::path(p.out) / f; };
    {
      std::ofstream f(path("tasks.csv"));
      io::write_tasks_csv(f, *a, result);
    }
    {
      std::ofstream f(path("roadmap.csv"));
      io::write_roadmap_csv(f, *a, result);
    }
    {
      std::ofstream f(path("outcomes.csv"));
      io::write_outcomes_csv(f, *a, result);
    }
    {
      std::ofstream f(path("budgets.csv"));
      io::write_budgets_csv(f, result);
    }
    {
      std::ofstream f(path("plan.json"));
      io::write_plan_json(f, *a, result);
    }
    fmt::print("\nwrote tasks.csv, roadmap.csv, outcomes.csv, budgets.csv, plan.json in {}\n", p.out);
  }
  return 0;
}

int cmd_assess(const DataOptions& o, const std::string& out_dir, const std::vector<std::string>& formats,
               const Common& c) {
  auto a = load_and_assess(o, o.data, o.year, c);
  if (!a) return 1;
  tieuchi::assess::SummaryOptions so;
  so.recognized_attribute = o.recognized;
  auto s = tieuchi::assess::summarize(*a, so);
  fmt::print("{}", tieuchi::assess::format_summary(*a, s, lang_of(o.lang)));
  if (!out_dir.empty()) {
    std::filesystem::create_directories(out_dir);
    auto want = [&](const char* f) { return formats.empty() || std::find(formats.begin(), formats.end(), f) != formats.end(); };
    std::vector<std::string> written;
    if (want("json")) {
      std::ofstream f(std::filesystem::path(out_dir) / "assessment.json");
      tieuchi::assess::write_json(f, *a, s);
      written.push_back("assessment.json");
    }
    if (want("csv")) {
      std::ofstream f(std::filesystem::path(out_dir) / "assessment-long.csv");
      tieuchi::assess::write_long_csv(f, *a);
      written.push_back("assessment-long.csv");
    }
    if (want("wide")) {
      std::ofstream f(std::filesystem::path(out_dir) / "planning-table.csv");
      tieuchi::assess::write_wide_csv(f, *a, s);
      written.push_back("planning-table.csv");
    }
    fmt::print("\nwrote {} in {}\n", fmt::join(written, ", "), out_dir);
  }
  return 0;
}

int cmd_explain(const DataOptions& o, const std::string& unit, const std::string& node, int depth, const Common& c) {
  auto a = load_and_assess(o, o.data, o.year, c);
  if (!a) return 1;
  const auto& ids = a->units().ids;
  auto it = std::find(ids.begin(), ids.end(), unit);
  if (it == ids.end()) {
    fmt::print(stderr, "error: no unit '{}' in {}\n", unit, o.data);
    return 1;
  }
  auto u = static_cast<std::size_t>(it - ids.begin());
  std::string target = node;
  if (target.empty()) {
    auto levels = a->levels();
    target = levels.empty() ? a->nodes().back().id : a->nodes()[levels.front()].id;
  }
  const auto& names = a->units().names;
  fmt::print("{} {} ({})\n", unit, u < names.size() ? names[u] : "", a->year());
  fmt::print("{}", tieuchi::assess::explain(*a, u, target, lang_of(o.lang), depth));
  return 0;
}

int cmd_progress(const DataOptions& o, const std::vector<std::string>& years, const Common& c) {
  if (years.size() != 2) {
    fmt::print(stderr, "error: give two data files as YEAR=FILE, e.g. --data 2023=a.csv --data 2024=b.csv\n");
    return 2;
  }
  std::vector<tieuchi::assess::Assessment> runs;
  for (const auto& yf : years) {
    auto eq = yf.find('=');
    if (eq == std::string::npos) {
      fmt::print(stderr, "error: '{}' is not YEAR=FILE\n", yf);
      return 2;
    }
    int year = std::stoi(yf.substr(0, eq));
    auto a = load_and_assess(o, yf.substr(eq + 1), year, c);
    if (!a) return 1;
    runs.push_back(std::move(*a));
  }
  fmt::print("{}", tieuchi::assess::compare(runs[0], runs[1]).format(lang_of(o.lang)));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tieuchi: assess administrative units against criteria packs"};
  app.set_version_flag("--version", std::string(tieuchi::version()));
  app.require_subcommand(1);
  Common common;
  app.add_option("--pack-path", common.pack_path, "Folder searched for packs named by id (repeatable)");

  auto* check = app.add_subcommand("check", "Check packs and report every problem (exit 1 on errors)");
  std::vector<std::string> check_packs;
  check->add_option("PACK", check_packs, "Pack ids or files")->required();
  check->add_flag("--no-warnings", common.no_warnings, "Show errors only");

  auto* test = app.add_subcommand("test", "Run the tests a pack carries");
  std::string test_pack;
  bool inherited = false;
  test->add_option("PACK", test_pack, "Pack id or file")->required();
  test->add_flag("--inherited", inherited, "Also run the tests of the packs it extends");

  auto* graph = app.add_subcommand("graph", "Show the dependency graph");
  std::string graph_pack, deps_of, dependents_of;
  bool dot = false;
  graph->add_option("PACK", graph_pack, "Pack id or file")->required();
  graph->add_flag("--dot", dot, "Print Graphviz DOT");
  graph->add_option("--depends-on", deps_of, "List what this node depends on, transitively");
  graph->add_option("--unlocks", dependents_of, "List what depends on this node, transitively");

  auto* diffc = app.add_subcommand("diff", "Compare two packs: indicators added/removed, thresholds per region");
  std::string old_pack, new_pack;
  std::optional<int> old_year, new_year;
  diffc->add_option("OLD", old_pack, "The earlier pack")->required();
  diffc->add_option("NEW", new_pack, "The later pack")->required();
  diffc->add_option("--old-year", old_year, "Year to read the old thresholds for (default: its last year)");
  diffc->add_option("--new-year", new_year, "Year to read the new thresholds for (default: its first year)");

  DataOptions data;
  auto add_data_options = [&](CLI::App* sub, bool data_required) {
    sub->add_option("--pack", data.pack, "Pack id or file")->required();
    sub->add_option("--year", data.year, "Assessment year (default: the pack's first year)");
    if (data_required) sub->add_option("--data", data.data, "Units CSV (one row per unit)")->required();
    sub->add_option("--recognized", data.recognized, "Column naming the level each unit was recognized at");
    sub->add_option("--attribute", data.attributes, "Other CSV column to keep (repeatable)");
    sub->add_flag("--allow-missing-columns", data.allow_missing_columns, "Inputs without a column are unknown");
    sub->add_flag("--ignore-unknown-columns", data.ignore_unknown_columns, "Warn about unknown columns instead of failing");
    sub->add_option("--threads", data.threads, "Threads (0 = all cores, the default; results do not depend on it)");
    sub->add_option("--lang", data.lang, "Language of the output: vi or en")->check(CLI::IsMember({"vi", "en"}));
  };
  auto* assessc = app.add_subcommand("assess", "Assess every unit of a CSV; print the summary, write the tables");
  add_data_options(assessc, true);
  std::string out_dir;
  std::vector<std::string> formats;
  assessc->add_option("--out", out_dir, "Folder for assessment.json, assessment-long.csv, planning-table.csv");
  assessc->add_option("--format", formats, "Only these outputs: json, csv, wide")->check(CLI::IsMember({"json", "csv", "wide"}));

  auto* explainc = app.add_subcommand("explain", "Explain one unit's results, down to values and thresholds");
  add_data_options(explainc, true);
  std::string unit_id, node_id;
  int depth = 2;
  explainc->add_option("--unit", unit_id, "Unit id")->required();
  explainc->add_option("--node", node_id, "Level, criterion or indicator (default: the lowest level)");
  explainc->add_option("--depth", depth, "How many levels of members to explain (default 2)");

  auto* progressc = app.add_subcommand("progress", "Compare the same units between two years");
  add_data_options(progressc, false);
  std::vector<std::string> year_files;
  progressc->add_option("--data", year_files, "YEAR=FILE, twice")->required();

  auto* planc = app.add_subcommand("plan", "Plan the remediation: a year-by-year roadmap under budgets and deadlines");
  add_data_options(planc, true);
  PlanArgs plan_args;
  planc->add_option("--target", plan_args.targets, "LEVEL:YEAR[:all], repeatable (e.g. ntm:2024; :all for every unit)")
      ->required();
  planc->add_option("--horizon", plan_args.horizon, "FIRST-LAST years (default: assessment year to the last target)");
  planc->add_option("--budget", plan_args.budget, "Budgets CSV: year, amount[, scope, name]");
  planc->add_option("--costs", plan_args.costs, "Cost overrides CSV: indicator[, unit, fixed_cost, cost_per_gap, duration_months, agency]");
  planc->add_option("--policy", plan_args.policy, "protect_recognized (default), cheapest_first, most_units, weighted")
      ->check(CLI::IsMember({"protect_recognized", "cheapest_first", "most_units", "weighted"}));
  planc->add_option("--weight", plan_args.weights, "ID=NUMBER: criterion or indicator weight for --policy weighted");
  planc->add_option("--pin", plan_args.pins, "UNIT:INDICATOR:YEAR: a decision fixed by the user (repeatable)");
  planc->add_option("--out", plan_args.out, "Folder for tasks.csv, roadmap.csv, outcomes.csv, budgets.csv, plan.json");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (*check) return cmd_check(check_packs, common);
    if (*test) return cmd_test(test_pack, inherited, common);
    if (*graph) return cmd_graph(graph_pack, dot, deps_of, dependents_of, common);
    if (*diffc) return cmd_diff(old_pack, new_pack, old_year, new_year, common);
    if (*assessc) return cmd_assess(data, out_dir, formats, common);
    if (*explainc) return cmd_explain(data, unit_id, node_id, depth, common);
    if (*progressc) return cmd_progress(data, year_files, common);
    if (*planc) return cmd_plan(data, plan_args, common);
  } catch (const tieuchi::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 2;
}
