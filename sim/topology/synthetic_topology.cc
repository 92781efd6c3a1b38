// Synthetic ESI topologies (see synthetic_topology.h for the contract). Bodies follow the
// recorded flows field for field (fixtures/traces/0{0,1,2,5}_*.jsonl); only ids, tenant ids,
// names, addresses, MACs and VLANs vary.
#include "sim/topology/synthetic_topology.h"

#include <fmt/format.h>

#include <set>
#include <utility>

#include "core/json/go_json.h"
#include "sim/random.h"

namespace esisim::sim::topology {
namespace {

using nlohmann::ordered_json;

constexpr int kBadOptions = 2;
constexpr std::string_view kHexAlphabet = "0123456789abcdef";
constexpr std::string_view kTemplatesPrefix = "/config/v2.0/heat_templates/";

const std::vector<std::pair<Shape, std::string_view>>& shape_names() {
  static const std::vector<std::pair<Shape, std::string_view>> kNames = {
      {Shape::kLogicalNetwork, "logical_network"},
      {Shape::kGateway, "gateway"},
      {Shape::kLoadBalancer, "load_balancer"},
      {Shape::kMixed, "mixed"}};
  return kNames;
}

// Fields every orchestrated (workable) resource body carries at creation.
void set_create_state(ordered_json& body, bool with_operational_state = true) {
  if (with_operational_state) body["operational_state"] = "NO_STATE";
  body["orchestration_state"] = "CREATE_IN_PROGRESS";
  body["status"] = "PENDING_CREATE";
}

class Generator {
 public:
  explicit Generator(uint64_t seed)
      : streams_(seed),
        ids_(streams_.stream("topology.ids")),
        tenants_(streams_.stream("topology.tenants")),
        values_(streams_.stream("topology.values")),
        shapes_(streams_.stream("topology.shape")) {}

  Status<> run(const TopologyOptions& options) {
    while (resources_ < options.resources) {
      Shape unit = options.shape;
      if (unit == Shape::kMixed) {
        const uint64_t draw = shapes_.uniform(4);
        unit = draw < 2 ? Shape::kLogicalNetwork
                        : (draw == 2 ? Shape::kGateway : Shape::kLoadBalancer);
      }
      auto done = add_unit(unit);
      if (!done.ok()) return done;
      ++units_;
    }
    return Unit{};
  }

  std::vector<ConfigRecord>& records() { return records_; }

 private:
  Status<> add_unit(Shape unit) {
    switch (unit) {
      case Shape::kLogicalNetwork:
        return logical_network_unit();
      case Shape::kGateway:
        return gateway_unit();
      case Shape::kLoadBalancer:
        return load_balancer_unit();
      case Shape::kMixed:
        break;
    }
    return Error{kBadOptions, "topology: no unit for shape mixed"};
  }

  // --- values --------------------------------------------------------------------------------
  std::string uuid() { return ids_.uuid4(); }
  std::string tenant_id() { return tenants_.random_string(kHexAlphabet, 32); }
  std::string mac() {
    return fmt::format("fa:16:3e:{:02x}:{:02x}:{:02x}", values_.uniform(256), values_.uniform(256),
                       values_.uniform(256));
  }
  int64_t vlan() { return values_.uniform_range(1025, 4093); }
  // A /24 per unit and purpose: 10.<a>.<b>.0 with (a, b) from the unit counter.
  std::string net24(size_t salt) {
    const size_t n = units_ * 4 + salt;
    return fmt::format("10.{}.{}", (n >> 8) % 256, n % 256);
  }
  std::string password() {
    return values_.random_string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                                 12);
  }

  // --- records -------------------------------------------------------------------------------
  Status<> emit(std::string_view path, const ordered_json& body, int64_t version,
                bool new_resource = true) {
    auto text = json::go_json_marshal(body);
    if (!text.ok()) return text.error();
    ordered_json envelope;
    envelope["body"] = std::move(text.value());
    envelope["marked_for_deletion"] = false;
    envelope["version"] = version;
    auto stored = json::go_json_marshal(envelope);
    if (!stored.ok()) return stored.error();
    records_.push_back(
        ConfigRecord{fmt::format("/config{}/{}", path, body["id"].get_ref<const std::string&>()),
                     std::move(stored.value())});
    if (new_resource) ++resources_;
    return Unit{};
  }

  Status<> emit_tenant(const std::string& tenant) {
    ordered_json body{
        {"delete_retries", 0}, {"end_time", ""}, {"id", tenant}, {"status", "active"}};
    return emit("/common/v1.0/tenants", body, 1);
  }

  ordered_json ese_device(const std::string& tenant) {
    const std::string ip = fmt::format("10.161.{}.{}", (units_ >> 8) % 256, units_ % 256);
    ordered_json body{{"description", ""},
                      {"existing", "existing"},
                      {"hostname", fmt::format("QFX-NW{:05}", units_)},
                      {"id", uuid()},
                      {"management_ip_address", ip},
                      {"name", fmt::format("ese-device-{}", units_)},
                      {"password", "password"},
                      {"public_ip_address", ip},
                      {"tags", ordered_json::object()},
                      {"tenant_id", tenant},
                      {"type", "tor"},
                      {"username", "esi"}};
    set_create_state(body);
    return body;
  }

