#include "core/heat/monitoring_items.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "yaml-cpp/yaml.h"

namespace esisim::heat {
namespace {

constexpr int kMonitoringItemsError = 2;

Error item_error(std::string_view template_name, const std::string& message) {
  return Error{kMonitoringItemsError, std::string(template_name) + ": " + message};
}

// The status of one item, nullopt when the item is not reported (kafka_messenger).
Result<std::optional<std::string>> status_of(std::string_view template_name,
                                             const std::string& name, const YAML::Node& item) {
  if (!item.IsMap()) return item_error(template_name, "item '" + name + "' is not a mapping");
  const YAML::Node type = item["type"];
  if (!type || !type.IsScalar()) {
    return item_error(template_name, "item '" + name + "' has no scalar 'type'");
  }
  const std::string& kind = type.Scalar();
  if (kind == "kafka_messenger") return std::optional<std::string>();
  if (kind == "bgp_session") return std::optional<std::string>("ESTABLISHED");
  if (kind == "vrrp_session") {
    const YAML::Node wanted = item["wanted_status"];
    if (!wanted || !wanted.IsScalar()) {
      return item_error(template_name,
                        "vrrp_session item '" + name + "' has no scalar 'wanted_status'");
    }
    return std::optional<std::string>(wanted.Scalar());
  }
  return std::optional<std::string>("ACTIVE");
}

}  // namespace

Result<nlohmann::ordered_json> monitoring_status_from_rendered(std::string_view template_name,
                                                               std::string_view rendered_yaml) {
  YAML::Node document;
  try {
    document = YAML::Load(std::string(rendered_yaml));
  } catch (const YAML::Exception& error) {
    return item_error(template_name, "rendered document is not YAML: line " +
                                         std::to_string(error.mark.line + 1) + ", column " +
                                         std::to_string(error.mark.column + 1) + ": " + error.msg);
  }
  nlohmann::ordered_json status = nlohmann::ordered_json::object();
  if (document.IsNull()) return status;
  if (!document.IsMap()) {
    return item_error(template_name, "rendered document is not a mapping of monitoring items");
  }
  // A repeated item name keeps its first position and its last definition (a Python dict).
  std::vector<std::pair<std::string, std::optional<std::string>>> items;
  std::map<std::string, std::size_t, std::less<>> position;
  try {
    for (const auto& entry : document) {
      if (!entry.first.IsScalar()) {
        return item_error(template_name, "an item name is not a scalar");
      }
      const std::string name = entry.first.Scalar();
      if (name == "db_mappings") continue;
      auto item_status = status_of(template_name, name, entry.second);
      if (!item_status.ok()) return item_status.error();
      auto [it, inserted] = position.emplace(name, items.size());
      if (inserted) {
        items.emplace_back(name, std::move(item_status.value()));
      } else {
        items[it->second].second = std::move(item_status.value());
      }
    }
  } catch (const YAML::Exception& error) {
    return item_error(template_name, std::string("reading the items: ") + error.msg);
  }
  for (auto& [name, item_status] : items) {
    if (item_status) status[name] = *item_status;
  }
  return status;
}

}  // namespace esisim::heat
