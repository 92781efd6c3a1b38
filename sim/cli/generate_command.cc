// esisim generate --resources N [--shape SHAPE] [--seed S] [--out FILE] [--updates PERCENT]
//                 [--deletes PERCENT] [--bursts K]
// Writes a scenario of a synthetic ESI topology (sim/topology/) that `esisim run` runs to
// quiescence: the creations, then K bursts of updates and unit deletions. The YAML goes to
// stdout, or to FILE with a one-line summary on stdout. Exit 0 written, 2 bad arguments (the
// message names the option and its valid values or limits) or FILE not writable; nothing is
// written unless the whole file is ready.
#include <iostream>
#include <memory>
#include <string>

#include "sim/cli/cli_files.h"
#include "sim/cli/commands.h"
#include "sim/scenario/parser.h"
#include "sim/topology/scenario_writer.h"
#include "sim/topology/synthetic_topology.h"

namespace esisim::cli {

namespace {

struct GenerateArgs {
  size_t resources = 0;
  std::string shape = "mixed";
  uint64_t seed = 1;
  std::string out;
  uint32_t updates = 0;
  uint32_t deletes = 0;
  uint32_t bursts = 1;
};

// The options that decide the output, in a fixed order (not --out): the file's description.
std::string command_line(const GenerateArgs& a) {
  std::string text = "esisim generate --resources " + std::to_string(a.resources) + " --shape " +
                     a.shape + " --seed " + std::to_string(a.seed);
  if (a.updates > 0 || a.deletes > 0) {
    text += " --updates " + std::to_string(a.updates) + " --deletes " + std::to_string(a.deletes) +
            " --bursts " + std::to_string(a.bursts);
  }
  return text;
}

Result<sim::topology::TopologyOptions> topology_options(const GenerateArgs& a) {
  auto shape = sim::topology::parse_shape(a.shape);
  if (!shape.ok()) return Error{kExitBadInput, "--shape: " + shape.error().message};
  if (a.resources == 0 || a.resources > sim::topology::kTopologyResourcesMax) {
    return Error{kExitBadInput, "--resources: expected 1.." +
                                    std::to_string(sim::topology::kTopologyResourcesMax) +
                                    " (kTopologyResourcesMax), got " + std::to_string(a.resources)};
  }
  if (a.updates > 100) {
    return Error{kExitBadInput, "--updates: expected a percentage 0..100 of the resources, got " +
                                    std::to_string(a.updates)};
  }
  if (a.deletes > 100) {
    return Error{kExitBadInput, "--deletes: expected a percentage 0..100 of the units, got " +
                                    std::to_string(a.deletes)};
  }
  if (a.bursts == 0 || a.bursts > sim::topology::kTopologyBurstsMax) {
    return Error{kExitBadInput, "--bursts: expected 1.." +
                                    std::to_string(sim::topology::kTopologyBurstsMax) +
                                    " (kTopologyBurstsMax), got " + std::to_string(a.bursts)};
  }
  return sim::topology::TopologyOptions{a.seed,    a.resources, *shape,
                                        a.updates, a.deletes,   a.bursts};
}

int run_generate_command(const GenerateArgs& args) {
  auto options = topology_options(args);
  if (!options.ok()) {
    std::cerr << "esisim generate: " << options.error().message << "\n";
    return kExitBadInput;
  }
  // Every resource is at least one create step: refuse at once what cannot fit.
  if (args.resources > scenario::kStepsMax) {
    std::cerr << "esisim generate: --resources " << args.resources
              << " is more than the scenario language's limit of " << scenario::kStepsMax
              << " steps (kStepsMax); use fewer resources\n";
    return kExitBadInput;
  }
  auto requests = sim::topology::generate_requests(*options);
  if (!requests.ok()) {
    std::cerr << "esisim generate: " << requests.error().message << "\n";
    return kExitBadInput;
  }
  size_t steps = requests->size() + 3;  // the implicit templates step, the last run, the expect
  for (const auto& r : *requests) steps += r.settle_before ? 1 : 0;
  if (steps > scenario::kStepsMax) {
    std::cerr << "esisim generate: --resources " << args.resources << " gives " << steps
              << " steps, more than the scenario language's limit of " << scenario::kStepsMax
              << " (kStepsMax); use fewer resources, updates or deletes\n";
    return kExitBadInput;
  }
  const std::string yaml = sim::topology::write_scenario_yaml(
      *requests, {command_line(args), args.seed, sim::topology::run_limit_ms(args.resources)});
  if (args.out.empty()) {
    std::cout << yaml;
    return kExitOk;
  }
  if (!write_text_file(args.out, yaml)) {
    std::cerr << "esisim generate: --out: cannot write " << args.out << "\n";
    return kExitBadInput;
  }
  std::cout << "generate: wrote " << args.out << ": " << requests->size() << " requests, " << steps
            << " steps (" << command_line(args) << ")\n";
  return kExitOk;
}

}  // namespace

void add_generate(CLI::App& app, CommandRunner& runner) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write a scenario (YAML) of a synthetic ESI topology of about N resources, with update "
      "and delete bursts after the creations; `esisim run` runs it to quiescence.");
  cmd->add_option("--resources", args->resources,
                  "About this many resources, in whole units (1.." +
                      std::to_string(sim::topology::kTopologyResourcesMax) + ")")
      ->required();
  cmd->add_option("--shape", args->shape,
                  "logical_network, gateway, load_balancer, firewall or mixed (default mixed)");
  cmd->add_option("--seed", args->seed, "Seed of the ids, values and bursts (default 1)");
  cmd->add_option("--out", args->out, "Write the scenario here (default: stdout)");
  cmd->add_option("--updates", args->updates,
                  "Updates in the bursts, percent of the resources created (0..100, default 0)");
  cmd->add_option("--deletes", args->deletes,
                  "Units deleted in the bursts, percent of the units (0..100, default 0)");
  cmd->add_option("--bursts", args->bursts,
                  "Bursts the updates and deletes are spread over, each after a quiescent run "
                  "(1.." +
                      std::to_string(sim::topology::kTopologyBurstsMax) + ", default 1)");
  cmd->callback([args, &runner] { runner.exit_code = run_generate_command(*args); });
}

}  // namespace esisim::cli
