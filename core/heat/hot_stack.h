// Stack life cycle of the fake Heat engine: create, update and delete a stack from a parsed
// template (hot_template.h) and stack parameters, keeping per-resource state between
// operations, and computing the outputs list the heat_worker stores.
//
// Contract:
// * create: resources are realized (resource_model.h) in the template's creation order
//   (dependencies first, then document order), each from its evaluated properties; then the
//   outputs are evaluated in Heat's listing order (hot_outputs.h).
// * update (Heat's in-place/replace rules): a resource of the same name and type whose
//   evaluated properties are unchanged keeps its physical id and attributes; a change that its
//   type marks replace-on-change (a MonitoringTarget: any change, e.g. its `version`)
//   replaces it (new id); any other change updates it in place (id kept, attributes
//   recomputed); a resource that changes type is replaced; new resources are created;
//   resources absent from the new template are deleted.
// * delete: no resources, no outputs.
// * An output that fails to evaluate (an attribute the backend profile says fails, or a
//   run-time type error) becomes {output_value: null, output_error: Heat's message}, as Heat
//   reports it; `OutputOverrides` pins an output's value or forces its output_error.
// * Each operation reports the MonitoringTarget resources it created, replaced or deleted,
//   with their evaluated properties (type, resource_type, resource_id, field_name,
//   tenant_id, version, properties, syncer_properties...), in the order Heat handles them:
//   creations and replacements in creation order, then deletions in reverse creation order.
// Errors (nothing changes; code kHotErrorEvaluation): stack parameter errors
// (hot_parameters.h), a property that fails to evaluate ("template:line:col: resource 'x':
// <message>"), properties that do not evaluate to a mapping, resource model errors.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/heat/hot_outputs.h"
#include "core/heat/hot_template.h"
#include "core/heat/resource_model.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::heat {

struct StackContext {
  std::string stack_name;  // <resource_type>_<resource_id> (get_param OS::stack_name)
  std::string stack_id;    // get_param OS::stack_id
  std::string tenant_id;   // get_param OS::project_id
};

struct ResourceState {
  std::string name;
  std::string type;
  nlohmann::ordered_json properties;  // evaluated
  std::string physical_id;
  nlohmann::ordered_json attributes = nlohmann::ordered_json::object();
  std::map<std::string, std::string, std::less<>> attribute_errors;
};

struct StackState {
  std::vector<ResourceState> resources;  // creation order
  std::vector<StackOutput> outputs;      // Heat's listing order

  const ResourceState* find(std::string_view name) const;
};

enum class MonitoringChangeKind { kCreated, kReplaced, kDeleted };

struct MonitoringChange {
  MonitoringChangeKind kind = MonitoringChangeKind::kCreated;
  std::string resource_name;
  std::string target_id;                       // created/replaced: the new id; deleted: the old
  std::string previous_target_id;              // replaced: the id removed
  nlohmann::ordered_json properties;           // created/replaced: new; deleted: the last ones
  nlohmann::ordered_json previous_properties;  // replaced: the properties removed
};

struct StackOperation {
  StackState state;
  std::vector<MonitoringChange> monitoring;
};

struct OutputOverrides {
  std::map<std::string, nlohmann::ordered_json, std::less<>> pins;  // output name -> value
  std::map<std::string, std::string, std::less<>> errors;           // output name -> output_error
};

struct StackEnvironment {
  StackContext context;
  IdSource& ids;
  const BackendProfile& profile;
};

Result<StackOperation> evaluate_create(const HotTemplate& hot,
                                       const nlohmann::ordered_json& parameters,
                                       const StackEnvironment& environment,
                                       const OutputOverrides& overrides = {});

Result<StackOperation> evaluate_update(const StackState& previous, const HotTemplate& hot,
                                       const nlohmann::ordered_json& parameters,
                                       const StackEnvironment& environment,
                                       const OutputOverrides& overrides = {});

StackOperation evaluate_delete(const StackState& previous);

}  // namespace esisim::heat
