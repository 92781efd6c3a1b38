// The Job Manager core against the recorded full-index traces: every key the real Job Manager
// wrote (/jobs/all, /jobs/waiting, /jobs/ready sets and promotions, /jobs/finished deletes,
// /worker-workflow-jobs, /esi-worker/config, READ_COMPLETE /state, heat_stacks cleanup) must get
// exactly the recorded sequence of (action, stored bytes).
//
// Driving: /config events are read when the trace shows them; a workflow is scheduled where the
// trace shows its /worker-workflow-jobs set; a job is finished where the trace shows the Job
// Manager's /jobs/all delete; /state versions come from the trace; job-id suffixes are the
// recorded ones, in the order the jobs were stored.
#include <gtest/gtest.h>

#include <map>

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/json/python_json.h"
#include "core/scheduler/job_manager.h"
#include "tests/domain/fixture_reader.h"
#include "tests/scheduler/map_state_reader.h"

namespace esisim::scheduler {
namespace {

using nlohmann::ordered_json;
using Sequence = std::vector<std::pair<std::string, std::string>>;  // (action, stored bytes)

// The stored string of a recorded event: raw strings as they are, JSON re-dumped by Python's
// rules (byte-exact for values the Python workers wrote), "" for null.
std::string recorded_bytes(const ordered_json& event) {
  const ordered_json& value = event["value"];
  if (value.is_null()) return "";
  if (event.value("value_is_raw_string", false)) return value.get<std::string>();
  auto dumped = json::python_json_dumps(value);
  return dumped.ok() ? dumped.value() : value.dump();
}

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// Is this recorded event a write of the Job Manager?
bool written_by_job_manager(const ordered_json& event) {
  const std::string key = event["key"];
  const std::string action = event["action"];
  if (starts_with(key, "/jobs/all/") || starts_with(key, "/jobs/waiting/")) return true;
  if (starts_with(key, "/jobs/ready/")) return action != "delete";
  if (starts_with(key, "/jobs/finished/")) return action == "delete";
  if (key == "/worker-workflow-jobs") return true;
  if (starts_with(key, "/esi-worker/config/")) return true;
  if (starts_with(key, "/esi-worker/heat_stacks/")) return action == "delete";
  if (starts_with(key, "/state/") && action == "set") {
    return event["value"]["state"].value("worker_state", "") == "READ_COMPLETE";
  }
  return false;
}

std::string action_of(EtcdWrite::Kind kind) {
  switch (kind) {
    case EtcdWrite::Kind::kSet:
      return "set";
    case EtcdWrite::Kind::kCreate:
      return "create";
    case EtcdWrite::Kind::kCompareAndSwap:
      return "compareAndSwap";
    case EtcdWrite::Kind::kDelete:
      return "delete";
  }
  return "?";
}

struct Conformance {
  size_t recorded_events = 0;
  size_t matched_events = 0;
  size_t keys = 0;
  size_t jobs = 0;
  std::vector<std::string> mismatches;
};

Conformance run_trace(const std::string& trace) {
  Conformance result;
  auto schemas =
      domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"));
  EXPECT_TRUE(schemas.ok());
  auto mw = domain::TemplateMappings::from_json(
      esisim::testing::read_fixture_json("esi/template_mappings-2017.json"));
  EXPECT_TRUE(mw.ok());
  auto events = esisim::testing::read_fixture_json_lines(trace);

  // Recorded suffixes, in the order the jobs were stored.
  std::vector<std::string> suffixes;
  for (const auto& e : events) {
    std::string key = e["key"];
    if (starts_with(key, "/jobs/all/") && e["action"] == "set") {
      suffixes.push_back(key.substr(key.rfind(':') + 1));
    }
  }
  size_t next_suffix = 0;
  JobManagerCore core(schemas.value(), domain::TemplateMappings::from_schemas(schemas.value()),
                      mw.value(), {},
                      [&] { return next_suffix < suffixes.size() ? suffixes[next_suffix++] : ""; });
  MapStateReader state;
  std::map<std::string, Sequence> ours;
  std::map<std::string, Sequence> recorded;
  auto emit = [&](const std::vector<EtcdWrite>& writes) {
    for (const auto& w : writes) ours[w.key].emplace_back(action_of(w.kind), w.value);
  };

  for (const auto& e : events) {
    const std::string key = e["key"];
    const std::string action = e["action"];
    if (written_by_job_manager(e)) {
      recorded[key].emplace_back(action, action == "delete" ? "" : recorded_bytes(e));
    }
    if (starts_with(key, "/config/")) {
      if (action == "delete") {
        auto r = core.read_config_delete(key);
        EXPECT_TRUE(r.ok()) << r.error().message;
        if (r.ok()) emit(r->writes);
      } else {
        std::string stored = e["value"].dump();  // the Go writer's compact JSON
        auto r = core.read_config_set(key, stored);
        EXPECT_TRUE(r.ok()) << key << ": " << r.error().message;
        if (r.ok()) emit(r->writes);
      }
    } else if (key == "/worker-workflow-jobs" && action == "set") {
      auto r = core.schedule_next(state);
      EXPECT_TRUE(r.ok()) << r.error().message;
      if (r.ok()) {
        emit(r->writes);
        result.jobs += r->job_ids.size();
      }
    } else if (starts_with(key, "/jobs/all/") && action == "delete") {
      emit(core.job_finished(key.substr(std::string("/jobs/all/").size())));
    } else if (starts_with(key, "/state/")) {
      if (action == "delete") {
        state.versions.erase(key);
      } else {
        state.versions[key] = e["value"]["version"].get<int64_t>();
      }
    }
  }

  for (const auto& [key, seq] : recorded) {
    ++result.keys;
    result.recorded_events += seq.size();
    const Sequence& mine = ours[key];
    size_t same = 0;
    while (same < seq.size() && same < mine.size() && seq[same] == mine[same]) ++same;
    result.matched_events += same;
    if (same < seq.size() || mine.size() != seq.size()) {
      std::string what = key + ": recorded " + std::to_string(seq.size()) + " events, ours " +
                         std::to_string(mine.size()) + "; first difference at #" +
                         std::to_string(same);
      if (same < seq.size()) {
        what += "\n  recorded " + seq[same].first + " " + seq[same].second.substr(0, 1500);
      }
      if (same < mine.size()) {
        what += "\n  ours     " + mine[same].first + " " + mine[same].second.substr(0, 1500);
      }
      result.mismatches.push_back(what);
    }
  }
  for (const auto& [key, seq] : ours) {
    if (recorded.count(key) == 0) result.mismatches.push_back(key + ": written by us only");
  }
  return result;
}

void expect_exact(const std::string& trace, size_t jobs_expected) {
  Conformance c = run_trace(trace);
  EXPECT_EQ(c.jobs, jobs_expected);
  EXPECT_EQ(c.matched_events, c.recorded_events);
  EXPECT_TRUE(c.mismatches.empty()) << c.mismatches.size() << " keys differ; first:\n"
                                    << (c.mismatches.empty() ? "" : c.mismatches[0]);
  std::cout << trace << ": " << c.matched_events << "/" << c.recorded_events
            << " Job Manager events on " << c.keys << " keys, " << c.jobs << " jobs\n";
}

TEST(JobManagerConformance, HeadLogicalNetworkEveryJobManagerWriteIsExact) {
  expect_exact("traces/00_logical_network.jsonl", 7);
}

TEST(JobManagerConformance, History2017CommonFunctionGatewayEveryWriteIsExact) {
  expect_exact("history/01_common_function_gateway/trace.jsonl", 31);
}

TEST(JobManagerConformance, History2017InternetGatewayEveryWriteIsExact) {
  expect_exact("history/02_internet_gateway/trace.jsonl", 35);
}

}  // namespace
}  // namespace esisim::scheduler
