// The one validation of units (see unit_input.hpp): header roles, ids, cells, ranges.

#include "tieuchi/assess/unit_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <limits>
#include <set>

#include "assess/assess_run.hpp"
#include "assess/range_check.hpp"
#include "support/suggest.hpp"
#include "support/text.hpp"

namespace tieuchi::assess {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

enum class Role { id, name, district, attribute, field, ignored };

/// A cell problem, placed by (row, column position) so that diagnostics come in reading order.
struct CellProblem {
  std::uint32_t row;
  std::uint32_t position;
  Diagnostic diagnostic;
};

class Reader {
 public:
  /// With `defer_ranges`, the range checks of numbers given as numbers (NumberCells) are left to
  /// whoever reads the columns next (see assess_units): read() lists them in deferred().
  Reader(const model::RuleSet& rules, UnitInput& in, const UnitInputOptions& o, bool defer_ranges = false)
      : pack_(rules.pack()), in_(in), o_(o), defer_ranges_(defer_ranges) {}

  UnitsResult run() {
    UnitsResult result;
    if (read()) result.table = build();
    return finish(result);
  }

  /// Checks the header and the cells; whether there is no error. When there is one, the deferred
  /// checks are made too (every problem is reported at once, as read_units() reports them).
  bool read() {
    // The door's own problems (a CSV row with too many cells) in reading order with the cells'.
    for (const auto& d : in_.transport) {
      if (d.row) problems_.push_back({d.row, 0, d});
      else add(d);
    }
    bad_shape_.assign(in_.columns.size(), 0);
    for (std::size_t c = 0; c < in_.columns.size(); ++c) bad_shape_[c] = !check_length(in_.columns[c]);
    header();
    cells();  // even when the header has errors: every problem is reported at once
    if (!has_errors()) return true;
    check_deferred();
    return false;
  }

  /// The range checks left to the assessment (empty unless `defer_ranges`): one per numeric
  /// column given as numbers, with the bounds read_units() checks (finite, within the field's).
  const std::vector<detail::RangeCheck>& deferred() const noexcept { return deferred_; }

  /// The table, once read() found no error.
  std::shared_ptr<UnitTable> table() { return build(); }

  /// Makes the deferred checks, with the diagnostics read_units() gives them.
  void check_deferred() {
    for (std::size_t c : deferred_columns_) check_range(c);
    deferred_.clear();
    deferred_columns_.clear();
  }

  /// The diagnostics, in reading order (the table is dropped when one is an error).
  UnitsResult& finish(UnitsResult& r) {
    // Cell problems in reading order (row, then column); at most max_errors in all.
    std::stable_sort(problems_.begin(), problems_.end(), [](const CellProblem& a, const CellProblem& b) {
      return a.row != b.row ? a.row < b.row : a.position < b.position;
    });
    for (auto& p : problems_) add(std::move(p.diagnostic));
    if (dropped_) {
      Diagnostic d = make("E518", Severity::error,
                          fmt::format("{} more problems not listed (the first {} are)", dropped_, o_.max_errors));
      diags_.add(std::move(d));
    }
    r.diagnostics = std::move(diags_);
    if (r.diagnostics.has_errors()) r.table.reset();
    return r;
  }

 private:
  const model::Pack& pack_;
  UnitInput& in_;
  const UnitInputOptions& o_;
  Diagnostics diags_;
  std::size_t dropped_ = 0;  // diagnostics past max_errors
  std::vector<Role> roles_;
  std::vector<const model::Field*> fields_;
  std::vector<std::string> headers_;  // trimmed
  std::vector<CellProblem> problems_;
  std::vector<char> bad_shape_;  // per column: wrong length or layout (E503): its cells are not read
  bool defer_ranges_ = false;
  std::vector<detail::RangeCheck> deferred_;   // the checks left to the assessment
  std::vector<std::size_t> deferred_columns_;  // their columns

  // ---- Diagnostics ------------------------------------------------------------------------

