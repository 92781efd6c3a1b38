// File helpers shared by the subcommands: whole-file JSON reads with errors that name the
// file (exit code 2, bad input), and whole-file writes.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/util/result.h"
#include "sim/cli/commands.h"

namespace esisim::cli {

inline Result<nlohmann::ordered_json> read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{kExitBadInput, path + ": cannot open"};
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = nlohmann::ordered_json::parse(text.str(), nullptr, false);
  if (parsed.is_discarded()) return Error{kExitBadInput, path + ": not JSON"};
  return parsed;
}

inline bool write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace esisim::cli
