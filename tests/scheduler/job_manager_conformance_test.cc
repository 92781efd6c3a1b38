// The Job Manager core against the recorded full-index traces: every key the real Job Manager
// wrote (/jobs/all, /jobs/waiting, /jobs/ready sets and promotions, /jobs/finished deletes,
// /worker-workflow-jobs, /esi-worker/config, READ_COMPLETE /state, heat_stacks cleanup) must get
// exactly the recorded sequence of (action, stored bytes). Driving and inputs: see
// sim/replay/job_manager_trace_driver.h.
#include <gtest/gtest.h>

#include "tests/scheduler/recorded_flows.h"

namespace esisim::testing {
namespace {

void expect_exact(const std::string& trace, size_t jobs_expected) {
  const auto& run = run_of(trace);
  EXPECT_TRUE(run.problems.empty()) << run.problems.front();
  EXPECT_EQ(run.jobs.size(), jobs_expected);
  size_t recorded_events = 0, matched = 0;
  std::vector<std::string> mismatches;
  for (const auto& [key, seq] : run.recorded) {
    recorded_events += seq.size();
    auto it = run.ours.find(key);
    const replay::WriteSequence empty;
    const replay::WriteSequence& mine = it == run.ours.end() ? empty : it->second;
    size_t same = 0;
    while (same < seq.size() && same < mine.size() && seq[same] == mine[same]) ++same;
    matched += same;
    if (same < seq.size() || mine.size() != seq.size()) {
      std::string what = key + ": first difference at #" + std::to_string(same);
      if (same < seq.size()) what += "\n  recorded " + seq[same].first + " " + seq[same].second;
      if (same < mine.size()) what += "\n  ours     " + mine[same].first + " " + mine[same].second;
      mismatches.push_back(what);
    }
  }
  for (const auto& [key, seq] : run.ours) {
    if (run.recorded.count(key) == 0) mismatches.push_back(key + ": written by us only");
  }
  EXPECT_EQ(matched, recorded_events);
  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " keys differ; first:\n"
                                  << (mismatches.empty() ? "" : mismatches[0]);
  std::cout << trace << ": " << matched << "/" << recorded_events << " Job Manager events exact on "
            << run.recorded.size() << " keys, " << run.jobs.size() << " jobs\n";
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
}  // namespace esisim::testing
