// ResourceLookup: how the mapping evaluator reads other resources.
//
// Contract: `find_body(type, id)` (and `find_ref`, the same as a json::JsonRef) returns the
// decoded config body of the resource as the Job
// Manager knows it (its own copy of the changes it has processed, `/esi-worker/config`), or
// nullptr when the Job Manager has not processed that resource. A resource whose config is in
// etcd but not yet processed counts as missing (domain.md §4.2). The pointer stays valid until
// the lookup's owner changes that resource. `MapResourceLookup` is a simple owning
// implementation keyed by (type, id).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/json/json_doc.h"
#include "nlohmann/json.hpp"

namespace esisim::domain {

class ResourceLookup {
 public:
  virtual ~ResourceLookup() = default;
  virtual const nlohmann::ordered_json* find_body(std::string_view type,
                                                  std::string_view id) const = 0;
  // The same body as a reference (what the mapping evaluator reads), nullopt when unknown.
  // Implementations holding JsonDoc bodies override it to avoid building trees.
  virtual std::optional<json::JsonRef> find_ref(std::string_view type, std::string_view id) const {
    const nlohmann::ordered_json* body = find_body(type, id);
    if (body == nullptr) return std::nullopt;
    return json::JsonRef(*body);
  }
};

class MapResourceLookup final : public ResourceLookup {
 public:
  void put(std::string type, std::string id, nlohmann::ordered_json body) {
    bodies_.insert_or_assign(std::make_pair(std::move(type), std::move(id)), std::move(body));
  }
  void erase(const std::string& type, const std::string& id) {
    bodies_.erase(std::make_pair(type, id));
  }
  const nlohmann::ordered_json* find_body(std::string_view type,
                                          std::string_view id) const override {
    auto it = bodies_.find(std::make_pair(std::string(type), std::string(id)));
    return it == bodies_.end() ? nullptr : &it->second;
  }
  std::size_t size() const { return bodies_.size(); }

 private:
  std::map<std::pair<std::string, std::string>, nlohmann::ordered_json> bodies_;
};

}  // namespace esisim::domain
