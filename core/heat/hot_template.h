// A parsed HOT (Heat Orchestration Template) document, as the fake Heat engine evaluates it.
//
// Contract: `parse_hot(name, rendered_yaml)` reads the already rendered YAML text (Jinja done
// by the caller) with Heat's YAML rules (PyYAML SafeLoader, YAML 1.1 scalars, timestamps kept
// as strings) and returns parameters, resources and outputs in document order, each value as an
// expression tree (`HotExpr`) whose intrinsic function calls are recognised and checked:
// get_param, get_resource, get_attr, str_replace, list_join, Fn::Join, Fn::Split, Fn::Select.
// Every error names the template and the line:column in the rendered text (1-based) and what
// was expected: YAML syntax, an unknown intrinsic function, a malformed function argument, a
// reference to an unknown parameter or resource, an attribute the resource type does not
// have (resource_model.h), a missing required key (resource `type`, output `value`), a
// dependency cycle, or a limit (`HotLimits`, named in the message).
//
// Example:
//   auto t = parse_hot("network", text);
//   t->resources[0].name == "network"; t->resources[0].type == "OS::Contrail::VirtualNetwork"
//   t->outputs[0].name == "id" (document order); t->output_listing_order() is Heat's order.
//   parse_hot("x", "outputs:\n  a:\n    value: {get_atr: [r, b]}\n") ->
//     error "x:3:12: unknown intrinsic function 'get_atr'; expected one of get_param, ..."
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::heat {

// Error codes of this module: bad template text or structure (as the command line tools use
// for bad input), and failures while evaluating a stack.
inline constexpr int kHotErrorBadTemplate = 2;
inline constexpr int kHotErrorEvaluation = 3;

struct HotLimits {
  std::size_t text_bytes_max = 4u << 20;
  std::size_t depth_max = 64;
  std::size_t resources_max = 1000;
  std::size_t outputs_max = 1000;
  std::size_t parameters_max = 1000;
};

// 1-based position in the rendered text (0 = unknown).
struct SourceMark {
  int line = 0;
  int column = 0;
};

enum class HotFunction {
  kGetParam,
  kGetResource,
  kGetAttr,
  kStrReplace,
  kListJoin,
  kFnJoin,
  kFnSplit,
  kFnSelect,
};

// The name of a function as written in templates ("get_param", "Fn::Join").
std::string_view hot_function_name(HotFunction function);

struct HotMember;

// A template value: a scalar (JSON scalar after YAML 1.1 resolution), a list, a map, or an
// intrinsic function call whose single argument is `items[0]`.
struct HotExpr {
  enum class Kind { kScalar, kList, kMap, kCall };
  Kind kind = Kind::kScalar;
  nlohmann::ordered_json scalar;   // kScalar
  std::vector<HotExpr> items;      // kList elements; kCall: exactly one, the argument
  std::vector<HotMember> members;  // kMap, document order (a repeated key keeps its first place)
  HotFunction function = HotFunction::kGetParam;  // kCall
  SourceMark mark;

  // Member value by key, or nullptr (kMap only).
  const HotExpr* member(std::string_view key) const;
};

struct HotMember {
  std::string key;
  HotExpr value;
};

struct HotParameter {
  std::string name;
  std::string type;  // string, number, boolean, json, comma_delimited_list
  std::optional<nlohmann::ordered_json> default_value;
  SourceMark mark;
};

struct HotResource {
  std::string name;
  std::string type;
  HotExpr properties;                   // kMap (empty when the template has none)
  std::vector<std::string> depends_on;  // explicit depends_on, as written
  std::vector<std::string> references;  // resources named by get_resource/get_attr in properties
  SourceMark mark;
};

struct HotOutput {
  std::string name;
  std::string description;  // "No description given" when absent, as Heat says
  HotExpr value;
  SourceMark mark;
};

struct HotTemplate {
  std::string name;
  std::string version;  // heat_template_version as written
  std::vector<HotParameter> parameters;
  std::vector<HotResource> resources;  // document order
  std::vector<HotOutput> outputs;      // document order
  // Indices into `resources` in creation order: dependencies first, then document order.
  std::vector<std::size_t> creation_order;

  const HotParameter* find_parameter(std::string_view name) const;
  const HotResource* find_resource(std::string_view name) const;
  // Indices into `outputs` in the order Heat lists them (hot_outputs.h).
  std::vector<std::size_t> output_listing_order() const;
};

Result<HotTemplate> parse_hot(std::string_view template_name, std::string_view rendered_yaml,
                              const HotLimits& limits = {});

// "name:line:col: " prefix of every message about a place in a template.
std::string hot_location(std::string_view template_name, SourceMark mark);

}  // namespace esisim::heat
