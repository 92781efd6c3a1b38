#include "core/etcd/event_history.h"

#include <cassert>
#include <string>

#include "core/etcd/path.h"

namespace esisim::etcd {

EventHistory::EventHistory(size_t capacity) : slots_(capacity) { assert(capacity > 0); }

namespace {
// to = from, reusing to's key buffers (a slot is overwritten every 1000 events).
void assign(NodeView& to, const NodeView& from) {
  static_assert(sizeof(NodeView) == 120, "a new NodeView field must be copied here");
  to.key = from.key;
  to.dir = from.dir;
  to.value = from.value;
  if (!from.nodes.empty() || !to.nodes.empty()) to.nodes = from.nodes;  // write events: empty
  to.expiration_ms = from.expiration_ms;
  to.ttl_s = from.ttl_s;
  to.modified_index = from.modified_index;
  to.created_index = from.created_index;
}
}  // namespace

void EventHistory::add(const Event& event) {
  uint64_t index = event.index();
  assert(size_ == 0 || index == last_index_ + 1);
  size_t back = wrap(front_ + size_);
  if (size_ == slots_.size()) {
    front_ = wrap(front_ + 1);
  } else {
    ++size_;
  }
  Slot& slot = slots_[back];
  Event& to = slot.event;
  to.action = event.action;
  assign(to.node, event.node);
  if (event.prev_node) {
    if (!to.prev_node) to.prev_node.emplace();
    assign(*to.prev_node, *event.prev_node);
  } else {
    to.prev_node.reset();
  }
  to.etcd_index = event.etcd_index;
  to.refresh = event.refresh;
  static_assert(sizeof(Event) == 272, "a new Event field must be copied here");
  slot.placeholder = false;
  last_index_ = index;
  start_index_ = slots_[front_].event.index();
  if (size_ == slots_.size() && size_ > kReleaseLookahead) {
    // The slot overwritten kReleaseLookahead adds from now releases its values then, and the
    // previous value is then usually freed and its memory handed to the next new value; its
    // keys are overwritten in place. Warm them now, so neither the release, nor the copy into
    // the reused memory, nor the key copies wait on memory.
    const Event& later = slots_[wrap(front_ + kReleaseLookahead)].event;
    later.node.value.prefetch(false);
    __builtin_prefetch(later.node.key.data(), 1);
    if (later.prev_node) {
      later.prev_node->value.prefetch(true);
      __builtin_prefetch(later.prev_node->key.data(), 1);
    }
  }
}

void EventHistory::add_placeholder(uint64_t index) {
  Event event;
  event.node.modified_index = index;
  add(event);
  slots_[wrap(front_ + size_ - 1)].placeholder = true;
}

bool event_matches_watch(const Event& event, std::string_view key, bool recursive) {
  if (event.refresh) return false;
  bool ok = event.node.key == key;
  if (!ok && recursive) {
    std::string prefix(key);
    if (prefix.empty() || prefix.back() != '/') prefix.push_back('/');
    ok = event.node.key.compare(0, prefix.size(), prefix) == 0;
  }
  if (!ok && (event.action == Action::kDelete || event.action == Action::kExpire) &&
      event.prev_node && event.prev_node->dir) {
    ok = key.substr(0, event.prev_node->key.size()) == event.prev_node->key;
  }
  return ok;
}

Result<std::optional<Event>, EtcdError> EventHistory::scan(std::string_view key, bool recursive,
                                                           uint64_t since_index) const {
  if (since_index < start_index_) {
    return make_error(kEventIndexCleared,
                      "the requested history has been cleared [" + std::to_string(start_index_) +
                          "/" + std::to_string(since_index) + "]",
                      0);
  }
  if (size_ == 0 || since_index > last_index_) return std::optional<Event>{};
  for (size_t offset = since_index - start_index_; offset < size_; ++offset) {
    const Slot& slot = slots_[wrap(front_ + offset)];
    if (!slot.placeholder && event_matches_watch(slot.event, key, recursive)) {
      return std::optional<Event>{slot.event};
    }
  }
  return std::optional<Event>{};
}

}  // namespace esisim::etcd
