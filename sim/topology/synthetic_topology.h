// Synthetic ESI topologies: the Gohan requests, and the `/config` records Gohan writes for them,
// of a large, realistic deployment, generated from a seed (benchmarks, load tests,
// `esisim generate`, `esisim capacity`).
//
// Contract: `generate_units`, `generate_requests` and `generate_topology` are pure and
// deterministic: the same options (and template records) give the same output, byte for byte,
// on every platform (sim/random.h streams only; no clock, no file IO). generate_requests gives
// the creation requests of every unit in order, then the update/delete bursts of
// topology_bursts.h. generate_topology gives records in the order Gohan writes them: first the heat
// templates given as input (`/config/v2.0/heat_templates/<id>`), then the resources, each after
// every resource it references, as Gohan envelopes
//   {"body":"<JSON text>","marked_for_deletion":false,"version":N}   (Go json.Marshal bytes).
// Bodies carry every field the recorded flows carry (domain.md §9), so every template's
// parameter_mappings evaluate without error. A topology is built from whole units of one flow:
//   logical_network: tenant, ese_device, 2 physical_ports, 2 ese_physical_ports, network,
//     subnet, its DHCP port (non-workable), 2 ports, their ese_logical_ports, then each port's
//     `attached:true` update (version 2);
//   gateway: tenant, ese_device, 2 ese_physical_ports ("new"), 2 edge_routers, ha_router,
//     2 er_physical_interfaces, ha_interface, internet_service, qos_option, public_ip_pool,
//     internet_gateway, public_ip, network, subnet + DHCP port, gw_interface, its 2 ports and
//     ese_logical_ports, the ports' version 2, a static_route;
//   load_balancer: tenant, 2 networks + subnets + DHCP ports, vnf_template, vnf_plan,
//     load_balancer_plan, 3 ports, vnf_instance, 3 vnf_interfaces, the internet port
//     (network:empty), load_balancer_conf, load_balancer, 3 load_balancer_interfaces, then the
//     ports' Nova updates (version 2, attached false; version 3, attached true);
//   firewall: tenant, 2 networks + subnets + DHCP ports, vnf_template, vnf_plan, firewall_plan,
//     3 ports, vnf_instance, 3 vnf_interfaces, firewall (firewall_config template), 3
//     firewall_interfaces, then the ports' Nova updates as for a load balancer;
//   mixed: units of the four flows drawn from the "topology.shape" stream (2:1:1:1).
// Units are added until at least `resources` distinct resources exist (templates and updates
// not counted), so the count is approximate. Ids are uuid4 from the "topology.ids" stream,
// tenant ids 32 lowercase hex from "topology.tenants", addresses and names from
// "topology.values". An update request carries the whole new body (Gohan raises the version);
// a delete is Gohan's two-step deletion (the record marked, version raised). Errors (values,
// code 2): resources 0 or above kTopologyResourcesMax, percentages above 100, bursts 0 or above
// kTopologyBurstsMax, a template the shape needs missing from the input.
//
// Example:
//   auto records = generate_topology({.seed = 7, .resources = 1000, .shape = Shape::kMixed},
//                                    templates);  // templates: heat_template_record(...) each
//   for (auto& r : *records) core.read_config_set(r.key, r.stored_value);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"
#include "sim/topology/gohan_request.h"

namespace esisim::sim::topology {

inline constexpr size_t kTopologyResourcesMax = 10'000'000;
inline constexpr uint32_t kTopologyBurstsMax = 100;

enum class Shape { kLogicalNetwork, kGateway, kLoadBalancer, kFirewall, kMixed };

std::string_view shape_name(Shape shape);
// "logical_network", "gateway", "load_balancer", "firewall" or "mixed"; the error lists the
// valid names.
Result<Shape> parse_shape(std::string_view name);

struct TopologyOptions {
  uint64_t seed = 1;
  size_t resources = 1000;  // approximate, whole units; 1..kTopologyResourcesMax
  Shape shape = Shape::kMixed;
  uint32_t updates_percent = 0;  // updates in the bursts, % of the resources created (0..100)
  uint32_t deletes_percent = 0;  // units deleted in the bursts, % of the units (0..100)
  uint32_t bursts = 1;           // 1..kTopologyBurstsMax (used when there are updates or deletes)
};

// The creation requests of one unit, in order (creates and Gohan's follow-up updates).
struct TopologyUnit {
  Shape shape = Shape::kLogicalNetwork;  // never kMixed
  std::vector<GohanRequest> requests;
};

Result<std::vector<TopologyUnit>> generate_units(const TopologyOptions& options);
// Every unit's requests, then the bursts. No templates needed (the world loads them).
Result<std::vector<GohanRequest>> generate_requests(const TopologyOptions& options);

// One Gohan write: `stored_value` is the etcd value (the envelope above).
struct ConfigRecord {
  std::string key;
  std::string stored_value;
  bool operator==(const ConfigRecord&) const = default;
};

// The heat template ids a shape's resources select (the files under
// fixtures/esi/heat_templates/<id>.json), in a fixed order.
std::vector<std::string> required_heat_templates(Shape shape);

// The record of a heat template fixture file ({"key", "value": {"body": {...}, ...}}, or the
// bare value): body encoded as Gohan does; key /config/v2.0/heat_templates/<body.id>.
Result<ConfigRecord> heat_template_record(const nlohmann::ordered_json& fixture);

// `templates`: records of at least required_heat_templates(options.shape), written first.
Result<std::vector<ConfigRecord>> generate_topology(const TopologyOptions& options,
                                                    const std::vector<ConfigRecord>& templates);

}  // namespace esisim::sim::topology
