// The monitoring_worker's work in the 2017 generation (domain-2017.md §1.2, §3.2): render the
// job's monitoring template with all its params and report {item: status} as
// state_monitoring. A monitoring job takes `duration_ms` of simulated time (≈ 80 ms recorded),
// or ends at the moment `finish_at` gives for its id (replay).
//
// Contract: create jobs contribute {"state_monitoring": {...}}; delete jobs contribute
// nothing ({}). Errors (no template, a template that does not render) fail the job with
// the message and are listed by errors().
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/heat/jinja.h"
#include "sim/actors/job_runner.h"

namespace esisim::sim {

class MonitoringRunner : public JobRunner {
 public:
  using FinishAt = std::function<std::optional<int64_t>(const std::string& job_id)>;
  MonitoringRunner(const domain::TemplateCatalog& templates,
                   const domain::TemplateMappings& mappings, const domain::SchemaCatalog& schemas,
                   FinishAt finish_at = {}, int64_t duration_ms = 80)
      : templates_(templates),
        mappings_(mappings),
        schemas_(schemas),
        finish_at_(std::move(finish_at)),
        duration_ms_(duration_ms) {}

  JobOutcome run(const worker::WorkerJob& job, const Result<worker::ResolvedParams>& params,
                 int64_t now_ms) override;
  // Takes a template already parsed (when its set was loaded) so the first job does not parse
  // it again; a later text of the same id is parsed anew.
  void adopt_parsed(const std::string& id, const std::string& text, heat::JinjaTemplate parsed) {
    parsed_.insert_or_assign(id, std::make_pair(text, std::move(parsed)));
  }
  const std::vector<std::string>& errors() const { return errors_; }
  // Bad monitoring templates met by create jobs (template_error.h's text).
  const std::vector<std::string>& template_errors() const { return template_errors_; }
  // The 2017 collector: told of each create job's /monitoring record and when it appears.
  using RecordListener =
      std::function<void(const worker::WorkerJob& job, const std::string& value, int64_t at_ms)>;
  void set_record_listener(RecordListener listener) { record_listener_ = std::move(listener); }

 private:
  // The rendered template's {item: status}, or the error text.
  Result<nlohmann::ordered_json> monitoring_status(const worker::WorkerJob& job,
                                                   const worker::ResolvedParams& params,
                                                   int64_t end_ms);

  const domain::TemplateCatalog& templates_;
  const domain::TemplateMappings& mappings_;
  const domain::SchemaCatalog& schemas_;
  // Parsed templates by id, re-parsed when the loaded text changes.
  std::map<std::string, std::pair<std::string, heat::JinjaTemplate>, std::less<>> parsed_;
  FinishAt finish_at_;
  RecordListener record_listener_;
  int64_t duration_ms_;
  std::vector<std::string> errors_;
  std::vector<std::string> template_errors_;
};

}  // namespace esisim::sim
