// Golden tests: every job recorded in the seeds and in the 02_JobManager snapshots of both
// versions is reproduced field for field (params as a set, dependency as a set, suffixes
// aside) by the Job Manager core run along the trace of the same run; and the dependency list
// of every job in every recorded trace is reproduced exactly (Python 2 set order).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "core/json/go_json.h"
#include "tests/scheduler/recorded_flows.h"

namespace esisim::testing {
namespace {

using nlohmann::ordered_json;

struct Tally {
  size_t total = 0;
  size_t matched = 0;
  size_t from_document = 0;                 // produced from the document's own config records
  std::vector<std::string> unreproducible;  // needs a resource that no recorded event holds
  std::vector<std::string> failures;
};

// A document's own /config and /jobs/all entries as trace events (bodies re-encoded as Gohan
// stores them), to run after the trace when the document describes a step the trace lacks.
std::vector<trace::TraceEvent> document_events(const ordered_json& doc) {
  std::vector<trace::TraceEvent> out;
  for (const auto& point : doc["points"]) {
    for (const auto& entry : point["entries"]) {
      std::string key = entry["key"];
      trace::TraceEvent e;
      e.action = "set";
      e.key = key;
      if (key.rfind("/config/", 0) == 0) {
        e.value = entry["value"];
        e.value["body"] = json::go_json_marshal(entry["value"]["body"]).value();
      } else if (key.rfind("/jobs/all/", 0) == 0) {
        e.value = entry["value"];
      } else {
        continue;
      }
      out.push_back(std::move(e));
    }
  }
  return out;
}

void check_job(const replay::JobManagerTraceRun& run, const std::string& where,
               const std::string& id, const ordered_json& recorded, Tally& tally,
               const ordered_json* doc = nullptr, const std::string& trace = "") {
  ++tally.total;
  const std::string* ours = our_job(run, id);
  std::optional<replay::JobManagerTraceRun> extended;
  if (ours == nullptr && doc != nullptr) {
    // The document describes a step the trace does not hold: run its config records after it.
    auto events = trace::read_trace_file(fixture_path(trace)).value();
    for (auto& e : document_events(*doc)) events.push_back(std::move(e));
    extended = replay::run_job_manager_along(events, *schemas_for_tests(), *mw_for_tests()).value();
    ours = our_job(*extended, id);
    if (ours != nullptr) ++tally.from_document;
    if (ours == nullptr) {
      // Unreproducible only when a resource the job needs is in no event of the trace.
      for (const auto& p : extended->problems) {
        size_t quote = p.find("missing ");
        size_t open = quote == std::string::npos ? quote : p.find('"', quote);
        size_t close = open == std::string::npos ? open : p.find('"', open + 1);
        if (close == std::string::npos) continue;
        std::string missing_id = p.substr(open + 1, close - open - 1);
        if (read_fixture_text(trace).find(missing_id) == std::string::npos) {
          tally.unreproducible.push_back(where + ": " + id + ": needs a " +
                                         p.substr(quote + 8, close + 1 - quote - 8) +
                                         ", which no event of " + trace + " holds");
          return;
        }
      }
    }
  }
  if (ours == nullptr) {
    tally.failures.push_back(where + ": " + id + " not produced");
    return;
  }
  std::string diff = job_difference(recorded, ordered_json::parse(*ours));
  if (diff.empty()) {
    ++tally.matched;
  } else {
    tally.failures.push_back(where + ": " + id + " differs in" + diff);
  }
}

// The /jobs/all entries of every snapshot document in a folder, checked against a trace run.
void check_snapshot_folder(const std::string& folder, const std::string& trace, Tally& tally) {
  const auto& run = run_of(trace);
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(fixture_path(folder))) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty()) << folder;
  for (const auto& file : files) {
    std::string relative = folder + "/" + file.filename().string();
    ordered_json doc = read_fixture_json(relative);
    for (const auto& point : doc["points"]) {
      for (const auto& entry : point["entries"]) {
        std::string key = entry["key"];
        if (key.rfind("/jobs/all/", 0) != 0) continue;
        check_job(run, relative, key.substr(10), entry["value"], tally, &doc, trace);
      }
    }
  }
}

struct Pair {
  const char* snapshots;
  const char* trace;
};

TEST(JobManagerGolden, EverySnapshotJobOfBothVersionsIsReproduced) {
  const Pair pairs[] = {
      {"snapshots/00_logical_network/02_JobManager", "history/00_logical_network/trace.jsonl"},
      {"snapshots/01_common_function_gateway/02_JobManager",
       "traces/01_common_function_gateway.jsonl"},
      {"snapshots/02_internet_gateway/02_JobManager", "traces/02_internet_gateway.jsonl"},
      {"snapshots/05_load_balancer/02_JobManager", "traces/05_load_balancer.jsonl"},
      {"history/00_logical_network/snapshots", "history/00_logical_network/trace.jsonl"},
      {"history/01_common_function_gateway/snapshots",
       "history/01_common_function_gateway/trace.jsonl"},
      {"history/02_internet_gateway/snapshots", "history/02_internet_gateway/trace.jsonl"},
      {"history/05_load_balancer/snapshots", "traces/05_load_balancer.jsonl"},
  };
  Tally all;
  for (const Pair& pair : pairs) {
    Tally tally;
    check_snapshot_folder(pair.snapshots, pair.trace, tally);
    std::cout << pair.snapshots << ": " << tally.matched << "/" << tally.total
              << " recorded jobs reproduced\n";
    all.total += tally.total;
    all.matched += tally.matched;
    all.from_document += tally.from_document;
    all.unreproducible.insert(all.unreproducible.end(), tally.unreproducible.begin(),
                              tally.unreproducible.end());
    all.failures.insert(all.failures.end(), tally.failures.begin(), tally.failures.end());
  }
  std::cout << "snapshots: " << all.matched << "/" << all.total << " recorded jobs reproduced, "
            << all.unreproducible.size() << " unreproducible from the recordings:\n";
  for (const auto& u : all.unreproducible) std::cout << "  " << u << "\n";
  // history 02 CreateStaticRoute_01 documents a static route of internet gateway 8b9ba87a,
  // which no recording holds: its params follow paths through resources never recorded.
  ASSERT_EQ(all.unreproducible.size(), 1u);
  EXPECT_NE(all.unreproducible[0].find("8b9ba87a-5b28-4c67-ba04-4f1d436960f8"), std::string::npos);
  EXPECT_EQ(all.matched + all.unreproducible.size(), all.total);
  EXPECT_EQ(all.total, 179u);  // every /jobs/all entry of the 02_JobManager documents
  for (size_t i = 0; i < all.failures.size() && i < 60; ++i) ADD_FAILURE() << all.failures[i];
}

