// parse_hot: structure, YAML scalar rules, function recognition and located errors.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "core/heat/hot_template.h"
#include "core/heat/hot_yaml.h"
#include "tests/domain/fixture_reader.h"
#include "tests/heat/hot_test_ids.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;
using testing::head_template_text;
using testing::parse_or_fail;

std::string error_of(std::string_view text, const HotLimits& limits = {}) {
  auto parsed = parse_hot("t", text, limits);
  EXPECT_FALSE(parsed.ok()) << "parsed although it should not";
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.error().code, kHotErrorBadTemplate);
  return parsed.error().message;
}

TEST(HotParse, NetworkTemplateInDocumentOrder) {
  HotTemplate t = parse_or_fail("network", head_template_text("network"));
  EXPECT_EQ(t.version, "2013-05-23");  // a YAML timestamp stays a string, as in Heat
  ASSERT_EQ(t.parameters.size(), 8u);
  EXPECT_EQ(t.parameters[0].name, "uuid");
  EXPECT_EQ(t.parameters[0].type, "string");
  EXPECT_EQ(*t.parameters[0].default_value, "");
  EXPECT_EQ(t.parameters[3].type, "comma_delimited_list");
  EXPECT_EQ(*t.parameters[3].default_value, ordered_json::array());
  EXPECT_EQ(*t.parameters[4].default_value, false);
  EXPECT_FALSE(t.parameters[1].default_value.has_value());
  ASSERT_EQ(t.resources.size(), 1u);
  EXPECT_EQ(t.resources[0].type, "OS::Contrail::VirtualNetwork");
  const HotExpr* uuid = t.resources[0].properties.member("uuid");
  ASSERT_NE(uuid, nullptr);
  EXPECT_EQ(uuid->kind, HotExpr::Kind::kCall);
  EXPECT_EQ(uuid->function, HotFunction::kGetParam);
  ASSERT_EQ(t.outputs.size(), 4u);
  EXPECT_EQ(t.outputs[0].name, "id");
  EXPECT_EQ(t.outputs[3].name, "route_targets");
  EXPECT_EQ(t.outputs[2].description, "The FQ name of the virtual network.");
  EXPECT_EQ(t.outputs[0].mark.line, 55);  // where its body starts
  EXPECT_EQ(t.outputs[0].mark.column, 5);
}

TEST(HotParse, CreationOrderPutsDependenciesFirst) {
  HotTemplate t = parse_or_fail("t", R"(heat_template_version: 2013-05-23
resources:
  monitor:
    type: ESI::Monitoring::MonitoringTarget
    properties:
      resource_id: { get_resource: server }
  config:
    type: ESI::VNF::VyattaConfig
    depends_on: [ monitor ]
  server:
    type: ESI::VNF::Instance
)");
  ASSERT_EQ(t.creation_order.size(), 3u);
  EXPECT_EQ(t.resources[t.creation_order[0]].name, "server");
  EXPECT_EQ(t.resources[t.creation_order[1]].name, "monitor");
  EXPECT_EQ(t.resources[t.creation_order[2]].name, "config");
  EXPECT_EQ(t.resources[0].references, std::vector<std::string>{"server"});
  EXPECT_EQ(t.resources[1].depends_on, std::vector<std::string>{"monitor"});
}

TEST(HotParse, EveryTemplateWithoutJinjaParses) {
  int parsed = 0;
  auto check = [&](const std::string& name, const std::string& text) {
    if (text.find("{%") != std::string::npos || text.find("{{") != std::string::npos) return;
    auto t = parse_hot(name, text);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    ++parsed;
  };
  for (const char* name :
       {"edge_router", "er_physical_interface", "ese_device_existing", "ese_device_new",
        "ese_physical_port_existing", "ese_physical_port_new", "firewall_config", "load_balancer",
        "load_balancer_conf", "load_balancer_syslog_server", "local_subnet", "network", "subnet",
        "vnf_instance"}) {
    auto record =
        esisim::testing::read_fixture_json(std::string("esi/heat_templates/") + name + ".json");
    check(name, record["value"]["body"]["template_file"]);
    for (const auto& variant : record.value("other_log_variants", ordered_json::array())) {
      check(name, variant["value"]["body"]["template_file"]);
    }
  }
  for (const char* name :
       {"ese_device_existing", "ese_device_new", "ese_logical_port", "ese_physical_port_existing",
        "ese_physical_port_new", "firewall_config", "load_balancer_conf",
        "load_balancer_syslog_server", "local_subnet", "network", "subnet", "vnf_instance"}) {
    auto record = esisim::testing::read_fixture_json(std::string("esi/heat_templates-2017/") +
                                                     name + ".json");
    check(name, record["body"]["template_file"]);
  }
  EXPECT_EQ(parsed, 27);
}

