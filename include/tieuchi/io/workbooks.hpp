#pragma once
/// @file io/workbooks.hpp
/// The provincial office's workbooks (.xlsx): the input template the communes' data is typed
/// into, and the annexes (Biểu) an office files — the re-assessment of recognized communes
/// (Biểu 01, 02, ...: one per recognized level) and the year-by-year roadmap (Biểu 03, 04, ...:
/// one per target level). One writer for every door: the CLI (`tieuchi template`, `assess
/// --xlsx`, `plan --xlsx`), Python (`pack.template()`, `result.to_excel()`,
/// `roadmap.to_excel()`) and the service. Written with libxlsxwriter; texts from the message
/// catalogue (Vietnamese by default). Layouts in docs/workbooks.md.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tieuchi/assess/report.hpp"
#include "tieuchi/diagnostics.hpp"
#include "tieuchi/export.hpp"
#include "tieuchi/model/ruleset.hpp"
#include "tieuchi/plan/planner.hpp"
#include "tieuchi/text/messages.hpp"

namespace tieuchi::io {

/// The units a template is made for: id, name and district, in order.
struct UnitList {
  std::vector<std::string> ids, names, districts;
  std::size_t size() const noexcept { return ids.size(); }
};

/// A list of units, or why there is none.
struct UnitListResult {
  UnitList units;
  Diagnostics diagnostics;
  bool ok() const noexcept { return !diagnostics.has_errors(); }
};

/// Reads a list of units from CSV (UTF-8, a header row): the id from a column named `id`, `code`,
/// `ma` or `mã`; the name from `name`, `commune`, `ten` or `tên`; the district from `district`,
/// `huyen` or `huyện` (e.g. ../shared/ntm/langson-communes.csv: district, commune, code). Other
/// columns are ignored. Errors: the file cannot be read (E512), malformed CSV (E514), a row with
/// the wrong number of cells (E513), no id column (E508), an empty or repeated id (E511).
TIEUCHI_API UnitListResult read_unit_list_csv(const std::filesystem::path& path);
/// The same, from CSV text; diagnostics name `file_name`.
TIEUCHI_API UnitListResult read_unit_list_csv_text(std::string_view text, const std::string& file_name);

struct TemplateOptions {
  int year = 0;                     ///< the assessment year the template is for; 0: the pack's default
  text::Lang lang = text::Lang::vi;
  /// Also a column for the level each unit is recognized at (the review reads it), with the
  /// pack's levels as its allowed values.
  bool recognized_column = true;
  /// Rows made ready for data (validation, formats) when no units are given.
  std::size_t empty_rows = 200;
};

/// Writes the input template for `rules`: a sheet (`sheet.input`, "Nhập liệu") with a row per
/// unit of `units` (id, name and district filled in) and a column per input field of the pack,
/// grouped by criterion: a merged heading per criterion, a heading per field for people (the
/// indicator it feeds, in `lang`, then the field's description and unit) and, beneath it, the
/// field's name, which is what read_units_workbook() reads back. Data validation: Có/Không for
/// yes/no fields, the allowed values of enumerations, the range of bounded numbers (shares as
/// percentages). A second sheet (`sheet.fields`) describes every field: type, unit, allowed
/// values, the indicators and criteria it feeds, the legal source. Frozen panes, A4 landscape.
/// Throws tieuchi::Error when the file cannot be written.
TIEUCHI_API void write_template(const std::filesystem::path& path, const model::RuleSet& rules,
                                const UnitList& units, const TemplateOptions& options = {});

struct AnnexOptions {
  text::Lang lang = text::Lang::vi;
  /// The plan's name, printed under each annex's title (e.g. "Kế hoạch số 45/KH-UBND ngày
  /// 10/3/2023 của UBND tỉnh Lạng Sơn"); empty: none.
  std::string plan_name;
  /// The number of the first annex (Biểu 01).
  int first_number = 1;
};

/// Writes the re-assessment annexes: one sheet per level some unit is recognized at (lowest
/// first: Biểu 01 for `ntm`, 02 for `ntm_nang_cao`), each with a title, the units recognized at
/// that level grouped by district (a heading row per district with its counts, then STT, unit,
/// recognized year when the data has a `recognized_year` attribute), a column per criterion of
/// the level (Đ / CĐ / ? / KAD; for a higher level first one column per level it requires), the
/// number of criteria met, the criteria not met and the review outcome; a province total row;
/// merged headings, frozen panes, A4 landscape with repeated header rows. Then an "About" sheet:
/// the pack, the year, the units, and how many thresholds are verified, unverified, illustrative
/// or not set. Throws tieuchi::Error when the file cannot be written.
TIEUCHI_API void write_review_workbook(const std::filesystem::path& path, const assess::Assessment& a,
                                       const assess::Summary& s, const AnnexOptions& options = {});

/// Writes the review annexes (as write_review_workbook) followed by the roadmap annexes: one
/// sheet per target level of `p` (Biểu 03 for `ntm`, 04 for `ntm_nang_cao` when the review has
/// two), with per unit the criteria not met today, for each year of the horizon the criteria
/// completed that year and the cost spent that year, the responsible agencies, the year the
/// level is reached and the outcome; a row per district and one for the province with the
/// number of criteria completed and the cost per year. Then the About sheet (with the plan's
/// horizon, policy and method). Throws tieuchi::Error when the file cannot be written.
TIEUCHI_API void write_plan_workbook(const std::filesystem::path& path, const assess::Assessment& a,
                                     const assess::Summary& s, const plan::Plan& p,
                                     const AnnexOptions& options = {});

}  // namespace tieuchi::io
