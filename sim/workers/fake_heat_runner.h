// The fake Heat engine as a heat_worker's JobRunner (domain.md §6.2, §6.5, §6.6, §11.8): renders
// the job's template with its jinja_ params, reads the HOT document, and creates, updates or
// deletes the resource's stack with the stack parameters, keeping each stack's state between
// jobs. Durations come from stack_durations.h through the "heat" random stream; uuids Heat and
// the cloud hand out come from the same stream.
//
// Faults armed by scenarios, each for the next matching operation of one resource:
// * fail: the operation ends `<ACTION>_FAILED` with the given reason;
// * timeout: the operation runs `heat_timeout` minutes and ends `<ACTION>_FAILED` "Timed out";
// * output_error (persistent): the output is reported `output_value: null` with the message;
// * pin (persistent): the output has the given value.
// A template that does not render or parse, or a stack parameter error, fails the job with
// the message (naming the template and line). Monitoring targets the operation created,
// replaced or deleted are handed to `on_monitoring` when the job ends.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/heat/hot_stack.h"
#include "core/heat/jinja.h"
#include "sim/actors/job_runner.h"
#include "sim/random.h"

namespace esisim::sim {

inline constexpr std::size_t kHotCacheEntriesMax = 4096;

enum class HeatFaultKind { kFail, kTimeout };

struct HeatFault {
  HeatFaultKind kind = HeatFaultKind::kFail;
  std::string stack_action;  // CREATE, UPDATE or DELETE
  std::string reason;
};

class FakeHeatRunner : public JobRunner {
 public:
  using MonitoringListener =
      std::function<void(const worker::WorkerJob& job,
                         const std::vector<heat::MonitoringChange>& changes, int64_t at_ms)>;
  FakeHeatRunner(const domain::TemplateCatalog& templates, const domain::TemplateMappings& mappings,
                 const domain::SchemaCatalog& schemas, Xoshiro256StarStar& rng,
                 heat::BackendProfile profile = {});
  ~FakeHeatRunner() override;

  JobOutcome run(const worker::WorkerJob& job, const Result<worker::ResolvedParams>& params,
                 int64_t now_ms) override;

  void arm_fault(const std::string& type, const std::string& id, HeatFault fault);
  // The next `stack_action` (CREATE, UPDATE or DELETE) of this resource takes `duration_ms`
  // (the range's draw is still made); several are used in order.
  void arm_duration(const std::string& type, const std::string& id, const std::string& stack_action,
                    int64_t duration_ms);
  void pin_output(const std::string& type, const std::string& id, const std::string& output,
                  nlohmann::ordered_json value);
  void output_error(const std::string& type, const std::string& id, const std::string& output,
                    std::string message);
  void set_monitoring_listener(MonitoringListener listener) { listener_ = std::move(listener); }
  // Takes a template already parsed (when its set was loaded) so the first job does not parse
  // it again; a later text of the same id is parsed anew.
  void adopt_parsed(const std::string& id, const std::string& text, heat::JinjaTemplate parsed) {
    parsed_.insert_or_assign(id, std::make_pair(text, std::move(parsed)));
  }
  const std::vector<std::string>& errors() const { return errors_; }
  // Bad templates met by stack operations (template_error.h's text, with the rendered line).
  const std::vector<std::string>& template_errors() const { return template_errors_; }

 private:
  class RandomIds;
  using ResourceKey = std::pair<std::string, std::string>;
  // On a bad template, `template_error` gets template_error.h's text.
  Result<heat::StackOperation> operate(const worker::WorkerJob& job,
                                       const worker::ResolvedParams& params,
                                       std::string& template_error);

  const domain::TemplateCatalog& templates_;
  const domain::TemplateMappings& mappings_;
  const domain::SchemaCatalog& schemas_;
  Xoshiro256StarStar& rng_;
  heat::BackendProfile profile_;
  std::unique_ptr<RandomIds> ids_;
  std::map<ResourceKey, heat::StackState> stacks_;
  std::map<ResourceKey, std::vector<HeatFault>> faults_;
  std::map<ResourceKey, std::vector<std::pair<std::string, int64_t>>> durations_;
  std::map<ResourceKey, heat::OutputOverrides> overrides_;
  std::map<std::string, std::pair<std::string, heat::JinjaTemplate>, std::less<>> parsed_;
  // Parsed HOT documents by template id and rendered text (parsing is pure, so this changes
  // no result); emptied when it reaches kHotCacheEntriesMax. Lookup only, never iterated.
  std::unordered_map<std::string, std::shared_ptr<const heat::HotTemplate>> hot_cache_;
  MonitoringListener listener_;
  std::vector<std::string> errors_;
  std::vector<std::string> template_errors_;
};

}  // namespace esisim::sim
