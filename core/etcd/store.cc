#include "core/etcd/store.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <new>

#include "core/etcd/path.h"

namespace esisim::etcd {

namespace {
bool hidden_name(std::string_view name) { return !name.empty() && name.front() == '_'; }
}  // namespace

// One allocation: the node, then the bytes of its full (clean) key. Nodes are found through
// the store's KeyIndex of full keys; a directory lists its children unordered (`slot` is a
// child's position in its parent's list, so removing it is a swap with the last one).
// The fields a get or a set reads are last, next to the key, so that a lookup touches few
// cache lines.
struct Store::Node {
  Node* parent = nullptr;
  size_t slot = 0;
  uint64_t key_hash = 0;                         // KeyIndex<Node>::hash(key())
  int64_t expire_ms = 0;                         // meaningful iff ttl_seq != 0
  uint64_t ttl_seq = 0;                          // 0: no expiration
  std::unique_ptr<std::vector<Node*>> children;  // set iff the node is a directory
  SharedText value;  // present iff the node is a file; shared with the history's events
  uint64_t created_index = 0;
  uint64_t modified_index = 0;
  size_t key_size = 0;

  std::string_view key() const { return {reinterpret_cast<const char*>(this + 1), key_size}; }
  // The last segment ("" for the root).
  std::string_view name() const {
    std::string_view k = key();
    return k.substr(k.rfind('/') + 1);
  }
  bool is_dir() const { return children != nullptr; }

  static Node* make(std::string_view key) {
    Node* node = new (::operator new(sizeof(Node) + key.size())) Node();
    std::memcpy(static_cast<void*>(node + 1), key.data(), key.size());
    node->key_size = key.size();
    return node;
  }
  static void destroy(Node* node) {
    node->~Node();
    ::operator delete(node);
  }

