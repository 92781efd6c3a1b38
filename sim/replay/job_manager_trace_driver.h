// Runs the Job Manager core along a recorded trace, with the recording as its environment.
//
// Inputs taken from the trace: every /config event (read when the trace shows it), the /state
// versions, the job-id suffixes (in the order the recording stored its jobs), the moment each
// workflow was scheduled (the recording's first /jobs/all set of a job not yet produced) and
// the moment each job finished (the Job Manager's /jobs/all delete). Works on full-index
// traces and on traces merged from per-prefix watchers (both keep every /jobs/all event).
// Lost or late inputs: when the recording stores a job whose config change the core has not
// read, the config event is pulled forward from later in the trace (merged watchers ordered
// events by millisecond), or, when the trace lost it, reconstructed from the job's
// resource_input and version (listed in `reconstructions`); either way it is scheduled first,
// where the recording scheduled it.
// Output: every job the core stored, and every write it made per key, next to the recorded
// writes of the Job Manager per key, so callers can compare them.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/util/result.h"
#include "sim/trace/trace_event.h"

namespace esisim::replay {

// (action, stored bytes) of the writes to one key, in order.
using WriteSequence = std::vector<std::pair<std::string, std::string>>;

struct JobManagerTraceRun {
  std::map<std::string, std::string> jobs;        // job id -> our stored /jobs/all value
  std::vector<std::string> job_order;             // job ids in the order we stored them
  std::map<std::string, WriteSequence> ours;      // key -> our writes
  std::map<std::string, WriteSequence> recorded;  // key -> the recorded Job Manager writes
  std::vector<std::string> reconstructions;       // config inputs rebuilt from recorded jobs
  std::vector<std::string> problems;              // recorded jobs not produced, core errors
};

// Per-key comparison of our writes with the recorded Job Manager writes: the recorded sequence
// of each key must equal ours exactly; keys only we wrote count as extra.
struct WriteComparison {
  size_t recorded_events = 0;
  size_t matched_events = 0;  // recorded events equal to ours, from the start of each key
  size_t recorded_keys = 0;
  std::vector<std::string> mismatches;  // one line per differing key, first difference shown
  std::vector<std::string> extra_keys;  // written by us, never by the recorded Job Manager
  bool exact() const {
    return matched_events == recorded_events && mismatches.empty() && extra_keys.empty();
  }
};
WriteComparison compare_writes(const JobManagerTraceRun& run);

// True for recorded events the Job Manager wrote (domain.md §1, §5.3; READ_COMPLETE /state).
bool written_by_job_manager(const trace::TraceEvent& event);

// The stored string of a recorded event, re-encoded by Python's json.dumps rules where it is
// JSON (byte-exact for values the Python workers wrote), as is where raw, "" for null.
std::string recorded_python_bytes(const trace::TraceEvent& event);

Result<JobManagerTraceRun> run_job_manager_along(const std::vector<trace::TraceEvent>& events,
                                                 const domain::SchemaCatalog& schemas,
                                                 const domain::TemplateMappings& mw2017);

}  // namespace esisim::replay
