// esisim replay TRACE.jsonl [--report FILE.json] [--trace-out FILE.jsonl] [--schemas FILE]
//                           [--mappings-2017 FILE] [--details N]
// Replays a recorded trace through esisim's Job Manager and workers (sim/replay/trace_replay.h)
// and prints the conformance per output prefix; the last line is the summary.
// Exit 0 only at 100% with no unexpected keys; 1 otherwise; 2 for bad input.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "sim/cli/cli_files.h"
#include "sim/cli/commands.h"
#include "sim/replay/trace_replay.h"
#include "sim/trace/trace_reader.h"

namespace esisim::cli {

namespace {
struct ReplayArgs {
  std::string trace_path;
  std::string report_path;
  std::string trace_out_path;
  std::string templates_dir;
  std::string schemas_path = "fixtures/esi/schemas.json";
  std::string mappings_2017_path = "fixtures/esi/template_mappings-2017.json";
  size_t details_max = 10;
};

int fail_input(const std::string& message) {
  std::cerr << "esisim replay: " << message << "\n";
  return kExitBadInput;
}

int run_replay(const ReplayArgs& args) {
  auto events = trace::read_trace_file(args.trace_path);
  if (!events.ok()) return fail_input(events.error().message);
  auto schemas_json = read_json_file(args.schemas_path);
  if (!schemas_json.ok()) return fail_input(schemas_json.error().message);
  auto mappings_json = read_json_file(args.mappings_2017_path);
  if (!mappings_json.ok()) return fail_input(mappings_json.error().message);
  auto schemas = domain::SchemaCatalog::from_json(schemas_json.value());
  if (!schemas.ok()) return fail_input(args.schemas_path + ": " + schemas.error().message);
  auto mappings = domain::TemplateMappings::from_json(mappings_json.value());
  if (!mappings.ok()) return fail_input(args.mappings_2017_path + ": " + mappings.error().message);

  replay::ReplayConfig config;
  if (!args.templates_dir.empty()) {
    std::error_code ec;
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(args.templates_dir, ec)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path().string());
    }
    if (ec) return fail_input(args.templates_dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      auto record = read_json_file(file);
      if (!record.ok()) return fail_input(record.error().message);
      const auto& value = record->contains("value") ? (*record)["value"] : record.value();
      if (!value.is_object() || !value.contains("body") || !value["body"].is_object()) {
        return fail_input(file + ": expected a heat template record {\"body\": {...}}");
      }
      config.templates.push_back(value);
    }
  }
  config.schemas = &schemas.value();
  config.mw2017 = &mappings.value();
  auto report = replay::replay_trace(events.value(), config);
  if (!report.ok()) return fail_input(report.error().message);
  const replay::ReplayReport& r = report.value();

  std::cout << "replay: " << events->size() << " trace events, " << r.input_events << " inputs, "
            << r.simulated_events << " simulated etcd events\n";
  for (const auto& [prefix, c] : r.prefixes) {
    std::cout << "  " << prefix << ": " << c.matched << "/" << c.recorded;
    if (c.indexed > 0) std::cout << " (" << c.same_index << "/" << c.indexed << " same index)";
    std::cout << "\n";
  }
  for (const auto& p : r.unwatched_prefixes) std::cout << "  not recorded: " << p << "\n";
  for (const auto& rec : r.reconstructions) std::cout << "  reconstructed: " << rec << "\n";
  size_t shown = 0;
  for (const auto& u : r.unexpected_keys) {
    if (shown++ < args.details_max) std::cout << "  unexpected key: " << u << "\n";
  }
  for (const auto& m : r.first_mismatches) {
    std::cout << "  first " << m.kind << ": " << m.key << " (trace line " << m.line << ")\n"
              << "    recorded " << m.recorded.dump() << "\n"
              << "    esisim   " << m.ours.dump() << "\n";
  }
  shown = 0;
  for (const auto& list : {&r.uninterpretable, &r.problems}) {
    for (const auto& p : *list) {
      if (shown++ < args.details_max) std::cout << "  note: " << p << "\n";
    }
  }
  if (!args.report_path.empty() && !write_text_file(args.report_path, r.to_json().dump(2) + "\n")) {
    return fail_input(args.report_path + ": cannot write");
  }
  if (!args.trace_out_path.empty() && !write_text_file(args.trace_out_path, r.trace_jsonl)) {
    return fail_input(args.trace_out_path + ": cannot write");
  }
  std::cout << r.summary_line() << "\n";
  return r.conformant() ? kExitOk : kExitCheckFailed;
}
}  // namespace

void add_replay(CLI::App& app, CommandRunner& runner) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* cmd = app.add_subcommand(
      "replay",
      "Replay a recorded trace through esisim's Job Manager and workers and measure "
      "conformance with what the real system wrote");
  cmd->add_option("TRACE", args->trace_path, "trace file (JSON lines)")->required();
  cmd->add_option("--report", args->report_path, "write the report as JSON to this file");
  cmd->add_option("--trace-out", args->trace_out_path,
                  "write every etcd event of the simulated run (trace format)");
  cmd->add_option("--templates", args->templates_dir,
                  "folder of heat template records (<name>.json) to load first, for traces "
                  "without their own /config/v2.0/heat_templates writes");
  cmd->add_option("--schemas", args->schemas_path, "Gohan schema catalogue (JSON)");
  cmd->add_option("--mappings-2017", args->mappings_2017_path,
                  "template mappings of the 2017 generation (JSON)");
  cmd->add_option("--details", args->details_max, "how many details of each kind to print");
  cmd->callback([args, &runner] { runner.exit_code = run_replay(*args); });
}

}  // namespace esisim::cli
