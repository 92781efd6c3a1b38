// A job as a worker reads it from `/jobs/all/<id>` (domain.md §5.1): the stored value
// `[handler, job, 0]` parsed back, with the fields a worker acts on.
//
// Contract: parse_worker_job accepts exactly the shape the Job Manager writes; anything else
// is an error naming what was expected. The original job object is kept (`job`) for params
// and resource_input. `tenant_id` is the resource_input's tenant_id ("" when absent).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace esisim::worker {

struct WorkerJob {
  std::string id;
  std::string handler;
  std::string action;  // create, modify, logical_delete, delete
  std::string resource_type;
  std::string resource_id;
  int64_t version = 0;
  bool is_first = true;
  bool is_last = true;
  std::string on_failure = "fail";
  std::string tenant_id;
  nlohmann::ordered_json params = nlohmann::ordered_json::array();
  nlohmann::ordered_json resource_input = nlohmann::ordered_json::object();
};

Result<WorkerJob> parse_worker_job(std::string_view stored_value);

// "CREATE", "MODIFY" or "DELETE": the word of `<ACTION>_COMPLETED` for a job action.
std::string worker_state_word(std::string_view action);
// "CREATE", "UPDATE" or "DELETE": the Heat stack action a job action runs.
std::string stack_action_word(std::string_view action);

}  // namespace esisim::worker