// Seeds: "```" blocks whose first line is a key and the rest its JSON value.
std::vector<std::pair<std::string, ordered_json>> seed_entries(const std::string& seed) {
  std::vector<std::pair<std::string, ordered_json>> out;
  std::istringstream in(read_fixture_text("seeds/" + seed));
  std::string line, key, body;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) {
      if (inside && !key.empty()) out.emplace_back(key, ordered_json::parse(body, nullptr, false));
      inside = !inside;
      key.clear();
      body.clear();
    } else if (inside && key.empty()) {
      key = line;
    } else if (inside) {
      body += line + "\n";
    }
  }
  return out;
}

TEST(JobManagerGolden, EverySeedJobIsReproduced) {
  const Pair seeds[] = {
      {"001_73160ab85fef42f7.txt", "history/01_common_function_gateway/trace.jsonl"},
      {"003_1f9fc31bb326bf67.txt", "traces/05_load_balancer.jsonl"},
      {"004_3554f3034264d605.txt", "history/02_internet_gateway/trace.jsonl"},
  };
  Tally tally;
  for (const Pair& seed : seeds) {
    for (const auto& [key, value] : seed_entries(seed.snapshots)) {
      if (key.rfind("/jobs/all/", 0) != 0) continue;
      ASSERT_FALSE(value.is_discarded()) << seed.snapshots << " " << key;
      check_job(run_of(seed.trace), seed.snapshots, key.substr(10), value, tally);
    }
  }
  std::cout << "seeds: " << tally.matched << "/" << tally.total << " recorded jobs reproduced\n";
  EXPECT_EQ(tally.total, 6u);
  EXPECT_EQ(tally.matched, tally.total);
  for (const auto& f : tally.failures) ADD_FAILURE() << f;
}

TEST(JobManagerGolden, EveryDependencyListOfEveryTraceIsReproduced) {
  const char* traces[] = {
      "traces/00_logical_network.jsonl",         "traces/01_common_function_gateway.jsonl",
      "traces/02_internet_gateway.jsonl",        "traces/05_load_balancer.jsonl",
      "history/00_logical_network/trace.jsonl",  "history/01_common_function_gateway/trace.jsonl",
      "history/02_internet_gateway/trace.jsonl",
  };
  size_t total = 0, matched = 0;
  for (const char* trace : traces) {
    const auto& run = run_of(trace);
    for (const auto& p : run.problems) ADD_FAILURE() << trace << ": " << p;
    size_t trace_total = 0, trace_matched = 0;
    for (const auto& [key, seq] : run.recorded) {
      if (key.rfind("/jobs/all/", 0) != 0) continue;
      for (const auto& [action, bytes] : seq) {
        if (action != "set") continue;
        ++trace_total;
        ordered_json recorded = ordered_json::parse(bytes);
        const std::string* ours = our_job(run, key.substr(10));
        if (ours == nullptr) {
          ADD_FAILURE() << trace << ": " << key << " not produced";
          continue;
        }
        ordered_json mine = ordered_json::parse(*ours);
        if (recorded[1]["dependency"] == mine[1]["dependency"]) {
          ++trace_matched;
        } else {
          ADD_FAILURE() << trace << ": " << key << " dependency " << recorded[1]["dependency"]
                        << " but ours " << mine[1]["dependency"];
        }
      }
    }
    std::cout << trace << ": " << trace_matched << "/" << trace_total
              << " dependency lists reproduced\n";
    total += trace_total;
    matched += trace_matched;
  }
  std::cout << "traces: " << matched << "/" << total << " dependency lists reproduced\n";
  EXPECT_EQ(matched, total);
}

TEST(JobManagerGolden, TheOnlyLostInputIsTheLoadBalancerNetworkCreation) {
  for (const char* trace :
       {"traces/00_logical_network.jsonl", "traces/01_common_function_gateway.jsonl",
        "traces/02_internet_gateway.jsonl", "history/00_logical_network/trace.jsonl",
        "history/01_common_function_gateway/trace.jsonl",
        "history/02_internet_gateway/trace.jsonl"}) {
    EXPECT_TRUE(run_of(trace).reconstructions.empty()) << trace;
  }
  const auto& lb = run_of("traces/05_load_balancer.jsonl").reconstructions;
  ASSERT_EQ(lb.size(), 1u);
  EXPECT_EQ(lb[0].rfind("/config/v2.0/networks/ce9a7a92-d11a-4fc6-8ae7-18061b62c98f version 1", 0),
            0u)
      << lb[0];
}

}  // namespace
}  // namespace esisim::testing
