// Readers of the planner's inputs (budgets and cost tables; targets, horizons, policies, pins and
// weights given as text). Places are structured fields of the diagnostics, never message text.
#include "tieuchi/io/plan_inputs.hpp"

#include <fmt/format.h>

#include <charconv>

#include <algorithm>
#include <cmath>

#include "support/csv_table.hpp"
#include "support/text.hpp"

namespace tieuchi::io {

namespace {

using plan::Budget;
using plan::BudgetScope;
using plan::CostOverride;
using plan::Policy;

std::string trimmed(std::string_view s) { return std::string(support::trim(s)); }

Diagnostic error(std::string code, std::string message) {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  return d;
}

/// A text value's diagnostic: E612, about argument `field`.
template <class T>
PlanInput<T> bad_value(const std::string& field, std::string message) {
  PlanInput<T> r;
  Diagnostic d = error("E612", std::move(message));
  d.field = field;
  r.diagnostics.add(std::move(d));
  return r;
}

/// A year: a whole number from kMinPlanYear to kMaxPlanYear, checked before the conversion to int
/// (so that 99999999999 is refused rather than wrapped).
std::optional<int> year_of(std::string_view cell) {
  auto v = support::parse_number(cell);
  if (!v || *v != std::floor(*v) || *v < kMinPlanYear || *v > kMaxPlanYear) return std::nullopt;
  return static_cast<int>(*v);
}

/// Why `cell` is not a year, for messages.
std::string not_a_year(std::string_view what, std::string_view cell) {
  if (support::trim(cell).empty()) return fmt::format("the {} is empty", what);
  return fmt::format("the {} '{}' is not a whole number from {} to {}", what, support::trim(cell), kMinPlanYear,
                     kMaxPlanYear);
}

/// A CSV table checked against its columns, with the places of its cells.
struct Table {
  std::string source;
  std::vector<std::string> header;
  std::vector<support::CsvRecord> rows;
  Diagnostics diagnostics;
  std::string code;
  std::int64_t shift = 0;  ///< added to the CSV's row numbers (header_row - 1)

  std::uint32_t place(std::uint32_t row) const {
    return static_cast<std::uint32_t>(std::max<std::int64_t>(0, static_cast<std::int64_t>(row) + shift));
  }

  int col(std::string_view name) const {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  }
  std::string cell(std::size_t r, int c) const {
    const auto& cells = rows[r].cells;
    return c < 0 || static_cast<std::size_t>(c) >= cells.size() ? std::string() : trimmed(cells[static_cast<std::size_t>(c)]);
  }
  /// A diagnostic about the cell of row `r` (0-based among data rows) in column `name`.
  void bad_cell(std::size_t r, std::string_view name, std::string message) {
    Diagnostic d = error(code, std::move(message));
    d.file = source;
    d.row = place(rows[r].row);
    int c = col(name);
    d.column = c < 0 ? 0 : static_cast<std::uint32_t>(c + 1);
    d.column_name = std::string(name);
    diagnostics.add(std::move(d));
  }
  void bad_table(std::uint32_t row, std::string message, std::string column_name = {}, std::uint32_t column = 0) {
    Diagnostic d = error(code, std::move(message));
    d.file = source;
    d.row = place(row);
    d.column = column;
    d.column_name = std::move(column_name);
    diagnostics.add(std::move(d));
  }
};

Table read_table(std::string source, std::string_view text, const std::vector<std::string>& required,
                 const std::vector<std::string>& optional, std::string code, std::int32_t header_row) {
  Table t;
  t.source = std::move(source);
  t.shift = static_cast<std::int64_t>(header_row) - 1;
  t.code = std::move(code);
  auto parsed = support::parse_csv(text);
  if (!parsed.ok()) {
    t.bad_table(parsed.error_row, fmt::format("malformed CSV: {}", parsed.error));
    return t;
  }
  if (parsed.records.empty()) {
    t.bad_table(0, "no header row");
    return t;
  }
  for (auto& h : parsed.records[0].cells) t.header.push_back(trimmed(h));
  for (const auto& r : required)
    if (t.col(r) < 0) t.bad_table(1, fmt::format("missing column '{}' (columns: {})", r, fmt::join(required, ", ")), r);
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    const auto& h = t.header[c];
    if (std::find(required.begin(), required.end(), h) == required.end() &&
        std::find(optional.begin(), optional.end(), h) == optional.end())
      t.bad_table(1, fmt::format("unknown column '{}' (expected {}{}{})", h, fmt::join(required, ", "),
                                 optional.empty() ? "" : ", optionally ", fmt::join(optional, ", ")),
                  h, static_cast<std::uint32_t>(c + 1));
  }
  if (t.diagnostics.has_errors()) return t;
  for (std::size_t r = 1; r < parsed.records.size(); ++r) {
    auto& rec = parsed.records[r];
    if (rec.cells.size() != t.header.size())
      t.bad_table(rec.row, fmt::format("{} cells, the header has {}", rec.cells.size(), t.header.size()));
    t.rows.push_back(std::move(rec));
  }
  return t;
}

/// The text of `path`, or a diagnostic saying it cannot be read.
std::optional<std::string> read_text(const std::filesystem::path& path, const std::string& code, Diagnostics& out) {
  auto file = support::read_file_text(path, support::kMaxPlanTableBytes);
  if (!file.text) {
    Diagnostic d = error(code, file.problem == support::FileText::Problem::cannot_open ? std::string("cannot open the file")
                                                                                : fmt::format("the file {}", file.why));
    d.file = path.string();
    out.add(std::move(d));
  }
  return std::move(file.text);
}

template <class T>
PlanInput<T> finish(Table& t, T value) {
  PlanInput<T> r;
  r.diagnostics = std::move(t.diagnostics);
  if (!r.diagnostics.has_errors()) r.value = std::move(value);
  return r;
}

}  // namespace

