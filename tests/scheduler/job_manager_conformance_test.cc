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
  replay::WriteComparison c = replay::compare_writes(run);
  EXPECT_EQ(c.matched_events, c.recorded_events);
  EXPECT_TRUE(c.mismatches.empty()) << c.mismatches.size() << " keys differ; first:\n"
                                    << (c.mismatches.empty() ? "" : c.mismatches[0]);
  EXPECT_TRUE(c.extra_keys.empty()) << (c.extra_keys.empty() ? "" : c.extra_keys[0]);
  EXPECT_TRUE(c.exact());
  std::cout << trace << ": " << c.matched_events << "/" << c.recorded_events
            << " Job Manager events exact on " << c.recorded_keys << " keys, " << run.jobs.size()
            << " jobs\n";
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
