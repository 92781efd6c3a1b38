// Test helper for the Jinja2 renderer on the real data: every template variant of
// fixtures/esi/heat_templates*/ and the recorded jobs of the traces, with Jinja variables built
// from job params the way the workers did.
//
// Contract: `template_variants()` lists every `template_file` of both folders (HEAD files:
// `value` plus each `other_log_variants[]` entry; 2017 files: `body`), sorted by generation, id
// and variant. `recorded_jobs()` lists every `/jobs/all/<id>` value `[handler, job, 0]` of the
// recorded traces, with the generation of templates the run loaded. `variables_of(job,
// handler, resolve)` gives the Jinja variables: heat_worker jobs pass their `jinja_*` params,
// monitoring_worker jobs all params; `value` params pass their value, `output_key` params
// `resolve(param_name, output_key_reference)` and `list` params the list of their elements.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/domain/fixture_reader.h"

namespace esisim::testing {

struct TemplateVariant {
  std::string generation;  // "head" (heat_templates/) or "2017" (heat_templates-2017/)
  std::string id;
  std::string variant;  // "A" for the main value, else the other_log_variants id
  std::string handler;
  nlohmann::ordered_json parameter_mappings;
  std::string template_file;
  std::string label() const { return generation + "/" + id + "/" + variant; }
};

inline const std::vector<TemplateVariant>& template_variants() {
  static const std::vector<TemplateVariant> kVariants = [] {
    std::vector<TemplateVariant> out;
    for (const auto& [folder, generation] : std::vector<std::pair<std::string, std::string>>{
             {"esi/heat_templates", "head"}, {"esi/heat_templates-2017", "2017"}}) {
      std::vector<std::string> files;
      for (const auto& entry : std::filesystem::directory_iterator(fixture_path(folder))) {
        if (entry.path().extension() == ".json") files.push_back(entry.path().filename());
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        const auto record = read_fixture_json(folder + "/" + file);
        auto add = [&](const nlohmann::ordered_json& body, const std::string& variant) {
          out.push_back(TemplateVariant{generation, body["id"], variant, body["handler"],
                                        body["parameter_mappings"], body["template_file"]});
        };
        if (record.contains("value")) {
          add(record["value"]["body"], "A");
          for (const auto& other :
               record.value("other_log_variants", nlohmann::ordered_json::array())) {
            add(other["value"]["body"], other["id"]);
          }
        } else {
          add(record["body"], "A");
        }
      }
    }
    return out;
  }();
  return kVariants;
}

struct RecordedJob {
  std::string trace;
  std::string generation;  // of the templates the run used
  std::string handler;
  nlohmann::ordered_json job;
};

// The recorded traces and the template generation each run loaded (domain-2017.md §0).
inline const std::vector<std::pair<std::string, std::string>>& traces_with_generation() {
  static const std::vector<std::pair<std::string, std::string>> kTraces = {
      {"traces/00_logical_network.jsonl", "head"},
      {"traces/01_common_function_gateway.jsonl", "head"},
      {"traces/02_internet_gateway.jsonl", "head"},
      {"traces/05_load_balancer.jsonl", "head"},
      {"history/00_logical_network/trace.jsonl", "head"},
      {"history/01_common_function_gateway/trace.jsonl", "2017"},
      {"history/02_internet_gateway/trace.jsonl", "2017"},
  };
  return kTraces;
}

inline bool is_job_write(const nlohmann::ordered_json& event) {
  const std::string key = event.value("key", "");
  const std::string action = event.value("action", "");
  return key.rfind("/jobs/all/", 0) == 0 && (action == "set" || action == "create") &&
         event["value"].is_array() && event["value"].size() == 3;
}

inline const std::vector<RecordedJob>& recorded_jobs() {
  static const std::vector<RecordedJob> kJobs = [] {
    std::vector<RecordedJob> out;
    for (const auto& [trace, generation] : traces_with_generation()) {
      for (const auto& event : read_fixture_json_lines(trace)) {
        if (!is_job_write(event)) continue;
        out.push_back(RecordedJob{trace, generation, event["value"][0], event["value"][1]});
      }
    }
    return out;
  }();
  return kJobs;
}

inline std::set<std::string> param_names(const nlohmann::ordered_json& job) {
  std::set<std::string> names;
  for (const auto& param : job["params"]) names.insert(param["param"].get<std::string>());
  return names;
}

// The template id a job was made from: same generation and handler, parameter_mappings keys
// equal to the job's param names, and (among equals) the id that names the resource type.
inline std::string template_id_of(const RecordedJob& job) {
  const std::set<std::string> names = param_names(job.job);
  const std::string type = job.job["resource_type"];
  std::string found;
  for (const auto& variant : template_variants()) {
    if (variant.generation != job.generation || variant.handler != job.handler) continue;
    std::set<std::string> keys;
    for (auto it = variant.parameter_mappings.begin(); it != variant.parameter_mappings.end();
         ++it) {
      keys.insert(it.key());
    }
    if (keys != names) continue;
    const bool names_type = variant.id == type || variant.id.rfind(type + "_", 0) == 0;
    if (found.empty() || names_type) found = variant.id;
  }
  return found;
}

using OutputResolver = std::function<nlohmann::ordered_json(const std::string& param,
                                                            const nlohmann::ordered_json& ref)>;

inline nlohmann::ordered_json param_value(const nlohmann::ordered_json& param,
                                          const OutputResolver& resolve) {
  const std::string type = param["type"];
  if (type == "output_key") return resolve(param["param"], param["value"]);
  if (type == "list") {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const auto& element : param["value"]) items.push_back(param_value(element, resolve));
    return items;
  }
  return param["value"];
}

inline nlohmann::ordered_json variables_of(const nlohmann::ordered_json& job,
                                           const std::string& handler,
                                           const OutputResolver& resolve) {
  nlohmann::ordered_json variables = nlohmann::ordered_json::object();
  for (const auto& param : job["params"]) {
    const std::string name = param["param"];
    if (handler == "heat_worker" && name.rfind("jinja_", 0) != 0) continue;
    variables[name] = param_value(param, resolve);
  }
  return variables;
}

// Placeholder outputs: "out-<param>".
inline nlohmann::ordered_json placeholder_output(const std::string& param,
                                                 const nlohmann::ordered_json&) {
  return "out-" + param;
}

}  // namespace esisim::testing
