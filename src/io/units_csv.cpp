// CSV -> UnitTable with libcsv (RFC 4180: quotes, embedded separators and line breaks).

#include "tieuchi/io/units_csv.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "io/csv_rows.hpp"
#include "io/file_text.hpp"
#include "io/yaml_support.hpp"
#include "text_util.hpp"

namespace tieuchi::io {

namespace {

constexpr std::size_t kMaxErrors = 200;

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool is_missing_cell(const std::string& s) {
  static const std::set<std::string> markers{"", "na", "n/a", "null", "-", "?", "nan"};
  return markers.count(lower_ascii(s)) > 0;
}

std::optional<bool> parse_bool(const std::string& s) {
  std::string l = lower_ascii(s);
  if (l == "true" || l == "1" || l == "yes" || l == "có" || l == "đạt" || l == "Đ" || l == "đ") return true;
  if (l == "false" || l == "0" || l == "no" || l == "không" || l == "chưa đạt" || l == "cĐ" || l == "cđ" ||
      l == "CĐ")
    return false;
  return std::nullopt;
}


}  // namespace

UnitsResult read_units_csv_text(std::string source_name, const std::string& text, const model::RuleSet& rules,
                                const CsvOptions& options) {
  UnitsResult result;
  auto& diags = result.diagnostics;
  auto add = [&](std::string code, Severity sev, std::string message, std::string column = {},
                 std::string hint = {}) {
    if (diags.size() >= kMaxErrors) return;
    Diagnostic d;
    d.code = std::move(code);
    d.severity = sev;
    d.message = fmt::format("{}: {}", source_name, message);
    d.column_name = std::move(column);
    d.hint = std::move(hint);
    diags.add(std::move(d));
  };

  // Parse.
  auto parsed_rows = detail::parse_csv_rows(text, options.delimiter);
  if (!parsed_rows.error.empty()) {
    add("E514", Severity::error, parsed_rows.error, {}, "check the quotes around cells that hold commas or line breaks");
    return result;
  }
  struct {
    std::vector<std::vector<std::string>> rows;
  } col{std::move(parsed_rows.rows)};
  if (col.rows.empty()) {
    add("E508", Severity::error, "no header row");
    return result;
  }

  // Text must be UTF-8 (reports are JSON and CSV in UTF-8): a file in another encoding is refused
  // with the place of its first bad byte in each cell, rather than written out garbled.
  for (std::size_t r = 0; r < col.rows.size(); ++r)
    for (std::size_t c = 0; c < col.rows[r].size(); ++c)
      if (auto at = detail::invalid_utf8_at(col.rows[r][c]); at != std::string::npos) {
        auto byte = static_cast<unsigned char>(col.rows[r][c][at]);
        std::string column = r == 0 || c >= col.rows[0].size() || detail::invalid_utf8_at(col.rows[0][c]) != std::string::npos
                                 ? fmt::format("#{}", c + 1)
                                 : trim(col.rows[0][c]);
        add("E517", Severity::error,
            fmt::format("row {}, column {}: byte {} of the cell (0x{:02X}) is not UTF-8", r + 1,
                        r == 0 ? fmt::format("#{}", c + 1) : "'" + column + "'", at + 1, byte),
            r == 0 ? std::string() : column, "save the file as UTF-8 (CSV UTF-8 in Excel)");
      }
  if (diags.has_errors()) return result;

  // Header.
  const model::Pack& pack = rules.pack();
  std::vector<std::string> header;
  for (const auto& h : col.rows[0]) header.push_back(trim(h));
  enum class Role { id, name, district, attribute, field, ignored };
  std::vector<Role> roles(header.size(), Role::ignored);
  std::vector<const model::Field*> fields(header.size(), nullptr);
  std::set<std::string> seen;
  std::vector<std::string> known;
  for (const auto& f : pack.fields) known.push_back(f.name);
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string& h = header[c];
    if (!seen.insert(h).second) {
      add("E515", Severity::error, fmt::format("column '{}' appears twice in the header", h), h);
      continue;
    }
    if (h == options.id_column) roles[c] = Role::id;
    else if (h == options.name_column) roles[c] = Role::name;
    else if (h == options.district_column) roles[c] = Role::district;
    else if (std::find(options.attributes.begin(), options.attributes.end(), h) != options.attributes.end())
      roles[c] = Role::attribute;
    else if (const model::Field* f = pack.find_field(h)) {
      roles[c] = Role::field;
      fields[c] = f;
    } else {
      if (diags.size() >= kMaxErrors) continue;  // capped: no suggestion computed for the rest
      auto s = detail::closest(h, known);
      add(options.ignore_unknown_columns ? "W507" : "E507",
          options.ignore_unknown_columns ? Severity::warning : Severity::error,
          fmt::format("column '{}' is not an input of pack {}", h, pack.id), h,
          s.empty() ? "declare it as an attribute (--attribute) or remove it" : detail::did_you_mean(s));
    }
  }
  if (std::find(roles.begin(), roles.end(), Role::id) == roles.end())
    add("E508", Severity::error, fmt::format("no '{}' column (the unit id)", options.id_column), options.id_column);
  for (const auto& a : options.attributes)
    if (!seen.count(a)) add("E508", Severity::error, fmt::format("no '{}' column", a), a);
  for (const auto& f : pack.fields)
    if (!seen.count(f.name))
      add(options.allow_missing_columns ? "W501" : "E508",
          options.allow_missing_columns ? Severity::warning : Severity::error,
          fmt::format("no column for input '{}'{}", f.name,
                      options.allow_missing_columns ? ": it is unknown for every unit" : ""),
          f.name, options.allow_missing_columns ? "" : "add the column (empty cells are fine), or allow missing columns");

