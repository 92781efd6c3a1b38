// Synthetic ESI topologies (see synthetic_topology.h for the contract). Bodies follow the
// recorded flows field for field (fixtures/traces/0{0,1,2,5}_*.jsonl); only ids, tenant ids,
// names, addresses, MACs and VLANs vary.
#include "sim/topology/synthetic_topology.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <utility>

#include "core/json/go_json.h"
#include "sim/random.h"
#include "sim/topology/topology_bursts.h"

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
      {Shape::kFirewall, "firewall"},
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
        const uint64_t draw = shapes_.uniform(5);
        unit = draw < 2    ? Shape::kLogicalNetwork
               : draw == 2 ? Shape::kGateway
               : draw == 3 ? Shape::kLoadBalancer
                           : Shape::kFirewall;
      }
      units_out_.push_back(TopologyUnit{unit, {}});
      auto done = add_unit(unit);
      if (!done.ok()) return done;
      ++units_;
    }
    return Unit{};
  }

  std::vector<TopologyUnit>& units() { return units_out_; }

 private:
  Status<> add_unit(Shape unit) {
    switch (unit) {
      case Shape::kLogicalNetwork:
        return logical_network_unit();
      case Shape::kGateway:
        return gateway_unit();
      case Shape::kLoadBalancer:
        return load_balancer_unit();
      case Shape::kFirewall:
        return firewall_unit();
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
  // A request of the current unit; a create counts one more resource. The schema id is the
  // path's plural without its "s" (true of every type generated here; tests check it).
  Status<> emit(std::string_view path, const ordered_json& body) {
    return add(GohanRequest::Op::kCreate, path, body);
  }
  Status<> emit_update(std::string_view path, const ordered_json& body) {
    return add(GohanRequest::Op::kUpdate, path, body);
  }
  Status<> add(GohanRequest::Op op, std::string_view path, const ordered_json& body) {
    auto id = body.find("id");
    if (id == body.end() || !id->is_string()) {
      return Error{kBadOptions, "topology: a body under " + std::string(path) + " without an id"};
    }
    const std::string_view plural = path.substr(path.rfind('/') + 1);
    units_out_.back().requests.push_back(
        GohanRequest{op, std::string(plural.substr(0, plural.size() - 1)), std::string(path),
                     id->get<std::string>(), body, false});
    if (op == GohanRequest::Op::kCreate) ++resources_;
    return Unit{};
  }

  Status<> emit_tenant(const std::string& tenant) {
    ordered_json body{
        {"delete_retries", 0}, {"end_time", ""}, {"id", tenant}, {"status", "active"}};
    return emit("/common/v1.0/tenants", body);
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
    if (auto s = emit("/v2.0/networks", l2.network); !s.ok()) return s.error();
    if (auto s = emit("/v2.0/subnets", l2.subnet); !s.ok()) return s.error();
    if (auto s = emit("/v2.0/ports", dhcp); !s.ok()) return s.error();
    return l2;
  }

  // --- logical_network -----------------------------------------------------------------------
  Status<> logical_network_unit() {
    const std::string tenant = tenant_id();
    if (auto s = emit_tenant(tenant); !s.ok()) return s;
    ordered_json device = ese_device(tenant);
    if (auto s = emit("/v2.0/ese_devices", device); !s.ok()) return s;
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
      if (auto s = emit("/v2.0/physical_ports", pp); !s.ok()) return s;
      ese_ports.push_back(
          ese_physical_port(tenant, device["id"], fmt::format("xe-0/0/{}", i + 1), pp["id"]));
      if (auto s = emit("/v2.0/ese_physical_ports", ese_ports.back()); !s.ok()) return s;
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
      if (auto s = emit("/v2.0/ports", p); !s.ok()) return s;
      ordered_json elp = ese_logical_port(tenant, p, ese_ports[i], vlan_id);
      if (auto s = emit("/v2.0/ese_logical_ports", elp); !s.ok()) return s;
      updates.push_back(attached(std::move(p), elp["id"]));
    }
    for (const ordered_json& body : updates) {
      if (auto s = emit_update("/v2.0/ports", body); !s.ok()) return s;
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
    if (auto s = emit("/v2.0/ese_devices", device); !s.ok()) return s.error();
    for (int i = 0; i < 2; ++i) {
      edge.ese_ports.push_back(
          ese_physical_port(tenant, device["id"], fmt::format("xe-0/0/{}", i + 3), ""));
      if (auto s = emit("/v2.0/ese_physical_ports", edge.ese_ports.back()); !s.ok())
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
      if (auto s = emit("/v2.0/edge_routers", router); !s.ok()) return s.error();
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
    if (auto s = emit("/v2.0/ha_routers", edge.ha_router); !s.ok()) return s.error();
    std::vector<std::string> interfaces;
    for (int i = 0; i < 2; ++i) {
      ordered_json er{{"connected_ese_port_id", edge.ese_ports[i]["id"]},
                      {"description", ""},
                      {"device_id", routers[i]["id"]},
                      {"id", uuid()},
                      {"name", "ae0"},
                      {"tenant_id", tenant}};
      set_create_state(er);
      if (auto s = emit("/v2.0/er_physical_interfaces", er); !s.ok()) return s.error();
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
    if (auto s = emit("/v2.0/ha_interfaces", edge.ha_interface); !s.ok()) return s.error();
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
    if (auto s = emit("/v2.0/internet_services", service); !s.ok()) return s;
    ordered_json qos = qos_option(tenant, ha_router_id, service["id"]);
    if (auto s = emit("/v2.0/qos_options", qos); !s.ok()) return s;
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
    if (auto s = emit("/v2.0/public_ip_pools", pool); !s.ok()) return s;
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
    if (auto s = emit("/v2.0/internet_gateways", gateway); !s.ok()) return s;
    pool["addresses_available"] = 496;
    pool["pool_state"] = "UQEAAQAAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";
    if (auto s = emit_update("/v2.0/public_ip_pools", pool); !s.ok()) return s;
    ordered_json public_ip{{"cidr", public_prefix + ".0"},
                           {"description", "public ip"},
                           {"id", uuid()},
                           {"internet_gw_id", gateway["id"]},
                           {"ip_pool_id", pool["id"]},
                           {"name", "public-ip"},
                           {"submask_length", 28},
                           {"tenant_id", tenant}};
    set_create_state(public_ip, false);
    if (auto s = emit("/v2.0/public_ips", public_ip); !s.ok()) return s;
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
    if (auto s = emit("/v2.0/gw_interfaces", gw); !s.ok()) return s;
    std::vector<ordered_json> updates;
    const std::vector<std::vector<std::string>> addresses = {{prefix + ".151", prefix + ".152"},
                                                             {prefix + ".153"}};
    for (int i = 0; i < 2; ++i) {
      ordered_json p = port(tenant, {l2->network["id"], l2->subnet["id"], addresses[i], gw["id"],
                                     "network:gw_interface", "Port for : " + uuid(), 0, true});
      if (auto s = emit("/v2.0/ports", p); !s.ok()) return s;
      ordered_json elp = ese_logical_port(tenant, p, edge.ese_ports[i], vlan_id);
      if (auto s = emit("/v2.0/ese_logical_ports", elp); !s.ok()) return s;
      updates.push_back(attached(std::move(p), elp["id"]));
    }
    for (const ordered_json& body : updates) {
      if (auto s = emit_update("/v2.0/ports", body); !s.ok()) return s;
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
    return emit("/v2.0/static_routes", route);
  }

  // --- VNF units: load_balancer (05) and firewall ----------------------------------------------
  struct Catalog {  // vnf_template, vnf_plan, load_balancer_plan or firewall_plan
    ordered_json vnf_template;
    ordered_json vnf_plan;
    ordered_json plan;
  };
  Catalog load_balancer_catalog(const std::string& tenant, const std::string& management_net,
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
    return c;
  }

  // The firewall_plan schema's fields; the vnf_template carries the credentials the
  // firewall_config template reads through vnf_instance_id.vnf_template_id.
  Catalog firewall_catalog(const std::string& tenant, const std::string& management_net,
                           const std::string& dummy_net) {
    Catalog c;
    c.vnf_template = {{"credentials", {{"password", password()}, {"username", "vyatta"}}},
                      {"description", "vnf template"},
                      {"dummy_networks", ordered_json::array({dummy_net})},
                      {"function", "firewall"},
                      {"id", uuid()},
                      {"image", "vyatta-5600-3.5R6"},
                      {"init_config", ordered_json::object()},
                      {"management_networks", ordered_json::array({management_net})},
                      {"name", "Brocade Vyatta 5600"},
                      {"security_group", "permit-any"},
                      {"tenant_id", tenant},
                      {"user_data_template", ""},
                      {"vendor", "vyatta"},
                      {"version", "3.5R6"}};
    c.vnf_plan = {{"default_interface_number", 3},
                  {"description", "vnf plan"},
                  {"flavor", "m1.medium"},
                  {"function", "firewall"},
                  {"id", uuid()},
                  {"interface_limit", 8},
                  {"name", "vFW_plan"},
                  {"tenant_id", tenant},
                  {"vendor", "vyatta"}};
    c.plan = {{"description", ""},
              {"enabled", true},
              {"id", uuid()},
              {"is_public", true},
              {"name", "Brocade_Vyatta_5600_3.5R6_2CPU-4GB-8IF"},
              {"tenant_id", tenant},
              {"vendor", "vyatta"},
              {"version", "3.5R6"},
              {"vnf_plan_id", c.vnf_plan["id"]},
              {"vnf_template_id", c.vnf_template["id"]}};
    return c;
  }

  // What a VNF unit has before its function's own resources: a tenant, a management and a user
  // network, the catalogue, 3 ports (management, user, user), the vnf_instance and its 3
  // vnf_interfaces.
  struct Vnf {
    std::string tenant;
    L2 management;
    L2 user;
    Catalog catalog;
    std::string service_id;  // the load balancer's or firewall's id
    ordered_json instance;
    std::vector<ordered_json> ports;
    std::vector<std::string> vnf_interfaces;
  };
  Result<Vnf> emit_vnf(std::string_view function, std::string_view plans_path) {
    const bool balancer = function == "load_balancer";
    Vnf v;
    v.tenant = tenant_id();
    if (auto s = emit_tenant(v.tenant); !s.ok()) return s.error();
    const std::string short_name = balancer ? "lb" : "fw";
    auto management = emit_l2(v.tenant, fmt::format("{}-management-{}", short_name, units_), 2);
    if (!management.ok()) return management.error();
    auto user = emit_l2(v.tenant, fmt::format("{}-user-{}", short_name, units_), 3);
    if (!user.ok()) return user.error();
    v.management = std::move(management.value());
    v.user = std::move(user.value());
    v.catalog =
        balancer ? load_balancer_catalog(v.tenant, v.management.network["id"], v.user.network["id"])
                 : firewall_catalog(v.tenant, v.management.network["id"], v.user.network["id"]);
    if (auto s = emit("/v2.0/vnf_templates", v.catalog.vnf_template); !s.ok()) return s.error();
    if (auto s = emit("/v2.0/vnf_plans", v.catalog.vnf_plan); !s.ok()) return s.error();
    if (auto s = emit(plans_path, v.catalog.plan); !s.ok()) return s.error();
    v.service_id = uuid();
    ordered_json networks = ordered_json::array();
    for (int i = 0; i < 3; ++i) {
      const L2& l2 = i == 0 ? v.management : v.user;
      v.ports.push_back(
          port(v.tenant, {l2.network["id"],
                          l2.subnet["id"],
                          {fmt::format("{}.{}", l2.prefix, 3 + i)},
                          "",
                          "",
                          fmt::format("{}-{}-port", function, i == 0 ? "management" : "user")}));
      v.ports.back()["fake_delete"] = true;
      if (auto s = emit("/v2.0/ports", v.ports.back()); !s.ok()) return s.error();
      networks.push_back({{"port", v.ports.back()["id"]}});
    }
    v.instance = {{"availability_zone", "nova"},
                  {"config_drive", false},
                  {"id", uuid()},
                  {"management_ip", v.management.prefix + ".3"},
                  {"name", fmt::format("{}-{}", function, v.service_id)},
                  {"networks", std::move(networks)},
                  {"owner_tenant_id", v.tenant},
                  {"reboot", ""},
                  {"tenant_id", v.tenant},
                  {"user_data", ""},
                  {"user_data_format", "RAW"},
                  {"user_data_parameters",
                   {{"management_gateway", ""}, {"management_ip", ""}, {"management_mask", ""}}},
                  {"vnf_plan_id", v.catalog.vnf_plan["id"]},
                  {"vnf_template_id", v.catalog.vnf_template["id"]}};
    set_create_state(v.instance);
    if (auto s = emit("/v2.0/vnf_instances", v.instance); !s.ok()) return s.error();
    for (int i = 0; i < 3; ++i) {
      const L2& l2 = i == 0 ? v.management : v.user;
      ordered_json vif{{"id", uuid()},
                       {"ip_address", v.ports[i]["fixed_ips"][0]["ip_address"]},
                       {"name", fmt::format("interface-{}", i)},
                       {"network_id", l2.network["id"]},
                       {"port_id", v.ports[i]["id"]},
                       {"slot_number", i},
                       {"status", "PENDING_CREATE"},
                       {"tenant_id", v.tenant},
                       {"type", i == 0 ? "management" : "user"},
                       {"vnf_instance_id", v.instance["id"]}};
      if (auto s = emit("/v2.0/vnf_interfaces", vif); !s.ok()) return s.error();
      v.vnf_interfaces.push_back(vif["id"]);
    }
    return v;
  }

  Status<> load_balancer_unit() {
    auto vnf = emit_vnf("load_balancer", "/v2.0/load_balancer_plans");
    if (!vnf.ok()) return vnf.error();
    const Vnf& v = *vnf;
    const std::string& tenant = v.tenant;
    const L2& management = v.management;
    ordered_json internet = port(tenant, {management.network["id"],
                                          management.subnet["id"],
                                          {management.prefix + ".4"},
                                          "",
                                          "network:empty",
                                          "internet_port"});
    if (auto s = emit("/v2.0/ports", internet); !s.ok()) return s;
    const std::string admin_password = password();
    const std::string user_password = password();
    ordered_json conf_networks = ordered_json::array();
    for (size_t i = 0; i < v.ports.size(); ++i) {
      conf_networks.push_back({{"cidr", (i == 0 ? management.prefix : v.user.prefix) + ".0/24"},
                               {"ip_address", v.ports[i]["fixed_ips"][0]["ip_address"]},
                               {"type", i == 0 ? "user" : "dummy"}});
    }
    ordered_json conf{
        {"admin_password", admin_password},
        {"admin_username", "user-admin"},
        {"description", ""},
        {"id", uuid()},
        {"internet_port", {{"ip_address", management.prefix + ".4"}, {"mask", "255.255.255.0"}}},
        {"load_balancer_plan_id", v.catalog.plan["id"]},
        {"management_gateway", management.prefix + ".1"},
        {"name", ""},
        {"networks", std::move(conf_networks)},
        {"other_password", ""},
        {"other_username", ""},
        {"tenant_id", tenant},
        {"user_password", user_password},
        {"user_username", "user-read"},
        {"vnf_instance_id", v.instance["id"]}};
    set_create_state(conf, false);
    if (auto s = emit("/v2.0/load_balancer_confs", conf); !s.ok()) return s;
    ordered_json lb{{"admin_password", admin_password},
                    {"admin_username", "user-admin"},
                    {"availability_zone", "nova"},
                    {"description", ""},
                    {"id", v.service_id},
                    {"interfaces", ordered_json::array()},
                    {"internet_port_id", internet["id"]},
                    {"load_balancer_conf_id", conf["id"]},
                    {"load_balancer_plan_id", v.catalog.plan["id"]},
                    {"name", ""},
                    {"networks", ordered_json::array()},
                    {"other_password", ""},
                    {"other_username", ""},
                    {"syslog_servers", ordered_json::array()},
                    {"tenant_id", tenant},
                    {"user_password", user_password},
                    {"user_username", "user-read"},
                    {"vnf_instance_id", v.instance["id"]}};
    set_create_state(lb);
    if (auto s = emit("/v2.0/load_balancers", lb); !s.ok()) return s;
    for (int i = 0; i < 3; ++i) {
      ordered_json lbi{{"id", uuid()},
                       {"load_balancer_id", v.service_id},
                       {"name", fmt::format("Interface 1/{}", i + 1)},
                       {"slot_number", i + 1},
                       {"tenant_id", tenant},
                       {"type", "user"},
                       {"vnf_interface_id", v.vnf_interfaces[i]}};
      set_create_state(lbi);
      if (auto s = emit("/v2.0/load_balancer_interfaces", lbi); !s.ok()) return s;
    }
    return nova_updates(v.instance["id"], v.ports);
  }

  // A Vyatta firewall (firewall_config template): the firewall, configured with the networks
  // of its ports, then a firewall_interface per vnf_interface (slot 0 management).
  Status<> firewall_unit() {
    auto vnf = emit_vnf("firewall", "/v2.0/firewall_plans");
    if (!vnf.ok()) return vnf.error();
    const Vnf& v = *vnf;
    ordered_json networks = ordered_json::array();
    for (size_t i = 0; i < v.ports.size(); ++i) {
      networks.push_back({{"cidr", (i == 0 ? v.management.prefix : v.user.prefix) + ".0/24"},
                          {"ifname", fmt::format("dp0s{}", i + 3)},
                          {"ip_address", v.ports[i]["fixed_ips"][0]["ip_address"]},
                          {"type", i == 0 ? "management" : "user"}});
    }
    ordered_json firewall{{"admin_password", password()},
                          {"admin_username", "user-admin"},
                          {"availability_zone", "nova"},
                          {"default_gateway", v.user.prefix + ".1"},
                          {"description", ""},
                          {"firewall_plan_id", v.catalog.plan["id"]},
                          {"id", v.service_id},
                          {"interfaces", ordered_json::array()},
                          {"name", fmt::format("firewall-{}", units_)},
                          {"networks", std::move(networks)},
                          {"other_password", ""},
                          {"other_username", ""},
                          {"tenant_id", v.tenant},
                          {"user_password", password()},
                          {"user_username", "user-read"},
                          {"vnf_instance_id", v.instance["id"]}};
    set_create_state(firewall);
    if (auto s = emit("/v2.0/firewalls", firewall); !s.ok()) return s;
    for (int i = 0; i < 3; ++i) {
      const L2& l2 = i == 0 ? v.management : v.user;
      ordered_json fwi{{"description", ""},
                       {"firewall_id", v.service_id},
                       {"id", uuid()},
                       {"ip_address", v.ports[i]["fixed_ips"][0]["ip_address"]},
                       {"name", fmt::format("Interface {}", i)},
                       {"network_id", l2.network["id"]},
                       {"slot_number", i},
                       {"tenant_id", v.tenant},
                       {"type", i == 0 ? "management" : "user"},
                       {"virtual_ip_address", nullptr},
                       {"virtual_ip_properties", nullptr},
                       {"vnf_interface_id", v.vnf_interfaces[i]}};
      set_create_state(fwi);
      if (auto s = emit("/v2.0/firewall_interfaces", fwi); !s.ok()) return s;
    }
    return nova_updates(v.instance["id"], v.ports);
  }

  // Nova binds each VM port: version 2 (compute:nova, attached false), version 3 (attached).
  Status<> nova_updates(const std::string& server_id, std::vector<ordered_json> ports) {
    for (ordered_json& p : ports) {
      p["device_id"] = server_id;
      p["device_owner"] = "compute:nova";
      p["ese_logical_port_id"] = nullptr;
      p["orchestration_state"] = "UPDATE_IN_PROGRESS";
      p["status"] = "PENDING_UPDATE";
      if (auto s = emit_update("/v2.0/ports", p); !s.ok()) return s;
      p["attached"] = true;
      if (auto s = emit_update("/v2.0/ports", p); !s.ok()) return s;
    }
    return Unit{};
  }

  RandomStreams streams_;
  Xoshiro256StarStar& ids_;
  Xoshiro256StarStar& tenants_;
  Xoshiro256StarStar& values_;
  Xoshiro256StarStar& shapes_;
  std::vector<TopologyUnit> units_out_;
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
  const std::vector<std::string> firewall = {
      "network", "subnet", "port", "vnf_instance", "firewall_config", "firewall_interface"};
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
  if (shape == Shape::kFirewall || shape == Shape::kMixed) add(firewall);
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

std::string_view op_name(GohanRequest::Op op) {
  switch (op) {
    case GohanRequest::Op::kCreate:
      return "create";
    case GohanRequest::Op::kUpdate:
      return "update";
    case GohanRequest::Op::kDelete:
      return "delete";
  }
  return "create";
}

Status<> check_options(const TopologyOptions& options) {
  if (options.resources == 0 || options.resources > kTopologyResourcesMax) {
    return Error{kBadOptions,
                 "topology: resources must be 1.." + std::to_string(kTopologyResourcesMax) +
                     " (kTopologyResourcesMax), got " + std::to_string(options.resources)};
  }
  if (options.updates_percent > 100 || options.deletes_percent > 100) {
    return Error{kBadOptions, "topology: updates and deletes are percentages, 0..100; got " +
                                  std::to_string(options.updates_percent) + " and " +
                                  std::to_string(options.deletes_percent)};
  }
  if (options.bursts == 0 || options.bursts > kTopologyBurstsMax) {
    return Error{kBadOptions, "topology: bursts must be 1.." + std::to_string(kTopologyBurstsMax) +
                                  " (kTopologyBurstsMax), got " + std::to_string(options.bursts)};
  }
  return Unit{};
}

Result<std::vector<TopologyUnit>> generate_units(const TopologyOptions& options) {
  if (auto valid = check_options(options); !valid.ok()) return valid.error();
  Generator generator(options.seed);
  auto run = generator.run(options);
  if (!run.ok()) return run.error();
  return std::move(generator.units());
}

Result<std::vector<GohanRequest>> generate_requests(const TopologyOptions& options) {
  auto units = generate_units(options);
  if (!units.ok()) return units.error();
  std::vector<GohanRequest> out;
  for (TopologyUnit& unit : *units) {
    for (const GohanRequest& request : unit.requests) out.push_back(request);
  }
  auto bursts = append_bursts(*units, options, out);
  if (!bursts.ok()) return bursts.error();
  return out;
}

// Each request as the record Gohan writes: versions counted per key, a delete marks the last
// body for deletion.
Result<std::vector<ConfigRecord>> generate_topology(const TopologyOptions& options,
                                                    const std::vector<ConfigRecord>& templates) {
  if (auto valid = check_options(options); !valid.ok()) return valid.error();
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
  auto requests = generate_requests(options);
  if (!requests.ok()) return requests.error();
  std::vector<ConfigRecord> out = templates;
  out.reserve(out.size() + requests->size());
  std::map<std::string, std::pair<int64_t, const ordered_json*>> last;  // key -> version, body
  for (const GohanRequest& request : *requests) {
    std::string key = "/config" + request.path + "/" + request.id;
    auto& [version, body] = last[key];
    ++version;
    const bool marked = request.op == GohanRequest::Op::kDelete;
    if (!marked) body = &request.body;
    if (body == nullptr) return Error{kBadOptions, "topology: delete of unknown " + key};
    auto text = json::go_json_marshal(*body);
    if (!text.ok()) return text.error();
    ordered_json envelope;
    envelope["body"] = std::move(text.value());
    envelope["marked_for_deletion"] = marked;
    envelope["version"] = version;
    auto stored = json::go_json_marshal(envelope);
    if (!stored.ok()) return stored.error();
    out.push_back(ConfigRecord{std::move(key), std::move(stored.value())});
  }
  return out;
}

}  // namespace esisim::sim::topology
