// The run invariants hold on the real system's full-index recordings and on simulated runs,
// and each of them catches its violation.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/invariants/trace_invariants.h"
#include "sim/trace/trace_reader.h"
#include "sim/world/sim_world.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::sim {
namespace {

using nlohmann::ordered_json;

std::vector<trace::TraceEvent> recorded(const std::string& relative) {
  return trace::read_trace_file(esisim::testing::fixture_path(relative)).value();
}

TEST(Invariants, HoldOnEveryFullIndexRecording) {
  for (const auto& t : esisim::testing::full_index_traces()) {
    auto violations = check_trace_invariants(recorded(t));
    EXPECT_TRUE(violations.empty()) << t << ": " << violations.front();
  }
}

TEST(Invariants, HoldAfterEveryEventOfASimulatedFlowAndAtQuiescence) {
  WorldConfig c;
  c.templates_dir = esisim::testing::fixture_path("esi/heat_templates");
  c.schemas_path = esisim::testing::fixture_path("esi/schemas.json");
  auto world = SimWorld::create(c).value();
  ASSERT_TRUE(world->load_templates({}, true).ok());
  for (const auto& e : recorded("traces/00_logical_network.jsonl")) {
    if (e.key.rfind("/config/", 0) != 0 || e.key.find("/heat_templates/") != std::string::npos ||
        e.action != "set") {
      continue;
    }
    auto ref = world->schemas().find_by_etcd_key(e.key).value();
    auto body = ordered_json::parse(e.value["body"].get<std::string>());
    auto r = e.value["version"] == 1 ? world->create(ref.schema->id, ref.id, body)
                                     : world->update(ref.schema->id, ref.id, body, false);
    ASSERT_TRUE(r.ok());
  }
  ASSERT_TRUE(world->run_until_quiescent(3'600'000).ok()) << world->busy();
  std::istringstream text(world->trace_jsonl());
  auto events = trace::read_trace(text, "simulated").value();
  auto violations = check_trace_invariants(events);
  EXPECT_TRUE(violations.empty()) << violations.front();
  auto at_rest = check_quiescent(world->keyspace({}));
  EXPECT_TRUE(at_rest.empty()) << at_rest.front();
}

TEST(Invariants, EachViolationIsCaught) {
  auto events = recorded("traces/00_logical_network.jsonl");
  // A skipped index.
  auto skipped = events;
  skipped.erase(skipped.begin() + 100);
  EXPECT_FALSE(check_trace_invariants(skipped).empty());
  // A job reserved before its dependency finished: move the logical port's reservation ahead.
  auto early = events;
  size_t reserve = 0;
  for (size_t i = 0; i < early.size(); ++i) {
    if (early[i].key.rfind("/jobs/working/create:heat_worker:ese_logical_port:", 0) == 0) {
      reserve = i;
      break;
    }
  }
  ASSERT_GT(reserve, 0u);
  size_t all_set = 0;
  for (size_t i = 0; i < reserve; ++i) {
    if (early[i].key == "/jobs/all/" + early[reserve].key.substr(14)) all_set = i;
  }
  auto moved = early[reserve];
  early.erase(early.begin() + reserve);
  early.insert(early.begin() + all_set + 1, moved);
  for (auto& e : early) e.index.reset();
  auto violations = check_trace_invariants(early);
  ASSERT_FALSE(violations.empty());
  bool dependency = false;
  for (const auto& v : violations)
    dependency |= v.find("before its dependency") != std::string::npos;
  EXPECT_TRUE(dependency);
  // Left-over job keys and a /state behind its config at quiescence.
  auto keys = ordered_json::parse(R"({"/config/v2.0/networks/n": {"version": 2},
      "/state/v2.0/networks/n": {"version": 1}, "/jobs/ready/x": "heat_worker"})");
  EXPECT_EQ(check_quiescent(keys).size(), 2u);
}

}  // namespace
}  // namespace esisim::sim
