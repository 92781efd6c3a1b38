// Same inputs and seed give a byte-identical trace; another seed gives another trace.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/demo_workload.h"

namespace esisim {
namespace {

std::string trace_of(uint64_t seed, uint64_t operations) {
  DemoOptions options;
  options.seed = seed;
  options.operations = operations;
  std::ostringstream out;
  auto summary = run_demo(options, out);
  EXPECT_TRUE(summary.ok());
  return out.str();
}

TEST(Determinism, SameSeedGivesByteIdenticalTraces) {
  std::string first = trace_of(42, 1500);
  std::string second = trace_of(42, 1500);
  EXPECT_GT(first.size(), 10000u);
  EXPECT_EQ(first, second);
}

TEST(Determinism, DifferentSeedsGiveDifferentTraces) {
  EXPECT_NE(trace_of(1, 300), trace_of(2, 300));
}

TEST(Determinism, DemoExercisesTtlExpiryAndWatches) {
  DemoOptions options;
  options.seed = 5;
  options.operations = 1000;
  std::ostringstream out;
  auto summary = run_demo(options, out);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->operations, 1000u);
  EXPECT_GT(summary->watch_notifications, 100u);
  EXPECT_NE(out.str().find("\"action\":\"expire\",\"key\":\"/demo/lease\""), std::string::npos);
  EXPECT_EQ(summary->final_index, summary->events_recorded + 3);  // every event recorded
}

}  // namespace
}  // namespace esisim