  Diagnostic make(std::string code, Severity sev, std::string message) const {
    Diagnostic d;
    d.code = std::move(code);
    d.severity = sev;
    d.message = std::move(message);
    d.file = in_.file;
    d.sheet = in_.sheet;
    return d;
  }
  void add(Diagnostic d) {
    if (diags_.size() >= o_.max_errors) {
      ++dropped_;
      return;
    }
    diags_.add(std::move(d));
  }
  std::uint32_t row_of(std::size_t unit) const {
    return unit < in_.row_numbers.size() ? in_.row_numbers[unit]
                                         : in_.first_row + static_cast<std::uint32_t>(unit);
  }
  /// A problem with unit `unit`'s cell in column `c`.
  void cell_problem(std::size_t c, std::size_t unit, std::string code, std::string message, std::string hint = {}) {
    Diagnostic d = make(std::move(code), Severity::error, std::move(message));
    d.row = row_of(unit);
    d.column = in_.columns[c].position;
    d.column_name = headers_[c];
    if (fields_[c]) d.field = fields_[c]->name;
    d.hint = std::move(hint);
    problems_.push_back({d.row, in_.columns[c].position, std::move(d)});
  }
  bool has_errors() const {
    if (diags_.has_errors() || dropped_) return true;
    for (const auto& p : problems_)
      if (p.diagnostic.severity == Severity::error) return true;
    return false;
  }
  /// Whether a column that listed `listed` cell problems lists one more: each lists at most
  /// max_errors, so the first max_errors in reading order are among those listed. One not listed
  /// is counted (E518), never dropped silently.
  bool room(std::size_t, std::size_t listed) {
    if (listed < o_.max_errors) return true;
    ++dropped_;
    return false;
  }

  // ---- Shapes -----------------------------------------------------------------------------

  static std::size_t length(const InputColumn& c) {
    return std::visit([](const auto& x) -> std::size_t {
      using T = std::decay_t<decltype(x)>;
      if constexpr (std::is_same_v<T, TextCells>) return x.cells.size();
      else if constexpr (std::is_same_v<T, NumberCells>) return x.view.size();
      else return x.codes.size();
    }, c.cells);
  }
  /// Whether column `c` has one cell per unit in a consistent layout; reports E503 otherwise.
  bool check_length(InputColumn& c) {
    std::size_t n = length(c);
    const char* layout = nullptr;
    if (auto* num = std::get_if<NumberCells>(&c.cells)) {
      layout = num->view.layout_error();
      if (!num->view.valid.empty() && num->view.valid.size() != n) layout = "the valid mask's length differs";
      if (!num->view.missing.empty() && num->view.missing.size() != n) layout = "the missing mask's length differs";
    }
    if (auto* coded = std::get_if<CodedCells>(&c.cells)) {
      const auto k = static_cast<std::int64_t>(coded->dictionary.size());
      for (auto code : coded->codes)
        if (code < -1 || code >= k) {
          layout = "a code is outside the dictionary";
          break;
        }
    }
    if (n == in_.rows && !layout) return true;
    Diagnostic d = make("E503", Severity::error,
                        layout ? fmt::format("column '{}': {}", c.name, layout)
                               : fmt::format("column '{}' has {} values for {} units", c.name, n, in_.rows));
    d.column_name = c.name;
    d.column = c.position;
    add(std::move(d));
    return false;
  }

  // ---- Header -----------------------------------------------------------------------------

