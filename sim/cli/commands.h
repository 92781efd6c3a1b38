// The esisim subcommands. Each add_* registers one subcommand with CLI11; its callback runs
// the command and leaves the process exit code in the runner (0 ok, 1 check failed, 2 bad
// input).
#pragma once

#include <CLI/CLI.hpp>

namespace esisim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;

struct CommandRunner {
  int exit_code = kExitOk;
};

void add_etcd_replay(CLI::App& app, CommandRunner& runner);
void add_demo(CLI::App& app, CommandRunner& runner);
void add_jm_replay(CLI::App& app, CommandRunner& runner);
void add_replay(CLI::App& app, CommandRunner& runner);
void add_run(CLI::App& app, CommandRunner& runner);
void add_capacity(CLI::App& app, CommandRunner& runner);

}  // namespace esisim::cli
