// Writes every etcd event of a simulated run as a JSON line in the recorded traces' format.
//
// Each line: {"seq","index","created","action","key","value","ttl","time","time_precise"}
// plus "expiration" (Go time text) for TTL nodes and "value_is_raw_string": true where the
// stored string is not JSON. `time` is the simulated time to the second, `time_precise` to
// the millisecond. The recorder owns nothing but its output and a sequence counter; attach
// it with Store::set_observer and tell it the time with every event.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "core/etcd/event.h"

namespace esisim::trace {

// The JSON object for one event, given its simulated time and sequence number.
nlohmann::ordered_json trace_line(const etcd::Event& event, int64_t time_ms, uint64_t seq);
// trace_line(event, time_ms, seq).dump() appended to `out`, mostly without building the value.
void append_trace_line(std::string& out, const etcd::Event& event, int64_t time_ms, uint64_t seq);

class TraceRecorder {
 public:
  explicit TraceRecorder(std::ostream& out) : out_(out) {}
  void record(const etcd::Event& event, int64_t time_ms);
  uint64_t count() const { return seq_; }

 private:
  std::ostream& out_;
  uint64_t seq_ = 0;
  std::string line_;  // reused for every line
};

}  // namespace esisim::trace
