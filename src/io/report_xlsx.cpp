// The annexes an office files (Biểu 01-04) and the tables behind them, as one .xlsx workbook.
// Layouts in docs/workbooks.md; every word from the message catalogue.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "io/xlsx_book.hpp"
#include "text/format.hpp"
#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/assess/tables.hpp"
#include "tieuchi/io/annexes.hpp"
#include "tieuchi/io/workbooks.hpp"
#include "tieuchi/plan/tables.hpp"

namespace tieuchi::io {

namespace {

using text::Lang;
using text::tr;
using xlsx::Style;

constexpr std::uint32_t kFillHeader = 0xDDEBF7, kFillProvince = 0xBDD7EE, kFillDistrict = 0xE7E6E6,
                        kFillUnmet = 0xF8CBAD, kFillUnknown = 0xFFF2CC;

/// The styles every annex uses.
struct Styles {
  lxw_format *title, *subtitle, *plain_left, *header, *header_rotated, *text, *center, *integer, *money,
      *district_text, *district_center, *district_money, *province_text, *province_center, *province_money, *unmet,
      *unknown, *wrap, *annex_number, *note;
  explicit Styles(xlsx::Book& b) {
    title = b.format({.bold = true, .border = false, .size = 13, .align = LXW_ALIGN_CENTER});
    subtitle = b.format({.italic = true, .border = false, .align = LXW_ALIGN_CENTER});
    plain_left = b.format({.border = false});
    annex_number = b.format({.bold = true, .border = false});
    note = b.format({.italic = true, .wrap = false, .border = false, .size = 10});
    header = b.format({.bold = true, .wrap = true, .fill = kFillHeader, .align = LXW_ALIGN_CENTER});
    header_rotated = b.format({.bold = true, .wrap = true, .fill = kFillHeader, .align = LXW_ALIGN_CENTER, .rotation = 90});
    text = b.format({.wrap = true});
    center = b.format({.align = LXW_ALIGN_CENTER});
    integer = b.format({.align = LXW_ALIGN_CENTER, .num_format = "0"});
    money = b.format({.num_format = "#,##0.0"});
    wrap = b.format({.wrap = true});
    district_text = b.format({.bold = true, .wrap = true, .fill = kFillDistrict});
    district_center = b.format({.bold = true, .fill = kFillDistrict, .align = LXW_ALIGN_CENTER});
    district_money = b.format({.bold = true, .fill = kFillDistrict, .num_format = "#,##0.0"});
    province_text = b.format({.bold = true, .wrap = true, .fill = kFillProvince});
    province_center = b.format({.bold = true, .fill = kFillProvince, .align = LXW_ALIGN_CENTER});
    province_money = b.format({.bold = true, .fill = kFillProvince, .num_format = "#,##0.0"});
    unmet = b.format({.bold = true, .fill = kFillUnmet, .align = LXW_ALIGN_CENTER});
    unknown = b.format({.fill = kFillUnknown, .align = LXW_ALIGN_CENTER});
  }
};

void print_setup(lxw_worksheet* ws, std::uint32_t header_first, std::uint32_t header_last, Lang lang) {
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
  worksheet_fit_to_pages(ws, 1, 0);  // one page wide, as many tall as it takes
  xlsx::check(worksheet_repeat_rows(ws, header_first, header_last), "repeat_rows");
  std::string footer = tr("annex.footer", lang);  // "&CTrang &P/&N"
  xlsx::check(worksheet_set_footer(ws, footer.c_str()), "set_footer");
  worksheet_center_horizontally(ws);
}

void set_widths(lxw_worksheet* ws, const std::vector<double>& widths) {
  for (std::size_t c = 0; c < widths.size(); ++c)
    xlsx::check(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr),
                "set_column");
}

// ---- An annex (io/annexes.hpp) as a sheet ------------------------------------------------

/// The format of a cell by how it reads and the row it is in.
lxw_format* cell_format(const Styles& st, AnnexRow::Kind row, AnnexCell::Look look) {
  using Look = AnnexCell::Look;
  switch (row) {
    case AnnexRow::Kind::province:
      return look == Look::money ? st.province_money : look == Look::text ? st.province_text : st.province_center;
    case AnnexRow::Kind::district:
      return look == Look::money ? st.district_money : look == Look::text ? st.district_text : st.district_center;
    case AnnexRow::Kind::unit: break;
  }
  switch (look) {
    case Look::text: return st.wrap;
    case Look::center: return st.center;
    case Look::integer: return st.integer;
    case Look::money: return st.money;
    case Look::unmet: return st.unmet;
    case Look::unknown: return st.unknown;
  }
  return st.wrap;
}

void annex_sheet(xlsx::Book& book, const Styles& st, const Annex& x, Lang lang) {
  lxw_worksheet* ws = book.add_sheet(x.sheet);
  const auto ncols = static_cast<std::uint16_t>(x.columns.size());
  const std::uint16_t last = static_cast<std::uint16_t>(ncols - 1);
  std::vector<double> widths;
  for (const auto& c : x.columns) widths.push_back(c.width);
  set_widths(ws, widths);
  std::uint16_t c_unit = 1;
  for (std::uint16_t c = 0; c < ncols; ++c)
    if (x.columns[c].kind == AnnexColumn::Kind::unit) c_unit = c;

  xlsx::text(ws, 0, 0, x.sheet, st.annex_number);
  xlsx::merge(ws, 1, 0, 1, last, x.title, st.title);
  std::uint32_t row = 2;
  if (!x.attached.empty()) {
    xlsx::merge(ws, row, 0, row, last, x.attached, st.subtitle);
    ++row;
  }
  xlsx::merge(ws, row, 0, row, last, x.subtitle, st.subtitle);
  row += 2;

  // Header: two rows; a column without a group spans both, a run of columns with one group
  // shares its merged heading.
  const std::uint32_t h1 = row, h2 = row + 1;
  bool rotated = false;
  for (std::uint16_t c = 0; c < ncols;) {
    const auto& col = x.columns[c];
    if (col.group.empty()) {
      xlsx::merge(ws, h1, c, h2, c, col.title, st.header);
      ++c;
      continue;
    }
    std::uint16_t end = c;
    while (end + 1 < ncols && x.columns[end + 1].group == col.group) ++end;
    if (end > c) xlsx::merge(ws, h1, c, h1, end, col.group, st.header);
    else xlsx::text(ws, h1, c, col.group, st.header);
    for (std::uint16_t k = c; k <= end; ++k) {
      bool rotate = x.columns[k].kind == AnnexColumn::Kind::criterion || x.columns[k].kind == AnnexColumn::Kind::level;
      rotated = rotated || rotate;
      xlsx::text(ws, h2, k, x.columns[k].title, rotate ? st.header_rotated : st.header);
    }
    c = static_cast<std::uint16_t>(end + 1);
  }
  worksheet_set_row(ws, h2, rotated ? 150 : 32, nullptr);
  row = h2 + 1;
  const std::uint32_t first_data = row + 1;  // below the province row
  xlsx::RowFit fit(widths);
  for (const auto& r : x.rows) {
    for (std::uint16_t c = 0; c < ncols && c < r.cells.size(); ++c) {
      const AnnexCell& cell = r.cells[c];
      lxw_format* f = cell_format(st, r.kind, cell.look);
      if (!std::isnan(cell.number)) xlsx::number(ws, row, c, cell.number, f);
      else if (cell.text.empty()) xlsx::blank(ws, row, c, f);
      else {
        xlsx::text(ws, row, c, cell.text, f);
        fit.note(row, c, cell.text);
      }
    }
    ++row;
  }
  if (x.units == 0) xlsx::merge(ws, row, 0, row, last, x.empty, st.text), ++row;
  ++row;
  xlsx::text(ws, row, 0, x.note, st.note);
  worksheet_freeze_panes(ws, first_data - 1, static_cast<lxw_col_t>(c_unit + 1));
  fit.apply(ws);
  print_setup(ws, h1, h2, lang);
}

// ---- A typed table as a plain sheet (the data behind the annexes) ------------------------

void table_sheet(xlsx::Book& book, const Styles& st, const Table& t, std::string_view name) {
  lxw_worksheet* ws = book.add_sheet(name);
  std::vector<double> widths(t.columns.size(), 10);
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const Column& col = t.columns[c];
    auto cc = static_cast<std::uint16_t>(c);
    xlsx::text(ws, 0, cc, col.title.empty() ? col.name : col.title, st.header);
    double w = std::min<double>(40, std::max<double>(6, static_cast<double>(col.title.size()) * 0.8));
    for (std::size_t r = 0; r < col.size(); ++r) {
      auto row = static_cast<std::uint32_t>(r + 1);
      if (col.is_missing(r)) continue;
      switch (col.type) {
        case Column::Type::number: xlsx::number(ws, row, cc, col.numbers[r], nullptr); break;
        case Column::Type::integer: xlsx::number(ws, row, cc, static_cast<double>(col.integers[r]), nullptr); break;
        case Column::Type::category: {
          const auto& titles = col.label_titles.empty() ? col.labels : col.label_titles;
          xlsx::text(ws, row, cc, titles[static_cast<std::size_t>(col.codes[r])], nullptr);
          break;
        }
        default: {
          std::string v = col.cell(r);
          if (r < 200) w = std::max(w, std::min<double>(40, static_cast<double>(v.size()) * 0.9));
          xlsx::text(ws, row, cc, v, nullptr);
        }
      }
    }
    widths[c] = w;
  }
  set_widths(ws, widths);
  worksheet_freeze_panes(ws, 1, 0);
  if (t.rows() > 0 && !t.columns.empty())
    xlsx::check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(t.rows()),
                                     static_cast<lxw_col_t>(t.columns.size() - 1)),
                "autofilter");
}

