// The whole simulated back-end in one object, as scenarios and benchmarks drive it: the etcd
// model, Gohan, the Job Manager, heat_worker (fake Heat engine), monitoring_worker (2017
// generation) and the collector (heat-only generation), on one event loop and one seed.
//
// Contract:
// * create() loads the schema catalogue, the template mappings and the heat template records
//   of the chosen template set (files: the simulator's input data, or config.inputs when set:
//   the same files parsed once) and starts every actor.
// * Writes go through Gohan (versions managed there); time moves only by advance() and
//   run_until_quiescent(). Quiescent: no workflow queued, no job unfinished except jobs blocked
//   by a failed dependency, no worker busy, no Gohan removal pending.
// * Each actor draws from its own named random stream of the run seed.
// * Workers write a job's /state (and the rest of its end) 20 ms after its job_state result,
//   as recorded, so a snapshot can see the job_state of a workflow's last job.
// * keyspace(): every file key under the prefixes (all when empty), ascending, values parsed
//   as JSON where they are JSON (a /config body stays the JSON text it is in etcd).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/util/result.h"
#include "sim/actors/collector_actor.h"
#include "sim/actors/gohan_actor.h"
#include "sim/actors/job_manager_actor.h"
#include "sim/actors/worker_actor.h"
#include "sim/event_loop.h"
#include "sim/random.h"
#include "sim/sim_etcd.h"
#include "sim/trace/trace_recorder.h"
#include "sim/workers/fake_heat_runner.h"
#include "sim/workers/monitoring_runner.h"
#include "sim/world/world_inputs.h"

namespace esisim::sim {

struct WorldConfig {
  bool mw2017 = false;        // the 2017 generation (monitoring_worker jobs)
  std::string templates_dir;  // folder of <name>.json heat template records
  std::string mappings_path;  // template mappings of the 2017 generation ("" for heat-only)
  std::string schemas_path;
  uint64_t seed = 1;
  int workers = 8;                       // heat_worker slots
  int64_t start_ms = 1'577'836'800'000;  // 2020-01-01T00:00:00Z
  bool record_trace = true;              // false: trace_jsonl() stays empty (large capacity runs)
  bool collector_sleep = true;           // settled monitoring targets are not polled (same writes)
  // Files already parsed (world_inputs.h): used instead of reading the paths above.
  std::shared_ptr<const WorldInputs> inputs;
};

class SimWorld {
 public:
  static Result<std::unique_ptr<SimWorld>> create(const WorldConfig& config);
  ~SimWorld();

  // Writes heat templates (all of the set, or the named ones) to /config through Gohan.
  Status<> load_templates(const std::vector<std::string>& names, bool all);
  Status<> create(const std::string& type, const std::string& id, nlohmann::ordered_json body);
  Status<> update(const std::string& type, const std::string& id,
                  const nlohmann::ordered_json& body, bool merge);
  // Two-step deletion; `set` fields are merged into the body of the marking write.
  Status<> remove(const std::string& type, const std::string& id,
                  const nlohmann::ordered_json& set = nlohmann::ordered_json::object());
  Status<> advance(int64_t ms);
  // Runs until quiescent; an error naming what is still busy after `limit_ms`.
  Status<> run_until_quiescent(int64_t limit_ms);

  FakeHeatRunner& heat() { return *heat_runner_; }
  CollectorActor& collector() { return *collector_; }
  const domain::SchemaCatalog& schemas() const { return schemas_; }
  bool is_quiescent() const;
  std::string busy() const;  // what keeps the world from being quiescent, for messages
  std::vector<std::string> problems() const;
  // Bad templates met so far (fake Heat, then monitoring), oldest first; see template_error.h.
  std::vector<std::string> template_errors() const;
  // How many template_errors() there are, without copying them (checked after every step).
  std::size_t template_error_count() const;

  nlohmann::ordered_json keyspace(const std::vector<std::string>& prefixes);
  int64_t now_ms() const { return loop_.now_ms() - config_.start_ms; }
  std::string trace_jsonl() const { return trace_text_.str(); }
  uint64_t events_run() const { return events_run_; }
  const WorkerActor& heat_worker() const { return *heat_worker_; }
  const JobManagerActor& job_manager() const { return *job_manager_; }
  const WorkerActor& monitoring_worker() const { return *monitoring_worker_; }
  const WorldConfig& config() const { return config_; }
  // Every etcd event from now on, with its simulated time (ms since the Unix epoch).
  void observe_events(EventObserver observer) { etcd_.add_event_observer(std::move(observer)); }

 private:
  SimWorld(const WorldConfig& config, domain::SchemaCatalog schemas,
           domain::TemplateMappings mw2017);
  Status<> run_to(int64_t at_ms);

  WorldConfig config_;
  domain::SchemaCatalog schemas_;
  domain::TemplateMappings mw2017_;
  domain::TemplateMappings heat_only_;
  EventLoop loop_;
  std::ostringstream trace_text_;
  trace::TraceRecorder recorder_;
  SimEtcd etcd_;
  RandomStreams streams_;
  std::unique_ptr<GohanActor> gohan_;
  std::unique_ptr<JobManagerActor> job_manager_;
  std::unique_ptr<FakeHeatRunner> heat_runner_;
  std::unique_ptr<MonitoringRunner> monitoring_runner_;
  std::unique_ptr<WorkerActor> heat_worker_;
  std::unique_ptr<WorkerActor> monitoring_worker_;
  std::unique_ptr<CollectorActor> collector_;
  uint64_t events_run_ = 0;
};

}  // namespace esisim::sim
