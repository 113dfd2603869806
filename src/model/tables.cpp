#include "model/tables.hpp"

#include "model/origin_diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace tieuchi::model::detail {

namespace {

using Kind = Condition::Kind;

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string literal(const Value& v) {
  if (v.is_missing()) return "null";
  if (v.is_string()) return quote(v.as_string());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  return fmt::format("{}", v.as_number());
}

std::string condition_expr(const std::string& input, const Condition& c) {
  switch (c.kind) {
    case Kind::any: return {};
    case Kind::boolean: return c.truth ? input : "not " + input;
    case Kind::one_of: {
      std::vector<std::string> q;
      for (const auto& v : c.one_of) q.push_back(quote(v));
      return fmt::format("{} in [{}]", input, fmt::join(q, ", "));
    }
    case Kind::range: {
      if (c.lo == c.hi && !c.lo_open && !c.hi_open) return fmt::format("{} == {}", input, c.lo);
      std::vector<std::string> parts;
      if (std::isfinite(c.lo)) parts.push_back(fmt::format("{} {} {}", input, c.lo_open ? ">" : ">=", c.lo));
      if (std::isfinite(c.hi)) parts.push_back(fmt::format("{} {} {}", input, c.hi_open ? "<" : "<=", c.hi));
      return fmt::format("{}", fmt::join(parts, " and "));
    }
  }
  return {};
}

bool matches(const Condition& c, const std::string* s, double x, bool b) {
  switch (c.kind) {
    case Kind::any: return true;
    case Kind::boolean: return c.truth == b;
    case Kind::one_of: return s && std::find(c.one_of.begin(), c.one_of.end(), *s) != c.one_of.end();
    case Kind::range: {
      bool lo_ok = c.lo_open ? x > c.lo : x >= c.lo;
      bool hi_ok = c.hi_open ? x < c.hi : x <= c.hi;
      return lo_ok && hi_ok;
    }
  }
  return false;
}

bool intersects(const Condition& a, const Condition& b) {
  if (a.kind == Kind::any || b.kind == Kind::any) return true;
  if (a.kind != b.kind) return true;  // mismatched kinds are reported as E313
  switch (a.kind) {
    case Kind::boolean: return a.truth == b.truth;
    case Kind::one_of:
      for (const auto& v : a.one_of)
        if (std::find(b.one_of.begin(), b.one_of.end(), v) != b.one_of.end()) return true;
      return false;
    case Kind::range: {
      double lo = std::max(a.lo, b.lo), hi = std::min(a.hi, b.hi);
      if (lo < hi) return true;
      if (lo > hi) return false;
      bool lo_closed = (a.lo == lo ? !a.lo_open : true) && (b.lo == lo ? !b.lo_open : true);
      bool hi_closed = (a.hi == hi ? !a.hi_open : true) && (b.hi == hi ? !b.hi_open : true);
      return lo_closed && hi_closed;
    }
    default: return true;
  }
}

/// One representative value of an input (for coverage), with how to print it.
struct Atom {
  std::string s;  // strings
  double x = 0;   // numbers
  bool b = false; // booleans
  std::string text;
};

std::vector<Atom> atoms_of(const TableInput& in, const DecisionTable& t, std::size_t col) {
  std::vector<Atom> out;
  if (in.type == Type::boolean) {
    out.push_back({{}, 0, true, "true"});
    out.push_back({{}, 0, false, "false"});
  } else if (in.type == Type::string) {
    std::vector<std::string> vals = in.values;
    bool open_domain = vals.empty();
    if (open_domain) {  // only the values the rows mention, plus "anything else"
      std::set<std::string> seen;
      for (const auto& r : t.rows)
        if (col < r.when.size())
          for (const auto& v : r.when[col].one_of) seen.insert(v);
      vals.assign(seen.begin(), seen.end());
    }
    for (const auto& v : vals) out.push_back({v, 0, false, v});
    if (open_domain) out.push_back({"\x01other", 0, false, "any other value"});
  } else {
    std::vector<double> ends;
    for (const auto& r : t.rows) {
      if (col >= r.when.size() || r.when[col].kind != Kind::range) continue;
      if (std::isfinite(r.when[col].lo)) ends.push_back(r.when[col].lo);
      if (std::isfinite(r.when[col].hi)) ends.push_back(r.when[col].hi);
    }
    if (in.min) ends.push_back(*in.min);
    if (in.max) ends.push_back(*in.max);
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
    auto inside = [&](double x) { return (!in.min || x >= *in.min) && (!in.max || x <= *in.max); };
    auto add_interval = [&](double lo, double hi, double rep) {
      if (!inside(rep)) return;
      std::string text = std::isfinite(lo) && std::isfinite(hi) ? fmt::format("in ({}, {})", lo, hi)
                         : std::isfinite(lo)                  ? fmt::format("> {}", lo)
                                                              : fmt::format("< {}", hi);
      out.push_back({{}, rep, false, text});
    };
    if (ends.empty()) {
      out.push_back({{}, 0, false, "any number"});
      return out;
    }
    add_interval(-HUGE_VAL, ends.front(), ends.front() - 1);
    for (std::size_t i = 0; i < ends.size(); ++i) {
      if (inside(ends[i])) out.push_back({{}, ends[i], false, fmt::format("= {}", ends[i])});
      if (i + 1 < ends.size()) add_interval(ends[i], ends[i + 1], (ends[i] + ends[i + 1]) / 2);
    }
    add_interval(ends.back(), HUGE_VAL, ends.back() + 1);
  }
  return out;
}

}  // namespace

