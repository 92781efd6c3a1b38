// YAML to JSON for scenario bodies: core-schema types, tags, merge keys, duplicates, limits.
#include "sim/scenario/yaml_json.h"

#include <gtest/gtest.h>

namespace esisim::scenario {
namespace {

using Json = nlohmann::ordered_json;

Json convert(const std::string& text) {
  auto node = load_yaml(text, "b.yaml");
  EXPECT_TRUE(node.ok()) << node.error().message;
  auto json = yaml_to_json(node.value(), "b.yaml");
  EXPECT_TRUE(json.ok()) << (json.ok() ? "" : json.error().message);
  return json.ok() ? json.value() : Json();
}

std::string convert_error(const std::string& text) {
  auto node = load_yaml(text, "b.yaml");
  if (!node.ok()) return node.error().message;
  auto json = yaml_to_json(node.value(), "b.yaml");
  EXPECT_FALSE(json.ok()) << text;
  return json.ok() ? "" : json.error().message;
}

TEST(ScenarioYamlJson, TypesPlainScalarsAsYaml12CoreSchema) {
  Json j = convert(
      "{n: ~, e: , t: true, f: False, i: 42, neg: -7, hex: 0x1F, oct: 0o17, fl: 1.5, ex: 2e3, "
      "s: hello, yes: yes, ver: 1.2.3, big: 18446744073709551615}");
  EXPECT_EQ(j.dump(),
            R"({"n":null,"e":null,"t":true,"f":false,"i":42,"neg":-7,"hex":31,"oct":15,"fl":1.5,)"
            R"("ex":2000.0,"s":"hello","yes":"yes","ver":"1.2.3","big":18446744073709551615})");
}

TEST(ScenarioYamlJson, QuotedScalarsAndStrTagsStayStrings) {
  Json j = convert("{a: '42', b: \"true\", c: !!str 7, d: !!int '8', e: '', f: \"~\"}");
  EXPECT_EQ(j.dump(), R"({"a":"42","b":"true","c":"7","d":8,"e":"","f":"~"})");
}

TEST(ScenarioYamlJson, KeepsMapOrderAndNesting) {
  Json j = convert("z: 1\na: [1, {y: 2, b: [x]}]\n");
  EXPECT_EQ(j.dump(), R"({"z":1,"a":[1,{"y":2,"b":["x"]}]})");
}

TEST(ScenarioYamlJson, MergeKeysFillWhatTheMapDoesNotSet) {
  Json j = convert(
      "base: &base {name: p, admin_state_up: true, fixed_ips: []}\n"
      "other: &other {name: q, device_owner: x}\n"
      "port: {<<: [*base, *other], name: p2}\n");
  EXPECT_EQ(j["port"].dump(),
            R"({"name":"p2","admin_state_up":true,"fixed_ips":[],"device_owner":"x"})");
}

TEST(ScenarioYamlJson, ErrorsNameThePlace) {
  EXPECT_EQ(convert_error("a: 1\na: 2\n"), "b.yaml:2:1: duplicate key 'a'");
  EXPECT_EQ(convert_error("x: .inf\n"),
            "b.yaml:1:4: '.inf' has no JSON form (quote it to make it a string)");
  EXPECT_EQ(convert_error("x: 99999999999999999999\n"),
            "b.yaml:1:4: integer 99999999999999999999 is out of range");
  EXPECT_EQ(convert_error("x: !foo 1\n"),
            "b.yaml:1:4: unsupported tag '!foo' (expected !!str, !!int, !!float, !!bool or "
            "!!null, or no tag)");
  EXPECT_EQ(convert_error("x: {<<: 3}\n"),
            "b.yaml:1:9: expected a map or a list of maps after '<<', found '3'");
  EXPECT_EQ(convert_error("? [a]\n: 1\n"),
            "b.yaml:1:3: expected a string as map key, found a list");
  EXPECT_EQ(convert_error("x: [1, 2\n"),
            "b.yaml:2:1: not valid YAML: end of sequence flow not found");
}

TEST(ScenarioYamlJson, BoundsAliasExpansion) {
  // Each level doubles the values; 2^22 values exceed kYamlValuesMax.
  std::string text = "a0: &a0 [1, 1]\n";
  for (int i = 1; i <= 21; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) +
            ", *a" + std::to_string(i - 1) + "]\n";
  }
  std::string message = convert_error(text);
  EXPECT_NE(message.find("more than 200000 values (aliases included)"), std::string::npos)
      << message;
}

}  // namespace
}  // namespace esisim::scenario