TEST(HotParse, FnJoinAndFnSplitWithFlowStyleGetParam) {
  HotTemplate t = parse_or_fail("ese_device_new", head_template_text("ese_device_new"));
  const HotExpr* routers = t.find_resource("physical_router")->properties.member("virtual_routers");
  ASSERT_NE(routers, nullptr);
  EXPECT_EQ(routers->function, HotFunction::kFnSplit);
  const HotExpr& join = routers->items[0].items[1];
  EXPECT_EQ(join.function, HotFunction::kFnJoin);
  const HotExpr& inner = join.items[0].items[1].items[0];  // 'Fn::Join': [',', get_param: x]
  EXPECT_EQ(inner.function, HotFunction::kFnJoin);
  EXPECT_EQ(inner.items[0].items[1].function, HotFunction::kGetParam);
}

TEST(HotParse, YamlScalarsFollowPyYaml) {
  EXPECT_EQ(resolve_plain_scalar("210").value(), 210);
  EXPECT_EQ(resolve_plain_scalar("-0x1F").value(), -31);
  EXPECT_EQ(resolve_plain_scalar("010").value(), 8);
  EXPECT_EQ(resolve_plain_scalar("0b101").value(), 5);
  EXPECT_EQ(resolve_plain_scalar("1_000").value(), 1000);
  EXPECT_EQ(resolve_plain_scalar("1:30").value(), 90);
  EXPECT_EQ(resolve_plain_scalar("1.5").value(), 1.5);
  EXPECT_EQ(resolve_plain_scalar("1e5").value(), "1e5");
  EXPECT_EQ(resolve_plain_scalar("1.0e+5").value(), 100000.0);
  EXPECT_EQ(resolve_plain_scalar("yes").value(), true);
  EXPECT_EQ(resolve_plain_scalar("Off").value(), false);
  EXPECT_EQ(resolve_plain_scalar("~").value(), nullptr);
  EXPECT_EQ(resolve_plain_scalar("2013-05-23").value(), "2013-05-23");
  EXPECT_EQ(resolve_plain_scalar("192.168.200.101").value(), "192.168.200.101");
  EXPECT_EQ(resolve_plain_scalar("xe-0/0/38").value(), "xe-0/0/38");
  EXPECT_FALSE(resolve_plain_scalar("99999999999999999999").ok());
  EXPECT_FALSE(resolve_plain_scalar(std::string(100000, '7')).ok());  // out of range, no crash
  EXPECT_EQ(resolve_plain_scalar("+1_0:5").value(), 605);
  EXPECT_EQ(resolve_plain_scalar("1:67").value(), "1:67");
  EXPECT_EQ(resolve_plain_scalar("0x_Ff").value(), 255);
  EXPECT_EQ(resolve_plain_scalar("08").value(), "08");  // not octal, not decimal
  EXPECT_EQ(resolve_plain_scalar("1.").value(), 1.0);
  EXPECT_EQ(resolve_plain_scalar(".5e-3").value(), 0.0005);
  EXPECT_EQ(resolve_plain_scalar("-.inf").value(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(resolve_plain_scalar("1:30.5").value(), 90.5);
  EXPECT_EQ(resolve_plain_scalar("1.5e3").value(), "1.5e3");  // the exponent needs a sign
  EXPECT_EQ(resolve_plain_scalar("-").value(), "-");
  HotTemplate t = parse_or_fail("t", R"(heat_template_version: 2013-05-23
parameters:
  a: {type: string, default: '010'}
  b: {type: number, default: 010}
  c:
    type: string
    default: |
      text
)");
  EXPECT_EQ(*t.parameters[0].default_value, "010");
  EXPECT_EQ(*t.parameters[1].default_value, 8);
  EXPECT_EQ(*t.parameters[2].default_value, "text\n");
}

TEST(HotParse, ErrorsNameTheTemplateLineAndColumn) {
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\noutputs:\n  a:\n    value: [1, 2\n"),
            "t:5:1: YAML syntax error: end of sequence flow not found");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\noutputs:\n  a:\n"
                     "    value: {get_atr: [r, b]}\n"),
            "t:4:12: unknown intrinsic function 'get_atr'; expected one of get_param, "
            "get_resource, get_attr, str_replace, list_join, Fn::Join, Fn::Split, Fn::Select");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nparameters:\n  p: {type: string}\n"
                     "outputs:\n  a:\n    value: {get_param: q}\n"),
            "t:6:24: get_param: unknown parameter 'q'; expected one of p");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nresources:\n"
                     "  r: {type: ESI::VNF::Instance}\noutputs:\n  a:\n"
                     "    value: {get_resource: s}\n"),
            "t:6:27: get_resource: unknown resource 's'; expected one of r");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nresources:\n"
                     "  r: {type: ESI::Monitoring::MonitoringTarget}\noutputs:\n  a:\n"
                     "    value: {get_attr: [r, lnk]}\n"),
            "t:6:27: get_attr: resource 'r' (ESI::Monitoring::MonitoringTarget) has no "
            "attribute 'lnk'; expected one of link");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nresources:\n  r:\n"
                     "    properties: {}\n"),
            "t:4:5: resource 'r': missing type; expected a resource type");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\noutputs:\n  a:\n"
                     "    description: x\n"),
            "t:4:5: output 'a': missing value; expected a mapping with value");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nresources:\n"
                     "  r: {type: X::Y, depends_on: s}\n"),
            "t:3:6: resource 'r' depends_on unknown resource 's'; expected one of r");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\noutputs:\n  a:\n"
                     "    value: {get_attr: [r]}\n"),
            "t:4:23: get_attr: expected [resource name, attribute name, path...]");
  EXPECT_EQ(error_of("description: no version\n"),
            "t:1:1: missing heat_template_version; expected a template version");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nresource:\n  r: {type: X}\n"),
            "t:3:3: unknown section 'resource'; expected one of heat_template_version, "
            "description, parameter_groups, parameters, resources, outputs");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nparameters:\n  p: {type: text}\n"),
            "t:3:13: parameter 'p': expected type string, number, boolean, json or "
            "comma_delimited_list");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\noutputs:\n  a:\n"
                     "    value: {str_replace: {template: x}}\n"),
            "t:4:26: str_replace: expected a mapping with template and params (a mapping)");
}

