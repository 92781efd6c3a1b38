// Drives a JobManagerCore through a stream of /config records with a model worker, as the
// scheduler benchmark and the topology tests need: read a record, schedule every queued
// workflow, let the worker finish jobs.
//
// Contract: deterministic (no clock, no randomness). The worker finishes ready jobs in the
// order they became ready (FIFO), and lets at most `ready_backlog_max` ready jobs stay
// unfinished after each record, so the unfinished set stays the size a busy but keeping-up
// worker would leave (0: every job finishes as soon as it is ready; SIZE_MAX: nothing finishes
// until finish_all). Finishing a job first records its version under /state (as the worker's
// state write would), so later changes of that resource are modifies. `finish_all` empties the
// ready queue until no job is left; a job left waiting then is an error (a dependency cycle or
// a lost promotion). Errors from the core are returned as they are, prefixed with the key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>

#include "core/domain/schema_catalog.h"
#include "core/scheduler/job_manager.h"
#include "core/util/result.h"
#include "sim/topology/synthetic_topology.h"

namespace esisim::sim::topology {

struct DriveStats {
  size_t records = 0;
  size_t workflows = 0;
  size_t jobs = 0;
  size_t jobs_stored_waiting = 0;
  size_t jobs_finished = 0;
  size_t unfinished_jobs_peak = 0;
};

class TopologyDriver {
 public:
  TopologyDriver(scheduler::JobManagerCore& core, const domain::SchemaCatalog& schemas,
                 size_t ready_backlog_max)
      : core_(core), schemas_(schemas), ready_backlog_max_(ready_backlog_max) {}

  // Called with every schedule outcome that stored jobs (tests inspect dependencies).
  std::function<void(const scheduler::ScheduleOutcome&)> on_scheduled;

  Status<> read(const ConfigRecord& record);
  Status<> finish_all();
  const DriveStats& stats() const { return stats_; }

 private:
  void finish_front();
  void take_ready(const std::vector<scheduler::EtcdWrite>& writes);

  scheduler::JobManagerCore& core_;
  const domain::SchemaCatalog& schemas_;
  size_t ready_backlog_max_;
  scheduler::MapStateReader state_;
  std::deque<std::string> ready_;
  DriveStats stats_;
};

// Job-id suffixes 00000, 00001, ... in base 36 (wrapping after 36^5; ids stay unique because
// they also carry the resource and version).
std::function<std::string()> counting_job_suffixes();

}  // namespace esisim::sim::topology