  void header() {
    const std::size_t nc = in_.columns.size();
    roles_.assign(nc, Role::ignored);
    fields_.assign(nc, nullptr);
    headers_.resize(nc);
    std::set<std::string, std::less<>> seen;
    std::vector<std::string> known;
    for (const auto& f : pack_.fields) known.push_back(f.name);
    auto listed = [](const std::vector<std::string>& v, std::string_view s) {
      return std::find(v.begin(), v.end(), s) != v.end();
    };
    for (std::size_t c = 0; c < nc; ++c) {
      const std::string& raw = in_.columns[c].name;
      if (auto bad = support::first_invalid_utf8(raw)) {
        Diagnostic d = make("E517", Severity::error,
                            fmt::format("byte {} of the header cell (0x{:02X}) is not UTF-8", *bad + 1,
                                        static_cast<unsigned char>(raw[*bad])));
        d.row = in_.first_row > 1 ? in_.first_row - 1 : 0;
        d.column = in_.columns[c].position;
        d.hint = "save the file as UTF-8 (CSV UTF-8 in Excel)";
        add(std::move(d));
        headers_[c] = fmt::format("#{}", in_.columns[c].position ? in_.columns[c].position : c + 1);
        continue;
      }
      const std::string h(support::trim(raw));
      headers_[c] = h;
      auto header_diag = [&](std::string code, Severity sev, std::string message, std::string hint = {}) {
        Diagnostic d = make(std::move(code), sev, std::move(message));
        d.row = in_.first_row > 1 ? in_.first_row - 1 : 0;
        d.column = in_.columns[c].position;
        d.column_name = h;
        d.hint = std::move(hint);
        add(std::move(d));
      };
      if (h.empty()) {
        header_diag(o_.ignore_unknown_columns ? "W507" : "E507",
                    o_.ignore_unknown_columns ? Severity::warning : Severity::error, "the header cell is empty",
                    "name the column, or remove it");
        continue;
      }
      if (!seen.insert(h).second) {
        header_diag("E515", Severity::error, "appears twice in the header");
        continue;
      }
      if (h == o_.id_column) roles_[c] = Role::id;
      else if (h == o_.name_column) roles_[c] = Role::name;
      else if (h == o_.district_column) roles_[c] = Role::district;
      else if (listed(o_.attributes, h) || listed(o_.optional_attributes, h)) roles_[c] = Role::attribute;
      else if (const model::Field* f = pack_.find_field(h)) {
        roles_[c] = Role::field;
        fields_[c] = f;
      } else {
        if (diags_.size() >= o_.max_errors) {  // capped: no suggestion computed for the rest
          ++dropped_;
          continue;
        }
        auto s = support::closest(h, known);
        header_diag(o_.ignore_unknown_columns ? "W507" : "E507",
                    o_.ignore_unknown_columns ? Severity::warning : Severity::error,
                    fmt::format("is not an input of pack {}", pack_.id),
                    s.empty() ? "declare it as an attribute (--attribute) or remove it" : support::did_you_mean(s));
      }
    }
    // A column that is not there: no row or column to point at; the message names it.
    auto missing = [&](std::string code, Severity sev, std::string message, const std::string& field,
                       std::string hint = {}) {
      Diagnostic d = make(std::move(code), sev, std::move(message));
      d.field = field;
      d.hint = std::move(hint);
      add(std::move(d));
    };
    if (std::find(roles_.begin(), roles_.end(), Role::id) == roles_.end())
      missing("E508", Severity::error, fmt::format("no '{}' column (the unit id)", o_.id_column), {});
    for (const auto& a : o_.attributes)
      if (!seen.count(a)) missing("E508", Severity::error, fmt::format("no '{}' column", a), {});
    for (const auto& f : pack_.fields)
      if (!seen.count(f.name)) {
        if (o_.allow_missing_columns)
          missing("W501", Severity::warning,
                  fmt::format("no column for input '{}': it is unknown for every unit", f.name), f.name);
        else
          missing("E508", Severity::error, fmt::format("no column for input '{}'", f.name), f.name,
                  "add the column (empty cells are fine), or allow missing columns");
      }
  }

  // ---- Cells ------------------------------------------------------------------------------

  /// Text cells are UTF-8 (reports are JSON and CSV in UTF-8): a file in another encoding is
  /// refused at its first bad byte in each cell, rather than written out garbled.
  bool utf8_ok(std::size_t c, std::size_t unit, std::string_view cell, std::size_t& listed) {
    auto bad = support::first_invalid_utf8(cell);
    if (!bad) return true;
    if (room(c, listed++))
      cell_problem(c, unit, "E517",
                   fmt::format("byte {} of the cell (0x{:02X}) is not UTF-8", *bad + 1,
                               static_cast<unsigned char>(cell[*bad])),
                   "save the file as UTF-8 (CSV UTF-8 in Excel)");
    return false;
  }

