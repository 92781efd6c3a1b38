// Synthetic topologies: deterministic from the seed, Gohan-shaped records in reference order,
// and schedulable end to end by JobManagerCore with no evaluation error; the dependencies of a
// small logical network are checked by hand.
#include "sim/topology/synthetic_topology.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/json/go_json.h"
#include "sim/topology/topology_drive.h"
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

std::vector<ConfigRecord> templates_for(Shape shape) {
  std::vector<ConfigRecord> out;
  for (const std::string& id : required_heat_templates(shape)) {
    auto record = heat_template_record(
        esisim::testing::read_fixture_json("esi/heat_templates/" + id + ".json"));
    EXPECT_TRUE(record.ok()) << id;
    if (record.ok()) out.push_back(std::move(record.value()));
  }
  return out;
}

std::vector<ConfigRecord> generate(Shape shape, size_t resources, uint64_t seed = 42) {
  auto records = generate_topology({seed, resources, shape}, templates_for(shape));
  EXPECT_TRUE(records.ok()) << records.error().message;
  return records.ok() ? std::move(records.value()) : std::vector<ConfigRecord>{};
}

std::unique_ptr<scheduler::JobManagerCore> make_core() {
  return std::make_unique<scheduler::JobManagerCore>(
      schemas(), domain::TemplateMappings::from_schemas(schemas()), domain::TemplateMappings(),
      scheduler::JobManagerOptions{}, counting_job_suffixes());
}

const std::vector<Shape> kShapes = {Shape::kLogicalNetwork, Shape::kGateway, Shape::kLoadBalancer,
                                    Shape::kFirewall, Shape::kMixed};

TEST(SyntheticTopology, ShapeNamesParseAndUnknownNamesListTheValidOnes) {
  for (Shape shape : kShapes) EXPECT_EQ(parse_shape(shape_name(shape)).value(), shape);
  auto bad = parse_shape("mesh");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("logical_network, gateway, load_balancer, firewall, mixed"),
            std::string::npos)
      << bad.error().message;
}

TEST(SyntheticTopology, ResourceCountOutsideTheLimitIsAnError) {
  auto zero = generate_topology({1, 0, Shape::kMixed}, templates_for(Shape::kMixed));
  ASSERT_FALSE(zero.ok());
  auto huge = generate_topology({1, kTopologyResourcesMax + 1, Shape::kMixed},
                                templates_for(Shape::kMixed));
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message.find("kTopologyResourcesMax"), std::string::npos);
}

TEST(SyntheticTopology, MissingTemplateIsNamed) {
  auto records = generate_topology({1, 10, Shape::kGateway}, {});
  ASSERT_FALSE(records.ok());
  EXPECT_NE(records.error().message.find("ese_device_existing"), std::string::npos);
}

TEST(SyntheticTopology, SameSeedSameRecordsOtherSeedOtherIds) {
  for (Shape shape : kShapes) {
    EXPECT_EQ(generate(shape, 300, 7), generate(shape, 300, 7)) << shape_name(shape);
    EXPECT_NE(generate(shape, 300, 7), generate(shape, 300, 8)) << shape_name(shape);
  }
}

TEST(SyntheticTopology, ResourceCountIsReachedInWholeUnits) {
  for (Shape shape : kShapes) {
    auto records = generate(shape, 1000);
    std::set<std::string> keys;
    for (const ConfigRecord& r : records) {
      if (!r.key.starts_with("/config/v2.0/heat_templates/")) keys.insert(r.key);
    }
    EXPECT_GE(keys.size(), 1000u) << shape_name(shape);
    EXPECT_LT(keys.size(), 1030u) << shape_name(shape);
  }
  EXPECT_FALSE(generate(Shape::kLogicalNetwork, 1).empty());
}

// Every record: a /config key of a known schema; a Go-encoded envelope whose body is a JSON
// object with the key's id; each relation it holds points to a resource written before it.
TEST(SyntheticTopology, RecordsAreGohanEnvelopesInReferenceOrder) {
  for (Shape shape : kShapes) {
    std::set<std::pair<std::string, std::string>> written;
    for (const ConfigRecord& r : generate(shape, 1000)) {
      auto ref = schemas().find_by_etcd_key(r.key);
      ASSERT_TRUE(ref.ok()) << r.key;
      ASSERT_EQ(ref->root, "/config");
      ordered_json envelope = ordered_json::parse(r.stored_value);
      ASSERT_EQ(json::go_json_marshal(envelope).value(), r.stored_value) << r.key;
      ASSERT_TRUE(envelope["body"].is_string()) << r.key;
      ASSERT_EQ(envelope["marked_for_deletion"], false);
      ASSERT_TRUE(envelope["version"].is_number_integer() && envelope["version"] >= 1);
      ordered_json body = ordered_json::parse(envelope["body"].get<std::string>());
      ASSERT_TRUE(body.is_object()) << r.key;
      ASSERT_EQ(body["id"], ref->id) << r.key;
      for (const auto& [field, target] : ref->schema->relations) {
        auto it = body.find(field);
        if (it == body.end() || !it->is_string() || it->get<std::string>().empty()) continue;
        EXPECT_TRUE(written.contains({target, it->get<std::string>()}))
            << r.key << " references " << target << " " << *it << " before it is written";
      }
      written.insert({ref->schema->id, ref->id});
    }
  }
}

