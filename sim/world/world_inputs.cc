#include "sim/world/world_inputs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json/go_json.h"
#include "sim/world/sim_world.h"

namespace esisim::sim {

using nlohmann::ordered_json;

Result<ordered_json> read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{2, path + ": cannot open"};
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = ordered_json::parse(text.str(), nullptr, false);
  if (parsed.is_discarded()) return Error{2, path + ": not JSON"};
  return parsed;
}

Result<ordered_json> read_template_body(const std::string& path) {
  auto record = read_json_file(path);
  if (!record.ok()) return record.error();
  const ordered_json& value = record->contains("value") ? (*record)["value"] : record.value();
  if (!value.is_object() || !value.contains("body") || !value["body"].is_object()) {
    return Error{2, path + ": expected {\"value\": {\"body\": {template}}}"};
  }
  return value["body"];
}

Result<std::shared_ptr<const WorldInputs>> load_world_inputs(const WorldConfig& config) {
  auto inputs = std::make_shared<WorldInputs>();
  auto schemas_json = read_json_file(config.schemas_path);
  if (!schemas_json.ok()) return schemas_json.error();
  auto schemas = domain::SchemaCatalog::from_json(schemas_json.value());
  if (!schemas.ok()) return Error{2, config.schemas_path + ": " + schemas.error().message};
  inputs->schemas = std::move(schemas.value());
  if (!config.mappings_path.empty()) {
    auto mappings_json = read_json_file(config.mappings_path);
    if (!mappings_json.ok()) return mappings_json.error();
    auto mappings = domain::TemplateMappings::from_json(mappings_json.value());
    if (!mappings.ok()) return Error{2, config.mappings_path + ": " + mappings.error().message};
    inputs->mw2017 = std::move(mappings.value());
  }
  if (!std::filesystem::is_directory(config.templates_dir)) {
    return Error{2, config.templates_dir + ": not a folder of heat templates"};
  }
  for (const auto& entry : std::filesystem::directory_iterator(config.templates_dir)) {
    if (entry.path().extension() != ".json") continue;
    inputs->template_names.push_back(entry.path().stem().string());
    // A bad record is left out: load_templates then reads it and reports it as before.
    auto body = read_template_body(entry.path().string());
    if (!body.ok()) continue;
    auto text = json::go_json_marshal(body.value());
    if (!text.ok()) continue;
    WorldInputs::Template prepared{std::move(body.value()), std::move(text.value()), {}};
    const std::string name = entry.path().stem().string();
    auto file = prepared.body.find("template_file");
    if (file != prepared.body.end() && file->is_string()) {
      auto parsed = heat::parse_jinja(name, file->get_ref<const std::string&>());
      if (parsed.ok()) prepared.jinja = std::move(parsed.value());
    }
    inputs->templates.emplace(name, std::move(prepared));
  }
  std::sort(inputs->template_names.begin(), inputs->template_names.end());
  return std::shared_ptr<const WorldInputs>(std::move(inputs));
}

}  // namespace esisim::sim
