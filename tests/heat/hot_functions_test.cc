// evaluate_hot: each intrinsic function, as Heat resolves it.
#include "core/heat/hot_functions.h"

#include <gtest/gtest.h>

#include <string>

#include "core/heat/hot_template.h"
#include "tests/heat/hot_test_ids.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

class FakeScope final : public HotScope {
 public:
  EvalResult<ordered_json> parameter(std::string_view name) const override {
    if (!parameters.contains(std::string(name))) return EvalFailure{"no parameter", {}};
    return parameters[std::string(name)];
  }
  EvalResult<ordered_json> resource_id(std::string_view resource) const override {
    return ordered_json("id-of-" + std::string(resource));
  }
  EvalResult<ordered_json> attribute(std::string_view resource,
                                     std::string_view attribute) const override {
    return ordered_json(std::string(resource) + "." + std::string(attribute));
  }
  ordered_json parameters = ordered_json::object();
};

// The value of output `a` of a template whose outputs section is `value_yaml`.
class HotFunctions : public ::testing::Test {
 protected:
  EvalResult<ordered_json> eval(const std::string& value_yaml) {
    const std::string text =
        "heat_template_version: 2013-05-23\n"
        "parameters:\n  p: {type: json}\n  s: {type: string}\n  n: {type: number}\n"
        "resources:\n  r: {type: OS::Contrail::VirtualNetwork}\n"
        "  m: {type: ESI::Monitoring::MonitoringTarget}\n"
        "outputs:\n  a:\n    value: " +
        value_yaml + "\n";
    hot_ = testing::parse_or_fail("t", text);
    if (hot_.outputs.empty()) return EvalFailure{"no template", {}};
    return evaluate_hot(hot_.outputs[0].value, scope_);
  }
  ordered_json value(const std::string& value_yaml) {
    auto result = eval(value_yaml);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? result.value() : ordered_json("<failed>");
  }
  std::string failure(const std::string& value_yaml) {
    auto result = eval(value_yaml);
    EXPECT_FALSE(result.ok());
    return result.ok() ? "" : result.error().message;
  }

  FakeScope scope_;
  HotTemplate hot_;
};

TEST_F(HotFunctions, GetParamWithAndWithoutPath) {
  scope_.parameters["s"] = "text";
  scope_.parameters["p"] = ordered_json::parse(R"({"list": ["x", "y"], "map": {"k": 1}})");
  EXPECT_EQ(value("{get_param: s}"), "text");
  EXPECT_EQ(value("{get_param: [p, list, 1]}"), "y");
  EXPECT_EQ(value("{get_param: [p, list, '0']}"), "x");
  EXPECT_EQ(value("{get_param: [p, list, -1]}"), "y");
  EXPECT_EQ(value("{get_param: [p, map, k]}"), 1);
  EXPECT_EQ(value("{get_param: [p, map, missing]}"), "");  // Heat's GetParam gives ''
  EXPECT_EQ(value("{get_param: [p, list, 5]}"), "");
  EXPECT_EQ(value("{get_param: [s, 0]}"), "");
}

TEST_F(HotFunctions, GetResourceAndGetAttr) {
  EXPECT_EQ(value("{get_resource: r}"), "id-of-r");
  EXPECT_EQ(value("{get_attr: [m, link]}"), "m.link");
  EXPECT_EQ(value("[{get_resource: r}, {k: {get_attr: [r, name]}}]"),
            ordered_json::parse(R"(["id-of-r", {"k": "r.name"}])"));
}

