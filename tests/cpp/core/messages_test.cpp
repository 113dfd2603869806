// The message catalogue: every entry has both texts, the same placeholders in both, one id once.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "tieuchi/text/messages.hpp"

namespace tieuchi::text {
namespace {

std::size_t placeholders(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if (s[i] == '{' && s[i + 1] != '{') ++n;
  return n;
}

TEST(Messages, EveryEntryHasBothTextsAndTheSamePlaceholders) {
  ASSERT_FALSE(catalogue().empty());
  std::set<std::string_view> ids;
  for (const auto& m : catalogue()) {
    EXPECT_TRUE(ids.insert(m.id).second) << m.id;
    EXPECT_FALSE(m.vi.empty()) << m.id;
    EXPECT_FALSE(m.en.empty()) << m.id;
    EXPECT_EQ(placeholders(m.vi), placeholders(m.en)) << m.id << ": " << m.vi << " / " << m.en;
    EXPECT_TRUE(std::regex_match(std::string(m.id), std::regex("[a-z0-9_]+(\\.[a-z0-9_]+)+"))) << m.id;
  }
}

TEST(Messages, LookUpByIdAndLanguage) {
  EXPECT_EQ(message("status.met", Lang::vi), "Đạt");
  EXPECT_EQ(message("status.met", Lang::en), "Met");
  EXPECT_TRUE(has_message("status.unmet"));
  EXPECT_FALSE(has_message("status.nope"));
  EXPECT_THROW(message("status.nope", Lang::en), std::out_of_range);
  EXPECT_EQ(parse_lang("vi"), Lang::vi);
  EXPECT_EQ(parse_lang("EN"), Lang::en);
  EXPECT_EQ(parse_lang("fr"), std::nullopt);
  EXPECT_EQ(to_string(Lang::vi), "vi");
}

}  // namespace
}  // namespace tieuchi::text
