// Test helper: runs the esisim binary (ESISIM_BINARY) through the shell and captures its
// exit code and its output (stdout and stderr together).
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace esisim::testing {

struct CliRun {
  int exit_code;
  std::string output;
};

// `env` is put before the command ("CI=true", "env -u CI", or "").
inline CliRun run_esisim(const std::string& args, const std::string& env = "") {
  std::string command = env + " " + std::string(ESISIM_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer{};
  while (pipe && fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  int status = pipe ? pclose(pipe) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace esisim::testing
