// The status a 2017 monitoring_worker reports for a rendered monitoring template
// (domain-2017.md §1.2: what becomes `state_monitoring` in /esi-worker/job_state).
//
// Contract: `rendered_yaml` is the Jinja-rendered monitoring template: a YAML mapping of items
// `name: {type: <item type>, ...}` plus an optional `db_mappings` entry, or an empty document
// (a template that renders nothing reports {}). Every top-level item except `db_mappings`
// gives one entry, in document order: `vrrp_session` -> its `wanted_status`, `bgp_session` ->
// "ESTABLISHED", `kafka_messenger` -> left out, every other type -> "ACTIVE" (a repeated name
// keeps its first position and its last definition). The worker's status was a Python dict:
// the key order of its JSON text is the writer's business (the 2017 recordings show sorted
// keys). A document that is not such a mapping, an item without
// a scalar `type`, or a vrrp_session without a scalar `wanted_status` is an error value naming
// the template and the item. YAML is read with yaml-cpp (YAML 1.2; the templates use no
// construct where PyYAML's YAML 1.1 would read differently).
//
// Example: "router:\n  type: router\n" -> {"router": "ACTIVE"}.
#pragma once

#include <string_view>

#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::heat {

Result<nlohmann::ordered_json> monitoring_status_from_rendered(std::string_view template_name,
                                                               std::string_view rendered_yaml);

}  // namespace esisim::heat
