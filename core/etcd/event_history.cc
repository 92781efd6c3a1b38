#include "core/etcd/event_history.h"

#include <cassert>
#include <string>

#include "core/etcd/path.h"

namespace esisim::etcd {

EventHistory::EventHistory(size_t capacity) : slots_(capacity) { assert(capacity > 0); }

void EventHistory::add(Event event) {
  uint64_t index = event.index();
  assert(size_ == 0 || index == last_index_ + 1);
  size_t back = (front_ + size_) % slots_.size();
  if (size_ == slots_.size()) {
    front_ = (front_ + 1) % slots_.size();
  } else {
    ++size_;
  }
  slots_[back] = Slot{std::move(event), false};
  last_index_ = index;
  start_index_ = slots_[front_].placeholder ? slots_[front_].event.node.modified_index
                                            : slots_[front_].event.index();
}

void EventHistory::add_placeholder(uint64_t index) {
  Event event;
  event.node.modified_index = index;
  add(std::move(event));
  slots_[(front_ + size_ - 1) % slots_.size()].placeholder = true;
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
    const Slot& slot = slots_[(front_ + offset) % slots_.size()];
    if (!slot.placeholder && event_matches_watch(slot.event, key, recursive)) {
      return std::optional<Event>{slot.event};
    }
  }
  return std::optional<Event>{};
}

}  // namespace esisim::etcd