TEST(SyntheticTopology, EveryShapeSchedulesWithoutEvaluationErrors) {
  for (Shape shape : kShapes) {
    for (size_t backlog : {size_t{0}, size_t{64}}) {
      auto core = make_core();
      TopologyDriver driver(*core, schemas(), backlog);
      for (const ConfigRecord& r : generate(shape, 1000)) {
        auto read = driver.read(r);
        ASSERT_TRUE(read.ok()) << shape_name(shape) << ": " << read.error().message;
      }
      auto done = driver.finish_all();
      ASSERT_TRUE(done.ok()) << done.error().message;
      EXPECT_GT(driver.stats().jobs, 500u) << shape_name(shape);
      EXPECT_EQ(driver.stats().jobs_finished, driver.stats().jobs);
      if (backlog > 0) {
        EXPECT_GT(driver.stats().jobs_stored_waiting, 0u) << shape_name(shape);
      }
    }
  }
}

// One logical network unit, nothing finished until the end: the expected rule (a') edges.
TEST(SyntheticTopology, LogicalNetworkDependenciesByHand) {
  auto core = make_core();
  TopologyDriver driver(*core, schemas(), SIZE_MAX);
  std::map<std::string, std::vector<std::string>> jobs_of;  // "type:id" -> job ids
  std::map<std::string, std::vector<std::string>> dependency_of;
  driver.on_scheduled = [&](const scheduler::ScheduleOutcome& outcome) {
    for (const std::string& id : outcome.job_ids) {
      const scheduler::Job* job = core->registry().find(id);
      jobs_of[job->resource_type + ":" + job->resource_id].push_back(id);
      dependency_of[id] = job->dependency;
    }
  };
  std::map<std::string, std::vector<ordered_json>> bodies;  // type -> bodies written
  for (const ConfigRecord& r : generate(Shape::kLogicalNetwork, 1)) {
    ASSERT_TRUE(driver.read(r).ok());
    auto ref = schemas().find_by_etcd_key(r.key);
    bodies[ref->schema->id].push_back(
        ordered_json::parse(ordered_json::parse(r.stored_value)["body"].get<std::string>()));
  }
  auto job = [&](const std::string& type, const ordered_json& body, size_t k = 0) {
    return jobs_of.at(type + ":" + body["id"].get<std::string>()).at(k);
  };
  ASSERT_EQ(bodies["network"].size(), 1u);
  ASSERT_EQ(bodies["ese_logical_port"].size(), 2u);
  const std::string network_job = job("network", bodies["network"][0]);
  const std::string subnet_job = job("subnet", bodies["subnet"][0]);
  EXPECT_EQ(dependency_of[subnet_job], std::vector<std::string>{network_job});
  for (size_t i = 0; i < 2; ++i) {
    const ordered_json& elp = bodies["ese_logical_port"][i];
    const std::string port_job = job("port", ordered_json{{"id", elp["port_ids"][0]}});
    EXPECT_NE(
        std::find(dependency_of[port_job].begin(), dependency_of[port_job].end(), network_job),
        dependency_of[port_job].end());
    const auto& elp_deps = dependency_of[job("ese_logical_port", elp)];
    EXPECT_NE(std::find(elp_deps.begin(), elp_deps.end(), port_job), elp_deps.end())
        << "logical port waits for its port";
  }
  EXPECT_TRUE(driver.finish_all().ok());
  // Finished promptly, nothing waits: the subnet then has no dependency.
  auto prompt = make_core();
  TopologyDriver quick(*prompt, schemas(), 0);
  for (const ConfigRecord& r : generate(Shape::kLogicalNetwork, 1)) ASSERT_TRUE(quick.read(r).ok());
  EXPECT_EQ(quick.stats().jobs_stored_waiting, 0u);
}

}  // namespace
}  // namespace esisim::sim::topology

