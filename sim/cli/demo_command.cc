// esisim demo [--seed S] [--operations N] [--trace-out FILE] [--check-determinism]
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "sim/cli/commands.h"
#include "sim/demo_workload.h"

namespace esisim::cli {

namespace {
struct DemoArgs {
  uint64_t seed = 1;
  uint64_t operations = 2000;
  std::string trace_out;
  bool check_determinism = false;
};

uint64_t fnv1a(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

int run_demo_command(const DemoArgs& args) {
  DemoOptions options;
  options.seed = args.seed;
  options.operations = args.operations;
  std::ostringstream trace;
  auto summary = run_demo(options, trace);
  if (!summary.ok()) {
    std::cerr << "esisim demo: " << summary.error().message << "\n";
    return kExitCheckFailed;
  }
  if (!args.trace_out.empty()) {
    std::ofstream out(args.trace_out, std::ios::binary);
    if (!out || !(out << trace.str())) {
      std::cerr << "esisim demo: cannot write " << args.trace_out << "\n";
      return kExitBadInput;
    }
  }
  const DemoSummary& s = summary.value();
  std::cout << "demo: seed " << args.seed << ", " << s.operations << " operations, "
            << s.events_recorded << " etcd events, final index " << s.final_index << ", "
            << s.watch_notifications << " watch notifications, " << s.watch_resyncs
            << " watch resyncs";
  for (const auto& [code, n] : s.errors_by_code) std::cout << ", " << n << "x error " << code;
  std::cout << "\n";
  char digest[17];
  std::snprintf(digest, sizeof digest, "%016llx",
                static_cast<unsigned long long>(fnv1a(trace.str())));
  std::cout << "trace digest: " << digest << "\n";
  if (args.check_determinism) {
    std::ostringstream again;
    auto second = run_demo(options, again);
    bool same = second.ok() && again.str() == trace.str();
    std::cout << "determinism: second run " << (same ? "byte-identical" : "DIFFERENT") << "\n";
    if (!same) return kExitCheckFailed;
  }
  return kExitOk;
}
}  // namespace

void add_demo(CLI::App& app, CommandRunner& runner) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Run a seeded demonstration workload on the simulated etcd and summarise it.");
  cmd->add_option("--seed", args->seed, "Run seed (default 1)");
  cmd->add_option("--operations", args->operations, "Client operations (default 2000)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10'000'000}));
  cmd->add_option("--trace-out", args->trace_out, "Write the etcd trace (JSON lines) here");
  cmd->add_flag("--check-determinism", args->check_determinism,
                "Run twice and fail unless the traces are byte-identical");
  cmd->callback([args, &runner] { runner.exit_code = run_demo_command(*args); });
}

}  // namespace esisim::cli
