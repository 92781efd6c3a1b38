// How long a Heat stack operation takes in simulated time (domain.md §10, "Job duration
// ready→finished", all six job-manager logs): per resource type and action a [min, max] range,
// drawn uniformly from the heat engine's random stream. Types and actions not in the table use
// the generic ranges below (the medians of the recorded ones). This is timing data, not
// behaviour: no decision depends on a type's name.
#pragma once

#include <cstdint>
#include <string_view>

namespace esisim::sim {

struct DurationRange {
  int64_t min_ms = 0;
  int64_t max_ms = 0;
};

// `action`: create, modify or logical_delete.
DurationRange stack_duration(std::string_view resource_type, std::string_view action);

}  // namespace esisim::sim