namespace esisim::sim::topology {
namespace {

TopologyOptions with_bursts(Shape shape, size_t resources) {
  TopologyOptions o{9, resources, shape};
  o.updates_percent = 20;
  o.deletes_percent = 30;
  o.bursts = 2;
  return o;
}

TEST(SyntheticTopology, PercentagesAndBurstsOutsideTheirLimitsAreErrors) {
  TopologyOptions o{1, 10, Shape::kMixed};
  o.updates_percent = 101;
  EXPECT_FALSE(generate_requests(o).ok());
  o.updates_percent = 0;
  o.deletes_percent = 101;
  EXPECT_FALSE(generate_requests(o).ok());
  o.deletes_percent = 0;
  o.bursts = 0;
  auto none = generate_requests(o);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("kTopologyBurstsMax"), std::string::npos);
  o.bursts = kTopologyBurstsMax + 1;
  EXPECT_FALSE(generate_requests(o).ok());
}

// The firewall flow: vnf_instance -> firewall (firewall_config) -> firewall_interfaces, each
// scheduled with the real templates' parameter_mappings.
TEST(SyntheticTopology, FirewallUnitIsScheduledThroughItsTemplates) {
  auto units = generate_units({1, 1, Shape::kFirewall});
  ASSERT_TRUE(units.ok());
  ASSERT_EQ(units->size(), 1u);
  std::vector<std::string> types;
  for (const GohanRequest& r : units->front().requests) {
    if (r.op == GohanRequest::Op::kCreate) types.push_back(r.type);
  }
  EXPECT_EQ(types, (std::vector<std::string>{"tenant",
                                             "network",
                                             "subnet",
                                             "port",
                                             "network",
                                             "subnet",
                                             "port",
                                             "vnf_template",
                                             "vnf_plan",
                                             "firewall_plan",
                                             "port",
                                             "port",
                                             "port",
                                             "vnf_instance",
                                             "vnf_interface",
                                             "vnf_interface",
                                             "vnf_interface",
                                             "firewall",
                                             "firewall_interface",
                                             "firewall_interface",
                                             "firewall_interface"}));
  auto core = make_core();
  TopologyDriver driver(*core, schemas(), 0);
  std::map<std::string, size_t> jobs_by_type;
  driver.on_scheduled = [&](const scheduler::ScheduleOutcome& outcome) {
    for (const std::string& id : outcome.job_ids) {
      ++jobs_by_type[core->registry().find(id)->resource_type];
    }
  };
  for (const ConfigRecord& r : generate(Shape::kFirewall, 1)) {
    auto read = driver.read(r);
    ASSERT_TRUE(read.ok()) << read.error().message;
  }
  ASSERT_TRUE(driver.finish_all().ok());
  EXPECT_EQ(jobs_by_type["vnf_instance"], 1u);
  EXPECT_EQ(jobs_by_type["firewall"], 1u);
  EXPECT_EQ(jobs_by_type["firewall_interface"], 3u);
}

TEST(SyntheticTopology, MixedHasUnitsOfEveryFlow) {
  auto units = generate_units({3, 2000, Shape::kMixed});
  ASSERT_TRUE(units.ok());
  std::map<Shape, size_t> count;
  for (const TopologyUnit& unit : *units) ++count[unit.shape];
  for (Shape shape :
       {Shape::kLogicalNetwork, Shape::kGateway, Shape::kLoadBalancer, Shape::kFirewall}) {
    EXPECT_GT(count[shape], 5u) << shape_name(shape);
  }
  EXPECT_EQ(count[Shape::kMixed], 0u);
  EXPECT_GT(count[Shape::kLogicalNetwork], count[Shape::kFirewall]);  // 2:1:1:1
}

// Each request names its schema (id and path); generate_topology writes one record per request
// with the version Gohan gives it, and a delete marks the last body.
TEST(SyntheticTopology, RecordsFollowTheRequestsVersionByVersion) {
  for (Shape shape : kShapes) {
    auto requests = generate_requests(with_bursts(shape, 300));
    ASSERT_TRUE(requests.ok());
    auto records = generate_topology(with_bursts(shape, 300), templates_for(shape));
    ASSERT_TRUE(records.ok());
    const size_t templates = required_heat_templates(shape).size();
    ASSERT_EQ(records->size(), templates + requests->size()) << shape_name(shape);
    std::map<std::string, int64_t> versions;
    size_t deletes = 0;
    for (size_t i = 0; i < requests->size(); ++i) {
      const GohanRequest& request = (*requests)[i];
      const domain::SchemaInfo* schema = schemas().find_by_id(request.type);
      ASSERT_NE(schema, nullptr) << request.type;
      ASSERT_EQ(schema->path, request.path) << request.type;
      const ConfigRecord& record = (*records)[templates + i];
      ASSERT_EQ(record.key, "/config" + request.path + "/" + request.id);
      ordered_json envelope = ordered_json::parse(record.stored_value);
      EXPECT_EQ(envelope["version"], ++versions[record.key]) << record.key;
      const bool is_delete = request.op == GohanRequest::Op::kDelete;
      EXPECT_EQ(envelope["marked_for_deletion"], is_delete) << record.key;
      if (is_delete) {
        ++deletes;
        EXPECT_TRUE(request.body.is_null());
      } else {
        EXPECT_EQ(nlohmann::json::parse(envelope["body"].get<std::string>()),
                  nlohmann::json(request.body));
      }
    }
    EXPECT_GT(deletes, 0u) << shape_name(shape);
  }
}

}  // namespace
}  // namespace esisim::sim::topology
