#include "sim/trace/trace_recorder.h"

#include "core/util/time_format.h"
#include "sim/trace/compact_json.h"

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

namespace {

// `text` as nlohmann dumps a JSON string.
void append_string(std::string& out, std::string_view text) {
  bool plain = true;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (!plain) {
    out += nlohmann::ordered_json(std::string(text)).dump();
    return;
  }
  out += '"';
  out.append(text);
  out += '"';
}

}  // namespace

void append_trace_line(std::string& out, const etcd::Event& event, int64_t time_ms, uint64_t seq) {
  const auto& node = event.node;
  out += "{\"seq\":";
  out += std::to_string(seq);
  out += ",\"index\":";
  out += std::to_string(node.modified_index);
  out += ",\"created\":";
  out += std::to_string(node.created_index);
  out += ",\"action\":";
  append_string(out, etcd::action_name(event.action));
  out += ",\"key\":";
  append_string(out, node.key);
  out += ",\"value\":";
  bool raw = false;
  if (!node.value || node.value->empty() || node.dir) {
    out += "null";
  } else if (!append_compact_json(*node.value, out)) {
    auto parsed = nlohmann::ordered_json::parse(*node.value, nullptr, false);
    if (parsed.is_discarded()) {
      append_string(out, *node.value);
      raw = true;
    } else {
      out += parsed.dump();
    }
  }
  out += ",\"ttl\":";
  out += std::to_string(node.ttl_s);
  out += ",\"time\":";
  append_string(out, format_iso_seconds(time_ms));
  out += ",\"time_precise\":";
  append_string(out, format_iso_millis(time_ms));
  if (node.expiration_ms) {
    out += ",\"expiration\":";
    append_string(out, format_go_time(*node.expiration_ms));
  }
  if (event.refresh) out += ",\"refresh\":true";
  if (raw) out += ",\"value_is_raw_string\":true";
  out += '}';
}

void TraceRecorder::record(const etcd::Event& event, int64_t time_ms) {
  line_.clear();
  append_trace_line(line_, event, time_ms, seq_++);
  line_ += '\n';
  out_ << line_;
}

}  // namespace esisim::trace
