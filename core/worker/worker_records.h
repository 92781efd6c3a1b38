// The exact values a worker writes to etcd (domain.md §6.3, §6.4, §8.1; domain-2017.md
// §3.2–§3.4) and the failure model chosen for what the recordings never show (§11.8).
//
// * /esi-worker/heat_stacks: json.dumps(sort_keys=True) of {id, output, stack_id, stack_status,
//   status_reason, tenant_id}; stack_id is the stack name `<type>_<id>`, "" once deleted.
// * /esi-worker/job_state: json.dumps(sort_keys=True) of the merged object: `{}` set by the
//   first job, then old ∪ result per job. A heat job's result is {heat_outputs[,
//   orchestration_state]} (orchestration_state only in the heat-only generation); a monitoring
//   job's {state_monitoring}.
// * /state: json.dumps(sort_keys=True) of {error, state, version}; state holds heat_outputs
//   (json.dumps of the outputs list, each entry in Python 2.7 dict order), orchestration_state
//   when job_state has it, state_monitoring (json.dumps in Python 2.7 dict order of the items)
//   and worker_state `<ACTION>_COMPLETED` of the job that writes it.
// Failure model (inferred, documented in the README): a failed stack has status
// `<STACK ACTION>_FAILED` and Heat's reason; the job writes /state with worker_state
// `<ACTION>_FAILED`, orchestration_state = stack status and error = the reason.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/util/result.h"
#include "core/worker/worker_job.h"

namespace esisim::worker {

struct StackResult {
  std::string stack_status;   // CREATE_COMPLETE, UPDATE_FAILED, ...
  std::string status_reason;  // Heat's text
  nlohmann::ordered_json outputs = nlohmann::ordered_json::array();
  bool failed() const;
};

// The result Heat gives a finished stack operation of `action` (create, modify,
// logical_delete): status and reason as recorded, outputs [] after a delete.
StackResult completed_stack(std::string_view action, nlohmann::ordered_json outputs);
// A failed operation: `<STACK ACTION>_FAILED` with `reason`; outputs as given (what Heat had).
StackResult failed_stack(std::string_view action, std::string reason,
                         nlohmann::ordered_json outputs = nlohmann::ordered_json::array());

Result<std::string> heat_stack_record(const WorkerJob& job, const StackResult& stack);

// A heat job's contribution to job_state.
nlohmann::ordered_json heat_job_result(const StackResult& stack, bool with_orchestration_state);
// old ∪ result: the keys of `result` replace those of `old`.
nlohmann::ordered_json merge_job_state(nlohmann::ordered_json old,
                                       const nlohmann::ordered_json& result);
Result<std::string> job_state_text(const nlohmann::ordered_json& job_state);

// The outputs list as the /state heat_outputs string (entries in Python 2.7 dict order).
Result<std::string> heat_outputs_text(const nlohmann::ordered_json& outputs);

// The /state value written by `job` from the merged job_state. `error` empty on success; a
// non-empty error makes worker_state `<ACTION>_FAILED`.
Result<std::string> state_text(const WorkerJob& job, const nlohmann::ordered_json& job_state,
                               const std::string& error);

}  // namespace esisim::worker
