// esisim: the command line. Exit codes: 0 success, 1 a check failed, 2 bad input.
#include <CLI/CLI.hpp>
#include <iostream>

#include "sim/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"esisim: deterministic simulator of the ESI orchestration back-end"};
  app.require_subcommand(1);
  app.fallthrough(false);
  esisim::cli::CommandRunner runner;
  esisim::cli::add_etcd_replay(app, runner);
  esisim::cli::add_demo(app, runner);
  esisim::cli::add_jm_replay(app, runner);
  esisim::cli::add_replay(app, runner);
  esisim::cli::add_run(app, runner);
  esisim::cli::add_capacity(app, runner);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "esisim: " << e.what() << "\n"
              << "Run with --help for usage.\n";
    return esisim::cli::kExitBadInput;
  }
  return runner.exit_code;
}
