// Stack life cycle: create, update (kept / in-place / replaced / deleted / new resources),
// delete, monitoring-target reports, output_error, pins, parameter and property errors.
#include "core/heat/hot_stack.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/heat/hot_outputs.h"
#include "tests/domain/fixture_reader.h"
#include "tests/heat/hot_test_ids.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;
using testing::CountingIds;
using testing::head_template_text;
using testing::parse_or_fail;
using testing::profile_or_fail;

std::vector<std::string> keys_of(const std::vector<StackOutput>& outputs) {
  std::vector<std::string> out;
  for (const auto& o : outputs) out.push_back(o.key);
  return out;
}

const StackOutput& output_named(const StackState& state, const std::string& key) {
  for (const auto& o : state.outputs) {
    if (o.key == key) return o;
  }
  static const StackOutput kNone{};
  ADD_FAILURE() << "no output " << key;
  return kNone;
}

TEST(HotStack, CreatesTheNetworkStack) {
  HotTemplate t = parse_or_fail("network", head_template_text("network"));
  CountingIds ids;
  BackendProfile profile = profile_or_fail("heat/backend_profile_head.json");
  StackEnvironment env{{"network_n1", "", "tenant"}, ids, profile};
  auto op = evaluate_create(
      t, ordered_json::parse(R"({"uuid": "n1", "name": "n1", "admin_state_up": true})"), env);
  ASSERT_TRUE(op.ok()) << op.error().message;
  EXPECT_EQ(keys_of(op->state.outputs),
            (std::vector<std::string>{"route_targets", "fq_name", "id", "name"}));
  EXPECT_EQ(output_named(op->state, "id").value, "n1");
  EXPECT_EQ(output_named(op->state, "fq_name").value, "default-domain:usertenant:n1");
  EXPECT_EQ(output_named(op->state, "route_targets").value, ordered_json::array());
  EXPECT_TRUE(ids.asked.empty());  // the network id is its uuid property
  ASSERT_EQ(op->state.resources.size(), 1u);
  EXPECT_EQ(op->state.resources[0].properties["forwarding_mode"], "l2_l3");  // default
  EXPECT_TRUE(op->monitoring.empty());
}

// A VNF server (and, in kServerTemplate, its monitoring target).
constexpr const char* kServerOnly = R"(heat_template_version: 2013-05-23
parameters:
  name: {type: string}
  version: {type: number}
resources:
  server:
    type: ESI::VNF::Instance
    properties:
      name: { get_param: name }
)";

const std::string kServerTemplate = std::string(kServerOnly) + R"(  server_monitor:
    type: ESI::Monitoring::MonitoringTarget
    properties:
      type: compute
      resource_type: vnf_instances
      resource_id: gohan-1
      field_name: server
      tenant_id: { get_param: "OS::project_id" }
      version: { get_param: version }
      properties:
        server_id: { get_resource: server }
      syncer_properties:
        etcd:
          status:
            key: server
            hold_options:
              positive_status: [UP, DOWN]
              time_seconds: 210
    depends_on: server
outputs:
  server_id:
    value: { get_resource: server }
  monitoring_target_id:
    description: Monitoring Target ID
    value: { get_resource: server_monitor }
  monitoring_link:
    value: { get_attr: [server_monitor, link] }
)";

class HotStackUpdate : public ::testing::Test {
 protected:
  HotStackUpdate() : hot_(parse_or_fail("t", kServerTemplate)) {}

  StackOperation run(const StackState* previous, const std::string& name, int version,
                     const HotTemplate* hot = nullptr) {
    ordered_json params = {{"name", name}, {"version", version}};
    auto op = previous ? evaluate_update(*previous, hot ? *hot : hot_, params, env_)
                       : evaluate_create(hot ? *hot : hot_, params, env_);
    EXPECT_TRUE(op.ok()) << (op.ok() ? "" : op.error().message);
    return op.ok() ? std::move(op.value()) : StackOperation{};
  }

  HotTemplate hot_;
  CountingIds ids_;
  BackendProfile profile_;
  StackEnvironment env_{{"vnf_instance_1", "", "tenant-1"}, ids_, profile_};
};

