// The typed table of the reports (tieuchi/table.hpp): cells as CSV writes them, missing values,
// categories.
#include "tieuchi/table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace tieuchi {
namespace {

TEST(Table, CellsAreWrittenByTypeAndMissingIsEmpty) {
  Table t;
  auto& id = t.add(Column::make_text("id", "Mã xã"));
  auto& met = t.add(Column::make_integer("criteria_met", "Số tiêu chí đạt"));
  met.of = 19;
  auto& cost = t.add(Column::make_number("cost", "Kinh phí"));
  auto& gap = t.add(Column::make_number("gap", "Còn thiếu", 4));
  auto& mark = t.add(Column::make_category("TC2", "TC2. Giao thông", {"CĐ", "?", "Đ", "KAD"}, true));
  auto& pinned = t.add(Column::make_boolean("pinned", "Cố định"));
  pinned.true_text = "yes";
  pinned.false_text = "";
  id.push_text("06010");
  met.push_integer(13);
  cost.push_number(0.1 + 0.2);
  gap.push_number(1.0 / 3);
  mark.push_code(2);
  pinned.push_flag(true);
  id.push_missing();
  met.push_missing();
  cost.push_missing();
  gap.push_number(5);
  mark.push_missing();
  pinned.push_flag(false);
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(id.cell(0), "06010");
  EXPECT_EQ(met.cell(0), "13/19");
  EXPECT_EQ(cost.cell(0), "0.30000000000000004");  // the shortest text that reads back the same
  EXPECT_EQ(gap.cell(0), "0.3333");
  EXPECT_EQ(mark.cell(0), "Đ");
  EXPECT_EQ(pinned.cell(0), "yes");
  for (const auto& c : t.columns) EXPECT_EQ(c.size(), 2u) << c.name;
  EXPECT_TRUE(id.is_missing(1) && met.is_missing(1) && cost.is_missing(1) && mark.is_missing(1));
  EXPECT_FALSE(gap.is_missing(1) || pinned.is_missing(1) || id.is_missing(0));
  EXPECT_EQ(id.cell(1), "");
  EXPECT_EQ(met.cell(1), "");
  EXPECT_EQ(mark.cell(1), "");
  EXPECT_EQ(pinned.cell(1), "");
  EXPECT_EQ(gap.cell(1), "5");
  // The mask covers rows added before the first missing value.
  ASSERT_EQ(met.missing.size(), 2u);
  EXPECT_EQ(met.missing[0], 0);
  EXPECT_EQ(t.find("TC2"), &mark);
  EXPECT_EQ(t.find("nope"), nullptr);
  EXPECT_EQ(mark.label_titles, mark.labels);
}

TEST(Table, RepeatedCategoryTitlesAreToldApart) {
  // Two levels a pack names alike must stay two categories for people too.
  auto c = Column::make_category("highest_level", "", {"ntm", "ntm_nang_cao"}, true, {"Xã NTM", "Xã NTM"});
  EXPECT_EQ(c.label_titles, (std::vector<std::string>{"Xã NTM", "Xã NTM (ntm_nang_cao)"}));
  EXPECT_THROW(Column::make_category("x", "", {"a", "a"}, false), std::logic_error);
}

TEST(Table, ANullableColumnHasAMaskEvenWithoutMissingValues) {
  auto year = Column::make_integer("reached_year", "", true);
  year.push_integer(2024);
  year.push_integer(2025);
  EXPECT_EQ(year.missing, (ColumnVector<std::uint8_t>{0, 0}));
  Table t;
  t.add(std::move(year));
  t.add(Column::make_text("id", "")).push_text("u1");
  EXPECT_THROW(t.check(), std::logic_error);  // columns of unequal length
  t.columns.back().push_text("u2");
  EXPECT_NO_THROW(t.check());
}

TEST(Table, MisuseIsAProgrammingErrorNotACorruptTable) {
  auto c = Column::make_category("review", "", {"keeps", "short_of"}, false);
  EXPECT_THROW(c.push_code(2), std::logic_error);
  EXPECT_THROW(c.push_code(-2), std::logic_error);
  EXPECT_THROW(c.push_text("keeps"), std::logic_error);
  EXPECT_TRUE(c.codes.empty());
  EXPECT_THROW(Column::make_category("x", "", {"a", "b"}, false, {"A"}), std::logic_error);
  auto n = Column::make_integer("n", "");
  n.push_integer(1);
  EXPECT_EQ(n.cell(0), "1");  // no "of": a plain count
}

}  // namespace
}  // namespace tieuchi