  static void trim_in_place(std::string& cell) {
    const std::string_view t = support::trim(cell);
    if (t.size() == cell.size()) return;
    const auto from = static_cast<std::size_t>(t.data() - cell.data());
    const auto size = t.size();
    cell.erase(0, from);
    cell.resize(size);
  }

  void cells() {
    for (std::size_t c = 0; c < in_.columns.size(); ++c) {
      auto& col = in_.columns[c];
      if (roles_[c] == Role::ignored || bad_shape_[c]) continue;
      if (roles_[c] == Role::field && fields_[c]->type != Type::string) {
        numeric(c);
        continue;
      }
      // Text: ids, names, districts, attributes, string fields.
      if (auto* num = std::get_if<NumberCells>(&col.cells)) col.cells = TextCells{number_text(*num)};
      std::size_t listed = 0;
      if (auto* t = std::get_if<TextCells>(&col.cells)) {
        for (std::size_t u = 0; u < t->cells.size(); ++u) {
          if (!utf8_ok(c, u, t->cells[u], listed)) {
            t->cells[u].clear();
            continue;
          }
          trim_in_place(t->cells[u]);
        }
      } else if (auto* k = std::get_if<CodedCells>(&col.cells)) {
        for (auto& e : k->dictionary)
          if (support::first_invalid_utf8(e)) {
            for (std::size_t u = 0; u < k->codes.size(); ++u)
              if (k->codes[u] >= 0 && &k->dictionary[static_cast<std::size_t>(k->codes[u])] == &e)
                utf8_ok(c, u, e, listed);
            e.clear();
          } else {
            trim_in_place(e);
          }
      }
      if (roles_[c] == Role::id) ids(c);
      if (roles_[c] == Role::field) enumeration(c);
    }
  }

  /// Number cells of a text column (ids read as numbers by pandas): integers without ".0".
  static std::vector<std::string> number_text(const NumberCells& n) {
    std::vector<std::string> out(n.view.size());
    for (std::size_t u = 0; u < out.size(); ++u) {
      double v = n.view.at(u);
      if (std::isnan(v)) continue;
      out[u] = v == std::floor(v) && std::abs(v) < 1e15 ? fmt::format("{}", static_cast<long long>(v)) : fmt::format("{}", v);
    }
    return out;
  }

  std::string_view text_at(std::size_t c, std::size_t u) const {
    const auto& cells = in_.columns[c].cells;
    if (auto* t = std::get_if<TextCells>(&cells)) return t->cells[u];
    const auto& k = std::get<CodedCells>(cells);
    return k.codes[u] < 0 ? std::string_view() : std::string_view(k.dictionary[static_cast<std::size_t>(k.codes[u])]);
  }

