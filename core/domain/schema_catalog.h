// The Gohan schema catalogue as the Job Manager uses it: names, etcd paths, template paths and
// the relation table that `path` mappings follow.
//
// Contract: built once from the parsed catalogue (the JSON of schemas.json: {"schemas": [...]}
// or the bare list); no file IO. Immutable afterwards, so concurrent reads are safe. Lookups
// return nullptr / an error value when nothing matches; they never throw.
//
// Example:
//   auto catalog = SchemaCatalog::from_json(nlohmann::ordered_json::parse(text));
//   catalog->find_by_id("port")->plural                 == "ports"
//   catalog->find_by_id("port")->api_prefix             == "/v2.0"
//   catalog->relation_target("subnet", "network_id")   == "network"
//   catalog->find_by_etcd_key("/config/v2.0/ports/ab12") -> {root "/config", schema port, id
//   "ab12"}
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::domain {

inline constexpr std::size_t kSchemaCountMax = 4096;

struct SchemaInfo {
  std::string id;          // resource type used in jobs and relations, e.g. "ese_device"
  std::string singular;    // Gohan "singular" (differs from id for 3 schemas)
  std::string plural;      // etcd path segment, e.g. "ese_devices"
  std::string path;        // schemas.json "prefix": "/v2.0/ese_devices"
  std::string api_prefix;  // path without the plural: "/v2.0", "/common/v1.0"
  std::string parent;      // parent schema id or ""
  // metadata.template_path (heat-only template selection), absent for non-workable types.
  std::optional<nlohmann::ordered_json> template_path;
  // metadata.two_step_deletion as written; absent means Gohan's global 2-step deletion applies.
  std::optional<bool> two_step_deletion;
  // field -> target resource type, from properties carrying "relation".
  std::map<std::string, std::string, std::less<>> relations;
};

// Where an etcd key points: `root` is one of kEtcdResourceRoots.
struct EtcdKeyRef {
  std::string root;
  const SchemaInfo* schema = nullptr;
  std::string id;
};

// Key roots whose children are `<root><schema path>/<id>`.
inline const std::vector<std::string>& etcd_resource_roots() {
  static const std::vector<std::string> kRoots = {"/esi-worker/heat_stacks",
                                                  "/esi-worker/job_state",
                                                  "/esi-worker/config",
                                                  "/config",
                                                  "/state",
                                                  "/monitoring"};
  return kRoots;
}

class SchemaCatalog {
 public:
  static Result<SchemaCatalog> from_json(const nlohmann::ordered_json& catalogue);

  const std::vector<SchemaInfo>& schemas() const { return schemas_; }
  const SchemaInfo* find_by_id(std::string_view id) const;
  // nullptr when no schema or more than one schema has this plural ("extensions").
  const SchemaInfo* find_by_plural(std::string_view plural) const;
  // Exact schema path, e.g. "/v2.0/ports".
  const SchemaInfo* find_by_path(std::string_view path) const;
  // "/config/v2.0/ports/<id>", "/esi-worker/config/common/v1.0/tenants/<id>", ...
  Result<EtcdKeyRef> find_by_etcd_key(std::string_view key) const;
  // Target type of a relation field of `type`, or nullopt.
  std::optional<std::string> relation_target(std::string_view type, std::string_view field) const;
  // The same without a copy: the catalog's string (valid as long as the catalog), or nullptr.
  const std::string* find_relation_target(std::string_view type, std::string_view field) const;

 private:
  std::vector<SchemaInfo> schemas_;
  std::map<std::string, std::size_t, std::less<>> by_id_;
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_plural_;
  std::map<std::string, std::size_t, std::less<>> by_path_;
};

}  // namespace esisim::domain