  ordered_json ese_physical_port(const std::string& tenant, const std::string& device_id,
                                 const std::string& name, const std::string& connected_port_id) {
    const bool existing = !connected_port_id.empty();
    ordered_json body{{"connected_port_id", connected_port_id},
                      {"connected_port_owner", existing ? "physical_port" : "mx_downlink"},
                      {"description", ""},
                      {"ese_device_id", device_id},
                      {"existing", existing ? "existing" : "new"},
                      {"id", uuid()},
                      {"name", name},
                      {"tags", ordered_json::object()},
                      {"tenant_id", tenant}};
    set_create_state(body);
    return body;
  }

  ordered_json network(const std::string& tenant, const std::string& name) {
    ordered_json body{{"admin_state_up", true},
                      {"description", name + " network"},
                      {"id", uuid()},
                      {"name", name},
                      {"plane", "data"},
                      {"shared", false},
                      {"subnets", ordered_json::array()},
                      {"tags", ordered_json::object()},
                      {"tenant_id", tenant}};
    set_create_state(body, false);
    return body;
  }

  ordered_json subnet(const std::string& tenant, const std::string& network_id,
                      const std::string& prefix) {
    ordered_json body{{"allocation_pools",
                       ordered_json::array({{{"end", prefix + ".254"}, {"start", prefix + ".2"}}})},
                      {"cidr", prefix + ".0/24"},
                      {"description", "subnet"},
                      {"dhcp_server_address", prefix + ".2"},
                      {"dns_nameservers", ordered_json::array({"0.0.0.0"})},
                      {"enable_dhcp", true},
                      {"gateway_ip", prefix + ".1"},
                      {"host_routes", ordered_json::array()},
                      {"id", uuid()},
                      {"ip_version", 4},
                      {"name", "subnet-" + prefix},
                      {"network_id", network_id},
                      {"ntp_servers", ordered_json::array()},
                      {"tags", ordered_json::object()},
                      {"tenant_id", tenant}};
    set_create_state(body, false);
    return body;
  }

  struct PortSpec {
    std::string network_id;
    std::string subnet_id;
    std::vector<std::string> addresses;
    std::string device_id;
    std::string device_owner;
    std::string name;
    int64_t segmentation_id = 0;
    bool managed_by_service = false;
  };

  ordered_json port(const std::string& tenant, const PortSpec& spec) {
    ordered_json fixed_ips = ordered_json::array();
    for (const std::string& address : spec.addresses) {
      fixed_ips.push_back({{"ip_address", address}, {"subnet_id", spec.subnet_id}});
    }
    ordered_json body{{"admin_state_up", true},
                      {"allowed_address_pairs", ordered_json::array()},
                      {"attached", false},
                      {"binding:vif_type", "vrouter"},
                      {"description", ""},
                      {"device_id", spec.device_id},
                      {"device_owner", spec.device_owner},
                      {"fake_delete", false},
                      {"fixed_ips", std::move(fixed_ips)},
                      {"id", uuid()},
                      {"mac_address", mac()},
                      {"managed_by_service", spec.managed_by_service},
                      {"name", spec.name},
                      {"network_id", spec.network_id},
                      {"security_groups", ordered_json::array()},
                      {"tags", ordered_json::object()},
                      {"tenant_id", tenant}};
    if (spec.device_owner == "network:dhcp") {
      body["description"] = "DHCP Server Port";
      body["host_routes"] = ordered_json::array();
      body["mac_address"] = "00:00:5e:00:01:00";
      body["orchestration_state"] = "NO_STATE";
      body["status"] = "ACTIVE";
      return body;
    }
    body["segmentation_id"] = spec.segmentation_id;
    body["segmentation_type"] = spec.segmentation_id == 0 ? "flat" : "vlan";
    set_create_state(body);
    return body;
  }

  ordered_json ese_logical_port(const std::string& tenant, const ordered_json& port_body,
                                const ordered_json& physical_port, int64_t vlan_id) {
    const std::string& port_id = port_body["id"].get_ref<const std::string&>();
    ordered_json body{
        {"connected_resource", "port"},
        {"description", "ESE Logical port for Port " + port_id},
        {"ese_physical_port_id", physical_port["id"]},
        {"id", uuid()},
        {"name",
         fmt::format("{}.{}", physical_port["name"].get_ref<const std::string&>(), vlan_id)},
        {"network_id", port_body["network_id"]},
        {"port_ids", ordered_json::array({port_id})},
        {"tags", ordered_json::object()},
        {"tenant_id", tenant},
        {"type", "L2"},
        {"vlan_id", vlan_id}};
    set_create_state(body);
    return body;
  }

