#include "core/scheduler/job_manager.h"

#include <algorithm>
#include <charconv>

#include "core/json/json_doc.h"
#include "core/json/py27_dict.h"
#include "core/json/python_json.h"

namespace esisim::scheduler {

using nlohmann::ordered_json;

namespace {

constexpr std::string_view kWorkflowRecordKey = "/worker-workflow-jobs";

struct Envelope {
  json::JsonDoc body;
  int64_t version = 0;
  bool marked_for_deletion = false;
};

// Gohan's /config envelope: {"body": "<JSON text>", "marked_for_deletion": bool, "version": N}.
Result<Envelope> parse_envelope(std::string_view key, std::string_view stored) {
  auto bad = [&](const std::string& what) {
    return Error{2, std::string(key) +
                        ": expected a Gohan record {\"body\": \"<JSON>\", "
                        "\"marked_for_deletion\": bool, \"version\": int}: " +
                        what};
  };
  auto parsed = json::JsonDoc::parse(stored);
  if (!parsed.ok()) return bad(parsed.error().message);
  if (!parsed->has_value() || !(*parsed)->root().is_object()) return bad("not a JSON object");
  const json::JsonRef envelope = (*parsed)->root();
  const json::JsonRef body = envelope.find("body");
  if (body.is_null()) {
    bool present = false;
    envelope.for_each_member(
        [&](std::string_view name, json::JsonRef) { present = present || name == "body"; });
    if (!present) return bad("no \"body\"");
  }
  std::optional<json::JsonDoc> body_doc;
  if (body.is_string()) {
    auto decoded = json::JsonDoc::parse(body.string());
    if (!decoded.ok()) return bad(decoded.error().message);
    if (!decoded->has_value()) return bad("\"body\" is not JSON text");
    body_doc = std::move(decoded.value());
  } else {
    body_doc = json::JsonDoc::from_json(body.to_json());
  }
  if (!body_doc->root().is_object()) return bad("\"body\" is not an object");
  Envelope out{std::move(*body_doc), 0, false};
  const json::JsonRef version = envelope.find("version");
  if (version.kind() == json::JsonKind::kInteger) {
    out.version = version.integer();
  } else if (version.kind() == json::JsonKind::kUnsigned) {
    out.version = static_cast<int64_t>(version.unsigned_integer());
  } else {
    return bad("no integer \"version\"");
  }
  const json::JsonRef marked = envelope.find("marked_for_deletion");
  if (marked.kind() == json::JsonKind::kBoolean) out.marked_for_deletion = marked.boolean();
  return out;
}

void append_int(int64_t number, std::string& out) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, number).ptr);
}

EtcdWrite write(EtcdWrite::Kind kind, std::string key, std::string value = {}) {
  EtcdWrite w;
  w.kind = kind;
  w.key = std::move(key);
  w.value = std::move(value);
  return w;
}

// The /esi-worker/config value: json.dumps({"body", "deleted", "version"}, sort_keys=True), the
// body's text made once per change.
Result<std::string> copy_value(const ResourceInput& body, int64_t version, bool deleted) {
  const Result<std::string>& body_text = body.sorted_text();
  if (!body_text.ok()) return body_text.error();
  std::string stored;
  stored.reserve(body_text.value().size() + 64);
  stored += "{\"body\": ";
  stored += body_text.value();
  stored += deleted ? ", \"deleted\": true, \"version\": " : ", \"deleted\": false, \"version\": ";
  append_int(version, stored);
  stored += '}';
  return stored;
}

// Python 2 set order of ids inserted in this order (duplicates dropped).
std::vector<std::string> py27_set(const std::vector<std::string_view>& ids) {
  std::vector<std::string> out;
  if (ids.empty()) return out;
  const std::vector<uint32_t>& order = json::py27_dict_order_indexes(ids);
  out.reserve(order.size());
  for (uint32_t index : order) out.emplace_back(ids[index]);
  return out;
}

// prefix + text in one allocation.
std::string prefixed(std::string_view prefix, std::string_view text) {
  std::string out;
  out.reserve(prefix.size() + text.size());
  out.append(prefix);
  out.append(text);
  return out;
}

}  // namespace

