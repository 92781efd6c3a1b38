// YAML nodes as the scenario language reads them: places, map entries with merge keys, and
// conversion to JSON with YAML 1.2's core schema.
//
// Contract: no exception escapes (yaml-cpp's are caught and become errors with a place).
// Plain scalars are typed as YAML 1.2's core schema says (null, true/false, integers in decimal,
// 0x and 0o, floats; .inf/.nan have no JSON form and are errors); quoted scalars and `!!str` are
// strings. Map keys are strings and must be unique. `<<: *anchor` (or a list of anchors) merges
// the anchored maps' entries that the map does not set itself, as YAML's merge key type says.
// Conversion is bounded: nesting depth kYamlDepthMax and kYamlValuesMax values in all (aliases
// count each time they are expanded).
//
// Example:
//   auto json = yaml_to_json(YAML::Load("{a: 1, b: '1', c: [true, ~]}"), "x.yaml");
//   json.value() == {"a": 1, "b": "1", "c": [true, null]}
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"
#include "sim/scenario/scenario.h"

namespace esisim::scenario {

inline constexpr std::size_t kYamlDepthMax = 64;
inline constexpr std::size_t kYamlValuesMax = 200'000;

// The node's place, 1-based; a node without one (an absent key) gets line and column 0.
SourceMark mark_of(const YAML::Node& node, const std::string& file);

// Parses YAML text: the document's root, or "file:line:column: <yaml-cpp's message>".
Result<YAML::Node> load_yaml(const std::string& text, const std::string& file);

struct MapEntry {
  std::string key;
  SourceMark key_mark;
  YAML::Node value;
};

// The entries of a map in written order, merge keys expanded. Errors: not a map, a key that is
// not a scalar, a duplicate key, a merge value that is not a map or a list of maps.
Result<std::vector<MapEntry>> map_entries(const YAML::Node& node, const std::string& file);

Result<nlohmann::ordered_json> yaml_to_json(const YAML::Node& node, const std::string& file);

// The node's kind for messages: "a map", "a list", "a string", "null".
std::string yaml_kind(const YAML::Node& node);

}  // namespace esisim::scenario
