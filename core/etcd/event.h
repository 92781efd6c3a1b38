// What the etcd v2 store answers: node views (etcd's NodeExtern) and events.
//
// A write answers with an Event: its action, the node after the write, the node before it
// (`prev_node`, when there was one) and the store index after the write. A get answers with
// an Event whose action is "get" and whose node may list children (`nodes`, sorted by key).
// Times are simulated milliseconds since the Unix epoch (UTC).
// Values are SharedText: an answer, a history event and a watch event share the store's bytes
// instead of copying them (a 1 KiB value is never copied after it is written), so an event must
// not be handed to another thread while the store or other copies are in use (shared_text.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/etcd/shared_text.h"

namespace esisim::etcd {

enum class Action {
  kGet,
  kSet,
  kCreate,
  kUpdate,
  kCompareAndSwap,
  kCompareAndDelete,
  kDelete,
  kExpire,
};

// etcd's name of an action: "get", "set", "create", "update", "compareAndSwap",
// "compareAndDelete", "delete", "expire".
std::string_view action_name(Action action);
// Inverse of action_name; nullopt for an unknown name.
std::optional<Action> parse_action(std::string_view name);

// etcd's NodeExtern.
struct NodeView {
  std::string key;
  bool dir = false;
  SharedText value;                      // files only; absent in delete/expire events
  std::vector<NodeView> nodes;           // children, for gets of a directory
  std::optional<int64_t> expiration_ms;  // absolute time, for TTL nodes
  int64_t ttl_s = 0;                     // seconds left, rounded up; 0 when permanent
  uint64_t modified_index = 0;
  uint64_t created_index = 0;
};

struct Event {
  Action action = Action::kGet;
  NodeView node;
  std::optional<NodeView> prev_node;
  uint64_t etcd_index = 0;  // the store index when the answer was made
  bool refresh = false;     // a TTL refresh: in the history, but no watcher is told

  uint64_t index() const { return node.modified_index; }
};

}  // namespace esisim::etcd
