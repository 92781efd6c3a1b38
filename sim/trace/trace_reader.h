// Reads a trace file (JSON lines, see trace_event.h) into events, or says exactly what is
// wrong with it: "FILE:LINE:COLUMN: expected ..." (error code 2, bad input).
//
// The time of an event is taken from the most precise field the line has: `expiration`
// minus `ttl` (nanosecond text, cut to ms), else `time_precise`, else `time`.
// Limits: at most `events_max` lines (default 10,000,000), lines of at most 64 MiB.
#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"
#include "sim/trace/trace_event.h"

namespace esisim::trace {

struct TraceReadLimits {
  size_t events_max = 10'000'000;
  size_t line_bytes_max = 64u << 20;
};

// `name` is used in error messages (normally the file path).
Result<std::vector<TraceEvent>> read_trace(std::istream& in, std::string_view name,
                                           TraceReadLimits limits = {});
Result<std::vector<TraceEvent>> read_trace_file(const std::string& path,
                                                TraceReadLimits limits = {});

}  // namespace esisim::trace
