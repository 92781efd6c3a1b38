#include "core/domain/schema_catalog.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/domain/fixture_reader.h"

namespace esisim::domain {
namespace {

using nlohmann::ordered_json;

const SchemaCatalog& Catalog() {
  static const SchemaCatalog kCatalog = [] {
    auto catalog = SchemaCatalog::from_json(testing::read_fixture_json("esi/schemas.json"));
    EXPECT_TRUE(catalog.ok()) << catalog.error().message;
    return std::move(*catalog);
  }();
  return kCatalog;
}

TEST(SchemaCatalog, LoadsAllSchemas) { EXPECT_EQ(Catalog().schemas().size(), 75u); }

TEST(SchemaCatalog, NamesAndPrefixes) {
  const SchemaInfo* port = Catalog().find_by_id("port");
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->plural, "ports");
  EXPECT_EQ(port->api_prefix, "/v2.0");
  EXPECT_EQ(port->path, "/v2.0/ports");
  const SchemaInfo* tenant = Catalog().find_by_plural("tenants");
  ASSERT_NE(tenant, nullptr);
  EXPECT_EQ(tenant->id, "tenant");
  EXPECT_EQ(tenant->api_prefix, "/common/v1.0");
  EXPECT_EQ(Catalog().find_by_id("security_group")->singular, "security-group");
  EXPECT_EQ(Catalog().find_by_plural("extensions"), nullptr);  // two schemas share it
  EXPECT_EQ(Catalog().find_by_path("/v2.0/extensions")->id, "neutron_extension");
  EXPECT_EQ(Catalog().find_by_id("no_such_type"), nullptr);
}

TEST(SchemaCatalog, TemplatePathAndTwoStepDeletion) {
  EXPECT_EQ(*Catalog().find_by_id("network")->template_path, ordered_json("Cnetwork"));
  EXPECT_EQ(*Catalog().find_by_id("firewall")->template_path, ordered_json("Cfirewall_config"));
  EXPECT_TRUE(Catalog().find_by_id("port")->template_path->is_object());
  EXPECT_FALSE(Catalog().find_by_id("ha_router")->template_path.has_value());
  EXPECT_EQ(Catalog().find_by_id("vnf_plan")->two_step_deletion, std::optional<bool>(false));
  EXPECT_FALSE(Catalog().find_by_id("port")->two_step_deletion.has_value());
}

TEST(SchemaCatalog, FindsResourcesByEtcdKey) {
  auto port = Catalog().find_by_etcd_key("/config/v2.0/ports/160234ca-x");
  ASSERT_TRUE(port.ok());
  EXPECT_EQ(port->root, "/config");
  EXPECT_EQ(port->schema->id, "port");
  EXPECT_EQ(port->id, "160234ca-x");
  auto tenant = Catalog().find_by_etcd_key("/esi-worker/config/common/v1.0/tenants/4b4c");
  ASSERT_TRUE(tenant.ok());
  EXPECT_EQ(tenant->root, "/esi-worker/config");
  EXPECT_EQ(tenant->schema->id, "tenant");
  auto heat_template = Catalog().find_by_etcd_key("/config/v2.0/heat_templates/network");
  ASSERT_TRUE(heat_template.ok());
  EXPECT_EQ(heat_template->schema->id, "heat_template");
  EXPECT_EQ(heat_template->id, "network");
  EXPECT_FALSE(Catalog().find_by_etcd_key("/config/v2.0/nothings/1").ok());
  EXPECT_FALSE(Catalog().find_by_etcd_key("/jobs/all/x").ok());
  EXPECT_FALSE(Catalog().find_by_etcd_key("/config/v2.0/ports/").ok());
}

// domain.md Appendix B, every row that names a relation, against the derived table.
TEST(SchemaCatalog, RelationsAgreeWithSpecAppendixB) {
  const std::vector<std::pair<std::string, std::map<std::string, std::string>>> kAppendixB = {
      {"port", {{"network_id", "network"}}},
      {"subnet", {{"network_id", "network"}}},
      {"ese_device", {{"location", "location"}}},
      {"ese_physical_port", {{"ese_device_id", "ese_device"}}},
      {"ese_logical_port",
       {{"network_id", "network"}, {"ese_physical_port_id", "ese_physical_port"}}},
      {"er_physical_interface",
       {{"connected_ese_port_id", "ese_physical_port"}, {"device_id", "edge_router"}}},
      {"ha_router", {{"primary_router_id", "edge_router"}, {"secondary_router_id", "edge_router"}}},
      {"ha_interface",
       {{"ha_router_id", "ha_router"},
        {"primary_interface_id", "er_physical_interface"},
        {"secondary_interface_id", "er_physical_interface"}}},
      {"common_function",
       {{"ha_router_id", "ha_router"}, {"common_function_pool_id", "common_function_pool"}}},
      {"nat_ip_pool",
       {{"ha_router_id", "ha_router"}, {"common_function_pool_id", "common_function_pool"}}},
      {"common_function_gateway",
       {{"downlink_interface_id", "ha_interface"},
        {"common_function_pool_id", "common_function_pool"}}},
      {"qos_option",
       {{"internet_service_id", "internet_service"},
        {"vpn_service_id", "vpn_service"},
        {"aws_service_id", "aws_service"},
        {"azure_service_id", "azure_service"},
        {"gcp_service_id", "gcp_service"},
        {"interdc_service_id", "interdc_service"},
        {"ha_router_id", "ha_router"}}},
      {"public_ip_pool",
       {{"ha_router_id", "ha_router"}, {"internet_service_id", "internet_service"}}},
      {"internet_gateway",
       {{"downlink_interface_id", "ha_interface"},
        {"associated_uplink_id", "ha_interface"},
        {"internet_service_id", "internet_service"},
        {"qos_option_id", "qos_option"}}},
      {"public_ip",
       {{"ip_pool_id", "public_ip_pool"},
        {"suspended_public_ip_id", "suspended_public_ip"},
        {"internet_gw_id", "internet_gateway"}}},
      {"vpn_gateway",
       {{"downlink_interface_id", "ha_interface"},
        {"uplink_interface_id", "ha_interface"},
        {"vpn_service_id", "vpn_service"},
        {"qos_option_id", "qos_option"}}},
      {"vpn_interface", {{"vpn_gw_id", "vpn_gateway"}}},
      {"gw_interface",
       {{"network_id", "network"},
        {"internet_gw_id", "internet_gateway"},
        {"vpn_gw_id", "vpn_gateway"},
        {"aws_gw_id", "aws_gateway"},
        {"azure_gw_id", "azure_gateway"},
        {"gcp_gw_id", "gcp_gateway"},
        {"interdc_gw_id", "interdc_gateway"},
        {"public_ip_id", "public_ip"}}},
      {"static_route",
       {{"internet_gw_id", "internet_gateway"},
        {"vpn_gw_id", "vpn_gateway"},
        {"aws_gw_id", "aws_gateway"},
        {"azure_gw_id", "azure_gateway"},
        {"gcp_gw_id", "gcp_gateway"},
        {"interdc_gw_id", "interdc_gateway"},
        {"public_ip_id", "public_ip"}}},
      {"vnf_instance", {{"vnf_template_id", "vnf_template"}, {"vnf_plan_id", "vnf_plan"}}},
      {"vnf_interface",
       {{"network_id", "network"}, {"port_id", "port"}, {"vnf_instance_id", "vnf_instance"}}},
      {"firewall_plan", {{"vnf_template_id", "vnf_template"}, {"vnf_plan_id", "vnf_plan"}}},
      {"load_balancer_plan", {{"vnf_template_id", "vnf_template"}, {"vnf_plan_id", "vnf_plan"}}},
      {"firewall", {{"firewall_plan_id", "firewall_plan"}, {"vnf_instance_id", "vnf_instance"}}},
      {"firewall_interface",
       {{"network_id", "network"},
        {"firewall_id", "firewall"},
        {"vnf_interface_id", "vnf_interface"}}},
      {"load_balancer",
       {{"vnf_instance_id", "vnf_instance"},
        {"load_balancer_plan_id", "load_balancer_plan"},
        {"load_balancer_conf_id", "load_balancer_conf"}}},
      {"load_balancer_conf",
       {{"load_balancer_plan_id", "load_balancer_plan"}, {"vnf_instance_id", "vnf_instance"}}},
      {"load_balancer_interface",
       {{"network_id", "network"},
        {"vnf_interface_id", "vnf_interface"},
        {"load_balancer_id", "load_balancer"}}},
      {"load_balancer_syslog_server", {{"load_balancer_id", "load_balancer"}}},
      {"network", {}},
      {"edge_router", {}},
      {"internet_service", {}},
      {"vpn_service", {}},
      {"common_function_pool", {}},
      {"vnf_template", {}},
      {"vnf_plan", {}},
      {"physical_port", {}},
  };
  for (const auto& [type, relations] : kAppendixB) {
    const SchemaInfo* schema = Catalog().find_by_id(type);
    ASSERT_NE(schema, nullptr) << type;
    using Table = std::map<std::string, std::string>;
    const Table derived(schema->relations.begin(), schema->relations.end());
    EXPECT_EQ(derived, relations) << type;
  }
  // Not in Appendix B (no flow uses it) but derived the same way.
  EXPECT_EQ(Catalog().relation_target("local_subnet", "ese_logical_port_id"), "ese_logical_port");
  EXPECT_EQ(Catalog().relation_target("port", "device_id"), std::nullopt);
}

TEST(SchemaCatalog, RejectsMalformedCatalogues) {
  EXPECT_FALSE(SchemaCatalog::from_json(ordered_json::parse(R"({"x": []})")).ok());
  EXPECT_FALSE(SchemaCatalog::from_json(ordered_json::parse(R"([{"id": "a"}])")).ok());
  EXPECT_FALSE(SchemaCatalog::from_json(ordered_json::parse(
                                            R"([{"id": "a", "plural": "as", "prefix": "/v/as"},
                                               {"id": "a", "plural": "bs", "prefix": "/v/bs"}])"))
                   .ok());
  EXPECT_FALSE(SchemaCatalog::from_json(
                   ordered_json::parse(R"([{"id": "a", "plural": "as", "prefix": "/v"}])"))
                   .ok());
}

}  // namespace
}  // namespace esisim::domain
