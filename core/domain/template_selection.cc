#include "core/domain/template_selection.h"

namespace esisim::domain {

namespace {

Result<std::optional<std::string>> template_of(Result<Param> param, const MappingContext& context) {
  if (!param) return param.error();
  if (param->value.is_null()) return std::optional<std::string>();
  if (!param->value.is_string()) {
    return Error{kMappingErrorBadValue,
                 "template selection for " + std::string(context.resource_type) +
                     ": expected a template id or null, got " + param->value.dump()};
  }
  return std::optional<std::string>(param->value.get<std::string>());
}

}  // namespace

Result<std::optional<std::string>> select_template(const nlohmann::ordered_json& mapping,
                                                   const MappingContext& context) {
  return template_of(evaluate_mapping("template_path", mapping, context), context);
}

Result<std::vector<HandlerTemplate>> select_templates(const TemplateMappings& mappings,
                                                      const MappingContext& context) {
  std::vector<HandlerTemplate> selected;
  for (const std::string& handler : mappings.handlers()) {
    const CompiledMapping* mapping = mappings.find_compiled(handler, context.resource_type);
    if (mapping == nullptr) continue;
    auto id = template_of(evaluate_compiled_mapping("template_path", *mapping, context), context);
    if (!id) return id.error();
    if (id->has_value()) selected.push_back({handler, **id});
  }
  return selected;
}

}  // namespace esisim::domain
