// The recorded flows as scenarios (scenarios/flows/*.yaml) reproduce the snapshot documents of
// their runs: every documented entry of fixtures/snapshots/<flow>/{02_JobManager,03_HeatWorker,
// 04_CollectorAgent}/<Step>_<NN>.json is looked up in the golden of the checkpoint of that step
// (fixtures/<scenario>/<Step>_<NN>[.jobs|.monitoring|.then].json, written by esisim run), or in
// one of that checkpoint's `.transient-<i>` goldens (the moment the simulation wrote a value
// that the recording kept less than a second), and must hold there. Matching is the seed
// documents' (tests/scenario/seed_document.h): decoded JSON, the goldens' redaction placeholders
// bound consistently within a golden file, a job's params and dependencies as sets. Entries
// noted "and then" are checked against the later `.then` checkpoint.
//
// The counts reached per flow and stage are asserted, so a regression fails; every entry that
// does not hold is listed with its reason. The reasons, by kind (see README, "Bundled
// scenarios"):
// * transient: a value the recording kept for a moment is not at any checkpoint.
// * timing: the simulated job or poll finished on the other side of the checkpoint than in the
//   recording (durations are drawn from the recorded ranges, not replayed).
// * differs: the Job Manager saw another set of unfinished jobs than the real one did at that
//   moment (a job's dependencies).
// * no checkpoint: none of the document's values is in the recording of the run (a document of
//   another run or filed under another stage, shared/fixtures/README.md caveat 6).
// seed_document.h uses std::regex: GCC 12 reports a false -Wmaybe-uninitialized inside
// <regex> under sanitizers (as in sim/scenario/search_regex.cc); silenced for this test file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "tests/domain/fixture_reader.h"
#include "tests/scenario/seed_document.h"