TEST_F(HotStackUpdate, CreateReportsTheTargetWithItsProperties) {
  StackOperation op = run(nullptr, "vm", 1);
  EXPECT_EQ(ids_.asked, (std::vector<std::string>{"new server server",
                                                  "new server_monitor monitoring_target"}));
  EXPECT_EQ(output_named(op.state, "server_id").value, "new-1");
  EXPECT_EQ(output_named(op.state, "monitoring_target_id").value, "new-2");
  EXPECT_EQ(output_named(op.state, "monitoring_link").value,
            "http://collector-agents-se:7070/targets/new-2");
  EXPECT_EQ(output_named(op.state, "server_id").description, "No description given");
  ASSERT_EQ(op.monitoring.size(), 1u);
  const auto& change = op.monitoring[0];
  EXPECT_EQ(change.kind, MonitoringChangeKind::kCreated);
  EXPECT_EQ(change.resource_name, "server_monitor");
  EXPECT_EQ(change.target_id, "new-2");
  EXPECT_EQ(change.properties.dump(),
            R"({"type":"compute","resource_type":"vnf_instances","resource_id":"gohan-1",)"
            R"("field_name":"server","tenant_id":"tenant-1","version":1,"properties":)"
            R"({"server_id":"new-1"},"syncer_properties":{"etcd":{"status":{"key":"server",)"
            R"("hold_options":{"positive_status":["UP","DOWN"],"time_seconds":210}}}}})");
}

TEST_F(HotStackUpdate, UnchangedPropertiesKeepIdsAndAskForNothing) {
  StackOperation first = run(nullptr, "vm", 1);
  ids_.asked.clear();
  StackOperation second = run(&first.state, "vm", 1);
  EXPECT_TRUE(ids_.asked.empty());
  EXPECT_TRUE(second.monitoring.empty());
  EXPECT_EQ(outputs_to_json(second.state.outputs), outputs_to_json(first.state.outputs));
}

TEST_F(HotStackUpdate, VersionChangeReplacesTheTargetAndKeepsTheServer) {
  StackOperation first = run(nullptr, "vm", 1);
  ids_.asked.clear();
  StackOperation second = run(&first.state, "vm", 2);
  EXPECT_EQ(ids_.asked, (std::vector<std::string>{"new server_monitor monitoring_target"}));
  EXPECT_EQ(output_named(second.state, "server_id").value, "new-1");
  EXPECT_EQ(output_named(second.state, "monitoring_target_id").value, "new-3");
  ASSERT_EQ(second.monitoring.size(), 1u);
  const auto& change = second.monitoring[0];
  EXPECT_EQ(change.kind, MonitoringChangeKind::kReplaced);
  EXPECT_EQ(change.target_id, "new-3");
  EXPECT_EQ(change.previous_target_id, "new-2");
  EXPECT_EQ(change.properties["version"], 2);
  EXPECT_EQ(change.previous_properties["version"], 1);
}

TEST_F(HotStackUpdate, InPlaceChangeKeepsTheIdAndRecomputesAttributes) {
  StackOperation first = run(nullptr, "vm", 1);
  ids_.asked.clear();
  StackOperation second = run(&first.state, "vm-renamed", 1);
  EXPECT_TRUE(ids_.asked.empty());
  const ResourceState* server = second.state.find("server");
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->physical_id, "new-1");
  EXPECT_EQ(server->attributes["name"], "vm-renamed");
  EXPECT_TRUE(second.monitoring.empty());  // the target's properties did not change
}

TEST_F(HotStackUpdate, RemovedResourcesAreDeletedAndNewOnesCreated) {
  StackOperation first = run(nullptr, "vm", 1);
  HotTemplate without_monitor = parse_or_fail("t2", std::string(kServerOnly) + R"(  config:
    type: ESI::VNF::VyattaConfig
outputs:
  server_id: { value: { get_resource: server } }
)");
  ids_.asked.clear();
  StackOperation second = run(&first.state, "vm", 1, &without_monitor);
  EXPECT_EQ(ids_.asked, (std::vector<std::string>{"new config vyatta_config"}));
  ASSERT_EQ(second.state.resources.size(), 2u);
  EXPECT_EQ(second.state.find("server_monitor"), nullptr);
  ASSERT_EQ(second.monitoring.size(), 1u);
  EXPECT_EQ(second.monitoring[0].kind, MonitoringChangeKind::kDeleted);
  EXPECT_EQ(second.monitoring[0].target_id, "new-2");
  EXPECT_EQ(second.monitoring[0].properties["field_name"], "server");
  EXPECT_EQ(keys_of(second.state.outputs), std::vector<std::string>{"server_id"});
  StackOperation third = run(&second.state, "vm", 3);  // back to the monitored template
  ASSERT_EQ(third.monitoring.size(), 1u);
  EXPECT_EQ(third.monitoring[0].kind, MonitoringChangeKind::kCreated);
}

