#include "core/scheduler/job_registry.h"

#include <algorithm>
#include <cassert>

namespace esisim::scheduler {

namespace {
// The resource entries of a job's params (top level only: nested list params carry none).
template <typename Fn>
void for_each_resource_entry(const Job& job, Fn&& fn) {
  for (const domain::Param& param : job.params.list()) {
    for (const domain::ResourceRef& ref : param.resources) fn(ref.resource_type, ref.resource_id);
  }
}
}  // namespace

const JobRegistry::Entry* JobRegistry::entry_of(std::string_view id) const {
  auto seq = seq_of_.find(id);
  if (seq == seq_of_.end()) return nullptr;
  return &entries_.find(seq->second)->second;
}

std::vector<const Job*> JobRegistry::jobs_in(const SeqLists& lists, ResourceKeyView key) const {
  std::vector<const Job*> out;
  auto found = lists.find(key);
  if (found == lists.end()) return out;
  out.reserve(found->second.size());
  for (uint64_t seq : found->second) out.push_back(&entries_.find(seq)->second.job);
  return out;
}

void JobRegistry::add_seq(SeqLists& lists, ResourceKeyView key, uint64_t seq) {
  auto found = lists.find(key);
  if (found == lists.end()) {
    found = lists.emplace(ResourceKey(key.first, key.second), std::vector<uint64_t>()).first;
  }
  found->second.push_back(seq);
}

void JobRegistry::remove_seq(SeqLists& lists, ResourceKeyView key, uint64_t seq) {
  auto found = lists.find(key);
  if (found == lists.end()) return;
  std::vector<uint64_t>& seqs = found->second;
  seqs.erase(std::find(seqs.begin(), seqs.end(), seq));
  if (seqs.empty()) lists.erase(found);
}

std::vector<const Job*> JobRegistry::forward_dependencies(const std::vector<Job>& workflow) const {
  std::vector<const Job*> out;
  for (const Job& job : workflow) {
    for_each_resource_entry(job, [&](const std::string& type, const std::string& id) {
      auto found = by_resource_.find(ResourceKeyView(type, id));
      if (found == by_resource_.end()) return;
      for (uint64_t seq : found->second) {
        const Job& candidate = entries_.find(seq)->second.job;
        if (candidate.handler == job.handler) out.push_back(&candidate);
      }
    });
  }
  return out;
}

std::vector<const Job*> JobRegistry::jobs_of(std::string_view type, std::string_view id) const {
  return jobs_in(by_resource_, ResourceKeyView(type, id));
}

std::vector<const Job*> JobRegistry::reverse_dependencies(std::string_view type,
                                                          std::string_view id) const {
  return jobs_in(referenced_by_, ResourceKeyView(type, id));
}

Result<JobQueue> JobRegistry::add(Job job) {
  if (entries_.size() >= jobs_max_) {
    return Error{2, "the Job Manager holds " + std::to_string(jobs_max_) +
                        " unfinished jobs, its limit; cannot add " + job.id};
  }
  if (job.id.empty() || seq_of_.count(job.id) > 0) {
    return Error{2, "job id \"" + job.id + "\" is empty or already in use"};
  }
  for (const std::string& dep : job.dependency) {
    if (seq_of_.find(dep) == seq_of_.end()) {
      return Error{2, "job " + job.id + " depends on " + dep + ", which is not unfinished"};
    }
  }
  const uint64_t seq = next_seq_++;
  for (const std::string& dep : job.dependency) {
    entries_.find(seq_of_.find(dep)->second)->second.dependants.push_back(seq);
  }
  // Stored first: the views below point into the stored job (it never moves again).
  Entry& entry = entries_.emplace_hint(entries_.end(), seq, Entry{})->second;
  entry.job = std::move(job);
  seq_of_.emplace(entry.job.id, seq);
  entry.dependencies_left = entry.job.dependency.size();
  const ResourceKeyView own(entry.job.resource_type, entry.job.resource_id);
  for_each_resource_entry(entry.job, [&](const std::string& type, const std::string& id) {
    const ResourceKeyView key(type, id);
    if (key == own) return;
    for (const ResourceKeyView& known : entry.referenced) {
      if (known == key) return;
    }
    entry.referenced.push_back(key);
  });
  add_seq(by_resource_, own, seq);
  for (const ResourceKeyView& key : entry.referenced) add_seq(referenced_by_, key, seq);
  return entry.dependencies_left > 0 ? JobQueue::kWaiting : JobQueue::kReady;
}

std::vector<std::string> JobRegistry::finish(std::string_view id, bool promote) {
  std::vector<std::string> promoted;
  auto seq_it = seq_of_.find(id);
  if (seq_it == seq_of_.end()) return promoted;
  const uint64_t seq = seq_it->second;
  auto it = entries_.find(seq);
  Entry& entry = it->second;
  // A job never finishes before its dependencies (it was never ready).
  assert(entry.dependencies_left == 0);
  remove_seq(by_resource_, ResourceKeyView(entry.job.resource_type, entry.job.resource_id), seq);
  for (const ResourceKeyView& key : entry.referenced) remove_seq(referenced_by_, key, seq);
  // Dependants were added in creation order: the promoted ones come out in that order. A failed
  // job that fails its dependants leaves them waiting.
  for (uint64_t waiting_seq : entry.dependants) {
    if (!promote) break;
    auto waiting = entries_.find(waiting_seq);
    if (waiting == entries_.end()) continue;
    assert(waiting->second.dependencies_left > 0);
    if (--waiting->second.dependencies_left == 0) promoted.push_back(waiting->second.job.id);
  }
  seq_of_.erase(seq_it);
  entries_.erase(it);
  return promoted;
}

const Job* JobRegistry::find(std::string_view id) const {
  const Entry* entry = entry_of(id);
  return entry == nullptr ? nullptr : &entry->job;
}

bool JobRegistry::is_waiting(std::string_view id) const {
  const Entry* entry = entry_of(id);
  return entry != nullptr && entry->dependencies_left > 0;
}

std::vector<const Job*> JobRegistry::in_creation_order() const {
  std::vector<const Job*> out;
  out.reserve(entries_.size());
  for (const auto& [seq, entry] : entries_) out.push_back(&entry.job);
  return out;
}

}  // namespace esisim::scheduler
