// esisim jm-replay TRACE.jsonl [--schemas FILE] [--mappings-2017 FILE] [--details N]
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "sim/cli/cli_files.h"
#include "sim/cli/commands.h"
#include "sim/replay/job_manager_trace_driver.h"
#include "sim/trace/trace_reader.h"

namespace esisim::cli {

namespace {
struct JmReplayArgs {
  std::string trace_path;
  std::string schemas_path = "fixtures/esi/schemas.json";
  std::string mappings_2017_path = "fixtures/esi/template_mappings-2017.json";
  size_t details_max = 10;
};

int run_jm_replay(const JmReplayArgs& args) {
  auto events = trace::read_trace_file(args.trace_path);
  auto schemas_json = read_json_file(args.schemas_path);
  auto mappings_json = read_json_file(args.mappings_2017_path);
  for (const Error* e : {events.ok() ? nullptr : &events.error(),
                         schemas_json.ok() ? nullptr : &schemas_json.error(),
                         mappings_json.ok() ? nullptr : &mappings_json.error()}) {
    if (e != nullptr) {
      std::cerr << "esisim jm-replay: " << e->message << "\n";
      return kExitBadInput;
    }
  }
  auto schemas = domain::SchemaCatalog::from_json(schemas_json.value());
  auto mappings = domain::TemplateMappings::from_json(mappings_json.value());
  if (!schemas.ok() || !mappings.ok()) {
    std::cerr << "esisim jm-replay: "
              << (schemas.ok() ? mappings.error().message : schemas.error().message) << "\n";
    return kExitBadInput;
  }
  auto run = replay::run_job_manager_along(events.value(), schemas.value(), mappings.value());
  if (!run.ok()) {
    std::cerr << "esisim jm-replay: " << run.error().message << "\n";
    return kExitBadInput;
  }
  replay::WriteComparison c = replay::compare_writes(run.value());
  size_t shown = 0;
  for (const auto& p : run->problems) {
    if (shown++ < args.details_max) std::cout << "  problem: " << p << "\n";
  }
  for (const auto& r : run->reconstructions) std::cout << "  reconstructed: " << r << "\n";
  for (const auto& m : c.mismatches) {
    if (shown++ < args.details_max) std::cout << "  " << m << "\n";
  }
  for (const auto& k : c.extra_keys) {
    if (shown++ < args.details_max) std::cout << "  written by esisim only: " << k << "\n";
  }
  bool passed = c.exact() && run->problems.empty();
  std::cout << "jm-replay: " << c.matched_events << "/" << c.recorded_events
            << " recorded Job Manager writes reproduced on " << c.recorded_keys << " keys, "
            << run->jobs.size() << " jobs, " << c.extra_keys.size() << " unexpected keys\n";
  return passed ? kExitOk : kExitCheckFailed;
}
}  // namespace

void add_jm_replay(CLI::App& app, CommandRunner& runner) {
  auto args = std::make_shared<JmReplayArgs>();
  CLI::App* cmd = app.add_subcommand(
      "jm-replay",
      "Run the Job Manager along a recorded trace (config events, /state versions, job-id "
      "suffixes and scheduling moments from the recording) and compare every write it makes "
      "with the recorded Job Manager writes, key by key. Exact only on full-index traces.");
  cmd->add_option("trace", args->trace_path, "Trace file (JSON lines)")->required();
  cmd->add_option("--schemas", args->schemas_path, "Gohan schema catalogue (JSON)");
  cmd->add_option("--mappings-2017", args->mappings_2017_path,
                  "Template mappings of the 2017 generation (JSON)");
  cmd->add_option("--details", args->details_max, "How many differences to print (default 10)");
  cmd->callback([args, &runner] { runner.exit_code = run_jm_replay(*args); });
}

}  // namespace esisim::cli
