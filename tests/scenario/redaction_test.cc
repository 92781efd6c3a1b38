// Golden redaction: placeholders numbered in order of first appearance (keys sorted), the same
// text the same placeholder, kept scenario UUIDs, time forms, custom redactions.
#include "sim/scenario/redaction.h"

#include <gtest/gtest.h>

#include "tests/scenario/scenario_test_util.h"

namespace esisim::scenario {
namespace {

using Json = nlohmann::ordered_json;

std::vector<Redaction> builtins() {
  return {Redaction{Redaction::Kind::kJobSuffix, "", "", "", {}},
          Redaction{Redaction::Kind::kHeatUuid, "", "", "", {}},
          Redaction{Redaction::Kind::kTime, "", "", "", {}}};
}

TEST(ScenarioRedaction, NumbersInOrderOfFirstAppearanceWithKeysSorted) {
  // Written out of order: /b sorts after /a, so /a's texts are numbered first.
  Json keyspace = Json::parse(R"({
    "/jobs/all/create:heat_worker:port:p1:1:zz9aa": ["heat_worker", {"id": "create:heat_worker:port:p1:1:zz9aa"}, 0],
    "/jobs/all/create:heat_worker:network:n1:1:pp459": ["heat_worker", {"id": "create:heat_worker:network:n1:1:pp459",
      "dependency": []}, 0]
  })");
  Redactor redactor(builtins(), {});
  Json out = redactor.redact(keyspace);
  EXPECT_EQ(out.dump(),
            R"({"/jobs/all/create:heat_worker:network:n1:1:<job-suffix-1>":["heat_worker",)"
            R"({"id":"create:heat_worker:network:n1:1:<job-suffix-1>","dependency":[]},0],)"
            R"("/jobs/all/create:heat_worker:port:p1:1:<job-suffix-2>":["heat_worker",)"
            R"({"id":"create:heat_worker:port:p1:1:<job-suffix-2>"},0]})");
}

TEST(ScenarioRedaction, ObjectMembersAreWalkedInNameOrder) {
  Json keyspace =
      Json::parse(R"({"/k": {"z": "2019-02-01T00:00:02Z", "a": "2019-02-01T00:00:01Z"}})");
  Json out = Redactor(builtins(), {}).redact(keyspace);
  EXPECT_EQ(out.dump(), R"({"/k":{"z":"<time-2>","a":"<time-1>"}})")
      << "member order kept, numbering by member name";
}

TEST(ScenarioRedaction, UuidsTheScenarioWritesAreKept) {
  const std::string mine = "35bc496f-3c0e-46b4-a5c0-33810e8e7263";
  const std::string heat = "259DB18A-5c51-45d5-847e-9a05da626f80";
  Json keyspace = {{"/state/v2.0/networks/" + mine,
                    {{"state",
                      {{"heat_outputs", "[{\"output_value\": \"" + heat + "\", \"id\": \"" + mine +
                                            "\"}, {\"again\": \"" + heat + "\"}]"}}}}},
                   {"/job_manager_id", "042ca249-fc76-41c1-831c-35227c8f45dd"}};
  Json out = Redactor(builtins(), {mine}).redact(keyspace);
  EXPECT_EQ(out.dump(),
            R"({"/job_manager_id":"<uuid-1>","/state/v2.0/networks/)" + mine +
                R"(":{"state":{"heat_outputs":"[{\"output_value\": \"<uuid-2>\", \"id\": \")" +
                mine + R"(\"}, {\"again\": \"<uuid-2>\"}]"}}})");
}

TEST(ScenarioRedaction, TimeForms) {
  Json keyspace = {{"/a",
                    {"2019-02-01T00:26:25", "2019-02-01T00:26:25.847Z",
                     "2019-02-01 00:27:46.712 +0000 UTC", "at 2019-02-01T00:26:25+09:00.",
                     "2019-02-01T00:26:25", "12019-02-01T00:26:25", "2019-02-01"}}};
  Json out = Redactor(builtins(), {}).redact(keyspace);
  EXPECT_EQ(out["/a"].dump(),
            R"(["<time-1>","<time-2>","<time-3>","at <time-4>.","<time-1>","12019-02-01T00:26:25",)"
            R"("2019-02-01"])");
}

TEST(ScenarioRedaction, OnlyDeclaredRedactionsApply) {
  Json keyspace = {{"/a", "create:heat_worker:port:p1:1:zz9aa 2019-02-01T00:26:25"}};
  std::vector<Redaction> just_time = {Redaction{Redaction::Kind::kTime, "", "", "", {}}};
  EXPECT_EQ(Redactor(just_time, {}).redact(keyspace)["/a"],
            "create:heat_worker:port:p1:1:zz9aa <time-1>");
  EXPECT_EQ(Redactor({}, {}).redact(keyspace), keyspace);
}

TEST(ScenarioRedaction, JobSuffixNeedsTheWholeJobId) {
  Json keyspace = {{"/a",
                    {"create:heat_worker:port:p1:1:zz9aab", "modify:x:y:z:2:abcde",
                     "logical_delete:heat_worker:port:p-1:3:0a1b2", "create:x:y:z:v:abcde",
                     "recreate:x:y:z:1:abcde"}}};
  EXPECT_EQ(Redactor(builtins(), {}).redact(keyspace)["/a"].dump(),
            R"(["create:heat_worker:port:p1:1:zz9aab","modify:x:y:z:2:<job-suffix-1>",)"
            R"("logical_delete:heat_worker:port:p-1:3:<job-suffix-2>","create:x:y:z:v:abcde",)"
            R"("recreate:x:y:z:1:abcde"])");
}

TEST(ScenarioRedaction, CustomRedactionsPerDistinctValue) {
  std::vector<Redaction> r = {
      Redaction{Redaction::Kind::kCustom, "^/jobs/working/", "", "reservation", {}},
      Redaction{Redaction::Kind::kCustom, "^/state/", "/error", "error", {}}};
  Json keyspace = {{"/jobs/working/j2", "r-b"},
                   {"/jobs/working/j1", "r-a"},
                   {"/jobs/working/j3", "r-a"},
                   {"/state/x", {{"error", "boom"}, {"state", "s"}}},
                   {"/state/y", {{"state", "s"}}}};
  EXPECT_EQ(Redactor(r, {}).redact(keyspace).dump(),
            R"({"/jobs/working/j1":"<reservation-1>","/jobs/working/j2":"<reservation-2>",)"
            R"("/jobs/working/j3":"<reservation-1>","/state/x":{"error":"<error-1>","state":"s"},)"
            R"("/state/y":{"state":"s"}})");
}

TEST(ScenarioRedaction, ScenarioUuidsComeFromIdsAndBodies) {
  auto parsed = esisim::testing::parse_text(R"(product: heat-only
steps:
  - create: {type: network, id: 35bc496f-3c0e-46b4-a5c0-33810e8e7263, body: {}}
  - create: {type: port, id: p1, body: {device_id: 0915A040-2f84-44fc-9083-1e2f719ae2eb}}
)");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(scenario_uuids(parsed.value()),
            (std::set<std::string>{"0915a040-2f84-44fc-9083-1e2f719ae2eb",
                                   "35bc496f-3c0e-46b4-a5c0-33810e8e7263"}));
}

}  // namespace
}  // namespace esisim::scenario