  // Gohan's extension update once the logical port exists: version 2, attached.
  static ordered_json attached(ordered_json port_body, const std::string& logical_port_id) {
    port_body["attached"] = true;
    port_body["ese_logical_port_id"] = logical_port_id;
    port_body["orchestration_state"] = "UPDATE_IN_PROGRESS";
    return port_body;
  }

  // A network, its subnet and the subnet's DHCP port (non-workable).
  struct L2 {
    ordered_json network;
    ordered_json subnet;
    std::string prefix;
  };
  Result<L2> emit_l2(const std::string& tenant, const std::string& name, size_t salt) {
    L2 l2{network(tenant, name), {}, net24(salt)};
    l2.subnet = subnet(tenant, l2.network["id"], l2.prefix);
    const std::string& subnet_id = l2.subnet["id"].get_ref<const std::string&>();
    ordered_json dhcp = port(tenant, {l2.network["id"],
                                      subnet_id,
                                      {l2.prefix + ".2"},
                                      subnet_id,
                                      "network:dhcp",
                                      "dhcp-server-port"});
    if (auto s = emit("/v2.0/networks", l2.network, 1); !s.ok()) return s.error();
    if (auto s = emit("/v2.0/subnets", l2.subnet, 1); !s.ok()) return s.error();
    if (auto s = emit("/v2.0/ports", dhcp, 1); !s.ok()) return s.error();
    return l2;
  }

  // --- logical_network -----------------------------------------------------------------------
  Status<> logical_network_unit() {
    const std::string tenant = tenant_id();
    if (auto s = emit_tenant(tenant); !s.ok()) return s;
    ordered_json device = ese_device(tenant);
    if (auto s = emit("/v2.0/ese_devices", device, 1); !s.ok()) return s;
    std::vector<ordered_json> physical;
    std::vector<ordered_json> ese_ports;
    for (int i = 0; i < 2; ++i) {
      ordered_json pp{{"description", ""},
                      {"id", uuid()},
                      {"name", fmt::format("qfx-nw{:05}-xe00{}", units_, i + 1)},
                      {"plane", "data"},
                      {"segmentation_ranges", ordered_json::array({{{"end", 4093}, {"start", 3}}})},
                      {"service_id", "server"},
                      {"service_owner", "server"},
                      {"status", "PENDING_CREATE"},
                      {"tags", ordered_json::object()},
                      {"tenant_id", tenant}};
      if (auto s = emit("/v2.0/physical_ports", pp, 1); !s.ok()) return s;
      ese_ports.push_back(
          ese_physical_port(tenant, device["id"], fmt::format("xe-0/0/{}", i + 1), pp["id"]));
      if (auto s = emit("/v2.0/ese_physical_ports", ese_ports.back(), 1); !s.ok()) return s;
      physical.push_back(std::move(pp));
    }
    auto l2 = emit_l2(tenant, fmt::format("network-{}", units_), 0);
    if (!l2.ok()) return l2.error();
    std::vector<ordered_json> updates;
    for (int i = 0; i < 2; ++i) {
      const int64_t vlan_id = vlan();
      ordered_json p = port(tenant, {l2->network["id"],
                                     l2->subnet["id"],
                                     {fmt::format("{}.{}", l2->prefix, 101 + i)},
                                     physical[i]["id"],
                                     "physical_port",
                                     "port-" + std::to_string(i),
                                     vlan_id});
      if (auto s = emit("/v2.0/ports", p, 1); !s.ok()) return s;
      ordered_json elp = ese_logical_port(tenant, p, ese_ports[i], vlan_id);
      if (auto s = emit("/v2.0/ese_logical_ports", elp, 1); !s.ok()) return s;
      updates.push_back(attached(std::move(p), elp["id"]));
    }
    for (const ordered_json& body : updates) {
      if (auto s = emit("/v2.0/ports", body, 2, false); !s.ok()) return s;
    }
    return Unit{};
  }

