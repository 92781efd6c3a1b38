// The last `capacity` events of the store (1000 in etcd), answering watches from an index.
//
// Exactly etcd's EventHistory: `start_index` is the index of the oldest event kept, an index
// below it is answered with 401 "event index cleared" and cause "[start/asked]". The store
// seeds the history with the bootstrap events a fresh etcd 3.4 node holds (indices 1..3, on
// etcd's own keys, which no client watch can match), so windows line up with a real node.
// Events are kept as given; their values are SharedText, so the history holds the store's own
// bytes rather than copies, and scan() answers with a copy of the event sharing them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/etcd/error.h"
#include "core/etcd/event.h"
#include "core/util/result.h"

namespace esisim::etcd {

class EventHistory {
 public:
  explicit EventHistory(size_t capacity);

  // Adds an event; the oldest one is dropped when the history is full. Events must come in
  // index order, each one more than the last (asserted).
  void add(const Event& event);
  // Adds an event that no watch can match (etcd's bootstrap writes on its own keys).
  void add_placeholder(uint64_t index);

  // The first event at index >= `since_index` on `key` (or below it when `recursive`, or a
  // deleted directory holding `key`); nullopt when none is kept yet; 401 when `since_index`
  // is older than the window.
  Result<std::optional<Event>, EtcdError> scan(std::string_view key, bool recursive,
                                               uint64_t since_index) const;

  uint64_t start_index() const { return start_index_; }
  uint64_t last_index() const { return last_index_; }
  size_t size() const { return size_; }
  size_t capacity() const { return slots_.size(); }

 private:
  static constexpr size_t kReleaseLookahead = 8;  // see add()
  struct Slot {
    Event event;
    bool placeholder = false;
  };
  // A position in slots_ from front_ + an offset below the capacity.
  size_t wrap(size_t position) const {
    return position >= slots_.size() ? position - slots_.size() : position;
  }

  std::vector<Slot> slots_;
  size_t front_ = 0;  // oldest slot
  size_t size_ = 0;
  uint64_t start_index_ = 0;
  uint64_t last_index_ = 0;
};

// Whether `event` concerns a watch on `key` (etcd's EventHistory.scan test).
bool event_matches_watch(const Event& event, std::string_view key, bool recursive);

}  // namespace esisim::etcd
