// Durations as scenarios write them: "500ms", "30s", "5m", "2h", combinations written from the
// largest unit down ("1m30s", "1h5m"), or a bare integer meaning milliseconds.
//
// Contract: pure functions. parse_duration accepts only non-negative values up to
// kDurationMaxMillis (30 days) and returns an error message saying what was expected, without
// a place (the caller adds file:line:column). format_duration gives the shortest such text
// ("90s" -> "1m30s", 0 -> "0ms").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"
#include "sim/scenario/scenario.h"

namespace esisim::scenario {

inline constexpr Millis kDurationMaxMillis = 30LL * 24 * 3600 * 1000;

Result<Millis> parse_duration(std::string_view text);
std::string format_duration(Millis ms);

}  // namespace esisim::scenario
