#include "sim/workers/monitoring_runner.h"

#include <algorithm>

#include "core/heat/monitoring_items.h"
#include "sim/workers/mw_monitoring.h"
#include "sim/workers/template_chooser.h"
#include "sim/workers/template_error.h"

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
  if (job.action != "create") return out;  // a delete job adds nothing (domain-2017.md §3.2)
  auto status = monitoring_status(job, params.value(), now_ms + out.duration_ms);
  if (!status.ok()) {
    out.error = status.error().message;
    errors_.push_back(out.error);
    template_errors_.push_back(template_error_text(job.id, out.error, ""));
    return out;
  }
  (*out.job_state_result)["state_monitoring"] = std::move(status.value());
  return out;
}

Result<nlohmann::ordered_json> MonitoringRunner::monitoring_status(
    const worker::WorkerJob& job, const worker::ResolvedParams& params, int64_t end_ms) {
  auto chosen = choose_template(job, mappings_, schemas_, templates_);
  if (!chosen.ok()) return chosen.error();
  const domain::HeatTemplate& tmpl = *chosen.value();
  auto cached = parsed_.find(tmpl.id);
  if (cached == parsed_.end() || cached->second.first != tmpl.template_file) {
    auto parsed = heat::parse_jinja(tmpl.id, tmpl.template_file);
    if (!parsed.ok()) return parsed.error();
    parsed_.insert_or_assign(tmpl.id, std::make_pair(tmpl.template_file, parsed.value()));
    cached = parsed_.find(tmpl.id);
  }
  auto rendered = heat::render(cached->second.second, params.all);
  if (!rendered.ok()) return rendered.error();
  if (record_listener_) {
    auto record = mw_monitoring_record(tmpl.id, rendered.value(), job.version);
    if (!record.ok()) return record.error();
    if (record.value()) {
      record_listener_(job, record.value()->value, end_ms + record.value()->delay_ms);
    }
  }
  return heat::monitoring_status_from_rendered(tmpl.id, rendered.value());
}

}  // namespace esisim::sim