JobManagerCore::JobManagerCore(const domain::SchemaCatalog& schemas,
                               domain::TemplateMappings heat_only, domain::TemplateMappings mw2017,
                               JobManagerOptions options, std::function<std::string()> next_suffix)
    : schemas_(schemas),
      heat_only_(std::move(heat_only)),
      mw2017_(std::move(mw2017)),
      options_(options),
      next_suffix_(std::move(next_suffix)),
      registry_(options.jobs_max) {}

Generation JobManagerCore::generation() const {
  if (options_.generation != Generation::kAuto) return options_.generation;
  return saw_other_handler_ ? Generation::kMw2017 : Generation::kHeatOnly;
}

const domain::TemplateMappings& JobManagerCore::mappings() const {
  return generation() == Generation::kMw2017 ? mw2017_ : heat_only_;
}

std::string JobManagerCore::resource_key(std::string_view root, const domain::SchemaInfo& schema,
                                         std::string_view id) const {
  std::string key;
  key.reserve(root.size() + schema.path.size() + 1 + id.size());
  key.append(root);
  key.append(schema.path);
  key += '/';
  key.append(id);
  return key;
}

Result<std::string> JobManagerCore::next_job_suffix() {
  std::string suffix = next_suffix_();
  if (!valid_job_suffix(suffix)) {
    return Error{2, "job-id suffix \"" + suffix + "\" is not 5 characters of [0-9a-z]"};
  }
  return suffix;
}

const ordered_json* JobManagerCore::CopyLookup::find_body(std::string_view type,
                                                          std::string_view id) const {
  auto it = copies_.find(ResourceKeyView(type, id));
  return it == copies_.end() ? nullptr : &it->second.body.json();
}

std::optional<json::JsonRef> JobManagerCore::CopyLookup::find_ref(std::string_view type,
                                                                  std::string_view id) const {
  auto it = copies_.find(ResourceKeyView(type, id));
  if (it == copies_.end()) return std::nullopt;
  return it->second.body.ref();
}

Result<EtcdWrite> JobManagerCore::update_copy(const domain::SchemaInfo& schema, std::string_view id,
                                              const ResourceInput& body, int64_t version,
                                              bool deleted) {
  auto stored = copy_value(body, version, deleted);
  if (!stored.ok()) return stored.error();
  std::string key = resource_key("/esi-worker/config", schema, id);
  auto existing = copies_.find(ResourceKeyView(schema.id, id));
  EtcdWrite w;
  if (existing == copies_.end()) {
    w = write(EtcdWrite::Kind::kCreate, std::move(key), std::move(stored.value()));
    existing = copies_.try_emplace(ResourceKey(schema.id, id)).first;
  } else {
    const Copy& previous = existing->second;
    auto previous_value = copy_value(previous.body, previous.version, previous.deleted);
    if (!previous_value.ok()) return previous_value.error();
    w = write(EtcdWrite::Kind::kCompareAndSwap, std::move(key), std::move(stored.value()));
    w.prev_value = std::move(previous_value.value());
  }
  existing->second = Copy{body.body_only(), version, deleted};
  return w;
}

std::optional<domain::EtcdKeyRef> JobManagerCore::config_resource(std::string_view key) const {
  auto ref = schemas_.find_by_etcd_key(key);
  if (!ref.ok() || ref->root != "/config") return std::nullopt;
  return std::move(ref.value());
}

