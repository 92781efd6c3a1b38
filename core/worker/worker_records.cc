#include "core/worker/worker_records.h"

#include "core/json/py27_dict.h"
#include "core/json/python_json.h"

namespace esisim::worker {

using nlohmann::ordered_json;

namespace {
constexpr json::PythonJsonOptions kSorted{true};

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// An output entry as Heat's Python 2.7 dict holds it, its keys inserted in sorted order
// (description before output_key, which share a slot): output_value, [output_error,]
// description, output_key, as recorded (seed 004, trace 00 /state).
ordered_json py27_output_entry(const ordered_json& entry) {
  if (!entry.is_object()) return entry;
  ordered_json inserted = ordered_json::object();
  for (const char* k : {"description", "output_error", "output_key", "output_value"}) {
    if (entry.contains(k)) inserted[k] = entry[k];
  }
  for (const auto& [k, v] : entry.items()) {
    if (!inserted.contains(k)) inserted[k] = v;
  }
  return json::py27_reorder_object(inserted);
}
}  // namespace

bool StackResult::failed() const { return ends_with(stack_status, "_FAILED"); }

StackResult completed_stack(std::string_view action, ordered_json outputs) {
  StackResult r;
  std::string word = stack_action_word(action);
  r.stack_status = word + "_COMPLETE";
  if (word == "CREATE") {
    r.status_reason = "Stack CREATE completed successfully";
  } else if (word == "UPDATE") {
    r.status_reason = "Stack successfully updated";
  }
  r.outputs = word == "DELETE" ? ordered_json::array() : std::move(outputs);
  return r;
}

StackResult failed_stack(std::string_view action, std::string reason, ordered_json outputs) {
  StackResult r;
  r.stack_status = stack_action_word(action) + "_FAILED";
  r.status_reason = std::move(reason);
  r.outputs = std::move(outputs);
  return r;
}

Result<std::string> heat_stack_record(const WorkerJob& job, const StackResult& stack) {
  ordered_json record = ordered_json::object();
  record["id"] = job.resource_type + ":" + job.resource_id;
  record["output"] = stack.outputs;
  record["stack_id"] = stack.stack_status == "DELETE_COMPLETE"
                           ? std::string()
                           : job.resource_type + "_" + job.resource_id;
  record["stack_status"] = stack.stack_status;
  record["status_reason"] = stack.status_reason;
  record["tenant_id"] = job.tenant_id;
  return json::python_json_dumps(record, kSorted);
}

ordered_json heat_job_result(const StackResult& stack, bool with_orchestration_state) {
  ordered_json r = ordered_json::object();
  r["heat_outputs"] = stack.outputs;
  if (with_orchestration_state) r["orchestration_state"] = stack.stack_status;
  return r;
}

ordered_json merge_job_state(ordered_json old, const ordered_json& result) {
  if (!old.is_object()) old = ordered_json::object();
  for (const auto& [k, v] : result.items()) old[k] = v;
  return old;
}

Result<std::string> job_state_text(const ordered_json& job_state) {
  return json::python_json_dumps(job_state, kSorted);
}

Result<std::string> heat_outputs_text(const ordered_json& outputs) {
  ordered_json entries = ordered_json::array();
  if (outputs.is_array()) {
    for (const auto& e : outputs) entries.push_back(py27_output_entry(e));
  }
  return json::python_json_dumps(entries);
}

Result<std::string> state_text(const WorkerJob& job, const ordered_json& job_state,
                               const std::string& error) {
  ordered_json state = ordered_json::object();
  if (auto h = job_state.find("heat_outputs"); h != job_state.end()) {
    auto text = heat_outputs_text(*h);
    if (!text.ok()) return text;
    state["heat_outputs"] = text.value();
  }
  if (auto o = job_state.find("orchestration_state"); o != job_state.end()) {
    state["orchestration_state"] = *o;
  }
  if (auto m = job_state.find("state_monitoring"); m != job_state.end()) {
    auto text = json::python_json_dumps(json::py27_reorder_object(*m));
    if (!text.ok()) return text;
    state["state_monitoring"] = text.value();
  }
  state["worker_state"] =
      worker_state_word(job.action) + (error.empty() ? "_COMPLETED" : "_FAILED");
  ordered_json record = ordered_json::object();
  record["error"] = error;
  record["state"] = std::move(state);
  record["version"] = job.version;
  return json::python_json_dumps(record, kSorted);
}

}  // namespace esisim::worker
