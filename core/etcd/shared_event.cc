#include "core/etcd/shared_event.h"

#include <utility>

namespace esisim::etcd {

namespace {
void fill_values(Event& event, const SharedText& value, const SharedText& prev_value) {
  event.node.value = value.to_optional();
  if (event.prev_node) event.prev_node->value = prev_value.to_optional();
}
}  // namespace

Event SharedEvent::to_event() const& {
  Event out = event;
  fill_values(out, value, prev_value);
  return out;
}

Event SharedEvent::to_event() && {
  Event out = std::move(event);
  fill_values(out, value, prev_value);
  return out;
}

}  // namespace esisim::etcd
