// JobManagerCore: the Job Manager's decisions (domain.md §4–§5, domain-2017.md §1.5–§2.4) as
// ordered etcd writes. No etcd, clock or randomness inside: the actor (sim/) reads etcd, feeds
// the changes in etcd order, performs the writes in the order given, and supplies job-id
// suffixes (random or recorded).
//
// * read_config_set/read_config_delete: called for every /config event as it is read.
//   Heat templates are loaded; non-workable changes get their writes at once (set /state
//   READ_COMPLETE, then create|CAS /esi-worker/config); a deleted config of a known resource
//   gets the cleanup deletes; workable changes are queued, strictly in etcd order.
// * schedule_next: the writes of the next queued workflow: set /worker-workflow-jobs,
//   create|CAS /esi-worker/config, per job set /jobs/all then set /jobs/ready|waiting, delete
//   /worker-workflow-jobs. Lookups of other resources see only the changes already processed.
// * job_finished: delete /jobs/all, delete /jobs/finished, then per promoted job create
//   /jobs/ready and delete /jobs/waiting.
// Dependencies of a workflow's first job: rules (a') and (b) of job_registry.h, then (c) the
// unfinished jobs of the same resource (a new version never runs beside the previous one).
// Generation: heat-only unless a loaded template has a handler other than heat_worker (or set
// explicitly); template mappings per generation are data.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/domain/resource_lookup.h"
#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/scheduler/job_registry.h"
#include "core/scheduler/workflow_builder.h"
#include "core/util/result.h"

namespace esisim::scheduler {

struct EtcdWrite {
  enum class Kind { kSet, kCreate, kCompareAndSwap, kDelete };
  Kind kind = Kind::kSet;
  std::string key;
  std::string value;       // set, create, compareAndSwap
  std::string prev_value;  // compareAndSwap: the value the Job Manager wrote before
};

enum class Generation { kAuto, kHeatOnly, kMw2017 };

struct JobManagerOptions {
  Generation generation = Generation::kAuto;
  size_t jobs_max = kUnfinishedJobsMaxDefault;
  size_t queue_max = 1'000'000;  // workable changes read but not yet scheduled
};

// What the core needs to read from etcd: the version in /state/<path>, if there is one.
class StateReader {
 public:
  virtual ~StateReader() = default;
  virtual std::optional<int64_t> state_version(std::string_view state_key) = 0;
};

// A StateReader answering from a map of /state keys to versions (replays and tests). A hash
// map: a lookup costs the same with 10^3 or 10^6 resources (never iterated for output).
class MapStateReader : public StateReader {
 public:
  std::optional<int64_t> state_version(std::string_view key) override {
    auto it = versions.find(key);
    if (it == versions.end()) return std::nullopt;
    return it->second;
  }
  std::unordered_map<std::string, int64_t, StringHash, std::equal_to<>> versions;
};

struct ReadOutcome {
  enum class Kind { kIgnored, kTemplateLoaded, kNonWorkable, kQueued, kCleanedUp };
  Kind kind = Kind::kIgnored;
  std::vector<EtcdWrite> writes;
  std::string note;  // why it was ignored, for logs
};

struct ScheduleOutcome {
  std::vector<EtcdWrite> writes;
  std::vector<std::string> job_ids;  // the jobs stored, in order
  std::string note;                  // set when nothing was scheduled (no change)
};

class JobManagerCore {
 public:
  JobManagerCore(const domain::SchemaCatalog& schemas, domain::TemplateMappings heat_only,
                 domain::TemplateMappings mw2017, JobManagerOptions options,
                 std::function<std::string()> next_suffix);

  // `front`: queue a workable change ahead of the others (a replay placing a change whose
  // recorded config event came late or was lost where the recording scheduled it).
  Result<ReadOutcome> read_config_set(std::string_view key, std::string_view stored_value,
                                      bool front = false);
  Result<ReadOutcome> read_config_delete(std::string_view key);

  bool has_queued_workflow() const { return !queue_.empty(); }
  // Whether the change of `config_key` at `version` is read and waiting to be scheduled.
  bool is_queued(std::string_view config_key, int64_t version) const;
  size_t queued_workflows() const { return queue_.size(); }
  Result<ScheduleOutcome> schedule_next(StateReader& state);

  std::vector<EtcdWrite> job_finished(std::string_view job_id);
  // A job whose worker reported a failure (/jobs/finished value "FAILED"): its keys go as for a
  // finished job; with on_failure "ignore" its dependants are promoted as usual, otherwise they
  // stay in /jobs/waiting for good (the failure model of domain.md §11.8).
  std::vector<EtcdWrite> job_failed(std::string_view job_id);

  Generation generation() const;
  const JobRegistry& registry() const { return registry_; }
  const domain::TemplateCatalog& templates() const { return templates_; }

 private:
  // The Job Manager's copy of a processed resource (/esi-worker/config). The value written is
  // made again from these when it is needed (as the previous value of a compare-and-swap).
  struct Copy {
    ResourceInput body;  // body only, no texts
    int64_t version = 0;
    bool deleted = false;
  };
  // Copies by (type, id) (a hash map: the lookups of a job cost the same at any number of
  // resources; never iterated).
  using CopyMap = std::unordered_map<ResourceKey, Copy, ResourceKeyHash, ResourceKeyEqual>;
  // The mapping evaluator's view of the copies (domain::ResourceLookup).
  class CopyLookup final : public domain::ResourceLookup {
   public:
    explicit CopyLookup(const CopyMap& copies) : copies_(copies) {}
    const nlohmann::ordered_json* find_body(std::string_view type,
                                            std::string_view id) const override;
    std::optional<json::JsonRef> find_ref(std::string_view type,
                                          std::string_view id) const override;

   private:
    const CopyMap& copies_;
  };
  struct QueuedChange {
    std::string config_key;
    const domain::SchemaInfo* schema = nullptr;
    std::string id;
    ResourceInput body;
    int64_t version = 0;
    bool marked_for_deletion = false;
    std::vector<domain::HandlerTemplate> selected;
  };

  const domain::TemplateMappings& mappings() const;
  // The schema and id of a /config/<api>/<plural>/<id> key, or nullopt.
  std::optional<domain::EtcdKeyRef> config_resource(std::string_view key) const;
  // root + the schema's path + "/" + id, e.g. "/state/v2.0/ports/<id>".
  std::string resource_key(std::string_view root, const domain::SchemaInfo& schema,
                           std::string_view id) const;
  Result<EtcdWrite> update_copy(const domain::SchemaInfo& schema, std::string_view id,
                                const ResourceInput& body, int64_t version, bool deleted);
  Result<std::string> next_job_suffix();
  std::vector<EtcdWrite> end_job(std::string_view job_id, bool promote);

  const domain::SchemaCatalog& schemas_;
  domain::TemplateMappings heat_only_;
  domain::TemplateMappings mw2017_;
  JobManagerOptions options_;
  std::function<std::string()> next_suffix_;
  domain::TemplateCatalog templates_;
  bool saw_other_handler_ = false;
  CopyMap copies_;
  CopyLookup lookup_{copies_};
  std::deque<QueuedChange> queue_;
  JobRegistry registry_;
};

}  // namespace esisim::scheduler
