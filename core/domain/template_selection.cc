#include "core/domain/template_selection.h"

namespace esisim::domain {

Result<std::optional<std::string>> select_template(const nlohmann::ordered_json& mapping,
                                                   const MappingContext& context) {
  auto param = evaluate_mapping("template_path", mapping, context);
  if (!param) return param.error();
  if (param->value.is_null()) return std::optional<std::string>();
  if (!param->value.is_string()) {
    return Error{kMappingErrorBadValue,
                 "template selection for " + std::string(context.resource_type) +
                     ": expected a template id or null, got " + param->value.dump()};
  }
  return std::optional<std::string>(param->value.get<std::string>());
}

Result<std::vector<HandlerTemplate>> select_templates(const TemplateMappings& mappings,
                                                      const MappingContext& context) {
  std::vector<HandlerTemplate> selected;
  for (const std::string& handler : mappings.handlers()) {
    const nlohmann::ordered_json* mapping = mappings.find(handler, context.resource_type);
    if (mapping == nullptr) continue;
    auto id = select_template(*mapping, context);
    if (!id) return id.error();
    if (id->has_value()) selected.push_back({handler, **id});
  }
  return selected;
}

}  // namespace esisim::domain
