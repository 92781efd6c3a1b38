#include "core/domain/mapping.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "core/domain/regex_match.h"
#include "core/domain/resource_multiplicity.h"
#include "core/domain/template_selection.h"
#include "core/json/python_json.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::domain {
namespace {

using nlohmann::ordered_json;

const SchemaCatalog& Schemas() {
  static const SchemaCatalog kCatalog = [] {
    auto catalog = SchemaCatalog::from_json(testing::read_fixture_json("esi/schemas.json"));
    EXPECT_TRUE(catalog.ok());
    return std::move(*catalog);
  }();
  return kCatalog;
}

std::string Text(const ordered_json& value) { return *json::python_json_dumps(value); }

class MappingTest : public ::testing::Test {
 protected:
  MappingTest() {
    lookup_.put("network", "net1", ordered_json{{"id", "net1"}, {"name", "n"}});
    lookup_.put("subnet", "sub1", ordered_json{{"id", "sub1"}, {"network_id", "net1"}});
    lookup_.put("edge_router", "er1", ordered_json{{"id", "er1"}, {"ip", "10.0.0.1"}});
    lookup_.put("edge_router", "er2", ordered_json{{"id", "er2"}, {"ip", "10.0.0.2"}});
    lookup_.put(
        "ha_router", "ha1",
        ordered_json{{"id", "ha1"}, {"primary_router_id", "er1"}, {"secondary_router_id", "er2"}});
    lookup_.put("ha_interface", "hi1", ordered_json{{"id", "hi1"}, {"ha_router_id", "ha1"}});
    lookup_.put("internet_gateway", "igw1",
                ordered_json{{"downlink_interface_id", "hi1"}, {"id", "igw1"}, {"vrf_name", "v"}});
    lookup_.put("common_function_pool", "cfp1",
                ordered_json{{"id", "cfp1"}, {"vrrp_config", {{{"vrid", 41}}, {{"vrid", 42}}}}});
    lookup_.put("common_function", "cf1", ordered_json{{"common_function_number", 1}});
    lookup_.put("common_function", "cf2", ordered_json{{"common_function_number", 2}});
  }

  Result<Param> Eval(const ordered_json& mapping, const std::string& type, const ordered_json& body,
                     std::int64_t version = 1) {
    const std::string id = body.is_object() ? body.value("id", "self") : "self";
    const MappingContext context{type, id, body, version, Schemas(), lookup_};
    return evaluate_mapping("p", mapping, context);
  }