  // Rows.
  std::size_t n = col.rows.size() - 1;
  auto table = std::make_shared<assess::UnitTable>(n);
  table->ids.resize(n);
  table->names.resize(n);
  table->districts.resize(n);
  std::vector<std::vector<double>> numbers(header.size());
  std::vector<std::vector<std::string>> strings(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (roles[c] == Role::field && fields[c]->type != Type::string) numbers[c].assign(n, std::nan(""));
    if ((roles[c] == Role::field && fields[c]->type == Type::string) || roles[c] == Role::attribute) strings[c].assign(n, {});
  }
  std::set<std::string> ids;
  for (std::size_t r = 0; r < n; ++r) {
    const auto& row = col.rows[r + 1];
    std::size_t line = r + 2;  // 1-based, after the header
    if (row.size() != header.size()) {
      add("E513", Severity::error, fmt::format("row {} has {} cells, the header has {}", line, row.size(), header.size()));
      continue;
    }
    for (std::size_t c = 0; c < header.size(); ++c) {
      std::string cell = trim(row[c]);
      switch (roles[c]) {
        case Role::id:
          if (cell.empty()) add("E511", Severity::error, fmt::format("row {}: empty unit id", line), header[c]);
          else if (!ids.insert(cell).second)
            add("E511", Severity::error, fmt::format("row {}: unit id '{}' appears twice", line, cell), header[c]);
          table->ids[r] = cell;
          break;
        case Role::name: table->names[r] = cell; break;
        case Role::district: table->districts[r] = cell; break;
        case Role::attribute: strings[c][r] = cell; break;
        case Role::ignored: break;
        case Role::field: {
          const model::Field& f = *fields[c];
          if (is_missing_cell(cell)) break;
          auto bad = [&](std::string_view expected) {
            add("E509", Severity::error, fmt::format("row {}, column '{}': '{}' is not {}", line, header[c], cell, expected),
                header[c]);
          };
          if (f.type == Type::string) {
            if (!f.values.empty() && std::find(f.values.begin(), f.values.end(), cell) == f.values.end()) {
              add("E505", Severity::error,
                  fmt::format("row {}, column '{}': '{}' is not one of: {}", line, header[c], cell, fmt::join(f.values, ", ")),
                  header[c]);
              break;
            }
            strings[c][r] = cell;
          } else if (f.type == Type::boolean) {
            if (auto b = parse_bool(cell)) numbers[c][r] = *b ? 1.0 : 0.0;
            else bad("a yes/no value (true/false, 1/0, có/không)");
          } else if (auto v = parse_number(cell)) {
            if ((f.min && *v < *f.min) || (f.max && *v > *f.max)) {
              add("E505", Severity::error,
                  fmt::format("row {}, column '{}': {} is outside [{}, {}]{}", line, header[c], cell,
                              f.min ? fmt::format("{}", *f.min) : "-inf", f.max ? fmt::format("{}", *f.max) : "inf",
                              f.unit == "%" ? " (shares are fractions or percentages: 0.76 or 76%)" : ""),
                  header[c]);
            } else {
              numbers[c][r] = *v;
            }
          } else {
            bad("a number");
          }
          break;
        }
      }
    }
  }
  if (diags.has_errors()) return result;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (roles[c] == Role::attribute) table->set_attribute(header[c], std::move(strings[c]));
    if (roles[c] != Role::field) continue;
    if (fields[c]->type == Type::string) table->set_strings(header[c], strings[c]);
    else table->set_numbers(header[c], std::move(numbers[c]));
  }
  result.table = std::move(table);
  return result;
}

UnitsResult read_units_csv(const std::filesystem::path& path, const model::RuleSet& rules, const CsvOptions& options) {
  auto text = read_file_text(path);
  if (!text) {
    UnitsResult r;
    Diagnostic d;
    d.code = "E512";
    d.message = fmt::format("cannot open data file '{}'", path.string());
    r.diagnostics.add(std::move(d));
    return r;
  }
  return read_units_csv_text(path.string(), *text, rules, options);
}

}  // namespace tieuchi::io
