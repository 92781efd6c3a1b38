// Golden comparison and its diff, colour rules, golden files and orphans.
#include "sim/scenario/golden.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace esisim::scenario {
namespace {

using Json = nlohmann::ordered_json;

TEST(ScenarioGolden, ComparesDecodedJson) {
  Json a = Json::parse(R"({"/k": {"a": 1, "b": [1, 2], "c": 1.0}})");
  Json b = Json::parse(R"({"/k": {"c": 1, "b": [1, 2], "a": 1.0}})");
  EXPECT_TRUE(compare_keyspaces(a, b).empty()) << "member order and 1 vs 1.0 do not matter";
  EXPECT_TRUE(same_json(Json::parse("[1,2]"), Json::parse("[1.0,2]")));
  EXPECT_FALSE(same_json(Json::parse("[1,2]"), Json::parse("[2,1]")));
  EXPECT_FALSE(same_json(Json("1"), Json(1)));
}

TEST(ScenarioGolden, DifferencesKeyByKeyAndPathByPath) {
  Json golden = Json::parse(R"({
    "/a": 1,
    "/state/v2.0/networks/n1": {"state": {"worker_state": "CREATE_COMPLETE", "x y": 1}, "gone": true,
                                "list": [1, 2, 3]},
    "/removed": {"v": 1}})");
  Json actual = Json::parse(R"({
    "/a": 1,
    "/added": "new",
    "/state/v2.0/networks/n1": {"state": {"worker_state": "CREATE_FAILED", "x y": 2}, "list": [1, 5],
                                "extra": null}})");
  auto diffs = compare_keyspaces(actual, golden);
  ASSERT_EQ(diffs.size(), 8u);
  DiffCounts counts = count_keys(diffs);
  EXPECT_EQ(counts.added, 1u);
  EXPECT_EQ(counts.removed, 1u);
  EXPECT_EQ(counts.changed, 1u);
  EXPECT_EQ(render_diff(diffs, false),
            "  + /added  (only in the actual keyspace)\n"
            "      \"new\"\n"
            "  - /removed  (only in the golden)\n"
            "      {\"v\":1}\n"
            "  ~ /state/v2.0/networks/n1\n"
            "      + .extra: null  (only in the actual keyspace)\n"
            "      - .gone: true  (only in the golden)\n"
            "      .list[1]: golden 2, actual 5\n"
            "      - .list[2]: 3  (only in the golden)\n"
            "      .state.worker_state: golden \"CREATE_COMPLETE\", actual \"CREATE_FAILED\"\n"
            "      .state[\"x y\"]: golden 1, actual 2\n");
  EXPECT_EQ(render_diff(diffs, false).find('\x1b'), std::string::npos);
  EXPECT_NE(render_diff(diffs, true).find("\x1b[31m"), std::string::npos);
}

TEST(ScenarioGolden, DifferentKindsAndLongValues) {
  Json golden = {{"/k", {{"v", Json::array()}}}};
  Json actual = {{"/k", {{"v", std::string(400, 'x')}}}};
  std::string text = render_diff(compare_keyspaces(actual, golden), false);
  EXPECT_NE(text.find(".v: golden [], actual \"xxx"), std::string::npos) << text;
  EXPECT_NE(text.find("... (402 characters)"), std::string::npos) << text;
}

TEST(ScenarioGolden, RenderingStopsAtTheLimit) {
  Json actual = Json::object();
  for (int i = 0; i < 250; ++i) actual["/k" + std::to_string(1000 + i)] = i;
  std::string text = render_diff(compare_keyspaces(actual, Json::object()), false);
  EXPECT_NE(text.find("  ... 50 more differences not shown\n"), std::string::npos);
}

TEST(ScenarioGolden, ColourOnlyOnATerminalWithoutNoColorOrCi) {
  EXPECT_TRUE(use_colour(true, false, false));
  EXPECT_FALSE(use_colour(false, false, false));
  EXPECT_FALSE(use_colour(true, true, false));
  EXPECT_FALSE(use_colour(true, false, true));
}

TEST(ScenarioGolden, FilesOrphansAndFormat) {
  std::string dir = ::testing::TempDir() + "/golden_files";
  std::filesystem::remove_all(dir);
  Json keyspace = Json::parse(R"({"/b": {"z": 1, "a": [true]}, "/a": "x"})");
  std::string path = golden_path(dir, "scn", "created");
  EXPECT_EQ(path, dir + "/scn/created.json");
  EXPECT_EQ(
      golden_text(keyspace),
      "{\n  \"/a\": \"x\",\n  \"/b\": {\n    \"z\": 1,\n    \"a\": [\n      true\n    ]\n  }\n}\n");
  auto missing = read_golden(path);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value().has_value());
  ASSERT_TRUE(write_text_file(path, golden_text(keyspace)).ok());
  auto read = read_golden(path);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(compare_keyspaces(*read.value(), keyspace).empty());
  ASSERT_TRUE(write_text_file(dir + "/scn/old.json", "{}").ok());
  ASSERT_TRUE(write_text_file(dir + "/scn/notes.txt", "").ok());
  ASSERT_TRUE(write_text_file(dir + "/scn/broken.json", "[1").ok());
  EXPECT_EQ(find_orphans(dir, "scn", {"created", "broken"}),
            std::vector<std::string>{dir + "/scn/old.json"});
  EXPECT_TRUE(find_orphans(dir, "other", {}).empty());
  auto broken = read_golden(dir + "/scn/broken.json");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message, dir +
                                        "/scn/broken.json: the golden file is not a JSON object "
                                        "(rewrite it with --update-goldens)");
}

}  // namespace
}  // namespace esisim::scenario
