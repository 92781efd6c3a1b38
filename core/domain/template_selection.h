// Template selection (domain.md §4.3, domain-2017.md §1.5): which template a handler uses for a
// resource.
//
// Contract: the resource type's mapping for the handler is evaluated with the mapping language
// (mapping.h) against the resource; a string result is the template id, a null result or an
// absent mapping means "no template" (nullopt). Any other result, or an evaluation error, is an
// error value. A resource for which no handler yields a template is non-workable.
//
// Example: port with device_owner "network:dhcp" -> nullopt (non-workable);
//          ese_device with existing "existing"   -> "ese_device_existing".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/mapping.h"
#include "core/domain/template_catalog.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::domain {

Result<std::optional<std::string>> select_template(const nlohmann::ordered_json& mapping,
                                                   const MappingContext& context);

struct HandlerTemplate {
  std::string handler;
  std::string template_id;
};

// One entry per handler that yields a template, in TemplateMappings::handlers() order.
Result<std::vector<HandlerTemplate>> select_templates(const TemplateMappings& mappings,
                                                      const MappingContext& context);

}  // namespace esisim::domain
