#include "sim/actors/gohan_actor.h"

#include "core/json/go_json.h"

namespace esisim::sim {

using nlohmann::ordered_json;

GohanActor::GohanActor(EventLoop& loop, SimEtcd& etcd, const domain::SchemaCatalog& schemas,
                       GohanOptions options)
    : loop_(loop), etcd_(etcd), schemas_(schemas), options_(options) {}

void GohanActor::start() {
  if (started_) return;
  started_ = true;
  auto got = etcd_.api().get("/", {});
  uint64_t from = got.ok() ? got->etcd_index + 1 : got.error().index + 1;
  watch_state(from);
}

void GohanActor::watch_state(uint64_t from_index) {
  if (stopped_) return;
  etcd::WaitOptions wait;
  wait.recursive = true;
  wait.wait_index = from_index;
  auto w = etcd_.watch("/state", wait, [this](const etcd::Event& e) {
    if (stopped_) return;
    if ((e.action == etcd::Action::kSet || e.action == etcd::Action::kCreate) && e.node.value) {
      saw_state(e.node.key, *e.node.value);
    }
    watch_state(e.index() + 1);
  });
  if (!w.ok()) errors_.push_back("gohan: watch /state: " + w.error().to_string());
}

void GohanActor::saw_state(const std::string& key, std::string_view value) {
  std::string config_key = "/config/" + key.substr(7);
  auto owner = by_config_key_.find(config_key);
  if (owner == by_config_key_.end()) return;
  auto record = records_.find(owner->second);
  if (record == records_.end() || !record->second.marked_for_deletion) return;
  auto state = ordered_json::parse(value, nullptr, false);
  if (!state.is_object() || state.value("version", int64_t{-1}) != record->second.version) return;
  auto inner = state.find("state");
  if (inner == state.end() || !inner->is_object()) return;
  std::string worker_state = inner->value("worker_state", "");
  if (worker_state != "DELETE_COMPLETED" && worker_state != "READ_COMPLETE") return;
  auto resource = owner->second;
  ++pending_removals_;
  auto scheduled = loop_.schedule_after(options_.removal_delay_ms, "gohan removes " + config_key,
                                        [this, resource, config_key, key] {
                                          etcd_.api().remove(config_key, {});
                                          etcd_.api().remove(key, {});
                                          records_.erase(resource);
                                          --pending_removals_;
                                          by_config_key_.erase(config_key);
                                        });
  if (!scheduled.ok()) errors_.push_back("gohan: " + scheduled.error().message);
}

Result<const domain::SchemaInfo*> GohanActor::schema_of(std::string_view type) const {
  const domain::SchemaInfo* schema = schemas_.find_by_id(type);
  if (schema == nullptr) {
    return Error{2, "unknown resource type '" + std::string(type) + "' (not in the schemas)"};
  }
  return schema;
}

Status<> GohanActor::write(Record& record) {
  std::string marshalled;
  std::string_view body = record.body_text;
  if (body.empty()) {
    auto text = json::go_json_marshal(record.body);
    if (!text.ok()) return text.error();
    marshalled = std::move(text.value());
    body = marshalled;
  }
  // go_json_marshal of {"body": body, "marked_for_deletion": b, "version": N}, written directly
  // (its keys are in Go's sorted order): the body text is escaped once, not copied into a tree.
  json::TextBuffer envelope;
  envelope.reserve(body.size() + body.size() / 4 + 64);
  envelope.append("{\"body\":");
  json::append_go_json_string(body, envelope);
  envelope.append(record.marked_for_deletion ? ",\"marked_for_deletion\":true,\"version\":"
                                             : ",\"marked_for_deletion\":false,\"version\":");
  envelope.append(std::to_string(record.version));
  envelope.append('}');
  auto r = etcd_.api().put(record.config_key, envelope.view(), {});
  if (!r.ok()) return Error{1, record.config_key + ": " + r.error().to_string()};
  return Unit{};
}

Status<> GohanActor::put_template(const ordered_json& template_body, std::string_view body_text) {
  if (!template_body.is_object() || !template_body.contains("id") ||
      !template_body["id"].is_string()) {
    return Error{2, "a heat template needs a string id"};
  }
  std::string id = template_body["id"].get<std::string>();
  auto key = std::make_pair(std::string("heat_template"), id);
  Record& record = records_[key];
  record.config_key = "/config/v2.0/heat_templates/" + id;
  record.body = template_body;
  record.body_text = std::string(body_text);
  ++record.version;
  return write(record);
}

Status<> GohanActor::create(std::string_view type, std::string_view id, ordered_json body) {
  auto schema = schema_of(type);
  if (!schema.ok()) return schema.error();
  auto key = std::make_pair(std::string(type), std::string(id));
  if (records_.count(key) > 0) {
    return Error{2, std::string(type) + " " + std::string(id) + " already exists"};
  }
  if (!body.is_object()) return Error{2, "the body of a resource must be an object"};
  if (!body.contains("id")) body["id"] = std::string(id);
  Record record;
  record.config_key = "/config" + schema.value()->path + "/" + std::string(id);
  record.body = std::move(body);
  record.version = 1;
  by_config_key_[record.config_key] = key;
  auto [it, inserted] = records_.emplace(key, std::move(record));
  return write(it->second);
}

Status<> GohanActor::update(std::string_view type, std::string_view id, const ordered_json& body,
                            bool merge) {
  auto it = records_.find(std::make_pair(std::string(type), std::string(id)));
  if (it == records_.end()) {
    return Error{2, std::string(type) + " " + std::string(id) + " does not exist"};
  }
  if (!body.is_object()) return Error{2, "the body of a resource must be an object"};
  Record& record = it->second;
  if (record.marked_for_deletion) {
    return Error{2, std::string(type) + " " + std::string(id) + " is being deleted"};
  }
  if (merge) {
    for (const auto& [k, v] : body.items()) record.body[k] = v;
  } else {
    record.body = body;
    if (!record.body.contains("id")) record.body["id"] = std::string(id);
  }
  record.body_text.clear();
  ++record.version;
  return write(record);
}

Status<> GohanActor::remove(std::string_view type, std::string_view id, const ordered_json& set) {
  auto it = records_.find(std::make_pair(std::string(type), std::string(id)));
  if (it == records_.end()) {
    return Error{2, std::string(type) + " " + std::string(id) + " does not exist"};
  }
  if (!set.is_object()) return Error{2, "the fields set by a deletion must be an object"};
  Record& record = it->second;
  if (record.marked_for_deletion) return Unit{};
  for (const auto& [k, v] : set.items()) record.body[k] = v;
  record.body_text.clear();
  record.marked_for_deletion = true;
  ++record.version;
  return write(record);
}

int64_t GohanActor::version_of(std::string_view type, std::string_view id) const {
  auto it = records_.find(std::make_pair(std::string(type), std::string(id)));
  return it == records_.end() ? 0 : it->second.version;
}

const ordered_json* GohanActor::body_of(std::string_view type, std::string_view id) const {
  auto it = records_.find(std::make_pair(std::string(type), std::string(id)));
  return it == records_.end() ? nullptr : &it->second.body;
}

}  // namespace esisim::sim
