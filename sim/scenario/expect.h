// `expect:` checks of a scenario, evaluated against a keyspace {key: decoded value}.
//
// Contract: pure. A check reads the key's value, then the JSON pointer `path` inside it (a
// string holding JSON text is decoded when the pointer goes below it, so
// /state/heat_outputs/0/output_value reads into the heat_outputs string). exists: the key (and
// the path) is there; absent: it is not; equals: the value there equals the expected JSON
// (member order ignored, 1 == 1.0); matches: the ECMAScript regex is found in the value's text
// (the string itself, or the compact JSON of any other value; at most kMatchTextMax bytes).
// Returns nullopt when the check holds, else a message: where, what was found, what was
// expected.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "nlohmann/json.hpp"
#include "sim/scenario/scenario.h"

namespace esisim::scenario {

// libstdc++'s regex recurses once per character matched; longer texts could exhaust a
// thread's stack, so `matches` reads at most this much (narrow it with `path`).
inline constexpr std::size_t kMatchTextMax = 4096;

std::optional<std::string> check_expectation(const Expectation& check,
                                             const nlohmann::ordered_json& keyspace);

}  // namespace esisim::scenario
