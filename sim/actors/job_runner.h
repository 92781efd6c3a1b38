// What a worker does with a job once it holds it: the pluggable middle of a worker
// (domain.md §6.2, domain-2017.md §1.2). The fake Heat engine, the monitoring renderer and the
// replay of recorded outcomes are JobRunners; the queue life cycle around them is the
// WorkerActor's.
//
// Contract: `run` is called once per job when the worker starts it (after job_state `{}`),
// with the job's params resolved (or the resolution error), and decides the whole outcome at
// once: how long the job takes in simulated time and what it produced. It must not touch
// etcd; it may keep state (stacks, monitoring targets) keyed by resource.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/util/result.h"
#include "core/worker/param_resolution.h"
#include "core/worker/worker_job.h"
#include "core/worker/worker_records.h"

namespace esisim::sim {

struct JobOutcome {
  int64_t duration_ms = 0;                   // from the start of the job to its completion
  std::optional<worker::StackResult> stack;  // heat jobs: the stack operation's result
  // job_state contribution of a monitoring job ({"state_monitoring": {...}} or {}).
  std::optional<nlohmann::ordered_json> job_state_result;
  std::string error;  // non-empty: the job failed with this text
};

class JobRunner {
 public:
  virtual ~JobRunner() = default;
  virtual JobOutcome run(const worker::WorkerJob& job, const Result<worker::ResolvedParams>& params,
                         int64_t now_ms) = 0;
};

}  // namespace esisim::sim
