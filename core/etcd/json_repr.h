// etcd v2 HTTP bodies for model answers: the JSON a real etcd 3.4 sends for the same request.
//
//   {"action":"set","node":{"key":"/a","value":"1","modifiedIndex":4,"createdIndex":4},
//    "prevNode":{...}}
//   {"errorCode":100,"message":"Key not found","cause":"/a","index":3}
// Node keys in etcd's order (key, dir, value, nodes, expiration, ttl, modifiedIndex,
// createdIndex), empty fields omitted as etcd omits them. The store index of an answer travels
// in etcd's X-Etcd-Index header; `response_json(event, true)` adds it as "index" for tools.
#pragma once

#include <nlohmann/json.hpp>

#include "core/etcd/error.h"
#include "core/etcd/event.h"

namespace esisim::etcd {

nlohmann::ordered_json node_json(const NodeView& node);
nlohmann::ordered_json response_json(const Event& event, bool with_index = false);
nlohmann::ordered_json error_json(const EtcdError& error);

}  // namespace esisim::etcd
