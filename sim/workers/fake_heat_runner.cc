#include "sim/workers/fake_heat_runner.h"

#include <algorithm>

#include "core/heat/hot_template.h"
#include "sim/workers/stack_durations.h"
#include "sim/workers/template_chooser.h"
#include "sim/workers/template_error.h"

namespace esisim::sim {

class FakeHeatRunner::RandomIds : public heat::IdSource {
 public:
  explicit RandomIds(Xoshiro256StarStar& rng) : rng_(rng) {}
  std::string new_uuid(const heat::IdRequest&) override { return rng_.uuid4(); }
  // A pre-existing object keeps one id for the whole run.
  std::string existing_uuid(const heat::IdRequest& request) override {
    std::string name = std::string(request.object_type) + ":" + std::string(request.fq_name);
    auto it = existing_.find(name);
    if (it == existing_.end()) it = existing_.emplace(name, rng_.uuid4()).first;
    return it->second;
  }

 private:
  Xoshiro256StarStar& rng_;
  std::map<std::string, std::string> existing_;
};

FakeHeatRunner::FakeHeatRunner(const domain::TemplateCatalog& templates,
                               const domain::TemplateMappings& mappings,
                               const domain::SchemaCatalog& schemas, Xoshiro256StarStar& rng,
                               heat::BackendProfile profile)
    : templates_(templates),
      mappings_(mappings),
      schemas_(schemas),
      rng_(rng),
      profile_(std::move(profile)),
      ids_(std::make_unique<RandomIds>(rng)) {}

FakeHeatRunner::~FakeHeatRunner() = default;

void FakeHeatRunner::arm_fault(const std::string& type, const std::string& id, HeatFault fault) {
  faults_[{type, id}].push_back(std::move(fault));
}

void FakeHeatRunner::arm_duration(const std::string& type, const std::string& id,
                                  const std::string& stack_action, int64_t duration_ms) {
  durations_[{type, id}].emplace_back(stack_action, duration_ms);
}

void FakeHeatRunner::pin_output(const std::string& type, const std::string& id,
                                const std::string& output, nlohmann::ordered_json value) {
  overrides_[{type, id}].pins[output] = std::move(value);
}

void FakeHeatRunner::output_error(const std::string& type, const std::string& id,
                                  const std::string& output, std::string message) {
  overrides_[{type, id}].errors[output] = std::move(message);
}

Result<heat::StackOperation> FakeHeatRunner::operate(const worker::WorkerJob& job,
                                                     const worker::ResolvedParams& params,
                                                     std::string& template_error) {
  ResourceKey key{job.resource_type, job.resource_id};
  auto previous = stacks_.find(key);
  if (job.action == "logical_delete") {
    if (previous == stacks_.end()) return heat::StackOperation{};
    return heat::evaluate_delete(previous->second);
  }
  auto chosen = choose_template(job, mappings_, schemas_, templates_);
  if (!chosen.ok()) {
    template_error = template_error_text(job.id, chosen.error().message, "");
    return chosen.error();
  }
  const domain::HeatTemplate& tmpl = *chosen.value();
  auto bad = [&](const Error& error, std::string_view rendered) {
    template_error = template_error_text(job.id, error.message,
                                         rendered_excerpt(error.message, tmpl.id, rendered));
    return error;
  };
  auto cached = parsed_.find(tmpl.id);
  if (cached == parsed_.end() || cached->second.first != tmpl.template_file) {
    auto parsed = heat::parse_jinja(tmpl.id, tmpl.template_file);
    if (!parsed.ok()) return bad(parsed.error(), "");
    parsed_.insert_or_assign(tmpl.id, std::make_pair(tmpl.template_file, parsed.value()));
    cached = parsed_.find(tmpl.id);
  }
  auto rendered = heat::render(cached->second.second, params.jinja_variables);
  if (!rendered.ok()) return bad(rendered.error(), "");
  std::string cache_key = tmpl.id + '\n' + rendered.value();
  auto hot_cached = hot_cache_.find(cache_key);
  if (hot_cached == hot_cache_.end()) {
    auto parsed_hot = heat::parse_hot(tmpl.id, rendered.value());
    if (!parsed_hot.ok()) return bad(parsed_hot.error(), rendered.value());
    if (hot_cache_.size() >= kHotCacheEntriesMax) hot_cache_.clear();
    hot_cached =
        hot_cache_
            .emplace(std::move(cache_key),
                     std::make_shared<const heat::HotTemplate>(std::move(parsed_hot.value())))
            .first;
  }
  const heat::HotTemplate& hot = *hot_cached->second;
  heat::StackEnvironment environment{{job.resource_type + "_" + job.resource_id,
                                      job.resource_type + ":" + job.resource_id, job.tenant_id},
                                     *ids_,
                                     profile_};
  static const heat::OutputOverrides kNone;
  auto overrides = overrides_.find(key);
  const heat::OutputOverrides& chosen_overrides =
      overrides == overrides_.end() ? kNone : overrides->second;
  if (previous == stacks_.end()) {
    return heat::evaluate_create(hot, params.stack_parameters, environment, chosen_overrides);
  }
  return heat::evaluate_update(previous->second, hot, params.stack_parameters, environment,
                               chosen_overrides);
}

JobOutcome FakeHeatRunner::run(const worker::WorkerJob& job,
                               const Result<worker::ResolvedParams>& params, int64_t now_ms) {
  JobOutcome out;
  DurationRange range = stack_duration(job.resource_type, job.action);
  out.duration_ms = rng_.uniform_range(range.min_ms, range.max_ms);
  std::string stack_action = worker::stack_action_word(job.action);
  ResourceKey key{job.resource_type, job.resource_id};
  if (auto pinned = durations_.find(key); pinned != durations_.end()) {
    auto& armed = pinned->second;
    auto it = std::find_if(armed.begin(), armed.end(),
                           [&](const auto& d) { return d.first == stack_action; });
    if (it != armed.end()) {
      out.duration_ms = it->second;
      armed.erase(it);
    }
  }
  if (!params.ok()) {
    out.error = params.error().message;
    out.stack = worker::failed_stack(job.action, out.error);
    return out;
  }
  // A fault armed for this resource and operation is used up by it.
  auto& armed = faults_[key];
  auto fault = std::find_if(armed.begin(), armed.end(),
                            [&](const HeatFault& f) { return f.stack_action == stack_action; });
  if (fault != armed.end()) {
    HeatFault f = *fault;
    armed.erase(fault);
    if (f.kind == HeatFaultKind::kTimeout) {
      out.duration_ms = params->timeout_mins.value_or(60) * 60'000;
      out.stack = worker::failed_stack(job.action, "Timed out");
    } else {
      out.stack = worker::failed_stack(
          job.action, f.reason.empty() ? "Resource " + stack_action + " failed" : f.reason);
    }
    return out;
  }
  std::string template_error;
  auto operation = operate(job, params.value(), template_error);
  if (!operation.ok()) {
    out.error = operation.error().message;
    errors_.push_back(job.id + ": " + out.error);
    template_errors_.push_back(template_error.empty() ? template_error_text(job.id, out.error, "")
                                                      : std::move(template_error));
    out.stack = worker::failed_stack(job.action, out.error);
    return out;
  }
  out.stack = worker::completed_stack(job.action, heat::outputs_to_json(operation->state.outputs));
  if (job.action == "logical_delete") {
    stacks_.erase(key);
  } else {
    stacks_[key] = operation->state;
  }
  if (listener_ && !operation->monitoring.empty()) {
    listener_(job, operation->monitoring, now_ms + out.duration_ms);
  }
  return out;
}

}  // namespace esisim::sim
