#include "core/heat/resource_model.h"

#include <algorithm>

#include "core/heat/hot_template.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

const std::vector<ResourceTypeModel>& catalogue() {
  static const std::vector<ResourceTypeModel> kModels = {
      {"OS::Contrail::VirtualNetwork",
       "virtual_network",
       RealizeRule::kVirtualNetwork,
       {"name", "fq_name", "route_targets", "forwarding_mode", "shared", "admin_state_up"},
       false,
       {"uuid"},
       false},
      {"OS::Contrail::VnSubnet",
       "subnet",
       RealizeRule::kVnSubnet,
       {"name", "network_id", "ip_prefix", "default_gateway", "ipam"},
       false,
       {"network_id", "ip_prefix", "ipam"},
       false},
      {"OS::Contrail::VirtualMachineInterface",
       "virtual_machine_interface",
       RealizeRule::kVirtualMachineInterface,
       {"name", "fq_name", "virtual_machine_interface_mac_addresses",
        "virtual_machine_interface_allowed_address_pairs", "virtual_networks"},
       false,
       {"uuid"},
       false},
      {"OS::Contrail::InstanceIp",
       "instance_ip",
       RealizeRule::kInstanceIp,
       {"name", "ip_address", "subnet_id", "network_id"},
       false,
       {"ip_address", "subnet_id", "network_id"},
       false},
      {"OS::Contrail::ExistingResource",
       "",
       RealizeRule::kExistingResource,
       {"name", "fq_name"},
       false,
       {"fq_name", "resource_type"},
       false},
      {"OS::Contrail::LogicalInterface",
       "logical_interface",
       RealizeRule::kLogicalInterface,
       {"name"},
       false,
       {"physical_interface"},
       false},
      {"OS::Contrail::PhysicalRouter",
       "physical_router",
       RealizeRule::kPhysicalRouter,
       {"name", "fq_name", "vendor_name", "product_name", "management_ip", "dataplane_ip",
        "vnc_managed", "virtual_routers", "physical_interfaces", "logical_interfaces"},
       false,
       {"name"},
       false},
      {"OS::Contrail::PhysicalInterface",
       "physical_interface",
       RealizeRule::kPhysicalInterface,
       {"name"},
       false,
       {"name"},
       false},
      {"OS::Contrail::Subnet",
       "contrail_subnet",
       RealizeRule::kContrailSubnet,
       {"name", "ip_prefix"},
       false,
       {"ip_prefix"},
       false},
      {"OS::Contrail::NetconfNamedConfigs",
       "netconf_named_configs",
       RealizeRule::kNoAttributes,
       {},
       false,
       {},
       false},
      {"ESI::VNF::Instance", "server", RealizeRule::kServer, {"name"}, false, {}, false},
      {"OS::Nova::Server", "server", RealizeRule::kServer, {"name"}, false, {}, false},
      {"ESI::VNF::VyattaConfig", "vyatta_config", RealizeRule::kNoAttributes, {}, false, {}, false},
      {"ESI::VNF::NetscalerConfig",
       "netscaler_config",
       RealizeRule::kNoAttributes,
       {},
       false,
       {},
       false},
      {"ESI::VNF::NetscalerSyslogServer",
       "netscaler_syslog_server",
       RealizeRule::kNoAttributes,
       {},
       false,
       {},
       false},
      {"ESI::Monitoring::MonitoringTarget",
       "monitoring_target",
       RealizeRule::kMonitoringTarget,
       {"link"},
       true,
       {},
       true},
  };
  return kModels;
}

const ResourceTypeModel& generic_model() {
  static const ResourceTypeModel kGenericModel{"", "", RealizeRule::kGeneric, {}, true, {}, false};
  return kGenericModel;
}

ordered_json property(const ordered_json& properties, const char* name) {
  if (!properties.is_object()) return nullptr;
  auto it = properties.find(name);
  return it == properties.end() ? ordered_json(nullptr) : *it;
}

std::string string_property(const ordered_json& properties, const char* name) {
  auto value = property(properties, name);
  return value.is_string() ? value.get<std::string>() : std::string();
}

