// One Gohan API request of a generated topology, in memory: what `esisim generate` writes as a
// scenario step and what an in-process driver (esisim capacity) hands to sim::SimWorld.
//
// Contract: plain data. `type` is the Gohan schema id (singular), `path` the schema's prefix
// ("/v2.0/ports"; the record's key is /config<path>/<id>), `body` the whole body for a create
// or an update (Gohan raises the version by one per request) and null for a delete (Gohan's
// two-step deletion). `settle_before`: the world runs until quiescent before this request (the
// start of a burst).
#pragma once

#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace esisim::sim::topology {

struct GohanRequest {
  enum class Op { kCreate, kUpdate, kDelete };
  Op op = Op::kCreate;
  std::string type;
  std::string path;
  std::string id;
  nlohmann::ordered_json body;
  bool settle_before = false;

  bool operator==(const GohanRequest&) const = default;
};

// "create", "update" or "delete": the scenario step's name.
std::string_view op_name(GohanRequest::Op op);

}  // namespace esisim::sim::topology
