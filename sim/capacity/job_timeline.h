// The life of every job of a run, read off the etcd events as they happen: when the Job
// Manager stored it (/jobs/all), when it became ready (/jobs/ready), when a worker reserved it
// (/jobs/working, create), when it finished (/jobs/finished; "FAILED" marks a failure), and its
// dependencies (the `dependency` list of the stored job). Only etcd events are used, so the
// same reading works for any run of the real system's key layout.
//
// Contract:
// * observe() takes events in order with their time (ms, any origin; the caller subtracts
//   its start). The first event of each kind counts (a re-created key keeps its first time).
// * first_request_ms(): the first /config write that is not a heat template (-1: none);
//   last_activity_ms(): the last event outside /monitoring and /job_manager_id that is not a
//   TTL refresh (-1: none) — the end of the back-end's work at quiescence.
// * Jobs are kept in the order they were stored; at most kJobTimelineJobsMax (an error value
//   from observe() past it; jobs seen after are not kept).
// * A malformed /jobs/all value (not [handler, {job}, n]) is an error naming the key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/etcd/event.h"
#include "core/util/result.h"

namespace esisim::sim::capacity {

inline constexpr std::size_t kJobTimelineJobsMax = 20'000'000;

struct JobRecord {
  std::string id;       // <action>:<handler>:<type>:<resource id>:<version>:<suffix>
  std::string handler;  // heat_worker, monitoring_worker
  std::string action;   // create, modify, logical_delete, delete
  std::string resource_type;
  std::string resource_id;
  std::vector<std::string> dependencies;  // job ids
  int64_t stored_ms = -1;
  int64_t ready_ms = -1;
  int64_t started_ms = -1;
  int64_t finished_ms = -1;
  bool failed = false;
  int slot = -1;  // the worker slot that ran it, -1 when unknown
};

class JobTimeline {
 public:
  Status<> observe(const etcd::Event& event, int64_t time_ms);
  // Sets the slot of a job (the worker actor knows it; etcd does not).
  void set_slot(const std::string& job_id, int slot);

  const std::vector<JobRecord>& jobs() const { return jobs_; }
  const JobRecord* find(const std::string& job_id) const;
  int64_t first_request_ms() const { return first_request_ms_; }
  int64_t last_activity_ms() const { return last_activity_ms_; }

 private:
  JobRecord* record_of(const std::string& job_id);

  std::vector<JobRecord> jobs_;
  std::unordered_map<std::string, std::size_t> by_id_;  // lookup only, never iterated
  int64_t first_request_ms_ = -1;
  int64_t last_activity_ms_ = -1;
  bool full_ = false;
};

}  // namespace esisim::sim::capacity