TEST_F(HotStackUpdate, DeleteReportsTheTargetAndLeavesNothing) {
  StackOperation first = run(nullptr, "vm", 1);
  StackOperation gone = evaluate_delete(first.state);
  EXPECT_TRUE(gone.state.resources.empty());
  EXPECT_TRUE(gone.state.outputs.empty());
  EXPECT_EQ(outputs_to_python_json(gone.state.outputs).value(), "[]");
  ASSERT_EQ(gone.monitoring.size(), 1u);
  EXPECT_EQ(gone.monitoring[0].kind, MonitoringChangeKind::kDeleted);
  EXPECT_EQ(gone.monitoring[0].target_id, "new-2");
}

TEST_F(HotStackUpdate, FailedUpdateIsAnErrorAndNothingChanges) {
  StackOperation first = run(nullptr, "vm", 1);
  auto failed = evaluate_update(first.state, hot_, ordered_json{{"name", "vm"}}, env_);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "t: The Parameter (version) was not provided.");
  EXPECT_EQ(failed.error().code, kHotErrorEvaluation);
}

TEST(HotStackOutputs, AttributeErrorsBecomeOutputErrorsAsInSeed004) {
  auto record = esisim::testing::read_fixture_json("esi/heat_templates-2017/ese_logical_port.json");
  HotTemplate t =
      parse_or_fail("ese_logical_port", record["body"]["template_file"].get<std::string>());
  CountingIds ids;
  BackendProfile profile = profile_or_fail("heat/backend_profile_2017.json");
  StackEnvironment env{
      {"ese_logical_port_3ce86e39-7a81-46f8-b0c4-62a4776746f1", "", "t"}, ids, profile};
  auto op = evaluate_create(t, ordered_json::parse(R"({
      "logical_port_name": "xe-0/0/4.1025", "logical_port_type": "L2",
      "logical_port_vlan_id": 1025, "physical_port_id": "dddddddd-dddd-dddd-dddd-dddddddddddd",
      "virtual_machine_interface_ids": ["7abe783f-4837-417d-b76f-771ec4d38b97"]})"),
                            env);
  ASSERT_TRUE(op.ok()) << op.error().message;
  const std::string expected =
      R"([{"output_value": "cccccccc-cccc-cccc-cccc-cccccccccccc", "description": "A unique id )"
      R"(for the logical interface", "output_key": "id"}, {"output_value": null, )"
      R"("output_error": "'ContrailLogicalInterface' object has no attribute 'li_uuid'", )"
      R"("description": "The name of the logical interface.", "output_key": "name"}])";
  EXPECT_EQ(outputs_to_python_json(op->state.outputs).value(), expected);
  // The seed records that very text as the /state heat_outputs string.
  const std::string seed = esisim::testing::read_fixture_text("seeds/004_3554f3034264d605.txt");
  std::string escaped;
  for (char c : expected) escaped += c == '"' ? std::string("\\\"") : std::string(1, c);
  EXPECT_NE(seed.find("\"heat_outputs\": \"" + escaped + "\""), std::string::npos);
}

