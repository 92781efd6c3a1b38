// The whole simulated back-end driven by the config writes of recorded flows: at quiescence
// every workable resource's /state has its config version, no /jobs entry is left, nothing
// failed; and two runs with the same seed give the same trace.
#include "sim/world/sim_world.h"

#include <gtest/gtest.h>

#include "sim/trace/trace_reader.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::sim {
namespace {

using nlohmann::ordered_json;

WorldConfig heat_only_config(uint64_t seed = 1) {
  WorldConfig c;
  c.templates_dir = esisim::testing::fixture_path("esi/heat_templates");
  c.schemas_path = esisim::testing::fixture_path("esi/schemas.json");
  c.seed = seed;
  return c;
}

// Feeds the Gohan writes of a recorded trace (config sets, in order) into the world.
void feed_config_writes(SimWorld& world, const std::string& trace) {
  auto events = trace::read_trace_file(esisim::testing::fixture_path(trace)).value();
  for (const auto& e : events) {
    if (e.key.rfind("/config/", 0) != 0 || e.key.find("/heat_templates/") != std::string::npos ||
        e.action != "set" || !e.value.is_object()) {
      continue;
    }
    auto ref = world.schemas().find_by_etcd_key(e.key);
    ASSERT_TRUE(ref.ok()) << e.key;
    auto body = ordered_json::parse(e.value["body"].get<std::string>());
    int64_t version = e.value["version"].get<int64_t>();
    auto r = version == 1 ? world.create(ref->schema->id, ref->id, body)
                          : world.update(ref->schema->id, ref->id, body, false);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(world.run_until_quiescent(30 * 60'000).ok()) << world.busy();
  }
}

TEST(SimWorld, LogicalNetworkFlowRunsToQuiescenceWithEveryStateAtItsVersion) {
  auto world = SimWorld::create(heat_only_config()).value();
  ASSERT_TRUE(world->load_templates({}, true).ok());
  feed_config_writes(*world, "traces/00_logical_network.jsonl");
  EXPECT_TRUE(world->problems().empty()) << world->problems().front();
  ordered_json keys = world->keyspace({});
  size_t states = 0;
  for (const auto& [key, value] : keys.items()) {
    EXPECT_NE(key.rfind("/jobs/", 0), 0u) << "left over: " << key;
    if (key.rfind("/config/", 0) != 0 || key.find("/heat_templates/") != std::string::npos) {
      continue;
    }
    std::string state_key = "/state/" + key.substr(8);
    ASSERT_TRUE(keys.contains(state_key)) << state_key;
    EXPECT_EQ(keys[state_key]["version"], value["version"]) << state_key;
    ++states;
  }
  EXPECT_EQ(states, 11u);
  // The port attached at v2 became a monitored target: its vmi is reported with version 2.
  ASSERT_TRUE(world->advance(10 * 60'000).ok());
  keys = world->keyspace({"/monitoring/"});
  EXPECT_EQ(keys["/monitoring/v2.0/ports/3a04e6ed-68fb-4534-8822-d5162d19f35a"],
            ordered_json::parse(R"({"version":2,"vmi":"UP"})"));
  EXPECT_EQ(keys["/monitoring/v2.0/ese_devices/61a05e50-71f9-495d-b1cc-74382dfaec83"],
            ordered_json::parse(R"({"switch":"UP","version":1})"));
}

// Creates network n1 and runs the world to quiescence.
void create_network_n1(SimWorld& world) {
  ASSERT_TRUE(world
                  .create("network", "n1",
                          ordered_json::parse(R"({"admin_state_up":true,"tenant_id":"t"})"))
                  .ok());
  ASSERT_TRUE(world.run_until_quiescent(600'000).ok());
}

TEST(SimWorld, SameSeedSameTraceOtherSeedOtherIds) {
  std::string traces[3];
  uint64_t seeds[3] = {7, 7, 8};
  for (int i = 0; i < 3; ++i) {
    auto world = SimWorld::create(heat_only_config(seeds[i])).value();
    ASSERT_TRUE(world->load_templates({"network", "subnet"}, false).ok());
    create_network_n1(*world);
    traces[i] = world->trace_jsonl();
  }
  EXPECT_EQ(traces[0], traces[1]);
  EXPECT_NE(traces[0], traces[2]);
}

TEST(SimWorld, InputsParsedOnceGiveTheSameRunAsTheFiles) {
  std::string traces[2];
  for (int i = 0; i < 2; ++i) {
    WorldConfig config = heat_only_config(7);
    if (i == 1) config.inputs = load_world_inputs(config).value();
    auto world = SimWorld::create(config).value();
    ASSERT_TRUE(world->load_templates({}, true).ok());
    ASSERT_TRUE(world->load_templates({"network"}, false).ok());
    create_network_n1(*world);
    traces[i] = world->trace_jsonl();
    EXPECT_FALSE(world->load_templates({"no_such_template"}, false).ok());
  }
  EXPECT_FALSE(traces[0].empty());
  EXPECT_EQ(traces[0], traces[1]);
}

TEST(SimWorld, InputsOfAMissingFileAreAnError) {
  WorldConfig config = heat_only_config();
  config.schemas_path = "/no/such/schemas.json";
  auto inputs = load_world_inputs(config);
  ASSERT_FALSE(inputs.ok());
  EXPECT_NE(inputs.error().message.find("/no/such/schemas.json"), std::string::npos);
}

TEST(SimWorld, TwoStepDeletionRemovesConfigStateAndStack) {
  auto world = SimWorld::create(heat_only_config()).value();
  ASSERT_TRUE(world->load_templates({"network"}, false).ok());
  ASSERT_TRUE(world->create("network", "n1", ordered_json::parse(R"({"tenant_id":"t"})")).ok());
  ASSERT_TRUE(world->run_until_quiescent(600'000).ok());
  ASSERT_TRUE(world->remove("network", "n1").ok());
  ASSERT_TRUE(world->run_until_quiescent(600'000).ok());
  ordered_json keys = world->keyspace({});
  for (const char* gone :
       {"/config/v2.0/networks/n1", "/state/v2.0/networks/n1",
        "/esi-worker/config/v2.0/networks/n1", "/esi-worker/heat_stacks/v2.0/networks/n1"}) {
    EXPECT_FALSE(keys.contains(gone)) << gone;
  }
}

TEST(SimWorld, ADeletionCanSetBodyFieldsInItsMarkingWrite) {
  auto world = SimWorld::create(heat_only_config()).value();
  ASSERT_TRUE(world->load_templates({"network"}, false).ok());
  ASSERT_TRUE(
      world->create("network", "n1", ordered_json::parse(R"({"tenant_id":"t","name":"a"})")).ok());
  ASSERT_TRUE(world->run_until_quiescent(600'000).ok());
  ASSERT_TRUE(world->remove("network", "n1", ordered_json::parse(R"({"name":"b"})")).ok());
  ordered_json record = world->keyspace({"/config/v2.0/networks/n1"})["/config/v2.0/networks/n1"];
  if (record.is_string()) record = ordered_json::parse(record.get<std::string>());
  EXPECT_EQ(record["version"], 2);
  EXPECT_EQ(record["marked_for_deletion"], true);
  ordered_json body = ordered_json::parse(record["body"].get<std::string>());
  EXPECT_EQ(body["name"], "b");
  EXPECT_EQ(body["tenant_id"], "t");
  EXPECT_FALSE(world->remove("network", "n1", ordered_json::array()).ok());  // not a map
  EXPECT_FALSE(world->remove("network", "n2").ok());                         // unknown
}

TEST(SimWorld, AFailedCreateBlocksItsDependantsAndSaysWhy) {
  auto world = SimWorld::create(heat_only_config()).value();
  ASSERT_TRUE(world->load_templates({"network", "subnet"}, false).ok());
  world->heat().arm_fault("network", "n1", {HeatFaultKind::kFail, "CREATE", "quota exceeded"});
  ASSERT_TRUE(world->create("network", "n1", ordered_json::parse(R"({"tenant_id":"t"})")).ok());
  ASSERT_TRUE(world
                  ->create("subnet", "s1",
                           ordered_json::parse(
                               R"({"tenant_id":"t","network_id":"n1","cidr":"10.0.0.0/24"})"))
                  .ok());
  ASSERT_TRUE(world->run_until_quiescent(600'000).ok()) << world->busy();
  ordered_json keys = world->keyspace({});
  EXPECT_EQ(keys["/state/v2.0/networks/n1"]["error"], "quota exceeded");
  EXPECT_EQ(keys["/state/v2.0/networks/n1"]["state"]["worker_state"], "CREATE_FAILED");
  EXPECT_EQ(keys["/esi-worker/heat_stacks/v2.0/networks/n1"]["stack_status"], "CREATE_FAILED");
  EXPECT_FALSE(keys.contains("/state/v2.0/subnets/s1"));
  bool subnet_waiting = false;
  for (const auto& [key, value] : keys.items()) {
    if (key.rfind("/jobs/waiting/create:heat_worker:subnet:s1:1:", 0) == 0) subnet_waiting = true;
  }
  EXPECT_TRUE(subnet_waiting);
}

}  // namespace
}  // namespace esisim::sim
