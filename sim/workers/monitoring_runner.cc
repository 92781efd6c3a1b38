#include "sim/workers/monitoring_runner.h"

#include <algorithm>

namespace esisim::sim {

JobOutcome MonitoringRunner::run(const worker::WorkerJob& job,
                                 const Result<worker::ResolvedParams>& params, int64_t now_ms) {
  JobOutcome out;
  out.duration_ms = duration_ms_;
  if (finish_at_) {
    if (auto at = finish_at_(job.id)) out.duration_ms = std::max<int64_t>(0, *at - now_ms);
  }
  if (!params.ok()) {
    out.error = params.error().message;
    errors_.push_back(job.id + ": " + out.error);
    return out;
  }
  out.job_state_result = nlohmann::ordered_json::object();
  if (job.action == "create") {
    // Rendering of the monitoring template: see monitoring_status().
    (*out.job_state_result)["state_monitoring"] = nlohmann::ordered_json::object();
  }
  (void)templates_;
  return out;
}

}  // namespace esisim::sim