  // Children sorted by name: the only way a listing may iterate them.
  std::vector<const Node*> sorted_children() const {
    std::vector<std::pair<std::string_view, const Node*>> named;
    named.reserve(children->size());
    for (const Node* child : *children) named.emplace_back(child->name(), child);
    std::sort(named.begin(), named.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const Node*> out;
    out.reserve(named.size());
    for (const auto& [name, child] : named) out.push_back(child);
    return out;
  }
};

Store::Store(int64_t now_ms, StoreLimits limits)
    : limits_(limits), now_ms_(now_ms), history_(limits.history_capacity) {
  root_ = Node::make("/");
  root_->children = std::make_unique<std::vector<Node*>>();
  root_->key_hash = KeyIndex<Node>::hash("/");
  index_.insert(root_);
  // A fresh etcd 3.4 node has written its own bootstrap keys at indices 1..3.
  for (uint64_t i = 1; i <= kBootstrapIndex; ++i) history_.add_placeholder(i);
}

Store::~Store() {
  ttl_heap_.clear();
  index_.for_each([](Node* node) { Node::destroy(node); });
}

// --- time ---------------------------------------------------------------------------------

std::optional<int64_t> Store::next_expiration_ms() const {
  if (ttl_heap_.empty()) return std::nullopt;
  return std::get<0>(*ttl_heap_.begin());
}

std::vector<Event> Store::advance_to(int64_t now_ms) {
  assert(now_ms >= now_ms_);
  now_ms_ = now_ms;
  std::vector<Event> expired;
  while (!ttl_heap_.empty() && std::get<0>(*ttl_heap_.begin()) <= now_ms_) {
    Node* node = std::get<2>(*ttl_heap_.begin());
    std::string key(node->key());
    ++current_index_;
    Event event;
    event.action = Action::kExpire;
    event.node.key = key;
    event.node.dir = node->is_dir();
    event.node.modified_index = current_index_;
    event.node.created_index = node->created_index;
    event.etcd_index = current_index_;
    event.prev_node = repr(*node, key, false, true);
    remove_node(*node, event);
    notify(event);
    expired.push_back(std::move(event));
  }
  return expired;
}

void Store::set_expiration(Node& node, std::optional<int64_t> expire_at_ms) {
  if (node.ttl_seq != 0) ttl_heap_.erase({node.expire_ms, node.ttl_seq, &node});
  node.ttl_seq = 0;
  if (expire_at_ms) {
    node.expire_ms = *expire_at_ms;
    node.ttl_seq = ++ttl_seq_;
    ttl_heap_.insert({*expire_at_ms, node.ttl_seq, &node});
  }
}

void Store::fill_ttl(const Node& node, NodeView& view) const {
  if (node.ttl_seq == 0) {
    view.expiration_ms.reset();
    view.ttl_s = 0;
    return;
  }
  view.expiration_ms = node.expire_ms;
  // etcd: ceil((expire - now) / 1s), Go's truncating division for negative values.
  int64_t left_ms = node.expire_ms - now_ms_;
  int64_t ttl = left_ms / 1000;
  if (left_ms % 1000 > 0) ++ttl;
  view.ttl_s = ttl;
}

// --- reads --------------------------------------------------------------------------------

Result<Store::Node*, EtcdError> Store::internal_get(std::string_view clean) const {
  if (Node* node = index_.find(clean)) return node;
  // Not there: walk down from the root to give etcd's error for the first missing or
  // non-directory step (a node exists only below directories).
  size_t pos = 1;
  const Node* node = root_;
  while (true) {
    size_t next = clean.find('/', pos);
    if (next == std::string_view::npos) next = clean.size();
    if (!node->is_dir()) {
      return make_error(kNotDir, std::string(clean.substr(0, pos - 1)), current_index_);
    }
    node = index_.find(clean.substr(0, next));
    if (node == nullptr) {
      return make_error(kKeyNotFound, std::string(clean.substr(0, next)), current_index_);
    }
    pos = next + 1;
  }
}

NodeView Store::repr(const Node& node, std::string_view key, bool recursive, bool sorted) const {
  (void)sorted;  // listings are always sorted: one of the orders etcd may give
  NodeView view;
  view.key = std::string(key);
  view.modified_index = node.modified_index;
  view.created_index = node.created_index;
  fill_ttl(node, view);
  if (!node.is_dir()) {
    view.value = node.value;
    return view;
  }
  view.dir = true;
  if (!recursive) return view;
  view.nodes.reserve(node.children->size());
  for (const Node* child : node.sorted_children()) {
    if (hidden_name(child->name())) continue;
    view.nodes.push_back(repr(*child, child->key(), true, sorted));
  }
  return view;
}

EtcdResult Store::get(std::string_view key, bool recursive, bool sorted) const {
  std::string clean = clean_key(key);
  auto found = internal_get(clean);
  if (!found.ok()) return found.error();
  const Node& node = *found.value();
  Event event;
  event.action = Action::kGet;
  event.etcd_index = current_index_;
  event.node.key = std::move(clean);
  event.node.modified_index = node.modified_index;
  event.node.created_index = node.created_index;
  fill_ttl(node, event.node);
  if (node.is_dir()) {
    event.node.dir = true;
    event.node.nodes.reserve(node.children->size());
    for (const Node* child : node.sorted_children()) {
      if (hidden_name(child->name())) continue;
      event.node.nodes.push_back(repr(*child, child->key(), recursive, sorted));
    }
  } else {
    event.node.value = node.value;
  }
  return event;
}

std::map<std::string, std::string> Store::files() const {
  std::map<std::string, std::string> out;
  std::vector<const Node*> stack{root_};
  while (!stack.empty()) {
    const Node* node = stack.back();
    stack.pop_back();
    if (!node->is_dir()) {
      out.emplace(node->key(), node->value.view());
      continue;
    }
    stack.insert(stack.end(), node->children->begin(), node->children->end());
  }
  return out;
}

// --- writes -------------------------------------------------------------------------------

void Store::set_value(Node& node, SharedText value) {
  node.value = std::move(value);
  index_.set_hint(&node, node.value.address());
}

Store::Node& Store::add_child(Node& parent, std::string_view clean, uint64_t key_hash) {
  Node* child = Node::make(clean);
  child->parent = &parent;
  child->slot = parent.children->size();
  parent.children->push_back(child);
  child->key_hash = key_hash;
  index_.insert(child);
  ++node_count_;
  return *child;
}

Result<Store::Node*, EtcdError> Store::parent_for(std::string_view clean, uint64_t next_index) {
  std::string_view dir_path = clean.substr(0, clean.rfind('/'));
  if (dir_path.empty()) return root_;
  if (Node* parent = index_.find(dir_path)) {
    if (!parent->is_dir()) return make_error(kNotDir, std::string(dir_path), current_index_);
    return parent;
  }
  // Walk from the root, creating the missing directories as etcd's checkDir does.
  Node* parent = root_;
  size_t pos = 1;
  while (pos <= dir_path.size()) {
    size_t next = dir_path.find('/', pos);
    if (next == std::string_view::npos) next = dir_path.size();
    std::string_view prefix = dir_path.substr(0, next);
    uint64_t prefix_hash = KeyIndex<Node>::hash(prefix);
    Node* child = index_.find(prefix, prefix_hash);
    if (child == nullptr) {
      child = &add_child(*parent, prefix, prefix_hash);
      child->created_index = child->modified_index = next_index;
      child->children = std::make_unique<std::vector<Node*>>();
    } else if (!child->is_dir()) {
      return make_error(kNotDir, std::string(prefix), current_index_);
    }
    parent = child;
    pos = next + 1;
  }
  return parent;
}

EtcdResult Store::internal_create(std::string clean, bool dir, std::string_view value, bool replace,
                                  const TtlOptions& ttl, Action action) {
  uint64_t next_index = current_index_ + 1;
  if (readonly(clean)) return make_error(kRootReadOnly, "/", current_index_);
  if (node_count_ + 1 > limits_.nodes_max) {
    return make_error(kModelLimit,
                      "the store holds " + std::to_string(limits_.nodes_max) +
                          " nodes, its limit (StoreLimits::nodes_max)",
                      current_index_);
  }
  uint64_t key_hash = KeyIndex<Node>::hash(clean);
  Node* node = index_.find(clean, key_hash);
  bool replaced = node != nullptr;
  if (replaced) {  // its parents exist and are directories
    if (!replace) return make_error(kNodeExist, clean, current_index_);
    if (node->is_dir()) return make_error(kNotFile, clean, current_index_);
  } else {
    auto parent = parent_for(clean, next_index);
    if (!parent.ok()) return parent.error();
    node = &add_child(*parent.value(), clean, key_hash);
  }
  return write_node(*node, replaced, std::move(clean), dir, value, ttl, action);
}

Event Store::write_node(Node& node, bool replaced, std::string clean, bool dir,
                        std::string_view value, const TtlOptions& ttl, Action action) {
  uint64_t next_index = current_index_ + 1;
  Event event;
  if (replaced) {
    // etcd replaces the file with a new node; overwriting it in place is the same to every
    // caller (fresh indices, the value, the TTL set anew) and saves re-inserting the key. The
    // old value moves to prev_node without being read.
    NodeView& prev = event.prev_node.emplace();
    prev.key = clean;
    prev.modified_index = node.modified_index;
    prev.created_index = node.created_index;
    fill_ttl(node, prev);
    prev.value = std::move(node.value);
  }
  node.created_index = node.modified_index = next_index;
  event.action = action;
  event.node.modified_index = event.node.created_index = next_index;
  event.etcd_index = next_index;
  if (dir) {
    node.children = std::make_unique<std::vector<Node*>>();
    set_value(node, SharedText());
    event.node.dir = true;
  } else {
    set_value(node, SharedText(value));
    event.node.value = node.value;
  }
  set_expiration(node, ttl.expire_at_ms);
  fill_ttl(node, event.node);
  event.node.key = std::move(clean);
  current_index_ = next_index;
  notify(event);
  return event;
}

EtcdResult Store::set(std::string_view key, bool dir, std::string_view value, TtlOptions ttl) {
  return internal_create(clean_key(key), dir, value, true, ttl, Action::kSet);
}

EtcdResult Store::create(std::string_view key, bool dir, std::string_view value, bool unique,
                         TtlOptions ttl) {
  std::string path(key);
  if (unique) {
    std::string digits = std::to_string(current_index_ + 1);
    path += "/" + std::string(20 - std::min<size_t>(20, digits.size()), '0') + digits;
  }
  return internal_create(clean_key(path), dir, value, false, ttl, Action::kCreate);
}

EtcdResult Store::update(std::string_view key, std::string_view value, TtlOptions ttl) {
  std::string clean = clean_key(key);
  if (readonly(clean)) return make_error(kRootReadOnly, "/", current_index_);
  auto found = internal_get(clean);
  if (!found.ok()) return found.error();
  Node& node = *found.value();
  if (node.is_dir() && !value.empty()) return make_error(kNotFile, clean, current_index_);
  uint64_t next_index = current_index_ + 1;
  Event event;
  event.action = Action::kUpdate;
  event.node.key = clean;
  event.node.modified_index = next_index;
  event.node.created_index = node.created_index;
  event.etcd_index = next_index;
  event.prev_node = repr(node, clean, false, true);
  node.modified_index = next_index;
  if (node.is_dir()) {
    event.node.dir = true;  // a directory keeps no value (the new one is empty, checked above)
  } else {
    if (!ttl.refresh) set_value(node, SharedText(value));
    event.node.value = node.value;
  }
  set_expiration(node, ttl.expire_at_ms);
  fill_ttl(node, event.node);
  current_index_ = next_index;
  event.refresh = ttl.refresh;
  notify(event);
  return event;
}

namespace {
// etcd's getCompareFailCause.
std::string compare_fail_cause(bool value_match, bool index_match, std::string_view prev_value,
                               std::string_view value, uint64_t prev_index,
                               uint64_t modified_index) {
  std::string values = "[" + std::string(prev_value) + " != " + std::string(value) + "]";
  std::string indices =
      "[" + std::to_string(prev_index) + " != " + std::to_string(modified_index) + "]";
  if (index_match && !value_match) return values;
  if (value_match && !index_match) return indices;
  return values + " " + indices;
}
}  // namespace

std::optional<EtcdError> Store::compare(const Node& node, const std::string& clean,
                                        std::string_view prev_value, uint64_t prev_index) const {
  if (node.is_dir()) return make_error(kNotFile, clean, current_index_);
  bool index_match = prev_index == 0 || node.modified_index == prev_index;
  bool value_match = prev_value.empty() || node.value.view() == prev_value;
  if (index_match && value_match) return std::nullopt;
  return make_error(kTestFailed,
                    compare_fail_cause(value_match, index_match, prev_value, node.value.view(),
                                       prev_index, node.modified_index),
                    current_index_);
}

Event Store::conditional_event(Action action, const Node& node, const std::string& clean) {
  ++current_index_;
  Event event;
  event.action = action;
  event.node.key = clean;
  event.node.modified_index = current_index_;
  event.node.created_index = node.created_index;
  event.etcd_index = current_index_;
  event.prev_node = repr(node, clean, false, true);
  return event;
}

EtcdResult Store::compare_and_swap(std::string_view key, std::string_view prev_value,
                                   uint64_t prev_index, std::string_view value, TtlOptions ttl) {
  std::string clean = clean_key(key);
  if (readonly(clean)) return make_error(kRootReadOnly, "/", current_index_);
  auto found = internal_get(clean);
  if (!found.ok()) return found.error();
  Node& node = *found.value();
  if (auto failed = compare(node, clean, prev_value, prev_index)) return *failed;
  Event event = conditional_event(Action::kCompareAndSwap, node, clean);
  if (!ttl.refresh) set_value(node, SharedText(value));
  node.modified_index = current_index_;
  set_expiration(node, ttl.expire_at_ms);
  event.node.value = node.value;
  fill_ttl(node, event.node);
  event.refresh = ttl.refresh;
  notify(event);
  return event;
}

void Store::remove_node(Node& node, const Event& event) {
  // Children first (sorted, so watchers are told in a fixed order), then the node itself.
  if (node.is_dir()) {
    for (const Node* child : node.sorted_children()) remove_node(const_cast<Node&>(*child), event);
  }
  set_expiration(node, std::nullopt);
  notify_watchers(event, node.key(), true);
  Node* parent = node.parent;
  assert(parent != nullptr);
  std::vector<Node*>& siblings = *parent->children;
  siblings[node.slot] = siblings.back();
  siblings[node.slot]->slot = node.slot;
  siblings.pop_back();
  index_.erase(&node);
  Node::destroy(&node);
  --node_count_;
}

EtcdResult Store::remove(std::string_view key, bool dir, bool recursive) {
  std::string clean = clean_key(key);
  if (readonly(clean)) return make_error(kRootReadOnly, "/", current_index_);
  if (recursive) dir = true;
  auto found = internal_get(clean);
  if (!found.ok()) return found.error();
  Node& node = *found.value();
  if (node.is_dir()) {
    if (!dir) return make_error(kNotFile, clean, current_index_);
    if (!node.children->empty() && !recursive) {
      return make_error(kDirNotEmpty, clean, current_index_);
    }
  }
  uint64_t next_index = current_index_ + 1;
  Event event;
  event.action = Action::kDelete;
  event.node.key = clean;
  event.node.dir = node.is_dir();
  event.node.modified_index = next_index;
  event.node.created_index = node.created_index;
  event.etcd_index = next_index;
  event.prev_node = repr(node, clean, false, true);
  remove_node(node, event);
  current_index_ = next_index;
  notify(event);
  return event;
}

EtcdResult Store::compare_and_delete(std::string_view key, std::string_view prev_value,
                                     uint64_t prev_index) {
  std::string clean = clean_key(key);
  auto found = internal_get(clean);
  if (!found.ok()) return found.error();
  Node& node = *found.value();
  if (auto failed = compare(node, clean, prev_value, prev_index)) return *failed;
  Event event = conditional_event(Action::kCompareAndDelete, node, clean);
  remove_node(node, event);
  notify(event);
  return event;
}

// --- history and watchers -----------------------------------------------------------------

void Store::notify(const Event& event) {
  if (observer_) observer_(event);
  history_.add(event);
  if (event.refresh) return;  // refreshes enter the history but tell no watcher
  if (watcher_count_ == 0) return;
  // Walk "/", "/a", "/a/b", ... notifying the watchers of each path (etcd's order).
  std::string_view key = event.node.key;
  size_t end = 1;
  while (true) {
    std::string_view path = key.substr(0, end);
    if (watchers_.find(path) != watchers_.end()) notify_watchers(event, path, false);
    if (end >= key.size()) break;
    end = key.find('/', end + 1);
    if (end == std::string_view::npos) end = key.size();
  }
}

void Store::notify_watchers(const Event& event, std::string_view path, bool deleted) {
  if (watcher_count_ == 0) return;
  auto it = watchers_.find(path);
  if (it == watchers_.end()) return;
  std::vector<Watcher>& list = it->second;
  bool original_path = event.node.key == path;
  std::vector<Watcher> kept;
  kept.reserve(list.size());
  for (const Watcher& w : list) {
    bool visible = original_path || !is_hidden_below(path, event.node.key);
    bool wanted = (w.recursive || original_path || deleted) && event.index() >= w.since_index;
    if (visible && wanted) {
      deliveries_.push_back(WatchDelivery{w.id, event});
      if (w.stream) kept.push_back(w);
    } else {
      kept.push_back(w);
    }
  }
  watcher_count_ -= list.size() - kept.size();
  if (kept.empty()) {
    watchers_.erase(it);
  } else {
    list = std::move(kept);
  }
}

Result<WatchOutcome, EtcdError> Store::watch(std::string_view key, bool recursive, bool stream,
                                             uint64_t since_index) {
  std::string clean = clean_key(key);
  if (since_index == 0) since_index = current_index_ + 1;
  auto scanned = history_.scan(clean, recursive, since_index);
  if (!scanned.ok()) {
    EtcdError error = scanned.error();
    error.index = current_index_;
    return error;
  }
  if (scanned.value()) {
    Event event = std::move(*scanned.value());
    event.etcd_index = current_index_;
    return WatchOutcome{std::move(event), 0};
  }
  if (watcher_count_ >= limits_.watchers_max) {
    return make_error(kModelLimit,
                      "the store has " + std::to_string(limits_.watchers_max) +
                          " watchers, its limit (StoreLimits::watchers_max)",
                      current_index_);
  }
  WatcherId id = next_watcher_++;
  watchers_[clean].push_back(Watcher{id, recursive, stream, since_index});
  ++watcher_count_;
  return WatchOutcome{std::nullopt, id};
}

bool Store::cancel_watch(WatcherId watcher) {
  for (auto it = watchers_.begin(); it != watchers_.end(); ++it) {
    auto& list = it->second;
    auto found =
        std::find_if(list.begin(), list.end(), [&](const Watcher& w) { return w.id == watcher; });
    if (found != list.end()) {
      list.erase(found);
      --watcher_count_;
      if (list.empty()) watchers_.erase(it);
      return true;
    }
  }
  return false;
}

std::vector<WatchDelivery> Store::take_deliveries() {
  std::vector<WatchDelivery> out;
  out.swap(deliveries_);
  return out;
}

}  // namespace esisim::etcd
