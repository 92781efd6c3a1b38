// Test helpers for the scenario front end: parse from memory, join error messages.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/scenario/parser.h"
#include "sim/scenario/source_loader.h"

namespace esisim::testing {

inline std::string joined(const std::vector<Error>& errors) {
  std::string out;
  for (const Error& e : errors) out += e.message + "\n";
  return out;
}

// Parses `text` as s.yaml (other files from `loader`); fixtures folder "fx".
inline scenario::ParseResult parse_text(const std::string& text,
                                        const scenario::MemorySourceLoader& loader = {},
                                        const std::string& path = "s.yaml") {
  return scenario::parse_scenario_text(text, path, loader, scenario::ParseOptions{"fx"});
}

// The errors of a text expected not to parse, one per line ("" and a test failure if it parses).
inline std::string parse_errors(const std::string& text,
                                const scenario::MemorySourceLoader& loader = {}) {
  auto parsed = parse_text(text, loader);
  if (parsed.ok()) {
    ADD_FAILURE() << "expected errors, the scenario parsed:\n" << text;
    return "";
  }
  return joined(parsed.error());
}

}  // namespace esisim::testing
