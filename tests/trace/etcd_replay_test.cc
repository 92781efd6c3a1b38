// etcd-replay on the recorded full-index traces: every index and the final keyspace exact.
#include "sim/etcd_replay.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/demo_workload.h"
#include "sim/trace/trace_reader.h"

namespace esisim {
namespace {

std::vector<trace::TraceEvent> load(const std::string& relative) {
  auto events = trace::read_trace_file(std::string(ESISIM_FIXTURES_DIR) + "/" + relative);
  EXPECT_TRUE(events.ok()) << events.error().message;
  return events.ok() ? std::move(events.value()) : std::vector<trace::TraceEvent>{};
}

std::string details(const EtcdReplayReport& report) {
  std::string out;
  for (const auto& d : report.details) out += d + "\n";
  return out;
}

TEST(EtcdReplay, HeadLogicalNetworkTraceAndDumpMatchExactly) {
  auto events = load("traces/00_logical_network.jsonl");
  auto dump = read_dump_file(std::string(ESISIM_FIXTURES_DIR) + "/dumps/00_logical_network.json");
  ASSERT_TRUE(dump.ok()) << dump.error().message;
  auto report = replay_etcd_trace(events, dump.value());
  EXPECT_EQ(report.events, 492u);
  EXPECT_EQ(report.indexed_events, 492u);
  EXPECT_EQ(report.index_mismatches, 0u) << details(report);
  EXPECT_EQ(report.final_keys_compared, 97u);
  EXPECT_EQ(report.final_key_mismatches, 0u) << details(report);
  EXPECT_EQ(report.summary_line(),
            "etcd-replay: 492 events, 0 index mismatches, 0 final-key mismatches");
}

TEST(EtcdReplay, HistoryCommonFunctionGatewayTraceMatchesExactly) {
  auto report = replay_etcd_trace(load("history/01_common_function_gateway/trace.jsonl"), {});
  EXPECT_EQ(report.events, 1035u);
  EXPECT_EQ(report.indexed_events, 1035u);
  EXPECT_EQ(report.index_mismatches, 0u) << details(report);
  EXPECT_EQ(report.unexpected_expiries, 0u);
}

TEST(EtcdReplay, HistoryInternetGatewayTraceMatchesExactly) {
  auto report = replay_etcd_trace(load("history/02_internet_gateway/trace.jsonl"), {});
  EXPECT_EQ(report.events, 1305u);
  EXPECT_EQ(report.indexed_events, 1305u);
  EXPECT_EQ(report.index_mismatches, 0u) << details(report);
}

TEST(EtcdReplay, DetectsAWrongRecordedIndex) {
  auto events = load("traces/00_logical_network.jsonl");
  ASSERT_GT(events.size(), 100u);
  *events[100].index += 1;
  auto report = replay_etcd_trace(events, {});
  EXPECT_GE(report.index_mismatches, 1u);
  EXPECT_FALSE(report.passed());
  ASSERT_FALSE(report.details.empty());
  EXPECT_NE(report.details[0].find("seq 100"), std::string::npos) << details(report);
}

TEST(EtcdReplay, DetectsAMissingEventThroughTheIndices) {
  auto events = load("traces/00_logical_network.jsonl");
  events.erase(events.begin() + 200);
  auto report = replay_etcd_trace(events, {});
  EXPECT_GT(report.index_mismatches, 100u);  // every later index is one off
}

TEST(EtcdReplay, DetectsAWrongFinalValue) {
  auto events = load("traces/00_logical_network.jsonl");
  auto dump = read_dump_file(std::string(ESISIM_FIXTURES_DIR) + "/dumps/00_logical_network.json");
  ASSERT_TRUE(dump.ok());
  dump.value()["/job_manager_id"] = "somebody-else";
  dump.value()["/not/in/the/model"] = 1;
  auto report = replay_etcd_trace(events, dump.value());
  EXPECT_EQ(report.final_key_mismatches, 2u) << details(report);
  EXPECT_EQ(report.final_key_mismatches_unrecorded_prefix, 1u);  // /not/in was never recorded
}

TEST(EtcdReplay, ExpiriesAreReproducedFromTheClock) {
  // A trace recorded by esisim itself, with TTL keys that expire, replays exactly.
  std::ostringstream trace_text;
  DemoOptions options;
  options.seed = 3;
  options.operations = 400;
  ASSERT_TRUE(run_demo(options, trace_text).ok());
  std::istringstream in(trace_text.str());
  auto events = trace::read_trace(in, "demo");
  ASSERT_TRUE(events.ok()) << events.error().message;
  size_t expiries = 0;
  for (const auto& e : events.value()) expiries += e.action == "expire";
  EXPECT_GT(expiries, 0u);
  auto report = replay_etcd_trace(events.value(), {});
  EXPECT_EQ(report.index_mismatches, 0u) << details(report);
  EXPECT_EQ(report.indexed_events, events->size());
}

TEST(EtcdReplay, AnExpiryTheTraceLacksIsReported) {
  std::istringstream in(
      R"({"seq":0,"index":4,"created":4,"action":"create","key":"/l","value":"x","ttl":10,)"
      R"("time":"2019-02-01T00:00:00","expiration":"2019-02-01 00:00:10 +0000 UTC"})"
      "\n"
      R"({"seq":1,"index":5,"created":5,"action":"set","key":"/m","value":1,"ttl":0,)"
      R"("time":"2019-02-01T00:00:30"})"
      "\n");
  auto events = trace::read_trace(in, "t");
  ASSERT_TRUE(events.ok());
  auto report = replay_etcd_trace(events.value(), {});
  EXPECT_EQ(report.unexpected_expiries, 1u);
  EXPECT_EQ(report.index_mismatches, 1u);  // /m got index 6
}

TEST(DumpFile, BadJsonNamesLineAndColumn) {
  std::string path = ::testing::TempDir() + "/bad_dump.json";
  {
    std::ofstream out(path);
    out << "{\n  \"/a\": 1,\n  \"/b\": \n}\n";
  }
  auto r = read_dump_file(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(path + ":4:1:"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace esisim
