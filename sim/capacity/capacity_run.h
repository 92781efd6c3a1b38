// Runs a world once for the capacity report: a fresh SimWorld with the given worker count,
// driven by a scenario's steps (or any driver), with a JobTimeline watching every etcd event,
// then run to quiescence.
//
// Contract:
// * Checkpoint and expect steps are skipped (capacity measures, it does not check); `at:` is
//   honoured as esisim run does. The trace is not recorded (large runs).
// * After the driver, the world runs until quiescent within `quiescence_limit_ms`; an error
//   names the step or what is still busy. Worker slots are taken from the workers' records.
#pragma once

#include <cstdint>
#include <functional>

#include "core/util/result.h"
#include "sim/capacity/capacity_report.h"
#include "sim/capacity/job_timeline.h"
#include "sim/scenario/scenario.h"
#include "sim/topology/gohan_request.h"
#include "sim/world/sim_world.h"

namespace esisim::sim::capacity {

inline constexpr int kCapacityWorkersMax = 1024;

struct CapacityRun {
  JobTimeline timeline;
  CapacityReport report;
  uint64_t events_run = 0;
};

using WorldDriver = std::function<Status<>(SimWorld&)>;

Result<CapacityRun> run_capacity(WorldConfig config, const WorldDriver& driver,
                                 int64_t quiescence_limit_ms);

// The driver that plays a scenario's steps.
WorldDriver scenario_driver(const scenario::Scenario& scenario);

// The driver that makes generated Gohan requests (sim/topology) one every `gap_ms` of simulated
// time, after loading every heat template; a request marked settle_before waits until the
// world is quiescent (within `settle_limit_ms`).
WorldDriver requests_driver(const std::vector<topology::GohanRequest>& requests, int64_t gap_ms,
                            int64_t settle_limit_ms);

}  // namespace esisim::sim::capacity
