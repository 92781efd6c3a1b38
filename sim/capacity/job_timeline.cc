#include "sim/capacity/job_timeline.h"

#include <nlohmann/json.hpp>
#include <string_view>

namespace esisim::sim::capacity {

namespace {

constexpr std::string_view kAll = "/jobs/all/";
constexpr std::string_view kReady = "/jobs/ready/";
constexpr std::string_view kWorking = "/jobs/working/";
constexpr std::string_view kFinished = "/jobs/finished/";

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// action:handler:type:id:version:suffix → the parts (resource ids hold no ':').
void split_job_id(JobRecord& job) {
  std::vector<std::string_view> parts;
  std::string_view rest = job.id;
  while (parts.size() < 6) {
    std::size_t colon = rest.find(':');
    parts.push_back(rest.substr(0, colon));
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  if (parts.size() >= 4) {
    job.action = std::string(parts[0]);
    job.resource_type = std::string(parts[2]);
    job.resource_id = std::string(parts[3]);
  }
}

bool is_write(etcd::Action action) {
  return action == etcd::Action::kSet || action == etcd::Action::kCreate ||
         action == etcd::Action::kUpdate || action == etcd::Action::kCompareAndSwap;
}

}  // namespace

JobRecord* JobTimeline::record_of(const std::string& job_id) {
  auto it = by_id_.find(job_id);
  return it == by_id_.end() ? nullptr : &jobs_[it->second];
}

const JobRecord* JobTimeline::find(const std::string& job_id) const {
  auto it = by_id_.find(job_id);
  return it == by_id_.end() ? nullptr : &jobs_[it->second];
}

void JobTimeline::set_slot(const std::string& job_id, int slot) {
  if (JobRecord* job = record_of(job_id)) job->slot = slot;
}

Status<> JobTimeline::observe(const etcd::Event& event, int64_t time_ms) {
  const std::string& key = event.node.key;
  if (!event.refresh && !starts_with(key, "/monitoring/") && key != "/job_manager_id") {
    last_activity_ms_ = time_ms;
  }
  if (first_request_ms_ < 0 && starts_with(key, "/config/") &&
      !starts_with(key, "/config/v2.0/heat_templates/") && is_write(event.action)) {
    first_request_ms_ = time_ms;
  }
  if (!starts_with(key, "/jobs/") || event.node.dir) return Unit{};
  if (starts_with(key, kAll) && is_write(event.action) && event.node.value) {
    std::string id = key.substr(kAll.size());
    if (record_of(id) != nullptr) return Unit{};
    if (jobs_.size() >= kJobTimelineJobsMax) {
      if (full_) return Unit{};
      full_ = true;
      return Error{2, "job timeline: more than " + std::to_string(kJobTimelineJobsMax) +
                          " jobs (kJobTimelineJobsMax); later jobs are not analysed"};
    }
    auto value = nlohmann::json::parse(*event.node.value, nullptr, false);
    if (!value.is_array() || value.size() < 2 || !value[0].is_string() || !value[1].is_object()) {
      return Error{2, key + ": expected [handler, {job}, n] as the Job Manager writes it"};
    }
    JobRecord job;
    job.id = id;
    job.handler = value[0].get<std::string>();
    split_job_id(job);
    auto deps = value[1].find("dependency");
    if (deps != value[1].end() && deps->is_array()) {
      for (const auto& d : *deps) {
        if (d.is_string()) job.dependencies.push_back(d.get<std::string>());
      }
    }
    job.stored_ms = time_ms;
    by_id_.emplace(id, jobs_.size());
    jobs_.push_back(std::move(job));
    return Unit{};
  }
  auto stamp = [&](std::string_view prefix, int64_t JobRecord::*field) -> JobRecord* {
    JobRecord* job = record_of(key.substr(prefix.size()));
    if (job != nullptr && job->*field < 0) job->*field = time_ms;
    return job;
  };
  if (starts_with(key, kReady) && is_write(event.action)) {
    stamp(kReady, &JobRecord::ready_ms);
  } else if (starts_with(key, kWorking) && event.action == etcd::Action::kCreate) {
    stamp(kWorking, &JobRecord::started_ms);
  } else if (starts_with(key, kFinished) && is_write(event.action)) {
    JobRecord* job = stamp(kFinished, &JobRecord::finished_ms);
    if (job != nullptr && event.node.value && *event.node.value == "FAILED") {
      job->failed = true;
    }
  }
  return Unit{};
}

}  // namespace esisim::sim::capacity
