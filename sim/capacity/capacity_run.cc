#include "sim/capacity/capacity_run.h"

#include <memory>

#include "sim/world/scenario_world.h"

namespace esisim::sim::capacity {

Result<CapacityRun> run_capacity(WorldConfig config, const WorldDriver& driver,
                                 int64_t quiescence_limit_ms) {
  if (config.workers < 1 || config.workers > kCapacityWorkersMax) {
    return Error{2, "workers must be 1.." + std::to_string(kCapacityWorkersMax) + ", got " +
                        std::to_string(config.workers)};
  }
  config.record_trace = false;
  auto made = SimWorld::create(config);
  if (!made.ok()) return made.error();
  SimWorld& world = *made.value();
  auto run = std::make_unique<CapacityRun>();
  Status<> observed = Unit{};
  const int64_t start_ms = config.start_ms;
  world.observe_events([&run, &observed, start_ms](const etcd::Event& event, int64_t time_ms) {
    auto s = run->timeline.observe(event, time_ms - start_ms);
    if (!s.ok() && observed.ok()) observed = s;
  });
  if (auto driven = driver(world); !driven.ok()) return driven.error();
  if (auto quiet = world.run_until_quiescent(quiescence_limit_ms); !quiet.ok()) {
    return Error{1, "the run did not come to rest: " + quiet.error().message};
  }
  if (!observed.ok()) return observed.error();
  for (const WorkerActor* worker : {&world.heat_worker(), &world.monitoring_worker()}) {
    for (const JobSpan& span : worker->spans()) run->timeline.set_slot(span.job_id, span.slot);
  }
  run->report = analyse(run->timeline, config.workers);
  run->events_run = world.events_run();
  return std::move(*run);
}

WorldDriver scenario_driver(const scenario::Scenario& scenario) {
  return [&scenario](SimWorld& world) -> Status<> {
    for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
      const scenario::Step& step = scenario.steps[i];
      std::string place =
          step.mark.text() + " (step " + std::to_string(i + 1) + ": " + step.describe() + ")";
      if (step.at) {
        if (*step.at < world.now_ms()) {
          return Error{1, place + ": is at " + std::to_string(*step.at) +
                              " ms but the simulated clock already reads " +
                              std::to_string(world.now_ms()) + " ms"};
        }
        if (auto a = world.advance(*step.at - world.now_ms()); !a.ok()) {
          return Error{1, place + ": " + a.error().message};
        }
      }
      if (auto applied = scenario::apply_step(world, step); !applied.ok()) {
        return Error{1, place + ": " + step.kind() + " failed: " + applied.error().message};
      }
    }
    return Unit{};
  };
}

WorldDriver requests_driver(const std::vector<topology::GohanRequest>& requests, int64_t gap_ms,
                            int64_t settle_limit_ms) {
  return [&requests, gap_ms, settle_limit_ms](SimWorld& world) -> Status<> {
    if (auto loaded = world.load_templates({}, true); !loaded.ok()) return loaded;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      const topology::GohanRequest& r = requests[i];
      std::string place = "request " + std::to_string(i + 1) + " (" +
                          std::string(topology::op_name(r.op)) + " " + r.type + " " + r.id + ")";
      if (r.settle_before) {
        if (auto quiet = world.run_until_quiescent(settle_limit_ms); !quiet.ok()) {
          return Error{1, place + ": " + quiet.error().message};
        }
      }
      Status<> made = Unit{};
      switch (r.op) {
        case topology::GohanRequest::Op::kCreate:
          made = world.create(r.type, r.id, r.body);
          break;
        case topology::GohanRequest::Op::kUpdate:
          made = world.update(r.type, r.id, r.body, false);
          break;
        case topology::GohanRequest::Op::kDelete:
          made = world.remove(r.type, r.id);
          break;
      }
      if (!made.ok()) return Error{1, place + ": " + made.error().message};
      if (auto advanced = world.advance(gap_ms); !advanced.ok()) {
        return Error{1, place + ": " + advanced.error().message};
      }
    }
    return Unit{};
  };
}

}  // namespace esisim::sim::capacity
