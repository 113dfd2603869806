// The input template: a workbook the communes' data is typed into, read back by
// read_units_workbook(). And the unit lists a template is made for. See io/workbooks.hpp.

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "io/xlsx_book.hpp"
#include "support/csv_table.hpp"
#include "support/text.hpp"
#include "text/format.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/io/workbooks.hpp"

namespace tieuchi::io {

namespace {

using text::Lang;
using text::tr;
using xlsx::Style;

// At most `max` bytes, cut at a character boundary (Excel's limits on validation prompts).
std::string clip(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t n = max - 3;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "\xE2\x80\xA6";
}

std::string number_text(double v) { return fmt::format("{}", v); }

/// One column of the template.
struct TemplateColumn {
  std::string name;     // what is read back (the header row)
  std::string heading;  // for people
  const model::Field* field = nullptr;
  std::vector<const model::Indicator*> indicators;  // that read the field
  std::string group;    // criterion id, "" for the general columns
};

struct Layout {
  std::vector<TemplateColumn> columns;
  std::vector<std::pair<std::string, std::string>> groups;  // id, heading, in column order
};

Layout layout(const model::RuleSet& rules, const TemplateOptions& o) {
  const auto& pack = rules.pack();
  const auto& g = rules.graph();
  const Lang lang = o.lang;
  Layout out;
  out.columns.push_back({"id", tr("header.id", lang), nullptr, {}, ""});
  out.columns.push_back({"name", tr("header.name", lang), nullptr, {}, ""});
  out.columns.push_back({"district", tr("header.district", lang), nullptr, {}, ""});
  if (o.recognized_column) out.columns.push_back({"recognized", tr("header.recognized", lang), nullptr, {}, ""});

  std::map<std::string, const model::Indicator*, std::less<>> indicator_of;
  for (const auto& ind : pack.indicators) indicator_of.emplace(ind.id, &ind);
  std::map<std::string, std::size_t, std::less<>> indicator_rank;
  for (std::size_t i = 0; i < pack.indicators.size(); ++i) indicator_rank.emplace(pack.indicators[i].id, i);
  // Each field with the indicators that read it (directly or through keys and tables).
  std::vector<TemplateColumn> fields;
  for (const auto& f : pack.fields) {
    TemplateColumn c{f.name, {}, &f, {}, ""};
    if (auto n = g.find(graph::NodeKind::field, f.name)) {
      for (auto d : g.dependents(*n)) {
        const auto& node = g.node(d);
        if (node.kind != graph::NodeKind::indicator) continue;
        if (auto it = indicator_of.find(node.id); it != indicator_of.end()) c.indicators.push_back(it->second);
      }
    }
    std::sort(c.indicators.begin(), c.indicators.end(), [&](const auto* a, const auto* b) {
      return indicator_rank.at(a->id) < indicator_rank.at(b->id);
    });
    // A field read by one or two indicators belongs to the first one's criterion; one read by
    // many (the region, a key) is general information.
    if (!c.indicators.empty() && c.indicators.size() <= 2) c.group = c.indicators.front()->criterion;
    std::string unit = f.unit.empty() ? "" : fmt::format(" ({})", f.unit);
    std::string desc = f.description.empty() ? f.name : f.description;
    if (!c.group.empty()) {
      const auto* ind = c.indicators.front();
      c.heading = fmt::format("{} {}\n{}{}", ind->id, ind->name.in(lang), desc, unit);
    } else {
      c.heading = desc + unit;
    }
    fields.push_back(std::move(c));
  }
  // General fields first (in the pack's order), then by criterion in the pack's order.
  std::map<std::string, std::size_t, std::less<>> criterion_rank;
  for (std::size_t i = 0; i < pack.criteria.size(); ++i) criterion_rank.emplace(pack.criteria[i].id, i);
  auto rank = [&](const TemplateColumn& c) -> std::pair<std::size_t, std::size_t> {
    if (c.group.empty()) return {0, 0};
    auto it = criterion_rank.find(c.group);
    return {it == criterion_rank.end() ? pack.criteria.size() + 1 : it->second + 1,
            indicator_rank.at(c.indicators.front()->id)};
  };
  std::stable_sort(fields.begin(), fields.end(),
                   [&](const TemplateColumn& a, const TemplateColumn& b) { return rank(a) < rank(b); });
  for (auto& c : fields) out.columns.push_back(std::move(c));
  for (const auto& c : out.columns) {
    if (!out.groups.empty() && out.groups.back().first == c.group) continue;
    std::string heading = tr("template.general", lang);
    if (!c.group.empty()) {
      heading = c.group;
      for (const auto& cr : pack.criteria)
        if (cr.id == c.group) heading = fmt::format("{}. {}", cr.id, cr.name.in(lang));
    }
    out.groups.emplace_back(c.group, heading);
  }
  return out;
}

std::string type_word(const model::Field& f, Lang lang) {
  switch (f.type) {
    case Type::boolean: return tr("template.type.bool", lang);
    case Type::string: return tr("template.type.string", lang);
    default: return tr("template.type.number", lang);
  }
}

std::string allowed(const model::Field& f, Lang lang) {
  if (f.type == Type::boolean) return fmt::format("{} / {}", tr("template.yes", lang), tr("template.no", lang));
  if (!f.values.empty()) return fmt::format("{}", fmt::join(f.values, ", "));
  bool share = f.unit == "%";
  auto show = [&](double v) { return share ? fmt::format("{}%", v * 100) : number_text(v); };
  if (f.min && f.max) return fmt::format("{} – {}", show(*f.min), show(*f.max));
  if (f.min) return fmt::format("≥ {}", show(*f.min));
  if (f.max) return fmt::format("≤ {}", show(*f.max));
  return {};
}

}  // namespace

UnitListResult read_unit_list_csv(const std::filesystem::path& path) {
  auto file = support::read_file_text(path, support::kMaxUnitsBytes);
  if (!file.text) {
    UnitListResult r;
    Diagnostic d;
    d.code = "E512";
    d.message = fmt::format("the unit list {}", file.why);
    d.file = path.string();
    r.diagnostics.add(std::move(d));
    return r;
  }
  return read_unit_list_csv_text(*file.text, path.string());
}

UnitListResult read_unit_list_csv_text(std::string_view text, const std::string& file_name) {
  UnitListResult r;
  auto fail = [&](std::string code, std::string message, std::uint32_t row = 0) {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.file = file_name;
    d.row = row;
    r.diagnostics.add(std::move(d));
    return r;
  };
  auto table = support::parse_csv(text);
  if (!table.ok()) return fail("E514", fmt::format("malformed CSV: {}", table.error), table.error_row);
  if (table.records.empty()) return fail("E508", "the unit list has no header row");
  const auto& header = table.records.front();
  auto find = [&](std::initializer_list<std::string_view> names) -> std::optional<std::size_t> {
    for (auto want : names)
      for (std::size_t c = 0; c < header.cells.size(); ++c)
        if (support::fold_key(header.cells[c]) == std::string(want)) return c;
    return std::nullopt;
  };
  auto id = find({"id", "code", "ma", "ma xa"});
  auto name = find({"name", "commune", "ten", "ten xa"});
  auto district = find({"district", "huyen"});
  if (!id)
    return fail("E508", "the unit list has no id column (named id, code or mã)", header.row);
  std::set<std::string> seen;
  for (std::size_t i = 1; i < table.records.size(); ++i) {
    const auto& rec = table.records[i];
    if (rec.cells.size() != header.cells.size()) {
      fail("E513", fmt::format("the row has {} cells, the header has {}", rec.cells.size(), header.cells.size()),
           rec.row);
      continue;
    }
    std::string uid(support::trim(rec.cells[*id]));
    if (uid.empty()) {
      fail("E511", "empty unit id", rec.row);
      continue;
    }
    if (!seen.insert(uid).second) {
      fail("E511", fmt::format("unit id '{}' appears twice", uid), rec.row);
      continue;
    }
    r.units.ids.push_back(uid);
    r.units.names.emplace_back(name ? support::trim(rec.cells[*name]) : std::string_view());
    r.units.districts.emplace_back(district ? support::trim(rec.cells[*district]) : std::string_view());
  }
  return r;
}

void write_template(const std::filesystem::path& path, const model::RuleSet& rules, const UnitList& units,
                    const TemplateOptions& o) {
  const Lang lang = o.lang;
  const int year = o.year ? o.year : rules.default_year();
  const auto& pack = rules.pack();
  if ((pack.valid_from && year < *pack.valid_from) || (pack.valid_to && year > *pack.valid_to)) {
    Diagnostic d;
    d.code = "E506";
    d.message = fmt::format("year {} is outside the validity of pack {} ({}-{})", year, pack.id,
                            pack.valid_from.value_or(0), pack.valid_to.value_or(0));
    d.field = "year";
    Diagnostics ds;
    ds.add(std::move(d));
    throw DataError(std::move(ds));
  }
  Layout lay = layout(rules, o);
  xlsx::Book book(path);
  auto* title = book.format({.bold = true, .border = false, .size = 13, .align = LXW_ALIGN_LEFT});
  auto* subtitle = book.format({.italic = true, .border = false, .align = LXW_ALIGN_LEFT});
  auto* group = book.format({.bold = true, .wrap = true, .fill = 0xBDD7EE, .align = LXW_ALIGN_CENTER});
  auto* heading = book.format({.bold = true, .wrap = true, .size = 10, .fill = 0xDDEBF7, .align = LXW_ALIGN_CENTER});
  auto* names = book.format({.italic = true, .size = 8, .fill = 0xF2F2F2, .color = 0x595959, .align = LXW_ALIGN_CENTER});
  auto* given = book.format({.fill = 0xF2F2F2, .num_format = "@"});
  auto* cell_text = book.format({.num_format = "@", .locked = false});
  auto* cell_number = book.format({.locked = false});
  auto* cell_share = book.format({.num_format = "0.0%", .locked = false});
  auto* cell_center = book.format({.align = LXW_ALIGN_CENTER, .locked = false});
  auto* wrap = book.format({.wrap = true});
  auto* bold = book.format({.bold = true, .wrap = true, .fill = 0xDDEBF7});

  lxw_worksheet* ws = book.add_sheet(tr("sheet.input", lang));
  lxw_worksheet* lists = nullptr;  // allowed values of enumerations, for the validation lists
  const std::uint32_t r_title = 0, r_group = 1, r_heading = 2, r_names = 3, r_data = 4;
  const std::size_t rows = std::max<std::size_t>(units.size(), units.size() ? 0 : o.empty_rows);
  const std::uint32_t r_last = r_data + static_cast<std::uint32_t>(rows ? rows - 1 : 0);
  const auto ncols = static_cast<std::uint16_t>(lay.columns.size());

  xlsx::merge(ws, r_title, 0, r_title, static_cast<std::uint16_t>(std::min<int>(ncols - 1, 12)),
              tr("template.title", lang, pack.title.in(lang), pack.id, year), title);
  // Groups: one merged heading over each run of columns.
  std::uint16_t start = 0;
  for (std::uint16_t c = 1; c <= ncols; ++c) {
    if (c < ncols && lay.columns[c].group == lay.columns[start].group) continue;
    std::string h;
    for (const auto& [id, text] : lay.groups)
      if (id == lay.columns[start].group) h = text;
    xlsx::merge(ws, r_group, start, r_group, static_cast<std::uint16_t>(c - 1), h, group);
    start = c;
  }
  std::uint16_t list_col = 0;
  std::vector<lxw_format*> col_formats(ncols, nullptr);
  for (std::uint16_t c = 0; c < ncols; ++c) {
    const auto& col = lay.columns[c];
    xlsx::text(ws, r_heading, c, col.heading, heading);
    xlsx::text(ws, r_names, c, col.name, names);
    double width = c == 1 ? 24 : c == 2 ? 20 : c == 0 ? 10 : 16;
    lxw_format* fmt_col = c < 3 ? cell_text : cell_number;
    if (col.field && col.field->type == Type::boolean) fmt_col = cell_center;
    if (col.field && col.field->type == Type::string) fmt_col = cell_text;
    if (col.field && col.field->type == Type::number && col.field->unit == "%") fmt_col = cell_share;
    xlsx::check(worksheet_set_column(ws, c, c, width, fmt_col), "set_column");
    col_formats[c] = fmt_col;

    // Validation over the data rows.
    lxw_data_validation v{};
    v.ignore_blank = LXW_VALIDATION_ON;
    v.show_input = LXW_VALIDATION_ON;
    v.show_error = LXW_VALIDATION_ON;
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    std::string prompt_title = clip(col.name, 32);
    std::string prompt = clip(col.field ? (col.field->description.empty() ? col.field->name : col.field->description)
                                        : col.heading,
                              250);
    std::string error_title = clip(tr("template.invalid", lang), 32);
    std::string error_message;
    std::vector<std::string> list;
    std::string formula;
    if (col.name == "recognized") {
      for (const auto& l : pack.levels)
        if (!l.condition) list.push_back(l.id);
    } else if (col.field && col.field->type == Type::boolean) {
      list = {tr("template.yes", lang), tr("template.no", lang)};
    } else if (col.field && col.field->type == Type::string && !col.field->values.empty()) {
      list = col.field->values;
    } else if (col.field && col.field->type == Type::number && (col.field->min || col.field->max)) {
      v.validate = LXW_VALIDATION_TYPE_DECIMAL;
      if (col.field->min && col.field->max) {
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = *col.field->min;
        v.maximum_number = *col.field->max;
      } else if (col.field->min) {
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.value_number = *col.field->min;
      } else {
        v.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
        v.value_number = *col.field->max;
      }
      error_message = clip(tr("template.invalid_range", lang, allowed(*col.field, lang)), 250);
    } else if (col.field && col.field->type == Type::number) {
      v.validate = LXW_VALIDATION_TYPE_DECIMAL;
      v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
      v.minimum_number = -1e300;
      v.maximum_number = 1e300;
      error_message = clip(tr("template.invalid_number", lang), 250);
    }
    if (!list.empty()) {
      // The list lives on a hidden sheet (a literal list is limited to 255 characters).
      if (!lists) {
        lists = book.add_sheet(tr("sheet.lists", lang));
        worksheet_hide(lists);
      }
      xlsx::text(lists, 0, list_col, col.name, nullptr);
      for (std::size_t i = 0; i < list.size(); ++i)
        xlsx::text(lists, static_cast<std::uint32_t>(i + 1), list_col, list[i], nullptr);
      std::string sheet = tr("sheet.lists", lang);
      formula = fmt::format("='{}'!${}$2:${}${}", sheet, xlsx::column_letters(list_col),
                            xlsx::column_letters(list_col), list.size() + 1);
      v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      v.value_formula = formula.data();
      v.dropdown = LXW_VALIDATION_ON;
      error_message = clip(tr("template.invalid_list", lang, fmt::format("{}", fmt::join(list, ", "))), 250);
      ++list_col;
    }
    if (v.validate != 0 && rows > 0) {
      v.input_title = prompt_title.data();
      v.input_message = prompt.data();
      v.error_title = error_title.data();
      v.error_message = error_message.data();
      xlsx::check(worksheet_data_validation_range(ws, r_data, c, r_last, c, &v), "data_validation");
    }
  }
  worksheet_set_row(ws, r_heading, 96, nullptr);
  worksheet_set_row(ws, r_group, 30, nullptr);
  // Every data cell carries its column's format (a percentage, text), so that what is typed
  // into it is stored as the field needs.
  for (std::uint32_t r = r_data; rows > 0 && r <= r_last; ++r)
    for (std::uint16_t c = 3; c < ncols; ++c) xlsx::blank(ws, r, c, col_formats[c]);
  for (std::size_t i = 0; i < units.size(); ++i) {
    auto r = static_cast<std::uint32_t>(r_data + i);
    xlsx::text(ws, r, 0, units.ids[i], given);
    xlsx::text(ws, r, 1, i < units.names.size() ? units.names[i] : "", given);
    xlsx::text(ws, r, 2, i < units.districts.size() ? units.districts[i] : "", given);
  }
  worksheet_freeze_panes(ws, r_data, 3);
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);
  xlsx::check(worksheet_repeat_rows(ws, r_group, r_names), "repeat_rows");
  xlsx::check(worksheet_repeat_columns(ws, 0, 2), "repeat_columns");
  worksheet_activate(ws);

