// BackendProfile from JSON: the constants of the cloud behind the fake Heat engine.
//
// Contract: the document is
//   {"monitoring_link_base": "http://collector-agents-se:7070/targets/",
//    "project_name": "usertenant",
//    "objects": {"<object type>": {"id": "<uuid>", "attributes": {...},
//                                  "attribute_errors": {"<attribute>": "<message>"}}}}
// with every member optional (defaults: BackendProfile{}). Keys starting with "_" are
// comments and ignored. Anything else is an error naming the JSON path and what was expected.
// The recorded runs' profiles are fixtures/heat/backend_profile_head.json (2018-2019 runs) and
// backend_profile_2017.json (2017 runs); see resource_model.h for the object types.
#pragma once

#include "core/heat/resource_model.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::heat {

Result<BackendProfile> parse_backend_profile(const nlohmann::ordered_json& document);

}  // namespace esisim::heat
