#include "sim/sim_etcd.h"

#include <gtest/gtest.h>

#include <sstream>

namespace esisim::sim {
namespace {

constexpr int64_t kT0 = 1548979200000;

TEST(SimEtcd, KeysExpireOnTheClockWithoutAnyWrite) {
  EventLoop loop(kT0);
  std::ostringstream out;
  trace::TraceRecorder recorder(out);
  SimEtcd etcd(loop, &recorder);
  etcd::PutOptions ttl;
  ttl.ttl_s = 65;
  ASSERT_TRUE(etcd.api().put("/job_manager_id", "jm", ttl).ok());
  ASSERT_TRUE(loop.run_until_idle(100).ok());
  EXPECT_EQ(loop.now_ms(), kT0 + 65000);
  EXPECT_EQ(etcd.store().index(), 5u);
  EXPECT_NE(out.str().find("\"action\":\"expire\""), std::string::npos);
  EXPECT_NE(out.str().find("\"time_precise\":\"2019-02-01T00:01:05.000\""), std::string::npos);
}

TEST(SimEtcd, WatchCallbacksRunAsLoopEventsAfterTheWrite) {
  EventLoop loop(kT0);
  SimEtcd etcd(loop);
  std::vector<std::string> log;
  etcd::WaitOptions wait;
  wait.recursive = true;
  ASSERT_TRUE(etcd.watch("/config", wait,
                         [&](const etcd::Event& e) { log.push_back("watch " + e.node.key); })
                  .ok());
  ASSERT_TRUE(loop.schedule_at(kT0 + 10, "writer",
                               [&] {
                                 ASSERT_TRUE(etcd.api().put("/config/a", "1", {}).ok());
                                 log.push_back("wrote");
                               })
                  .ok());
  ASSERT_TRUE(loop.run_until_idle(100).ok());
  EXPECT_EQ(log, (std::vector<std::string>{"wrote", "watch /config/a"}));
}

TEST(SimEtcd, WatchFromHistoryAnswersAsALoopEventAndCancelStopsDelivery) {
  EventLoop loop(kT0);
  SimEtcd etcd(loop);
  ASSERT_TRUE(etcd.api().put("/k", "1", {}).ok());
  int seen = 0;
  etcd::WaitOptions from_start;
  from_start.wait_index = 4;
  auto immediate = etcd.watch("/k", from_start, [&](const etcd::Event&) { ++seen; });
  ASSERT_TRUE(immediate.ok());
  EXPECT_EQ(seen, 0);  // not inside the call
  ASSERT_TRUE(loop.run_until_idle(10).ok());
  EXPECT_EQ(seen, 1);
  auto pending = etcd.watch("/k", {}, [&](const etcd::Event&) { ++seen; });
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(etcd.cancel_watch(pending.value()));
  ASSERT_TRUE(etcd.api().put("/k", "2", {}).ok());
  ASSERT_TRUE(loop.run_until_idle(10).ok());
  EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace esisim::sim
