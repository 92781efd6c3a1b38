// The unfinished jobs of the Job Manager (from their /jobs/all set until its delete), indexed
// so that scheduling one resource never scans all of them.
//
// Contract (domain.md §4.5 as corrected by domain-2017.md §2.3 and §7):
// * forward rule (a'): for every job of a new workflow, every param, every entry of its
//   resources list (duplicates kept), the unfinished jobs of that resource whose handler is the
//   handler of the job owning the param, in /jobs/all creation order;
// * reverse rule (b): the unfinished jobs of other resources whose params reference the
//   resource being scheduled, once each, in creation order, any handler;
// * a stored job with dependencies waits; it becomes ready when the last of them finishes.
//   A job can only depend on jobs stored before it, so dependencies never form a cycle.
// Indexes: by id, by resource (type, id), by referenced resource, and dependants by job.
// Limit: at most `jobs_max` unfinished jobs (an error naming the limit beyond it).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/scheduler/job.h"
#include "core/util/result.h"

namespace esisim::scheduler {

inline constexpr size_t kUnfinishedJobsMaxDefault = 10'000'000;

enum class JobQueue { kReady, kWaiting };

class JobRegistry {
 public:
  explicit JobRegistry(size_t jobs_max = kUnfinishedJobsMaxDefault) : jobs_max_(jobs_max) {}

  // Rule (a') for the jobs of a new workflow (not yet stored).
  std::vector<const Job*> forward_dependencies(const std::vector<Job>& workflow) const;
  // The unfinished jobs of the resource (type, id), in creation order (rule c: a new version of
  // a resource waits for the jobs of its previous versions; domain.md §11.3, never recorded).
  std::vector<const Job*> jobs_of(std::string_view type, std::string_view id) const;
  // Rule (b) for the resource (type, id) being scheduled.
  std::vector<const Job*> reverse_dependencies(std::string_view type, std::string_view id) const;

  // Stores a job with its id and dependency list set; every dependency must be unfinished.
  Result<JobQueue> add(Job job);
  // Removes a finished job; returns the ids of the waiting jobs whose last dependency it was,
  // in creation order. With `promote` false (a job that failed and fails its dependants) the
  // dependants keep waiting for good and nothing is returned.
  std::vector<std::string> finish(std::string_view id, bool promote = true);

  const Job* find(std::string_view id) const;
  bool is_waiting(std::string_view id) const;
  size_t size() const { return entries_.size(); }
  // Every unfinished job, in creation order.
  std::vector<const Job*> in_creation_order() const;

 private:
  using ResourceKey = std::pair<std::string, std::string>;
  struct Entry {
    Job job;
    uint64_t seq = 0;
    size_t dependencies_left = 0;
    std::vector<ResourceKey> referenced;  // distinct resources its params reference
  };

  size_t jobs_max_;
  uint64_t next_seq_ = 1;
  std::map<std::string, Entry, std::less<>> entries_;
  std::map<uint64_t, std::string> by_seq_;
  std::map<ResourceKey, std::set<uint64_t>> by_resource_;    // resource -> its jobs' seqs
  std::map<ResourceKey, std::set<uint64_t>> referenced_by_;  // resource -> referencing seqs
  std::map<std::string, std::vector<std::string>, std::less<>> dependants_;  // id -> waiting ids
};

}  // namespace esisim::scheduler