void check_table(const DecisionTable& t, const std::vector<TableInput>& inputs, Diagnostics& diags) {
  auto add = [&](std::string code, Severity sev, const Origin& at, std::string msg, std::string hint = {}) {
    diags.add(diagnostic_at(std::move(code), sev, at, std::move(msg), std::move(hint), t.name));
  };
  bool shapes_ok = true;
  for (const auto& row : t.rows) {
    if (row.when.size() != inputs.size()) {
      shapes_ok = false;  // reported by the reader
      continue;
    }
    for (std::size_t c = 0; c < inputs.size(); ++c) {
      const Condition& cond = row.when[c];
      const TableInput& in = inputs[c];
      if (!in.known || cond.kind == Kind::any) continue;
      bool fits = (cond.kind == Kind::range && in.type == Type::number) ||
                  (cond.kind == Kind::boolean && in.type == Type::boolean) ||
                  (cond.kind == Kind::one_of && in.type == Type::string);
      if (!fits) {
        shapes_ok = false;
        add("E313", Severity::error, cond.origin,
            fmt::format("condition '{}' does not fit input '{}' of type {}", cond.text, in.name,
                        to_string(in.type)),
            in.type == Type::number   ? "write a range: '> 3', '<= 3', '[1, 3]', or '-' for any"
            : in.type == Type::string ? "write a value or a list of values, or '-' for any"
                                      : "write true, false or '-'");
        continue;
      }
      if (cond.kind == Kind::one_of && !in.values.empty()) {
        for (const auto& v : cond.one_of)
          if (std::find(in.values.begin(), in.values.end(), v) == in.values.end()) {
            shapes_ok = false;
            add("E313", Severity::error, cond.origin,
                fmt::format("'{}' is not a value of '{}'", v, in.name),
                fmt::format("its values are: {}", fmt::join(in.values, ", ")));
          }
      }
    }
  }
  for (const auto& in : inputs)
    if (!in.known) shapes_ok = false;
  if (!shapes_ok || t.rows.empty()) return;

  // Overlaps under `unique`.
  if (t.hit == HitPolicy::unique) {
    for (std::size_t j = 1; j < t.rows.size(); ++j)
      for (std::size_t i = 0; i < j; ++i) {
        bool all = true;
        for (std::size_t c = 0; c < inputs.size() && all; ++c)
          all = intersects(t.rows[i].when[c], t.rows[j].when[c]);
        if (all) {
          auto loc = t.rows[i].origin.file ? t.rows[i].origin.file->location(t.rows[i].origin.span.begin)
                                           : SourceLocation{};
          add("E312", Severity::error, t.rows[j].origin,
              fmt::format("row {} of table '{}' overlaps row {} (line {}) under hit policy 'unique'",
                          j + 1, t.name, i + 1, loc.line),
              "make the conditions disjoint, or use `hit: first` if the order decides");
        }
      }
  }

  // Coverage and rows never reached: enumerate one representative per region of the inputs.
  std::vector<std::vector<Atom>> atoms;
  std::size_t cells = 1;
  for (std::size_t c = 0; c < inputs.size(); ++c) {
    atoms.push_back(atoms_of(inputs[c], t, c));
    cells *= std::max<std::size_t>(atoms.back().size(), 1);
    if (cells > 200000) return;  // too many combinations to enumerate; skip the analysis
  }
  std::vector<std::size_t> first_hits(t.rows.size(), 0);
  std::vector<std::string> uncovered;
  std::size_t uncovered_count = 0;
  std::vector<std::size_t> idx(inputs.size(), 0);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    std::size_t rem = cell;
    for (std::size_t c = 0; c < inputs.size(); ++c) {
      idx[c] = rem % atoms[c].size();
      rem /= atoms[c].size();
    }
    std::optional<std::size_t> first;
    for (std::size_t r = 0; r < t.rows.size() && !first; ++r) {
      bool all = true;
      for (std::size_t c = 0; c < inputs.size() && all; ++c) {
        const Atom& a = atoms[c][idx[c]];
        all = matches(t.rows[r].when[c], &a.s, a.x, a.b);
      }
      if (all) first = r;
    }
    if (first) {
      ++first_hits[*first];
    } else {
      ++uncovered_count;
      if (uncovered.size() < 3) {
        std::vector<std::string> parts;
        for (std::size_t c = 0; c < inputs.size(); ++c) {
          const Atom& a = atoms[c][idx[c]];
          parts.push_back(inputs[c].type == Type::number ? fmt::format("{} {}", inputs[c].name, a.text)
                                                         : fmt::format("{} = {}", inputs[c].name, a.text));
        }
        uncovered.push_back(fmt::format("{}", fmt::join(parts, ", ")));
      }
    }
  }
  if (uncovered_count > 0)
    add("W304", Severity::warning, t.origin,
        fmt::format("no row of table '{}' covers {}{}", t.name, fmt::join(uncovered, "; "),
                    uncovered_count > uncovered.size()
                        ? fmt::format(" (and {} more combinations)", uncovered_count - uncovered.size())
                        : ""),
        "units there get no value (unknown); add a row, or a last row of '-' conditions");
  if (t.hit == HitPolicy::first)
    for (std::size_t r = 0; r < t.rows.size(); ++r)
      if (first_hits[r] == 0)
        add("W303", Severity::warning, t.rows[r].origin,
            fmt::format("row {} of table '{}' never applies: earlier rows match every input it matches",
                        r + 1, t.name));
}

std::string table_expression(const DecisionTable& t) {
  std::string out;
  for (const auto& row : t.rows) {
    std::vector<std::string> conds;
    for (std::size_t c = 0; c < row.when.size() && c < t.inputs.size(); ++c) {
      std::string e = condition_expr(t.inputs[c], row.when[c]);
      if (!e.empty()) conds.push_back("(" + e + ")");
    }
    std::string cond = conds.empty() ? "true" : fmt::format("{}", fmt::join(conds, " and "));
    out += fmt::format("if {} then {} else ", cond, literal(row.value));
  }
  out += "null";
  return out;
}

}  // namespace tieuchi::model::detail