namespace esisim::testing {
namespace {

using nlohmann::ordered_json;

constexpr const char* kStages[] = {"02_JobManager", "03_HeatWorker", "04_CollectorAgent"};

// The first member path where the documented value does not match the golden one ("" at the
// top when it is not an object or array of the same size).
std::string where_differs(const ordered_json& golden_raw, const ordered_json& documented_raw,
                          const std::string& path) {
  ordered_json golden = seed_detail::decoded(golden_raw);
  ordered_json documented = seed_detail::decoded(documented_raw);
  if (golden.is_object() && documented.is_object()) {
    for (auto it = documented.begin(); it != documented.end(); ++it) {
      if (!golden.contains(it.key())) return path + "/" + it.key() + " (missing)";
      Bindings b;
      const bool set_like = it.key() == "dependency" || it.key() == "params";
      if (!seed_detail::match_value(golden[it.key()], it.value(), b, set_like)) {
        return set_like ? path + "/" + it.key()
                        : where_differs(golden[it.key()], it.value(), path + "/" + it.key());
      }
    }
    return path + " (members)";
  }
  if (golden.is_array() && documented.is_array() && golden.size() == documented.size()) {
    for (size_t i = 0; i < golden.size(); ++i) {
      Bindings b;
      if (!seed_detail::match_value(golden[i], documented[i], b)) {
        return where_differs(golden[i], documented[i], path + "/" + std::to_string(i));
      }
    }
  }
  return path.empty() ? "/" : path;
}

// A golden file and the placeholder bindings made in it so far.
struct Golden {
  std::string name;
  ordered_json keys;
  Bindings bindings;
};

struct Flow {
  const char* snapshots;  // fixtures/snapshots/<flow>
  const char* scenario;   // goldens under fixtures/<scenario>/
  // reproduced / documented entries per stage (02, 03, 04)
  size_t reproduced[3];
  size_t documented[3];
};

std::string checkpoint_of(const std::string& stage, const std::string& step, bool and_then) {
  if (and_then) return step + ".then";
  if (stage == "02_JobManager") return step + ".jobs";
  if (stage == "04_CollectorAgent") return step + ".monitoring";
  return step;
}

// Why an entry holds in none of the goldens of its checkpoint: "" when it holds in one.
std::string check_entry(const SeedEntry& entry, std::vector<Golden>& goldens) {
  if (goldens.empty()) return "no checkpoint: no documented value of this step is recorded";
  const Golden* with_key = nullptr;
  const ordered_json* golden_value = nullptr;
  for (Golden& golden : goldens) {
    if (matches_documented(golden.keys, entry, golden.bindings)) return "";
    for (auto it = golden.keys.begin(); it != golden.keys.end() && !with_key; ++it) {
      Bindings b = golden.bindings;
      if (seed_detail::match_text(it.key(), entry.key, b)) {
        with_key = &golden;
        golden_value = &it.value();
      }
    }
  }
  if (with_key == nullptr) {
    return entry.key.rfind("/esi-worker/job_state/", 0) == 0
               ? "transient: job_state is not at any checkpoint with that value"
               : "timing: the key is not there at the checkpoint";
  }
  return "differs in " + with_key->name + " at " + where_differs(*golden_value, entry.value, "");
}

// The goldens of a checkpoint: <checkpoint>.json and <checkpoint>.transient-<i>.json.
std::vector<Golden> goldens_of(const std::string& scenario, const std::string& checkpoint) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  if (fs::exists(fixture_path(scenario + "/" + checkpoint + ".json"))) names.push_back(checkpoint);
  for (const auto& file : fs::directory_iterator(fixture_path(scenario))) {
    std::string stem = file.path().stem().string();
    if (stem.rfind(checkpoint + ".transient-", 0) == 0) names.push_back(stem);
  }
  std::sort(names.begin(), names.end());
  std::vector<Golden> out;
  for (const auto& name : names) {
    out.push_back(Golden{name, read_fixture_json(scenario + "/" + name + ".json"), {}});
  }
  return out;
}

void PrintTo(const Flow& flow, std::ostream* os) { *os << flow.scenario; }

class FlowSnapshots : public ::testing::TestWithParam<Flow> {};

TEST_P(FlowSnapshots, DocumentedEntriesHoldAtTheirCheckpoints) {
  const Flow& flow = GetParam();
  namespace fs = std::filesystem;
  for (size_t s = 0; s < 3; ++s) {
    const std::string stage = kStages[s];
    std::vector<std::string> files;
    for (const auto& entry :
         fs::directory_iterator(fixture_path(std::string(flow.snapshots) + "/" + stage))) {
      if (entry.path().extension() == ".json") files.push_back(entry.path().stem().string());
    }
    std::sort(files.begin(), files.end());
    size_t documented = 0;
    size_t reproduced = 0;
    std::vector<std::string> misses;
    for (const auto& step : files) {
      ordered_json doc =
          read_fixture_json(std::string(flow.snapshots) + "/" + stage + "/" + step + ".json");
      std::vector<Golden> first = goldens_of(flow.scenario, checkpoint_of(stage, step, false));
      std::vector<Golden> then = goldens_of(flow.scenario, checkpoint_of(stage, step, true));
      for (const auto& point : doc["points"]) {
        for (const auto& item : point["entries"]) {
          ++documented;
          const bool and_then = item.value("note", "") == "and then";
          SeedEntry entry{"", item["key"].get<std::string>(), item["value"], 0};
          std::string why = check_entry(entry, and_then ? then : first);
          if (why.empty()) {
            ++reproduced;
          } else {
            misses.push_back(step + (and_then ? " (and then) " : " ") + entry.key + ": " + why);
          }
        }
      }
    }
    std::cout << "[ flows    ] " << flow.scenario << " " << stage << ": " << reproduced << "/"
              << documented << " documented entries hold at their checkpoints\n";
    for (const auto& m : misses) std::cout << "[ flows    ]   not reproduced: " << m << "\n";
    EXPECT_EQ(documented, flow.documented[s]) << flow.scenario << " " << stage;
    EXPECT_EQ(reproduced, flow.reproduced[s]) << flow.scenario << " " << stage;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Recorded, FlowSnapshots,
    ::testing::Values(
        Flow{"snapshots/00_logical_network", "logical_network", {7, 21, 9}, {7, 21, 9}},
        Flow{"snapshots/01_common_function_gateway",
             "common_function_gateway",
             {16, 48, 13},
             {16, 48, 13}},
        Flow{"snapshots/02_internet_gateway", "internet_gateway", {19, 57, 14}, {19, 57, 14}},
        Flow{"snapshots/05_load_balancer", "load_balancer", {32, 96, 13}, {32, 96, 14}}),
    [](const ::testing::TestParamInfo<Flow>& info) { return std::string(info.param.scenario); });

SeedEntry entry_of(const std::string& key, const char* value) {
  return SeedEntry{"", key, ordered_json::parse(value), 0};
}

TEST(FlowSnapshotMatching, AnEntryHoldsInTheCheckpointOrOneOfItsTransientGoldens) {
  std::vector<Golden> goldens;
  goldens.push_back(
      Golden{"S_01", ordered_json::parse(R"({"/state/v2.0/networks/n1": {"v": 1}})"), {}});
  goldens.push_back(Golden{
      "S_01.transient-1",
      ordered_json::parse(R"({"/esi-worker/job_state/v2.0/networks/n1": {"heat_outputs": []}})"),
      {}});
  EXPECT_EQ(check_entry(entry_of("/state/v2.0/networks/n1", R"({"v": 1})"), goldens), "");
  EXPECT_EQ(
      check_entry(entry_of("/esi-worker/job_state/v2.0/networks/n1", R"({"heat_outputs": []})"),
                  goldens),
      "");
  EXPECT_EQ(check_entry(entry_of("/state/v2.0/networks/n1", R"({"v": 2})"), goldens),
            "differs in S_01 at /v");
  EXPECT_EQ(check_entry(entry_of("/esi-worker/job_state/v2.0/networks/n2", "{}"), goldens),
            "transient: job_state is not at any checkpoint with that value");
  EXPECT_EQ(check_entry(entry_of("/state/v2.0/networks/n2", "{}"), goldens),
            "timing: the key is not there at the checkpoint");
  std::vector<Golden> none;
  EXPECT_EQ(check_entry(entry_of("/state/v2.0/networks/n1", "{}"), none),
            "no checkpoint: no documented value of this step is recorded");
}

TEST(FlowSnapshotMatching, JobsCompareParamsAndDependenciesAsSets) {
  const char* documented =
      R"(["heat_worker", {"id": "create:heat_worker:port:p1:1:ab3x9",
          "dependency": ["create:heat_worker:network:n1:1:zz9zz", "create:heat_worker:subnet:s1:1:qq1qq"],
          "params": [{"param": "a"}, {"param": "b"}]}, 0])";
  ordered_json golden = ordered_json::parse(
      R"(["heat_worker", {"id": "create:heat_worker:port:p1:1:<job-suffix-1>",
          "dependency": ["create:heat_worker:subnet:s1:1:<job-suffix-2>", "create:heat_worker:network:n1:1:<job-suffix-3>"],
          "params": [{"param": "b"}, {"param": "a"}]}, 0])");
  const std::string key = "/jobs/all/create:heat_worker:port:p1:1:ab3x9";
  std::vector<Golden> goldens{
      Golden{"S.jobs", {{"/jobs/all/create:heat_worker:port:p1:1:<job-suffix-1>", golden}}, {}}};
  EXPECT_EQ(check_entry(entry_of(key, documented), goldens), "");
  golden[1]["params"].push_back(ordered_json{{"param", "c"}});
  goldens = {
      Golden{"S.jobs", {{"/jobs/all/create:heat_worker:port:p1:1:<job-suffix-1>", golden}}, {}}};
  EXPECT_EQ(check_entry(entry_of(key, documented), goldens), "differs in S.jobs at /1/params");
}

TEST(FlowSnapshotMatching, StoredJsonTextIsComparedDecoded) {
  std::vector<Golden> goldens{Golden{
      "S",
      ordered_json::parse(
          R"({"/state/v2.0/networks/n1": {"state": {"heat_outputs": [{"output_key": "id"}]}}})"),
      {}}};
  EXPECT_EQ(check_entry(entry_of("/state/v2.0/networks/n1",
                                 R"({"state": {"heat_outputs": "[{\"output_key\": \"id\"}]"}})"),
                        goldens),
            "");
}

}  // namespace
}  // namespace esisim::testing
