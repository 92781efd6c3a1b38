#include "sim/trace/trace_reader.h"

#include <fstream>
#include <utility>

#include "core/etcd/event.h"
#include "core/util/time_format.h"

namespace esisim::trace {

namespace {

constexpr int kBadInput = 2;

// 1-based column of `"field"` in the line, or 1 when it is not there.
size_t column_of(std::string_view line, std::string_view field) {
  std::string needle = "\"" + std::string(field) + "\"";
  size_t pos = line.find(needle);
  return pos == std::string_view::npos ? 1 : pos + 1;
}

Error bad(std::string_view name, size_t line_no, size_t column, const std::string& what) {
  return Error{kBadInput, std::string(name) + ":" + std::to_string(line_no) + ":" +
                              std::to_string(column) + ": " + what};
}

Result<std::optional<uint64_t>> read_index(const nlohmann::ordered_json& obj,
                                           std::string_view field, std::string_view name,
                                           size_t line_no, std::string_view line) {
  auto it = obj.find(std::string(field));
  if (it == obj.end() || it->is_null()) return std::optional<uint64_t>{};
  if (!it->is_number_unsigned()) {
    return bad(name, line_no, column_of(line, field),
               "expected \"" + std::string(field) +
                   "\" to be a non-negative integer or null, got " + it->dump());
  }
  return std::optional<uint64_t>{it->get<uint64_t>()};
}

Result<TraceEvent> parse_line(std::string_view line, std::string_view name, size_t line_no) {
  nlohmann::ordered_json obj;
  try {
    obj = nlohmann::ordered_json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    size_t column = e.byte == 0 ? 1 : e.byte;
    return bad(name, line_no, column,
               "expected one JSON object per line: " + std::string(e.what()));
  }
  if (!obj.is_object()) return bad(name, line_no, 1, "expected a JSON object, got " + obj.dump());
  TraceEvent ev;
  ev.line = line_no;
  auto seq = obj.find("seq");
  if (seq == obj.end() || !seq->is_number_unsigned()) {
    return bad(name, line_no, column_of(line, "seq"), "expected \"seq\": a non-negative integer");
  }
  ev.seq = seq->get<uint64_t>();
  auto index = read_index(obj, "index", name, line_no, line);
  if (!index.ok()) return index.error();
  ev.index = *index;
  auto created = read_index(obj, "created", name, line_no, line);
  if (!created.ok()) return created.error();
  ev.created = *created;
  auto action = obj.find("action");
  if (action == obj.end() || !action->is_string() ||
      !etcd::parse_action(action->get<std::string>())) {
    return bad(name, line_no, column_of(line, "action"),
               "expected \"action\" to be one of get set create update compareAndSwap "
               "compareAndDelete delete expire");
  }
  ev.action = action->get<std::string>();
  auto key = obj.find("key");
  if (key == obj.end() || !key->is_string() || key->get<std::string>().empty() ||
      key->get<std::string>().front() != '/') {
    return bad(name, line_no, column_of(line, "key"),
               "expected \"key\": a string starting with '/'");
  }
  ev.key = key->get<std::string>();
  if (auto value = obj.find("value"); value != obj.end()) ev.value = std::move(*value);
  if (auto raw = obj.find("value_is_raw_string"); raw != obj.end()) {
    if (!raw->is_boolean()) {
      return bad(name, line_no, column_of(line, "value_is_raw_string"),
                 "expected \"value_is_raw_string\" to be true or false");
    }
    ev.value_is_raw_string = raw->get<bool>();
  }
  if (auto ttl = obj.find("ttl"); ttl != obj.end() && !ttl->is_null()) {
    if (!ttl->is_number_integer() || ttl->get<int64_t>() < 0) {
      return bad(name, line_no, column_of(line, "ttl"),
                 "expected \"ttl\" to be a non-negative integer or null");
    }
    ev.ttl_s = ttl->get<int64_t>();
  }
  // Time: the most precise of expiration - ttl, time_precise, time.
  std::optional<int64_t> time;
  for (const char* field : {"time", "time_precise"}) {
    auto it = obj.find(field);
    if (it == obj.end() || it->is_null()) continue;
    if (!it->is_string()) {
      return bad(name, line_no, column_of(line, field),
                 std::string("expected \"") + field + "\" to be a time string");
    }
    auto parsed = parse_time(it->get<std::string>());
    if (!parsed.ok()) {
      return bad(name, line_no, column_of(line, field), parsed.error().message);
    }
    time = *parsed;
  }
  if (auto exp = obj.find("expiration"); exp != obj.end() && !exp->is_null()) {
    if (!exp->is_string()) {
      return bad(name, line_no, column_of(line, "expiration"),
                 "expected \"expiration\" to be a time string");
    }
    auto parsed = parse_time(exp->get<std::string>());
    if (!parsed.ok()) {
      return bad(name, line_no, column_of(line, "expiration"), parsed.error().message);
    }
    ev.expiration_ms = *parsed;
    if (ev.ttl_s > 0) time = *parsed - ev.ttl_s * 1000;
  }
  if (!time) {
    return bad(name, line_no, column_of(line, "time"),
               "expected \"time\": a time like 2019-02-01T00:26:25.847");
  }
  ev.time_ms = *time;
  return ev;
}

}  // namespace

Result<std::vector<TraceEvent>> read_trace(std::istream& in, std::string_view name,
                                           TraceReadLimits limits) {
  std::vector<TraceEvent> events;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.size() > limits.line_bytes_max) {
      return bad(name, line_no, 1,
                 "line longer than " + std::to_string(limits.line_bytes_max) + " bytes, the limit");
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (events.size() >= limits.events_max) {
      return bad(name, line_no, 1,
                 "more than " + std::to_string(limits.events_max) + " events, the limit");
    }
    auto ev = parse_line(line, name, line_no);
    if (!ev.ok()) return ev.error();
    events.push_back(std::move(ev.value()));
  }
  if (in.bad()) return Error{kBadInput, std::string(name) + ": read error"};
  return events;
}

Result<std::vector<TraceEvent>> read_trace_file(const std::string& path, TraceReadLimits limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{kBadInput, path + ": cannot open the trace file"};
  return read_trace(in, path, limits);
}

}  // namespace esisim::trace
