// Invariants of a run, checked at every etcd event of its trace, in order (issue "workers":
// "asserted after every simulated event"). They hold on the real system's full-index
// recordings too, which is how they are checked themselves.
//
// * index: every event's modifiedIndex is one more than the previous event's (when indexed);
// * queues: a job key lives in /jobs/waiting, /jobs/ready, /jobs/working and /jobs/finished in
//   that order of its life cycle, in at most two adjacent queues at once (the create of the
//   next comes just before the delete of the previous), never before its /jobs/all set and
//   never after its /jobs/all delete... except /jobs/finished, deleted right after it;
// * dependencies: when a job is reserved (/jobs/working create), none of the jobs its
//   `dependency` list names is still in /jobs/all (they all finished);
// * quiescence (check_quiescent): every resource with a /config record has /state at the
//   config's version, and no key is left under /jobs/ but the five directories.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/trace/trace_event.h"

namespace esisim::sim {

// Violations, each "trace event <seq>: <what>"; empty when every invariant holds.
std::vector<std::string> check_trace_invariants(const std::vector<trace::TraceEvent>& events);

// `keyspace`: {key: decoded value} of the whole store at the end (SimWorld::keyspace).
std::vector<std::string> check_quiescent(const nlohmann::ordered_json& keyspace);

}  // namespace esisim::sim
