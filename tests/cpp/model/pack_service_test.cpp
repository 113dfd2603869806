// What a service needs of the pack loader: names as ids only (no path a request could name),
// packs given as text with their bases on the server's path, the list of packs on a path, and
// the pack described as JSON.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "model/pack_support.hpp"
#include "tieuchi/io/pack_reader.hpp"
#include "tieuchi/io/pack_writers.hpp"

namespace tieuchi::io {
namespace {

namespace fs = std::filesystem;
using testing_support::find_code;

PackSearch builtin(bool ids_only) {
  PackSearch s;
  s.paths = {TIEUCHI_TEST_PACK_DIR};
  s.ids_only = ids_only;
  return s;
}

TEST(PackIds, OnlyPlainNamesArePackIds) {
  for (const char* ok : {"vn-ntm-2021-2025", "langson-2022", "a", "A.b_c-1"}) EXPECT_TRUE(is_pack_id(ok)) << ok;
  for (const char* bad : {"", ".", "..", "../etc/passwd", "/etc/passwd", "a/b", "a\\b", ".hidden", "a b", "x\n",
                          "C:pack", "đường"})
    EXPECT_FALSE(is_pack_id(bad)) << bad;
  EXPECT_FALSE(is_pack_id(std::string(129, 'a')));
  EXPECT_TRUE(is_pack_id(std::string(128, 'a')));
}

TEST(PackIds, IdsOnlyNeverReadsAPathItIsGiven) {
  // A real pack file, named by its path: found normally, refused when names are ids only.
  const std::string path = std::string(TIEUCHI_TEST_PACK_DIR) + "/vn-ntm-2021-2025.yaml";
  EXPECT_TRUE(load_pack(path, builtin(false)).ok());
  auto r = load_pack(path, builtin(true));
  EXPECT_FALSE(r.ok());
  const auto* d = find_code(r.diagnostics, "E311");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("is not a pack id"), std::string::npos) << d->message;
  for (const char* bad : {"../packs/vn-ntm-2021-2025", "/etc/passwd", "..", "x/../../y"})
    EXPECT_NE(find_code(load_pack(bad, builtin(true)).diagnostics, "E311"), nullptr) << bad;
  // By id it loads, with its whole `extends:` chain.
  auto ok = load_pack("langson-2022", builtin(true));
  ASSERT_TRUE(ok.ok()) << ok.diagnostics.format();
  EXPECT_EQ(ok.rules->pack().lineage.size(), 3u);
}

TEST(PackText, AnOverlayAsTextExtendsAPackOnThePath) {
  auto r = load_pack_text("overlay.yaml",
                          "pack: my-overlay\nextends: vn-ntm-2021-2025\ntitle: {en: An overlay}\n", builtin(true));
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  EXPECT_EQ(r.rules->pack().id, "my-overlay");
  EXPECT_EQ(r.rules->pack().lineage, (std::vector<std::string>{"vn-ntm-2021-2025", "my-overlay"}));
}

TEST(PackText, ItsExtendsMayNotNameAFileOrAMissingPack) {
  // A path in `extends:` (even one that exists) is refused at the extends value, never read.
  const std::string real = std::string(TIEUCHI_TEST_PACK_DIR) + "/vn-ntm-2021-2025.yaml";
  for (const std::string& base : {real, std::string("../packs/vn-ntm-2021-2025"), std::string("/etc/passwd")}) {
    auto r = load_pack_text("overlay.yaml", "pack: o\nextends: '" + base + "'\n", builtin(false));
    EXPECT_FALSE(r.ok()) << base;
    const auto* d = find_code(r.diagnostics, "E311");
    ASSERT_NE(d, nullptr) << base;
    EXPECT_NE(d->message.find("is not a pack id"), std::string::npos) << d->message;
    EXPECT_EQ(d->location().line, 2u) << d->format();  // at the `extends:` line of the text
  }
  auto missing = load_pack_text("overlay.yaml", "pack: o\nextends: no-such-pack\n", builtin(true));
  const auto* d = find_code(missing.diagnostics, "E311");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("'no-such-pack' not found"), std::string::npos) << d->message;
  // A broken text reports its own problems with lines and columns, and does not throw.
  auto broken = load_pack_text("bad.yaml", "pack: [unclosed\n", builtin(true));
  EXPECT_FALSE(broken.ok());
  EXPECT_FALSE(broken.diagnostics.empty());
  auto deep = load_pack_text("deep.yaml", "pack: d\ntitle: " + std::string(100000, '[') + "\n", builtin(true));
  EXPECT_FALSE(deep.ok());
}

