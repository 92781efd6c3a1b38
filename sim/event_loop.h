// EventLoop: a single-threaded discrete-event loop that owns the simulated clock.
//
// Contract: events run in a total, stable order: by time, then by the order in which they
// were scheduled (two events at the same millisecond run first-scheduled first). Running an
// event first advances the clock to its time. The order depends only on the calls made,
// never on addresses or hash order. Limits: at most queue_size_max pending events (scheduling
// beyond it returns an error naming the limit), and every run_until* call is given the most
// events it may run (exceeding it returns an error naming the limit and the time reached).
// Programming errors abort the process with a message in every build type: scheduling in
// the past, a negative delay, an empty function, run_until to a time in the past, and
// running the loop from inside one of its own events. Scheduling and cancelling from inside
// a running event is fine.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/util/result.h"
#include "sim/clock.h"

namespace esisim::sim {

// Error code of a limit reached: the event queue is full, or run_until* ran its events_max.
inline constexpr int kEventLoopLimitErrorCode = 3;

inline constexpr uint64_t kQueueSizeMaxDefault = 1'000'000;

// Identifies one scheduled event; ids are never reused within a loop. 0 is never issued.
struct EventId {
  uint64_t value = 0;
  friend auto operator<=>(const EventId&, const EventId&) = default;
};

class EventLoop {
 public:
  explicit EventLoop(int64_t start_ms, uint64_t queue_size_max = kQueueSizeMaxDefault);
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Schedules fn to run at at_ms (>= now_ms()). `label` names the event in error messages.
  // Returns an error if queue_size_max events are already pending.
  [[nodiscard]] Result<EventId> schedule_at(int64_t at_ms, std::string label,
                                            std::function<void()> fn);
  // Same as schedule_at(now_ms() + delay_ms, ...); delay_ms must be >= 0.
  [[nodiscard]] Result<EventId> schedule_after(int64_t delay_ms, std::string label,
                                               std::function<void()> fn);

  // Removes a pending event. False if it already ran, is running, was cancelled, or is unknown.
  bool cancel(EventId id);

  // Advances the clock to the earliest pending event and runs it. False when none is pending.
  bool run_next();

  // Runs every event whose time is <= t_ms (including those they schedule), then advances the
  // clock to t_ms (>= now_ms()). Returns the number of events run, or an error if more than
  // events_max would be needed; the clock then stays at the last event run.
  [[nodiscard]] Result<uint64_t> run_until(int64_t t_ms, uint64_t events_max);
  // Runs events until none is pending. Returns the number run, or an error if more than
  // events_max would be needed. The clock stays at the time of the last event.
  [[nodiscard]] Result<uint64_t> run_until_idle(uint64_t events_max);

  // Events scheduled and neither run nor cancelled.
  uint64_t pending_count() const { return live_seqs_.size(); }
  // Time of the earliest pending event, if any.
  std::optional<int64_t> next_event_ms() const;
  uint64_t queue_size_max() const { return queue_size_max_; }
  int64_t now_ms() const { return clock_.now_ms(); }
  const SimClock& clock() const { return clock_; }

 private:
  struct Event {
    int64_t at_ms;
    uint64_t seq;
    std::string label;
    std::function<void()> fn;
  };
  // Heap order for std::push_heap/pop_heap: the earliest (at_ms, seq) is at the front.
  static bool runs_later(const Event& a, const Event& b);

  void drop_cancelled_top();
  void compact_if_mostly_cancelled();
  Error event_limit_error(uint64_t events_max, const std::string& goal) const;

  SimClock clock_;
  uint64_t queue_size_max_;
  uint64_t next_seq_ = 1;
  bool running_ = false;
  // Binary min-heap of scheduled events, including cancelled ones (tombstones) not yet
  // dropped. Invariant: the front, if any, is live.
  std::vector<Event> heap_;
  // Sequence numbers of the live events. Only looked up, never iterated.
  std::unordered_set<uint64_t> live_seqs_;
};

}  // namespace esisim::sim
