// `heat: {duration: ...}` (FakeHeatRunner::arm_duration): the next matching stack operation
// takes exactly the armed time from its job_state `{}` to its result, armed durations are used
// in order and per action, and arming one moves no random value (the uuids Heat makes stay).
#include <gtest/gtest.h>

#include <sstream>

#include "sim/trace/trace_reader.h"
#include "sim/world/sim_world.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::sim {
namespace {

using nlohmann::ordered_json;

constexpr const char* kNetwork = "b761b0cd-d7c3-4b7a-b596-cea1cf9cc1e1";
const std::string kJobState = std::string("/esi-worker/job_state/v2.0/networks/") + kNetwork;
const std::string kStacks = std::string("/esi-worker/heat_stacks/v2.0/networks/") + kNetwork;

struct Observed {
  std::vector<int64_t> durations_ms;  // job_state {} to the job_state result, per job
  std::string heat_outputs;           // the last heat_stacks record
};

Observed run(const std::vector<std::pair<std::string, int64_t>>& armed) {
  WorldConfig c;
  c.templates_dir = esisim::testing::fixture_path("esi/heat_templates");
  c.schemas_path = esisim::testing::fixture_path("esi/schemas.json");
  c.seed = 5;
  auto world = SimWorld::create(c).value();
  for (const auto& [action, ms] : armed)
    world->heat().arm_duration("network", kNetwork, action, ms);
  EXPECT_TRUE(world->load_templates({"network"}, false).ok());
  EXPECT_TRUE(world->create("network", kNetwork, ordered_json{{"name", "n"}}).ok());
  EXPECT_TRUE(world->run_until_quiescent(10 * 60'000).ok()) << world->busy();
  EXPECT_TRUE(world->update("network", kNetwork, ordered_json{{"name", "m"}}, true).ok());
  EXPECT_TRUE(world->run_until_quiescent(10 * 60'000).ok()) << world->busy();
  std::istringstream text(world->trace_jsonl());
  auto events = trace::read_trace(text, "world").value();
  Observed out;
  int64_t started_ms = -1;
  for (const auto& e : events) {
    if (e.key == kJobState && e.action == "set") started_ms = e.time_ms;
    if (e.key == kJobState && e.action == "compareAndSwap") {
      out.durations_ms.push_back(e.time_ms - started_ms);
    }
    if (e.key == kStacks && e.action == "set") out.heat_outputs = e.value.dump();
  }
  return out;
}

TEST(HeatDuration, TheNextMatchingOperationTakesTheArmedTime) {
  Observed drawn = run({});
  ASSERT_EQ(drawn.durations_ms.size(), 2u);
  Observed armed = run({{"UPDATE", 4321}, {"CREATE", 7000}, {"CREATE", 1}});
  ASSERT_EQ(armed.durations_ms.size(), 2u);
  EXPECT_EQ(armed.durations_ms[0], 7000);  // the first CREATE armed, not the UPDATE
  EXPECT_EQ(armed.durations_ms[1], 4321);
  EXPECT_EQ(armed.heat_outputs, drawn.heat_outputs) << "arming moved a random value";
}

}  // namespace
}  // namespace esisim::sim
