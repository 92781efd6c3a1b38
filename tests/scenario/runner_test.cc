// The scenario runner with a fake world: pass, golden mismatch with its diff, bad input before
// anything runs, identical output for any -j, --update-goldens (and its refusal under CI),
// orphans, dumps, traces, JUnit, determinism check, failing steps, `at`, filters.
#include "sim/scenario/runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/domain/fixture_reader.h"
#include "tests/scenario/fake_world.h"

namespace esisim::scenario {
namespace {

namespace fs = std::filesystem;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const char* kCreateNetwork = R"(product: heat-only
steps:
  - create: {type: network, id: n1, body: {name: n1}}
  - run: {until: quiescent, limit: 5m}
  - checkpoint: created
  - expect:
      - {key: /state/v2.0/networks/n1, path: /state/worker_state, equals: CREATE_COMPLETE}
)";

class ScenarioRunner : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir() + "/runner_" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name())
                .lexically_normal()
                .generic_string();
    fs::remove_all(root_);
    fs::create_directories(root_ + "/scenarios");
    options_.fixtures_dir = esisim::testing::fixture_path("");
    options_.fixtures_dir.pop_back();  // no trailing '/'
    options_.goldens_dir = root_ + "/goldens";
    options_.paths = {root_ + "/scenarios"};
  }

  void write(const std::string& relative, const std::string& text) {
    fs::create_directories(fs::path(root_ + "/" + relative).parent_path());
    std::ofstream(root_ + "/" + relative, std::ios::binary) << text;
  }

  int run() {
    std::ostringstream out;
    std::ostringstream err;
    int code = run_scenarios(options_, esisim::testing::fake_world_factory(knobs_), out, err);
    out_ = out.str();
    err_ = err.str();
    return code;
  }

  std::string root_;
  RunOptions options_;
  esisim::testing::FakeWorldKnobs knobs_;
  std::string out_;
  std::string err_;
};