  /// Empty and repeated ids (E511), in reading order. Repeats are found by sorting the ids'
  /// hashes, not with a hash set: a million ids stay a few cache-friendly passes (a node-based
  /// set costs a cache miss or more per id, which was most of the time of validating a table).
  void ids(std::size_t c) {
    // The ids' hashes go into an open-addressing table of hashes (0 = free), each slot
    // prefetched a few units ahead so that the cache misses overlap; a hash met twice (a repeat,
    // or rarely two ids with one hash) is noted, and only the units with a noted hash are
    // sorted and compared as text below. Distinct ids cost one probe each.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> hashed;  // (hash, unit) sharing a hash
    std::vector<std::size_t> empty, repeated;
    const std::hash<std::string_view> hash;
    std::vector<std::uint64_t> hash_of(in_.rows, 0);
    for (std::size_t u = 0; u < in_.rows; ++u) {
      std::string_view id = text_at(c, u);
      if (id.empty()) empty.push_back(u);
      else hash_of[u] = std::max<std::uint64_t>(1, hash(id));
    }
    const std::size_t slots = std::bit_ceil(std::max<std::size_t>(16, 2 * in_.rows));
    auto home = [&](std::uint64_t h) { return static_cast<std::size_t>(h ^ (h >> 29)) & (slots - 1); };
    std::vector<std::uint64_t> table(slots, 0);
    std::vector<std::uint64_t> twice;
    constexpr std::size_t ahead = 16;
    for (std::size_t u = 0; u < in_.rows; ++u) {
      if (u + ahead < in_.rows) __builtin_prefetch(&table[home(hash_of[u + ahead])]);
      const std::uint64_t h = hash_of[u];
      if (h == 0) continue;
      for (std::size_t i = home(h);; i = (i + 1) & (slots - 1)) {
        if (table[i] == 0) {
          table[i] = h;
          break;
        }
        if (table[i] == h) {
          twice.push_back(h);
          break;
        }
      }
    }
    if (!twice.empty()) {
      std::sort(twice.begin(), twice.end());
      twice.erase(std::unique(twice.begin(), twice.end()), twice.end());
      for (std::size_t u = 0; u < in_.rows; ++u)
        if (hash_of[u] != 0 && std::binary_search(twice.begin(), twice.end(), hash_of[u]))
          hashed.emplace_back(hash_of[u], static_cast<std::uint32_t>(u));
    }
    std::sort(hashed.begin(), hashed.end());
    for (std::size_t a = 0; a < hashed.size();) {
      std::size_t b = a + 1;
      while (b < hashed.size() && hashed[b].first == hashed[a].first) ++b;
      if (b - a > 1) {
        // Units a..b-1 share a hash: order them by id, then unit; in each run of one id, every
        // unit after the first repeats it (n log n even if every id is the same).
        std::sort(hashed.begin() + static_cast<std::ptrdiff_t>(a), hashed.begin() + static_cast<std::ptrdiff_t>(b),
                  [&](const auto& x, const auto& y) {
                    auto ix = text_at(c, x.second), iy = text_at(c, y.second);
                    return ix != iy ? ix < iy : x.second < y.second;
                  });
        for (std::size_t i = a + 1; i < b; ++i)
          if (text_at(c, hashed[i].second) == text_at(c, hashed[i - 1].second)) repeated.push_back(hashed[i].second);
      }
      a = b;
    }
    std::sort(repeated.begin(), repeated.end());
    std::size_t listed = 0;
    for (std::size_t e = 0, r = 0; e < empty.size() || r < repeated.size();) {
      const bool take_empty = r == repeated.size() || (e < empty.size() && empty[e] < repeated[r]);
      const std::size_t u = take_empty ? empty[e++] : repeated[r++];
      if (!room(c, listed++)) continue;
      if (take_empty) cell_problem(c, u, "E511", "empty unit id");
      else cell_problem(c, u, "E511", fmt::format("unit id '{}' appears twice", text_at(c, u)));
    }
  }

  /// A string field: missing markers are missing, other values must be among the field's values.
  void enumeration(std::size_t c) {
    const model::Field& f = *fields_[c];
    std::size_t listed = 0;
    auto bad = [&](std::string_view v) {
      return !f.values.empty() && std::find(f.values.begin(), f.values.end(), v) == f.values.end();
    };
    auto report = [&](std::size_t u, std::string_view v) {
      if (room(c, listed++))
        cell_problem(c, u, "E505", fmt::format("'{}' is not one of: {}", v, fmt::join(f.values, ", ")));
    };
    auto& cells = in_.columns[c].cells;
    if (auto* t = std::get_if<TextCells>(&cells)) {
      for (std::size_t u = 0; u < t->cells.size(); ++u) {
        if (support::is_missing_marker(t->cells[u])) t->cells[u].clear();
        else if (bad(t->cells[u])) report(u, t->cells[u]);
      }
    } else {
      auto& k = std::get<CodedCells>(cells);
      std::vector<char> wrong(k.dictionary.size(), 0);
      for (std::size_t e = 0; e < k.dictionary.size(); ++e) {
        if (support::is_missing_marker(k.dictionary[e])) k.dictionary[e].clear();
        else wrong[e] = bad(k.dictionary[e]);
      }
      for (std::size_t u = 0; u < k.codes.size(); ++u)
        if (k.codes[u] >= 0 && wrong[static_cast<std::size_t>(k.codes[u])])
          report(u, k.dictionary[static_cast<std::size_t>(k.codes[u])]);
    }
  }

