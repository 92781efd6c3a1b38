// A worker process (heat_worker or monitoring_worker) as an actor: slots, reservation of ready
// jobs, the working-key TTL, and the exact etcd write order of a job (domain.md §5.3, §6.1;
// domain-2017.md §3.1, §3.6).
//
// Per job: on a /jobs/ready/<jid> whose value is its handler and a free slot, after
// `reserve_delay_ms`: create /jobs/working/<jid> (TTL 60, a reservation uuid), delete
// /jobs/ready/<jid>, read /jobs/all/<jid>. After `start_delay_ms`: the first job of a workflow
// sets job_state `{}`; params are resolved from the referenced stacks' outputs
// (/esi-worker/heat_stacks) and the JobRunner decides the outcome. While it runs, the working
// key is CAS-refreshed (TTL 60) at reservation + 30 s × k. At completion: set heat_stacks
// (heat jobs), CAS job_state (old ∪ result), CAS working (TTL 60), set /state (last job, or a
// failed job that fails its workflow), create /jobs/finished/<jid> ("" or "FAILED"), delete
// /jobs/working/<jid>, CAD job_state (when /state was written).
// Failure (inferred model): the job's /state says `<ACTION>_FAILED` with the error; the
// /jobs/finished value "FAILED" tells the Job Manager not to promote dependants unless the job
// has on_failure "ignore" (then the workflow goes on and nothing else is written).
// Randomness: reservation uuids from the stream "<handler>" unless `reservation_id` is given.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/domain/schema_catalog.h"
#include "sim/actors/job_runner.h"
#include "sim/event_loop.h"
#include "sim/random.h"
#include "sim/sim_etcd.h"

namespace esisim::sim {

struct WorkerActorOptions {
  std::string handler = "heat_worker";
  int slots = 8;
  int64_t working_ttl_s = 60;
  int64_t working_refresh_ms = 30'000;
  int64_t reserve_delay_ms = 5;  // ready key seen -> reservation
  int64_t start_delay_ms = 20;   // reservation -> job_state {} and the start of the work
  // Heat-only generation: job_state and /state carry orchestration_state.
  bool with_orchestration_state = true;
  // job_state CAS -> the rest of the job's end (/jobs/working CAS, /state, /jobs/finished, ...);
  // 0: all in one event.
  int64_t state_delay_ms = 0;
  size_t pending_max = 1'000'000;  // ready jobs seen and not yet reserved
  // Replay: the reservation uuid the recording used for a job, if known.
  std::function<std::optional<std::string>(const std::string& job_id)> reservation_id;
};

// One job as the worker ran it, for reports (simulated milliseconds).
struct JobSpan {
  std::string job_id;
  int slot = 0;
  int64_t ready_ms = 0;
  int64_t reserved_ms = 0;
  int64_t started_ms = 0;
  int64_t finished_ms = 0;
  bool failed = false;
};

class WorkerActor {
 public:
  WorkerActor(EventLoop& loop, SimEtcd& etcd, RandomStreams& streams,
              const domain::SchemaCatalog& schemas, JobRunner& runner,
              WorkerActorOptions options = {});
  ~WorkerActor();

  void start();
  void stop();

  const std::string& handler() const { return options_.handler; }
  const std::vector<std::string>& errors() const { return errors_; }
  const std::vector<JobSpan>& spans() const { return spans_; }
  int busy_slots() const;
  // No job held and none seen ready and waiting for a slot.
  bool idle() const { return pending_.empty() && busy_slots() == 0; }

 private:
  struct Running;
  class EtcdOutputs;

  void watch_ready(uint64_t from_index);
  void saw_ready(const std::string& job_id);
  void try_reserve();
  void reserve(int slot, std::string job_id);
  void begin(int slot);
  void refresh(int slot, uint64_t generation);
  void complete(int slot, uint64_t generation);
  void finish(int slot, uint64_t generation);
  void release(int slot);
  void fail(std::string what);
  void at(int64_t delay_ms, std::string label, std::function<void()> fn);
  std::optional<std::string> read_value(const std::string& key);

  EventLoop& loop_;
  SimEtcd& etcd_;
  Xoshiro256StarStar& rng_;
  const domain::SchemaCatalog& schemas_;
  JobRunner& runner_;
  WorkerActorOptions options_;
  bool stopped_ = false;
  std::deque<std::string> pending_;
  std::map<std::string, int64_t> ready_seen_ms_;
  std::vector<std::unique_ptr<Running>> slots_;
  bool reserve_armed_ = false;
  uint64_t generation_ = 0;
  std::vector<std::string> errors_;
  std::vector<JobSpan> spans_;
};

}  // namespace esisim::sim
