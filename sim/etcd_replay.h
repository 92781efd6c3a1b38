// etcd-replay: applies every event of a recorded trace to a fresh store model, in order,
// with the clock following the recorded times, and checks the model's indices (and, with a
// dump, the final keyspace) against the recording.
//
// Mapping: set/create/update -> the same operation; compareAndSwap/compareAndDelete ->
// conditioned on the key's previous recorded modifiedIndex (on the model's own when the
// trace has no indices); delete -> delete (recursive for directories); expire -> the model
// must expire the key itself when the clock reaches the event; get -> ignored.
// A null-valued set/create is a directory when a later event writes below its key, else an
// empty value. TTLs come from the recorded expiration (or time + ttl).
// Index-less traces (merged per-prefix watchers) lost events: an operation the model refuses
// there is counted and applied as the nearest unconditional operation, never a mismatch.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "sim/trace/trace_event.h"

namespace esisim {

struct EtcdReplayReport {
  size_t events = 0;
  size_t indexed_events = 0;       // events whose recorded indices were checked
  size_t index_mismatches = 0;     // checked events whose model indices differ
  size_t lenient_operations = 0;   // refused on an index-less event, applied leniently
  size_t unexpected_expiries = 0;  // keys the model expired that the trace never expired
  size_t final_keys_compared = 0;
  size_t final_key_mismatches = 0;
  // Of those, keys under a prefix (first two segments, e.g. /esi-worker/config) that no event
  // of the trace touches: a recording from per-prefix watchers never saw them.
  size_t final_key_mismatches_unrecorded_prefix = 0;
  std::vector<std::string> details;  // the first mismatches, one line each

  bool passed() const { return index_mismatches == 0 && final_key_mismatches == 0; }
  // "etcd-replay: <N> events, <M> index mismatches, <K> final-key mismatches"
  std::string summary_line() const;
};

struct EtcdReplayOptions {
  size_t details_max = 20;
};

// `dump`, when given, is the recorded final keyspace: {key: value parsed as JSON or string}.
EtcdReplayReport replay_etcd_trace(const std::vector<trace::TraceEvent>& events,
                                   const std::optional<nlohmann::json>& dump,
                                   EtcdReplayOptions options = {});

// Reads a dump file ({"/key": value, ...}); errors name the file, line and column.
Result<nlohmann::json> read_dump_file(const std::string& path);

}  // namespace esisim