  // --- gateway (internet gateway flow, 01/02) ------------------------------------------------
  struct Edge {
    ordered_json ha_router;
    ordered_json ha_interface;
    std::vector<ordered_json> ese_ports;
  };
  Result<Edge> emit_edge(const std::string& tenant) {
    Edge edge;
    ordered_json device = ese_device(tenant);
    if (auto s = emit("/v2.0/ese_devices", device, 1); !s.ok()) return s.error();
    for (int i = 0; i < 2; ++i) {
      edge.ese_ports.push_back(
          ese_physical_port(tenant, device["id"], fmt::format("xe-0/0/{}", i + 3), ""));
      if (auto s = emit("/v2.0/ese_physical_ports", edge.ese_ports.back(), 1); !s.ok())
        return s.error();
    }
    std::vector<ordered_json> routers;
    for (int i = 0; i < 2; ++i) {
      ordered_json router{{"autonomous_system", "65101"},
                          {"description", fmt::format("MX80 #{}", i + 1)},
                          {"id", uuid()},
                          {"ip", fmt::format("10.79.{}.{}", units_ % 256, 184 + i)},
                          {"login", "esi"},
                          {"name", fmt::format("vMX-router-{:05}-{}", units_, i + 1)},
                          {"password", password()},
                          {"ssh_port", 830},
                          {"tenant_id", tenant}};
      set_create_state(router);
      if (auto s = emit("/v2.0/edge_routers", router, 1); !s.ok()) return s.error();
      routers.push_back(std::move(router));
    }
    edge.ha_router = {{"available_gateways", 500},
                      {"description", "ha_router"},
                      {"id", uuid()},
                      {"maximum_gateways", 500},
                      {"name", fmt::format("ha-router-{}", units_)},
                      {"primary_router_id", routers[0]["id"]},
                      {"secondary_router_id", routers[1]["id"]},
                      {"status", "PENDING_CREATE"},
                      {"tenant_id", tenant}};
    if (auto s = emit("/v2.0/ha_routers", edge.ha_router, 1); !s.ok()) return s.error();
    std::vector<std::string> interfaces;
    for (int i = 0; i < 2; ++i) {
      ordered_json er{{"connected_ese_port_id", edge.ese_ports[i]["id"]},
                      {"description", ""},
                      {"device_id", routers[i]["id"]},
                      {"id", uuid()},
                      {"name", "ae0"},
                      {"tenant_id", tenant}};
      set_create_state(er);
      if (auto s = emit("/v2.0/er_physical_interfaces", er, 1); !s.ok()) return s.error();
      interfaces.push_back(er["id"]);
    }
    edge.ha_interface = {{"admin_state_up", true},
                         {"available_be_bandwidth", 0},
                         {"available_ga_bandwidth", 0},
                         {"description", ""},
                         {"gateway_instances_count", 0},
                         {"ha_router_id", edge.ha_router["id"]},
                         {"id", uuid()},
                         {"link_type", "downlink"},
                         {"maximum_be_bandwidth", 0},
                         {"maximum_ga_bandwidth", 0},
                         {"name", fmt::format("ha-router-{}-downlink", units_)},
                         {"primary_interface_id", interfaces[0]},
                         {"restricted_vlans", "0-1024,4094"},
                         {"secondary_interface_id", interfaces[1]},
                         {"status", "PENDING_CREATE"},
                         {"tenant_id", tenant},
                         {"vlan_ids_available", 3069},
                         {"vlan_pool_state", "//////////+AAAAAAAAAAAAAAAAM="}};
    if (auto s = emit("/v2.0/ha_interfaces", edge.ha_interface, 1); !s.ok()) return s.error();
    return edge;
  }

  ordered_json internet_service(const std::string& tenant, const std::string& downlink) {
    return {{"be_forwarding_class", "FC-INET-BE"},
            {"default_static_routes_per_gateway", 32},
            {"description", ""},
            {"downlink_interfaces", ordered_json::array({downlink})},
            {"ga_forwarding_class", "FC-INET-GA"},
            {"id", uuid()},
            {"inet_in_filter", "INET_IN"},
            {"inet_out_filter", "INET_OUT"},
            {"minimal_submask_length", 26},
            {"name", "internet-service"},
            {"neighbour_prefix", "BGP-VIRTUAL-ROUTER-PEERS"},
            {"primary_ibgp_config_group", "InetGW2-RI-IBGP"},
            {"primary_vrrp_config_group", "InetGW1-VRRP"},
            {"secondary_ibgp_config_group", "InetGW1-RI-IBGP"},
            {"secondary_vrrp_config_group", "InetGW2-VRRP"},
            {"tenant_id", tenant},
            {"uplink_import_policy", "INSTANCE-MASTER_IN"},
            {"vrf_config", ""},
            {"vrf_export_policy", "INSTANCE-USER_OUT"},
            {"vrf_import_policy", "INSTANCE-USER_IN"},
            {"zone", "jp1-zone1"}};
  }

  ordered_json qos_option(const std::string& tenant, const std::string& ha_router_id,
                          const std::string& service_id) {
    ordered_json body{
        {"bandwidth", "10"},
        {"description", ""},
        {"ha_router_id", ha_router_id},
        {"id", uuid()},
        {"incoming_policer_config",
         "action { loss-priority high then discard; } single-rate { color-blind; "
         "committed-information-rate 10m; committed-burst-size 187500000; excess-burst-size "
         "187500000; }"},
        {"incoming_policer_name", "10M-GA-UP-INET"},
        {"internet_service_id", service_id},
        {"name", "10Mbps-Guaranteed"},
        {"outgoing_policer_config",
         "if-exceeding { bandwidth-limit 10m; burst-size-limit 187500000; } then discard;"},
        {"outgoing_policer_name", "10M-GA-DOWN-INET"},
        {"qos_type", "guarantee"},
        {"service_type", "internet"},
        {"tenant_id", tenant}};
    set_create_state(body, false);
    return body;
  }