// ---- About: what the numbers rest on -----------------------------------------------------

void about_sheet(xlsx::Book& book, const Styles& st, const assess::Assessment& a, const plan::Plan* p,
                 const AnnexOptions& o) {
  const Lang lang = o.lang;
  const auto& rules = a.rules();
  const auto& pack = rules.pack();
  lxw_worksheet* ws = book.add_sheet(tr("sheet.about", lang));
  set_widths(ws, {34, 90});
  auto th = rules.thresholds();
  std::vector<std::pair<std::string, std::string>> rows = {
      {tr("about.pack", lang), pack.id},
      {tr("about.title", lang), pack.title.in(lang)},
      {tr("about.lineage", lang), fmt::format("{}", fmt::join(pack.lineage, " > "))},
      {tr("about.year", lang), std::to_string(a.year())},
      {tr("about.units", lang), std::to_string(a.size())},
      {tr("about.thresholds_verified", lang), std::to_string(th.verified)},
      {tr("about.thresholds_unverified", lang), std::to_string(th.unverified)},
      {tr("about.thresholds_illustrative", lang), std::to_string(th.illustrative)},
      {tr("about.thresholds_missing", lang), fmt::format("{}", fmt::join(th.missing, ", "))},
      {tr("about.legend", lang), tr("about.legend_text", lang)},
  };
  if (!o.plan_name.empty()) rows.insert(rows.begin(), {tr("about.plan_name", lang), o.plan_name});
  if (p) {
    rows.push_back({tr("about.horizon", lang), fmt::format("{}-{}", p->first_year, p->last_year)});
    rows.push_back({tr("about.policy", lang), std::string(plan::to_string(p->policy))});
    rows.push_back({tr("about.method", lang), p->method});
    rows.push_back({tr("about.optimality", lang), plan::format_optimality(*p, lang)});
    rows.push_back({tr("about.total_cost", lang), fmt::format("{:.1f} {}", p->total_cost, p->cost_unit)});
  }
  std::uint32_t r = 0;
  xlsx::merge(ws, r, 0, r, 1, tr("about.heading", lang), st.title);
  r += 2;
  for (const auto& [k, v] : rows) {
    xlsx::text(ws, r, 0, k, st.header);
    xlsx::text(ws, r, 1, v, st.wrap);
    ++r;
  }
  if (th.illustrative > 0) {
    ++r;
    xlsx::merge(ws, r, 0, r, 1, tr("about.illustrative_warning", lang, th.illustrative), st.unmet);
    ++r;
  }
  ++r;
  xlsx::merge(ws, r, 0, r, 1, tr("about.criteria", lang), st.header);
  ++r;
  for (const auto& c : pack.criteria) {
    xlsx::text(ws, r, 0, c.id, st.center);
    std::string agency = c.agency.empty() ? "" : fmt::format(" ({})", c.agency);
    xlsx::text(ws, r, 1, c.name.in(lang) + agency, st.wrap);
    ++r;
  }
  worksheet_set_portrait(ws);
  worksheet_set_paper(ws, 9);
  worksheet_fit_to_pages(ws, 1, 0);
}

