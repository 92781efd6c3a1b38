#include "core/etcd/json_repr.h"

#include "core/util/time_format.h"

namespace esisim::etcd {

nlohmann::ordered_json node_json(const NodeView& node) {
  nlohmann::ordered_json out;
  out["key"] = node.key;
  if (node.dir) out["dir"] = true;
  if (node.value) out["value"] = *node.value;
  if (!node.nodes.empty()) {
    nlohmann::ordered_json children = nlohmann::ordered_json::array();
    for (const NodeView& child : node.nodes) children.push_back(node_json(child));
    out["nodes"] = std::move(children);
  }
  if (node.expiration_ms) out["expiration"] = format_rfc3339(*node.expiration_ms);
  if (node.ttl_s != 0) out["ttl"] = node.ttl_s;
  out["modifiedIndex"] = node.modified_index;
  out["createdIndex"] = node.created_index;
  return out;
}

nlohmann::ordered_json response_json(const Event& event, bool with_index) {
  nlohmann::ordered_json out;
  out["action"] = std::string(action_name(event.action));
  out["node"] = node_json(event.node);
  if (event.prev_node) out["prevNode"] = node_json(*event.prev_node);
  if (with_index) out["index"] = event.etcd_index;
  return out;
}

nlohmann::ordered_json error_json(const EtcdError& error) {
  nlohmann::ordered_json out;
  out["errorCode"] = error.code;
  out["message"] = error.message;
  out["cause"] = error.cause;
  out["index"] = error.index;
  return out;
}

}  // namespace esisim::etcd
