// SimClock: the simulated time, int64_t milliseconds since the Unix epoch (UTC).
//
// Contract: starts at the time given at construction and moves only through advance_to(),
// never backwards. Moving it backwards is a programming error and aborts the process with a
// message, in every build type (not only when assert is on). It never reads the wall clock.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "core/util/time_format.h"

namespace esisim::sim {

class SimClock {
 public:
  explicit SimClock(int64_t start_ms) : now_ms_(start_ms) {}

  int64_t now_ms() const { return now_ms_; }

  // Sets the time to t_ms; t_ms == now_ms() is allowed and changes nothing.
  void advance_to(int64_t t_ms) {
    if (t_ms < now_ms_) {
      std::fprintf(stderr, "SimClock: time cannot go backwards: advance_to(%s) but now is %s\n",
                   format_iso_millis(t_ms).c_str(), format_iso_millis(now_ms_).c_str());
      std::abort();
    }
    now_ms_ = t_ms;
  }

 private:
  int64_t now_ms_;
};

}  // namespace esisim::sim
