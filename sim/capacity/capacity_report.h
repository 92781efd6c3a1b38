// The simulated-time capacity report of one run, computed from its job timeline (pure; no
// clock, no files), and its renderings: a terminal table over several worker counts, JSON, a
// Chrome/Perfetto trace-event timeline and the job DAG as Graphviz DOT.
//
// Definitions (all simulated milliseconds):
// * makespan: from the first resource request (/config write) to the last back-end event at
//   quiescence (JobTimeline::last_activity_ms).
// * queue wait of a job: from ready (/jobs/ready) to reserved by a worker (/jobs/working);
//   median and p95 are nearest-rank percentiles over the jobs that started.
// * heat_worker utilisation: the slot time heat_worker jobs held (reserved → finished) over
//   workers × makespan.
// * critical path: from the job that finished last, back through the dependency that finished
//   last while it was waiting for it (finished at or after the job was stored), to a job whose
//   start no dependency held back; listed first to last.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/capacity/job_timeline.h"

namespace esisim::sim::capacity {

struct WaitStats {
  std::size_t jobs = 0;
  int64_t median_ms = 0;
  int64_t p95_ms = 0;
  int64_t max_ms = 0;
};

struct PathStep {
  std::string job_id;
  int64_t stored_ms = -1;
  int64_t ready_ms = -1;
  int64_t started_ms = -1;
  int64_t finished_ms = -1;
};

struct CapacityReport {
  int workers = 0;
  std::size_t jobs = 0;
  std::size_t jobs_failed = 0;
  std::size_t jobs_unfinished = 0;  // never finished (e.g. blocked by a failed dependency)
  int64_t first_request_ms = -1;
  int64_t end_ms = -1;
  int64_t makespan_ms = 0;
  WaitStats queue_wait;
  int64_t heat_busy_slot_ms = 0;
  double heat_utilisation = 0;  // 0..1
  std::vector<PathStep> critical_path;
  int64_t critical_path_ms = 0;  // first step's ready (or stored) → last step's finish
};

CapacityReport analyse(const JobTimeline& timeline, int workers);

// One row per report (worker counts in the given order), then the critical path of each,
// at most `path_steps_max` steps each (the rest counted).
std::string render_table(const std::string& title, const std::vector<CapacityReport>& reports,
                         std::size_t path_steps_max);
nlohmann::ordered_json report_json(const std::string& title,
                                   const std::vector<CapacityReport>& reports);
// Chrome trace-event JSON: a process per handler, a thread per slot, each job a complete
// event ("X") on its slot, each dependency a flow ("s" at the dependency's end, "f" at the
// job's start); times in microseconds from the first request.
nlohmann::ordered_json timeline_json(const JobTimeline& timeline, const CapacityReport& report);
// digraph: a node per job (label type, id prefix, action), an edge per dependency (dependency
// → job); the critical path drawn bold, failed jobs red, unfinished dashed.
std::string dag_dot(const JobTimeline& timeline, const CapacityReport& report);

}  // namespace esisim::sim::capacity