int write_reviews(xlsx::Book& book, const Styles& st, const assess::Assessment& a, const assess::Summary& s,
                  const AnnexOptions& o) {
  auto annexes = review_annexes(a, s, o);
  for (const auto& x : annexes) annex_sheet(book, st, x, o.lang);
  return o.first_number + static_cast<int>(annexes.size());
}

}  // namespace

void write_review_workbook(const std::filesystem::path& path, const assess::Assessment& a, const assess::Summary& s,
                           const AnnexOptions& o) {
  xlsx::Book book(path);
  Styles st(book);
  write_reviews(book, st, a, s, o);
  table_sheet(book, st, assess::planning_table(a, s, o.lang), tr("sheet.summary", o.lang));
  table_sheet(book, st, assess::shortfalls_table(a, o.lang), tr("sheet.criteria_unmet", o.lang));
  about_sheet(book, st, a, nullptr, o);
  book.close();
}

void write_plan_workbook(const std::filesystem::path& path, const assess::Assessment& a, const assess::Summary& s,
                         const plan::Plan& p, const AnnexOptions& o) {
  xlsx::Book book(path);
  Styles st(book);
  int number = write_reviews(book, st, a, s, o);
  for (const auto& x : roadmap_annexes(a, p, number, o)) annex_sheet(book, st, x, o.lang);
  Table roadmap = plan::roadmap_table(a, p, o.lang);
  table_sheet(book, st, roadmap, tr("plan.sheet.roadmap", o.lang));
  table_sheet(book, st, plan::tasks_table(a, p, o.lang), tr("plan.sheet.tasks", o.lang));
  table_sheet(book, st, plan::outcomes_table(a, p, o.lang), tr("plan.sheet.outcomes", o.lang));
  table_sheet(book, st, plan::budgets_table(p, o.lang), tr("plan.sheet.budgets", o.lang));
  about_sheet(book, st, a, &p, o);
  book.close();
}

}  // namespace tieuchi::io
