// Byte-exact Go `encoding/json.Marshal` output (the compact form Gohan writes to etcd).
//
// Contract: the output equals what Go (before 1.22) produces when marshalling the value as
// map[string]interface{} / []interface{}: no spaces; object keys sorted by byte order; strings
// keep non-ASCII UTF-8 as is, except U+2028/U+2029 (\u2028, \u2029); `<` `>` `&` become
// \u003c \u003e \u0026; \" \\ \n \r \t use short escapes, other control bytes \u00XX (lowercase
// hex); malformed UTF-8 bytes become \ufffd. Integers print as integers; floats as Go's float64
// encoder does (float_format.h). Errors: NaN or infinite numbers (Go's UnsupportedValueError),
// nesting deeper than `kGoJsonDepthMax`, binary or discarded values.
//
// Example: go_json_marshal({"version":1,"body":"a<b","marked_for_deletion":false})
//   == R"({"body":"a\u003cb","marked_for_deletion":false,"version":1})"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/json/text_buffer.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::json {

inline constexpr std::size_t kGoJsonDepthMax = 256;

Result<std::string> go_json_marshal(const nlohmann::ordered_json& value);

// Appends `text` as Go writes a string: quoted and escaped as above (runs of plain bytes are
// copied at once).
void append_go_json_string(std::string_view text, TextBuffer& out);

}  // namespace esisim::json
