// Sleeping settled monitoring targets saves poll events and changes no write: a generated
// topology with scripted UP/FAIL flips, set before the targets exist and while they sleep,
// gives the same trace with and without sleeping, with far fewer polls.
#include <gtest/gtest.h>

#include "sim/topology/synthetic_topology.h"
#include "sim/world/sim_world.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::sim {
namespace {

struct Outcome {
  std::string trace;
  uint64_t polls = 0;
};

Outcome run(bool sleep) {
  WorldConfig config;
  config.templates_dir = esisim::testing::fixture_path("esi/heat_templates");
  config.schemas_path = esisim::testing::fixture_path("esi/schemas.json");
  config.seed = 3;
  config.collector_sleep = sleep;
  auto world = SimWorld::create(config).value();
  EXPECT_TRUE(world->load_templates({}, true).ok());
  auto requests =
      topology::generate_requests({.seed = 4, .resources = 40, .shape = topology::Shape::kMixed})
          .value();
  std::vector<std::string> ports;
  for (const auto& r : requests) {
    if (r.op == topology::GohanRequest::Op::kCreate) {
      auto made = world->create(r.type, r.id, r.body);
      EXPECT_TRUE(made.ok()) << made.error().message;
      if (r.type == "port") ports.push_back(r.id);
    } else if (r.op == topology::GohanRequest::Op::kUpdate) {
      EXPECT_TRUE(world->update(r.type, r.id, r.body, false).ok());
    }
    EXPECT_TRUE(world->advance(700).ok());
  }
  EXPECT_GE(ports.size(), 4u);
  // Before any target exists for the first port; mid-life for the others.
  EXPECT_TRUE(world->collector().script("ports", ports[0], {"UP", "FAIL", "UP"}, 0).ok());
  EXPECT_TRUE(world->run_until_quiescent(3'600'000).ok()) << world->busy();
  EXPECT_TRUE(world->advance(600'000).ok());
  EXPECT_TRUE(world->collector().script("ports", ports[1], {"FAIL", "FAIL", "UP"}, 0).ok());
  EXPECT_TRUE(world->advance(17'000).ok());
  EXPECT_TRUE(world->collector().script("ports", ports[2], {"FAIL"}, 60'000).ok());
  EXPECT_TRUE(world->advance(1'800'000).ok());
  EXPECT_TRUE(world->problems().empty()) << world->problems().front();
  return {world->trace_jsonl(), world->collector().polls()};
}

TEST(CollectorSleep, SameTraceFarFewerPolls) {
  Outcome awake = run(false);
  Outcome asleep = run(true);
  EXPECT_EQ(asleep.trace, awake.trace);
  EXPECT_NE(awake.trace.find("FAIL"), std::string::npos) << "the scripted flips were written";
  EXPECT_LT(asleep.polls * 10, awake.polls) << asleep.polls << " vs " << awake.polls;
}

}  // namespace
}  // namespace esisim::sim