  /// A number or yes/no field: text is parsed (the one parser of numbers and yes/no words),
  /// numbers are checked for finiteness and range, vectorized, cell by cell only when some fail.
  void numeric(std::size_t c) {
    auto& col = in_.columns[c];
    const model::Field& f = *fields_[c];
    const bool boolean = f.type == Type::boolean;
    std::size_t listed = 0;
    if (!std::holds_alternative<NumberCells>(col.cells)) {
      // Text: parse every cell (a dictionary entry once) into float64.
      std::vector<double> values(in_.rows, nan);
      auto parse = [&](std::string_view cell, std::size_t u, double& out) {
        if (support::is_missing_marker(cell)) return true;
        if (boolean) {
          if (auto b = support::parse_bool(cell)) return out = *b ? 1.0 : 0.0, true;
        } else if (auto v = support::parse_number(cell)) {
          return out = *v, true;
        }
        if (u != SIZE_MAX && room(c, listed++))
          cell_problem(c, u, "E509",
                       fmt::format("'{}' is not {}", support::trim(cell),
                                   boolean ? "a yes/no value (true/false, 1/0, có/không, đạt/chưa đạt)" : "a number"),
                       boolean || support::trim(cell).find(',') == std::string_view::npos
                           ? std::string()
                           : "write decimals with a point: 1000.5, not 1.000,5");
        return false;
      };
      if (auto* t = std::get_if<TextCells>(&col.cells)) {
        for (std::size_t u = 0; u < t->cells.size(); ++u)
          if (utf8_ok(c, u, t->cells[u], listed)) parse(t->cells[u], u, values[u]);
      } else {
        auto& k = std::get<CodedCells>(col.cells);
        std::vector<double> entry(k.dictionary.size(), nan);
        std::vector<char> ok(k.dictionary.size(), 1);
        for (std::size_t e = 0; e < k.dictionary.size(); ++e)
          ok[e] = !support::first_invalid_utf8(k.dictionary[e]) && parse(k.dictionary[e], SIZE_MAX, entry[e]);
        for (std::size_t u = 0; u < k.codes.size(); ++u) {
          if (k.codes[u] < 0) continue;
          auto e = static_cast<std::size_t>(k.codes[u]);
          if (ok[e]) values[u] = entry[e];
          else if (utf8_ok(c, u, k.dictionary[e], listed)) parse(k.dictionary[e], u, values[u]);
        }
      }
      auto owned = std::make_shared<std::vector<double>>(std::move(values));
      col.cells = NumberCells{expr::ColumnView{std::span<const double>(*owned)}, owned};
      check_range(c, listed);
      return;
    }
    if (defer_ranges_) {
      deferred_.push_back(range_of(c));
      deferred_columns_.push_back(c);
      return;
    }
    check_range(c);
  }

  /// Numbers: finite, and within the field's range (booleans: 0 or 1).
  detail::RangeCheck range_of(std::size_t c) const {
    const model::Field& f = *fields_[c];
    const bool boolean = f.type == Type::boolean;
    const double lo = boolean ? 0.0 : std::max(f.min.value_or(-DBL_MAX), -DBL_MAX);
    const double hi = boolean ? 1.0 : std::min(f.max.value_or(DBL_MAX), DBL_MAX);
    return {static_cast<std::size_t>(fields_[c] - pack_.fields.data()), std::get<NumberCells>(in_.columns[c].cells).view,
            lo, hi, boolean};
  }

