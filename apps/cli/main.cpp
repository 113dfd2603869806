// tieuchi: the command-line tool. Subcommands: check, test, graph, diff, overlay init, assess, explain,
// progress, plan. Exit codes: 0 success, 1 errors found (invalid pack or data, failed tests, an output that
// cannot be written), 2 bad usage (an argument that is not what it should be).
//
// Nothing a user types ends the program on a signal or an uncaught exception: a bad argument is
// reported as `error: --ARG 'VALUE': why`, with the library's own diagnostic when the library
// found the problem; main() also catches whatever escapes (`error: <what>`, exit 1).

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <tuple>

#include "tieuchi/assess/report.hpp"
#include "tieuchi/io/report_writers.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/io/units_csv.hpp"
#include "tieuchi/io/workbooks.hpp"
#include "tieuchi/graph/dependencies.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/io/pack_writers.hpp"
#include "tieuchi/io/overlay_template.hpp"
#include "tieuchi/model/completeness.hpp"
#include "tieuchi/model/diff.hpp"
#include "tieuchi/model/pack_test.hpp"
#include "tieuchi/io/plan_inputs.hpp"
#include "tieuchi/io/plan_writers.hpp"
#include "tieuchi/version.hpp"

namespace {

using tieuchi::Severity;
namespace fs = std::filesystem;

/// A command-line argument that cannot be used. main() prints `error: ARG 'VALUE': MESSAGE` and
/// exits with `exit_code`: 2 when the argument is malformed (bad usage), 1 when it is well formed
/// but what it names is wrong (a file with errors, a folder that cannot be written).
class ArgumentError : public std::runtime_error {
 public:
  ArgumentError(std::string_view argument, std::string_view value, std::string_view message, int exit_code)
      : std::runtime_error(fmt::format("{} '{}':{}{}", argument, value,
                                       message.find('\n') == std::string_view::npos ? " " : "\n", message)),
        exit_code_(exit_code) {}
  /// An argument given several times (e.g. --target) whose faulty value the message names.
  ArgumentError(std::string_view argument, std::string_view message, int exit_code)
      : std::runtime_error(fmt::format("{}:{}{}", argument,
                                       message.find('\n') == std::string_view::npos ? " " : "\n", message)),
        exit_code_(exit_code) {}
  int exit_code() const noexcept { return exit_code_; }

 private:
  int exit_code_;
};

/// Runs `f` (a library call reading one argument) and turns its tieuchi::Error into an
/// ArgumentError naming the argument; the message is the library's diagnostic, unchanged.
template <class F>
auto for_argument(std::string_view argument, std::string_view value, int exit_code, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const tieuchi::Error& e) {
    throw ArgumentError(argument, value, e.what(), exit_code);
  }
}

