#include "core/etcd/store.h"

#include <algorithm>
#include <cassert>

#include "core/etcd/path.h"

namespace esisim::etcd {

namespace {
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Go's path.Join(parent, name) for a clean parent.
std::string join(std::string_view parent, std::string_view name) {
  std::string out(parent);
  if (out.size() > 1) out.push_back('/');
  if (out.empty()) out.push_back('/');
  out.append(name);
  return out;
}

bool hidden_name(std::string_view name) { return !name.empty() && name.front() == '_'; }
}  // namespace

struct Store::Node {
  // Children are held by value: an unordered_map never moves its elements, so a Node* (and
  // `name`, a view of the element's key) stays valid until that child is erased. A child costs
  // one allocation for itself and its key, one for a key longer than 15 bytes, one for its value.
  using Children = std::unordered_map<std::string, Node, StringHash, std::equal_to<>>;
  Node* parent = nullptr;
  std::string_view name;  // this node's key in its parent's children
  SharedText value;       // present iff the node is a file; shared with the history's events
  uint64_t created_index = 0;
  uint64_t modified_index = 0;
  std::optional<int64_t> expire_ms;
  uint64_t ttl_seq = 0;
  std::unique_ptr<Children> children;  // set iff the node is a directory

  bool is_dir() const { return children != nullptr; }

  Node* child(std::string_view child_name) const {
    auto it = children->find(child_name);
    return it == children->end() ? nullptr : &it->second;
  }

  // Adds a child that does not exist yet; it starts with only its name and parent set.
  Node& add_child(std::string_view child_name) {
    auto [it, inserted] = children->try_emplace(std::string(child_name));
    assert(inserted);
    it->second.parent = this;
    it->second.name = it->first;
    return it->second;
  }

  // Destroys `child` (and everything below it).
  void erase_child(const Node& child) { children->erase(children->find(child.name)); }

  // Children sorted by name: the only way a listing may iterate them.
  std::vector<const Node*> sorted_children() const {
    std::vector<const Node*> out;
    out.reserve(children->size());
    for (const auto& [child_name, node] : *children) out.push_back(&node);
    std::sort(out.begin(), out.end(),
              [](const Node* a, const Node* b) { return a->name < b->name; });
    return out;
  }
};

Store::Store(int64_t now_ms, StoreLimits limits)
    : limits_(limits), now_ms_(now_ms), history_(limits.history_capacity) {
  root_ = std::make_unique<Node>();
  root_->children = std::make_unique<Node::Children>();
  // A fresh etcd 3.4 node has written its own bootstrap keys at indices 1..3.
  for (uint64_t i = 1; i <= kBootstrapIndex; ++i) history_.add_placeholder(i);
}

Store::~Store() = default;

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
    std::string key = path_of(*node);
    ++current_index_;
    Event event;
    event.action = Action::kExpire;
    event.node.key = key;
    event.node.dir = node->is_dir();
    event.node.modified_index = current_index_;
    event.node.created_index = node->created_index;
    event.etcd_index = current_index_;
    event.prev_node = repr(*node, key, false, true);
    SharedText prev_value = node->value;
    remove_node(*node, key, event);
    notify(event, SharedText(), std::move(prev_value));
    expired.push_back(std::move(event));
  }
  return expired;
}

void Store::set_expiration(Node& node, std::optional<int64_t> expire_at_ms) {
  if (node.expire_ms) ttl_heap_.erase({*node.expire_ms, node.ttl_seq, &node});
  node.expire_ms = expire_at_ms;
  if (expire_at_ms) {
    node.ttl_seq = ++ttl_seq_;
    ttl_heap_.insert({*expire_at_ms, node.ttl_seq, &node});
  }
}

void Store::fill_ttl(const Node& node, NodeView& view) const {
  if (!node.expire_ms) {
    view.expiration_ms.reset();
    view.ttl_s = 0;
    return;
  }
  view.expiration_ms = *node.expire_ms;
  // etcd: ceil((expire - now) / 1s), Go's truncating division for negative values.
  int64_t left_ms = *node.expire_ms - now_ms_;
  int64_t ttl = left_ms / 1000;
  if (left_ms % 1000 > 0) ++ttl;
  view.ttl_s = ttl;
}