TEST_F(HotFunctions, GetAttrPathAndFailures) {
  HotTemplate t = testing::parse_or_fail(
      "t",
      "heat_template_version: 2013-05-23\nresources:\n  r: {type: OS::Contrail::VirtualNetwork}\n"
      "outputs:\n  a: {value: {get_attr: [r, fq_name, a, 1, b]}}\n"
      "  b: {value: {get_attr: [r, fq_name, a, 7]}}\n"
      "  c: {value: {get_attr: [r, route_targets]}}\n");
  class PathScope final : public HotScope {
   public:
    EvalResult<ordered_json> parameter(std::string_view) const override {
      return ordered_json(nullptr);
    }
    EvalResult<ordered_json> resource_id(std::string_view) const override {
      return ordered_json(nullptr);
    }
    EvalResult<ordered_json> attribute(std::string_view, std::string_view name) const override {
      if (name == "route_targets") return EvalFailure{"'X' object has no attribute 'y'", {}};
      return ordered_json::parse(R"({"a": [10, {"b": "deep"}]})");
    }
  } scope;
  EXPECT_EQ(evaluate_hot(t.outputs[0].value, scope).value(), "deep");
  EXPECT_EQ(evaluate_hot(t.outputs[1].value, scope).value(), nullptr);
  auto failed = evaluate_hot(t.outputs[2].value, scope);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "'X' object has no attribute 'y'");
  EXPECT_EQ(failed.error().mark.line, 7);  // located at the get_attr argument
}

TEST_F(HotFunctions, StrReplaceFormatsValuesAsPythonStr) {
  scope_.parameters["n"] = 1025;
  EXPECT_EQ(value("{str_replace: {template: '%name%_%zone%_%ip%', params: {'%name%': "
                  "{get_param: n}, '%zone%': zone, '%ip%': 10.0.0.1}}}"),
            "1025_zone_10.0.0.1");
  EXPECT_EQ(value("{str_replace: {template: 'a-b-a', params: {a: true, b: 0.5}}}"),
            "True-0.5-True");
  EXPECT_EQ(value("{str_replace: {template: 'x=$x', params: {$x: null}}}"), "x=");
  EXPECT_EQ(failure("{str_replace: {template: t, params: {t: [1]}}}"),
            "\"str_replace\" params must be strings or numbers");
  EXPECT_EQ(failure("{str_replace: {template: 3, params: {t: u}}}"),
            "\"str_replace\" template must be a string, got 3");
}

TEST_F(HotFunctions, JoinsSplitAndSelect) {
  EXPECT_EQ(value("{list_join: [',', [a, b], [c]]}"), "a,b,c");
  EXPECT_EQ(value("{'Fn::Join': [':', [a, null, c]]}"), "a::c");
  EXPECT_EQ(value("{'Fn::Join': [',', []]}"), "");
  EXPECT_EQ(failure("{'Fn::Join': [',', [a, 1]]}"), "Items to join must be strings not 1");
  EXPECT_EQ(failure("{'Fn::Join': [',', a]}"), "\"Fn::Join\" must operate on a list");
  EXPECT_EQ(value("{'Fn::Split': [',', 'a,b,,c']}"), ordered_json::parse(R"(["a","b","","c"])"));
  EXPECT_EQ(value("{'Fn::Split': [',', '']}"), ordered_json::parse(R"([""])"));
  EXPECT_EQ(value("{'Fn::Select': [1, [a, b]]}"), "b");
  EXPECT_EQ(value("{'Fn::Select': [k, {k: v}]}"), "v");
  EXPECT_EQ(value("{'Fn::Select': [4, [a, b]]}"), "");
  EXPECT_EQ(value("{'Fn::Split': [',', {'Fn::Join': [',', [x, y]]}]}"),
            ordered_json::parse(R"(["x","y"])"));
}

TEST(HotPythonStr, MatchesPython2) {
  EXPECT_EQ(python_str(ordered_json(true)), "True");
  EXPECT_EQ(python_str(ordered_json(7)), "7");
  EXPECT_EQ(python_str(ordered_json(1.0)), "1.0");
  EXPECT_EQ(python_str(ordered_json(0.1)), "0.1");
  EXPECT_EQ(python_str(ordered_json(1e16)), "1e+16");
  EXPECT_EQ(python_str(ordered_json(123456789012.5)), "123456789012.0");  // %.12g
  EXPECT_EQ(python_str(ordered_json(nullptr)), "");
}

}  // namespace
}  // namespace esisim::heat
