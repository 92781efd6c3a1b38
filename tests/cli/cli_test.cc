// The esisim command: exit codes (0 ok, 1 check failed, 2 bad input) and last lines.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/cli/cli_run.h"

namespace {

using esisim::testing::CliRun;

CliRun run(const std::string& args) { return esisim::testing::run_esisim(args); }

std::string last_line(const std::string& text) {
  std::string trimmed = text.substr(0, text.find_last_not_of('\n') + 1);
  return trimmed.substr(trimmed.find_last_of('\n') + 1);
}

const std::string kFixtures = ESISIM_FIXTURES_DIR;

TEST(Cli, EtcdReplayPassesOnTheRecordedTraceWithDump) {
  CliRun r = run("etcd-replay " + kFixtures + "/traces/00_logical_network.jsonl --dump " +
                 kFixtures + "/dumps/00_logical_network.json");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(last_line(r.output),
            "etcd-replay: 492 events, 0 index mismatches, 0 final-key mismatches");
}

TEST(Cli, EtcdReplayFailsWithExitOneOnAMismatch) {
  std::string dump = ::testing::TempDir() + "/wrong_dump.json";
  std::ofstream(dump) << R"({"/job_manager_id": "not-the-recorded-one"})";
  CliRun r = run("etcd-replay " + kFixtures + "/traces/00_logical_network.jsonl --dump " + dump);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(last_line(r.output),
            "etcd-replay: 492 events, 0 index mismatches, 97 final-key mismatches");
}

TEST(Cli, BadInputExitsTwoWithFileLineAndColumn) {
  std::string trace = ::testing::TempDir() + "/bad_trace.jsonl";
  std::ofstream(trace) << "{\"seq\": 0, \"action\": \"set\", \"key\": \"/a\", \"time\": \"x\"}\n";
  CliRun r = run("etcd-replay " + trace);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(trace + ":1:"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("index mismatches"), std::string::npos)
      << "no summary line that looks complete after bad input";
  EXPECT_EQ(run("etcd-replay /nonexistent.jsonl").exit_code, 2);
  EXPECT_EQ(run("etcd-replay").exit_code, 2);
  EXPECT_EQ(run("no-such-command").exit_code, 2);
  EXPECT_EQ(run("demo --operations 0").exit_code, 2);
}

TEST(Cli, JmReplayReproducesEveryRecordedJobManagerWrite) {
  CliRun r =
      run("jm-replay " + kFixtures + "/traces/00_logical_network.jsonl --schemas " + kFixtures +
          "/esi/schemas.json --mappings-2017 " + kFixtures + "/esi/template_mappings-2017.json");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(last_line(r.output),
            "jm-replay: 61/61 recorded Job Manager writes reproduced on 39 keys, 7 jobs, 0 "
            "unexpected keys");
  EXPECT_EQ(run("jm-replay " + kFixtures + "/traces/00_logical_network.jsonl --schemas /nope.json")
                .exit_code,
            2);
}

TEST(Cli, HelpOnEverySubcommand) {
  for (const char* sub : {"", "etcd-replay ", "demo ", "jm-replay "}) {
    CliRun r = run(std::string(sub) + "--help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.output.find("Usage:"), std::string::npos) << sub;
  }
}

TEST(Cli, DemoIsDeterministic) {
  CliRun r = run("demo --seed 11 --operations 500 --check-determinism");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(last_line(r.output), "determinism: second run byte-identical");
}

}  // namespace
