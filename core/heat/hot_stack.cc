#include "core/heat/hot_stack.h"

#include <algorithm>

#include "core/heat/hot_functions.h"
#include "core/heat/hot_parameters.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

MonitoringChange deletion(const ResourceState& state) {
  return {
      MonitoringChangeKind::kDeleted, state.name, state.physical_id, "", state.properties, nullptr};
}

class StackScope final : public HotScope {
 public:
  StackScope(const StackContext& context, const ordered_json& parameters,
             const std::vector<ResourceState>& realized)
      : context_(context), parameters_(parameters), realized_(realized) {}

  EvalResult<ordered_json> parameter(std::string_view name) const override {
    if (name == "OS::stack_name") return ordered_json(context_.stack_name);
    if (name == "OS::stack_id") return ordered_json(context_.stack_id);
    if (name == "OS::project_id") return ordered_json(context_.tenant_id);
    auto it = parameters_.find(std::string(name));
    if (it == parameters_.end()) {
      return EvalFailure{"The Parameter (" + std::string(name) + ") was not provided.", {}};
    }
    return *it;
  }

  EvalResult<ordered_json> resource_id(std::string_view resource) const override {
    const ResourceState* state = find(resource);
    if (state == nullptr) return not_created(resource);
    return ordered_json(state->physical_id);
  }

  EvalResult<ordered_json> attribute(std::string_view resource,
                                     std::string_view attribute) const override {
    const ResourceState* state = find(resource);
    if (state == nullptr) return not_created(resource);
    auto error = state->attribute_errors.find(attribute);
    if (error != state->attribute_errors.end()) return EvalFailure{error->second, {}};
    auto it = state->attributes.find(std::string(attribute));
    if (it == state->attributes.end()) {
      return EvalFailure{"The Referenced Attribute (" + std::string(resource) + " " +
                             std::string(attribute) + ") is incorrect.",
                         {}};
    }
    return *it;
  }

 private:
  const ResourceState* find(std::string_view name) const {
    for (const auto& r : realized_) {
      if (r.name == name) return &r;
    }
    return nullptr;
  }

  static EvalFailure not_created(std::string_view resource) {
    return EvalFailure{"The resource (" + std::string(resource) + ") is not created.", {}};
  }

  const StackContext& context_;
  const ordered_json& parameters_;
  const std::vector<ResourceState>& realized_;
};

class StackRun {
 public:
  StackRun(const HotTemplate& hot, const StackEnvironment& environment,
           const OutputOverrides& overrides)
      : hot_(hot), environment_(environment), overrides_(overrides) {}

  Result<StackOperation> run(const StackState* previous, const ordered_json& given) {
    auto parameters = resolve_stack_parameters(hot_, given);
    if (!parameters.ok()) return parameters.error();
    StackOperation out;
    auto& realized = out.state.resources;
    StackScope scope(environment_.context, parameters.value(), realized);
    for (std::size_t index : hot_.creation_order) {
      const HotResource& resource = hot_.resources[index];
      auto properties = evaluate_hot(resource.properties, scope);
      if (!properties.ok()) {
        return located(properties.error().mark,
                       "resource '" + resource.name + "': " + properties.error().message);
      }
      if (!properties->is_object()) {
        return located(resource.properties.mark,
                       "resource '" + resource.name + "': properties must be a mapping");
      }
      const ResourceState* before = previous ? previous->find(resource.name) : nullptr;
      auto state = next_state(resource, std::move(properties.value()), before, out.monitoring);
      if (!state.ok()) return located(resource.mark, state.error().message);
      realized.push_back(std::move(state.value()));
    }
    if (previous) deleted(*previous, out.monitoring);
    for (std::size_t index : hot_.output_listing_order()) {
      out.state.outputs.push_back(output(hot_.outputs[index], scope));
    }
    return out;
  }

 private:
  Result<ResourceState> next_state(const HotResource& resource, ordered_json properties,
                                   const ResourceState* before,
                                   std::vector<MonitoringChange>& monitoring) {
    const auto& model = resource_type_model(resource.type);
    std::optional<std::string> kept_id;
    if (before && before->type == resource.type) {
      if (same_value(before->properties, properties)) return *before;
      if (!change_replaces(model, before->properties, properties)) kept_id = before->physical_id;
    }
    RealizeInput input{resource.name, resource.type, properties, kept_id};
    auto realized = realize_resource(input, environment_.ids, environment_.profile);
    if (!realized.ok()) return realized.error();
    ResourceState state{resource.name,
                        resource.type,
                        std::move(properties),
                        std::move(realized->physical_id),
                        std::move(realized->attributes),
                        std::move(realized->attribute_errors)};
    const bool was_target = before && resource_type_model(before->type).is_monitoring_target;
    if (kept_id) return state;
    if (model.is_monitoring_target && was_target) {
      monitoring.push_back({MonitoringChangeKind::kReplaced, state.name, state.physical_id,
                            before->physical_id, state.properties, before->properties});
    } else {
      if (was_target) monitoring.push_back(deletion(*before));
      if (model.is_monitoring_target) {
        monitoring.push_back({MonitoringChangeKind::kCreated, state.name, state.physical_id, "",
                              state.properties, nullptr});
      }
    }
    return state;
  }

  void deleted(const StackState& previous, std::vector<MonitoringChange>& monitoring) const {
    for (auto it = previous.resources.rbegin(); it != previous.resources.rend(); ++it) {
      if (hot_.find_resource(it->name) != nullptr) continue;
      if (resource_type_model(it->type).is_monitoring_target) monitoring.push_back(deletion(*it));
    }
  }

  StackOutput output(const HotOutput& definition, const HotScope& scope) const {
    StackOutput out{definition.name, definition.description, nullptr, std::nullopt};
    if (auto error = overrides_.errors.find(definition.name); error != overrides_.errors.end()) {
      out.error = error->second;
      return out;
    }
    if (auto pin = overrides_.pins.find(definition.name); pin != overrides_.pins.end()) {
      out.value = pin->second;
      return out;
    }
    auto value = evaluate_hot(definition.value, scope);
    if (value.ok()) {
      out.value = std::move(value.value());
    } else {
      out.error = value.error().message;
    }
    return out;
  }

  Error located(SourceMark mark, const std::string& message) const {
    return Error{kHotErrorEvaluation, hot_location(hot_.name, mark) + message};
  }

  const HotTemplate& hot_;
  const StackEnvironment& environment_;
  const OutputOverrides& overrides_;
};

}  // namespace

const ResourceState* StackState::find(std::string_view name) const {
  for (const auto& r : resources) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

Result<StackOperation> evaluate_create(const HotTemplate& hot,
                                       const nlohmann::ordered_json& parameters,
                                       const StackEnvironment& environment,
                                       const OutputOverrides& overrides) {
  return StackRun(hot, environment, overrides).run(nullptr, parameters);
}

Result<StackOperation> evaluate_update(const StackState& previous, const HotTemplate& hot,
                                       const nlohmann::ordered_json& parameters,
                                       const StackEnvironment& environment,
                                       const OutputOverrides& overrides) {
  return StackRun(hot, environment, overrides).run(&previous, parameters);
}

StackOperation evaluate_delete(const StackState& previous) {
  StackOperation out;
  for (auto it = previous.resources.rbegin(); it != previous.resources.rend(); ++it) {
    if (resource_type_model(it->type).is_monitoring_target) out.monitoring.push_back(deletion(*it));
  }
  return out;
}

}  // namespace esisim::heat