// --- reads --------------------------------------------------------------------------------

std::string Store::path_of(const Node& node) const {
  std::vector<const Node*> chain;
  for (const Node* n = &node; n->parent != nullptr; n = n->parent) chain.push_back(n);
  if (chain.empty()) return "/";
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    out.push_back('/');
    out.append((*it)->name);
  }
  return out;
}

Result<Store::Node*, EtcdError> Store::internal_get(std::string_view clean) const {
  Node* node = root_.get();
  size_t pos = 1;
  while (pos < clean.size()) {
    size_t next = clean.find('/', pos);
    if (next == std::string_view::npos) next = clean.size();
    std::string_view name = clean.substr(pos, next - pos);
    if (!node->is_dir()) {
      return make_error(kNotDir, std::string(clean.substr(0, pos - 1 == 0 ? 1 : pos - 1)),
                        current_index_);
    }
    Node* child = node->child(name);
    if (child == nullptr) {
      return make_error(kKeyNotFound, std::string(clean.substr(0, next)), current_index_);
    }
    node = child;
    pos = next + 1;
  }
  return node;
}

NodeView Store::repr(const Node& node, std::string_view key, bool recursive, bool sorted) const {
  (void)sorted;  // listings are always sorted: one of the orders etcd may give
  NodeView view;
  view.key = std::string(key);
  view.modified_index = node.modified_index;
  view.created_index = node.created_index;
  fill_ttl(node, view);
  if (!node.is_dir()) {
    view.value.emplace(node.value.view());
    return view;
  }
  view.dir = true;
  if (!recursive) return view;
  view.nodes.reserve(node.children->size());
  for (const Node* child : node.sorted_children()) {
    if (hidden_name(child->name)) continue;
    view.nodes.push_back(repr(*child, join(key, child->name), true, sorted));
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
      if (hidden_name(child->name)) continue;
      event.node.nodes.push_back(
          repr(*child, join(event.node.key, child->name), recursive, sorted));
    }
  } else {
    event.node.value.emplace(node.value.view());
  }
  return event;
}

std::map<std::string, std::string> Store::files() const {
  std::map<std::string, std::string> out;
  std::vector<std::pair<const Node*, std::string>> stack{{root_.get(), "/"}};
  while (!stack.empty()) {
    auto [node, key] = std::move(stack.back());
    stack.pop_back();
    if (!node->is_dir()) {
      out.emplace(key, node->value.view());
      continue;
    }
    for (const auto& [name, child] : *node->children) stack.emplace_back(&child, join(key, name));
  }
  return out;
}

// --- writes -------------------------------------------------------------------------------

