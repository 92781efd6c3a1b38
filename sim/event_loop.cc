#include "sim/event_loop.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "core/util/time_format.h"

namespace esisim::sim {
namespace {

// Cancelled events are dropped from the heap in bulk once they outnumber the live ones and
// this floor, so the heap stays within about twice queue_size_max.
constexpr size_t kTombstonesCompactMin = 64;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "EventLoop: %s\n", message.c_str());
  std::abort();
}

// Clears `running` when a run ends, also when the event throws.
class RunningGuard {
 public:
  explicit RunningGuard(bool& running) : running_(running) { running_ = true; }
  ~RunningGuard() { running_ = false; }
  RunningGuard(const RunningGuard&) = delete;
  RunningGuard& operator=(const RunningGuard&) = delete;

 private:
  bool& running_;
};

}  // namespace

EventLoop::EventLoop(int64_t start_ms, uint64_t queue_size_max)
    : clock_(start_ms), queue_size_max_(queue_size_max) {}

bool EventLoop::runs_later(const Event& a, const Event& b) {
  if (a.at_ms != b.at_ms) return a.at_ms > b.at_ms;
  return a.seq > b.seq;
}

Result<EventId> EventLoop::schedule_at(int64_t at_ms, std::string label, std::function<void()> fn) {
  if (at_ms < now_ms()) {
    die(fmt::format("event \"{}\" scheduled in the past: at {} but now is {}", label,
                    format_iso_millis(at_ms), format_iso_millis(now_ms())));
  }
  if (!fn) die(fmt::format("event \"{}\" has no function", label));
  if (live_seqs_.size() >= queue_size_max_) {
    return Error{
        kEventLoopLimitErrorCode,
        fmt::format("event queue limit of {} pending events reached at {}; cannot "
                    "schedule \"{}\" at {}",
                    queue_size_max_, format_iso_millis(now_ms()), label, format_iso_millis(at_ms))};
  }
  const uint64_t seq = next_seq_++;
  heap_.push_back(Event{at_ms, seq, std::move(label), std::move(fn)});
  std::push_heap(heap_.begin(), heap_.end(), runs_later);
  live_seqs_.insert(seq);
  return EventId{seq};
}

Result<EventId> EventLoop::schedule_after(int64_t delay_ms, std::string label,
                                          std::function<void()> fn) {
  int64_t at_ms = 0;
  if (delay_ms < 0 || __builtin_add_overflow(now_ms(), delay_ms, &at_ms)) {
    die(fmt::format("event \"{}\" has a bad delay of {} ms at {}", label, delay_ms,
                    format_iso_millis(now_ms())));
  }
  return schedule_at(at_ms, std::move(label), std::move(fn));
}

bool EventLoop::cancel(EventId id) {
  if (live_seqs_.erase(id.value) == 0) return false;
  drop_cancelled_top();
  compact_if_mostly_cancelled();
  return true;
}

bool EventLoop::run_next() {
  if (running_) die("run_next/run_until called from inside a running event");
  if (heap_.empty()) return false;
  std::pop_heap(heap_.begin(), heap_.end(), runs_later);
  Event event = std::move(heap_.back());
  heap_.pop_back();
  live_seqs_.erase(event.seq);
  drop_cancelled_top();
  clock_.advance_to(event.at_ms);
  RunningGuard guard(running_);
  event.fn();
  return true;
}

Result<uint64_t> EventLoop::run_until(int64_t t_ms, uint64_t events_max) {
  if (t_ms < now_ms()) {
    die(fmt::format("run_until({}) is in the past: now is {}", format_iso_millis(t_ms),
                    format_iso_millis(now_ms())));
  }
  uint64_t count = 0;
  while (!heap_.empty() && heap_.front().at_ms <= t_ms) {
    if (count == events_max) {
      return event_limit_error(events_max, "reach " + format_iso_millis(t_ms));
    }
    run_next();
    ++count;
  }
  clock_.advance_to(t_ms);
  return count;
}

Result<uint64_t> EventLoop::run_until_idle(uint64_t events_max) {
  uint64_t count = 0;
  while (!heap_.empty()) {
    if (count == events_max) return event_limit_error(events_max, "become idle");
    run_next();
    ++count;
  }
  return count;
}

std::optional<int64_t> EventLoop::next_event_ms() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.front().at_ms;
}

void EventLoop::drop_cancelled_top() {
  while (!heap_.empty() && !live_seqs_.contains(heap_.front().seq)) {
    std::pop_heap(heap_.begin(), heap_.end(), runs_later);
    heap_.pop_back();
  }
}

void EventLoop::compact_if_mostly_cancelled() {
  const size_t tombstones = heap_.size() - live_seqs_.size();
  if (tombstones < kTombstonesCompactMin || tombstones <= live_seqs_.size()) return;
  std::erase_if(heap_, [this](const Event& event) { return !live_seqs_.contains(event.seq); });
  // The heap's layout depends on this rebuild, but the run order does not: (at_ms, seq) is a
  // total order.
  std::make_heap(heap_.begin(), heap_.end(), runs_later);
}

Error EventLoop::event_limit_error(uint64_t events_max, const std::string& goal) const {
  const Event& next = heap_.front();
  return Error{kEventLoopLimitErrorCode,
               fmt::format("event limit of {} events reached at {}; the simulation did not {} "
                           "(next event \"{}\" at {})",
                           events_max, format_iso_millis(now_ms()), goal, next.label,
                           format_iso_millis(next.at_ms))};
}

}  // namespace esisim::sim
