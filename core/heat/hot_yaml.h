// YAML text -> HotExpr tree, with the scalar rules of Heat's loader (PyYAML SafeLoader).
//
// Contract: `load_hot_yaml` parses one YAML document (yaml-cpp) into kScalar/kList/kMap nodes
// carrying their 1-based line:column; no function is recognised here (hot_template.h does
// that). Plain scalars are resolved as YAML 1.1 / PyYAML does: null (~, null, Null, NULL,
// empty), bool (yes/no/true/false/on/off in three casings), int (decimal, 0x, 0b, leading-0
// octal, underscores, sexagesimal 1:30), float (needs a dot, or .inf/.nan); timestamps stay
// strings, as Heat's loader makes them. Quoted and block scalars are strings. A repeated map
// key takes the last value (PyYAML) at the first key's place. Errors (code
// kHotErrorBadTemplate): YAML syntax with yaml-cpp's message, non-scalar keys, integers out of
// 64-bit range, nesting deeper than `HotLimits::depth_max`, text over `text_bytes_max`.
//
// Example: resolve_plain_scalar("0x1F") == 31, ("1:30") == 90, ("2013-05-23") == "2013-05-23",
//          ("yes") == true, ("1e5") == "1e5" (YAML 1.1 floats need a dot).
#pragma once

#include <string_view>

#include "core/heat/hot_template.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::heat {

Result<HotExpr> load_hot_yaml(std::string_view template_name, std::string_view text,
                              const HotLimits& limits);

// The JSON value of an untagged plain scalar (errors: integer out of range).
Result<nlohmann::ordered_json> resolve_plain_scalar(std::string_view text);

}  // namespace esisim::heat