PlanInput<std::vector<Budget>> read_budgets_csv_text(std::string source, std::string_view text,
                                                     std::int32_t header_row) {
  Table t = read_table(std::move(source), text, {"year", "amount"}, {"scope", "name"}, "E610", header_row);
  std::vector<Budget> out;
  if (t.diagnostics.has_errors()) return finish(t, std::move(out));
  int cy = t.col("year"), ca = t.col("amount"), cs = t.col("scope"), cn = t.col("name");
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    Budget b;
    if (auto y = year_of(t.cell(r, cy))) b.year = *y;
    else t.bad_cell(r, "year", fmt::format("expected a year, got '{}'", t.cell(r, cy)));
    auto a = support::parse_number(t.cell(r, ca));
    if (!a || *a < 0) t.bad_cell(r, "amount", fmt::format("expected a non-negative amount, got '{}'", t.cell(r, ca)));
    else b.amount = *a;
    std::string scope = t.cell(r, cs);
    if (scope.empty() || scope == "province") b.scope = BudgetScope::province;
    else if (scope == "district") b.scope = BudgetScope::district;
    else if (scope == "agency") b.scope = BudgetScope::agency;
    else t.bad_cell(r, "scope", fmt::format("expected province, district or agency, got '{}'", scope));
    b.name = t.cell(r, cn);
    if (b.scope != BudgetScope::province && b.name.empty())
      t.bad_cell(r, "name", fmt::format("a {} budget needs the {}'s name", scope, scope));
    if (b.scope == BudgetScope::province && !b.name.empty())
      t.bad_cell(r, "name", "a province budget has no name (give scope district or agency)");
    out.push_back(std::move(b));
  }
  return finish(t, std::move(out));
}

PlanInput<std::vector<Budget>> read_budgets_csv(const std::filesystem::path& path) {
  PlanInput<std::vector<Budget>> r;
  auto text = read_text(path, "E610", r.diagnostics);
  return text ? read_budgets_csv_text(path.string(), *text) : r;
}

PlanInput<std::vector<CostOverride>> read_costs_csv_text(std::string source, std::string_view text,
                                                          std::int32_t header_row) {
  Table t = read_table(std::move(source), text, {"indicator"},
                       {"unit", "fixed_cost", "cost_per_gap", "duration_months", "agency", "note"}, "E611",
                       header_row);
  std::vector<CostOverride> out;
  if (t.diagnostics.has_errors()) return finish(t, std::move(out));
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    CostOverride c;
    c.indicator = t.cell(r, t.col("indicator"));
    if (c.indicator.empty()) t.bad_cell(r, "indicator", "empty");
    c.unit = t.cell(r, t.col("unit"));
    c.agency = t.cell(r, t.col("agency"));
    for (auto [name, field] : {std::pair{"fixed_cost", &c.fixed}, std::pair{"cost_per_gap", &c.per_gap},
                               std::pair{"duration_months", &c.duration_months}}) {
      std::string cell = t.cell(r, t.col(name));
      if (cell.empty()) continue;
      auto v = support::parse_number(cell);
      if (!v || *v < 0) t.bad_cell(r, name, fmt::format("expected a non-negative number, got '{}'", cell));
      else *field = *v;
    }
    out.push_back(std::move(c));
  }
  return finish(t, std::move(out));
}

PlanInput<std::vector<CostOverride>> read_costs_csv(const std::filesystem::path& path) {
  PlanInput<std::vector<CostOverride>> r;
  auto text = read_text(path, "E611", r.diagnostics);
  return text ? read_costs_csv_text(path.string(), *text) : r;
}

