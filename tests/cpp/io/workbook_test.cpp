// The workbook door's library half (io/units_workbook.hpp) on cells built by hand, and the
// workbook writers (io/workbooks.hpp): files that exist, are zip archives and fail cleanly.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tieuchi/assess/assessment.hpp"
#include "tieuchi/assess/report.hpp"
#include "tieuchi/error.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/io/units_csv.hpp"
#include "tieuchi/io/units_workbook.hpp"
#include "tieuchi/io/workbooks.hpp"

namespace tieuchi::io {
namespace {

namespace fs = std::filesystem;

const char* kPack = R"(
pack: wb-test
title: {vi: Bộ thử, en: Test set}
version: "1"
unit: commune
fields:
  share: {type: number, unit: "%", min: 0, max: 1, description: A share}
  flag: {type: bool, description: A yes/no}
criteria:
  - id: C1
    name: {vi: Tiêu chí 1, en: Criterion 1}
    indicators:
      - {id: "1.1", name: {vi: Tỷ lệ, en: Share}, rule: share >= 0.5, value: share}
      - {id: "1.2", name: {vi: Cờ, en: Flag}, rule: flag}
levels:
  - {id: ok, name: {vi: Đạt, en: Met}, criteria: [C1]}
)";

std::shared_ptr<const model::RuleSet> rules() {
  static auto r = [] {
    auto loaded = load_pack_text("wb-test.yaml", kPack);
    EXPECT_TRUE(loaded.ok()) << loaded.diagnostics.format();
    return loaded.rules;
  }();
  return r;
}

SheetCell text(std::string s) { return {SheetCell::Kind::text, 0, std::move(s)}; }
SheetCell num(double v) { return {SheetCell::Kind::number, v, {}}; }
SheetCell empty() { return {}; }

/// A workbook of one sheet whose rows are given; `first_row` places them in the sheet.
WorkbookCells book(std::vector<std::vector<SheetCell>> rows, std::uint32_t first_row = 1,
                   std::vector<CellRange> merged = {}, std::string sheet = "Data") {
  SheetCells s;
  s.name = sheet;
  s.first_row = first_row;
  for (const auto& r : rows) s.width = std::max<std::uint32_t>(s.width, static_cast<std::uint32_t>(r.size()));
  for (auto& r : rows) {
    r.resize(s.width);
    for (auto& c : r) s.cells.push_back(c);
  }
  s.merged = std::move(merged);
  WorkbookCells wb;
  wb.file = "units.xlsx";
  wb.sheet_names = {"Notes", sheet};
  wb.load = [s](std::size_t i) {
    if (i == 0) {
      SheetCells notes;
      notes.name = "Notes";
      notes.width = 1;
      notes.cells = {text("read me")};
      return notes;
    }
    return s;
  };
  return wb;
}

const Diagnostic* find(const Diagnostics& ds, std::string_view code) {
  for (const auto& d : ds)
    if (d.code == code) return &d;
  return nullptr;
}

TEST(Workbook, ReadsTheNamedSheetBelowTitleRowsAndNamesRowsAsTheSheetDoes) {
  auto wb = book({{text("Title, merged")},
                  {text("Heading"), text("Tỷ lệ")},
                  {text("id"), text("share"), text("flag")},
                  {text("a"), num(0.6), {SheetCell::Kind::boolean, 1, {}}},
                  {empty(), empty(), empty()},  // a blank row is no unit
                  {text("b"), num(0.2), text("Không")}},
                 3, {{3, 1, 3, 3}});
  WorkbookOptions o;
  o.sheet = "Data";
  auto r = read_units_workbook(wb, *rules(), o);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  ASSERT_EQ(r.table->rows(), 2u);
  EXPECT_EQ(r.table->ids[1], "b");
  auto share = r.table->numbers("share");
  ASSERT_TRUE(share);
  EXPECT_DOUBLE_EQ((*share)[0], 0.6);
  auto flag = r.table->numbers("flag");
  EXPECT_EQ((*flag)[0], 1.0);
  EXPECT_EQ((*flag)[1], 0.0);
}

TEST(Workbook, CellProblemsNameSheetRowColumnLetterAndHeader) {
  auto wb = book({{text("id"), text("share"), text("flag")}, {text("a"), text("abc"), text("có")}}, 1, {}, "Data");
  WorkbookOptions o;
  o.sheet = "Data";
  auto r = read_units_workbook(wb, *rules(), o);
  ASSERT_FALSE(r.ok());
  const auto* d = find(r.diagnostics, "E509");
  ASSERT_NE(d, nullptr) << r.diagnostics.format();
  EXPECT_EQ(d->sheet, "Data");
  EXPECT_EQ(d->row, 2u);
  EXPECT_EQ(d->where(), "units.xlsx [Data]: row 2, column B 'share'");
}

TEST(Workbook, APercentTypedAsTextIsReadWithAWarning) {
  auto wb = book({{text("id"), text("share"), text("flag")}, {text("a"), text(" 85% "), text("có")}});
  WorkbookOptions o;
  o.sheet = "Data";
  auto r = read_units_workbook(wb, *rules(), o);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  const auto* w = find(r.diagnostics, "W525");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->severity, Severity::warning);
  EXPECT_NE(w->message.find("'85%'"), std::string::npos) << w->message;
  EXPECT_DOUBLE_EQ((*r.table->numbers("share"))[0], 0.85);
}