/// A whole number (no sign other than '-', no spaces, no trailing text); nullopt on overflow.
template <class Int>
std::optional<Int> whole_number(std::string_view text) {
  Int v{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

/// The folder named by `--out`, created if needed. ArgumentError (exit 1) when a file is in the
/// way or the folder cannot be made.
fs::path output_folder(std::string_view argument, const std::string& dir) {
  if (dir.empty()) throw ArgumentError(argument, dir, "expected a folder, got an empty value", 2);
  std::error_code ec;
  // A file where a folder is expected, at the path itself or at one of its parents.
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    auto st = fs::status(p, ec);
    if (fs::exists(st) && !fs::is_directory(st)) {
      throw ArgumentError(argument, dir,
                          p == fs::path(dir) ? std::string("is a file, expected a folder")
                                             : fmt::format("'{}' is a file, expected a folder", p.string()),
                          1);
    }
    if (fs::exists(st) || p == p.parent_path()) break;
  }
  fs::create_directories(dir, ec);
  if (ec) throw ArgumentError(argument, dir, fmt::format("cannot create the folder: {}", ec.message()), 1);
  return dir;
}

/// Writes `folder / name` with `write`, checking that the file opens and that every byte reaches
/// it (a full disk is reported, not ignored). ArgumentError (exit 1) names the argument and file.
void write_output(std::string_view argument, const fs::path& folder, const char* name,
                  const std::function<void(std::ostream&)>& write) {
  auto path = folder / name;
  auto failed = [&](const char* what) {
    int err = errno;
    throw ArgumentError(argument, folder.string(),
                        fmt::format("cannot {} {}: {}", what, path.string(),
                                    err ? std::generic_category().message(err) : std::string("write error")),
                        1);
  };
  errno = 0;
  std::ofstream f(path);
  if (!f) failed("create");
  write(f);
  f.close();
  if (!f) failed("write");
}

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

std::string errors_text(std::size_t n) { return fmt::format("{} error{}", n, n == 1 ? "" : "s"); }

/// Loads a pack named by `argument`; on errors (already printed by the caller) the last line names
/// the argument: `error: --pack 'x.yaml': the pack cannot be loaded (2 errors)`.
tieuchi::io::LoadResult load(std::string_view argument, const std::string& name, const Common& c) {
  if (name.empty()) throw ArgumentError(argument, name, "expected a pack id or file, got an empty value", 2);
  return tieuchi::io::load_pack(name, c.search());
}

void pack_failed(std::string_view argument, const std::string& name, const tieuchi::io::LoadResult& r) {
  fmt::print(stderr, "error: {} '{}': the pack cannot be loaded ({})\n", argument, name,
             errors_text(std::max<std::size_t>(1, r.diagnostics.error_count())));
}

/// The rules of the pack `--pack` names, its warnings printed; null (and the reason printed) when
/// it does not load.
std::shared_ptr<const tieuchi::model::RuleSet> load_rules(const std::string& name, const Common& c) {
  auto r = load("--pack", name, c);
  print(r.diagnostics, true);
  if (!r.ok()) {
    pack_failed("--pack", name, r);
    return nullptr;
  }
  return r.rules;
}

/// An output file named by `argument`: not empty, ending in one of `extensions`; its folder is
/// made first, so that a bad name costs nothing.
fs::path output_file(std::string_view argument, const std::string& value, std::initializer_list<std::string_view> extensions) {
  std::string what = fmt::format("a file name ending in {}", fmt::join(extensions, " or "));
  if (value.empty()) throw ArgumentError(argument, value, fmt::format("expected {}, got an empty value", what), 2);
  fs::path path(value);
  if (std::find(extensions.begin(), extensions.end(), path.extension().string()) == extensions.end())
    throw ArgumentError(argument, value, "expected " + what, 2);
  if (path.has_parent_path()) output_folder(argument, path.parent_path().string());
  return path;
}

int cmd_check(const std::vector<std::string>& packs, bool complete, const Common& c) {
  int rc = 0;
  for (const auto& name : packs) {
    auto r = load("PACK", name, c);
    std::size_t errors = print(r.diagnostics, c.no_warnings);
    std::size_t warnings = r.diagnostics.size() - errors;
    if (!r.ok()) {
      fmt::print("{}: {} error{}, {} warning{}\n", name, errors, errors == 1 ? "" : "s", warnings,
                 warnings == 1 ? "" : "s");
      pack_failed("PACK", name, r);
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
    if (complete) {
      // --complete: every threshold the levels need must have a value (E316 per parameter).
      auto report = tieuchi::model::check_complete(*r.rules);
      print(report.diagnostics, false);
      fmt::print("  {}\n", report.format());
      if (!report.complete()) rc = 1;
    }
  }
  return rc;
}

int cmd_overlay_init(const std::string& pack, const std::string& id, std::optional<int> year, const std::string& out,
                     const std::string& lang, const Common& c) {
  if (id.empty()) throw ArgumentError("--id", id, "expected a pack id for the overlay, got an empty value", 2);
  output_file("--out", out, {".yaml", ".yml"});
  auto rules = load_rules(pack, c);
  if (!rules) return 1;
  tieuchi::io::OverlayTemplateOptions opt;
  opt.id = id;
  opt.year = year;
  opt.lang = tieuchi::text::parse_lang(lang).value_or(tieuchi::text::Lang::vi);
  try {
    tieuchi::io::write_overlay_template(out, *rules, opt, c.search());
  } catch (const tieuchi::Error& e) {
    // The library names the option in `field`; the message is its diagnostic, unchanged.
    const auto& d = e.diagnostics();
    std::string field = d.empty() ? "" : d[0].field;
    if (field == "year") throw ArgumentError("--year", std::to_string(year.value_or(0)), e.what(), 1);
    if (field == "id") throw ArgumentError("--id", id, e.what(), 2);
    throw ArgumentError("--out", out, e.what(), 1);
  }
  auto unset = tieuchi::model::unset_parameters(*rules, {year});
  std::size_t values = 0;
  for (const auto& u : unset) values += u.holes.size();
  fmt::print("wrote the overlay {} over {} to {}: {} thresholds, {} values to type\n", id, rules->pack().id, out,
             unset.size(), values);
  return 0;
}

int cmd_test(const std::string& name, bool inherited, const Common& c) {
  auto r = load("PACK", name, c);
  print(r.diagnostics, true);
  if (!r.ok()) {
    fmt::print("{}: the pack has errors; run `tieuchi check {}`\n", name, name);
    pack_failed("PACK", name, r);
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

int cmd_graph(const std::string& name, bool dot, const std::optional<std::string>& deps_of,
              const std::optional<std::string>& dependents_of, const Common& c) {
  auto r = load("PACK", name, c);
  print(r.diagnostics, true);
  if (!r.ok()) {
    pack_failed("PACK", name, r);
    return 1;
  }
  const auto& g = r.rules->graph();
  auto show = [&](const std::string& id, bool forward) {
    auto n = g.find(id);
    if (!n) {
      throw ArgumentError(forward ? "--unlocks" : "--depends-on", id,
                          fmt::format("not a node of pack {}", r.rules->pack().id), 1);
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
  if (deps_of) return show(*deps_of, false);
  if (dependents_of) return show(*dependents_of, true);
  if (dot) {
    fmt::print("{}", g.to_dot(r.rules->pack().id));
    return 0;
  }
  fmt::print("{}: {} nodes, {} edges; evaluation order:\n", r.rules->pack().id, g.node_count(), g.edge_count());
  for (const auto& n : r.rules->nodes()) fmt::print("  {} {}\n", tieuchi::graph::to_string(n.kind), n.id);
  return 0;
}

int cmd_diff(const std::string& a, const std::string& b, std::optional<int> old_year,
             std::optional<int> new_year, const std::string& format, const Common& c) {
  auto ra = load("OLD", a, c);
  auto rb = load("NEW", b, c);
  print(ra.diagnostics, true);
  print(rb.diagnostics, true);
  if (!ra.ok()) pack_failed("OLD", a, ra);
  if (!rb.ok()) pack_failed("NEW", b, rb);
  if (!ra.ok() || !rb.ok()) return 1;
  tieuchi::model::DiffOptions opt;
  opt.old_year = old_year;
  opt.new_year = new_year;
  try {
    auto d = tieuchi::model::diff(*ra.rules, *rb.rules, opt);
    fmt::print("{}", format == "json" ? tieuchi::io::diff_json(d) : d.format());
  } catch (const tieuchi::DataError& e) {
    // The library names the option in `field`; the message is its diagnostic, unchanged.
    const bool old_one = e.diagnostics()[0].field == "old_year";
    throw ArgumentError(old_one ? "--old-year" : "--new-year",
                        std::to_string((old_one ? opt.old_year : opt.new_year).value_or(0)), e.what(), 1);
  }
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

/// Where a data file and its year came from on the command line, for messages.
struct DataArgument {
  std::string argument = "--data";  ///< the argument naming the file
  std::string value;                ///< as typed (`a.csv`, or `2023=a.csv` for progress)
  std::string year_argument;        ///< the argument giving the year, if any (`--year`)
  std::string year_value;
};

/// Loads the pack and the data, and assesses; prints diagnostics; null on errors (the last line
/// then names the argument at fault).
std::optional<tieuchi::assess::Assessment> load_and_assess(const DataOptions& o, const std::string& data,
                                                           std::optional<int> year, const DataArgument& from,
                                                           const Common& c, bool costs = false) {
  if (data.empty()) throw ArgumentError(from.argument, from.value, "expected a units CSV file, got an empty value", 2);
  for (const auto& name : o.attributes)
    if (name.empty()) throw ArgumentError("--attribute", name, "expected a column name, got an empty value", 2);
  auto rules = load_rules(o.pack, c);
  if (!rules) return std::nullopt;
  tieuchi::io::CsvOptions csv;
  csv.attributes = o.attributes;
  // The recognized column is optional: kept when the file has it.
  if (!o.recognized.empty()) csv.optional_attributes.push_back(o.recognized);
  csv.allow_missing_columns = o.allow_missing_columns;
  csv.ignore_unknown_columns = o.ignore_unknown_columns;
  // Read once, so that the file may be a pipe (`--data <(...)`, /dev/stdin).
  auto units = tieuchi::io::read_units_csv(data, *rules, csv);
  print(units.diagnostics, false);
  if (!units.ok()) {
    fmt::print(stderr, "error: {} '{}': the units cannot be read ({})\n", from.argument, from.value,
               errors_text(std::max<std::size_t>(1, units.diagnostics.error_count())));
    return std::nullopt;
  }
  tieuchi::assess::AssessOptions opt;
  opt.year = year;
  opt.threads = o.threads;
  opt.costs = costs;
  try {
    return tieuchi::assess::assess(rules, units.table, opt);
  } catch (const tieuchi::Error& e) {
    // A year outside the pack's validity is the year argument's fault; anything else the data's.
    bool year_fault = false;
    for (const auto& d : e.diagnostics()) year_fault = year_fault || d.code == "E506";
    if (year_fault && !from.year_argument.empty()) throw ArgumentError(from.year_argument, from.year_value, e.what(), 1);
    throw ArgumentError(from.argument, from.value, e.what(), 1);
  }
}

struct PlanArgs {
  std::string horizon;
  std::vector<std::string> targets;
  std::string budget, costs, policy = "protect_recognized", out, method = "auto", time_limit = "10";
  std::vector<std::string> weights, pins;
  bool horizon_given = false, budget_given = false, costs_given = false;  ///< also when given empty
};

/// `--xlsx FILE` and `--plan-name TEXT` of assess and plan: the annexes (Biểu) workbook.
struct WorkbookArgs {
  std::string path, plan_name;
  bool given = false;
};

/// The workbook's path, its folder made first (so that a bad --xlsx costs nothing).
std::optional<fs::path> workbook_path(const WorkbookArgs& w) {
  if (!w.given) return std::nullopt;
  return output_file("--xlsx", w.path, {".xlsx"});
}

/// Writes a workbook with `write`; a failure names the argument.
template <class F>
void write_workbook(const std::string& value, F&& write) {
  try {
    write();
  } catch (const tieuchi::Error& e) {
    throw ArgumentError("--xlsx", value, e.what(), 1);
  }
}

int cmd_plan(const DataOptions& o, const PlanArgs& p, const DataArgument& from, bool out_given,
             const WorkbookArgs& wb, const Common& c) {
  namespace plan = tieuchi::plan;
  plan::PlanOptions opt;
  namespace io = tieuchi::io;
  for (const auto& t : p.targets) opt.targets.push_back(for_argument("--target", t, 2, [&] { return io::or_throw(io::parse_target(t)); }));
  if (p.horizon_given)
    std::tie(opt.first_year, opt.last_year) = for_argument("--horizon", p.horizon, 2, [&] { return io::or_throw(io::parse_horizon(p.horizon)); });
  for (auto [argument, value, given] : {std::tuple{"--budget", &p.budget, p.budget_given}, std::tuple{"--costs", &p.costs, p.costs_given}})
    if (given && value->empty()) throw ArgumentError(argument, *value, "expected a CSV file, got an empty value", 2);
  if (p.budget_given)
    opt.budgets = for_argument("--budget", p.budget, 1, [&] { return io::or_throw(io::read_budgets_csv(p.budget)); });
  if (p.costs_given)
    opt.costs = for_argument("--costs", p.costs, 1, [&] { return io::or_throw(io::read_costs_csv(p.costs)); });
  opt.policy = for_argument("--policy", p.policy, 2, [&] { return io::or_throw(io::parse_policy(p.policy)); });
  opt.method = for_argument("--method", p.method, 2, [&] { return io::or_throw(io::parse_method(p.method)); });
  opt.time_limit = for_argument("--time-limit", p.time_limit, 2, [&] { return io::or_throw(io::parse_time_limit(p.time_limit)); });
  opt.recognized_attribute = o.recognized;
  for (const auto& w : p.weights) {
    auto [id, weight] = for_argument("--weight", w, 2, [&] { return io::or_throw(io::parse_weight(w)); });
    opt.weights[id] = weight;
  }
  for (const auto& pin : p.pins)
    opt.pins.push_back(for_argument("--pin", pin, 2, [&] { return io::or_throw(io::parse_pin(pin)); }));
  // Make the output folder before the work, so that a bad --out costs nothing.
  std::optional<fs::path> out;
  if (out_given) out = output_folder("--out", p.out);
  auto xlsx = workbook_path(wb);
  auto a = load_and_assess(o, o.data, o.year, from, c, /*costs=*/true);
  if (!a) return 1;
  if (!opt.first_year) opt.first_year = a->year();
  plan::Plan result;
  try {
    result = plan::plan(*a, opt);
  } catch (const tieuchi::Error& e) {
    // The planner's diagnostics name the target, budget, cost or pin; say which argument it was.
    static const std::map<std::string, std::string> argument_of = {
        {"E603", "--target"}, {"E604", "--budget"}, {"E605", "--costs"}, {"E606", "--pin"}, {"E608", "--weight"}};
    std::string argument;
    for (const auto& d : e.diagnostics()) {
      if (d.code == "E602") argument = p.horizon.empty() ? "--target" : "--horizon";
      if (auto it = argument_of.find(d.code); it != argument_of.end()) argument = it->second;
      if (!argument.empty()) break;
    }
    if (argument.empty()) throw;
    throw ArgumentError(argument, e.what(), 1);
  }
  fmt::print("{}", io::format_plan_summary(*a, result, lang_of(o.lang)));
  if (out) {
    write_output("--out", *out, "tasks.csv", [&](std::ostream& f) { io::write_tasks_csv(f, *a, result); });
    write_output("--out", *out, "roadmap.csv", [&](std::ostream& f) { io::write_roadmap_csv(f, *a, result); });
    write_output("--out", *out, "outcomes.csv", [&](std::ostream& f) { io::write_outcomes_csv(f, *a, result, lang_of(o.lang)); });
    write_output("--out", *out, "budgets.csv", [&](std::ostream& f) { io::write_budgets_csv(f, result); });
    write_output("--out", *out, "plan.json", [&](std::ostream& f) { io::write_plan_json(f, *a, result, lang_of(o.lang)); });
    fmt::print("\nwrote tasks.csv, roadmap.csv, outcomes.csv, budgets.csv, plan.json in {}\n", p.out);
  }
  if (xlsx) {
    tieuchi::assess::SummaryOptions so;
    so.recognized_attribute = o.recognized;
    auto s = tieuchi::assess::summarize(*a, so);
    tieuchi::io::AnnexOptions ao;
    ao.lang = lang_of(o.lang);
    ao.plan_name = wb.plan_name;
    write_workbook(wb.path, [&] { io::write_plan_workbook(*xlsx, *a, s, result, ao); });
    fmt::print("wrote the annexes (review and roadmap) to {}\n", wb.path);
  }
  return 0;
}

int cmd_assess(const DataOptions& o, const std::string& out_dir, bool out_given, const std::vector<std::string>& formats,
               const WorkbookArgs& wb, const DataArgument& from, const Common& c) {
  std::optional<fs::path> out;
  if (out_given) out = output_folder("--out", out_dir);
  auto xlsx = workbook_path(wb);
  auto a = load_and_assess(o, o.data, o.year, from, c);
  if (!a) return 1;
  tieuchi::assess::SummaryOptions so;
  so.recognized_attribute = o.recognized;
  auto s = tieuchi::assess::summarize(*a, so);
  fmt::print("{}", tieuchi::assess::format_summary(*a, s, lang_of(o.lang)));
  if (out) {
    auto want = [&](const char* f) { return formats.empty() || std::find(formats.begin(), formats.end(), f) != formats.end(); };
    std::vector<std::string> written;
    if (want("json")) {
      write_output("--out", *out, "assessment.json", [&](std::ostream& f) { tieuchi::io::write_json(f, *a, s); });
      written.push_back("assessment.json");
    }
    if (want("csv")) {
      write_output("--out", *out, "assessment-long.csv", [&](std::ostream& f) { tieuchi::io::write_long_csv(f, *a); });
      written.push_back("assessment-long.csv");
    }
    if (want("wide")) {
      write_output("--out", *out, "planning-table.csv", [&](std::ostream& f) { tieuchi::io::write_wide_csv(f, *a, s); });
      written.push_back("planning-table.csv");
    }
    fmt::print("\nwrote {} in {}\n", fmt::join(written, ", "), out_dir);
  }
  if (xlsx) {
    tieuchi::io::AnnexOptions ao;
    ao.lang = lang_of(o.lang);
    ao.plan_name = wb.plan_name;
    write_workbook(wb.path, [&] { tieuchi::io::write_review_workbook(*xlsx, *a, s, ao); });
    fmt::print("{}wrote the review annexes to {}\n", out ? "" : "\n", wb.path);
  }
  return 0;
}

int cmd_template(const std::string& pack, std::optional<int> year, const std::string& units_path, bool units_given,
                 const std::string& out, const std::string& lang, const Common& c) {
  output_file("--out", out, {".xlsx"});
  if (units_given && units_path.empty()) throw ArgumentError("--units", units_path, "expected a CSV file, got an empty value", 2);
  auto rules = load_rules(pack, c);
  if (!rules) return 1;
  tieuchi::io::UnitList units;
  if (units_given) {
    auto list = tieuchi::io::read_unit_list_csv(units_path);
    print(list.diagnostics, false);
    if (!list.ok()) {
      fmt::print(stderr, "error: --units '{}': the unit list cannot be read ({})\n", units_path,
                 errors_text(list.diagnostics.error_count()));
      return 1;
    }
    units = std::move(list.units);
  }
  tieuchi::io::TemplateOptions opt;
  if (year) opt.year = *year;
  opt.lang = lang_of(lang);
  try {
    tieuchi::io::write_template(out, *rules, units, opt);
  } catch (const tieuchi::DataError& e) {
    throw ArgumentError("--year", std::to_string(opt.year), e.what(), 1);
  } catch (const tieuchi::Error& e) {
    throw ArgumentError("--out", out, e.what(), 1);
  }
  fmt::print("wrote the input template for {} ({} units, year {}) to {}\n", rules->pack().id, units.size(),
             year.value_or(rules->default_year()), out);
  return 0;
}

int cmd_explain(const DataOptions& o, const std::string& unit, const std::string& node, int depth,
                const DataArgument& from, const Common& c) {
  auto a = load_and_assess(o, o.data, o.year, from, c);
  if (!a) return 1;
  const auto& ids = a->units().ids;
  auto it = std::find(ids.begin(), ids.end(), unit);
  if (it == ids.end()) throw ArgumentError("--unit", unit, fmt::format("no such unit in {}", o.data), 1);
  auto u = static_cast<std::size_t>(it - ids.begin());
  std::string target = node;
  if (target.empty()) {
    auto levels = a->levels();
    target = levels.empty() ? a->nodes().back().id : a->nodes()[levels.front()].id;
  }
  const auto& names = a->units().names;
  fmt::print("{} {} ({})\n", unit, u < names.size() ? names[u] : "", a->year());
  auto text = for_argument("--node", target, 1, [&] { return tieuchi::assess::explain(*a, u, target, lang_of(o.lang), depth); });
  fmt::print("{}", text);
  return 0;
}

int cmd_progress(const DataOptions& o, const std::vector<std::string>& years, const Common& c) {
  if (years.size() != 2) {
    throw ArgumentError("--data", fmt::format("{}", fmt::join(years, " ")),
                        fmt::format("expected two data files as YEAR=FILE, got {} (e.g. --data 2023=a.csv --data 2024=b.csv)",
                                    years.size()),
                        2);
  }
  // Both arguments are checked before any file is read.
  std::vector<std::pair<int, std::string>> parsed;
  for (const auto& yf : years) {
    auto eq = yf.find('=');
    if (eq == std::string::npos) throw ArgumentError("--data", yf, "expected YEAR=FILE (e.g. 2023=a.csv)", 2);
    auto year = whole_number<int>(std::string_view(yf).substr(0, eq));
    if (!year) throw ArgumentError("--data", yf, fmt::format("YEAR '{}' is not a whole number (e.g. 2023=a.csv)", yf.substr(0, eq)), 2);
    parsed.emplace_back(*year, yf.substr(eq + 1));
  }
  std::vector<tieuchi::assess::Assessment> runs;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    DataArgument from{"--data", years[i], "--data", years[i]};
    auto a = load_and_assess(o, parsed[i].second, parsed[i].first, from, c);
    if (!a) return 1;
    runs.push_back(std::move(*a));
  }
  fmt::print("{}", tieuchi::assess::compare(runs[0], runs[1]).format(lang_of(o.lang)));
  return 0;
}

/// Parses the command line and runs the subcommand; returns the exit code.
int run(int argc, char** argv) {
  CLI::App app{"tieuchi: assess administrative units against criteria packs"};
  // Before the subcommands are added: they copy it. CLI11's messages name the option already.
  app.failure_message([](const CLI::App* a, const CLI::Error& e) { return "error: " + CLI::FailureMessage::simple(a, e); });
  app.set_version_flag("--version", std::string(tieuchi::version()));
  app.require_subcommand(1);
  Common common;
  // One folder per --pack-path, so that a mistyped subcommand after it is not taken for a folder.
  app.add_option("--pack-path", common.pack_path, "Folder searched for packs named by id (repeatable)")
      ->allow_extra_args(false);

  auto* check = app.add_subcommand("check", "Check packs and report every problem (exit 1 on errors)");
  std::vector<std::string> check_packs;
  check->add_option("PACK", check_packs, "Pack ids or files")->required();
  check->add_flag("--no-warnings", common.no_warnings, "Show errors only");
  bool check_complete = false;
  check->add_flag("--complete", check_complete,
                  "Also fail (E316) on every threshold the levels need that has no value, per region and year");

  auto* test = app.add_subcommand("test", "Run the tests a pack carries");
  std::string test_pack;
  bool inherited = false;
  test->add_option("PACK", test_pack, "Pack id or file")->required();
  test->add_flag("--inherited", inherited, "Also run the tests of the packs it extends");

  auto* graph = app.add_subcommand("graph", "Show the dependency graph");
  std::string graph_pack;
  std::optional<std::string> deps_of, dependents_of;
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
  std::string diff_format = "markdown";
  diffc->add_option("--format", diff_format, "markdown (a report) or json (schema tieuchi.pack-diff/1)")
      ->check(CLI::IsMember({"markdown", "json"}));

  DataOptions data;
  std::vector<CLI::Option*> year_options;
  auto add_data_options = [&](CLI::App* sub, bool data_required) {
    sub->add_option("--pack", data.pack, "Pack id or file")->required();
    year_options.push_back(sub->add_option("--year", data.year, "Assessment year (default: the pack's first year)"));
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
  auto* assess_out = assessc->add_option("--out", out_dir, "Folder for assessment.json, assessment-long.csv, planning-table.csv");
  assessc->add_option("--format", formats, "Only these outputs: json, csv, wide")->check(CLI::IsMember({"json", "csv", "wide"}));
  WorkbookArgs workbook;
  auto add_workbook_options = [&](CLI::App* sub, const char* what) {
    sub->add_option("--xlsx", workbook.path, what);
    sub->add_option("--plan-name", workbook.plan_name, "The plan's name, printed under each annex's title");
  };
  add_workbook_options(assessc, "Write the review annexes (Biểu 01, 02: one per recognized level) to this .xlsx");

  auto* templatec = app.add_subcommand("template", "Write the input template (.xlsx) a unit table is typed into");
  std::string template_pack, template_units, template_out, template_lang = "vi";
  std::optional<int> template_year;
  templatec->add_option("--pack", template_pack, "Pack id or file")->required();
  templatec->add_option("--year", template_year, "Assessment year the template is for (default: the pack's first year)");
  auto* template_units_opt = templatec->add_option("--units", template_units, "CSV listing the units: id (or code), name (or commune), district");
  templatec->add_option("--out", template_out, "The .xlsx file to write")->required();
  templatec->add_option("--lang", template_lang, "Language of the headings: vi (default) or en")->check(CLI::IsMember({"vi", "en"}));

  auto* overlayc = app.add_subcommand("overlay", "Overlays: the thresholds a province supplies");
  overlayc->require_subcommand(1);
  auto* overlay_init = overlayc->add_subcommand(
      "init", "Write an overlay listing every threshold the pack leaves unset, each with no value, to be filled in");
  std::string overlay_pack, overlay_id, overlay_out, overlay_lang = "vi";
  std::optional<int> overlay_year;
  overlay_init->add_option("--pack", overlay_pack, "Pack id or file the overlay extends")->required();
  overlay_init->add_option("--id", overlay_id, "The overlay's pack id (e.g. langson-2024)")->required();
  overlay_init->add_option("--year", overlay_year, "Only the values needed from this year on (default: every year of the pack)");
  overlay_init->add_option("--out", overlay_out, "The .yaml file to write")->required();
  overlay_init->add_option("--lang", overlay_lang, "Language of the comments: vi (default) or en")->check(CLI::IsMember({"vi", "en"}));

  auto* explainc = app.add_subcommand("explain", "Explain one unit's results, down to values and thresholds");
  add_data_options(explainc, true);
  std::string unit_id, node_id;
  int depth = 2;
  explainc->add_option("--unit", unit_id, "Unit id")->required();
  explainc->add_option("--node", node_id, "Level, criterion or indicator (default: the lowest level)");
  explainc->add_option("--depth", depth, "How many levels of members to explain (default 2)")
      ->check([](const std::string& v) { return v.starts_with('-') ? std::string("expected a whole number >= 0") : std::string(); },
              "INT >= 0");

  auto* progressc = app.add_subcommand("progress", "Compare the same units between two years");
  add_data_options(progressc, false);
  std::vector<std::string> year_files;
  progressc->add_option("--data", year_files, "YEAR=FILE, twice")->required();

  auto* planc = app.add_subcommand("plan", "Plan the remediation: a year-by-year roadmap under budgets and deadlines");
  add_data_options(planc, true);
  PlanArgs plan_args;
  planc->add_option("--target", plan_args.targets, "LEVEL:YEAR[:all], repeatable (e.g. ntm:2024; :all for every unit)")
      ->required();
  auto* horizon = planc->add_option("--horizon", plan_args.horizon, "FIRST-LAST years (default: assessment year to the last target)");
  auto* budget = planc->add_option("--budget", plan_args.budget, "Budgets CSV: year, amount[, scope, name]");
  auto* costs = planc->add_option("--costs", plan_args.costs, "Cost overrides CSV: indicator[, unit, fixed_cost, cost_per_gap, duration_months, agency]");
  planc->add_option("--policy", plan_args.policy, "protect_recognized (default), cheapest_first, most_units, weighted")
      ->check(CLI::IsMember({"protect_recognized", "cheapest_first", "most_units", "weighted"}));
  planc->add_option("--weight", plan_args.weights, "ID=NUMBER: criterion or indicator weight for --policy weighted");
  planc->add_option("--pin", plan_args.pins, "UNIT:INDICATOR:YEAR: a decision fixed by the user (repeatable)");
  planc->add_option("--method", plan_args.method,
                    "auto (default: greedy, then the MILP solver when the model is small enough), exact, greedy");
  planc->add_option("--time-limit", plan_args.time_limit, "Seconds the MILP solver may take (default 10)");
  auto* plan_out = planc->add_option("--out", plan_args.out, "Folder for tasks.csv, roadmap.csv, outcomes.csv, budgets.csv, plan.json");
  add_workbook_options(planc, "Write the annexes (review Biểu 01, 02 and roadmap Biểu 03, 04) to this .xlsx");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 says only "A subcommand is required" for `tieuchi assay`: name the word it did not know.
    if (app.get_subcommands().empty() && !app.remaining().empty() && dynamic_cast<const CLI::RequiredError*>(&e)) {
      std::vector<std::string> names;
      for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
      fmt::print(stderr, "error: '{}' is not a subcommand (expected one of: {})\nRun with --help for more information.\n",
                 app.remaining().front(), fmt::join(names, ", "));
      return 2;
    }
    return app.exit(e) == 0 ? 0 : 2;
  }
  DataArgument from{"--data", data.data, "", ""};
  for (auto* y : year_options)
    if (y->count() > 0) from = {"--data", data.data, "--year", y->as<std::string>()};
  plan_args.horizon_given = horizon->count() > 0;
  plan_args.budget_given = budget->count() > 0;
  plan_args.costs_given = costs->count() > 0;
  for (auto* sub : {assessc, planc})
    if (*sub && sub->get_option("--xlsx")->count() > 0) workbook.given = true;
  if (*templatec)
    return cmd_template(template_pack, template_year, template_units, template_units_opt->count() > 0, template_out,
                        template_lang, common);
  if (*check) return cmd_check(check_packs, check_complete, common);
  if (*overlay_init) return cmd_overlay_init(overlay_pack, overlay_id, overlay_year, overlay_out, overlay_lang, common);
  if (*test) return cmd_test(test_pack, inherited, common);
  if (*graph) return cmd_graph(graph_pack, dot, deps_of, dependents_of, common);
  if (*diffc) return cmd_diff(old_pack, new_pack, old_year, new_year, diff_format, common);
  if (*assessc) return cmd_assess(data, out_dir, assess_out->count() > 0, formats, workbook, from, common);
  if (*explainc) return cmd_explain(data, unit_id, node_id, depth, from, common);
  if (*progressc) {
    if (from.year_argument == "--year")
      throw ArgumentError("--year", from.year_value, "progress takes its two years from --data YEAR=FILE", 2);
    return cmd_progress(data, year_files, common);
  }
  if (*planc) return cmd_plan(data, plan_args, from, plan_out->count() > 0, workbook, common);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // The net under everything: precise messages come first (ArgumentError, the library's
  // diagnostics); whatever escapes them still ends as a message and exit 1, never as a signal.
  int rc = 1;
  try {
    rc = run(argc, argv);
  } catch (const ArgumentError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    rc = e.exit_code();
  } catch (const tieuchi::Error& e) {
    fmt::print(stderr, "{}\n", e.what());
    rc = 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    rc = 1;
  } catch (...) {
    fmt::print(stderr, "error: unexpected failure\n");
    rc = 1;
  }
  // What was printed must have reached standard output (a full disk, a closed pipe).
  // (When the run failed already, its own message says why.)
  errno = 0;
  if ((std::fflush(stdout) != 0 || std::ferror(stdout)) && rc == 0) {
    int err = errno;
    fmt::print(stderr, "error: cannot write the standard output: {}\n",
               err ? std::generic_category().message(err) : std::string("write error"));
    rc = 1;
  }
  return rc;
}
