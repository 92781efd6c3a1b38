#include "sim/workers/stack_durations.h"

#include <array>

namespace esisim::sim {

namespace {
struct Row {
  std::string_view type;
  std::string_view action;
  DurationRange range;
};
// domain.md §10: mean (min-max) in seconds; a single mean becomes mean ± 10 %.
constexpr std::array kRows = {
    Row{"network", "create", {2'100, 4'100}},
    Row{"subnet", "create", {2'300, 4'000}},
    Row{"port", "create", {3'600, 6'800}},
    Row{"ese_device", "create", {4'400, 6'100}},
    Row{"ese_physical_port", "create", {3'700, 4'500}},
    Row{"ese_logical_port", "create", {4'200, 5'200}},
    Row{"edge_router", "create", {2'200, 2'800}},
    Row{"er_physical_interface", "create", {2'200, 2'800}},
    Row{"firewall", "create", {3'300, 4'100}},
    Row{"firewall_interface", "create", {3'800, 4'600}},
    Row{"load_balancer", "create", {1'700, 2'100}},
    Row{"load_balancer_conf", "create", {1'900, 2'300}},
    Row{"load_balancer_interface", "create", {2'500, 3'100}},
    Row{"public_ip", "create", {8'500, 10'300}},
    Row{"static_route", "create", {17'300, 18'400}},
    Row{"vpn_gateway", "create", {16'600, 20'400}},
    Row{"internet_gateway", "create", {18'400, 22'600}},
    Row{"gw_interface", "create", {17'900, 21'900}},
    Row{"vpn_interface", "create", {18'000, 22'000}},
    Row{"common_function_gateway", "create", {21'700, 26'500}},
    Row{"vnf_instance", "create", {289'000, 292'000}},
    Row{"port", "modify", {10'300, 12'400}},
    Row{"vnf_instance", "modify", {118'000, 122'000}},
    Row{"firewall", "modify", {10'200, 12'400}},
    Row{"firewall_interface", "modify", {5'700, 6'900}},
    Row{"load_balancer", "modify", {5'000, 6'200}},
    Row{"load_balancer_conf", "modify", {4'900, 5'900}},
    Row{"load_balancer_interface", "modify", {5'000, 6'200}},
    Row{"vpn_gateway", "modify", {9'700, 11'900}},
    Row{"port", "logical_delete", {3'900, 4'700}},
};
constexpr DurationRange kCreate{2'300, 6'800};
constexpr DurationRange kModify{5'000, 12'400};
constexpr DurationRange kDelete{3'900, 4'700};
}  // namespace

DurationRange stack_duration(std::string_view resource_type, std::string_view action) {
  for (const Row& row : kRows) {
    if (row.type == resource_type && row.action == action) return row.range;
  }
  if (action == "modify") return kModify;
  if (action == "logical_delete") return kDelete;
  return kCreate;
}

}  // namespace esisim::sim
