// Gohan as the scenarios need it (domain.md §3, §3.4, §8.3): it writes resource records and
// heat templates to /config, manages versions, and finishes two-step deletions.
//
// Contract:
// * Records are `{"body": <Go JSON text of the body>, "marked_for_deletion": b, "version": N}`
//   (Go json.Marshal, sorted keys), written with set; the body gets `id` when it lacks one.
//   create writes version 1, update version + 1 (the body replaced, or fields merged), delete
//   version + 1 with marked_for_deletion true (two-step deletion; fields may be merged into the
//   body by that write too).
// * A marked resource is removed once /state reports it done at its version
//   (`DELETE_COMPLETED`, or `READ_COMPLETE` for a non-workable type): after
//   `removal_delay_ms` Gohan deletes its /config and then its /state key.
// * Follow-up writes that Gohan extensions make in the real system (a port's `attached`...)
//   are not hidden here: scenarios script them as updates.
// * Errors (unknown type, create of an existing resource, update of an unknown one) are values
//   naming the resource.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/schema_catalog.h"
#include "core/util/result.h"
#include "sim/event_loop.h"
#include "sim/sim_etcd.h"

namespace esisim::sim {

struct GohanOptions {
  int64_t removal_delay_ms = 100;  // /state DELETE_COMPLETED -> /config and /state deletes
};

class GohanActor {
 public:
  GohanActor(EventLoop& loop, SimEtcd& etcd, const domain::SchemaCatalog& schemas,
             GohanOptions options = {});

  // Watches /state for finished deletions. Call once before the first write.
  void start();
  void stop() { stopped_ = true; }

  // /config/v2.0/heat_templates/<id> = {"body": <template body>, ...}, version managed too.
  // `body_text`, when given, is go_json_marshal(template_body), made once by the caller (a
  // template set shared by many worlds); it is written as it is.
  Status<> put_template(const nlohmann::ordered_json& template_body,
                        std::string_view body_text = {});
  Status<> create(std::string_view type, std::string_view id, nlohmann::ordered_json body);
  // `merge`: the fields of `body` replace those of the current body; otherwise it replaces it.
  Status<> update(std::string_view type, std::string_view id, const nlohmann::ordered_json& body,
                  bool merge);
  // Marks the resource for deletion (version + 1), merging `set`'s fields into its body.
  Status<> remove(std::string_view type, std::string_view id,
                  const nlohmann::ordered_json& set = nlohmann::ordered_json::object());

  // The current version of a resource (0 when unknown).
  int64_t version_of(std::string_view type, std::string_view id) const;
  // The current body of a resource, or nullptr.
  const nlohmann::ordered_json* body_of(std::string_view type, std::string_view id) const;
  const std::vector<std::string>& errors() const { return errors_; }
  // Removals of finished two-step deletions not yet made.
  size_t pending_removals() const { return pending_removals_; }

 private:
  struct Record {
    std::string config_key;
    nlohmann::ordered_json body;
    std::string body_text;  // go_json_marshal(body) when known, else empty
    int64_t version = 0;
    bool marked_for_deletion = false;
  };
  Result<const domain::SchemaInfo*> schema_of(std::string_view type) const;
  Status<> write(Record& record);
  void watch_state(uint64_t from_index);
  void saw_state(const std::string& key, std::string_view value);

  EventLoop& loop_;
  SimEtcd& etcd_;
  const domain::SchemaCatalog& schemas_;
  GohanOptions options_;
  bool stopped_ = false;
  bool started_ = false;
  size_t pending_removals_ = 0;
  std::map<std::pair<std::string, std::string>, Record, std::less<>> records_;
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> by_config_key_;
  std::vector<std::string> errors_;
};

}  // namespace esisim::sim