  MapResourceLookup lookup_;
};

TEST_F(MappingTest, StringForms) {
  const ordered_json port = {{"admin_state_up", true},
                             {"fixed_ips", {{{"ip_address", "1.1.1.1"}, {"subnet_id", "sub1"}}}},
                             {"id", "port1"},
                             {"network_id", "net1"},
                             {"primary", {{"ip_address", "192.168.8.2/30"}}}};
  EXPECT_EQ(Eval("Padmin_state_up", "port", port)->value, true);
  EXPECT_EQ(Eval("Pfixed_ips", "port", port)->value, port["fixed_ips"]);
  EXPECT_TRUE(Eval("Pno_such_field", "port", port)->value.is_null());
  EXPECT_EQ(Eval("C13", "port", port)->value, "13");
  EXPECT_EQ(Eval("Cdefault-domain:default-project:ipam", "port", port)->value,
            "default-domain:default-project:ipam");
  EXPECT_EQ(Eval("Vauto_filled", "port", port, 3)->value, 3);
  EXPECT_EQ(Eval("Oprimary:ip_address", "port", port)->value, "192.168.8.2/30");
  EXPECT_EQ(Text(Eval("Mnetwork:network_id:id", "port", port)->to_json()),
            R"({"param": "p", "type": "output_key", "value": {"output_key": "id", )"
            R"("resource_type": "network", "resource_id": "net1"}, "resources": )"
            R"([{"resource_type": "network", "resource_id": "net1"}]})");
}

TEST_F(MappingTest, FieldWalkAndConcatenation) {
  const ordered_json gateway = {{"downlink_interface_id", "hi1"}, {"vrf_name", "vrf"}};
  auto ip = Eval(
      "Fha_interface+downlink_interface_id:ha_router+ha_router_id:edge_router+"
      "primary_router_id:ip",
      "internet_gateway", gateway);
  ASSERT_TRUE(ip.ok()) << ip.error().message;
  EXPECT_EQ(ip->value, "10.0.0.1");
  EXPECT_EQ(ip->resources,
            (std::vector<ResourceRef>{
                {"ha_interface", "hi1"}, {"ha_router", "ha1"}, {"edge_router", "er1"}}));
  EXPECT_EQ(Eval("APvrf_name&C_IN", "internet_gateway", gateway)->value, "vrf_IN");
  auto prefix = Eval("AFinternet_gateway+internet_gw_id:vrf_name&C_prefix", "public_ip",
                     ordered_json{{"internet_gw_id", "igw1"}});
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(prefix->value, "v_prefix");
  EXPECT_EQ(prefix->resources, (std::vector<ResourceRef>{{"internet_gateway", "igw1"}}));
}

TEST_F(MappingTest, ConstantKeepsJsonTypeUnlikeStringForm) {
  EXPECT_EQ(Eval(ordered_json{{"constant", 13}}, "firewall", {})->value, 13);
  EXPECT_EQ(Eval("C13", "firewall", {})->value, "13");
  EXPECT_TRUE(Eval(ordered_json{{"constant", nullptr}}, "port", {})->value.is_null());
  EXPECT_EQ(Eval(ordered_json{{"version", "auto_filled"}}, "port", {}, 2)->value, 2);
}

TEST_F(MappingTest, IgnoreMissingAndMissingReferenceError) {
  const ordered_json mapping = ordered_json::parse(
      R"({"field": "id", "path": [{"type": "public_ip", "id": "public_ip_id"}],
          "ignore_missing": true})");
  auto absent = Eval(mapping, "gw_interface", ordered_json{{"id", "g"}});
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(absent->value, "");
  EXPECT_TRUE(absent->resources.empty());
  auto unknown = Eval(mapping, "gw_interface", ordered_json{{"public_ip_id", "pip9"}});
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->value, "");

  ordered_json strict = mapping;
  strict.erase("ignore_missing");
  auto error = Eval(strict, "gw_interface", ordered_json{{"public_ip_id", "pip9"}});
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().code, kMappingErrorMissingReference);
  EXPECT_NE(error.error().message.find("param \"p\""), std::string::npos);
  EXPECT_NE(error.error().message.find("public_ip_id"), std::string::npos);  // the mapping
  EXPECT_NE(error.error().message.find("public_ip \"pip9\""), std::string::npos);
  auto no_id = Eval(strict, "gw_interface", ordered_json::object());
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(no_id.error().code, kMappingErrorMissingReference);
}

TEST_F(MappingTest, PathFormsAndRelationOfBareField) {
  const ordered_json cfg = {{"common_function_pool_id", "cfp1"}, {"downlink_interface_id", "hi1"}};
  auto ip = Eval(ordered_json::parse(
                     R"({"field": "ip", "path": ["downlink_interface_id", "ha_router_id",
                                                  "primary_router_id"]})"),
                 "common_function_gateway", cfg);
  ASSERT_TRUE(ip.ok()) << ip.error().message;
  EXPECT_EQ(ip->value, "10.0.0.1");
  EXPECT_EQ(ip->resources.size(), 3u);

  auto server = Eval(ordered_json::parse(R"({"path": ["network_id"], "output_key": "id"})"),
                     "subnet", ordered_json{{"network_id", "net1"}});
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(server->type, ParamType::kOutputKey);
  EXPECT_EQ(server->value["resource_type"], "network");

  // {"field": f} on a relation field adds the target (domain-2017.md §1.4 item 6).
  const ordered_json ha = {{"id", "ha1"}, {"primary_router_id", "er1"}, {"name", "x"}};
  EXPECT_EQ(Eval(ordered_json{{"field", "primary_router_id"}}, "ha_router", ha)->resources,
            (std::vector<ResourceRef>{{"edge_router", "er1"}}));
  EXPECT_TRUE(Eval(ordered_json{{"field", "name"}}, "ha_router", ha)->resources.empty());
  EXPECT_TRUE(Eval(ordered_json{{"field", "associated_uplink_id"}}, "internet_gateway",
                   ordered_json{{"associated_uplink_id", nullptr}})
                  ->resources.empty());

  // {"output_key": k} without path: the resource's own outputs.
  auto own = Eval(ordered_json{{"output_key", "fq_name"}}, "network", ordered_json{{"id", "n7"}});
  EXPECT_EQ(Text(own->value),
            R"({"output_key": "fq_name", "resource_type": "network", "resource_id": "n7"})");
  EXPECT_TRUE(own->resources.empty());

  // A path element that is itself a mapping yielding the relation field name.
  auto login =
      Eval(ordered_json::parse(R"({"field": "ip", "path": [
                      {"concatenate": [{"field": "service_type"}, "_gw_id"]},
                      "downlink_interface_id", "ha_router_id", "secondary_router_id"]})"),
           "gw_interface", ordered_json{{"service_type", "internet"}, {"internet_gw_id", "igw1"}});
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->value, "10.0.0.2");
  EXPECT_EQ(login->resources.front(), (ResourceRef{"internet_gateway", "igw1"}));
  EXPECT_EQ(Eval(ordered_json::parse(R"({"nested": ["primary", "bgp_peer_ip"]})"), "vpn_interface",
                 ordered_json::parse(R"({"primary": {"bgp_peer_ip": "1.2.3.4"}})"))
                ->value,
            "1.2.3.4");
}

