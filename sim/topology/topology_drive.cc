// TopologyDriver: see topology_drive.h for the contract.
#include "sim/topology/topology_drive.h"

#include <algorithm>
#include <memory>

namespace esisim::sim::topology {

namespace {
constexpr std::string_view kReadyPrefix = "/jobs/ready/";
}  // namespace

void TopologyDriver::take_ready(const std::vector<scheduler::EtcdWrite>& writes) {
  for (const scheduler::EtcdWrite& w : writes) {
    if (w.kind == scheduler::EtcdWrite::Kind::kDelete) continue;
    if (w.key.starts_with(kReadyPrefix)) ready_.push_back(w.key.substr(kReadyPrefix.size()));
  }
}

void TopologyDriver::finish_front() {
  std::string id = std::move(ready_.front());
  ready_.pop_front();
  if (const scheduler::Job* job = core_.registry().find(id)) {
    if (const domain::SchemaInfo* schema = schemas_.find_by_id(job->resource_type)) {
      state_.versions["/state" + schema->path + "/" + job->resource_id] = job->version;
    }
  }
  take_ready(core_.job_finished(id));
  ++stats_.jobs_finished;
}

Status<> TopologyDriver::read(const ConfigRecord& record) {
  ++stats_.records;
  auto read = core_.read_config_set(record.key, record.stored_value);
  if (!read.ok()) return Error{read.error().code, record.key + ": " + read.error().message};
  while (core_.has_queued_workflow()) {
    auto scheduled = core_.schedule_next(state_);
    if (!scheduled.ok()) {
      return Error{scheduled.error().code, record.key + ": " + scheduled.error().message};
    }
    if (scheduled->job_ids.empty()) continue;
    ++stats_.workflows;
    stats_.jobs += scheduled->job_ids.size();
    for (const std::string& id : scheduled->job_ids) {
      if (core_.registry().is_waiting(id)) ++stats_.jobs_stored_waiting;
    }
    take_ready(scheduled->writes);
    if (on_scheduled) on_scheduled(scheduled.value());
  }
  stats_.unfinished_jobs_peak = std::max(stats_.unfinished_jobs_peak, core_.registry().size());
  while (ready_.size() > ready_backlog_max_) finish_front();
  return Unit{};
}

Status<> TopologyDriver::finish_all() {
  while (!ready_.empty()) finish_front();
  if (core_.registry().size() != 0) {
    return Error{2, std::to_string(core_.registry().size()) +
                        " jobs still waiting with no ready job left to finish"};
  }
  return Unit{};
}

std::function<std::string()> counting_job_suffixes() {
  auto counter = std::make_shared<uint64_t>(0);
  return [counter] {
    static constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
    uint64_t n = (*counter)++;
    std::string out(5, '0');
    for (size_t i = 5; i-- > 0;) {
      out[i] = kDigits[n % 36];
      n /= 36;
    }
    return out;
  };
}

}  // namespace esisim::sim::topology
