// The resource model of the fake Heat engine: for each Heat resource type, its physical id
// (what get_resource returns), its attributes (what get_attr returns), and when a property
// change replaces the resource instead of updating it in place.
//
// Contract: no randomness and no hidden state. New and pre-existing object ids come from the
// caller's `IdSource`; constants of the cloud behind Heat (the Contrail stub of the recorded
// runs, the collector's URL) come from a `BackendProfile` (resource_model_profile.h).
// `realize_resource` derives id and attributes from the evaluated properties; the profile's
// canned id / attributes / attribute errors of the object type then take precedence. Unknown
// Heat types get the generic model: a new id, no attributes (get_attr on them is a template
// error), replaced on any property change.
//
// Rules, checked by tests/heat/hot_conformance_test.cc on every heat_stacks record of a
// template without Jinja (52 records) and by the hand-rendered port of hot_stack_test.cc.
// "HEAD" = traces/00 (2019) and the 2018 runs traces/01, 02, 05, history/00; "2017" =
// history/01, 02. The recorded clouds were Contrail stubs: many values are constants of the
// stub, kept in the profiles fixtures/heat/backend_profile_{head,2017}.json.
// * OS::Contrail::VirtualNetwork: id = property uuid (every network record: id = Gohan id =
//   the uuid param, e.g. traces/00 seq 228); name = property name; fq_name =
//   "default-domain:<profile project>:<name>" ("usertenant" HEAD, "admin" 2017);
//   route_targets = property (HEAD []; the 2017 stub "[]", canned).
// * OS::Contrail::VnSubnet: id new (a different uuid in each subnet record, traces/00 seq 269);
//   name, network_id, ip_prefix, default_gateway = properties; ipam = the id of the existing
//   network_ipam named by the ipam property (canned: HEAD 5a79909b-..., 2017 aaaaaaaa-...).
// * OS::Contrail::VirtualMachineInterface: id = property uuid (2017 ports: id = Gohan port
//   id, history/01 seq 549); fq_name "default-domain:<project>:<name>" (history/01 seq 549);
//   allowed address pairs {"allowed_address_pair": property} (HEAD {"allowed_address_pair":
//   []} from [], traces/00 seq 301); mac addresses and virtual_networks from the properties.
//   The HEAD stub returned one VMI for every port (id f68d0924-..., mac fa:16:3e:f7:60:7f,
//   network b62eefe0-..., every HEAD port record): canned; so are the 2017 placeholders.
// * OS::Contrail::ExistingResource: object type = property resource_type; id = the existing
//   object's id looked up by fq_name (ese_device / ese_physical_port records); fq_name =
//   property; name = its last element. Canned: HEAD physical_router id 7e5c78fa-... and name
//   NWSDP-JNPR-02 whatever the hostname (traces/00 seq 99), physical_interface name xe-0/0/38
//   (seq 172; its id differs between runs and stays with the IdSource); 2017 physical_router id
//   "physical_router", name "dummy", physical_interface id dddddddd-... and a failing name.
// * OS::Contrail::LogicalInterface: id new; name = property. Canned: HEAD id 46b0cd68-...,
//   name xe-0/0/38.0 (traces/00 seq 320); 2017 id cccccccc-..., name fails with
//   'ContrailLogicalInterface' object has no attribute 'li_uuid' (seed 004, history/01 seq 604).
// * ESI::VNF::Instance, OS::Nova::Server: id new (vnf_instance server_id, traces/05 seq 174),
//   kept by an update (seq 313).
// * ESI::Monitoring::MonitoringTarget: id new; link = <profile link base><id> (every
//   monitoring_link; traces/01 and 02 ran with a docker-network host name); replaced by any
//   property change (every modify has a new target id: traces/05 seq 313, 326, traces/00 seq 352).
// * InstanceIp, PhysicalRouter, PhysicalInterface, Contrail Subnet: id new, attributes from
//   the properties (no record shows them); NetconfNamedConfigs, VyattaConfig,
//   NetscalerConfig, NetscalerSyslogServer: id new, no attributes. Which properties replace
//   these types on change is inferred (Heat's update_allowed), not recorded.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::heat {

// What the engine asks an IdSource for.
struct IdRequest {
  std::string_view resource_name;  // the template's resource name ("subnet", "vmi_monitor")
  std::string_view resource_type;  // Heat type ("OS::Contrail::VnSubnet")
  std::string_view object_type;    // backend object ("subnet", "physical_router", "network_ipam")
  std::string_view fq_name;        // existing objects: the fq_name, elements joined with ':'
};

// Supplied by the caller: every uuid the fake cloud hands out.
class IdSource {
 public:
  virtual ~IdSource() = default;
  // A fresh id for a newly created object.
  virtual std::string new_uuid(const IdRequest& request) = 0;
  // The id of a pre-existing object named by `request.fq_name`.
  virtual std::string existing_uuid(const IdRequest& request) = 0;
};

// Constants of one backend object type that a stub cloud returns whatever the properties.
struct CannedObject {
  std::optional<std::string> id;
  nlohmann::ordered_json attributes = nlohmann::ordered_json::object();
  std::map<std::string, std::string, std::less<>> attribute_errors;  // attribute -> message
};

struct BackendProfile {
  std::string monitoring_link_base = "http://collector-agents-se:7070/targets/";
  std::string project_name = "admin";  // the project part of Contrail fq_names
  std::map<std::string, CannedObject, std::less<>> objects;  // by object type
};

enum class RealizeRule {
  kVirtualNetwork,
  kVnSubnet,
  kVirtualMachineInterface,
  kInstanceIp,
  kExistingResource,
  kLogicalInterface,
  kPhysicalRouter,
  kPhysicalInterface,
  kContrailSubnet,
  kServer,
  kMonitoringTarget,
  kNoAttributes,
  kGeneric,
};

struct ResourceTypeModel {
  std::string_view heat_type;
  std::string_view object_type;  // ExistingResource: taken from the resource_type property
  RealizeRule rule = RealizeRule::kGeneric;
  std::vector<std::string_view> attributes;
  bool replace_on_any_change = false;
  std::vector<std::string_view> replace_on_change;  // properties whose change replaces
  bool is_monitoring_target = false;

  bool has_attribute(std::string_view name) const;
};

// The model of a Heat type; unknown types get the generic model (heat_type "").
const ResourceTypeModel& resource_type_model(std::string_view heat_type);
bool is_known_resource_type(std::string_view heat_type);

struct RealizedResource {
  std::string physical_id;
  nlohmann::ordered_json attributes = nlohmann::ordered_json::object();
  std::map<std::string, std::string, std::less<>> attribute_errors;
};

struct RealizeInput {
  std::string_view resource_name;
  std::string_view heat_type;
  const nlohmann::ordered_json& properties;
  // Set when an update keeps the resource: its id is not asked for again.
  std::optional<std::string> kept_id;
};

// Errors (kHotErrorEvaluation): a property the rule needs has the wrong shape (for example
// an ExistingResource fq_name that is not a list of strings).
Result<RealizedResource> realize_resource(const RealizeInput& input, IdSource& ids,
                                          const BackendProfile& profile);

// The backend object type of a resource (ExistingResource: its resource_type property).
std::string object_type_of(const ResourceTypeModel& model,
                           const nlohmann::ordered_json& properties);

// Whether going from `before` to `after` properties replaces the resource (new physical id).
// Precondition: the properties differ.
bool change_replaces(const ResourceTypeModel& model, const nlohmann::ordered_json& before,
                     const nlohmann::ordered_json& after);

// JSON equality ignoring object key order (how Heat compares property values).
bool same_value(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b);

}  // namespace esisim::heat
