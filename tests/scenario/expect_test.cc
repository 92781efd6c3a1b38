// expect checks: exists, absent, equals, matches, paths into values and JSON strings.
#include "sim/scenario/expect.h"

#include <gtest/gtest.h>

namespace esisim::scenario {
namespace {

using Json = nlohmann::ordered_json;

Expectation check(Expectation::Kind kind, std::string key, std::string path = "") {
  Expectation e;
  e.kind = kind;
  e.key = std::move(key);
  e.path = std::move(path);
  return e;
}

const Json kKeyspace = Json::parse(R"({
  "/state/v2.0/networks/n1": {"error": "", "state": {"worker_state": "CREATE_COMPLETE",
    "heat_outputs": "[{\"output_key\": \"id\", \"output_value\": \"abc\"}]"}, "version": 1},
  "/monitoring/v2.0/ports/p1": {"vmi": "UP", "version": 2},
  "/jobs/working/j1": "plain text"
})");

TEST(ScenarioExpect, ExistsAndAbsent) {
  EXPECT_EQ(
      check_expectation(check(Expectation::Kind::kExists, "/monitoring/v2.0/ports/p1"), kKeyspace),
      std::nullopt);
  EXPECT_EQ(check_expectation(check(Expectation::Kind::kExists, "/nope"), kKeyspace),
            "expected /nope to exist, it is absent");
  EXPECT_EQ(
      check_expectation(check(Expectation::Kind::kExists, "/monitoring/v2.0/ports/p1", "/vmi/x"),
                        kKeyspace),
      "expected /monitoring/v2.0/ports/p1 /vmi/x to exist, /vmi/x is absent");
  EXPECT_EQ(check_expectation(check(Expectation::Kind::kAbsent, "/nope"), kKeyspace), std::nullopt);
  EXPECT_EQ(
      check_expectation(check(Expectation::Kind::kAbsent, "/monitoring/v2.0/ports/p1", "/version"),
                        kKeyspace),
      "expected /monitoring/v2.0/ports/p1 /version to be absent, found 2");
}

TEST(ScenarioExpect, AKeyEndingInASlashNamesEveryKeyUnderIt) {
  EXPECT_EQ(check_expectation(check(Expectation::Kind::kAbsent, "/jobs/working/"), kKeyspace),
            "expected no key under /jobs/working/, found 1 (first /jobs/working/j1)");
  EXPECT_EQ(check_expectation(check(Expectation::Kind::kAbsent, "/jobs/all/"), kKeyspace),
            std::nullopt);
  EXPECT_EQ(check_expectation(check(Expectation::Kind::kExists, "/jobs/"), kKeyspace),
            std::nullopt);
  EXPECT_EQ(check_expectation(check(Expectation::Kind::kExists, "/jobs/all/"), kKeyspace),
            "expected a key under /jobs/all/, there is none");
}

TEST(ScenarioExpect, EqualsWithPathsIntoJsonStrings) {
  Expectation e =
      check(Expectation::Kind::kEquals, "/state/v2.0/networks/n1", "/state/worker_state");
  e.equals = "CREATE_COMPLETE";
  EXPECT_EQ(check_expectation(e, kKeyspace), std::nullopt);
  e.equals = "CREATE_FAILED";
  EXPECT_EQ(check_expectation(e, kKeyspace),
            "expected /state/v2.0/networks/n1 /state/worker_state to equal \"CREATE_FAILED\", "
            "found \"CREATE_COMPLETE\"");
  Expectation inside = check(Expectation::Kind::kEquals, "/state/v2.0/networks/n1",
                             "/state/heat_outputs/0/output_value");
  inside.equals = "abc";
  EXPECT_EQ(check_expectation(inside, kKeyspace), std::nullopt);
  Expectation whole = check(Expectation::Kind::kEquals, "/monitoring/v2.0/ports/p1");
  whole.equals = Json::parse(R"({"version": 2.0, "vmi": "UP"})");
  EXPECT_EQ(check_expectation(whole, kKeyspace), std::nullopt);
  whole.key = "/missing";
  EXPECT_EQ(check_expectation(whole, kKeyspace),
            "expected /missing to equal {\"version\":2.0,\"vmi\":\"UP\"}, the key is absent");
}

TEST(ScenarioExpect, MatchesSearchesTheValueText) {
  Expectation e = check(Expectation::Kind::kMatches, "/jobs/working/j1");
  e.pattern = "^plain";
  EXPECT_EQ(check_expectation(e, kKeyspace), std::nullopt);
  e.pattern = "^text";
  EXPECT_EQ(check_expectation(e, kKeyspace),
            "expected /jobs/working/j1 to match /^text/, found plain text");
  Expectation json_text = check(Expectation::Kind::kMatches, "/monitoring/v2.0/ports/p1");
  json_text.pattern = R"("vmi":"UP")";
  EXPECT_EQ(check_expectation(json_text, kKeyspace), std::nullopt);
}

}  // namespace
}  // namespace esisim::scenario

namespace esisim::scenario {
namespace {

TEST(ScenarioExpect, MatchesRefusesTextsTooLongForTheRegexEngine) {
  nlohmann::ordered_json keyspace = {{"/big", std::string(kMatchTextMax + 1, 'a')}};
  Expectation e = check(Expectation::Kind::kMatches, "/big");
  e.pattern = "a.*b";
  EXPECT_EQ(check_expectation(e, keyspace),
            "the value of /big is longer than 4096 bytes, too long for matches (narrow it with "
            "path, or use equals)");
}

}  // namespace
}  // namespace esisim::scenario
