// esisim etcd-replay TRACE.jsonl [--dump DUMP.json]
#include <iostream>
#include <memory>

#include "sim/cli/commands.h"
#include "sim/etcd_replay.h"
#include "sim/trace/trace_reader.h"

namespace esisim::cli {

namespace {
struct EtcdReplayArgs {
  std::string trace_path;
  std::string dump_path;
  size_t details_max = 20;
};

int run_etcd_replay(const EtcdReplayArgs& args) {
  auto events = trace::read_trace_file(args.trace_path);
  if (!events.ok()) {
    std::cerr << "esisim etcd-replay: " << events.error().message << "\n";
    return kExitBadInput;
  }
  std::optional<nlohmann::json> dump;
  if (!args.dump_path.empty()) {
    auto read = read_dump_file(args.dump_path);
    if (!read.ok()) {
      std::cerr << "esisim etcd-replay: " << read.error().message << "\n";
      return kExitBadInput;
    }
    dump = std::move(read.value());
  }
  EtcdReplayOptions options;
  options.details_max = args.details_max;
  EtcdReplayReport report = replay_etcd_trace(events.value(), dump, options);
  for (const auto& line : report.details) std::cout << "  " << line << "\n";
  std::cout << "checked: " << report.indexed_events << " events with recorded indices";
  if (dump) {
    std::cout << ", " << report.final_keys_compared << " dump keys ("
              << report.final_key_mismatches_unrecorded_prefix
              << " mismatches under key prefixes the trace never shows)";
  }
  std::cout << "; lenient operations on index-less events: " << report.lenient_operations
            << "; unexpected expiries: " << report.unexpected_expiries << "\n";
  std::cout << report.summary_line() << "\n";
  return report.passed() ? kExitOk : kExitCheckFailed;
}
}  // namespace

void add_etcd_replay(CLI::App& app, CommandRunner& runner) {
  auto args = std::make_shared<EtcdReplayArgs>();
  CLI::App* cmd = app.add_subcommand(
      "etcd-replay",
      "Apply every event of a recorded etcd trace to a fresh etcd model and check the indices "
      "(and, with --dump, the final keyspace) against the recording.");
  cmd->add_option("trace", args->trace_path, "Trace file (JSON lines, as fixtures/traces/*.jsonl)")
      ->required();
  cmd->add_option("--dump", args->dump_path, "Final keyspace to compare with (JSON object)");
  cmd->add_option("--details", args->details_max, "How many mismatches to print (default 20)")
      ->check(CLI::Range(0, 100000));
  cmd->callback([args, &runner] { runner.exit_code = run_etcd_replay(*args); });
}

}  // namespace esisim::cli
