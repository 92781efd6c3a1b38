#include "core/domain/schema_catalog.h"

#include <utility>

namespace esisim::domain {
namespace {

using nlohmann::ordered_json;

constexpr int kBadCatalogue = 2;
constexpr int kNotFound = 404;

std::string string_or(const ordered_json& object, const char* key, std::string fallback) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

Result<SchemaInfo> parse_schema(const ordered_json& entry, std::size_t position) {
  const std::string where = "schemas[" + std::to_string(position) + "]";
  if (!entry.is_object()) return Error{kBadCatalogue, where + ": expected an object"};
  SchemaInfo info;
  info.id = string_or(entry, "id", "");
  info.plural = string_or(entry, "plural", "");
  info.path = string_or(entry, "prefix", "");
  if (info.id.empty() || info.plural.empty() || info.path.empty()) {
    return Error{kBadCatalogue, where + ": expected non-empty \"id\", \"plural\" and \"prefix\""};
  }
  info.singular = string_or(entry, "singular", info.id);
  info.parent = string_or(entry, "parent", "");
  const std::string suffix = "/" + info.plural;
  if (info.path.size() > suffix.size() &&
      info.path.compare(info.path.size() - suffix.size(), suffix.size(), suffix) == 0) {
    info.api_prefix = info.path.substr(0, info.path.size() - suffix.size());
  } else {
    return Error{kBadCatalogue, where + " (" + info.id + "): prefix \"" + info.path +
                                    "\" does not end with \"/" + info.plural + "\""};
  }
  if (auto metadata = entry.find("metadata"); metadata != entry.end() && metadata->is_object()) {
    if (auto path = metadata->find("template_path"); path != metadata->end()) {
      info.template_path = *path;
    }
    if (auto two_step = metadata->find("two_step_deletion");
        two_step != metadata->end() && two_step->is_boolean()) {
      info.two_step_deletion = two_step->get<bool>();
    }
  }
  const ordered_json* properties = nullptr;
  if (auto schema = entry.find("schema"); schema != entry.end() && schema->is_object()) {
    if (auto props = schema->find("properties"); props != schema->end() && props->is_object()) {
      properties = &*props;
    }
  }
  if (properties != nullptr) {
    for (auto it = properties->begin(); it != properties->end(); ++it) {
      if (!it->is_object()) continue;
      auto relation = it->find("relation");
      if (relation != it->end() && relation->is_string()) {
        info.relations[it.key()] = relation->get<std::string>();
      }
    }
  }
  return info;
}

}  // namespace

Result<SchemaCatalog> SchemaCatalog::from_json(const ordered_json& catalogue) {
  const ordered_json* list = &catalogue;
  if (catalogue.is_object()) {
    auto it = catalogue.find("schemas");
    if (it == catalogue.end()) return Error{kBadCatalogue, "schema catalogue: no \"schemas\""};
    list = &*it;
  }
  if (!list->is_array()) return Error{kBadCatalogue, "schema catalogue: expected a list"};
  if (list->size() > kSchemaCountMax) {
    return Error{kBadCatalogue,
                 "schema catalogue: more than " + std::to_string(kSchemaCountMax) + " schemas"};
  }
  SchemaCatalog catalog;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto info = parse_schema((*list)[i], i);
    if (!info) return info.error();
    const std::size_t index = catalog.schemas_.size();
    if (!catalog.by_id_.emplace(info->id, index).second) {
      return Error{kBadCatalogue, "schema catalogue: duplicate id \"" + info->id + "\""};
    }
    if (!catalog.by_path_.emplace(info->path, index).second) {
      return Error{kBadCatalogue, "schema catalogue: duplicate prefix \"" + info->path + "\""};
    }
    catalog.by_plural_[info->plural].push_back(index);
    catalog.schemas_.push_back(std::move(*info));
  }
  return catalog;
}

const SchemaInfo* SchemaCatalog::find_by_id(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &schemas_[it->second];
}

const SchemaInfo* SchemaCatalog::find_by_plural(std::string_view plural) const {
  auto it = by_plural_.find(plural);
  if (it == by_plural_.end() || it->second.size() != 1) return nullptr;
  return &schemas_[it->second.front()];
}

const SchemaInfo* SchemaCatalog::find_by_path(std::string_view path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : &schemas_[it->second];
}

Result<EtcdKeyRef> SchemaCatalog::find_by_etcd_key(std::string_view key) const {
  for (const std::string& root : etcd_resource_roots()) {
    if (key.size() <= root.size() || key.compare(0, root.size(), root) != 0 ||
        key[root.size()] != '/') {
      continue;
    }
    const std::string_view rest = key.substr(root.size());
    const std::size_t slash = rest.rfind('/');
    if (slash == 0 || slash + 1 >= rest.size()) break;
    const SchemaInfo* schema = find_by_path(rest.substr(0, slash));
    if (schema == nullptr) {
      return Error{kNotFound, "etcd key \"" + std::string(key) + "\": no schema has prefix \"" +
                                  std::string(rest.substr(0, slash)) + "\""};
    }
    return EtcdKeyRef{root, schema, std::string(rest.substr(slash + 1))};
  }
  return Error{kNotFound, "etcd key \"" + std::string(key) +
                              "\": expected <root>/<api>/<plural>/<id> with root /config, /state, "
                              "/monitoring or /esi-worker/{config,heat_stacks,job_state}"};
}

std::optional<std::string> SchemaCatalog::relation_target(std::string_view type,
                                                          std::string_view field) const {
  const std::string* target = find_relation_target(type, field);
  if (target == nullptr) return std::nullopt;
  return *target;
}

const std::string* SchemaCatalog::find_relation_target(std::string_view type,
                                                       std::string_view field) const {
  const SchemaInfo* schema = find_by_id(type);
  if (schema == nullptr) return nullptr;
  auto it = schema->relations.find(field);
  return it == schema->relations.end() ? nullptr : &it->second;
}

}  // namespace esisim::domain
