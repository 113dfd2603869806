#include <gtest/gtest.h>

#include "tieuchi/diagnostics.hpp"
#include "tieuchi/value.hpp"
#include "tieuchi/version.hpp"

namespace tieuchi {
namespace {

TEST(VersionTest, MatchesHeader) { EXPECT_EQ(version(), TIEUCHI_VERSION_STRING); }

TEST(SourceTest, LocationsAreOneBasedAndCountCodePoints) {
  Source src("f.yaml", "ab\nTây Nguyên x\n");
  EXPECT_EQ(src.location(0), (SourceLocation{1, 1}));
  EXPECT_EQ(src.location(3), (SourceLocation{2, 1}));
  // "Tây Nguyên " is 11 code points but 13 bytes: 'x' is at byte 3 + 13 = 16, column 12.
  EXPECT_EQ(src.location(16), (SourceLocation{2, 12}));
  EXPECT_EQ(src.line_text(2), "Tây Nguyên x");
}

TEST(SourceTest, OffsetsPlaceAnEmbeddedExpression) {
  Source src("pack.yaml", "a +\n b", 11, 10);
  EXPECT_EQ(src.location(0), (SourceLocation{12, 11}));
  EXPECT_EQ(src.location(5), (SourceLocation{13, 2}));
}

TEST(DiagnosticTest, RendersFileLineColumnCodeAndCaret) {
  auto src = std::make_shared<const Source>("rules.yaml", "thu_nhap >= muc_tieu");
  Diagnostic d;
  d.code = "E201";
  d.message = "unknown name 'muc_tieu'";
  d.source = src;
  d.span = {12, 20};
  d.rule_id = "10";
  d.hint = "did you mean 'muc_tieu_2024'?";
  EXPECT_EQ(d.format(),
            "rules.yaml:1:13: error[E201]: unknown name 'muc_tieu' (rule 10)\n"
            " 1 | thu_nhap >= muc_tieu\n"
            "   |             ^^^^^^^^\n"
            "  = hint: did you mean 'muc_tieu_2024'?");
}

TEST(DiagnosticTest, CaretUnderVietnameseTextCountsCodePoints) {
  auto src = std::make_shared<const Source>("<expr>", "\"Đạt\" == x y");
  Diagnostic d;
  d.code = "E107";
  d.message = "m";
  d.source = src;
  d.span = {14, 15};  // 'y': byte 14, code point column 12
  auto text = d.format();
  EXPECT_NE(text.find("<expr>:1:12:"), std::string::npos) << text;
  EXPECT_NE(text.find("|            ^"), std::string::npos) << text;
}

TEST(DiagnosticsTest, CountsErrorsNotWarnings) {
  Diagnostics ds;
  Diagnostic w;
  w.code = "W201";
  w.severity = Severity::warning;
  ds.add(w);
  EXPECT_FALSE(ds.has_errors());
  Diagnostic e;
  e.code = "E201";
  ds.add(e);
  EXPECT_TRUE(ds.has_errors());
  EXPECT_EQ(ds.error_count(), 1u);
  EXPECT_EQ(ds.size(), 2u);
}

TEST(ValueTest, MissingIsDistinctFromZeroAndFalse) {
  EXPECT_TRUE(Value().is_missing());
  EXPECT_NE(Value(), Value(0.0));
  EXPECT_NE(Value(), Value(false));
  EXPECT_EQ(Value(0.85).to_string(), "0.85");
  EXPECT_EQ(Value().to_string(), "null");
  EXPECT_EQ(to_string(Status::not_applicable), "not_applicable");
}

}  // namespace
}  // namespace tieuchi
