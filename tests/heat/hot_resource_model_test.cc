// The resource model: ids and attributes per Heat type, the backend profile, replacement.
#include <gtest/gtest.h>

#include <string>

#include "core/heat/resource_model.h"
#include "core/heat/resource_model_profile.h"
#include "tests/heat/hot_test_ids.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;
using testing::CountingIds;
using testing::profile_or_fail;

RealizedResource realize(const char* type, const char* properties, CountingIds& ids,
                         const BackendProfile& profile = {},
                         std::optional<std::string> kept = std::nullopt) {
  const ordered_json props = ordered_json::parse(properties);
  auto out = realize_resource(RealizeInput{"res", type, props, kept}, ids, profile);
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message);
  return out.ok() ? std::move(out.value()) : RealizedResource{};
}

TEST(HotResourceModel, ContrailNetworkSubnetAndVmi) {
  CountingIds ids;
  BackendProfile profile;
  profile.project_name = "usertenant";
  auto network =
      realize("OS::Contrail::VirtualNetwork", R"({"uuid": "n1", "name": "n1"})", ids, profile);
  EXPECT_EQ(network.physical_id, "n1");
  EXPECT_EQ(network.attributes["fq_name"], "default-domain:usertenant:n1");
  EXPECT_EQ(network.attributes["route_targets"], ordered_json::array());
  auto unnamed = realize("OS::Contrail::VirtualNetwork", R"({"uuid": ""})", ids, profile);
  EXPECT_EQ(unnamed.physical_id, "new-1");
  EXPECT_EQ(unnamed.attributes["name"], "res");

  auto subnet = realize("OS::Contrail::VnSubnet",
                        R"({"name": "s", "network_id": "n1", "ip_prefix": "10.0.0.0/24",
                            "default_gateway": "10.0.0.1", "ipam": ""})",
                        ids, profile);
  EXPECT_EQ(subnet.physical_id, "new-2");
  EXPECT_EQ(subnet.attributes["ipam"],
            "existing:network_ipam:default-domain:default-project:default-network-ipam");
  EXPECT_EQ(subnet.attributes["ip_prefix"], "10.0.0.0/24");

  auto vmi = realize("OS::Contrail::VirtualMachineInterface",
                     R"({"uuid": "p1", "name": "p1", "virtual_networks": ["n1"],
                         "virtual_machine_interface_mac_addresses": ["fa:16:3e:00:00:01"],
                         "virtual_machine_interface_allowed_address_pairs": []})",
                     ids, profile);
  EXPECT_EQ(vmi.physical_id, "p1");
  EXPECT_EQ(vmi.attributes.dump(),
            R"({"name":"p1","fq_name":"default-domain:usertenant:p1",)"
            R"("virtual_machine_interface_mac_addresses":["fa:16:3e:00:00:01"],)"
            R"("virtual_machine_interface_allowed_address_pairs":{"allowed_address_pair":[]},)"
            R"("virtual_networks":[["default-domain","usertenant","n1"]]})");
  EXPECT_EQ(ids.asked,
            (std::vector<std::string>{"new res virtual_network", "new res subnet",
                                      "existing res network_ipam "
                                      "default-domain:default-project:default-network-ipam"}));
}

TEST(HotResourceModel, ExistingResourcesAreLookedUpByFqName) {
  CountingIds ids;
  auto router = realize("OS::Contrail::ExistingResource",
                        R"({"fq_name": ["default-global-system-config", "QFX-NW01"],
                            "resource_type": "physical_router"})",
                        ids);
  EXPECT_EQ(router.physical_id, "existing:physical_router:default-global-system-config:QFX-NW01");
  EXPECT_EQ(router.attributes["name"], "QFX-NW01");
  const ordered_json bad = ordered_json::parse(R"({"fq_name": "x", "resource_type": "r"})");
  auto failed =
      realize_resource({"r", "OS::Contrail::ExistingResource", bad, std::nullopt}, ids, {});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message,
            "resource 'r': property fq_name is \"x\"; expected a non-empty list of strings");
}

