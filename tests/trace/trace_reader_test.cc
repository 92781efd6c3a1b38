#include "sim/trace/trace_reader.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/util/time_format.h"

namespace esisim::trace {
namespace {

Result<std::vector<TraceEvent>> read(const std::string& text) {
  std::istringstream in(text);
  return read_trace(in, "t.jsonl");
}

TEST(TraceReader, ReadsRecordedLines) {
  auto r = read(
      R"({"seq": 5, "index": 9, "created": 9, "action": "create", "key": "/gohan/cluster/sync", )"
      R"("value": {"ProcessID": "p", "Index": 0}, "ttl": 10, "time": "2019-02-01T00:26:37", )"
      R"("expiration": "2019-02-01 00:26:47.025418041 +0000 UTC", "source": "full"})"
      "\n"
      R"({"seq": 6, "index": null, "created": null, "action": "set", "key": "/jobs/ready/j", )"
      R"("value": "heat_worker", "ttl": null, "time": "2019-02-01T00:27:15", )"
      R"("time_precise": "2019-02-01T00:27:15.606", "value_is_raw_string": true})"
      "\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  const TraceEvent& a = (*r)[0];
  EXPECT_EQ(a.index, 9u);
  EXPECT_EQ(a.ttl_s, 10);
  EXPECT_EQ(a.expiration_ms, *parse_time("2019-02-01T00:26:47.025"));
  EXPECT_EQ(a.time_ms, *parse_time("2019-02-01T00:26:37.025"));   // expiration - ttl
  EXPECT_EQ(a.stored_value(), R"({"ProcessID":"p","Index":0})");  // key order kept
  const TraceEvent& b = (*r)[1];
  EXPECT_FALSE(b.index.has_value());
  EXPECT_EQ(b.time_ms, *parse_time("2019-02-01T00:27:15.606"));  // time_precise wins
  EXPECT_EQ(b.stored_value(), "heat_worker");
  EXPECT_EQ(b.line, 2u);
}

TEST(TraceReader, BadJsonNamesFileLineAndColumn) {
  auto r = read("\n{\"seq\": 1, \"action\": }\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 2);
  EXPECT_EQ(r.error().message.rfind("t.jsonl:2:", 0), 0u) << r.error().message;
}

TEST(TraceReader, UnknownActionIsBadInput) {
  auto r =
      read(R"({"seq": 1, "action": "frobnicate", "key": "/a", "time": "2019-02-01T00:00:00"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("t.jsonl:1:12: expected \"action\"", 0), 0u)
      << r.error().message;
}

TEST(TraceReader, BadTimeAndMissingFieldsAreBadInput) {
  auto bad_time =
      read(R"({"seq": 1, "action": "set", "key": "/a", "time": "2019-13-01T00:00:00"})");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_NE(bad_time.error().message.find("t.jsonl:1:"), std::string::npos);
  EXPECT_NE(bad_time.error().message.find("2019-13-01"), std::string::npos);
  auto no_time = read(R"({"seq": 1, "action": "set", "key": "/a"})");
  ASSERT_FALSE(no_time.ok());
  EXPECT_NE(no_time.error().message.find("expected \"time\""), std::string::npos);
  auto bad_key = read(R"({"seq": 1, "action": "set", "key": "a", "time": "2019-02-01T00:00:00"})");
  EXPECT_NE(bad_key.error().message.find("expected \"key\""), std::string::npos);
  auto bad_index = read(
      R"({"seq": 1, "index": -4, "action": "set", "key": "/a", "time": "2019-02-01T00:00:00"})");
  EXPECT_NE(bad_index.error().message.find("t.jsonl:1:12: expected \"index\""), std::string::npos)
      << bad_index.error().message;
  auto not_object = read("[1, 2]");
  EXPECT_NE(not_object.error().message.find("expected a JSON object"), std::string::npos);
}

TEST(TraceReader, EventLimitIsAnError) {
  std::istringstream in(
      "{\"seq\":1,\"action\":\"set\",\"key\":\"/a\",\"time\":\"2019-02-01T00:00:00\"}\n"
      "{\"seq\":2,\"action\":\"set\",\"key\":\"/a\",\"time\":\"2019-02-01T00:00:00\"}\n");
  TraceReadLimits limits;
  limits.events_max = 1;
  auto r = read_trace(in, "t.jsonl", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("more than 1 events, the limit"), std::string::npos);
}

TEST(TraceReader, MissingFileIsBadInput) {
  auto r = read_trace_file("/nonexistent/trace.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 2);
  EXPECT_NE(r.error().message.find("/nonexistent/trace.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace esisim::trace