  Status<> gateway_unit() {
    const std::string tenant = tenant_id();
    if (auto s = emit_tenant(tenant); !s.ok()) return s;
    auto edge = emit_edge(tenant);
    if (!edge.ok()) return edge.error();
    const std::string downlink = edge->ha_interface["id"];
    const std::string ha_router_id = edge->ha_router["id"];
    ordered_json service = internet_service(tenant, downlink);
    if (auto s = emit("/v2.0/internet_services", service, 1); !s.ok()) return s;
    ordered_json qos = qos_option(tenant, ha_router_id, service["id"]);
    if (auto s = emit("/v2.0/qos_options", qos, 1); !s.ok()) return s;
    const std::string public_prefix = fmt::format("203.{}.{}", (units_ >> 8) % 256, units_ % 256);
    ordered_json pool{{"addresses_available", 512},
                      {"ha_router_id", ha_router_id},
                      {"id", uuid()},
                      {"internet_service_id", service["id"]},
                      {"ip_version", 4},
                      {"pool_state", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="},
                      {"submask_length", 23},
                      {"subnet_ip", public_prefix + ".0"},
                      {"tenant_id", tenant}};
    if (auto s = emit("/v2.0/public_ip_pools", pool, 1); !s.ok()) return s;
    const int64_t vlan_id = vlan();
    const std::string logical = fmt::format("ae0.{}", vlan_id);
    ordered_json gateway{{"description", "internet gateway"},
                         {"downlink_interface_id", downlink},
                         {"id", uuid()},
                         {"internet_service_id", service["id"]},
                         {"maximum_static_routes", 32},
                         {"name", fmt::format("internet-gateway-{}", units_)},
                         {"primary_logical_interface_name", logical},
                         {"qos_option_id", qos["id"]},
                         {"secondary_logical_interface_name", logical},
                         {"tenant_id", tenant},
                         {"vlan_id", std::to_string(vlan_id)},
                         {"vrf_name", fmt::format("vrf_gw_{}_{}", units_, vlan_id)}};
    set_create_state(gateway, false);
    if (auto s = emit("/v2.0/internet_gateways", gateway, 1); !s.ok()) return s;
    pool["addresses_available"] = 496;
    pool["pool_state"] = "UQEAAQAAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";
    if (auto s = emit("/v2.0/public_ip_pools", pool, 2, false); !s.ok()) return s;
    ordered_json public_ip{{"cidr", public_prefix + ".0"},
                           {"description", "public ip"},
                           {"id", uuid()},
                           {"internet_gw_id", gateway["id"]},
                           {"ip_pool_id", pool["id"]},
                           {"name", "public-ip"},
                           {"submask_length", 28},
                           {"tenant_id", tenant}};
    set_create_state(public_ip, false);
    if (auto s = emit("/v2.0/public_ips", public_ip, 1); !s.ok()) return s;
    return gateway_interfaces(tenant, *edge, gateway, public_ip, vlan_id);
  }

  Status<> gateway_interfaces(const std::string& tenant, const Edge& edge,
                              const ordered_json& gateway, const ordered_json& public_ip,
                              int64_t vlan_id) {
    auto l2 = emit_l2(tenant, fmt::format("gw-network-{}", units_), 1);
    if (!l2.ok()) return l2.error();
    const std::string& prefix = l2->prefix;
    ordered_json gw{{"description", "gw interface"},
                    {"gw_vipv4", prefix + ".151"},
                    {"id", uuid()},
                    {"internet_gw_id", gateway["id"]},
                    {"name", "gw-interface"},
                    {"netmask", 24},
                    {"network_id", l2->network["id"]},
                    {"primary_ipv4", prefix + ".152"},
                    {"secondary_ipv4", prefix + ".153"},
                    {"service_type", "internet"},
                    {"tenant_id", tenant},
                    {"vrid", static_cast<int64_t>(values_.uniform_range(1, 255))}};
    set_create_state(gw);
    if (auto s = emit("/v2.0/gw_interfaces", gw, 1); !s.ok()) return s;
    std::vector<ordered_json> updates;
    const std::vector<std::vector<std::string>> addresses = {{prefix + ".151", prefix + ".152"},
                                                             {prefix + ".153"}};
    for (int i = 0; i < 2; ++i) {
      ordered_json p = port(tenant, {l2->network["id"], l2->subnet["id"], addresses[i], gw["id"],
                                     "network:gw_interface", "Port for : " + uuid(), 0, true});
      if (auto s = emit("/v2.0/ports", p, 1); !s.ok()) return s;
      ordered_json elp = ese_logical_port(tenant, p, edge.ese_ports[i], vlan_id);
      if (auto s = emit("/v2.0/ese_logical_ports", elp, 1); !s.ok()) return s;
      updates.push_back(attached(std::move(p), elp["id"]));
    }
    for (const ordered_json& body : updates) {
      if (auto s = emit("/v2.0/ports", body, 2, false); !s.ok()) return s;
    }
    ordered_json route{{"description", "static route"},
                       {"destination", public_ip["cidr"].get<std::string>() + "/28"},
                       {"id", uuid()},
                       {"internet_gw_id", gateway["id"]},
                       {"name", "static-route"},
                       {"nexthop", prefix + ".1"},
                       {"public_ip_id", public_ip["id"]},
                       {"service_type", "internet"},
                       {"tenant_id", tenant}};
    set_create_state(route, false);
    return emit("/v2.0/static_routes", route, 1);
  }

  // --- load_balancer (05) --------------------------------------------------------------------
  struct Catalog {  // vnf_template, vnf_plan, load_balancer_plan
    ordered_json vnf_template;
    ordered_json vnf_plan;
    ordered_json plan;
  };
  Result<Catalog> emit_lb_catalog(const std::string& tenant, const std::string& management_net,
                                  const std::string& dummy_net) {
    Catalog c;
    c.vnf_template = {{"credentials", {{"password", "password"}, {"username", "vlbadmin"}}},
                      {"description", "vnf template"},
                      {"dummy_networks", ordered_json::array({dummy_net})},
                      {"function", "load_balancer"},
                      {"id", uuid()},
                      {"image", "NSVPX-KVM-10.5-57.7_nc"},
                      {"init_config", ordered_json::object()},
                      {"management_networks", ordered_json::array({management_net})},
                      {"name", "NetScaler VPX"},
                      {"security_group", "permit-any"},
                      {"tenant_id", tenant},
                      {"user_data_template", ""},
                      {"vendor", "citrix"},
                      {"version", "NetScaler 10.5"}};
    c.vnf_plan = {{"default_interface_number", 3},
                  {"description", "vnf plan"},
                  {"flavor", "m1.xlarge"},
                  {"function", "load_balancer"},
                  {"id", uuid()},
                  {"interface_limit", 5},
                  {"name", "vLB_plan"},
                  {"tenant_id", tenant},
                  {"vendor", "citrix"}};
    c.plan = {{"description", ""},
              {"enabled", true},
              {"id", uuid()},
              {"is_public", true},
              {"license_code", "LA-0001969526-49522"},
              {"maximum_syslog_servers", 2},
              {"model", {{"edition", "Standard"}, {"size", "10"}}},
              {"name", "Citrix_NetScaler_VPX_10.5-57.7_Standard_Edition_50Mbps_2CPU-8GB-4IF"},
              {"tenant_id", tenant},
              {"vendor", "citrix"},
              {"version", "10.5-57.7"},
              {"vnf_plan_id", c.vnf_plan["id"]},
              {"vnf_template_id", c.vnf_template["id"]}};
    if (auto s = emit("/v2.0/vnf_templates", c.vnf_template, 1); !s.ok()) return s.error();
    if (auto s = emit("/v2.0/vnf_plans", c.vnf_plan, 1); !s.ok()) return s.error();
    if (auto s = emit("/v2.0/load_balancer_plans", c.plan, 1); !s.ok()) return s.error();
    return c;
  }

  Status<> load_balancer_unit() {
    const std::string tenant = tenant_id();
    if (auto s = emit_tenant(tenant); !s.ok()) return s;
    auto management = emit_l2(tenant, fmt::format("lb-management-{}", units_), 2);
    if (!management.ok()) return management.error();
    auto user = emit_l2(tenant, fmt::format("lb-user-{}", units_), 3);
    if (!user.ok()) return user.error();
    auto catalog = emit_lb_catalog(tenant, management->network["id"], user->network["id"]);
    if (!catalog.ok()) return catalog.error();
    const std::string lb_id = uuid();
    std::vector<ordered_json> ports;
    ordered_json networks = ordered_json::array();
    for (int i = 0; i < 3; ++i) {
      const L2& l2 = i == 0 ? *management : *user;
      ports.push_back(
          port(tenant, {l2.network["id"],
                        l2.subnet["id"],
                        {fmt::format("{}.{}", l2.prefix, 3 + i)},
                        "",
                        "",
                        i == 0 ? "load_balancer-management-port" : "load_balancer-user-port"}));
      ports.back()["fake_delete"] = true;
      if (auto s = emit("/v2.0/ports", ports.back(), 1); !s.ok()) return s;
      networks.push_back({{"port", ports.back()["id"]}});
    }
    ordered_json instance{
        {"availability_zone", "nova"},
        {"config_drive", false},
        {"id", uuid()},
        {"management_ip", management->prefix + ".3"},
        {"name", "load_balancer-" + lb_id},
        {"networks", std::move(networks)},
        {"owner_tenant_id", tenant},
        {"reboot", ""},
        {"tenant_id", tenant},
        {"user_data", ""},
        {"user_data_format", "RAW"},
        {"user_data_parameters",
         {{"management_gateway", ""}, {"management_ip", ""}, {"management_mask", ""}}},
        {"vnf_plan_id", catalog->vnf_plan["id"]},
        {"vnf_template_id", catalog->vnf_template["id"]}};
    set_create_state(instance);
    if (auto s = emit("/v2.0/vnf_instances", instance, 1); !s.ok()) return s;
    return load_balancer_parts(tenant, *management, *user, catalog->plan, instance, lb_id,
                               std::move(ports));
  }

  Status<> load_balancer_parts(const std::string& tenant, const L2& management, const L2& user,
                               const ordered_json& plan, const ordered_json& instance,
                               const std::string& lb_id, std::vector<ordered_json> ports) {
    std::vector<std::string> vnf_interfaces;
    for (int i = 0; i < 3; ++i) {
      const L2& l2 = i == 0 ? management : user;
      ordered_json vif{{"id", uuid()},
                       {"ip_address", ports[i]["fixed_ips"][0]["ip_address"]},
                       {"name", fmt::format("interface-{}", i)},
                       {"network_id", l2.network["id"]},
                       {"port_id", ports[i]["id"]},
                       {"slot_number", i},
                       {"status", "PENDING_CREATE"},
                       {"tenant_id", tenant},
                       {"type", i == 0 ? "management" : "user"},
                       {"vnf_instance_id", instance["id"]}};
      if (auto s = emit("/v2.0/vnf_interfaces", vif, 1); !s.ok()) return s;
      vnf_interfaces.push_back(vif["id"]);
    }
    ordered_json internet = port(tenant, {management.network["id"],
                                          management.subnet["id"],
                                          {management.prefix + ".4"},
                                          "",
                                          "network:empty",
                                          "internet_port"});
    if (auto s = emit("/v2.0/ports", internet, 1); !s.ok()) return s;
    const std::string admin_password = password();
    const std::string user_password = password();
    ordered_json conf_networks = ordered_json::array();
    for (size_t i = 0; i < ports.size(); ++i) {
      conf_networks.push_back({{"cidr", (i == 0 ? management.prefix : user.prefix) + ".0/24"},
                               {"ip_address", ports[i]["fixed_ips"][0]["ip_address"]},
                               {"type", i == 0 ? "user" : "dummy"}});
    }
    ordered_json conf{
        {"admin_password", admin_password},
        {"admin_username", "user-admin"},
        {"description", ""},
        {"id", uuid()},
        {"internet_port", {{"ip_address", management.prefix + ".4"}, {"mask", "255.255.255.0"}}},
        {"load_balancer_plan_id", plan["id"]},
        {"management_gateway", management.prefix + ".1"},
        {"name", ""},
        {"networks", std::move(conf_networks)},
        {"other_password", ""},
        {"other_username", ""},
        {"tenant_id", tenant},
        {"user_password", user_password},
        {"user_username", "user-read"},
        {"vnf_instance_id", instance["id"]}};
    set_create_state(conf, false);
    if (auto s = emit("/v2.0/load_balancer_confs", conf, 1); !s.ok()) return s;
    ordered_json lb{{"admin_password", admin_password},
                    {"admin_username", "user-admin"},
                    {"availability_zone", "nova"},
                    {"description", ""},
                    {"id", lb_id},
                    {"interfaces", ordered_json::array()},
                    {"internet_port_id", internet["id"]},
                    {"load_balancer_conf_id", conf["id"]},
                    {"load_balancer_plan_id", plan["id"]},
                    {"name", ""},
                    {"networks", ordered_json::array()},
                    {"other_password", ""},
                    {"other_username", ""},
                    {"syslog_servers", ordered_json::array()},
                    {"tenant_id", tenant},
                    {"user_password", user_password},
                    {"user_username", "user-read"},
                    {"vnf_instance_id", instance["id"]}};
    set_create_state(lb);
    if (auto s = emit("/v2.0/load_balancers", lb, 1); !s.ok()) return s;
    for (int i = 0; i < 3; ++i) {
      ordered_json lbi{{"id", uuid()},
                       {"load_balancer_id", lb_id},
                       {"name", fmt::format("Interface 1/{}", i + 1)},
                       {"slot_number", i + 1},
                       {"tenant_id", tenant},
                       {"type", "user"},
                       {"vnf_interface_id", vnf_interfaces[i]}};
      set_create_state(lbi);
      if (auto s = emit("/v2.0/load_balancer_interfaces", lbi, 1); !s.ok()) return s;
    }
    return nova_updates(instance["id"], std::move(ports));
  }

  // Nova binds each VM port: version 2 (compute:nova, attached false), version 3 (attached).
  Status<> nova_updates(const std::string& server_id, std::vector<ordered_json> ports) {
    for (ordered_json& p : ports) {
      p["device_id"] = server_id;
      p["device_owner"] = "compute:nova";
      p["ese_logical_port_id"] = nullptr;
      p["orchestration_state"] = "UPDATE_IN_PROGRESS";
      p["status"] = "PENDING_UPDATE";
      if (auto s = emit("/v2.0/ports", p, 2, false); !s.ok()) return s;
      p["attached"] = true;
      if (auto s = emit("/v2.0/ports", p, 3, false); !s.ok()) return s;
    }
    return Unit{};
  }

  RandomStreams streams_;
  Xoshiro256StarStar& ids_;
  Xoshiro256StarStar& tenants_;
  Xoshiro256StarStar& values_;
  Xoshiro256StarStar& shapes_;
  std::vector<ConfigRecord> records_;
  size_t resources_ = 0;
  size_t units_ = 0;
};

}  // namespace

std::string_view shape_name(Shape shape) {
  for (const auto& [value, name] : shape_names()) {
    if (value == shape) return name;
  }
  return "mixed";
}

Result<Shape> parse_shape(std::string_view name) {
  std::string valid;
  for (const auto& [value, known] : shape_names()) {
    if (known == name) return value;
    valid += (valid.empty() ? "" : ", ") + std::string(known);
  }
  return Error{kBadOptions,
               "unknown topology shape \"" + std::string(name) + "\"; valid shapes: " + valid};
}

std::vector<std::string> required_heat_templates(Shape shape) {
  const std::vector<std::string> logical = {
      "ese_device_existing", "ese_physical_port_existing", "network", "subnet", "port",
      "ese_logical_port"};
  const std::vector<std::string> gateway = {"ese_device_existing",
                                            "ese_physical_port_new",
                                            "edge_router",
                                            "er_physical_interface",
                                            "internet_gateway",
                                            "public_ip",
                                            "network",
                                            "subnet",
                                            "gw_interface_internet",
                                            "port",
                                            "ese_logical_port",
                                            "static_route_internet"};
  const std::vector<std::string> balancer = {"network",
                                             "subnet",
                                             "port",
                                             "vnf_instance",
                                             "load_balancer_conf",
                                             "load_balancer",
                                             "load_balancer_interface"};
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
      if (seen.insert(id).second) out.push_back(id);
    }
  };
  if (shape == Shape::kLogicalNetwork || shape == Shape::kMixed) add(logical);
  if (shape == Shape::kGateway || shape == Shape::kMixed) add(gateway);
  if (shape == Shape::kLoadBalancer || shape == Shape::kMixed) add(balancer);
  return out;
}

