// esisim run PATH... [--seed N] [--filter GLOB] [-j N] [--dump-dir DIR] [--junit FILE]
//                    [--trace-out FILE] [--update-goldens] [--check-determinism] [--fixtures DIR]
// Runs scenario files or folders (sim/scenario/runner.h). Exit 0 all passed, 1 a scenario
// failed, 2 bad input (all validation errors are printed and nothing runs).
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "sim/cli/commands.h"
#include "sim/scenario/golden.h"
#include "sim/scenario/runner.h"
#include "sim/scenario/world.h"

namespace esisim::cli {

namespace {
bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0';
}

struct RunArgs {
  scenario::RunOptions options;
  uint64_t seed = 0;
};
}  // namespace

void add_run(CLI::App& app, CommandRunner& runner) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run",
      "Run scenario files or folders (*.yaml, searched recursively): one line per scenario, a "
      "total, checkpoints compared with fixtures/<scenario>/<checkpoint>.json.");
  cmd->add_option("paths", args->options.paths, "Scenario files or folders")->required();
  CLI::Option* seed = cmd->add_option("--seed", args->seed,
                                      "Seed for every scenario (default: "
                                      "each scenario's own, else 1)");
  cmd->add_option("--filter", args->options.filter, "Run only scenarios whose name matches GLOB");
  cmd->add_option("-j,--jobs", args->options.jobs, "Scenarios run in parallel (default 1)")
      ->check(CLI::Range(1u, scenario::kJobsMax));
  cmd->add_option("--dump-dir", args->options.dump_dir,
                  "Write DIR/<scenario>/<checkpoint>.json with the whole keyspace");
  cmd->add_option("--junit", args->options.junit_file, "Write JUnit XML here");
  cmd->add_option("--trace-out", args->options.trace_out,
                  "Write the trace here (one scenario), or DIR/<scenario>.jsonl (several)");
  cmd->add_flag("--update-goldens", args->options.update_goldens,
                "Rewrite the golden files of the checkpoints and print what changed (refused "
                "when CI is set)");
  cmd->add_flag("--check-determinism", args->options.check_determinism,
                "Run every scenario twice; fail unless the traces are byte-identical");
  cmd->add_option("--fixtures", args->options.fixtures_dir,
                  "Fixtures folder: template sets, schemas, goldens (default: the nearest "
                  "fixtures/ above the first scenario)");
  cmd->callback([args, seed, &runner] {
    scenario::RunOptions options = args->options;
    if (seed->count() > 0) options.seed = args->seed;
    options.ci = env_set("CI");
    options.colour =
        scenario::use_colour(isatty(STDOUT_FILENO) == 1, env_set("NO_COLOR"), options.ci);
    runner.exit_code = scenario::run_scenarios(options, scenario::make_default_world_factory(),
                                               std::cout, std::cerr);
  });
}

}  // namespace esisim::cli
