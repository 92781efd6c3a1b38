// The Job Manager as an actor of the simulation (domain.md §4.1–§4.2, §5.3).
//
// Start-up: set the five /jobs/* directories, then elect: create /job_manager_id (TTL 65 s,
// value = its JobsWorker id, a uuid4) and, as master, refresh it by CAS at once and every 30 s
// after the create; a JM that loses the key (deleted or expired) elects again. As master it
// reads /config (heat templates first, then every resource in etcd index order) and then
// watches /config recursively from the next index, and /jobs/finished for finished jobs.
// Every /config event is read at once (non-workable writes happen then); workflows and job
// finishes go through one serial reactor that makes one etcd write every `write_interval_ms`.
// A change that cannot be scheduled (bad template or mapping, missing reference) is reported
// with the resources involved and dropped; jobs that can never run are listed by stuck_jobs().
// Randomness: the JobsWorker id and the job-id suffixes come from the "job_manager" stream.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler/job_manager.h"
#include "sim/event_loop.h"
#include "sim/random.h"
#include "sim/sim_etcd.h"

namespace esisim::sim {

struct JobManagerActorOptions {
  int64_t lease_ttl_s = 65;
  int64_t lease_refresh_ms = 30'000;
  int64_t write_interval_ms = 5;  // between two etcd writes of the reactor
  scheduler::JobManagerOptions core;
  // Replay: the recorded JobsWorker id and job-id suffixes instead of random ones.
  std::optional<std::string> worker_id;
  std::function<std::string()> job_suffix;
};

class JobManagerActor {
 public:
  JobManagerActor(EventLoop& loop, SimEtcd& etcd, RandomStreams& streams,
                  const domain::SchemaCatalog& schemas, domain::TemplateMappings heat_only,
                  domain::TemplateMappings mw2017, JobManagerActorOptions options = {});
  ~JobManagerActor();

  // Schedules the start-up at the loop's current time.
  void start();

  const std::string& worker_id() const { return worker_id_; }
  bool is_master() const { return master_; }
  const scheduler::JobManagerCore& core() const { return core_; }
  // Problems met so far (a change that could not be scheduled, an unexpected etcd error).
  const std::vector<std::string>& errors() const { return errors_; }
  // Unfinished jobs still waiting, each with the unfinished jobs it waits for.
  std::vector<std::string> stuck_jobs() const;
  // Nothing read and not yet written: no queued workflow, no reactor task or write pending.
  bool idle() const { return tasks_.empty() && writes_.empty() && !core_.has_queued_workflow(); }
  // Stops refreshing the lease and watching (the simulation can then become idle).
  void stop();

 private:
  class EtcdState;  // StateReader over the simulated etcd

  void elect();
  void become_master(uint64_t created_index);
  void refresh_lease();
  void sync_config();
  void watch_config(uint64_t from_index);
  void watch_finished(uint64_t from_index);
  void watch_lease();
  void read_event(const etcd::Event& event);
  void perform_now(const std::vector<scheduler::EtcdWrite>& writes);
  void enqueue(std::function<std::vector<scheduler::EtcdWrite>()> task);
  void pump();
  void perform(const scheduler::EtcdWrite& write);
  void fail(std::string what);
  void at(int64_t delay_ms, std::string label, std::function<void()> fn);

  EventLoop& loop_;
  SimEtcd& etcd_;
  Xoshiro256StarStar& rng_;
  JobManagerActorOptions options_;
  std::string worker_id_;
  scheduler::JobManagerCore core_;
  std::unique_ptr<EtcdState> state_;
  bool master_ = false;
  bool stopped_ = false;
  int64_t lease_created_ms_ = 0;
  // The reactor: tasks produce writes when they reach the front; writes go one at a time.
  std::deque<std::function<std::vector<scheduler::EtcdWrite>()>> tasks_;
  std::deque<scheduler::EtcdWrite> writes_;
  bool pumping_ = false;
  std::vector<std::string> errors_;
};

}  // namespace esisim::sim
