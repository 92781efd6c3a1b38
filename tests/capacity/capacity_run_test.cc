// esisim capacity end to end: a scenario of independent networks, each with a subnet that
// depends on it, run with 1 and 4 heat_worker slots; more slots shorten the makespan and the
// queue waits, every job finishes, the critical path is a real dependency chain, and the same
// seed gives the same report. Also the command line: JSON, files written, bad input.
#include "sim/capacity/capacity_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/scenario/runner.h"
#include "sim/world/scenario_world.h"
#include "tests/cli/cli_run.h"

namespace esisim::sim::capacity {
namespace {

const std::string kFixtures = ESISIM_FIXTURES_DIR;

std::string networks_scenario(int count) {
  std::string text = "product: heat-only\nseed: 5\nsteps:\n";
  for (int i = 0; i < count; ++i) {
    std::string n = "0000000" + std::to_string(i) + "-0000-4000-8000-00000000000" + "a";
    std::string s = "0000000" + std::to_string(i) + "-0000-4000-8000-00000000000" + "b";
    text += "  - create: {type: network, id: " + n + ", body: {admin_state_up: true, name: net" +
            std::to_string(i) +
            ", plane: data, shared: false, subnets: [], tags: {}, tenant_id: t1}}\n";
    text += "  - create: {type: subnet, id: " + s + ", body: {allocation_pools: [], cidr: 10.0." +
            std::to_string(i) + ".0/24, dhcp_server_address: 10.0." + std::to_string(i) +
            ".2, dns_nameservers: [], enable_dhcp: true, gateway_ip: 10.0." + std::to_string(i) +
            ".1, host_routes: [], ip_version: 4, name: sub" + std::to_string(i) +
            ", network_id: " + n + ", ntp_servers: [], tags: {}, tenant_id: t1}}\n";
  }
  text += "  - run: {until: quiescent, limit: 2h}\n  - checkpoint: end\n";
  return text;
}

std::string write_scenario(const std::string& name, const std::string& text) {
  std::string dir = ::testing::TempDir() + "/capacity";
  std::filesystem::create_directories(dir);
  std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

CapacityRun run_with(const scenario::Scenario& scenario, int workers) {
  WorldConfig config = scenario::world_config_for(scenario, scenario.seed);
  config.workers = workers;
  auto run = run_capacity(config, scenario_driver(scenario), 24 * 3'600'000);
  EXPECT_TRUE(run.ok()) << run.error().message;
  return std::move(run.value());
}

TEST(CapacityRun, MoreWorkersShortenTheMakespanOfIndependentChains) {
  std::string file = write_scenario("nets.yaml", networks_scenario(6));
  auto scenario = scenario::load_valid_scenario(file, kFixtures);
  ASSERT_TRUE(scenario.ok()) << scenario.error().front().message;
  CapacityRun one = run_with(scenario.value(), 1);
  CapacityRun four = run_with(scenario.value(), 4);
  EXPECT_EQ(one.report.jobs, 12u);
  EXPECT_EQ(four.report.jobs, 12u);
  EXPECT_EQ(one.report.jobs_unfinished, 0u);
  EXPECT_EQ(one.report.jobs_failed, 0u);
  EXPECT_LT(four.report.makespan_ms, one.report.makespan_ms);
  EXPECT_LT(four.report.queue_wait.max_ms, one.report.queue_wait.max_ms);
  EXPECT_GT(one.report.heat_utilisation, 0.5) << "one slot is busy most of the time";
  EXPECT_LE(one.report.heat_utilisation, 1.0);
  EXPECT_LE(four.report.heat_utilisation, 1.0);
  // The path ends with the last job and each step depends on the one before it.
  const auto& path = four.report.critical_path;
  ASSERT_FALSE(path.empty());
  for (size_t i = 1; i < path.size(); ++i) {
    const JobRecord* job = four.timeline.find(path[i].job_id);
    ASSERT_NE(job, nullptr);
    EXPECT_NE(std::find(job->dependencies.begin(), job->dependencies.end(), path[i - 1].job_id),
              job->dependencies.end());
    EXPECT_GE(path[i].started_ms, path[i - 1].finished_ms) << "never before its dependency";
  }
  for (const JobRecord& job : four.timeline.jobs()) {
    EXPECT_GE(job.slot, 0) << job.id;
    EXPECT_LT(job.slot, 4) << job.id;
    for (const std::string& dep : job.dependencies) {
      const JobRecord* d = four.timeline.find(dep);
      ASSERT_NE(d, nullptr);
      EXPECT_GE(job.started_ms, d->finished_ms) << job.id << " ran before " << dep;
    }
  }
  CapacityRun again = run_with(scenario.value(), 4);
  EXPECT_EQ(report_json("t", {again.report}).dump(), report_json("t", {four.report}).dump());
}

TEST(CapacityCommand, JsonTimelineAndDagForSeveralWorkerCounts) {
  std::string file = write_scenario("nets2.yaml", networks_scenario(3));
  std::string timeline = ::testing::TempDir() + "/capacity/timeline.json";
  std::string dag = ::testing::TempDir() + "/capacity/dag.dot";
  auto r = esisim::testing::run_esisim("capacity " + file + " --fixtures " + kFixtures +
                                       " --workers 1,2 --json -j 2 --timeline " + timeline +
                                       " --dag " + dag);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto json = nlohmann::json::parse(r.output);
  ASSERT_EQ(json["runs"].size(), 2u);
  EXPECT_EQ(json["runs"][0]["workers"], 1);
  EXPECT_EQ(json["runs"][1]["workers"], 2);
  EXPECT_EQ(json["runs"][0]["jobs"], 6);
  std::ifstream t(timeline);
  auto events = nlohmann::json::parse(t);
  EXPECT_TRUE(events["traceEvents"].is_array());
  std::ifstream d(dag);
  std::string dot((std::istreambuf_iterator<char>(d)), std::istreambuf_iterator<char>());
  EXPECT_EQ(dot.rfind("digraph jobs {", 0), 0u);

  auto table = esisim::testing::run_esisim("capacity " + file + " --fixtures " + kFixtures +
                                           " --workers 1 --workers 3");
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("critical path with 3 workers"), std::string::npos) << table.output;
}

TEST(CapacityCommand, AGeneratedTopologyInMemory) {
  auto r =
      esisim::testing::run_esisim("capacity --generate 60 --shape logical_network --fixtures " +
                                  kFixtures + " --workers 1,4 --json --gap 500ms");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto json = nlohmann::json::parse(r.output);
  ASSERT_EQ(json["runs"].size(), 2u);
  EXPECT_GT(json["runs"][0]["jobs"].get<int>(), 30);
  EXPECT_EQ(json["runs"][0]["jobs"], json["runs"][1]["jobs"]);
  EXPECT_EQ(json["runs"][0]["jobs_unfinished"], 0);
  EXPECT_LE(json["runs"][1]["makespan_ms"].get<int64_t>(),
            json["runs"][0]["makespan_ms"].get<int64_t>());
  EXPECT_NE(json["title"].get<std::string>().find("generated logical_network topology"),
            std::string::npos);
  auto both = esisim::testing::run_esisim("capacity x.yaml --generate 5");
  EXPECT_EQ(both.exit_code, 2) << both.output;
  auto shape = esisim::testing::run_esisim("capacity --generate 5 --shape cube");
  EXPECT_EQ(shape.exit_code, 2) << shape.output;
  EXPECT_NE(shape.output.find("--shape"), std::string::npos) << shape.output;
  EXPECT_EQ(esisim::testing::run_esisim("capacity").exit_code, 2);
}

TEST(CapacityCommand, BadInputExitsTwo) {
  std::string file = write_scenario("nets3.yaml", networks_scenario(1));
  auto zero =
      esisim::testing::run_esisim("capacity " + file + " --fixtures " + kFixtures + " --workers 0");
  EXPECT_EQ(zero.exit_code, 2) << zero.output;
  EXPECT_NE(zero.output.find("--workers: 0 is not in 1..1024"), std::string::npos);
  std::string bad = write_scenario("bad.yaml", "product: heat-only\nsteps:\n  - crate: {}\n");
  auto r = esisim::testing::run_esisim("capacity " + bad + " --fixtures " + kFixtures);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(bad + ":3:5: unknown step 'crate'"), std::string::npos) << r.output;
  EXPECT_EQ(esisim::testing::run_esisim("capacity /nonexistent.yaml").exit_code, 2);
  EXPECT_EQ(esisim::testing::run_esisim("capacity " + file + " --limit soon").exit_code, 2);
}

}  // namespace
}  // namespace esisim::sim::capacity
