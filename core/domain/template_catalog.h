// Heat templates (`/config/v2.0/heat_templates/<id>`) and the per-handler template mappings.
//
// Contract: pure data holders built from values passed in (no file IO). A heat template keeps
// its `parameter_mappings` in stored order (Gohan writes sorted keys; the Job Manager inserts
// them in that order into a Python dict, see mapping.h for the resulting param order).
// Template mappings are `{handler: {resource_type: mapping}}` (template_mappings*.json, keys
// starting with "_" ignored), or derived from the schemas' `metadata.template_path`
// (heat-only generation: all under "heat_worker").
//
// Example:
//   auto tmpl = parse_heat_template_record(value_of("/config/v2.0/heat_templates/network"));
//   tmpl->handler == "heat_worker"; tmpl->parameter_mappings["heat_timeout"] == "C3"
//   mappings.find("heat_worker", "port")  -> the if_mapping selecting "port" or null
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/mapping.h"
#include "core/domain/schema_catalog.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::domain {

inline constexpr std::size_t kTemplateCountMax = 4096;

struct HeatTemplate {
  std::string id;
  std::string handler;                        // "heat_worker" or "monitoring_worker"
  nlohmann::ordered_json parameter_mappings;  // {param: mapping}, stored order
  std::string template_file;
  nlohmann::ordered_json watch = nlohmann::ordered_json::array();
  // parameter_mappings compiled (set by the parsers and by TemplateCatalog::put).
  std::shared_ptr<const CompiledParameterMappings> compiled;
};

// From the decoded body {"handler","id","parameter_mappings","template_file","watch"}.
Result<HeatTemplate> parse_heat_template_body(const nlohmann::ordered_json& body);
// From the stored envelope {"body": <JSON string or decoded object>, ...}.
Result<HeatTemplate> parse_heat_template_record(const nlohmann::ordered_json& envelope);

class TemplateCatalog {
 public:
  // Adds or replaces (a later set of the same key replaces the template).
  Status<> put(HeatTemplate heat_template);
  const HeatTemplate* find(std::string_view id) const;
  std::size_t size() const { return templates_.size(); }

 private:
  std::map<std::string, HeatTemplate, std::less<>> templates_;
};

class TemplateMappings {
 public:
  static Result<TemplateMappings> from_json(const nlohmann::ordered_json& mappings);
  // heat_worker mappings from each schema's metadata.template_path.
  static TemplateMappings from_schemas(const SchemaCatalog& catalog);

  // Handlers in the order the Job Manager resolves them: heat_worker first, then the others
  // in name order (domain-2017.md §1.5).
  std::vector<std::string> handlers() const;
  // The mapping of `resource_type` for `handler`, or nullptr.
  const nlohmann::ordered_json* find(std::string_view handler,
                                     std::string_view resource_type) const;
  // The same mapping compiled, or nullptr.
  const CompiledMapping* find_compiled(std::string_view handler,
                                       std::string_view resource_type) const;
  const std::map<std::string, nlohmann::ordered_json, std::less<>>& for_handler(
      std::string_view handler) const;

 private:
  void compile_all();

  std::map<std::string, std::map<std::string, nlohmann::ordered_json, std::less<>>, std::less<>>
      by_handler_;
  std::map<std::string, std::map<std::string, std::shared_ptr<const CompiledMapping>, std::less<>>,
           std::less<>>
      compiled_;
};

}  // namespace esisim::domain
