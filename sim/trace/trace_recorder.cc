#include "sim/trace/trace_recorder.h"

#include "core/util/time_format.h"

namespace esisim::trace {

namespace {
// The stored string as the traces show it: parsed JSON, a raw string, or null.
void put_value(nlohmann::ordered_json& line, const etcd::Event& event) {
  const auto& node = event.node;
  if (!node.value || node.value->empty() || node.dir) {
    line["value"] = nullptr;
    return;
  }
  auto parsed = nlohmann::ordered_json::parse(*node.value, nullptr, false);
  if (parsed.is_discarded()) {
    line["value"] = *node.value;
    line["value_is_raw_string"] = true;
  } else {
    line["value"] = std::move(parsed);
  }
}
}  // namespace

nlohmann::ordered_json trace_line(const etcd::Event& event, int64_t time_ms, uint64_t seq) {
  nlohmann::ordered_json line;
  line["seq"] = seq;
  line["index"] = event.node.modified_index;
  line["created"] = event.node.created_index;
  line["action"] = std::string(etcd::action_name(event.action));
  line["key"] = event.node.key;
  put_value(line, event);
  line["ttl"] = event.node.ttl_s;
  line["time"] = format_iso_seconds(time_ms);
  line["time_precise"] = format_iso_millis(time_ms);
  if (event.node.expiration_ms) line["expiration"] = format_go_time(*event.node.expiration_ms);
  if (event.refresh) line["refresh"] = true;
  // Keep value_is_raw_string last, as in the recordings.
  if (line.contains("value_is_raw_string")) {
    bool raw = line["value_is_raw_string"];
    line.erase("value_is_raw_string");
    line["value_is_raw_string"] = raw;
  }
  return line;
}

void TraceRecorder::record(const etcd::Event& event, int64_t time_ms) {
  out_ << trace_line(event, time_ms, seq_++).dump() << '\n';
}

}  // namespace esisim::trace
