// A seeded demonstration workload on the simulated etcd, until scenarios exist.
//
// Three actors, each with its own random stream: a client writing, swapping, deleting and
// reading keys under /demo/keys (some with TTLs), a leaseholder that creates /demo/lease with
// a 10 s TTL and refreshes it every 5 s until the client is done (then lets it expire), and
// a watcher following /demo/keys recursively from index to index. Same seed, same trace, byte
// for byte.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>

#include "core/util/result.h"

namespace esisim {

struct DemoOptions {
  uint64_t seed = 1;
  uint64_t operations = 2000;
  int64_t start_ms = 1548979200000;  // 2019-02-01T00:00:00Z
};

struct DemoSummary {
  uint64_t operations = 0;
  uint64_t events_recorded = 0;
  uint64_t watch_notifications = 0;
  uint64_t watch_resyncs = 0;  // 401 answers the watcher recovered from
  uint64_t final_index = 0;
  int64_t end_ms = 0;
  std::map<int, uint64_t> errors_by_code;  // etcd error code -> count
};

Result<DemoSummary> run_demo(const DemoOptions& options, std::ostream& trace_out);

}  // namespace esisim
