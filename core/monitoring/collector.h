// The collector-agents of the heat-only generation as a pure state machine (domain.md §7.2–§7.5):
// targets registered by MonitoringTarget resources, polled on a period, written to
// /monitoring only on change, with hold windows. No clock inside: the caller says when.
//
// Contract:
// * register_target: a target starts its first poll `poll_ms` after creation; a hold window
//   [created, created + time_seconds) starts when it has hold_options.
// * poll(target, now): the next scripted status of its resource (one value per poll; the last
//   value repeats; no script: its healthy status, see healthy_status); returns the /monitoring
//   write to make, if any: during a hold window a status in positive_status is written and ends the
//   window, others are withheld; after it, every change is written; an unchanged value never is.
// * unregister_target: the /monitoring key is deleted if this target wrote it.
// * Record: Go json.Marshal of {<field_name>: status, "version": target version} (sorted keys).
// * Scripts: per resource (plural, id), set by scenarios; flapping pairs are two scripts.
// * settled(target): its next poll would write nothing, and so would every poll after it
//   until a script is set for its resource or another target writes or deletes its key
//   (no hold window open, no scripted value left to consume, the status it would report is
//   the one it last wrote and it is the key's writer). Pollers may stop polling it until then.
// Limits: at most `targets_max` live targets and `script_values_max` scripted values each.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace esisim::monitoring {

struct HoldOptions {
  std::vector<nlohmann::ordered_json> positive_status;
  int64_t time_ms = 0;
};

struct TargetSpec {
  std::string target_id;      // uuid the collector gave it
  std::string type;           // snmp_device, virtual_machine_interface, vrrp_pool, ...
  std::string resource_type;  // Gohan plural, e.g. "ports"
  std::string resource_id;
  std::string field_name;  // the /monitoring field, e.g. "vmi"
  int64_t version = 0;
  std::optional<HoldOptions> hold;
  std::string monitoring_key;  // /monitoring/<api>/<plural>/<id>
};

struct MonitoringWrite {
  std::string key;
  std::optional<std::string> value;  // nullopt: delete the key
};

struct CollectorLimits {
  size_t targets_max = 1'000'000;
  size_t script_values_max = 100'000;
};

class Collector {
 public:
  explicit Collector(CollectorLimits limits = {}) : limits_(limits) {}

  Status<> register_target(TargetSpec spec, int64_t now_ms);
  // The writes the removal causes (the delete of the key this target wrote, if any).
  std::vector<MonitoringWrite> unregister_target(const std::string& target_id);
  std::optional<MonitoringWrite> poll(const std::string& target_id, int64_t now_ms);

  // Scripted statuses for a resource: consumed one per poll of any of its targets.
  Status<> script(const std::string& resource_type, const std::string& resource_id,
                  std::vector<nlohmann::ordered_json> statuses);
  bool has_target(const std::string& target_id) const { return targets_.count(target_id) > 0; }
  bool settled(const std::string& target_id) const;
  // The spec a live target was registered with, or nullptr.
  const TargetSpec* spec(const std::string& target_id) const;
  size_t size() const { return targets_.size(); }

  // The status of a healthy target of `type`: "UP", or the pair map of vrrp_pool / bgp_pool.
  static nlohmann::ordered_json default_status(const std::string& type);
  // The status a target reports when nothing is scripted: its type's default, unless its
  // hold_options name positive statuses and that default is not one of them; then the first
  // positive status (a CFG's vrrp_pool target declares its per-VRID map, domain.md §7.3).
  static nlohmann::ordered_json healthy_status(const TargetSpec& spec);

 private:
  struct Live {
    TargetSpec spec;
    int64_t created_ms = 0;
    bool hold_active = false;
    std::optional<nlohmann::ordered_json> last_written;
  };
  struct Script {
    std::vector<nlohmann::ordered_json> values;
    size_t next = 0;
  };

  CollectorLimits limits_;
  std::map<std::string, Live> targets_;
  std::map<std::pair<std::string, std::string>, Script> scripts_;
  // Which target last wrote each /monitoring key (a replaced target's key is deleted once).
  std::map<std::string, std::string> writer_of_key_;
};

}  // namespace esisim::monitoring
