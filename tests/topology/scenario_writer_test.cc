// Generated scenarios: flow-style bodies read back exactly; the YAML parses and validates with
// the scenario language; run in the simulated back-end (through the scenario world, and
// in memory through SimWorld as `esisim capacity` will) every shape, with bursts, ends
// quiescent with no job left, every /state at its /config version, every deleted unit gone
// and no evaluation or worker error; the same seed gives the same bytes.
#include "sim/topology/scenario_writer.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <variant>

#include "sim/scenario/parser.h"
#include "sim/scenario/validate.h"
#include "sim/scenario/world.h"
#include "sim/topology/synthetic_topology.h"
#include "sim/world/sim_world.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::sim::topology {
namespace {

using nlohmann::ordered_json;

const domain::SchemaCatalog& schemas() {
  static const domain::SchemaCatalog kCatalog =
      domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"))
          .value();
  return kCatalog;
}

TopologyOptions small(Shape shape, uint64_t seed = 21) {
  TopologyOptions o{seed, 80, shape};
  o.updates_percent = 30;
  o.deletes_percent = 40;
  o.bursts = 2;
  return o;
}

std::string yaml_of(const TopologyOptions& o) {
  return write_scenario_yaml(generate_requests(o).value(),
                             {"esisim generate (test)", o.seed, run_limit_ms(o.resources)});
}

Result<scenario::Scenario, std::vector<Error>> parse(const std::string& yaml) {
  scenario::MemorySourceLoader loader;
  return scenario::parse_scenario_text(yaml, "generated.yaml", loader,
                                       scenario::ParseOptions{ESISIM_FIXTURES_DIR});
}

// The final keyspace of a generated run: nothing under /jobs; every resource record with its
// /state at the same version and not marked for deletion; deleted resources gone; the last
// version of each resource the number of requests that wrote it.
void expect_settled(const ordered_json& keys, const std::vector<GohanRequest>& requests) {
  std::map<std::string, int64_t> writes;  // /config key -> requests
  std::set<std::string> deleted;
  for (const GohanRequest& r : requests) {
    const std::string key = "/config" + r.path + "/" + r.id;
    ++writes[key];
    if (r.op == GohanRequest::Op::kDelete) deleted.insert(key);
  }
  size_t live = 0;
  for (const auto& [key, value] : keys.items()) {
    EXPECT_NE(key.rfind("/jobs/", 0), 0u) << "left over: " << key;
    if (key.rfind("/config/", 0) != 0 || key.find("/heat_templates/") != std::string::npos) {
      continue;
    }
    ASSERT_TRUE(writes.contains(key)) << key;
    EXPECT_FALSE(deleted.contains(key)) << "deleted but still there: " << key;
    EXPECT_EQ(value["version"], writes[key]) << key;
    EXPECT_EQ(value["marked_for_deletion"], false) << key;
    const std::string state_key = "/state/" + key.substr(8);
    ASSERT_TRUE(keys.contains(state_key)) << state_key;
    EXPECT_EQ(keys[state_key]["version"], value["version"]) << state_key;
    ++live;
  }
  for (const std::string& key : deleted) {
    EXPECT_FALSE(keys.contains("/state/" + key.substr(8))) << key;
  }
  EXPECT_EQ(live + deleted.size(), writes.size());
}

TEST(ScenarioWriter, FlowTextReadsBackAsTheSameJson) {
  ordered_json body = {{"vlan_id", "1003"},
                       {"flag", "true"},
                       {"none", "null"},
                       {"n", 7},
                       {"x", -1.5},
                       {"yes", "yes"},
                       {"quote", "a \"b\""},
                       {"colon", "a: b, {c}"},
                       {"hash", "# no"},
                       {"unicode", "caf\u00e9"},
                       {"list", {1, "2", nullptr, false}},
                       {"empty", ordered_json::object()},
                       {"none2", nullptr}};
  const std::string yaml =
      "product: heat-only\nsteps:\n  - create: {type: \"network\", id: "
      "\"n1\", body: " +
      flow_text(body) + "}\n";
  auto parsed = parse(yaml);
  ASSERT_TRUE(parsed.ok()) << parsed.error().front().message;
  const auto& create = std::get<scenario::CreateStep>(parsed->steps.at(1).body);
  EXPECT_EQ(create.body, body);
  EXPECT_EQ(flow_text(ordered_json::array()), "[]");
  EXPECT_EQ(flow_text({{"a", 1}, {"b", "x"}}), "{\"a\": 1, \"b\": \"x\"}");
}

TEST(ScenarioWriter, DurationsAndLimits) {
  EXPECT_EQ(duration_text(1), "1m");
  EXPECT_EQ(duration_text(45 * 60'000), "45m");
  EXPECT_EQ(duration_text(2 * 3'600'000), "2h");
  EXPECT_EQ(duration_text(90 * 60'000), "1h30m");
  EXPECT_EQ(run_limit_ms(0), 3'600'000);
  EXPECT_GT(run_limit_ms(10'000), run_limit_ms(1'000));
  EXPECT_EQ(run_limit_ms(kTopologyResourcesMax), 30LL * 24 * 3'600'000);
}

TEST(ScenarioWriter, GeneratedYamlParsesAndValidatesStepForStep) {
  const TopologyOptions o = small(Shape::kMixed);
  const auto requests = generate_requests(o).value();
  const std::string yaml = yaml_of(o);
  EXPECT_EQ(yaml, yaml_of(o)) << "same seed, same bytes";
  EXPECT_NE(yaml, yaml_of(small(Shape::kMixed, 22)));
  EXPECT_EQ(yaml.rfind("# Generated by `esisim generate (test)`", 0), 0u);
  auto parsed = parse(yaml);
  ASSERT_TRUE(parsed.ok()) << parsed.error().front().message;
  scenario::ValidationContext context{&schemas(), "schemas.json", nullptr, ""};
  auto errors = scenario::validate_scenario(*parsed, context);
  EXPECT_TRUE(errors.empty()) << errors.front().message;
  EXPECT_EQ(parsed->templates.product, "heat-only");
  EXPECT_EQ(parsed->seed, o.seed);
  EXPECT_NE(parsed->description.find("esisim generate (test)"), std::string::npos);
  // Steps: the implicit templates step, the requests with a run before each burst, the last
  // run, the expect.
  const auto& steps = parsed->steps;
  size_t k = 1;
  for (const GohanRequest& r : requests) {
    if (r.settle_before) {
      ASSERT_EQ(steps.at(k).kind(), "run");
      EXPECT_EQ(std::get<scenario::RunStep>(steps[k].body).limit, 3'600'000 + 80 * 30'000);
      ++k;
    }
    ASSERT_EQ(steps.at(k).kind(), op_name(r.op)) << k;
    if (r.op == GohanRequest::Op::kCreate) {
      const auto& s = std::get<scenario::CreateStep>(steps[k].body);
      EXPECT_EQ(s.resource.type, r.type);
      EXPECT_EQ(s.resource.id, r.id);
      EXPECT_EQ(s.body, r.body);
    } else if (r.op == GohanRequest::Op::kUpdate) {
      const auto& s = std::get<scenario::UpdateStep>(steps[k].body);
      EXPECT_EQ(s.mode, scenario::UpdateStep::Mode::kReplace);
      EXPECT_EQ(s.body, r.body);
    }
    ++k;
  }
  ASSERT_EQ(steps.size(), k + 2);
  EXPECT_EQ(steps[k].kind(), "run");
  EXPECT_EQ(steps[k + 1].kind(), "expect");
}

TEST(ScenarioWriter, EveryShapeWithBurstsRunsToQuiescenceThroughTheScenarioWorld) {
  for (Shape shape : {Shape::kLogicalNetwork, Shape::kGateway, Shape::kLoadBalancer,
                      Shape::kFirewall, Shape::kMixed}) {
    SCOPED_TRACE(std::string(shape_name(shape)));
    const TopologyOptions o = small(shape);
    auto parsed = parse(yaml_of(o));
    ASSERT_TRUE(parsed.ok()) << parsed.error().front().message;
    auto world = scenario::make_default_world_factory()(*parsed, parsed->seed);
    ASSERT_TRUE(world.ok()) << world.error().message;
    for (const scenario::Step& step : parsed->steps) {
      if (step.kind() == "expect") continue;
      auto applied = (*world)->apply(step);
      ASSERT_TRUE(applied.ok()) << step.describe() << ": " << applied.error().message;
    }
    expect_settled((*world)->keyspace({}), generate_requests(o).value());
  }
}

// In memory, as `esisim capacity` drives it: no evaluation, Heat or Gohan error either.
TEST(ScenarioWriter, RequestsDriveSimWorldWithoutProblems) {
  for (Shape shape : {Shape::kLogicalNetwork, Shape::kGateway, Shape::kLoadBalancer,
                      Shape::kFirewall, Shape::kMixed}) {
    SCOPED_TRACE(std::string(shape_name(shape)));
    WorldConfig config;
    config.templates_dir = esisim::testing::fixture_path("esi/heat_templates");
    config.schemas_path = esisim::testing::fixture_path("esi/schemas.json");
    config.seed = 5;
    auto world = SimWorld::create(config).value();
    ASSERT_TRUE(world->load_templates({}, true).ok());
    const auto requests = generate_requests(small(shape, 5)).value();
    const int64_t limit = run_limit_ms(80);
    for (const GohanRequest& r : requests) {
      if (r.settle_before) {
        ASSERT_TRUE(world->run_until_quiescent(limit).ok()) << world->busy();
      }
      auto done = r.op == GohanRequest::Op::kCreate   ? world->create(r.type, r.id, r.body)
                  : r.op == GohanRequest::Op::kUpdate ? world->update(r.type, r.id, r.body, false)
                                                      : world->remove(r.type, r.id);
      ASSERT_TRUE(done.ok()) << done.error().message;
    }
    ASSERT_TRUE(world->run_until_quiescent(limit).ok()) << world->busy();
    EXPECT_TRUE(world->problems().empty()) << world->problems().front();
    expect_settled(world->keyspace({}), requests);
  }
}

}  // namespace
}  // namespace esisim::sim::topology
