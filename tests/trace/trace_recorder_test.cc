#include "sim/trace/trace_recorder.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "core/etcd/store.h"
#include "core/util/time_format.h"

namespace esisim::trace {
namespace {

TEST(TraceRecorder, WritesTheRecordedTracesShape) {
  int64_t t0 = *parse_time("2019-02-01T00:26:41.712");
  etcd::Store store(t0);
  auto created = store.create("/job_manager_id", false, "042ca249", false, {t0 + 65000});
  auto line = trace_line(*created, t0, 59);
  EXPECT_EQ(line.dump(),
            R"({"seq":59,"index":4,"created":4,"action":"create","key":"/job_manager_id",)"
            R"("value":"042ca249","ttl":65,"time":"2019-02-01T00:26:41",)"
            R"("time_precise":"2019-02-01T00:26:41.712",)"
            R"("expiration":"2019-02-01 00:27:46.712 +0000 UTC","value_is_raw_string":true})");
}

TEST(TraceRecorder, JsonValuesAreParsedAndEmptyOrDirectoryValuesAreNull) {
  etcd::Store store(0);
  auto json = store.set("/state/x", false, R"({"error": "", "version": 1})");
  EXPECT_EQ(trace_line(*json, 0, 0)["value"]["version"], 1);
  EXPECT_FALSE(trace_line(*json, 0, 0).contains("value_is_raw_string"));
  auto empty = store.create("/jobs/finished/j", false, "");
  EXPECT_TRUE(trace_line(*empty, 0, 0)["value"].is_null());
  auto dir = store.set("/jobs/all", true, "");
  EXPECT_TRUE(trace_line(*dir, 0, 0)["value"].is_null());
  auto del = store.remove("/state/x", false, false);
  EXPECT_TRUE(trace_line(*del, 0, 0)["value"].is_null());
  EXPECT_EQ(trace_line(*del, 0, 0)["action"], "delete");
  EXPECT_EQ(trace_line(*del, 0, 0)["created"], 4);
}

TEST(TraceRecorder, WrittenLinesAreTheDumpsOfTraceLine) {
  int64_t t0 = *parse_time("2019-02-01T00:26:41.712");
  etcd::Store store(t0);
  std::vector<etcd::Event> events;
  events.push_back(*store.create("/job_manager_id", false, "042ca249", false, {t0 + 65000}));
  events.push_back(*store.set("/state/x", false, R"({"error": "", "version": 1})"));
  events.push_back(*store.set("/state/y", false, R"({"f": 1.5, "s": "caf\u00e9"})"));
  events.push_back(*store.set("/state/z", false, R"({"a": 1, "a": 2})"));
  events.push_back(*store.set("/k/\"quoted\"", false, "not json {"));
  events.push_back(*store.set("/k/empty", false, ""));
  events.push_back(*store.set("/dir", true, ""));
  events.push_back(*store.remove("/state/x", false, false));
  std::ostringstream out;
  TraceRecorder recorder(out);
  std::string expected;
  for (std::size_t i = 0; i < events.size(); ++i) {
    recorder.record(events[i], t0 + static_cast<int64_t>(i));
    expected += trace_line(events[i], t0 + static_cast<int64_t>(i), i).dump() + "\n";
  }
  EXPECT_EQ(out.str(), expected);
}

}  // namespace
}  // namespace esisim::trace