  /// The range check of column `c` (which listed `listed` problems before), cell by cell only
  /// when some value fails.
  void check_range(std::size_t c, std::size_t listed = 0) {
    const model::Field& f = *fields_[c];
    const bool boolean = f.type == Type::boolean;
    const auto& num = std::get<NumberCells>(in_.columns[c].cells);
    const detail::RangeCheck check = range_of(c);
    const double lo = check.lo, hi = check.hi;
    if (check.ok(0, num.view.size())) return;
    for (std::size_t u = 0; u < num.view.size(); ++u) {
      const double x = num.view.at(u);
      if (std::isnan(x)) continue;
      if (boolean) {
        if (x != 0.0 && x != 1.0 && room(c, listed++))
          cell_problem(c, u, "E509", fmt::format("{} is not a yes/no value (0 or 1)", x));
      } else if (!std::isfinite(x)) {
        if (room(c, listed++)) cell_problem(c, u, "E509", fmt::format("{} is not a finite number", x));
      } else if (x < lo || x > hi) {
        if (room(c, listed++))
          cell_problem(c, u, "E505",
                       fmt::format("{} is outside [{}, {}]", x, f.min ? fmt::format("{}", *f.min) : "-inf",
                                   f.max ? fmt::format("{}", *f.max) : "inf"),
                       f.unit == "%" ? "shares are fractions or percentages: 0.76 or 76%" : "");
      }
    }
  }

  // ---- The table --------------------------------------------------------------------------

  std::vector<std::string> texts(std::size_t c) {
    auto& cells = in_.columns[c].cells;
    if (auto* t = std::get_if<TextCells>(&cells)) return std::move(t->cells);
    const auto& k = std::get<CodedCells>(cells);
    std::vector<std::string> out(k.codes.size());
    for (std::size_t u = 0; u < out.size(); ++u)
      if (k.codes[u] >= 0) out[u] = k.dictionary[static_cast<std::size_t>(k.codes[u])];
    return out;
  }

  std::shared_ptr<UnitTable> build() {
    auto table = std::make_shared<UnitTable>(in_.rows);
    for (std::size_t c = 0; c < in_.columns.size(); ++c) {
      auto& col = in_.columns[c];
      const std::string& h = headers_[c];
      switch (roles_[c]) {
        case Role::ignored: break;
        case Role::id: table->ids = texts(c); break;
        case Role::name: table->names = texts(c); break;
        case Role::district: table->districts = texts(c); break;
        case Role::attribute: table->set_attribute(h, texts(c)); break;
        case Role::field:
          if (fields_[c]->type == Type::string) {
            if (auto* k = std::get_if<CodedCells>(&col.cells))
              table->set_codes(h, std::move(k->codes), std::move(k->dictionary));
            else
              table->set_strings(h, std::get<TextCells>(col.cells).cells);
          } else {
            auto& num = std::get<NumberCells>(col.cells);
            if (num.view.plain()) table->set_numbers_view(h, num.view.values, std::move(num.owner));
            else table->set_column_view(h, num.view, std::move(num.owner));
          }
          break;
      }
    }
    return table;
  }
};

}  // namespace

UnitsResult read_units(const model::RuleSet& rules, UnitInput input, const UnitInputOptions& options) {
  UnitsResult r = Reader(rules, input, options).run();
  if (r.table) r.table->validated_for_ = rules.serial();
  return r;
}

AssessedUnits assess_units(std::shared_ptr<const model::RuleSet> rules, UnitInput input,
                           const UnitInputOptions& options, const AssessOptions& assess_options) {
  if (!rules) throw std::invalid_argument("assess_units: null rule set");
  Reader reader(*rules, input, options, /*defer_ranges=*/true);
  UnitsResult r;
  AssessedUnits out;
  if (reader.read()) {
    r.table = reader.table();
    r.table->validated_for_ = rules->serial();  // the deferred checks are the run's
    bool range_failed = false;
    Assessment a = detail::AssessRun::run(rules, r.table, assess_options, &reader.deferred(), &range_failed);
    if (range_failed) reader.check_deferred();  // every bad value, with its row and column
    else out.assessment.emplace(std::move(a));
  }
  reader.finish(r);
  out.table = std::move(r.table);
  out.diagnostics = std::move(r.diagnostics);
  if (!out.table) out.assessment.reset();
  return out;
}

}  // namespace tieuchi::assess