TEST(Workbook, MergedHeaderOrDataCellsAreRefused) {
  auto header = book({{text("id"), text("share"), empty()}, {text("a"), num(0.5), text("có")}}, 1, {{1, 2, 1, 3}});
  WorkbookOptions o;
  o.sheet = "Data";
  auto r = read_units_workbook(header, *rules(), o);
  const auto* d = find(r.diagnostics, "E523");
  ASSERT_NE(d, nullptr) << r.diagnostics.format();
  EXPECT_NE(d->message.find("B1:C1"), std::string::npos) << d->message;
  EXPECT_NE(d->message.find("header row"), std::string::npos);

  auto data = book({{text("id"), text("share"), text("flag")}, {text("a"), num(0.5), text("có")},
                    {text("b"), empty(), text("có")}},
                   1, {{2, 2, 3, 2}});
  r = read_units_workbook(data, *rules(), o);
  d = find(r.diagnostics, "E523");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("B2:B3"), std::string::npos) << d->message;
}

TEST(Workbook, NoHeaderRowNamesTheSheetAndTheOthers) {
  auto wb = book({{text("id"), text("share"), text("flag")}, {text("a"), num(0.5), text("có")}});
  auto r = read_units_workbook(wb, *rules());  // no sheet given: the first, "Notes"
  const auto* d = find(r.diagnostics, "E522");
  ASSERT_NE(d, nullptr) << r.diagnostics.format();
  EXPECT_EQ(d->sheet, "Notes");
  EXPECT_NE(d->hint.find("'Data'"), std::string::npos) << d->hint;
}

TEST(Workbook, UnknownSheetListsTheSheetsAndSuggests) {
  auto wb = book({{text("id")}});
  WorkbookOptions o;
  o.sheet = "Dta";
  auto r = read_units_workbook(wb, *rules(), o);
  const auto* d = find(r.diagnostics, "E521");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("'Notes', 'Data'"), std::string::npos) << d->message;
  EXPECT_NE(d->hint.find("Data"), std::string::npos) << d->hint;
}

TEST(Workbook, FormulaErrorsAndHeaderlessValuesAreErrors) {
  auto wb = book({{text("id"), text("share"), text("flag"), empty()},
                  {text("a"), {SheetCell::Kind::error, 0, "#DIV/0!"}, text("có"), num(3)},
                  {text("b"), text("#REF!"), text("có"), empty()}});
  WorkbookOptions o;
  o.sheet = "Data";
  auto r = read_units_workbook(wb, *rules(), o);
  ASSERT_FALSE(r.ok());
  std::size_t formula = 0, headerless = 0;
  for (const auto& d : r.diagnostics) {
    formula += d.code == "E524" && d.message.find("formula error") != std::string::npos;
    headerless += d.code == "E524" && d.message.find("column D has values but no header") != std::string::npos;
  }
  EXPECT_EQ(formula, 2u) << r.diagnostics.format();
  EXPECT_EQ(headerless, 1u) << r.diagnostics.format();
}