TEST_F(MappingTest, ForFieldForms) {
  const ordered_json port = ordered_json::parse(
      R"({"fixed_ips": [{"ip_address": "a", "subnet_id": "sub1"},
                        {"ip_address": "b", "subnet_id": "sub1"}], "id": "port1"})");
  auto subnets = Eval(ordered_json::parse(
                          R"({"for_field": "fixed_ips", "for_mapping": {"output_key": "id",
                              "path": [{"id": "subnet_id", "type": "subnet"}]}})"),
                      "port", port);
  ASSERT_TRUE(subnets.ok()) << subnets.error().message;
  EXPECT_EQ(Text(subnets->to_json()),
            R"({"param": "p", "type": "list", "value": [)"
            R"({"resources": [], "type": "output_key", "value": {"output_key": "id", )"
            R"("resource_type": "subnet", "resource_id": "sub1"}, "param": "p"}, )"
            R"({"resources": [], "type": "output_key", "value": {"output_key": "id", )"
            R"("resource_type": "subnet", "resource_id": "sub1"}, "param": "p"}], )"
            R"("resources": [{"resource_type": "subnet", "resource_id": "sub1"}, )"
            R"({"resource_type": "subnet", "resource_id": "sub1"}]})");

  auto ids = Eval(ordered_json::parse(R"({"for_field": "port_ids", "for_mapping":
                    {"output_key": "id", "path": [{"type": "port", "id": ""}]}})"),
                  "ese_logical_port", ordered_json{{"port_ids", {"p1", "p2"}}});
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  EXPECT_EQ(ids->value[1]["value"]["resource_id"], "p2");
  EXPECT_EQ(ids->resources.size(), 2u);

  auto numbers = Eval(ordered_json::parse(R"({"for_field": "common_functions", "for_mapping":
      {"field": "common_function_number", "path": [{"type": "common_function",
       "id": "common_function_id"}]}})"),
                      "common_function_gateway",
                      ordered_json::parse(R"({"common_functions": [{"common_function_id": "cf1"},
                                                                   {"common_function_id": "cf2"}]})"));
  ASSERT_TRUE(numbers.ok()) << numbers.error().message;
  EXPECT_EQ(numbers->type, ParamType::kValue);
  EXPECT_EQ(numbers->value, ordered_json({1, 2}));
  EXPECT_EQ(numbers->resources.size(), 2u);

  auto vrids = Eval(ordered_json::parse(R"({"for_field": {"field": "vrrp_config",
      "path": ["common_function_pool_id"]}, "for_mapping": {"field": "vrid"}})"),
                    "common_function_gateway", ordered_json{{"common_function_pool_id", "cfp1"}});
  ASSERT_TRUE(vrids.ok()) << vrids.error().message;
  EXPECT_EQ(vrids->value, ordered_json({41, 42}));
  EXPECT_EQ(vrids->resources, (std::vector<ResourceRef>{{"common_function_pool", "cfp1"}}));
}

TEST_F(MappingTest, IfMappingAndTemplateSelection) {
  const ordered_json& port_path = *Schemas().find_by_id("port")->template_path;
  const auto select = [&](const char* device_owner) {
    const ordered_json body = {{"device_owner", device_owner}};
    const MappingContext context{"port", "p1", body, 1, Schemas(), lookup_};
    return select_template(port_path, context);
  };
  EXPECT_EQ(*select("network:dhcp"), std::nullopt);
  EXPECT_EQ(*select("network:empty"), std::nullopt);
  EXPECT_EQ(*select("compute:nova"), std::optional<std::string>("port"));
  EXPECT_EQ(*select(""), std::optional<std::string>("port"));
  EXPECT_EQ(*select("network:gw_interface"), std::optional<std::string>("port"));

  const ordered_json ese_device = {{"existing", "existing"}};
  const MappingContext context{"ese_device", "d1", ese_device, 1, Schemas(), lookup_};
  EXPECT_EQ(*select_template(*Schemas().find_by_id("ese_device")->template_path, context),
            std::optional<std::string>("ese_device_existing"));

  const ordered_json equal = ordered_json::parse(
      R"({"if_mapping": {"equal": [{"field": "service_type"}, "internet"]},
          "then_mapping": {"constant": "yes"}, "else_mapping": {"constant": "no"}})");
  EXPECT_EQ(Eval(equal, "gw_interface", ordered_json{{"service_type", "internet"}})->value, "yes");
  EXPECT_EQ(Eval(equal, "gw_interface", ordered_json{{"service_type", "vpn"}})->value, "no");
}

