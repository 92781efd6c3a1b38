// One etcd event of a trace file, as recorded from the real system or written by esisim.
//
// The format is that of the recorded traces (fixtures/traces/*.jsonl): one JSON object a
// line with `seq index created action key value ttl time`, and where known `time_precise`,
// `expiration` (Go time text) and `value_is_raw_string`. `value` is the stored string parsed
// as JSON, a raw string when it is not JSON, null for deletes, directories and empty values.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace esisim::trace {

struct TraceEvent {
  uint64_t seq = 0;
  std::optional<uint64_t> index;    // modifiedIndex, where the recording has it
  std::optional<uint64_t> created;  // createdIndex, where the recording has it
  std::string action;               // etcd's action name
  std::string key;
  nlohmann::ordered_json value;  // as described above
  bool value_is_raw_string = false;
  int64_t ttl_s = 0;
  int64_t time_ms = 0;  // the best time the line gives (see trace_reader.h)
  std::optional<int64_t> expiration_ms;
  size_t line = 0;  // 1-based line in the file it was read from

  // The string etcd stored: raw strings as they are, JSON values serialised, "" for null.
  std::string stored_value() const;
};

}  // namespace esisim::trace
