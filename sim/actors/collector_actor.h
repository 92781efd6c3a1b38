// The collector-agents of the heat-only generation as an actor (domain.md §7): monitoring
// targets come from the fake Heat engine's MonitoringTarget changes at the moment the stack
// operation ends; each target is polled every `poll_ms` of its type (60 s; 5 s for
// virtual_machine_interface targets as in the 2019 run; a scenario may set a resource's
// period) and the monitoring::Collector decides what to write to /monitoring.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/domain/schema_catalog.h"
#include "core/heat/hot_stack.h"
#include "core/monitoring/collector.h"
#include "core/worker/worker_job.h"
#include "sim/event_loop.h"
#include "sim/sim_etcd.h"

namespace esisim::sim {

struct CollectorActorOptions {
  int64_t poll_ms = 60'000;
  std::map<std::string, int64_t> poll_ms_by_type = {{"virtual_machine_interface", 5'000}};
};

class CollectorActor {
 public:
  CollectorActor(EventLoop& loop, SimEtcd& etcd, const domain::SchemaCatalog& schemas,
                 CollectorActorOptions options = {});

  // Registers, replaces and removes targets at `at_ms` (the end of the stack operation).
  void on_stack_changes(const worker::WorkerJob& job,
                        const std::vector<heat::MonitoringChange>& changes, int64_t at_ms);
  // Scripted statuses (one per poll) and the poll period for a resource's targets.
  Status<> script(const std::string& plural, const std::string& id,
                  std::vector<nlohmann::ordered_json> statuses, int64_t every_ms);
  void stop() { stopped_ = true; }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  void add(const nlohmann::ordered_json& properties, const std::string& target_id);
  void remove(const std::string& target_id);
  void poll(const std::string& target_id, int64_t period_ms);
  void perform(const monitoring::MonitoringWrite& write);

  EventLoop& loop_;
  SimEtcd& etcd_;
  const domain::SchemaCatalog& schemas_;
  CollectorActorOptions options_;
  monitoring::Collector collector_;
  std::map<std::pair<std::string, std::string>, int64_t> period_by_resource_;
  bool stopped_ = false;
  std::vector<std::string> errors_;
};

}  // namespace esisim::sim