TEST(HotStackOutputs, PinsAndForcedErrors) {
  HotTemplate t = parse_or_fail("network", head_template_text("network"));
  CountingIds ids;
  BackendProfile profile;
  StackEnvironment env{{"s", "", "t"}, ids, profile};
  OutputOverrides overrides;
  overrides.pins["name"] = ordered_json::parse(R"({"z": 1, "a": [true]})");
  overrides.errors["fq_name"] = "Contrail API unreachable";
  overrides.errors["not_an_output"] = "ignored";
  auto op = evaluate_create(t, ordered_json{{"uuid", "u"}, {"name", "u"}}, env, overrides);
  ASSERT_TRUE(op.ok()) << op.error().message;
  EXPECT_EQ(outputs_to_python_json(op->state.outputs).value(),
            R"([{"output_value": [], "description": "The name of the virtual network.", )"
            R"("output_key": "route_targets"}, {"output_value": null, "output_error": )"
            R"("Contrail API unreachable", "description": "The FQ name of the virtual )"
            R"(network.", "output_key": "fq_name"}, {"output_value": "u", "description": )"
            R"("A unique id for the virtual network.", "output_key": "id"}, {"output_value": )"
            R"({"a": [true], "z": 1}, "description": "The name of the virtual network.", )"
            R"("output_key": "name"}])");
}

TEST(HotStackParameters, ConversionsDefaultsAndHeatsErrors) {
  HotTemplate t = parse_or_fail("t", R"(heat_template_version: 2013-05-23
parameters:
  n: {type: number, default: 1}
  b: {type: boolean, default: true}
  l: {type: comma_delimited_list, default: ""}
  j: {type: json, default: {}}
  s: {type: string}
resources:
  r:
    type: OS::Heat::None
    properties: {n: {get_param: n}, b: {get_param: b}, l: {get_param: l}, j: {get_param: j},
                 s: {get_param: s}}
)");
  CountingIds ids;
  BackendProfile profile;
  StackEnvironment env{{"s", "", "t"}, ids, profile};
  auto props = [&](const char* params) -> std::string {
    auto op = evaluate_create(t, ordered_json::parse(params), env);
    if (!op.ok()) return op.error().message;
    return op->state.resources[0].properties.dump();
  };
  EXPECT_EQ(props(R"({"s": "x"})"), R"({"n":1,"b":true,"l":[],"j":{},"s":"x"})");
  EXPECT_EQ(props(R"({"s": [1], "n": "7", "b": "No", "l": "a, b", "j": "[1]"})"),
            R"({"n":7,"b":false,"l":["a","b"],"j":[1],"s":[1]})");
  EXPECT_EQ(props(R"({"s": "x", "n": null})"), R"({"n":1,"b":true,"l":[],"j":{},"s":"x"})");
  EXPECT_EQ(props(R"({})"), "t: The Parameter (s) was not provided.");
  EXPECT_EQ(props(R"({"s": "x", "q": 1})"), "t: The Parameter (q) was not defined in template.");
  EXPECT_EQ(props(R"({"s": "x", "b": "maybe"})"),
            R"(t: Parameter 'b' is invalid: value "maybe" is not a boolean)");
  EXPECT_EQ(props(R"({"s": "x", "n": "seven"})"),
            R"(t: Parameter 'n' is invalid: value "seven" is not a number)");
}

TEST(HotStackErrors, PropertyFailuresAreLocated) {
  HotTemplate t = parse_or_fail("t", R"(heat_template_version: 2013-05-23
parameters:
  n: {type: number}
resources:
  r:
    type: OS::Heat::None
    properties:
      joined: {list_join: [',', [{get_param: n}]]}
)");
  CountingIds ids;
  BackendProfile profile;
  StackEnvironment env{{"s", "", "t"}, ids, profile};
  auto op = evaluate_create(t, ordered_json{{"n", 5}}, env);
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.error().message, "t:8:27: resource 'r': Items to join must be strings not 5");
}

// The HEAD port template rendered by hand (what the Jinja renderer gives for port
// 3a04e6ed-... of traces/00: one fixed IP, attached or not).
std::string render_port(bool attached) {
  std::string text = head_template_text("port");
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  };
  auto drop_line_with = [&](const std::string& marker) {
    for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker)) {
      auto begin = text.rfind('\n', at) + 1;
      text.erase(begin, text.find('\n', at) + 1 - begin);
    }
  };
  replace_all("{{ instance_ip_id }}", "instance_ip_0");
  replace_all("{{ fixed_ip.subnet_id }}", "215cb166-b0c5-4fbb-ad5f-948cb93119fe");
  replace_all("{{ fixed_ip.ip_address }}", "192.168.200.101");
  replace_all("{{ jinja_subnets[loop.index0] }}", "622495a6-b651-4033-9d30-c634e4b08851");
  drop_line_with("{% for");
  drop_line_with("{% set");
  drop_line_with("{% endfor");
  const std::string open = "{% if jinja_device_owner and jinja_attached %}";
  for (auto at = text.find(open); at != std::string::npos; at = text.find(open)) {
    auto end = text.find("{% endif %}", at);
    if (attached) {
      text.erase(end, std::string("{% endif %}").size());
      text.erase(at, open.size());
    } else {
      text.erase(at, end + std::string("{% endif %}").size() - at);
    }
  }
  return text;
}

