// Test helper: reads files under the project's fixtures/ (ESISIM_FIXTURES_DIR).
//
// Contract: paths are relative to fixtures/. A missing or unparsable file fails the calling
// test through ADD_FAILURE and yields an empty result, so a test never silently passes on
// absent data. JSON is parsed into ordered_json, which keeps the key order of the text.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace esisim::testing {

inline std::string fixture_path(const std::string& relative) {
  return std::string(ESISIM_FIXTURES_DIR) + "/" + relative;
}

inline std::string read_fixture_text(const std::string& relative) {
  std::ifstream in(fixture_path(relative), std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot open fixture " << fixture_path(relative);
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline nlohmann::ordered_json read_fixture_json(const std::string& relative) {
  auto parsed = nlohmann::ordered_json::parse(read_fixture_text(relative), nullptr, false);
  if (parsed.is_discarded()) ADD_FAILURE() << "fixture is not JSON: " << relative;
  return parsed;
}

// One ordered_json per non-empty line of a .jsonl fixture.
inline std::vector<nlohmann::ordered_json> read_fixture_json_lines(const std::string& relative) {
  std::vector<nlohmann::ordered_json> lines;
  std::istringstream text(read_fixture_text(relative));
  std::string line;
  while (std::getline(text, line)) {
    if (line.empty()) continue;
    auto parsed = nlohmann::ordered_json::parse(line, nullptr, false);
    if (parsed.is_discarded()) {
      ADD_FAILURE() << relative << ": line is not JSON: " << line.substr(0, 80);
      continue;
    }
    lines.push_back(std::move(parsed));
  }
  return lines;
}

// The three full-index traces: HEAD 00 (heat-only) and the 2017 runs of 01 and 02.
inline const std::vector<std::string>& full_index_traces() {
  static const std::vector<std::string> kTraces = {
      "traces/00_logical_network.jsonl",
      "history/01_common_function_gateway/trace.jsonl",
      "history/02_internet_gateway/trace.jsonl",
  };
  return kTraces;
}

}  // namespace esisim::testing