TEST_F(ScenarioRunner, GoldensAreWrittenThenMatchedWhateverTheSeed) {
  write("scenarios/net.yaml", kCreateNetwork);
  const std::string golden = root_ + "/goldens/net/created.json";
  EXPECT_EQ(run(), 1);
  EXPECT_EQ(out_, "FAIL net: checkpoint 'created' has no golden " + golden +
                      " (write it with esisim run --update-goldens)\n"
                      "  at " +
                      root_ +
                      "/scenarios/net.yaml:5:5 (step 4: checkpoint created), seed 1\n"
                      "total: 0 passed, 1 failed\n");

  options_.update_goldens = true;
  EXPECT_EQ(run(), 0) << err_;
  EXPECT_EQ(out_, "PASS net (1 checkpoints, 1 expects)\n    created " + golden +
                      " (4 keys)\ntotal: 1 passed, 0 failed\n");
  std::string text = read_file(golden);
  EXPECT_NE(text.find("\"/jobs/all/create:heat_worker:network:n1:1:<job-suffix-1>\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("<uuid-1>"), std::string::npos) << text;
  EXPECT_NE(text.find("\"updated_at\": \"<time-1>\""), std::string::npos) << text;

  options_.update_goldens = false;
  EXPECT_EQ(run(), 0) << out_;
  EXPECT_EQ(out_, "PASS net (1 checkpoints, 1 expects)\ntotal: 1 passed, 0 failed\n");
  options_.seed = 7;  // other job suffixes and Heat UUIDs, the same redacted golden
  EXPECT_EQ(run(), 0) << out_;
  EXPECT_EQ(read_file(golden), text) << "a passing run does not touch the golden";
}

TEST_F(ScenarioRunner, MismatchShowsTheDiffThePlaceAndTheSeed) {
  write("scenarios/net.yaml", kCreateNetwork);
  options_.update_goldens = true;
  ASSERT_EQ(run(), 0);
  options_.update_goldens = false;
  std::string failing = kCreateNetwork;
  failing.replace(failing.find("  - run:"), 0,
                  "  - heat: {fail: {type: network, id: n1, reason: boom}}\n");
  write("scenarios/net.yaml", "seed: 5\n" + failing);
  EXPECT_EQ(run(), 1);
  const std::string file = root_ + "/scenarios/net.yaml";
  EXPECT_EQ(
      out_,
      "FAIL net: checkpoint 'created' differs from " + root_ +
          "/goldens/net/created.json (+0 -0 ~1 keys)\n"
          "  at " +
          file +
          ":7:5 (step 5: checkpoint created), seed 5\n"
          "    ~ /state/v2.0/networks/n1\n"
          "        .error: golden \"\", actual \"stack failed\"\n"
          "        .state.worker_state: golden \"CREATE_COMPLETE\", actual \"CREATE_FAILED\"\n"
          "  expect at " +
          file +
          ":9:9: expected /state/v2.0/networks/n1 "
          "/state/worker_state to equal \"CREATE_COMPLETE\", found \"CREATE_FAILED\"\n"
          "  at " +
          file +
          ":8:5 (step 6: expect 1 check), seed 5\n"
          "total: 0 passed, 1 failed\n");
}

TEST_F(ScenarioRunner, BadInputIsReportedInFullAndNothingRuns) {
  write("scenarios/a_good.yaml", kCreateNetwork);
  write("scenarios/b_bad.yaml", "product: heat-only\nsteps:\n  - crate: {}\n  - advance: x\n");
  write("scenarios/c_invalid.yaml",
        "product: heat-only\nsteps:\n  - delete: {type: netwrok, id: n1}\n");
  EXPECT_EQ(run(), 2);
  EXPECT_EQ(out_, "");
  EXPECT_EQ(knobs_.worlds_made, 0);
  const std::string dir = root_ + "/scenarios/";
  EXPECT_EQ(err_,
            dir +
                "b_bad.yaml:3:5: unknown step 'crate' (expected one of: advance, checkpoint, "
                "create, delete, expect, heat, include, monitor, run, templates, update); did "
                "you mean 'create'?\n" +
                dir +
                "b_bad.yaml:4:14: expected a duration such as 500ms, 30s, 5m, 1h, 1m30s "
                "or an integer of milliseconds, found 'x' for 'advance'\n" +
                dir +
                "c_invalid.yaml:3:20: unknown resource type 'netwrok' (not in the schema "
                "catalogue " +
                options_.fixtures_dir +
                "/esi/schemas.json); did you mean "
                "'network'?\n"
                "esisim run: 3 errors in 2 files; nothing was run\n");
}

TEST_F(ScenarioRunner, MissingTemplateSetIsBadInputInEveryScenarioNamingIt) {
  write("scenarios/t.yaml",
        "templates: {dir: nowhere, mappings: none.json}\nsteps: [{advance: 1s}]\n");
  write("scenarios/u.yaml",
        "description: same set\ntemplates: {dir: nowhere, mappings: none.json}\nsteps: "
        "[{advance: 1s}]\n");
  EXPECT_EQ(run(), 2);
  const std::string dir = root_ + "/scenarios/";
  EXPECT_EQ(err_, dir + "t.yaml:1:12: template folder " + dir + "nowhere does not exist\n" + dir +
                      "t.yaml:1:12: cannot read the template mappings: " + dir +
                      "none.json: cannot open the file\n" + dir + "u.yaml:2:12: template folder " +
                      dir + "nowhere does not exist\n" + dir +
                      "u.yaml:2:12: cannot read the template mappings: " + dir +
                      "none.json: cannot open the file\n"
                      "esisim run: 4 errors in 2 files; nothing was run\n");
}

TEST_F(ScenarioRunner, ParallelRunsPrintTheSameOutputInTheSameOrder) {
  for (int i = 0; i < 6; ++i) {
    std::string text = kCreateNetwork;
    text.replace(text.find("  - expect:"), std::string::npos, "");
    if (i % 2)
      text.replace(text.find("  - run:"), 0, "  - heat: {fail: {type: network, id: n1}}\n");
    write("scenarios/s" + std::to_string(i) + ".yaml", text);
  }
  options_.update_goldens = true;
  ASSERT_EQ(run(), 0);
  options_.update_goldens = false;
  for (int i = 0; i < 6; i += 3) {  // break two goldens
    write("goldens/s" + std::to_string(i) + "/created.json", "{}");
  }
  options_.jobs = 1;
  EXPECT_EQ(run(), 1);
  std::string serial = out_;
  options_.jobs = 4;
  EXPECT_EQ(run(), 1);
  EXPECT_EQ(out_, serial);
  EXPECT_NE(serial.find("PASS s1 "), std::string::npos);
  EXPECT_LT(serial.find("FAIL s0:"), serial.find("PASS s1 "));
  EXPECT_LT(serial.find("FAIL s3:"), serial.find("PASS s5 "));
  EXPECT_NE(serial.find("total: 4 passed, 2 failed\n"), std::string::npos);
}

TEST_F(ScenarioRunner, UpdateGoldensIsRefusedUnderCi) {
  write("scenarios/net.yaml", kCreateNetwork);
  options_.update_goldens = true;
  options_.ci = true;
  EXPECT_EQ(run(), 2);
  EXPECT_EQ(err_,
            "esisim run: --update-goldens refused: CI is set (goldens are rewritten on a "
            "developer's machine and reviewed, never by CI)\n");
  EXPECT_FALSE(fs::exists(root_ + "/goldens"));
  EXPECT_EQ(knobs_.worlds_made, 0);
}

TEST_F(ScenarioRunner, UpdateGoldensPrintsWhatChangedAndOrphansAreReported) {
  write("scenarios/net.yaml", kCreateNetwork);
  options_.update_goldens = true;
  ASSERT_EQ(run(), 0);
  write("goldens/net/renamed_long_ago.json", "{}");
  std::string failing = kCreateNetwork;
  failing.replace(failing.find("  - run:"), 0, "  - heat: {fail: {type: network, id: n1}}\n");
  failing.replace(failing.find("  - expect:"), std::string::npos, "");
  write("scenarios/net.yaml", failing);
  EXPECT_EQ(run(), 0);
  const std::string goldens = root_ + "/goldens/net/";
  EXPECT_EQ(out_,
            "PASS net (1 checkpoints, 0 expects)\n"
            "    updated " +
                goldens +
                "created.json (+0 -0 ~1 keys)\n"
                "      ~ /state/v2.0/networks/n1\n"
                "          .error: golden \"\", actual \"stack failed\"\n"
                "          .state.worker_state: golden \"CREATE_COMPLETE\", actual "
                "\"CREATE_FAILED\"\n"
                "    orphan " +
                goldens + "renamed_long_ago.json: no checkpoint of that name in " + root_ +
                "/scenarios/net.yaml\n"
                "total: 1 passed, 0 failed\n");
  options_.update_goldens = false;
  EXPECT_EQ(run(), 0);
  EXPECT_NE(out_.find("    orphan " + goldens + "renamed_long_ago.json"), std::string::npos);
}

TEST_F(ScenarioRunner, DumpsTracesAndJunit) {
  write("scenarios/net.yaml", kCreateNetwork);
  write("scenarios/other.yaml",
        "product: heat-only\nsteps:\n  - checkpoint: {name: empty, prefixes: [/monitoring]}\n");
  options_.update_goldens = true;
  ASSERT_EQ(run(), 0);
  options_.update_goldens = false;
  options_.dump_dir = root_ + "/dumps";
  options_.trace_out = root_ + "/traces";
  options_.junit_file = root_ + "/junit.xml";
  ASSERT_EQ(run(), 0) << out_;
  std::string dump = read_file(root_ + "/dumps/net/created.json");
  EXPECT_NE(dump.find("\"/config/v2.0/networks/n1\""), std::string::npos);
  EXPECT_EQ(dump.find("<job-suffix-1>"), std::string::npos) << "dumps are not redacted";
  EXPECT_NE(read_file(root_ + "/dumps/other/empty.json").find("/config/v2.0/heat_templates"),
            std::string::npos)
      << "dumps hold the whole keyspace whatever the checkpoint's prefixes";
  EXPECT_EQ(read_file(root_ + "/traces/net.jsonl"),
            "{\"t\":0,\"step\":\"templates\"}\n{\"t\":0,\"step\":\"create\"}\n"
            "{\"t\":0,\"step\":\"run\"}\n");
  std::string junit = read_file(root_ + "/junit.xml");
  EXPECT_NE(junit.find("tests=\"2\" failures=\"0\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("<testcase classname=\"scenarios\" name=\"net\""), std::string::npos);

  options_.paths = {root_ + "/scenarios/net.yaml"};
  options_.trace_out = root_ + "/one.jsonl";
  ASSERT_EQ(run(), 0);
  EXPECT_EQ(read_file(root_ + "/one.jsonl"), read_file(root_ + "/traces/net.jsonl"));
}

TEST_F(ScenarioRunner, DeterminismCheckComparesTwoTraces) {
  write("scenarios/net.yaml", "product: heat-only\nsteps:\n  - advance: 1s\n");
  options_.check_determinism = true;
  EXPECT_EQ(run(), 0);
  EXPECT_EQ(out_,
            "PASS net (0 checkpoints, 0 expects; trace identical on two runs)\n"
            "total: 1 passed, 0 failed\n");
  EXPECT_EQ(knobs_.worlds_made, 2);
  knobs_.nondeterministic = true;
  EXPECT_EQ(run(), 1);
  EXPECT_EQ(out_,
            "FAIL net: the trace differs between two runs with seed 1\n"
            "  in " +
                root_ +
                "/scenarios/net.yaml, seed 1\n"
                "    first difference at trace line 1:\n"
                "    first run:  {\"t\":0,\"step\":\"templates\",\"n\":0}\n"
                "    second run: {\"t\":0,\"step\":\"templates\",\"n\":2}\n"
                "total: 0 passed, 1 failed\n");
}

TEST_F(ScenarioRunner, AFailingStepStopsTheScenario) {
  write("scenarios/net.yaml", kCreateNetwork);
  knobs_.fail_kind = "run";
  EXPECT_EQ(run(), 1);
  EXPECT_EQ(out_,
            "FAIL net: run failed: fake failure of run\n"
            "  at " +
                root_ +
                "/scenarios/net.yaml:4:5 (step 3: run until quiescent, limit "
                "5m), seed 1\ntotal: 0 passed, 1 failed\n");
}

TEST_F(ScenarioRunner, TheDefaultWorldIsTheSimulatedBackEnd) {
  write("scenarios/net.yaml",
        "product: heat-only\nsteps:\n  - create: {type: network, id: n1, body: {tenant_id: t}}\n"
        "  - run: {until: quiescent, limit: 5m}\n"
        "  - expect: [{key: /state/v2.0/networks/n1, path: /state/worker_state, "
        "equals: CREATE_COMPLETED}, {key: /jobs/all/, absent: true}]\n");
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_scenarios(options_, make_default_world_factory(), out, err), 0) << out.str();
  EXPECT_EQ(out.str(), "PASS net (0 checkpoints, 2 expects)\ntotal: 1 passed, 0 failed\n");
}

TEST_F(ScenarioRunner, AtAdvancesTheClockFirst) {
  write("scenarios/net.yaml",
        "product: heat-only\nsteps:\n  - create: {type: network, id: n1, body: {}}\n    at: 10s\n"
        "  - advance: 5s\n  - expect: [{key: /config/v2.0/networks/n1, exists: true}]\n"
        "    at: 12s\n");
  options_.trace_out = root_ + "/t.jsonl";
  EXPECT_EQ(run(), 1);
  EXPECT_EQ(read_file(root_ + "/t.jsonl"),
            "{\"t\":0,\"step\":\"templates\"}\n{\"t\":0,\"step\":\"advance\"}\n"
            "{\"t\":10000,\"step\":\"create\"}\n{\"t\":10000,\"step\":\"advance\"}\n");
  EXPECT_NE(out_.find("FAIL net: step 4 is at 12000 ms but the simulated clock already reads "
                      "15000 ms\n"),
            std::string::npos)
      << out_;
}

TEST_F(ScenarioRunner, FilterAndFoldersSkipPartsAndKeepOrder) {
  write("scenarios/_parts/topology.yaml",
        "steps:\n  - create: {type: network, id: n1, body: {}}\n");
  write("scenarios/z/late.yaml",
        "product: heat-only\nsteps:\n  - include: ../_parts/topology.yaml\n");
  write("scenarios/early.yaml", "product: heat-only\nsteps:\n  - advance: 1s\n");
  write("scenarios/.hidden.yaml", "not: a scenario\n");
  auto files = collect_scenario_files({root_ + "/scenarios"});
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(files.value(), (std::vector<std::string>{root_ + "/scenarios/early.yaml",
                                                     root_ + "/scenarios/z/late.yaml"}));
  EXPECT_EQ(run(), 0) << err_;
  EXPECT_EQ(out_,
            "PASS early (0 checkpoints, 0 expects)\nPASS late (0 checkpoints, 0 "
            "expects)\ntotal: 2 passed, 0 failed\n");
  options_.filter = "l*";
  EXPECT_EQ(run(), 0);
  EXPECT_EQ(out_, "PASS late (0 checkpoints, 0 expects)\ntotal: 1 passed, 0 failed\n");
  options_.filter = "nothing*";
  EXPECT_EQ(run(), 2);
  EXPECT_EQ(err_,
            "esisim run: no scenario files match the filter (folders are searched for "
            "*.yaml)\n");
  options_.filter = "";
  options_.paths = {root_ + "/missing"};
  EXPECT_EQ(run(), 2);
  EXPECT_EQ(err_, "esisim run: " + root_ + "/missing: no such file or folder\n");
}

TEST_F(ScenarioRunner, DuplicateNamesAreBadInput) {
  write("scenarios/a/x.yaml", "product: heat-only\nsteps:\n  - advance: 1s\n");
  write("scenarios/b/x.yaml", "product: heat-only\nsteps:\n  - advance: 1s\n");
  EXPECT_EQ(run(), 2);
  EXPECT_EQ(err_, root_ + "/scenarios/b/x.yaml: scenario name 'x' is also the name of " + root_ +
                      "/scenarios/a/x.yaml (goldens live in " + root_ +
                      "/goldens/<name>/)\n"
                      "esisim run: 1 error in 1 file; nothing was run\n");
}

TEST(ScenarioRunnerFixtures, DiscoversTheNearestFixturesFolder) {
  EXPECT_EQ(discover_fixtures_dir(esisim::testing::fixture_path("esi/schemas.json")),
            std::string(ESISIM_FIXTURES_DIR))
      << "a file inside fixtures/ finds the fixtures/ folder that holds esi/";
  EXPECT_EQ(discover_fixtures_dir("/nonexistent/dir/x.yaml"), "fixtures");
}

}  // namespace
}  // namespace esisim::scenario