TEST(Workbook, AReaderThatCouldNotOpenTheFileIsNamed) {
  WorkbookCells wb;
  wb.file = "locked.xlsx";
  wb.open_error = "Workbook is password protected";
  wb.leading_bytes = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  auto r = read_units_workbook(wb, *rules());
  const auto* d = find(r.diagnostics, "E520");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("password"), std::string::npos);
  wb.file = "broken.xlsx";
  wb.leading_bytes = "PK\x03\x04";
  wb.open_error = "invalid Zip archive";
  r = read_units_workbook(wb, *rules());
  d = find(r.diagnostics, "E520");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("cannot be read as a workbook (invalid Zip archive)"), std::string::npos) << d->message;
  // A loader that throws is a diagnostic too, never an escaped exception.
  auto thrower = book({{text("id")}});
  thrower.load = [](std::size_t) -> SheetCells { throw std::runtime_error("boom"); };
  r = read_units_workbook(thrower, *rules());
  ASSERT_NE(find(r.diagnostics, "E520"), nullptr);
}

TEST(Workbook, TheCsvReaderRecognizesAWorkbook) {
  auto r = read_units_csv_text("units.xlsx", std::string("PK\x03\x04\x14\x00", 6), *rules());
  const auto* d = find(r.diagnostics, "E519");
  ASSERT_NE(d, nullptr) << r.diagnostics.format();
  EXPECT_NE(d->hint.find("tieuchi.read_units"), std::string::npos);
  EXPECT_TRUE(is_workbook_path("a/B.XLSX"));
  EXPECT_TRUE(is_workbook_path("c.ods"));
  EXPECT_FALSE(is_workbook_path("c.csv"));
  EXPECT_FALSE(is_workbook_path("xlsx"));
}

std::string head(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::string s(4, '\0');
  f.read(s.data(), 4);
  return s;
}

TEST(Workbook, WritersProduceWorkbooksAndFailCleanly) {
  fs::path dir = fs::temp_directory_path() / "tieuchi-workbook-test";
  fs::create_directories(dir);
  UnitList units{{"a", "b"}, {"Xã A", "Xã B"}, {"Huyện 1", "Huyện 1"}};
  write_template(dir / "t.xlsx", *rules(), units);
  EXPECT_EQ(head(dir / "t.xlsx"), "PK\x03\x04");

  auto table = std::make_shared<assess::UnitTable>(2);
  table->ids = {"a", "b"};
  table->districts = {"Huyện 1", "Huyện 2"};
  table->set_numbers("share", {0.6, 0.1});
  table->set_numbers("flag", {1, 1});
  table->set_attribute("recognized", {"ok", "ok"});
  auto a = assess::assess(rules(), table);
  auto s = assess::summarize(a);
  ASSERT_EQ(s.reviews.size(), 2u);
  write_review_workbook(dir / "r.xlsx", a, s);
  EXPECT_EQ(head(dir / "r.xlsx"), "PK\x03\x04");
  // A folder that does not exist: an error naming the file, and nothing left behind.
  EXPECT_THROW(write_review_workbook(dir / "missing" / "r.xlsx", a, s), Error);
  EXPECT_FALSE(fs::exists(dir / "missing" / "r.xlsx"));
  // A year the pack does not cover is refused (the pack has no validity: any year goes).
  TemplateOptions o;
  o.year = 2024;
  write_template(dir / "t2024.xlsx", *rules(), {}, o);
  EXPECT_TRUE(fs::exists(dir / "t2024.xlsx"));
  fs::remove_all(dir);
}

TEST(Workbook, UnitListsAcceptTheProvinceListsHeaders) {
  fs::path p = fs::temp_directory_path() / "tieuchi-unit-list.csv";
  {
    std::ofstream f(p);
    f << "district,commune,code,type\nHuyện A,Xã Một,001,Xã\nHuyện A,Xã Hai,002,Xã\nHuyện B,,002,Xã\n";
  }
  auto r = read_unit_list_csv(p);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.units.size(), 2u);
  EXPECT_EQ(r.units.ids[1], "002");
  EXPECT_EQ(r.units.names[0], "Xã Một");
  EXPECT_EQ(r.units.districts[0], "Huyện A");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "E511");
  EXPECT_EQ(r.diagnostics[0].row, 4u);
  fs::remove(p);
  auto missing = read_unit_list_csv(p);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.diagnostics[0].code, "E512");
}

}  // namespace
}  // namespace tieuchi::io
