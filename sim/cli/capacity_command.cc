// esisim capacity (SCENARIO | --generate N [--shape S] [--topology-seed S] [--updates P]
//                 [--deletes P] [--bursts K] [--gap DURATION]) [--workers N ...] [--seed S]
//                 [--json] [--timeline FILE] [--dag FILE] [--limit DURATION] [--path-steps N]
//                 [--fixtures DIR] [-j N]
// Runs a scenario, or a topology generated in memory (sim/topology, heat-only: its requests one
// every --gap of simulated time), once per worker count (fresh world each, checkpoints and
// expects skipped) and
// reports in simulated time: makespan, queue waits, heat_worker slot use and the critical path
// (sim/capacity/capacity_report.h), as a table, or JSON with --json. --timeline and --dag
// write the Chrome trace-event timeline and the Graphviz DAG of the first worker count given.
// Exit 0 when every run came to rest, 1 when one did not (or a step failed), 2 for bad input.
#include <algorithm>
#include <atomic>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "sim/capacity/capacity_run.h"
#include "sim/cli/cli_files.h"
#include "sim/cli/commands.h"
#include "sim/scenario/duration.h"
#include "sim/scenario/runner.h"
#include "sim/topology/synthetic_topology.h"
#include "sim/world/scenario_world.h"

namespace esisim::cli {

namespace {

struct CapacityArgs {
  std::string scenario_path;
  std::vector<int> workers;
  std::optional<uint64_t> seed;
  bool json = false;
  std::string timeline_path;
  std::string dag_path;
  std::string limit_text = "24h";
  std::size_t path_steps_max = 20;
  unsigned jobs = 1;
  std::string fixtures_dir;
  std::size_t generate = 0;  // resources of a generated topology; 0: run SCENARIO
  std::string shape = "mixed";
  uint64_t topology_seed = 1;
  uint32_t updates_percent = 0;
  uint32_t deletes_percent = 0;
  uint32_t bursts = 1;
  std::string gap_text = "1s";
};

// What to run: the world each worker count gets, and its driver.
struct Workload {
  std::string title;
  sim::WorldConfig config;
  std::optional<scenario::Scenario> scenario;
  std::vector<sim::topology::GohanRequest> requests;
  int64_t gap_ms = 0;
};

int fail_input(const std::string& message) {
  std::cerr << "esisim capacity: " << message << "\n";
  return kExitBadInput;
}

int run_capacity_command(const CapacityArgs& args) {
  auto limit = scenario::parse_duration(args.limit_text);
  if (!limit.ok()) return fail_input("--limit: " + limit.error().message);
  for (int w : args.workers) {
    if (w < 1 || w > sim::capacity::kCapacityWorkersMax) {
      return fail_input("--workers: " + std::to_string(w) + " is not in 1.." +
                        std::to_string(sim::capacity::kCapacityWorkersMax));
    }
  }
  Workload work;
  if (args.generate > 0) {
    if (!args.scenario_path.empty()) return fail_input("give a SCENARIO or --generate, not both");
    auto shape = sim::topology::parse_shape(args.shape);
    if (!shape.ok()) return fail_input("--shape: " + shape.error().message);
    auto gap = scenario::parse_duration(args.gap_text);
    if (!gap.ok()) return fail_input("--gap: " + gap.error().message);
    sim::topology::TopologyOptions options;
    options.seed = args.topology_seed;
    options.resources = args.generate;
    options.shape = shape.value();
    options.updates_percent = args.updates_percent;
    options.deletes_percent = args.deletes_percent;
    options.bursts = args.bursts;
    auto requests = sim::topology::generate_requests(options);
    if (!requests.ok()) return fail_input(requests.error().message);
    work.requests = std::move(requests.value());
    work.gap_ms = gap.value();
    std::string fixtures = args.fixtures_dir.empty() ? "fixtures" : args.fixtures_dir;
    work.config.templates_dir = fixtures + "/esi/heat_templates";
    work.config.schemas_path = fixtures + "/esi/schemas.json";
    work.config.seed = args.seed.value_or(1);
    work.title = "capacity of a generated " + args.shape + " topology (" +
                 std::to_string(args.generate) + " resources, topology seed " +
                 std::to_string(args.topology_seed) + ", " + std::to_string(work.requests.size()) +
                 " requests one every " + args.gap_text + ", seed " +
                 std::to_string(work.config.seed) + "), simulated time";
  } else {
    if (args.scenario_path.empty()) return fail_input("give a SCENARIO file or --generate N");
    auto loaded = scenario::load_valid_scenario(args.scenario_path, args.fixtures_dir);
    if (!loaded.ok()) {
      for (const Error& e : loaded.error()) std::cerr << e.message << "\n";
      return fail_input(args.scenario_path + ": not a valid scenario (" +
                        std::to_string(loaded.error().size()) + " errors); nothing was run");
    }
    work.scenario = std::move(loaded.value());
    uint64_t seed = args.seed.value_or(work.scenario->seed);
    work.config = scenario::world_config_for(*work.scenario, seed);
    work.title = "capacity of " + work.scenario->name + " (" + args.scenario_path + ", seed " +
                 std::to_string(seed) + "), simulated time";
  }
  std::vector<int> counts = args.workers;
  if (counts.empty()) counts.push_back(work.config.workers);

  std::vector<std::optional<Result<sim::capacity::CapacityRun>>> runs(counts.size());
  std::atomic<std::size_t> next{0};
  auto run_counts = [&] {
    for (std::size_t i = next++; i < counts.size(); i = next++) {
      sim::WorldConfig config = work.config;
      config.workers = counts[i];
      runs[i] = sim::capacity::run_capacity(
          config,
          work.scenario ? sim::capacity::scenario_driver(*work.scenario)
                        : sim::capacity::requests_driver(work.requests, work.gap_ms, limit.value()),
          limit.value());
    }
  };
  std::vector<std::thread> threads;
  unsigned thread_count = std::clamp<unsigned>(args.jobs, 1, static_cast<unsigned>(counts.size()));
  for (unsigned t = 0; t < thread_count; ++t) threads.emplace_back(run_counts);
  for (auto& t : threads) t.join();

  std::vector<sim::capacity::CapacityReport> reports;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& run = *runs[i];
    if (!run.ok()) {
      std::cerr << "esisim capacity: " << work.title << " with " << counts[i]
                << " workers: " << run.error().message << "\n";
      return run.error().code == kExitBadInput ? kExitBadInput : kExitCheckFailed;
    }
    reports.push_back(run.value().report);
  }
  const std::string& title = work.title;
  if (args.json) {
    std::cout << sim::capacity::report_json(title, reports).dump(2) << "\n";
  } else {
    std::cout << sim::capacity::render_table(title, reports, args.path_steps_max);
  }
  const sim::capacity::CapacityRun& first = runs.front()->value();
  if (!args.timeline_path.empty() &&
      !write_text_file(args.timeline_path,
                       sim::capacity::timeline_json(first.timeline, first.report).dump() + "\n")) {
    return fail_input(args.timeline_path + ": cannot write");
  }
  if (!args.dag_path.empty() &&
      !write_text_file(args.dag_path, sim::capacity::dag_dot(first.timeline, first.report))) {
    return fail_input(args.dag_path + ": cannot write");
  }
  return kExitOk;
}

}  // namespace