TEST(HotResourceModel, HeadProfileCansTheStubContrail) {
  CountingIds ids;
  BackendProfile head = profile_or_fail("heat/backend_profile_head.json");
  auto router = realize("OS::Contrail::ExistingResource",
                        R"({"fq_name": ["default-global-system-config", "QFX-NW01"],
                            "resource_type": "physical_router"})",
                        ids, head);
  EXPECT_EQ(router.physical_id, "7e5c78fa-71c0-427e-947f-586b1fc3c470");
  EXPECT_EQ(router.attributes["name"], "NWSDP-JNPR-02");  // traces/00 seq 99, any host
  auto port = realize("OS::Contrail::ExistingResource",
                      R"({"fq_name": ["g", "QFX-NW01", "xe-0/0/1"],
                          "resource_type": "physical_interface"})",
                      ids, head);
  EXPECT_EQ(port.physical_id, "existing:physical_interface:g:QFX-NW01:xe-0/0/1");
  EXPECT_EQ(port.attributes["name"], "xe-0/0/38");
  auto vmi = realize("OS::Contrail::VirtualMachineInterface", R"({"uuid": "p1"})", ids, head);
  EXPECT_EQ(vmi.physical_id, "f68d0924-ef20-4c1b-ac45-0e6b879af5e7");
  EXPECT_EQ(vmi.attributes["virtual_machine_interface_allowed_address_pairs"],
            ordered_json::parse(R"({"allowed_address_pair": []})"));
  auto target = realize("ESI::Monitoring::MonitoringTarget", "{}", ids, head);
  EXPECT_EQ(target.attributes["link"],
            "http://collector-agents-se:7070/targets/" + target.physical_id);
  BackendProfile old = profile_or_fail("heat/backend_profile_2017.json");
  auto li = realize("OS::Contrail::LogicalInterface", R"({"name": "xe-0/0/4.1025"})", ids, old);
  EXPECT_EQ(li.physical_id, "cccccccc-cccc-cccc-cccc-cccccccccccc");
  EXPECT_EQ(li.attribute_errors.at("name"),
            "'ContrailLogicalInterface' object has no attribute 'li_uuid'");
}

TEST(HotResourceModel, KeptIdsAreNotAskedAgain) {
  CountingIds ids;
  auto server = realize("ESI::VNF::Instance", R"({"name": "vm"})", ids, {}, "s-1");
  EXPECT_EQ(server.physical_id, "s-1");
  EXPECT_EQ(server.attributes["name"], "vm");
  EXPECT_TRUE(ids.asked.empty());
}

TEST(HotResourceModel, ReplacementRules) {
  const auto& target = resource_type_model("ESI::Monitoring::MonitoringTarget");
  EXPECT_TRUE(target.is_monitoring_target);
  EXPECT_TRUE(change_replaces(target, {{"version", 1}}, {{"version", 2}}));
  const auto& network = resource_type_model("OS::Contrail::VirtualNetwork");
  EXPECT_TRUE(change_replaces(network, {{"uuid", "a"}}, {{"uuid", "b"}}));
  EXPECT_FALSE(
      change_replaces(network, {{"uuid", "a"}, {"name", "x"}}, {{"name", "y"}, {"uuid", "a"}}));
  const auto& generic = resource_type_model("OS::Heat::RandomString");
  EXPECT_FALSE(is_known_resource_type("OS::Heat::RandomString"));
  EXPECT_TRUE(generic.attributes.empty());
  EXPECT_TRUE(change_replaces(generic, {{"a", 1}}, {{"a", 2}}));
  EXPECT_TRUE(same_value(ordered_json::parse(R"({"a": 1, "b": [1, {"c": 2, "d": 3}]})"),
                         ordered_json::parse(R"({"b": [1, {"d": 3, "c": 2}], "a": 1})")));
}

TEST(HotResourceModel, ProfileErrorsNameThePath) {
  auto error = [](const char* text) {
    auto parsed = parse_backend_profile(ordered_json::parse(text));
    return parsed.ok() ? std::string("ok") : parsed.error().message;
  };
  EXPECT_EQ(error(R"({"_c": 1, "project_name": "p"})"), "ok");
  EXPECT_EQ(error(R"([])"), "backend profile $: expected an object");
  EXPECT_EQ(error(R"({"project": "p"})"),
            "backend profile $.project: expected one of monitoring_link_base, project_name, "
            "objects");
  EXPECT_EQ(error(R"({"objects": {"vmi": {"id": 3}}})"),
            "backend profile $.objects.vmi.id: expected a string");
  EXPECT_EQ(error(R"({"objects": {"vmi": {"attribute_errors": {"name": 1}}}})"),
            "backend profile $.objects.vmi.attribute_errors.name: expected a string");
  EXPECT_EQ(error(R"({"objects": {"vmi": {"canned": {}}}})"),
            "backend profile $.objects.vmi.canned: expected one of id, attributes, "
            "attribute_errors");
}

}  // namespace
}  // namespace esisim::heat
