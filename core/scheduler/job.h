// A Job Manager job and the exact JSON forms the real Job Manager writes for it.
//
// Three forms (domain.md §5.1–5.2, key orders from the full-index recordings):
// * `/jobs/all/<id>`: Python json.dumps of [handler, job, 0] with the job's keys in the writer's
//   fixed order (is_first, version, resource_id, resource_input, on_failure, id, dependency,
//   handler, params, action, is_last, job_name, resource_type), objects inside resource_input
//   and dict-valued params in CPython 2.7 dict order of their sorted keys;
// * inside `/worker-workflow-jobs` (json.dumps sort_keys=True): the job without `id` and
//   `dependency` under "jobs", with them under "dependencies";
// * the job id `<action>:<handler>:<type>:<resource id>:<version>:<5 chars of [0-9a-z]>`.
// The texts are written directly (no JSON tree per job): the resource_input texts once per
// config change (ResourceInput, shared by the jobs of a workflow), the params texts once per
// job (JobParams), the sorted text of a stored job once, when it is first a dependency.
// `job_json` builds the tree form; it is what the texts must equal when dumped (tests).
// Not thread-safe: the texts are made on first use, through const references.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/mapping.h"
#include "core/json/json_doc.h"
#include "core/util/result.h"

namespace esisim::scheduler {

inline constexpr std::string_view kJobSuffixAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
inline constexpr size_t kJobSuffixLength = 5;

// A decoded config body (a job's resource_input), shared, not copied, by the jobs built from
// one change and by the Job Manager's copy of the resource; copies share it. The texts are
// shared by the copies of one handle; `body_only()` gives a handle without them (what is kept
// per resource, so the texts of a change live only as long as its jobs).
class ResourceInput {
 public:
  ResourceInput();  // {}
  explicit ResourceInput(json::JsonDoc body);

  json::JsonRef ref() const { return body_->doc.root(); }
  ResourceInput body_only() const;
  // The body as a tree, built on first use (tests and tools read it that way).
  const nlohmann::ordered_json& json() const;
  template <typename Key>
  const nlohmann::ordered_json& operator[](const Key& key) const {
    return json()[key];
  }
  // json.dumps(body, sort_keys=True), made on first use.
  const Result<std::string>& sorted_text() const;
  // json.dumps of the body as Python 2.7 dicts built from its key order, made on first use.
  const Result<std::string>& py27_text() const;

 private:
  struct Body {
    json::JsonDoc doc;
    mutable std::optional<nlohmann::ordered_json> tree;
  };
  struct Texts {
    std::optional<Result<std::string>> sorted;
    std::optional<Result<std::string>> py27;
  };
  Texts& texts() const;

  std::shared_ptr<const Body> body_;
  mutable std::shared_ptr<Texts> texts_;  // made on first use when absent
};

// A job's params in the Job Manager's order; iterating gives their JSON objects (built on
// first use: only tests and tools read them that way).
class JobParams {
 public:
  JobParams() = default;
  explicit JobParams(std::vector<domain::Param> params) : params_(std::move(params)) {}

  const std::vector<domain::Param>& list() const { return params_; }
  size_t size() const { return params_.size(); }
  // domain::params_to_json(list())
  const nlohmann::ordered_json& json() const;
  nlohmann::ordered_json::const_iterator begin() const { return json().begin(); }
  nlohmann::ordered_json::const_iterator end() const { return json().end(); }
  // The "params" list as json.dumps writes it inside /jobs/all (dict-valued "value"s in
  // Python 2.7 dict order) and with sort_keys=True; each made on first use.
  const Result<std::string>& py27_text() const;
  const Result<std::string>& sorted_text() const;

 private:
  std::vector<domain::Param> params_;
  mutable std::optional<nlohmann::ordered_json> json_;
  mutable std::optional<Result<std::string>> py27_;
  mutable std::optional<Result<std::string>> sorted_;
};

struct Job {
  std::string id;  // empty until the job is stored
  std::string handler;
  std::string action;  // create, modify, logical_delete, delete
  std::string resource_type;
  std::string resource_id;
  int64_t version = 0;
  bool is_first = true;
  bool is_last = true;
  std::string on_failure = "fail";
  std::vector<std::string> dependency;  // job ids, Python 2 set order
  JobParams params;
  ResourceInput resource_input;
  // Memo of json.dumps(job_json(*this, true), sort_keys=True), filled the first time a stored
  // job is listed as a dependency (a stored job never changes). Empty until then.
  mutable std::string stored_sorted_json;

  std::string job_name() const;  // <type>:<id>:<version>
  // <action>:<handler>:<type>:<id>:<version>:<suffix>
  std::string make_id(std::string_view suffix) const;
};

// True for 5 characters of [0-9a-z].
bool valid_job_suffix(std::string_view suffix);

// The job object in the writer's key order; without id and dependency when `stored` is false.
nlohmann::ordered_json job_json(const Job& job, bool stored);

// The stored `/jobs/all/<id>` value: Python json.dumps([handler, job, 0]).
Result<std::string> jobs_all_value(const Job& job);

// The stored `/worker-workflow-jobs` value: json.dumps(sort_keys=True) of
// {"action", "dependencies": [stored jobs], "jobs": [jobs without id/dependency]}.
Result<std::string> workflow_record_value(std::string_view action,
                                          const std::vector<const Job*>& dependencies,
                                          const std::vector<Job>& jobs);

}  // namespace esisim::scheduler
