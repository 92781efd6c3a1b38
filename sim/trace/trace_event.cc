#include "sim/trace/trace_event.h"

namespace esisim::trace {

std::string TraceEvent::stored_value() const {
  if (value.is_null()) return "";
  if (value_is_raw_string && value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace esisim::trace