Result<Event, EtcdError> Store::internal_create(std::string clean, bool dir, std::string_view value,
                                                bool replace, const TtlOptions& ttl,
                                                Action action) {
  uint64_t next_index = current_index_ + 1;
  if (readonly(clean)) return make_error(kRootReadOnly, "/", current_index_);
  if (node_count_ + 1 > limits_.nodes_max) {
    return make_error(kModelLimit,
                      "the store holds " + std::to_string(limits_.nodes_max) +
                          " nodes, its limit (StoreLimits::nodes_max)",
                      current_index_);
  }
  // Walk to the parent, creating missing directories as etcd's checkDir does.
  size_t last_slash = clean.rfind('/');
  std::string_view dir_path = std::string_view(clean).substr(0, last_slash);
  std::string_view node_name = std::string_view(clean).substr(last_slash + 1);
  Node* parent = root_.get();
  size_t pos = 1;
  while (pos <= dir_path.size() && dir_path.size() > 0) {
    size_t next = dir_path.find('/', pos);
    if (next == std::string_view::npos) next = dir_path.size();
    std::string_view name = dir_path.substr(pos, next - pos);
    Node* child = parent->child(name);
    if (child == nullptr) {
      child = &parent->add_child(name);
      child->created_index = child->modified_index = next_index;
      child->children = std::make_unique<Node::Children>();
      ++node_count_;
    } else if (!child->is_dir()) {
      return make_error(kNotDir, std::string(dir_path.substr(0, next)), current_index_);
    }
    parent = child;
    pos = next + 1;
  }

  Node* node = parent->child(node_name);
  std::optional<NodeView> prev_node;
  SharedText prev_value;
  if (node != nullptr) {
    if (!replace) return make_error(kNodeExist, clean, current_index_);
    if (node->is_dir()) return make_error(kNotFile, clean, current_index_);
    // etcd replaces the file with a new node; overwriting it in place is the same to every
    // caller (fresh indices, the value, the TTL set anew) and saves re-inserting the key.
    prev_node = repr(*node, clean, false, true);
    prev_value = node->value;
  } else {
    node = &parent->add_child(node_name);
    ++node_count_;
  }
  node->created_index = node->modified_index = next_index;
  Event event;
  event.action = action;
  event.node.modified_index = event.node.created_index = next_index;
  event.etcd_index = next_index;
  if (dir) {
    node->children = std::make_unique<Node::Children>();
    node->value = SharedText();
    event.node.dir = true;
  } else {
    node->value = SharedText(value);
    event.node.value.emplace(value);
  }
  set_expiration(*node, ttl.expire_at_ms);
  fill_ttl(*node, event.node);
  event.node.key = std::move(clean);
  event.prev_node = std::move(prev_node);
  current_index_ = next_index;
  notify(event, node->value, std::move(prev_value));
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
  SharedText prev_value = node.value;
  node.modified_index = next_index;
  if (node.is_dir()) {
    event.node.dir = true;  // a directory keeps no value (the new one is empty, checked above)
  } else {
    if (!ttl.refresh) node.value = SharedText(value);
    event.node.value.emplace(node.value.view());
  }
  set_expiration(node, ttl.expire_at_ms);
  fill_ttl(node, event.node);
  current_index_ = next_index;
  event.refresh = ttl.refresh;
  notify(event, node.value, std::move(prev_value));
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
  SharedText old_value = node.value;
  if (!ttl.refresh) node.value = SharedText(value);
  node.modified_index = current_index_;
  set_expiration(node, ttl.expire_at_ms);
  event.node.value.emplace(node.value.view());
  fill_ttl(node, event.node);
  event.refresh = ttl.refresh;
  notify(event, node.value, std::move(old_value));
  return event;
}

void Store::remove_node(Node& node, const std::string& key, const Event& event) {
  // Children first (sorted, so watchers are told in a fixed order), then the node itself.
  if (node.is_dir()) {
    for (const Node* child : node.sorted_children()) {
      remove_node(const_cast<Node&>(*child), join(key, child->name), event);
    }
  }
  set_expiration(node, std::nullopt);
  notify_watchers(event, key, true);
  Node* parent = node.parent;
  assert(parent != nullptr);
  parent->erase_child(node);  // destroys `node`
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
  SharedText prev_value = node.value;
  remove_node(node, clean, event);
  current_index_ = next_index;
  notify(event, SharedText(), std::move(prev_value));
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
  SharedText old_value = node.value;
  remove_node(node, clean, event);
  notify(event, SharedText(), std::move(old_value));
  return event;
}

// --- history and watchers -----------------------------------------------------------------

void Store::notify(const Event& event, SharedText value, SharedText prev_value) {
  if (observer_) observer_(event);
  history_.add(event, std::move(value), std::move(prev_value));
  if (event.refresh) return;  // refreshes enter the history but tell no watcher
  if (watcher_count_ == 0) return;
  // Walk "/", "/a", "/a/b", ... notifying the watchers of each path (etcd's order).
  notify_watchers(event, "/", false);
  std::string_view key = event.node.key;
  size_t pos = 1;
  while (pos < key.size()) {
    size_t next = key.find('/', pos);
    if (next == std::string_view::npos) next = key.size();
    notify_watchers(event, key.substr(0, next), false);
    pos = next + 1;
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