TEST(PackList, ListsEachIdOnceFromTheFirstFolder) {
  const fs::path dir = fs::temp_directory_path() / "tieuchi-pack-list-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "vn-ntm-2021-2025.yaml") << "pack: shadow\n";  // shadows the built-in
  std::ofstream(dir / "mine.yml") << "pack: mine\n";
  std::ofstream(dir / "mine.tests.yaml") << "pack: mine\ntests: []\n";  // a tests file, not a pack
  std::ofstream(dir / "notes.txt") << "x";
  std::ofstream(dir / "bad name.yaml") << "pack: x\n";  // not an id
  PackSearch s;
  s.paths = {dir, TIEUCHI_TEST_PACK_DIR, dir / "no-such-folder"};
  auto packs = list_packs(s);
  std::vector<std::string> ids;
  for (const auto& p : packs) ids.push_back(p.id);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "vn-ntm-2021-2025"), 1);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "mine"), 1);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "mine.tests"), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "bad name"), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "langson-2022"), 1);
  for (const auto& p : packs) {
    if (p.id == "vn-ntm-2021-2025") {
      EXPECT_EQ(p.path.parent_path(), dir);
    }
  }
  fs::remove_all(dir);
}

TEST(PackJson, DescribesFieldsCriteriaLevelsAndEveryValueWithItsProvenance) {
  auto rules = load_pack_or_throw("langson-2022", builtin(true));
  const auto j = nlohmann::json::parse(pack_json(*rules));
  EXPECT_EQ(j["schema"], "tieuchi.pack/1");
  EXPECT_EQ(j["id"], "langson-2022");
  EXPECT_EQ(j["lineage"].size(), 3u);
  const auto& pack = rules->pack();
  ASSERT_EQ(j["fields"].size(), pack.fields.size());
  ASSERT_EQ(j["criteria"].size(), pack.criteria.size());
  ASSERT_EQ(j["levels"].size(), pack.levels.size());
  ASSERT_EQ(j["parameters"].size(), pack.parameters.size());
  std::size_t indicators = 0, values = 0, verified = 0;
  for (const auto& c : j["criteria"]) indicators += c["indicators"].size();
  EXPECT_EQ(indicators, pack.indicators.size());
  for (const auto& p : j["parameters"])
    for (const auto& v : p["values"]) {
      EXPECT_TRUE(v["provenance"].contains("source"));
      if (v["value"].is_null()) continue;  // declared, not set: counted as missing
      ++values;
      verified += v["provenance"]["status"] == "verified";
    }
  for (const auto& t : j["tables"])
    for (const auto& r : t["rows"]) {
      if (r["value"].is_null()) continue;
      ++values;
      verified += t["provenance"]["status"] == "verified";
    }
  const auto th = rules->thresholds();
  EXPECT_EQ(j["thresholds"]["verified"], th.verified);
  EXPECT_EQ(verified + j["thresholds"]["unverified"].get<std::size_t>() +
                j["thresholds"]["illustrative"].get<std::size_t>(),
            values);
  // A field as a form needs it.
  const auto& f = pack.fields.front();
  EXPECT_EQ(j["fields"][0]["name"], f.name);
  EXPECT_EQ(j["fields"][0]["type"], std::string(to_string(f.type)));
  EXPECT_EQ(j["fields"][0]["unit"], f.unit);
  // Deterministic: the same text twice.
  EXPECT_EQ(pack_json(*rules), pack_json(*rules));
}

TEST(PackJson, ADiffAsJsonHoldsWhatTheReportSays) {
  auto old_rules = load_pack_or_throw("vn-ntm-2016-2020", builtin(true));
  auto new_rules = load_pack_or_throw("vn-ntm-2021-2025", builtin(true));
  const auto d = model::diff(*old_rules, *new_rules);
  const auto j = nlohmann::json::parse(diff_json(d));
  EXPECT_EQ(j["schema"], "tieuchi.pack-diff/1");
  EXPECT_EQ(j["old"]["id"], "vn-ntm-2016-2020");
  EXPECT_EQ(j["new"]["id"], "vn-ntm-2021-2025");
  EXPECT_EQ(j["old"]["year"], d.old_year);
  EXPECT_EQ(j["same"], false);
  EXPECT_EQ(j["indicators"]["added"].get<std::vector<std::string>>(), d.added);
  EXPECT_EQ(j["indicators"]["removed"].get<std::vector<std::string>>(), d.removed);
  ASSERT_EQ(j["indicators"]["changed"].size(), d.changed.size());
  ASSERT_EQ(j["thresholds"].size(), d.thresholds.size());
  ASSERT_FALSE(d.thresholds.empty());
  EXPECT_EQ(j["thresholds"][0]["indicator"], d.thresholds[0].indicator);
  EXPECT_EQ(j["thresholds"][0]["old"], d.thresholds[0].old_text);
  EXPECT_EQ(j["thresholds"][0]["new"], d.thresholds[0].new_text);
  // A pack against itself: nothing changed.
  const auto same = nlohmann::json::parse(diff_json(model::diff(*new_rules, *new_rules)));
  EXPECT_EQ(same["same"], true);
  EXPECT_TRUE(same["thresholds"].empty());
}

}  // namespace
}  // namespace tieuchi::io
