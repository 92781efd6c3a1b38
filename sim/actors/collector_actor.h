// The collector-agents of the heat-only generation as an actor (domain.md §7): monitoring
// targets come from the fake Heat engine's MonitoringTarget changes at the moment the stack
// operation ends; each target is polled every `poll_ms` of its type (60 s; 5 s for
// virtual_machine_interface targets as in the 2019 run; a scenario may set a resource's
// period) and the monitoring::Collector decides what to write to /monitoring.
// A settled target (monitoring::Collector::settled: its polls would write nothing) stops
// being polled and sleeps; a script for its resource, or a write or delete of its key by
// another target, wakes it, and its polls resume on its own phase (creation + k × period),
// the first one after the moment it is woken. Sleeping changes no write: it only saves the
// events of polls that would do nothing (a 10^5-target world would otherwise run ~10^8).
#pragma once

#include <cstdint>
#include <map>
#include <set>
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
  bool sleep_settled_targets = true;  // false: every target is polled every period (tests)
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
  uint64_t polls() const { return polls_; }
  size_t sleeping() const { return sleeping_.size(); }

 private:
  struct Sleeper {
    int64_t period_ms = 0;
    int64_t last_poll_ms = 0;
  };
  void add(const nlohmann::ordered_json& properties, const std::string& target_id);
  void remove(const std::string& target_id);
  void poll(const std::string& target_id, int64_t period_ms);
  void perform(const monitoring::MonitoringWrite& write);
  void schedule_poll(const std::string& target_id, int64_t period_ms, int64_t at_ms);
  void sleep(const std::string& target_id, int64_t period_ms);
  void wake(const std::string& target_id, bool poll_again = true);
  // Wakes the sleepers of `key` other than `writer`.
  void wake_key(const std::string& key, const std::string& writer);

  EventLoop& loop_;
  SimEtcd& etcd_;
  const domain::SchemaCatalog& schemas_;
  CollectorActorOptions options_;
  monitoring::Collector collector_;
  std::map<std::pair<std::string, std::string>, int64_t> period_by_resource_;
  bool stopped_ = false;
  std::vector<std::string> errors_;
  uint64_t polls_ = 0;
  std::map<std::string, Sleeper> sleeping_;  // by target id
  std::map<std::string, std::set<std::string>> sleeping_by_key_;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> sleeping_by_resource_;
};

}  // namespace esisim::sim
