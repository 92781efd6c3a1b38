// The `esisim run` command line: help, exit codes 0/1/2, file:line:column on bad input, the
// refusal of --update-goldens under CI, and the placeholder world's message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/cli/cli_run.h"

namespace {

using esisim::testing::CliRun;

CliRun run(const std::string& env, const std::string& args) {
  return esisim::testing::run_esisim(args, env);
}

std::string scenario_file(const std::string& name, const std::string& text) {
  std::string dir = ::testing::TempDir() + "/run_command";
  std::filesystem::create_directories(dir);
  std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

const std::string kFixtures = ESISIM_FIXTURES_DIR;

TEST(RunCommand, HelpListsTheOptions) {
  CliRun r = run("", "run --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--seed", "--filter", "--jobs", "--dump-dir", "--junit", "--trace-out",
                             "--update-goldens", "--check-determinism", "--fixtures"}) {
    EXPECT_NE(r.output.find(option), std::string::npos) << option;
  }
}

TEST(RunCommand, BadInputExitsTwoWithThePlace) {
  std::string file = scenario_file("bad.yaml", "product: heat-only\nsteps:\n  - crate: {}\n");
  CliRun r = run("", "run --fixtures " + kFixtures + " " + file);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(file + ":3:5: unknown step 'crate'"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("total:"), std::string::npos) << "nothing ran";
  EXPECT_EQ(run("", "run").exit_code, 2);
  EXPECT_EQ(run("", "run /nonexistent/x.yaml").exit_code, 2);
  EXPECT_EQ(run("", "run -j 0 " + file).exit_code, 2);
}

TEST(RunCommand, UpdateGoldensIsRefusedWhenCiIsSet) {
  std::string file = scenario_file("ok.yaml", "product: heat-only\nsteps:\n  - checkpoint: c\n");
  CliRun r = run("CI=true", "run --update-goldens --fixtures " + kFixtures + " " + file);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--update-goldens refused: CI is set"), std::string::npos) << r.output;
}

TEST(RunCommand, TheSimulatedWorldRunsAScenarioTwiceIdentically) {
  std::string file = scenario_file(
      "ok.yaml",
      "product: heat-only\nsteps:\n  - create: {type: network, id: n1, body: {tenant_id: t}}\n"
      "  - run: {until: quiescent, limit: 5m}\n"
      "  - expect: [{key: /state/v2.0/networks/n1, path: /state/worker_state, "
      "equals: CREATE_COMPLETED}]\n");
  CliRun r = run("env -u CI", "run --check-determinism --fixtures " + kFixtures + " " + file);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output,
            "PASS ok (0 checkpoints, 1 expects; trace identical on two runs)\n"
            "total: 1 passed, 0 failed\n");
}

}  // namespace
