#include "core/monitoring/collector.h"

#include <algorithm>

#include "core/json/go_json.h"

namespace esisim::monitoring {

using nlohmann::ordered_json;

ordered_json Collector::default_status(const std::string& type) {
  if (type == "vrrp_pool") return ordered_json{{"primary", "MASTER"}, {"secondary", "BACKUP"}};
  if (type == "bgp_pool") {
    return ordered_json{{"primary", "ESTABLISHED"}, {"secondary", "ESTABLISHED"}};
  }
  return "UP";
}

ordered_json Collector::healthy_status(const TargetSpec& spec) {
  ordered_json status = default_status(spec.type);
  if (!spec.hold || spec.hold->positive_status.empty()) return status;
  const auto& positive = spec.hold->positive_status;
  if (std::find(positive.begin(), positive.end(), status) != positive.end()) return status;
  return positive.front();
}

Status<> Collector::register_target(TargetSpec spec, int64_t now_ms) {
  if (targets_.size() >= limits_.targets_max) {
    return Error{1, "more than " + std::to_string(limits_.targets_max) +
                        " monitoring targets (targets_max)"};
  }
  Live live;
  live.created_ms = now_ms;
  live.hold_active = spec.hold.has_value() && spec.hold->time_ms > 0;
  std::string id = spec.target_id;
  live.spec = std::move(spec);
  targets_[id] = std::move(live);
  return Unit{};
}

std::vector<MonitoringWrite> Collector::unregister_target(const std::string& target_id) {
  std::vector<MonitoringWrite> writes;
  auto it = targets_.find(target_id);
  if (it == targets_.end()) return writes;
  const std::string& key = it->second.spec.monitoring_key;
  auto writer = writer_of_key_.find(key);
  if (writer != writer_of_key_.end() && writer->second == target_id) {
    writes.push_back({key, std::nullopt});
    writer_of_key_.erase(writer);
  }
  targets_.erase(it);
  return writes;
}

Status<> Collector::script(const std::string& resource_type, const std::string& resource_id,
                           std::vector<ordered_json> statuses) {
  if (statuses.size() > limits_.script_values_max) {
    return Error{2, "more than " + std::to_string(limits_.script_values_max) +
                        " scripted statuses for one resource (script_values_max)"};
  }
  scripts_[{resource_type, resource_id}] = Script{std::move(statuses), 0};
  return Unit{};
}

const TargetSpec* Collector::spec(const std::string& target_id) const {
  auto it = targets_.find(target_id);
  return it == targets_.end() ? nullptr : &it->second.spec;
}

bool Collector::settled(const std::string& target_id) const {
  auto it = targets_.find(target_id);
  if (it == targets_.end()) return false;
  const Live& live = it->second;
  if (live.hold_active || !live.last_written) return false;
  auto writer = writer_of_key_.find(live.spec.monitoring_key);
  if (writer == writer_of_key_.end() || writer->second != target_id) return false;
  auto script = scripts_.find({live.spec.resource_type, live.spec.resource_id});
  if (script != scripts_.end() && !script->second.values.empty()) {
    const Script& s = script->second;
    if (s.next < s.values.size()) return false;
    return s.values.back() == *live.last_written;
  }
  return healthy_status(live.spec) == *live.last_written;
}

std::optional<MonitoringWrite> Collector::poll(const std::string& target_id, int64_t now_ms) {
  auto it = targets_.find(target_id);
  if (it == targets_.end()) return std::nullopt;
  Live& live = it->second;
  ordered_json status = healthy_status(live.spec);
  auto script = scripts_.find({live.spec.resource_type, live.spec.resource_id});
  if (script != scripts_.end() && !script->second.values.empty()) {
    Script& s = script->second;
    status = s.values[std::min(s.next, s.values.size() - 1)];
    if (s.next < s.values.size()) ++s.next;
  }
  if (live.hold_active) {
    const HoldOptions& hold = *live.spec.hold;
    if (now_ms >= live.created_ms + hold.time_ms) {
      live.hold_active = false;  // the window has passed: every change is written
    } else {
      bool positive = std::find(hold.positive_status.begin(), hold.positive_status.end(), status) !=
                      hold.positive_status.end();
      if (!positive) return std::nullopt;  // withheld until the window ends
      live.hold_active = false;            // "Positive status put. Deactivating hold time"
    }
  }
  if (live.last_written && *live.last_written == status &&
      writer_of_key_[live.spec.monitoring_key] == target_id) {
    return std::nullopt;  // "Skipping put"
  }
  ordered_json record = ordered_json::object();
  record[live.spec.field_name] = status;
  record["version"] = live.spec.version;
  auto text = json::go_json_marshal(record);
  if (!text.ok()) return std::nullopt;
  live.last_written = status;
  writer_of_key_[live.spec.monitoring_key] = target_id;
  return MonitoringWrite{live.spec.monitoring_key, text.value()};
}

}  // namespace esisim::monitoring
