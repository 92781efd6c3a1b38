// The etcd v2 store, modelled on etcd 3.4's v2store, in one process and in simulated time.
//
// Contract:
// * One global index: every write, delete and expiry adds exactly one (asserted). A fresh
//   store is at index 3, as a real etcd 3.4 node with --enable-v2 after bootstrap, so the
//   first client write gets index 4.
// * Operations are etcd's primitives (Get, Set, Create, Update, CompareAndSwap, Delete,
//   CompareAndDelete, Watch) with etcd's results, errors, codes and causes. Keys are cleaned
//   as etcd cleans them (see path.h). Request-level options (prevExist, ttl strings, ...) are
//   mapped onto these by keys_api.h, as etcd's HTTP layer does.
// * No clock: time is whatever the owner last passed to advance_to(); TTL keys expire when
//   the owner advances time past their expiration, in (expiration, order of TTL set) order.
// * Watchers are told through an outbox: after each call, take_deliveries() returns the
//   (watcher, event) pairs fired by it, in etcd's notification order.
// * An observer, if set, sees every event that enters the history (writes, deletes,
//   expiries and refreshes), in index order: that is the trace.
// * Deterministic: nodes are found through a hash index of full keys (key_index.h) and
//   directories hold their children unordered, but every listing is sorted by key.
// * Values are SharedText: answers, history events and watch events share the stored bytes
//   (a value is copied once, into the store, when it is written).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/etcd/error.h"
#include "core/etcd/event.h"
#include "core/etcd/event_history.h"
#include "core/etcd/key_index.h"
#include "core/etcd/shared_text.h"
#include "core/util/result.h"

namespace esisim::etcd {

using EtcdResult = Result<Event, EtcdError>;

// When a written node expires: never, or at an absolute time; `refresh` keeps the value and
// only moves the expiration (and tells no watcher).
struct TtlOptions {
  std::optional<int64_t> expire_at_ms;
  bool refresh = false;
};

using WatcherId = uint64_t;

struct WatchOutcome {
  std::optional<Event> immediate;  // answered from the history at once
  WatcherId watcher = 0;           // otherwise a pending watcher (0 when immediate)
};

struct WatchDelivery {
  WatcherId watcher = 0;
  Event event;
};

struct StoreLimits {
  size_t history_capacity = 1000;  // etcd's event history
  size_t watchers_max = 100000;
  size_t nodes_max = 50'000'000;
};

class Store {
 public:
  static constexpr uint64_t kBootstrapIndex = 3;

  explicit Store(int64_t now_ms = 0, StoreLimits limits = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // --- time -------------------------------------------------------------------------------
  // Moves the store's notion of now (never backwards; asserted) and expires every TTL node
  // whose expiration is at or before it. Returns the expire events, in index order.
  std::vector<Event> advance_to(int64_t now_ms);
  int64_t now_ms() const { return now_ms_; }
  // The earliest pending expiration, so a simulator can schedule the next expiry.
  std::optional<int64_t> next_expiration_ms() const;

  // --- etcd primitives ----------------------------------------------------------------------
  EtcdResult get(std::string_view key, bool recursive, bool sorted = true) const;
  EtcdResult set(std::string_view key, bool dir, std::string_view value, TtlOptions ttl = {});
  // `unique`: create an in-order key "<key>/<20-digit index>" (etcd's POST).
  EtcdResult create(std::string_view key, bool dir, std::string_view value, bool unique = false,
                    TtlOptions ttl = {});
  EtcdResult update(std::string_view key, std::string_view value, TtlOptions ttl = {});
  // An empty prev_value or a zero prev_index is not compared (as in etcd).
  EtcdResult compare_and_swap(std::string_view key, std::string_view prev_value,
                              uint64_t prev_index, std::string_view value, TtlOptions ttl = {});
  EtcdResult remove(std::string_view key, bool dir, bool recursive);
  EtcdResult compare_and_delete(std::string_view key, std::string_view prev_value,
                                uint64_t prev_index);

  // Waits on `key` (and below it when `recursive`) for the first event at index >=
  // `since_index` (0: the next event). Answered at once from the history when it holds one;
  // 401 when `since_index` is older than the history window.
  Result<WatchOutcome, EtcdError> watch(std::string_view key, bool recursive, bool stream,
                                        uint64_t since_index);
  bool cancel_watch(WatcherId watcher);
  std::vector<WatchDelivery> take_deliveries();
  size_t watcher_count() const { return watcher_count_; }

  // --- inspection ---------------------------------------------------------------------------
  uint64_t index() const { return current_index_; }
  const EventHistory& history() const { return history_; }
  size_t node_count() const { return node_count_; }
  // Every file node (no directories), sorted by key: key -> value.
  std::map<std::string, std::string> files() const;

  void set_observer(std::function<void(const Event&)> observer) { observer_ = std::move(observer); }

 private:
  struct Node;
  struct Watcher {
    WatcherId id;
    bool recursive;
    bool stream;
    uint64_t since_index;
  };

  Result<Node*, EtcdError> internal_get(std::string_view clean) const;
  // The directory a new node `clean` goes in, creating missing directories (etcd's checkDir)
  // at `next_index`; 104 when a file is in the way.
  Result<Node*, EtcdError> parent_for(std::string_view clean, uint64_t next_index);
  Node& add_child(Node& parent, std::string_view clean, uint64_t key_hash);
  // Gives `node` a new value (absent for a directory) and points its index hint at it, so a
  // lookup starts loading the value with the node.
  void set_value(Node& node, SharedText value);
  EtcdResult internal_create(std::string clean, bool dir, std::string_view value, bool replace,
                             const TtlOptions& ttl, Action action);
  // The write of a set or create that passed its checks; `replaced`: `node` is an existing
  // file being overwritten. (Returned by value, so the answer is built in place.)
  Event write_node(Node& node, bool replaced, std::string clean, bool dir, std::string_view value,
                   const TtlOptions& ttl, Action action);
  // etcd's compare step of CAS and CAD: 102 on a directory, 101 with its cause on a mismatch.
  std::optional<EtcdError> compare(const Node& node, const std::string& clean,
                                   std::string_view prev_value, uint64_t prev_index) const;
  // Takes the next index and starts the event of a successful CAS or CAD.
  Event conditional_event(Action action, const Node& node, const std::string& clean);
  NodeView repr(const Node& node, std::string_view key, bool recursive, bool sorted) const;
  void fill_ttl(const Node& node, NodeView& view) const;
  void set_expiration(Node& node, std::optional<int64_t> expire_at_ms);
  void remove_node(Node& node, const Event& event);
  // Tells the observer, the history and the watchers.
  void notify(const Event& event);
  void notify_watchers(const Event& event, std::string_view path, bool deleted);
  bool readonly(std::string_view clean) const { return clean == "/"; }

  StoreLimits limits_;
  int64_t now_ms_;
  uint64_t current_index_ = kBootstrapIndex;
  Node* root_ = nullptr;
  KeyIndex<Node> index_;  // every node, the root included; owns them (freed by ~Store)
  size_t node_count_ = 0;
  // (expiration, order in which the TTL was set) -> node: a total, deterministic order.
  std::set<std::tuple<int64_t, uint64_t, Node*>> ttl_heap_;
  uint64_t ttl_seq_ = 0;
  EventHistory history_;
  std::map<std::string, std::vector<Watcher>, std::less<>> watchers_;
  size_t watcher_count_ = 0;
  WatcherId next_watcher_ = 1;
  std::vector<WatchDelivery> deliveries_;
  std::function<void(const Event&)> observer_;
};

}  // namespace esisim::etcd