// Name of the Contrail object: the name property, else the template's resource name.
std::string name_or(const ordered_json& properties, std::string_view fallback) {
  std::string name = string_property(properties, "name");
  return name.empty() ? std::string(fallback) : name;
}

void echo(ordered_json& attributes, const ordered_json& properties,
          std::initializer_list<const char*> names) {
  for (const char* name : names) attributes[name] = property(properties, name);
}

Result<std::vector<std::string>> fq_name_elements(const ordered_json& properties,
                                                  std::string_view resource_name) {
  auto fq = property(properties, "fq_name");
  std::vector<std::string> out;
  if (fq.is_array()) {
    for (const auto& element : fq) {
      if (!element.is_string()) break;
      out.push_back(element.get<std::string>());
    }
    if (out.size() == fq.size() && !out.empty()) return out;
  }
  return Error{kHotErrorEvaluation, "resource '" + std::string(resource_name) +
                                        "': property fq_name is " + fq.dump() +
                                        "; expected a non-empty list of strings"};
}

std::string join(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

class Realizer {
 public:
  Realizer(const RealizeInput& input, const ResourceTypeModel& model, IdSource& ids,
           const BackendProfile& profile)
      : input_(input), model_(model), ids_(ids), profile_(profile) {
    object_type_ = object_type_of(model, input.properties);
  }

  Result<RealizedResource> run() {
    const auto& props = input_.properties;
    RealizedResource out;
    auto& attrs = out.attributes;
    switch (model_.rule) {
      case RealizeRule::kVirtualNetwork: {
        out.physical_id = id_from_uuid_property();
        std::string name = name_or(props, input_.resource_name);
        attrs["name"] = name;
        attrs["fq_name"] = "default-domain:" + profile_.project_name + ":" + name;
        auto targets = property(props, "route_targets");
        attrs["route_targets"] = targets.is_null() ? ordered_json::array() : targets;
        echo(attrs, props, {"forwarding_mode", "shared", "admin_state_up"});
        break;
      }
      case RealizeRule::kVnSubnet: {
        out.physical_id = new_id();
        echo(attrs, props, {"name", "network_id", "ip_prefix", "default_gateway"});
        std::string ipam = string_property(props, "ipam");
        if (ipam.empty()) ipam = "default-domain:default-project:default-network-ipam";
        attrs["ipam"] = existing_id("network_ipam", ipam);
        break;
      }
      case RealizeRule::kVirtualMachineInterface: {
        out.physical_id = id_from_uuid_property();
        std::string name = name_or(props, out.physical_id);
        attrs["name"] = name;
        attrs["fq_name"] = "default-domain:" + profile_.project_name + ":" + name;
        echo(attrs, props, {"virtual_machine_interface_mac_addresses"});
        auto pairs = property(props, "virtual_machine_interface_allowed_address_pairs");
        attrs["virtual_machine_interface_allowed_address_pairs"] = {
            {"allowed_address_pair", pairs.is_null() ? ordered_json::array() : pairs}};
        ordered_json networks = ordered_json::array();
        auto refs = property(props, "virtual_networks");
        if (refs.is_array()) {
          for (const auto& ref : refs) {
            networks.push_back({"default-domain", profile_.project_name, ref});
          }
        }
        attrs["virtual_networks"] = networks;
        break;
      }
      case RealizeRule::kInstanceIp:
        out.physical_id = new_id();
        echo(attrs, props, {"name", "ip_address", "subnet_id", "network_id"});
        break;
      case RealizeRule::kExistingResource: {
        auto fq = fq_name_elements(props, input_.resource_name);
        if (!fq.ok()) return fq.error();
        out.physical_id =
            input_.kept_id ? *input_.kept_id : existing_id(object_type_, join(fq.value(), ':'));
        attrs["name"] = fq.value().back();
        attrs["fq_name"] = property(props, "fq_name");
        break;
      }
      case RealizeRule::kLogicalInterface:
      case RealizeRule::kPhysicalInterface:
      case RealizeRule::kServer:
        out.physical_id = new_id();
        echo(attrs, props, {"name"});
        break;
      case RealizeRule::kPhysicalRouter: {
        out.physical_id = new_id();
        std::string name = name_or(props, input_.resource_name);
        attrs["name"] = name;
        attrs["fq_name"] = {"default-global-system-config", name};
        echo(attrs, props,
             {"vendor_name", "product_name", "management_ip", "dataplane_ip", "vnc_managed",
              "virtual_routers"});
        attrs["physical_interfaces"] = ordered_json::array();
        attrs["logical_interfaces"] = ordered_json::array();
        break;
      }
      case RealizeRule::kContrailSubnet:
        out.physical_id = new_id();
        echo(attrs, props, {"name", "ip_prefix"});
        break;
      case RealizeRule::kMonitoringTarget:
        out.physical_id = new_id();
        attrs["link"] = profile_.monitoring_link_base + out.physical_id;
        break;
      case RealizeRule::kNoAttributes:
      case RealizeRule::kGeneric:
        out.physical_id = new_id();
        break;
    }
    apply_canned(out);
    return out;
  }

 private:
  IdRequest request(std::string_view object_type, std::string_view fq_name = {}) const {
    return IdRequest{input_.resource_name, input_.heat_type, object_type, fq_name};
  }

  std::optional<std::string> canned_id(std::string_view object_type) const {
    auto it = profile_.objects.find(object_type);
    return it == profile_.objects.end() ? std::nullopt : it->second.id;
  }
  std::optional<std::string> canned_id() const { return canned_id(object_type_); }

  // A pre-existing object's id: canned by the profile, else the IdSource's.
  std::string existing_id(std::string_view object_type, std::string_view fq_name) {
    if (auto id = canned_id(object_type)) return *id;
    return ids_.existing_uuid(request(object_type, fq_name));
  }

  std::string new_id() {
    if (auto id = canned_id()) return *id;
    if (input_.kept_id) return *input_.kept_id;
    return ids_.new_uuid(request(object_type_));
  }

  std::string id_from_uuid_property() {
    if (auto id = canned_id()) return *id;
    std::string uuid = string_property(input_.properties, "uuid");
    return uuid.empty() ? new_id() : uuid;
  }

  void apply_canned(RealizedResource& out) const {
    auto it = profile_.objects.find(object_type_);
    if (it == profile_.objects.end()) return;
    for (auto attr = it->second.attributes.begin(); attr != it->second.attributes.end(); ++attr) {
      out.attributes[attr.key()] = attr.value();
    }
    for (const auto& [name, message] : it->second.attribute_errors) {
      out.attribute_errors[name] = message;
    }
  }

  const RealizeInput& input_;
  const ResourceTypeModel& model_;
  IdSource& ids_;
  const BackendProfile& profile_;
  std::string object_type_;
};

}  // namespace

