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
// Indexes: by creation number, by id, by resource (type, id), by referenced resource, and the
// waiting dependants of each job; hash maps and short lists, so the cost of a job does not grow
// with the number of resources or unfinished jobs (beyond the lists of one resource).
// Limit: at most `jobs_max` unfinished jobs (an error naming the limit beyond it).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/scheduler/job.h"
#include "core/util/result.h"

namespace esisim::scheduler {

inline constexpr size_t kUnfinishedJobsMaxDefault = 10'000'000;

enum class JobQueue { kReady, kWaiting };

// Hash of strings that also takes string_views (lookups without a copy).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// A resource (type, id) as a hash-map key, found by string_view pairs without a copy.
using ResourceKey = std::pair<std::string, std::string>;
using ResourceKeyView = std::pair<std::string_view, std::string_view>;
struct ResourceKeyHash {
  using is_transparent = void;
  size_t operator()(ResourceKeyView key) const {
    const size_t a = std::hash<std::string_view>{}(key.first);
    return a ^ (std::hash<std::string_view>{}(key.second) + 0x9e3779b97f4a7c15ULL + (a << 6) +
                (a >> 2));
  }
  size_t operator()(const ResourceKey& key) const { return (*this)(ResourceKeyView(key)); }
};
struct ResourceKeyEqual {
  using is_transparent = void;
  bool operator()(ResourceKeyView a, ResourceKeyView b) const { return a == b; }
};

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
  struct Entry {
    Job job;
    size_t dependencies_left = 0;
    std::vector<ResourceKeyView> referenced;  // distinct resources its params reference (views
                                              // into the job's params)
    std::vector<uint64_t> dependants;         // waiting jobs that depend on it, in creation order
  };
  using SeqLists =
      std::unordered_map<ResourceKey, std::vector<uint64_t>, ResourceKeyHash, ResourceKeyEqual>;

  const Entry* entry_of(std::string_view id) const;
  std::vector<const Job*> jobs_in(const SeqLists& lists, ResourceKeyView key) const;
  static void add_seq(SeqLists& lists, ResourceKeyView key, uint64_t seq);
  static void remove_seq(SeqLists& lists, ResourceKeyView key, uint64_t seq);

  size_t jobs_max_;
  uint64_t next_seq_ = 1;
  std::map<uint64_t, Entry> entries_;  // by creation number
  // id (a view of the stored job's id) -> seq
  std::unordered_map<std::string_view, uint64_t, StringHash> seq_of_;
  SeqLists by_resource_;    // resource -> its jobs' seqs, increasing
  SeqLists referenced_by_;  // resource -> seqs of the jobs referencing it, increasing
};

}  // namespace esisim::scheduler