Result<ReadOutcome> JobManagerCore::read_config_set(std::string_view key,
                                                    std::string_view stored_value, bool front) {
  ReadOutcome outcome;
  auto ref = config_resource(key);
  if (!ref) {
    outcome.note = std::string(key) + ": not a resource of a known schema";
    return outcome;
  }
  const domain::SchemaInfo& schema = *ref->schema;
  if (schema.plural == "heat_templates") {
    ordered_json envelope = json::parse_ordered_json(stored_value);
    auto tmpl = domain::parse_heat_template_record(envelope);
    if (!tmpl.ok()) return Error{2, std::string(key) + ": " + tmpl.error().message};
    if (tmpl->handler != kHeatHandler) saw_other_handler_ = true;
    auto put = templates_.put(std::move(tmpl.value()));
    if (!put.ok()) return put.error();
    outcome.kind = ReadOutcome::Kind::kTemplateLoaded;
    return outcome;
  }
  auto envelope = parse_envelope(key, stored_value);
  if (!envelope.ok()) return envelope.error();
  domain::MappingContext context{schema.id,         ref->id,  envelope->body.root(),
                                 envelope->version, schemas_, lookup_};
  auto selected = domain::select_templates(mappings(), context);
  if (!selected.ok()) {
    return Error{selected.error().code,
                 std::string(key) + ": template selection: " + selected.error().message};
  }
  if (selected->empty()) {
    // Non-workable: READ_COMPLETE at once, then the worker db cache. The /state value is
    // json.dumps({"error": "", "state": {"worker_state": "READ_COMPLETE"}, "version": N},
    // sort_keys=True).
    std::string stored = R"({"error": "", "state": {"worker_state": "READ_COMPLETE"}, "version": )";
    append_int(envelope->version, stored);
    stored += '}';
    outcome.writes.push_back(
        write(EtcdWrite::Kind::kSet, resource_key("/state", schema, ref->id), std::move(stored)));
    auto copy = update_copy(schema, ref->id, ResourceInput(std::move(envelope->body)),
                            envelope->version, envelope->marked_for_deletion);
    if (!copy.ok()) return copy.error();
    outcome.writes.push_back(std::move(copy.value()));
    outcome.kind = ReadOutcome::Kind::kNonWorkable;
    return outcome;
  }
  if (queue_.size() >= options_.queue_max) {
    return Error{2, "the Job Manager has " + std::to_string(options_.queue_max) +
                        " workable changes queued, its limit; cannot queue " + std::string(key)};
  }
  QueuedChange queued{std::string(key),
                      &schema,
                      ref->id,
                      ResourceInput(std::move(envelope->body)),
                      envelope->version,
                      envelope->marked_for_deletion,
                      std::move(selected.value())};
  if (front) {
    queue_.push_front(std::move(queued));
  } else {
    queue_.push_back(std::move(queued));
  }
  outcome.kind = ReadOutcome::Kind::kQueued;
  return outcome;
}

Result<ReadOutcome> JobManagerCore::read_config_delete(std::string_view key) {
  ReadOutcome outcome;
  auto ref = config_resource(key);
  if (!ref) {
    outcome.note = std::string(key) + ": not a resource of a known schema";
    return outcome;
  }
  const domain::SchemaInfo& schema = *ref->schema;
  auto copy = copies_.find(ResourceKeyView(schema.id, ref->id));
  if (copy == copies_.end()) {
    outcome.note = std::string(key) + ": deleted before the Job Manager processed it";
    return outcome;
  }
  copies_.erase(copy);
  outcome.writes.push_back(
      write(EtcdWrite::Kind::kDelete, resource_key("/esi-worker/config", schema, ref->id)));
  outcome.writes.push_back(
      write(EtcdWrite::Kind::kDelete, resource_key("/esi-worker/heat_stacks", schema, ref->id)));
  outcome.kind = ReadOutcome::Kind::kCleanedUp;
  return outcome;
}

bool JobManagerCore::is_queued(std::string_view config_key, int64_t version) const {
  for (const QueuedChange& change : queue_) {
    if (change.config_key == config_key && change.version == version) return true;
  }
  return false;
}

