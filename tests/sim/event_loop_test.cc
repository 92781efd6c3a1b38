#include "sim/event_loop.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/clock.h"

namespace esisim::sim {
namespace {

constexpr int64_t kStartMs = 1'548'980'785'847;  // 2019-02-01T00:26:25.847Z

TEST(SimClock, StartsAtTheGivenTimeAndMovesOnlyForward) {
  SimClock clock(kStartMs);
  EXPECT_EQ(clock.now_ms(), kStartMs);
  clock.advance_to(kStartMs);
  EXPECT_EQ(clock.now_ms(), kStartMs);
  clock.advance_to(kStartMs + 5);
  EXPECT_EQ(clock.now_ms(), kStartMs + 5);
}

TEST(SimClockDeathTest, GoingBackwardsAborts) {
  SimClock clock(kStartMs);
  EXPECT_DEATH(clock.advance_to(kStartMs - 1),
               "time cannot go backwards: advance_to\\(2019-02-01T00:26:25.846\\) but now is "
               "2019-02-01T00:26:25.847");
}

// Schedules an event that appends `name` to `log`, and expects the schedule to succeed.
EventId schedule_logged(EventLoop& loop, int64_t at_ms, std::string name,
                        std::vector<std::string>& log) {
  Result<EventId> id = loop.schedule_at(at_ms, name, [&log, name] { log.push_back(name); });
  EXPECT_TRUE(id.ok()) << id.error().message;
  return *id;
}

TEST(EventLoop, RunsEventsInTimeOrderAndAdvancesTheClock) {
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  std::vector<int64_t> seen_ms;
  for (const int64_t delay_ms : {30, 10, 20}) {
    ASSERT_TRUE(loop.schedule_after(delay_ms, "e" + std::to_string(delay_ms),
                                    [&] { seen_ms.push_back(loop.now_ms()); })
                    .ok());
  }
  EXPECT_EQ(loop.pending_count(), 3u);
  EXPECT_EQ(loop.next_event_ms(), kStartMs + 10);
  EXPECT_TRUE(loop.run_next());
  EXPECT_EQ(loop.now_ms(), kStartMs + 10);
  EXPECT_EQ(loop.clock().now_ms(), kStartMs + 10);
  EXPECT_TRUE(loop.run_next());
  EXPECT_TRUE(loop.run_next());
  EXPECT_FALSE(loop.run_next());
  EXPECT_EQ(seen_ms, (std::vector<int64_t>{kStartMs + 10, kStartMs + 20, kStartMs + 30}));
  EXPECT_EQ(loop.now_ms(), kStartMs + 30);
  EXPECT_EQ(loop.pending_count(), 0u);
  EXPECT_EQ(loop.next_event_ms(), std::nullopt);
}

TEST(EventLoop, SameMillisecondRunsInSchedulingOrder) {
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  std::vector<std::string> expected;
  // Interleave two times so that heap reordering would show if the order were not stable.
  for (int i = 0; i < 200; ++i) {
    const int64_t at_ms = kStartMs + (i % 2 == 0 ? 7 : 3);
    schedule_logged(loop, at_ms, "n" + std::to_string(i), log);
  }
  for (int i = 1; i < 200; i += 2) expected.push_back("n" + std::to_string(i));
  for (int i = 0; i < 200; i += 2) expected.push_back("n" + std::to_string(i));
  ASSERT_TRUE(loop.run_until_idle(1000).ok());
  EXPECT_EQ(log, expected);
}

TEST(EventLoop, EventIdsAreDistinctAndNonZero) {
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  const EventId a = schedule_logged(loop, kStartMs, "a", log);
  const EventId b = schedule_logged(loop, kStartMs, "b", log);
  EXPECT_NE(a, EventId{});
  EXPECT_NE(a, b);
  EXPECT_LT(a, b);
}

TEST(EventLoop, CancelRemovesOnlyPendingEvents) {
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  const EventId a = schedule_logged(loop, kStartMs + 1, "a", log);
  const EventId b = schedule_logged(loop, kStartMs + 2, "b", log);
  const EventId c = schedule_logged(loop, kStartMs + 3, "c", log);
  EXPECT_TRUE(loop.cancel(b));
  EXPECT_FALSE(loop.cancel(b));  // already cancelled
  EXPECT_EQ(loop.pending_count(), 2u);
  EXPECT_TRUE(loop.run_next());
  EXPECT_FALSE(loop.cancel(a));  // already ran
  EXPECT_FALSE(loop.cancel(EventId{}));
  EXPECT_FALSE(loop.cancel(EventId{999}));
  ASSERT_TRUE(loop.run_until_idle(10).ok());
  EXPECT_EQ(log, (std::vector<std::string>{"a", "c"}));
  EXPECT_FALSE(loop.cancel(c));
}

TEST(EventLoop, CancellingTheEarliestEventMovesNextEventTime) {
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  const EventId a = schedule_logged(loop, kStartMs + 1, "a", log);
  schedule_logged(loop, kStartMs + 9, "b", log);
  EXPECT_EQ(loop.next_event_ms(), kStartMs + 1);
  EXPECT_TRUE(loop.cancel(a));
  EXPECT_EQ(loop.next_event_ms(), kStartMs + 9);
  EXPECT_TRUE(loop.run_next());
  EXPECT_EQ(loop.now_ms(), kStartMs + 9);  // the cancelled event did not move the clock
  EXPECT_EQ(log, std::vector<std::string>{"b"});
}

TEST(EventLoop, ManyCancellationsKeepOrderAndCounts) {
  // Enough cancellations to trigger the heap's compaction several times.
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  std::vector<std::string> expected;
  std::vector<EventId> ids;
  for (int i = 0; i < 3000; ++i) {
    const int64_t at_ms = kStartMs + (i * 7919) % 101;
    ids.push_back(schedule_logged(loop, at_ms, std::to_string(i), log));
  }
  for (int i = 0; i < 3000; ++i) {
    if (i % 10 != 3) {
      EXPECT_TRUE(loop.cancel(ids[i]));
    }
  }
  EXPECT_EQ(loop.pending_count(), 300u);
  for (int64_t t = 0; t < 101; ++t) {
    for (int i = 3; i < 3000; i += 10) {
      if ((i * 7919) % 101 == t) expected.push_back(std::to_string(i));
    }
  }
  Result<uint64_t> ran = loop.run_until_idle(10'000);
  ASSERT_TRUE(ran.ok()) << ran.error().message;
  EXPECT_EQ(*ran, 300u);
  EXPECT_EQ(log, expected);
}

TEST(EventLoop, RunUntilRunsEventsAtTheBoundaryAndAdvancesTheClock) {
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  schedule_logged(loop, kStartMs + 10, "before", log);
  schedule_logged(loop, kStartMs + 100, "at", log);
  schedule_logged(loop, kStartMs + 101, "after", log);
  Result<uint64_t> ran = loop.run_until(kStartMs + 100, 10);
  ASSERT_TRUE(ran.ok()) << ran.error().message;
  EXPECT_EQ(*ran, 2u);
  EXPECT_EQ(log, (std::vector<std::string>{"before", "at"}));
  EXPECT_EQ(loop.now_ms(), kStartMs + 100);
  EXPECT_EQ(loop.pending_count(), 1u);

  // With nothing to run the clock still moves to t.
  ran = loop.run_until(kStartMs + 100, 10);
  EXPECT_EQ(*ran, 0u);
  ran = loop.run_until(kStartMs + 100'000, 0);
  ASSERT_FALSE(ran.ok());  // "after" is due and the limit is 0
  ran = loop.run_until(kStartMs + 100'000, 1);
  ASSERT_TRUE(ran.ok());
  EXPECT_EQ(*ran, 1u);
  EXPECT_EQ(loop.now_ms(), kStartMs + 100'000);
}

TEST(EventLoop, RunUntilIdleLeavesTheClockAtTheLastEvent) {
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  EXPECT_EQ(*loop.run_until_idle(0), 0u);
  schedule_logged(loop, kStartMs + 42, "x", log);
  EXPECT_EQ(*loop.run_until_idle(1), 1u);
  EXPECT_EQ(loop.now_ms(), kStartMs + 42);
}

TEST(EventLoop, EventsMayScheduleAndCancelEvents) {
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  EventId victim{};
  ASSERT_TRUE(
      loop.schedule_at(kStartMs + 1, "parent",
                       [&] {
                         log.push_back("parent@" + std::to_string(loop.now_ms() - kStartMs));
                         // Same millisecond: runs after everything already scheduled at this time.
                         schedule_logged(loop, loop.now_ms(), "child-now", log);
                         ASSERT_TRUE(
                             loop.schedule_after(5, "child-later",
                                                 [&] {
                                                   log.push_back(
                                                       "child-later@" +
                                                       std::to_string(loop.now_ms() - kStartMs));
                                                 })
                                 .ok());
                         EXPECT_TRUE(loop.cancel(victim));
                       })
          .ok());
  schedule_logged(loop, kStartMs + 1, "sibling", log);
  victim = schedule_logged(loop, kStartMs + 2, "victim", log);
  Result<uint64_t> ran = loop.run_until_idle(100);
  ASSERT_TRUE(ran.ok()) << ran.error().message;
  EXPECT_EQ(*ran, 4u);
  EXPECT_EQ(log, (std::vector<std::string>{"parent@1", "sibling", "child-now", "child-later@6"}));
}

TEST(EventLoop, RunUntilRunsEventsScheduledDuringTheRun) {
  EventLoop loop(kStartMs);
  int ticks = 0;
  std::function<void()> tick = [&] {
    ++ticks;
    ASSERT_TRUE(loop.schedule_after(10, "tick", tick).ok());
  };
  ASSERT_TRUE(loop.schedule_after(0, "tick", tick).ok());
  Result<uint64_t> ran = loop.run_until(kStartMs + 100, 1000);
  ASSERT_TRUE(ran.ok()) << ran.error().message;
  EXPECT_EQ(*ran, 11u);  // at +0, +10, ..., +100
  EXPECT_EQ(ticks, 11);
  EXPECT_EQ(loop.pending_count(), 1u);
  EXPECT_EQ(loop.next_event_ms(), kStartMs + 110);
}

TEST(EventLoop, EventLimitErrorNamesTheLimitAndTime) {
  EventLoop loop(kStartMs);
  std::function<void()> forever = [&] {
    ASSERT_TRUE(loop.schedule_after(1, "spin", forever).ok());
  };
  ASSERT_TRUE(loop.schedule_after(0, "spin", forever).ok());
  Result<uint64_t> ran = loop.run_until_idle(1000);
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().code, kEventLoopLimitErrorCode);
  EXPECT_EQ(ran.error().message,
            "event limit of 1000 events reached at 2019-02-01T00:26:26.846; the simulation did "
            "not become idle (next event \"spin\" at 2019-02-01T00:26:26.847)");
  EXPECT_EQ(loop.now_ms(), kStartMs + 999);

  ran = loop.run_until(kStartMs + 10'000, 5);
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().message,
            "event limit of 5 events reached at 2019-02-01T00:26:26.851; the simulation did not "
            "reach 2019-02-01T00:26:35.847 (next event \"spin\" at 2019-02-01T00:26:26.852)");
  EXPECT_EQ(loop.now_ms(), kStartMs + 1004);  // not advanced to t on error
}

TEST(EventLoop, ExactlyEventsMaxEventsAreAllowed) {
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  for (int i = 0; i < 3; ++i) schedule_logged(loop, kStartMs, std::to_string(i), log);
  Result<uint64_t> ran = loop.run_until_idle(3);
  ASSERT_TRUE(ran.ok());
  EXPECT_EQ(*ran, 3u);
}

TEST(EventLoop, QueueSizeLimitReturnsAnErrorNamingTheLimit) {
  EventLoop loop(kStartMs, 3);
  EXPECT_EQ(loop.queue_size_max(), 3u);
  std::vector<std::string> log;
  const EventId first = schedule_logged(loop, kStartMs + 1, "a", log);
  schedule_logged(loop, kStartMs + 2, "b", log);
  schedule_logged(loop, kStartMs + 3, "c", log);
  Result<EventId> full = loop.schedule_at(kStartMs + 4, "d", [] {});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, kEventLoopLimitErrorCode);
  EXPECT_EQ(full.error().message,
            "event queue limit of 3 pending events reached at 2019-02-01T00:26:25.847; cannot "
            "schedule \"d\" at 2019-02-01T00:26:25.851");
  EXPECT_EQ(loop.pending_count(), 3u);
  // Room comes back when an event is cancelled or runs.
  EXPECT_TRUE(loop.cancel(first));
  EXPECT_TRUE(loop.schedule_after(4, "d", [] {}).ok());
  EXPECT_FALSE(loop.schedule_after(4, "e", [] {}).ok());
  EXPECT_TRUE(loop.run_next());
  EXPECT_TRUE(loop.schedule_after(4, "e", [] {}).ok());
}

TEST(EventLoop, DefaultQueueSizeLimitIsOneMillion) {
  EventLoop loop(kStartMs);
  EXPECT_EQ(loop.queue_size_max(), 1'000'000u);
}

TEST(EventLoop, AnEventThatThrowsLeavesTheLoopUsable) {
  EventLoop loop(kStartMs);
  std::vector<std::string> log;
  ASSERT_TRUE(loop.schedule_at(kStartMs, "throws", [] { throw 42; }).ok());
  schedule_logged(loop, kStartMs + 1, "after", log);
  EXPECT_THROW(loop.run_next(), int);
  EXPECT_EQ(loop.pending_count(), 1u);
  EXPECT_TRUE(loop.run_next());
  EXPECT_EQ(log, std::vector<std::string>{"after"});
}

TEST(EventLoopDeathTest, SchedulingInThePastAborts) {
  EventLoop loop(kStartMs);
  EXPECT_DEATH((void)loop.schedule_at(kStartMs - 1, "late", [] {}),
               "event \"late\" scheduled in the past: at 2019-02-01T00:26:25.846 but now is "
               "2019-02-01T00:26:25.847");
  EXPECT_DEATH((void)loop.schedule_after(-1, "late", [] {}), "bad delay of -1 ms");
  EXPECT_DEATH((void)loop.schedule_after(INT64_MAX, "overflow", [] {}), "bad delay");
  EXPECT_DEATH((void)loop.schedule_at(kStartMs, "empty", nullptr), "has no function");
}

TEST(EventLoopDeathTest, RunUntilInThePastAborts) {
  EventLoop loop(kStartMs);
  EXPECT_DEATH((void)loop.run_until(kStartMs - 1, 10), "run_until\\(.*\\) is in the past");
}

TEST(EventLoopDeathTest, RunningTheLoopFromAnEventAborts) {
  EventLoop loop(kStartMs);
  ASSERT_TRUE(loop.schedule_at(kStartMs, "reentrant", [&] { loop.run_next(); }).ok());
  EXPECT_DEATH(loop.run_next(), "called from inside a running event");
}

}  // namespace
}  // namespace esisim::sim