TEST(HotParse, UnknownTypesGetTheGenericModel) {
  HotTemplate t = parse_or_fail("t",
                                "heat_template_version: 2013-05-23\nresources:\n"
                                "  r: {type: OS::Heat::None}\noutputs:\n  a:\n"
                                "    value: {get_resource: r}\n");
  EXPECT_EQ(t.resources[0].type, "OS::Heat::None");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nresources:\n"
                     "  r: {type: OS::Heat::None}\noutputs:\n  a:\n"
                     "    value: {get_attr: [r, show]}\n"),
            "t:6:27: get_attr: resource 'r' (OS::Heat::None) has no attribute 'show'; expected "
            "one of (none)");
}

TEST(HotParse, CyclesAndSelfReferencesAreErrors) {
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nresources:\n"
                     "  a: {type: X, depends_on: b}\n  b: {type: X, depends_on: a}\n"),
            "t:3:6: circular dependency between resources a, b; expected an acyclic "
            "depends_on/get_resource graph");
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nresources:\n"
                     "  a: {type: X, properties: {p: {get_resource: a}}}\n"),
            "t:3:47: get_resource: resource refers to itself 'a'; expected one of a");
}

TEST(HotParse, LimitsAreNamed) {
  HotLimits limits;
  limits.resources_max = 1;
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\nresources:\n  a: {type: X}\n"
                     "  b: {type: X}\n",
                     limits),
            "t:3:3: too many resources; the limit HotLimits::resources_max is 1");
  limits = {};
  limits.depth_max = 3;
  EXPECT_EQ(
      error_of("heat_template_version: 2013-05-23\noutputs:\n  a:\n    value: [[[1]]]\n", limits),
      "t:4:13: nesting deeper than the limit HotLimits::depth_max (3)");
  limits = {};
  limits.text_bytes_max = 10;
  EXPECT_EQ(error_of("heat_template_version: 2013-05-23\n", limits),
            "t: text of 34 bytes is over the limit HotLimits::text_bytes_max (10)");
}

}  // namespace
}  // namespace esisim::heat
