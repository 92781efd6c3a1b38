#include "sim/workers/mw_monitoring.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/json/go_json.h"

namespace esisim::sim {

Result<std::optional<MwMonitoringRecord>> mw_monitoring_record(std::string_view template_name,
                                                               std::string_view rendered_yaml,
                                                               int64_t version) {
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(rendered_yaml));
  } catch (const YAML::Exception& e) {
    return Error{2, std::string(template_name) + ": rendered monitoring template: " + e.what()};
  }
  if (!doc || doc.IsNull()) return std::optional<MwMonitoringRecord>();
  if (!doc.IsMap()) {
    return Error{2, std::string(template_name) + ": rendered monitoring template is not a map"};
  }
  struct Item {
    std::string name;
    std::string type;
    std::string wanted;
  };
  std::vector<Item> items;
  bool has_bgp = false;
  for (const auto& entry : doc) {
    std::string name = entry.first.as<std::string>("");
    if (name == "db_mappings" || !entry.second.IsMap()) continue;
    Item item{name, entry.second["type"].as<std::string>(""), ""};
    if (entry.second["wanted_status"])
      item.wanted = entry.second["wanted_status"].as<std::string>("");
    has_bgp = has_bgp || item.type == "bgp_session";
    items.push_back(std::move(item));
  }
  nlohmann::ordered_json record = nlohmann::ordered_json::object();
  bool immediate = false;
  for (const Item& item : items) {
    if (item.type == "etcd_reader" || item.type == "kafka_messenger") continue;
    if (item.type == "logical_port" && has_bgp) continue;
    std::string status = "UP";
    if (item.type == "vrrp_session") {
      status = item.wanted;
      for (char& c : status) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (item.type == "bgp_session") {
      status = "ESTABLISHED";
    }
    immediate =
        immediate || item.type == "virtual_machine_interface" || item.type == "virtual_network";
    record[item.name] = status;
  }
  if (record.empty()) return std::optional<MwMonitoringRecord>();
  MwMonitoringRecord out;
  out.delay_ms = immediate ? 1'500 : 60'000;
  if (record.size() == 1) {
    auto name = json::go_json_marshal(record.begin().key());
    auto value = json::go_json_marshal(record.begin().value());
    if (!name.ok() || !value.ok()) return Error{2, "monitoring record: bad item name"};
    out.value = "{ " + name.value() + " : " + value.value() +
                ", \"version\" : " + std::to_string(version) + " }";
  } else {
    record["version"] = version;
    auto text = json::go_json_marshal(record);
    if (!text.ok()) return text.error();
    out.value = text.value();
  }
  return std::optional<MwMonitoringRecord>(std::move(out));
}

}  // namespace esisim::sim
