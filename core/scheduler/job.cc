#include "core/scheduler/job.h"

#include "core/json/py27_dict.h"
#include "core/json/python_json.h"

namespace esisim::scheduler {

using nlohmann::ordered_json;

std::string Job::job_name() const {
  return resource_type + ":" + resource_id + ":" + std::to_string(version);
}

std::string Job::make_id(std::string_view suffix) const {
  return action + ":" + handler + ":" + resource_type + ":" + resource_id + ":" +
         std::to_string(version) + ":" + std::string(suffix);
}

bool valid_job_suffix(std::string_view suffix) {
  if (suffix.size() != kJobSuffixLength) return false;
  for (char c : suffix) {
    if (kJobSuffixAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

namespace {
// Dict-valued param values are Python dicts built from sorted JSON: CPython 2.7 order.
ordered_json params_in_writer_order(const ordered_json& params) {
  ordered_json out = ordered_json::array();
  for (const auto& param : params) {
    ordered_json p = param;
    if (p.contains("type") && p["type"] == "value" && p.contains("value")) {
      p["value"] = json::py27_reorder_recursive(p["value"]);
    }
    out.push_back(std::move(p));
  }
  return out;
}
}  // namespace

ordered_json job_json(const Job& job, bool stored) {
  ordered_json out;
  out["is_first"] = job.is_first;
  out["version"] = job.version;
  out["resource_id"] = job.resource_id;
  out["resource_input"] = json::py27_reorder_recursive(job.resource_input);
  out["on_failure"] = job.on_failure;
  if (stored) {
    out["id"] = job.id;
    out["dependency"] = job.dependency;
  }
  out["handler"] = job.handler;
  out["params"] = params_in_writer_order(job.params);
  out["action"] = job.action;
  out["is_last"] = job.is_last;
  out["job_name"] = job.job_name();
  out["resource_type"] = job.resource_type;
  return out;
}

Result<std::string> jobs_all_value(const Job& job) {
  ordered_json value = ordered_json::array({job.handler, job_json(job, true), 0});
  return json::python_json_dumps(value);
}

Result<std::string> workflow_record_value(std::string_view action,
                                          const std::vector<const Job*>& dependencies,
                                          const std::vector<Job>& jobs) {
  // json.dumps(sort_keys=True) of {"action", "dependencies", "jobs"}, written member by member
  // (the keys are already in sorted order) so each dependency's text is built once.
  json::PythonJsonOptions sorted;
  sorted.sort_keys = true;
  std::string out = "{\"action\": ";
  json::append_python_json_string(action, out);
  out += ", \"dependencies\": [";
  for (size_t k = 0; k < dependencies.size(); ++k) {
    const Job& dep = *dependencies[k];
    if (dep.stored_sorted_json.empty()) {
      auto text = json::python_json_dumps(job_json(dep, true), sorted);
      if (!text.ok()) return text.error();
      dep.stored_sorted_json = std::move(text.value());
    }
    if (k > 0) out += ", ";
    out += dep.stored_sorted_json;
  }
  out += "], \"jobs\": [";
  for (size_t k = 0; k < jobs.size(); ++k) {
    auto text = json::python_json_dumps(job_json(jobs[k], false), sorted);
    if (!text.ok()) return text.error();
    if (k > 0) out += ", ";
    out += text.value();
  }
  out += "]}";
  return out;
}

}  // namespace esisim::scheduler
