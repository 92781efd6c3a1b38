#include "core/domain/template_catalog.h"

#include <utility>

#include "core/json/json_doc.h"

namespace esisim::domain {
namespace {

using nlohmann::ordered_json;

constexpr int kBadTemplate = 2;
constexpr const char* kHeatWorker = "heat_worker";

}  // namespace

Result<HeatTemplate> parse_heat_template_body(const ordered_json& body) {
  if (!body.is_object()) return Error{kBadTemplate, "heat template: body is not an object"};
  HeatTemplate out;
  auto id = body.find("id");
  auto handler = body.find("handler");
  auto mappings = body.find("parameter_mappings");
  if (id == body.end() || !id->is_string() || handler == body.end() || !handler->is_string()) {
    return Error{kBadTemplate, "heat template: expected string \"id\" and \"handler\""};
  }
  out.id = id->get<std::string>();
  out.handler = handler->get<std::string>();
  if (mappings == body.end() || !mappings->is_object()) {
    return Error{kBadTemplate,
                 "heat template " + out.id + ": expected object \"parameter_mappings\""};
  }
  out.parameter_mappings = *mappings;
  auto compiled = compile_parameter_mappings(out.parameter_mappings);
  if (!compiled.ok()) return compiled.error();
  out.compiled = std::move(compiled.value());
  if (auto file = body.find("template_file"); file != body.end() && file->is_string()) {
    out.template_file = file->get<std::string>();
  }
  if (auto watch = body.find("watch"); watch != body.end()) out.watch = *watch;
  return out;
}

Result<HeatTemplate> parse_heat_template_record(const ordered_json& envelope) {
  if (!envelope.is_object() || !envelope.contains("body")) {
    return Error{kBadTemplate, "heat template record: expected {\"body\": ...}"};
  }
  const ordered_json& body = envelope["body"];
  if (!body.is_string()) return parse_heat_template_body(body);
  auto decoded = json::parse_ordered_json(body.get_ref<const std::string&>());
  if (decoded.is_discarded()) {
    return Error{kBadTemplate, "heat template record: body is not a JSON document"};
  }
  return parse_heat_template_body(decoded);
}

Status<> TemplateCatalog::put(HeatTemplate heat_template) {
  if (templates_.size() >= kTemplateCountMax && !templates_.contains(heat_template.id)) {
    return Error{kBadTemplate,
                 "template catalog: more than " + std::to_string(kTemplateCountMax) + " templates"};
  }
  if (!heat_template.compiled && heat_template.parameter_mappings.is_object()) {
    heat_template.compiled = compile_parameter_mappings(heat_template.parameter_mappings).value();
  }
  std::string id = heat_template.id;
  templates_.insert_or_assign(std::move(id), std::move(heat_template));
  return Unit{};
}

const HeatTemplate* TemplateCatalog::find(std::string_view id) const {
  auto it = templates_.find(id);
  return it == templates_.end() ? nullptr : &it->second;
}

Result<TemplateMappings> TemplateMappings::from_json(const ordered_json& mappings) {
  if (!mappings.is_object()) return Error{kBadTemplate, "template mappings: expected an object"};
  TemplateMappings out;
  for (auto handler = mappings.begin(); handler != mappings.end(); ++handler) {
    if (handler.key().starts_with("_")) continue;
    if (!handler->is_object()) {
      return Error{kBadTemplate,
                   "template mappings: \"" + handler.key() + "\" is not an object of mappings"};
    }
    auto& table = out.by_handler_[handler.key()];
    for (auto type = handler->begin(); type != handler->end(); ++type) {
      table.emplace(type.key(), *type);
    }
  }
  out.compile_all();
  return out;
}

void TemplateMappings::compile_all() {
  compiled_.clear();
  for (const auto& [handler, table] : by_handler_) {
    auto& compiled = compiled_[handler];
    for (const auto& [type, mapping] : table) compiled.emplace(type, compile_mapping(mapping));
  }
}

TemplateMappings TemplateMappings::from_schemas(const SchemaCatalog& catalog) {
  TemplateMappings out;
  auto& table = out.by_handler_[kHeatWorker];
  for (const SchemaInfo& schema : catalog.schemas()) {
    if (schema.template_path.has_value()) table.emplace(schema.id, *schema.template_path);
  }
  out.compile_all();
  return out;
}

std::vector<std::string> TemplateMappings::handlers() const {
  std::vector<std::string> handlers;
  if (by_handler_.contains(kHeatWorker)) handlers.emplace_back(kHeatWorker);
  for (const auto& [handler, table] : by_handler_) {
    if (handler != kHeatWorker) handlers.push_back(handler);
  }
  return handlers;
}

const ordered_json* TemplateMappings::find(std::string_view handler,
                                           std::string_view resource_type) const {
  auto table = by_handler_.find(handler);
  if (table == by_handler_.end()) return nullptr;
  auto it = table->second.find(resource_type);
  return it == table->second.end() ? nullptr : &it->second;
}

const CompiledMapping* TemplateMappings::find_compiled(std::string_view handler,
                                                       std::string_view resource_type) const {
  auto table = compiled_.find(handler);
  if (table == compiled_.end()) return nullptr;
  auto it = table->second.find(resource_type);
  return it == table->second.end() ? nullptr : it->second.get();
}

const std::map<std::string, ordered_json, std::less<>>& TemplateMappings::for_handler(
    std::string_view handler) const {
  static const std::map<std::string, ordered_json, std::less<>> kEmpty;
  auto table = by_handler_.find(handler);
  return table == by_handler_.end() ? kEmpty : table->second;
}

}  // namespace esisim::domain
