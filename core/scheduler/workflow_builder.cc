#include "core/scheduler/workflow_builder.h"

#include <map>

#include "core/domain/mapping.h"
#include "core/domain/resource_multiplicity.h"

namespace esisim::scheduler {

std::string_view change_action_name(ChangeAction action) {
  switch (action) {
    case ChangeAction::kCreate:
      return "create";
    case ChangeAction::kModify:
      return "modify";
    case ChangeAction::kLogicalDelete:
      return "logical_delete";
  }
  return "create";
}

namespace {

struct PlannedJob {
  const domain::HandlerTemplate* selected;
  std::string action;
  bool on_previous_body = false;
};

std::vector<PlannedJob> plan(ChangeAction action,
                             const std::vector<domain::HandlerTemplate>& selected) {
  const domain::HandlerTemplate* heat = nullptr;
  std::vector<const domain::HandlerTemplate*> others;
  for (const auto& s : selected) {
    if (s.handler == kHeatHandler) {
      heat = &s;
    } else {
      others.push_back(&s);
    }
  }
  std::vector<PlannedJob> jobs;
  switch (action) {
    case ChangeAction::kCreate:
      if (heat) jobs.push_back({heat, "create"});
      for (auto* m : others) jobs.push_back({m, "create"});
      break;
    case ChangeAction::kModify:
      for (auto* m : others) jobs.push_back({m, "delete", true});
      if (heat) jobs.push_back({heat, "modify"});
      for (auto* m : others) jobs.push_back({m, "create"});
      break;
    case ChangeAction::kLogicalDelete:
      for (auto* m : others) jobs.push_back({m, "delete", true});
      if (heat) jobs.push_back({heat, "logical_delete"});
      break;
  }
  return jobs;
}

domain::WorkflowAction multiplicity_action(ChangeAction action) {
  switch (action) {
    case ChangeAction::kCreate:
      return domain::WorkflowAction::kCreate;
    case ChangeAction::kModify:
      return domain::WorkflowAction::kModify;
    case ChangeAction::kLogicalDelete:
      return domain::WorkflowAction::kLogicalDelete;
  }
  return domain::WorkflowAction::kCreate;
}

}  // namespace

Result<std::vector<Job>> build_workflow(const ResourceChange& change,
                                        const std::vector<domain::HandlerTemplate>& selected,
                                        const WorkflowInputs& inputs) {
  std::vector<PlannedJob> planned = plan(change.action, selected);
  std::vector<Job> jobs;
  std::map<std::string, size_t> jobs_per_template;
  for (size_t k = 0; k < planned.size(); ++k) {
    const PlannedJob& p = planned[k];
    const domain::HeatTemplate* tmpl = inputs.templates.find(p.selected->template_id);
    if (tmpl == nullptr) {
      return Error{2, change.resource_type + ":" + change.resource_id + ": template \"" +
                          p.selected->template_id + "\" (" + p.selected->handler +
                          ") is not loaded"};
    }
    json::JsonRef body = change.body.ref();
    int64_t version = change.version;
    if (p.on_previous_body && change.previous) {
      body = change.previous->body;
      version = change.previous->version;
    }
    domain::MappingContext context{change.resource_type, change.resource_id, body, version,
                                   inputs.schemas,       inputs.lookup};
    auto params = tmpl->compiled
                      ? domain::evaluate_compiled_parameter_mappings(*tmpl->compiled, context)
                      : domain::evaluate_parameter_mappings(tmpl->parameter_mappings, context);
    if (!params.ok()) {
      return Error{params.error().code, change.resource_type + ":" + change.resource_id + " v" +
                                            std::to_string(change.version) + ", template " +
                                            tmpl->id + ": " + params.error().message};
    }
    size_t& earlier = jobs_per_template[tmpl->id];
    domain::multiply_resources(
        params.value(), domain::resource_multiplicity(multiplicity_action(change.action), earlier));
    ++earlier;

    Job job;
    job.handler = p.selected->handler;
    job.action = p.action;
    job.resource_type = change.resource_type;
    job.resource_id = change.resource_id;
    job.version = change.version;
    job.is_first = k == 0;
    job.is_last = k + 1 == planned.size();
    job.on_failure = p.action == "delete" ? "ignore" : "fail";
    job.params = JobParams(std::move(params.value()));
    job.resource_input = change.body;
    jobs.push_back(std::move(job));
  }
  return jobs;
}

}  // namespace esisim::scheduler