PlanInput<plan::Target> parse_target(std::string_view text, std::string field) {
  std::vector<std::string> parts;
  std::string cur;
  for (char ch : text) {
    if (ch == ':') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  parts.push_back(cur);
  const std::string expected = fmt::format("target '{}': expected level:year or level:year:all (e.g. ntm:2024)", text);
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty()) return bad_value<plan::Target>(field, expected);
  auto y = year_of(parts[1]);
  if (!y)
    return bad_value<plan::Target>(field, fmt::format("target '{}': {} (e.g. ntm:2024)", text, not_a_year("year", parts[1])));
  plan::Target t{parts[0], *y, plan::TargetUnits::recognized};
  if (parts.size() == 3) {
    if (parts[2] == "all") t.units = plan::TargetUnits::all;
    else if (parts[2] != "recognized") return bad_value<plan::Target>(field, expected);
  }
  return {t, {}};
}

PlanInput<std::pair<int, int>> parse_horizon(std::string_view text, std::string field) {
  auto bad = [&](const std::string& why) {
    return bad_value<std::pair<int, int>>(
        field, fmt::format("horizon '{}': {} (give first-last years, e.g. 2023-2025)", text, why));
  };
  if (support::trim(text).empty()) return bad("it is empty");
  auto dash = text.find('-');
  std::string_view first = text.substr(0, dash);
  std::string_view last = dash == std::string_view::npos ? first : text.substr(dash + 1);
  auto a = year_of(first);
  if (!a) return bad(not_a_year("first year", first));
  auto b = year_of(last);
  if (!b) return bad(not_a_year("last year", last));
  if (*b < *a) return bad(fmt::format("the first year {} is after the last year {}", *a, *b));
  // The planner's own limit (its E602), so that a horizon read here is never refused for its length.
  const int longest = plan::PlannerLimits{}.max_horizon_years;
  if (*b - *a > longest) return bad(fmt::format("it is longer than {} years", longest));
  return {std::pair{*a, *b}, {}};
}

PlanInput<Policy> parse_policy(std::string_view text, std::string field) {
  for (auto p : {Policy::protect_recognized, Policy::cheapest_first, Policy::most_units, Policy::weighted})
    if (plan::to_string(p) == text) return {p, {}};
  return bad_value<Policy>(
      field, fmt::format("policy '{}': expected protect_recognized, cheapest_first, most_units or weighted", text));
}

PlanInput<plan::Method> parse_method(std::string_view text, std::string field) {
  for (auto m : {plan::Method::automatic, plan::Method::exact, plan::Method::greedy})
    if (plan::to_string(m) == text) return {m, {}};
  return bad_value<plan::Method>(field, fmt::format("method '{}': expected auto, exact or greedy", text));
}

PlanInput<double> parse_time_limit(std::string_view text, std::string field) {
  std::string t = trimmed(text);
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size())
    return bad_value<double>(field, fmt::format("time limit '{}': expected seconds, a number", text));
  return check_time_limit(v, field);
}

PlanInput<double> check_time_limit(double seconds, std::string field) {
  if (!std::isfinite(seconds) || seconds <= 0 || seconds > 86400)
    return bad_value<double>(field, fmt::format("time limit {}: expected seconds above 0 and at most 86400", seconds));
  return {seconds, {}};
}

PlanInput<plan::Pin> parse_pin(std::string_view text, std::string field) {
  const auto expected = [&](std::string_view why) {
    return bad_value<plan::Pin>(field, fmt::format("pin '{}': {} (expected UNIT:INDICATOR:YEAR, e.g. 06010:2.2:2023)", text, why));
  };
  auto a = text.find(':'), b = text.rfind(':');
  if (a == std::string_view::npos || a == b) return expected("it needs two ':'");
  plan::Pin pin{trimmed(text.substr(0, a)), trimmed(text.substr(a + 1, b - a - 1)), 0};
  if (pin.unit.empty()) return expected("the unit is empty");
  if (pin.indicator.empty()) return expected("the indicator is empty");
  auto y = year_of(text.substr(b + 1));
  if (!y) return expected(not_a_year("year", text.substr(b + 1)));
  pin.year = *y;
  return {pin, {}};
}

PlanInput<std::pair<std::string, double>> parse_weight(std::string_view text, std::string field) {
  const auto expected = [&](std::string_view why) {
    return bad_value<std::pair<std::string, double>>(
        field, fmt::format("weight '{}': {} (expected ID=NUMBER, e.g. TC5=2)", text, why));
  };
  auto eq = text.find('=');
  if (eq == std::string_view::npos) return expected("there is no '='");
  std::string id = trimmed(text.substr(0, eq));
  if (id.empty()) return expected("the id is empty");
  auto v = support::parse_number(text.substr(eq + 1));
  if (!v) return expected(fmt::format("'{}' is not a finite number", support::trim(text.substr(eq + 1))));
  return {std::pair{std::move(id), *v}, {}};
}

}  // namespace tieuchi::io