bool ResourceTypeModel::has_attribute(std::string_view name) const {
  return std::find(attributes.begin(), attributes.end(), name) != attributes.end();
}

const ResourceTypeModel& resource_type_model(std::string_view heat_type) {
  for (const auto& model : catalogue()) {
    if (model.heat_type == heat_type) return model;
  }
  return generic_model();
}

bool is_known_resource_type(std::string_view heat_type) {
  return !resource_type_model(heat_type).heat_type.empty();
}

std::string object_type_of(const ResourceTypeModel& model,
                           const nlohmann::ordered_json& properties) {
  if (model.rule == RealizeRule::kExistingResource) {
    return string_property(properties, "resource_type");
  }
  return std::string(model.object_type);
}

Result<RealizedResource> realize_resource(const RealizeInput& input, IdSource& ids,
                                          const BackendProfile& profile) {
  const auto& model = resource_type_model(input.heat_type);
  return Realizer(input, model, ids, profile).run();
}

bool change_replaces(const ResourceTypeModel& model, const nlohmann::ordered_json& before,
                     const nlohmann::ordered_json& after) {
  if (model.replace_on_any_change) return true;
  for (auto name : model.replace_on_change) {
    std::string key(name);
    auto a = property(before, key.c_str());
    auto b = property(after, key.c_str());
    if (!same_value(a, b)) return true;
  }
  return false;
}

bool same_value(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b) {
  return nlohmann::json(a) == nlohmann::json(b);
}

}  // namespace esisim::heat