class MapIds final : public IdSource {
 public:
  std::string new_uuid(const IdRequest& r) override { return ids[std::string(r.resource_name)]; }
  std::string existing_uuid(const IdRequest& r) override { return new_uuid(r); }
  std::map<std::string, std::string> ids;
};

TEST(HotStackRecorded, PortCreateThenAttachReproducesTraces00) {
  std::map<int, ordered_json> recorded;  // seq -> heat_stacks value; /state after 352
  std::string state_text;
  for (const auto& e :
       esisim::testing::read_fixture_json_lines("traces/00_logical_network.jsonl")) {
    const int seq = e["seq"];
    if (seq == 301 || seq == 352) recorded[seq] = e["value"];
    if (seq > 352 && state_text.empty() &&
        e["key"] == "/state/v2.0/ports/3a04e6ed-68fb-4534-8822-d5162d19f35a") {
      state_text = e["value"]["state"]["heat_outputs"];
    }
  }
  ASSERT_EQ(recorded.size(), 2u);
  ordered_json params = ordered_json::parse(R"({
      "virtual_network": "b761b0cd-d7c3-4b7a-b596-cea1cf9cc1e1",
      "virtual_machine": "c13acfa3-6780-4f53-90da-492dfd697e69",
      "name": "3a04e6ed-68fb-4534-8822-d5162d19f35a", "admin_state_up": true,
      "tenant_id": "4b4cb858859842a389d0b0c8eb567d59",
      "virtual_machine_interface_allowed_address_pairs": [],
      "virtual_machine_interface_mac_address": "fa:16:3e:e7:7c:0f",
      "device_owner": "physical_port", "version": 1, "security_groups": [],
      "uuid": "3a04e6ed-68fb-4534-8822-d5162d19f35a"})");
  MapIds ids;
  ids.ids = {{"instance_ip_0", "iip-1"}, {"vmi_monitor", "bb927b26-ba6b-4049-9b55-54af3e1ea997"}};
  BackendProfile profile = profile_or_fail("heat/backend_profile_head.json");
  StackEnvironment env{{"port_3a04e6ed-68fb-4534-8822-d5162d19f35a", "", "t"}, ids, profile};
  HotTemplate v1 = parse_or_fail("port", render_port(false));
  auto created = evaluate_create(v1, params, env);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_TRUE(same_value(outputs_to_json(created->state.outputs), recorded[301]["output"]));
  EXPECT_TRUE(created->monitoring.empty());
  params["version"] = 2;
  HotTemplate v2 = parse_or_fail("port", render_port(true));
  auto attached = evaluate_update(created->state, v2, params, env);
  ASSERT_TRUE(attached.ok()) << attached.error().message;
  EXPECT_TRUE(same_value(outputs_to_json(attached->state.outputs), recorded[352]["output"]))
      << outputs_to_json(attached->state.outputs).dump();
  EXPECT_EQ(outputs_to_python_json(attached->state.outputs).value(), state_text);
  ASSERT_EQ(attached->monitoring.size(), 1u);
  const auto& target = attached->monitoring[0];
  EXPECT_EQ(target.kind, MonitoringChangeKind::kCreated);
  EXPECT_EQ(target.properties["properties"]["fq_name"],
            "default-domain:admin:f68d0924-ef20-4c1b-ac45-0e6b879af5e7");
  EXPECT_EQ(target.properties["syncer_properties"]["etcd"]["hold_options"]["time_seconds"], 210);
  EXPECT_EQ(target.properties["version"], 2);
}

}  // namespace
}  // namespace esisim::heat
