// Every documented snapshot entry of the heat_worker and collector stages (03_HeatWorker,
// 04_CollectorAgent; the older runs' documents hold all stages) is reproduced by esisim replay
// of the run it documents: for each output key (/esi-worker, /state, /jobs, ...) some event of
// the simulated run holds the documented value (decoded JSON). /monitoring entries are the
// collector's writes, inputs of a replay: they are counted apart.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/replay/trace_replay.h"
#include "sim/trace/trace_reader.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::replay {
namespace {

using nlohmann::ordered_json;

struct Documented {
  const char* snapshots;  // folder under fixtures/
  const char* trace;      // the recording of the same run
  size_t outputs;         // output entries expected (all reproduced)
  size_t other_run = 0;   // entries of keys the recording never has (documents of another run)
};

class SnapshotReproduction : public ::testing::TestWithParam<Documented> {};

TEST_P(SnapshotReproduction, EveryDocumentedOutputValueIsProduced) {
  const Documented& d = GetParam();
  static const auto kSchemas =
      domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"))
          .value();
  static const auto kMw = domain::TemplateMappings::from_json(
                              esisim::testing::read_fixture_json("esi/template_mappings-2017.json"))
                              .value();
  auto events = trace::read_trace_file(esisim::testing::fixture_path(d.trace)).value();
  ReplayConfig config;
  config.schemas = &kSchemas;
  config.mw2017 = &kMw;
  auto report = replay_trace(events, config).value();
  std::map<std::string, std::vector<nlohmann::json>> ours;
  std::istringstream in(report.trace_jsonl);
  auto simulated = trace::read_trace(in, "ours");
  ASSERT_TRUE(simulated.ok());
  const std::vector<trace::TraceEvent>& simulated_events = simulated.value();
  for (const auto& e : simulated_events) ours[e.key].push_back(decoded_for_comparison(e.value));
  std::set<std::string> recorded_keys;
  for (const auto& e : events) recorded_keys.insert(e.key);
  size_t outputs = 0;
  size_t reproduced = 0;
  size_t other_run = 0;
  size_t monitoring = 0;
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(esisim::testing::fixture_path(d.snapshots))) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    if (file.find("/02_JobManager/") != std::string::npos ||
        file.find("/00_ResourceReader/") != std::string::npos ||
        file.find("/01_Gohan/") != std::string::npos) {
      continue;
    }
    std::ifstream text(file);
    ordered_json doc = ordered_json::parse(text);
    for (const auto& point : doc["points"]) {
      for (const auto& entry : point["entries"]) {
        std::string key = entry["key"].get<std::string>();
        if (key.rfind("/monitoring/", 0) == 0) {
          ++monitoring;
          continue;
        }
        if (output_prefix(key).empty()) continue;
        if (recorded_keys.count(key) == 0) {
          ++other_run;  // documented from another run: the recording never has this key
          continue;
        }
        ++outputs;
        nlohmann::json want = decoded_for_comparison(entry["value"]);
        const auto& mine = ours[key];
        if (std::find(mine.begin(), mine.end(), want) != mine.end()) {
          ++reproduced;
        } else {
          ADD_FAILURE() << file << ": " << key << " never holds " << want.dump();
        }
      }
    }
  }
  EXPECT_EQ(outputs, d.outputs);
  EXPECT_EQ(other_run, d.other_run);
  EXPECT_EQ(reproduced, outputs);
  RecordProperty("monitoring_entries", static_cast<int>(monitoring));
}

INSTANTIATE_TEST_SUITE_P(
    Runs, SnapshotReproduction,
    ::testing::Values(
        Documented{"snapshots/00_logical_network", "history/00_logical_network/trace.jsonl", 25},
        Documented{"snapshots/01_common_function_gateway",
                   "traces/01_common_function_gateway.jsonl", 49},
        Documented{"snapshots/02_internet_gateway", "traces/02_internet_gateway.jsonl", 57},
        Documented{"snapshots/05_load_balancer", "traces/05_load_balancer.jsonl", 96},
        Documented{"history/00_logical_network/snapshots", "history/00_logical_network/trace.jsonl",
                   30},
        Documented{"history/01_common_function_gateway/snapshots",
                   "history/01_common_function_gateway/trace.jsonl", 98},
        Documented{"history/02_internet_gateway/snapshots",
                   "history/02_internet_gateway/trace.jsonl", 105, 4}));

}  // namespace
}  // namespace esisim::replay
