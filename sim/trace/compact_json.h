// A JSON text re-written compactly without building a JSON value: the trace recorder's fast
// path for etcd values (most are objects written by the simulator itself).
//
// Contract:
// * append_compact_json(text, out) returns true and appends exactly
//   nlohmann::ordered_json::parse(text).dump() when `text` is in the subset it handles: ASCII
//   only, strings whose escapes are \" \\ \b \f \n \r \t, integers of at most 18 digits (no
//   "-0"), no duplicate key in an object, nesting at most kCompactDepthMax.
// * Otherwise (anything else, valid JSON or not) it returns false and leaves `out` as it was;
//   the caller then parses the text the slow way. It never throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace esisim::trace {

inline constexpr std::size_t kCompactDepthMax = 64;

bool append_compact_json(std::string_view text, std::string& out);

}  // namespace esisim::trace