Result<ConfigRecord> heat_template_record(const ordered_json& fixture) {
  const ordered_json& value = fixture.contains("value") ? fixture["value"] : fixture;
  if (!value.is_object() || !value.contains("body")) {
    return Error{kBadOptions, "heat template fixture: expected {\"value\": {\"body\": ...}}"};
  }
  ordered_json stored = value;
  if (!stored["body"].is_string()) {
    const ordered_json& id = value["body"].contains("id") ? value["body"]["id"] : ordered_json();
    if (!id.is_string()) return Error{kBadOptions, "heat template fixture: body has no id"};
    auto body = json::go_json_marshal(value["body"]);
    if (!body.ok()) return body.error();
    stored["body"] = std::move(body.value());
  }
  auto decoded = ordered_json::parse(stored["body"].get<std::string>(), nullptr, false);
  if (decoded.is_discarded() || !decoded.contains("id") || !decoded["id"].is_string()) {
    return Error{kBadOptions, "heat template fixture: body is not a template with an id"};
  }
  auto text = json::go_json_marshal(stored);
  if (!text.ok()) return text.error();
  return ConfigRecord{std::string(kTemplatesPrefix) + decoded["id"].get<std::string>(),
                      std::move(text.value())};
}

Result<std::vector<ConfigRecord>> generate_topology(const TopologyOptions& options,
                                                    const std::vector<ConfigRecord>& templates) {
  if (options.resources == 0 || options.resources > kTopologyResourcesMax) {
    return Error{kBadOptions,
                 "topology: resources must be 1.." + std::to_string(kTopologyResourcesMax) +
                     " (kTopologyResourcesMax), got " + std::to_string(options.resources)};
  }
  std::set<std::string, std::less<>> given;
  for (const ConfigRecord& record : templates) {
    if (!record.key.starts_with(kTemplatesPrefix)) {
      return Error{kBadOptions, "topology: \"" + record.key + "\" is not a heat template record"};
    }
    given.insert(record.key.substr(kTemplatesPrefix.size()));
  }
  for (const std::string& id : required_heat_templates(options.shape)) {
    if (!given.contains(id)) {
      return Error{kBadOptions, "topology: shape " + std::string(shape_name(options.shape)) +
                                    " needs heat template \"" + id + "\", not given"};
    }
  }
  Generator generator(options.seed);
  auto run = generator.run(options);
  if (!run.ok()) return run.error();
  std::vector<ConfigRecord> out = templates;
  out.reserve(out.size() + generator.records().size());
  for (ConfigRecord& record : generator.records()) out.push_back(std::move(record));
  return out;
}

}  // namespace esisim::sim::topology