Result<ScheduleOutcome> JobManagerCore::schedule_next(StateReader& state) {
  ScheduleOutcome outcome;
  if (queue_.empty()) return outcome;
  QueuedChange change = std::move(queue_.front());
  queue_.pop_front();
  const domain::SchemaInfo& schema = *change.schema;

  std::optional<int64_t> state_version =
      state.state_version(resource_key("/state", schema, change.id));
  ResourceChange rc;
  rc.resource_type = schema.id;
  rc.resource_id = change.id;
  rc.version = change.version;
  rc.body = change.body;
  if (!state_version) {
    rc.action = ChangeAction::kCreate;
  } else if (*state_version == change.version) {
    outcome.note = change.config_key + ": version " + std::to_string(change.version) +
                   " already in /state, no change";
    return outcome;
  } else {
    rc.action = change.marked_for_deletion ? ChangeAction::kLogicalDelete : ChangeAction::kModify;
  }
  // The copy is only replaced by update_copy below, after the workflow is built.
  if (auto prev = copies_.find(ResourceKeyView(schema.id, change.id)); prev != copies_.end()) {
    rc.previous = PreviousVersion{prev->second.body.ref(), prev->second.version};
  }

  WorkflowInputs inputs{schemas_, templates_, lookup_};
  auto jobs = build_workflow(rc, change.selected, inputs);
  if (!jobs.ok()) return jobs.error();

  // Dependencies: (a') then (b), full jobs with duplicates in the record; a set on job 0.
  std::vector<const Job*> external = registry_.forward_dependencies(jobs.value());
  for (const Job* j : registry_.reverse_dependencies(schema.id, change.id)) external.push_back(j);
  // (c) the unfinished jobs of this very resource (an earlier version still running).
  for (const Job* j : registry_.jobs_of(schema.id, change.id)) {
    if (std::find(external.begin(), external.end(), j) == external.end()) external.push_back(j);
  }
  std::vector<std::string_view> external_ids;
  external_ids.reserve(external.size());
  for (const Job* j : external) external_ids.push_back(j->id);

  auto record = workflow_record_value(change_action_name(rc.action), external, jobs.value());
  if (!record.ok()) return record.error();
  outcome.writes.push_back(
      write(EtcdWrite::Kind::kSet, std::string(kWorkflowRecordKey), std::move(record.value())));
  auto copy =
      update_copy(schema, change.id, change.body, change.version, change.marked_for_deletion);
  if (!copy.ok()) return copy.error();
  outcome.writes.push_back(std::move(copy.value()));

  outcome.writes.reserve(outcome.writes.size() + 2 * jobs->size() + 1);
  outcome.job_ids.reserve(jobs->size());
  std::vector<std::string_view> earlier_ids;
  for (size_t k = 0; k < jobs->size(); ++k) {
    Job job = std::move(jobs.value()[k]);
    auto suffix = next_job_suffix();
    if (!suffix.ok()) return suffix.error();
    job.id = job.make_id(suffix.value());
    job.dependency = py27_set(k == 0 ? external_ids : earlier_ids);
    auto value = jobs_all_value(job);
    if (!value.ok()) return value.error();
    std::string all_key = prefixed("/jobs/all/", job.id);
    std::string handler = job.handler;
    outcome.job_ids.push_back(job.id);
    auto queue = registry_.add(std::move(job));
    if (!queue.ok()) return queue.error();
    const std::string& id = outcome.job_ids.back();
    outcome.writes.push_back(
        write(EtcdWrite::Kind::kSet, std::move(all_key), std::move(value.value())));
    const char* dir = queue.value() == JobQueue::kWaiting ? "/jobs/waiting/" : "/jobs/ready/";
    outcome.writes.push_back(write(EtcdWrite::Kind::kSet, prefixed(dir, id), std::move(handler)));
    earlier_ids.push_back(id);
  }
  outcome.writes.push_back(write(EtcdWrite::Kind::kDelete, std::string(kWorkflowRecordKey)));
  return outcome;
}

std::vector<EtcdWrite> JobManagerCore::job_failed(std::string_view job_id) {
  const Job* job = registry_.find(job_id);
  if (job == nullptr) return {};
  return end_job(job_id, job->on_failure == "ignore");
}

std::vector<EtcdWrite> JobManagerCore::job_finished(std::string_view job_id) {
  return end_job(job_id, true);
}

std::vector<EtcdWrite> JobManagerCore::end_job(std::string_view job_id, bool promote) {
  std::vector<EtcdWrite> writes;
  if (registry_.find(job_id) == nullptr) return writes;
  std::vector<std::string> promoted = registry_.finish(job_id, promote);
  writes.reserve(2 + 2 * promoted.size());
  writes.push_back(write(EtcdWrite::Kind::kDelete, prefixed("/jobs/all/", job_id)));
  writes.push_back(write(EtcdWrite::Kind::kDelete, prefixed("/jobs/finished/", job_id)));
  for (const std::string& id : promoted) {
    const Job* job = registry_.find(id);
    writes.push_back(write(EtcdWrite::Kind::kCreate, prefixed("/jobs/ready/", id), job->handler));
    writes.push_back(write(EtcdWrite::Kind::kDelete, prefixed("/jobs/waiting/", id)));
  }
  return writes;
}

}  // namespace esisim::scheduler