  // The fields, described.
  lxw_worksheet* fs = book.add_sheet(tr("sheet.fields", lang));
  const std::vector<std::string> heads = {
      tr("template.col.column", lang),     tr("template.col.name", lang),       tr("template.col.heading", lang),
      tr("template.col.type", lang),       tr("template.col.unit", lang),  tr("template.col.allowed", lang),
      tr("template.col.indicators", lang), tr("template.col.criteria", lang),   tr("template.col.source", lang),
      tr("template.col.status", lang)};
  const std::vector<double> widths = {7, 30, 50, 10, 12, 18, 20, 36, 50, 14};
  for (std::uint16_t c = 0; c < heads.size(); ++c) {
    xlsx::check(worksheet_set_column(fs, c, c, widths[c], nullptr), "set_column");
    xlsx::text(fs, 2, c, heads[c], bold);
  }
  xlsx::merge(fs, 0, 0, 0, static_cast<std::uint16_t>(heads.size() - 1), tr("template.fields_title", lang, pack.id, year),
              title);
  xlsx::merge(fs, 1, 0, 1, static_cast<std::uint16_t>(heads.size() - 1), tr("template.help", lang), subtitle);
  std::uint32_t r = 3;
  for (std::uint16_t c = 0; c < ncols; ++c) {
    const auto& col = lay.columns[c];
    xlsx::text(fs, r, 0, xlsx::column_letters(c), wrap);
    xlsx::text(fs, r, 1, col.name, wrap);
    xlsx::text(fs, r, 2, col.heading, wrap);
    if (col.field) {
      const auto& f = *col.field;
      xlsx::text(fs, r, 3, type_word(f, lang), wrap);
      xlsx::text(fs, r, 4, f.unit, wrap);
      xlsx::text(fs, r, 5, allowed(f, lang), wrap);
      std::vector<std::string> ids, crits, sources, statuses;
      for (const auto* ind : col.indicators) {
        ids.push_back(ind->id);
        std::string crit = ind->criterion;
        for (const auto& cr : pack.criteria)
          if (cr.id == ind->criterion) crit = fmt::format("{}. {}", cr.id, cr.name.in(lang));
        if (std::find(crits.begin(), crits.end(), crit) == crits.end()) crits.push_back(crit);
        std::string src = ind->provenance.source;
        if (auto it = pack.sources.find(src); it != pack.sources.end() && !it->second.title.empty())
          src = it->second.title;
        if (!ind->provenance.item.empty()) src += src.empty() ? ind->provenance.item : ", " + ind->provenance.item;
        src = fmt::format("{}: {}", ind->id, src);
        sources.push_back(src);
        std::string st(to_string(ind->provenance.status));
        if (std::find(statuses.begin(), statuses.end(), st) == statuses.end()) statuses.push_back(st);
      }
      xlsx::text(fs, r, 6, fmt::format("{}", fmt::join(ids, ", ")), wrap);
      xlsx::text(fs, r, 7, fmt::format("{}", fmt::join(crits, "; ")), wrap);
      xlsx::text(fs, r, 8, fmt::format("{}", fmt::join(sources, "\n")), wrap);
      xlsx::text(fs, r, 9, fmt::format("{}", fmt::join(statuses, ", ")), wrap);
    } else {
      for (std::uint16_t k = 3; k < heads.size(); ++k) xlsx::blank(fs, r, k, wrap);
      if (col.name == "recognized") {
        std::vector<std::string> ids;
        for (const auto& l : pack.levels)
          if (!l.condition) ids.push_back(l.id);
        xlsx::text(fs, r, 5, fmt::format("{}", fmt::join(ids, ", ")), wrap);
      }
    }
    ++r;
  }
  worksheet_freeze_panes(fs, 3, 2);
  worksheet_set_landscape(fs);
  worksheet_set_paper(fs, 9);
  worksheet_fit_to_pages(fs, 1, 0);
  book.close();
}

}  // namespace tieuchi::io
