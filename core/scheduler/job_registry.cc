#include "core/scheduler/job_registry.h"

#include <algorithm>
#include <cassert>

namespace esisim::scheduler {

namespace {
using ResourceKey = std::pair<std::string, std::string>;

// The resource entries of a job's params (top level only: nested list params carry none).
template <typename Fn>
void for_each_resource_entry(const Job& job, Fn&& fn) {
  for (const domain::Param& param : job.params.list()) {
    for (const domain::ResourceRef& ref : param.resources) fn(ref.resource_type, ref.resource_id);
  }
}
}  // namespace

std::vector<const Job*> JobRegistry::forward_dependencies(const std::vector<Job>& workflow) const {
  std::vector<const Job*> out;
  for (const Job& job : workflow) {
    for_each_resource_entry(job, [&](const std::string& type, const std::string& id) {
      auto found = by_resource_.find(ResourceKey{type, id});
      if (found == by_resource_.end()) return;
      for (uint64_t seq : found->second) {
        const Job& candidate = entries_.find(by_seq_.at(seq))->second.job;
        if (candidate.handler == job.handler) out.push_back(&candidate);
      }
    });
  }
  return out;
}

std::vector<const Job*> JobRegistry::jobs_of(std::string_view type, std::string_view id) const {
  std::vector<const Job*> out;
  auto found = by_resource_.find(ResourceKey{std::string(type), std::string(id)});
  if (found == by_resource_.end()) return out;
  for (uint64_t seq : found->second) out.push_back(&entries_.find(by_seq_.at(seq))->second.job);
  return out;
}

std::vector<const Job*> JobRegistry::reverse_dependencies(std::string_view type,
                                                          std::string_view id) const {
  std::vector<const Job*> out;
  auto found = referenced_by_.find(ResourceKey{std::string(type), std::string(id)});
  if (found == referenced_by_.end()) return out;
  for (uint64_t seq : found->second) out.push_back(&entries_.find(by_seq_.at(seq))->second.job);
  return out;
}

Result<JobQueue> JobRegistry::add(Job job) {
  if (entries_.size() >= jobs_max_) {
    return Error{2, "the Job Manager holds " + std::to_string(jobs_max_) +
                        " unfinished jobs, its limit; cannot add " + job.id};
  }
  if (job.id.empty() || entries_.count(job.id) > 0) {
    return Error{2, "job id \"" + job.id + "\" is empty or already in use"};
  }
  for (const std::string& dep : job.dependency) {
    if (entries_.find(dep) == entries_.end()) {
      return Error{2, "job " + job.id + " depends on " + dep + ", which is not unfinished"};
    }
  }
  Entry entry;
  entry.seq = next_seq_++;
  entry.dependencies_left = job.dependency.size();
  ResourceKey own{job.resource_type, job.resource_id};
  for_each_resource_entry(job, [&](const std::string& type, const std::string& id) {
    ResourceKey key{type, id};
    if (key == own) return;
    if (std::find(entry.referenced.begin(), entry.referenced.end(), key) ==
        entry.referenced.end()) {
      entry.referenced.push_back(key);
    }
  });
  for (const std::string& dep : job.dependency) dependants_[dep].push_back(job.id);
  by_resource_[own].insert(entry.seq);
  for (const ResourceKey& key : entry.referenced) referenced_by_[key].insert(entry.seq);
  by_seq_[entry.seq] = job.id;
  JobQueue queue = entry.dependencies_left > 0 ? JobQueue::kWaiting : JobQueue::kReady;
  std::string id = job.id;
  entry.job = std::move(job);
  entries_.emplace(std::move(id), std::move(entry));
  return queue;
}

std::vector<std::string> JobRegistry::finish(std::string_view id, bool promote) {
  std::vector<std::string> promoted;
  auto it = entries_.find(id);
  if (it == entries_.end()) return promoted;
  Entry& entry = it->second;
  // A job never finishes before its dependencies (it was never ready).
  assert(entry.dependencies_left == 0);
  ResourceKey own{entry.job.resource_type, entry.job.resource_id};
  by_resource_[own].erase(entry.seq);
  if (by_resource_[own].empty()) by_resource_.erase(own);
  for (const ResourceKey& key : entry.referenced) {
    auto ref = referenced_by_.find(key);
    ref->second.erase(entry.seq);
    if (ref->second.empty()) referenced_by_.erase(ref);
  }
  by_seq_.erase(entry.seq);
  std::vector<std::pair<uint64_t, std::string>> ready;
  if (auto deps = dependants_.find(id); deps != dependants_.end()) {
    for (const std::string& waiting_id : deps->second) {
      if (!promote) break;
      auto waiting = entries_.find(waiting_id);
      if (waiting == entries_.end()) continue;
      assert(waiting->second.dependencies_left > 0);
      if (--waiting->second.dependencies_left == 0) {
        ready.emplace_back(waiting->second.seq, waiting_id);
      }
    }
    dependants_.erase(deps);
  }
  entries_.erase(it);
  std::sort(ready.begin(), ready.end());
  for (auto& [seq, ready_id] : ready) promoted.push_back(std::move(ready_id));
  return promoted;
}

const Job* JobRegistry::find(std::string_view id) const {
  auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second.job;
}

bool JobRegistry::is_waiting(std::string_view id) const {
  auto it = entries_.find(id);
  return it != entries_.end() && it->second.dependencies_left > 0;
}

std::vector<const Job*> JobRegistry::in_creation_order() const {
  std::vector<const Job*> out;
  out.reserve(by_seq_.size());
  for (const auto& [seq, id] : by_seq_) out.push_back(&entries_.find(id)->second.job);
  return out;
}

}  // namespace esisim::scheduler