void add_capacity(CLI::App& app, CommandRunner& runner) {
  auto args = std::make_shared<CapacityArgs>();
  CLI::App* cmd = app.add_subcommand(
      "capacity",
      "Run a scenario with several heat_worker counts and report, in simulated time, the "
      "makespan, the critical path, queue waits and worker slot use");
  cmd->add_option("SCENARIO", args->scenario_path, "scenario file (YAML), unless --generate");
  cmd->add_option("--generate", args->generate,
                  "run a synthetic topology of about N resources built in memory instead")
      ->check(CLI::Range(static_cast<std::size_t>(1), sim::topology::kTopologyResourcesMax));
  cmd->add_option("--shape", args->shape,
                  "with --generate: logical_network, gateway, load_balancer, firewall or mixed");
  cmd->add_option("--topology-seed", args->topology_seed, "with --generate: topology seed");
  cmd->add_option("--updates", args->updates_percent, "with --generate: update PERCENT per burst");
  cmd->add_option("--deletes", args->deletes_percent, "with --generate: delete PERCENT per burst");
  cmd->add_option("--bursts", args->bursts, "with --generate: update/delete bursts");
  cmd->add_option("--gap", args->gap_text,
                  "with --generate: simulated time between two requests (default 1s)");
  cmd->add_option("--workers", args->workers,
                  "heat_worker slot counts to compare, e.g. --workers 1 2 4 8 or 1,2,4,8 "
                  "(default: the scenario's workers)")
      ->delimiter(',');
  cmd->add_option("--seed", args->seed, "run seed (default: the scenario's)");
  cmd->add_flag("--json", args->json, "print the report as JSON instead of a table");
  cmd->add_option("--timeline", args->timeline_path,
                  "write a Chrome/Perfetto trace-event JSON of the first worker count's run");
  cmd->add_option("--dag", args->dag_path,
                  "write the job DAG of the first worker count's run as Graphviz DOT");
  cmd->add_option("--limit", args->limit_text,
                  "simulated time allowed to come to rest after the last step (default 24h)");
  cmd->add_option("--path-steps", args->path_steps_max,
                  "critical path jobs listed per run in the table (default 20)");
  cmd->add_option("--fixtures", args->fixtures_dir,
                  "folder with esi/ (templates, schemas); default: the nearest fixtures/ above "
                  "the scenario");
  cmd->add_option("-j,--jobs", args->jobs, "runs at once (default 1)")->check(CLI::Range(1u, 64u));
  cmd->callback([args, &runner] { runner.exit_code = run_capacity_command(*args); });
}

}  // namespace esisim::cli
