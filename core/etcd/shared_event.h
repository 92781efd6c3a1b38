// An event whose values are the store's shared texts instead of copies: what the history keeps,
// and what the store's *_shared calls answer so a caller can read a 1 KiB value without copying
// it.
//
// Contract: `event` carries every field of the answer except the values, which are absent in
// it (node.value and prev_node->value); they are `value` (the node's) and `prev_value` (the
// prev_node's), absent exactly where the full event has none. to_event() gives the full event,
// equal to what the Event-returning calls answer.
#pragma once

#include "core/etcd/event.h"
#include "core/etcd/shared_text.h"

namespace esisim::etcd {

struct SharedEvent {
  Event event;
  SharedText value;
  SharedText prev_value;

  Event to_event() const &;
  Event to_event() &&;
};

}  // namespace esisim::etcd
