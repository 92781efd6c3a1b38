// The world's workers write a job's /state 20 ms after its job_state result (WorkerActor's
// state_delay_ms, the recorded gap): in between, job_state holds the job's heat outputs and
// orchestration state and /state is not written yet; then /state comes and job_state goes.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/trace/trace_reader.h"
#include "sim/world/sim_world.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::sim {
namespace {

using nlohmann::ordered_json;

constexpr const char* kNetwork = "b761b0cd-d7c3-4b7a-b596-cea1cf9cc1e1";

std::unique_ptr<SimWorld> network_world() {
  WorldConfig c;
  c.templates_dir = esisim::testing::fixture_path("esi/heat_templates");
  c.schemas_path = esisim::testing::fixture_path("esi/schemas.json");
  c.seed = 3;
  auto world = SimWorld::create(c).value();
  EXPECT_TRUE(world->load_templates({"network"}, false).ok());
  EXPECT_TRUE(world->create("network", kNetwork, ordered_json{{"name", "n"}}).ok());
  return world;
}

TEST(SimWorldStateDelay, JobStateHoldsTheResultFor20msBeforeState) {
  auto first = network_world();
  ASSERT_TRUE(first->run_until_quiescent(10 * 60'000).ok()) << first->busy();
  std::istringstream text(first->trace_jsonl());
  auto events = trace::read_trace(text, "world").value();
  const std::string job_state = std::string("/esi-worker/job_state/v2.0/networks/") + kNetwork;
  const std::string state = std::string("/state/v2.0/networks/") + kNetwork;
  int64_t result_ms = -1;
  int64_t state_ms = -1;
  int64_t removed_ms = -1;
  for (const auto& e : events) {
    if (e.key == job_state && e.action == "compareAndSwap") result_ms = e.time_ms;
    if (e.key == state && e.action == "set") state_ms = e.time_ms;
    if (e.key == job_state && e.action == "compareAndDelete") removed_ms = e.time_ms;
  }
  ASSERT_GE(result_ms, 0);
  EXPECT_EQ(state_ms - result_ms, 20);
  EXPECT_EQ(removed_ms, state_ms);

  // A second run of the same seed, stopped inside the gap.
  auto second = network_world();
  int64_t inside_ms = result_ms - WorldConfig{}.start_ms + 10;  // the world's own clock
  ASSERT_TRUE(second->advance(inside_ms - second->now_ms()).ok());
  ordered_json keys = second->keyspace({job_state, state});
  ASSERT_TRUE(keys.contains(job_state));
  EXPECT_FALSE(keys.contains(state));
  EXPECT_EQ(keys[job_state]["orchestration_state"], "CREATE_COMPLETE");
  EXPECT_TRUE(keys[job_state]["heat_outputs"].is_array());
  ASSERT_TRUE(second->advance(10).ok());
  keys = second->keyspace({job_state, state});
  EXPECT_FALSE(keys.contains(job_state));
  EXPECT_EQ(keys[state]["state"]["worker_state"], "CREATE_COMPLETED");
}

}  // namespace
}  // namespace esisim::sim