TEST_F(MappingTest, MalformedMappingsAreErrors) {
  EXPECT_EQ(Eval("Xfoo", "port", {}).error().code, kMappingErrorInvalid);
  EXPECT_EQ(Eval("", "port", {}).error().code, kMappingErrorInvalid);
  EXPECT_EQ(Eval(ordered_json{{"unknown", 1}}, "port", {}).error().code, kMappingErrorInvalid);
  EXPECT_EQ(Eval(ordered_json::parse(R"({"field": "x", "path": ["not_a_relation"]})"), "port",
                 ordered_json{{"not_a_relation", "a"}})
                .error()
                .code,
            kMappingErrorInvalid);
  EXPECT_EQ(Eval(ordered_json{{"for_field", "ids"}, {"for_mapping", {{"field", "x"}}}}, "port",
                 ordered_json{{"ids", 3}})
                .error()
                .code,
            kMappingErrorBadValue);
  EXPECT_EQ(Eval(42, "port", {}).error().code, kMappingErrorInvalid);
}

TEST_F(MappingTest, ParamsComeInPython27DictOrder) {
  const ordered_json mappings = ordered_json::parse(
      R"({"admin_state_up": "Padmin_state_up", "heat_timeout": "C3", "name": "Pid",
          "uuid": "Pid"})");
  const ordered_json body = {{"admin_state_up", true}, {"id", "n1"}};
  const MappingContext context{"network", "n1", body, 1, Schemas(), lookup_};
  auto params = evaluate_parameter_mappings(mappings, context);
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(Text(params_to_json(*params)),
            R"([{"param": "uuid", "type": "value", "value": "n1", "resources": []}, )"
            R"({"param": "heat_timeout", "type": "value", "value": "3", "resources": []}, )"
            R"({"param": "name", "type": "value", "value": "n1", "resources": []}, )"
            R"({"param": "admin_state_up", "type": "value", "value": true, "resources": []}])");
}

TEST(ResourceMultiplicity, CreateOnceOthersAccumulate) {
  EXPECT_EQ(resource_multiplicity(WorkflowAction::kCreate, 0), 1u);
  EXPECT_EQ(resource_multiplicity(WorkflowAction::kCreate, 1), 1u);
  EXPECT_EQ(resource_multiplicity(WorkflowAction::kModify, 0), 2u);
  EXPECT_EQ(resource_multiplicity(WorkflowAction::kLogicalDelete, 0), 2u);
  EXPECT_EQ(resource_multiplicity(WorkflowAction::kModify, 1),
            3u);  // 2017 create:mw after delete:mw

  std::vector<Param> params(2);
  params[0].resources = {{"firewall", "f"}, {"vnf_instance", "v"}};
  multiply_resources(params, 2);
  EXPECT_EQ(
      params[0].resources,
      (std::vector<ResourceRef>{
          {"firewall", "f"}, {"vnf_instance", "v"}, {"firewall", "f"}, {"vnf_instance", "v"}}));
  EXPECT_TRUE(params[1].resources.empty());
}

}  // namespace
}  // namespace esisim::domain

namespace esisim::domain {
namespace {

TEST(PythonReMatch, AnchoredAtStartOnly) {
  EXPECT_TRUE(*python_re_match("network:dhcp|network:empty", "network:dhcp"));
  EXPECT_TRUE(*python_re_match("network:dhcp", "network:dhcp:extra"));  // re.match: prefix
  EXPECT_FALSE(*python_re_match("dhcp", "network:dhcp"));
  EXPECT_FALSE(*python_re_match("network:dhcp|network:empty", ""));
  EXPECT_FALSE(python_re_match("(unclosed", "x").ok());
  EXPECT_FALSE(python_re_match(std::string(kRegexPatternBytesMax + 1, 'a'), "a").ok());
}

}  // namespace
}  // namespace esisim::domain
