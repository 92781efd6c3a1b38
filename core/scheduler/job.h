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
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace esisim::scheduler {

inline constexpr std::string_view kJobSuffixAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
inline constexpr size_t kJobSuffixLength = 5;

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
  nlohmann::ordered_json params = nlohmann::ordered_json::array();
  nlohmann::ordered_json resource_input = nlohmann::ordered_json::object();
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
