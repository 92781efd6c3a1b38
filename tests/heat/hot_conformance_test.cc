// Recorded conformance of the HOT evaluator: every /esi-worker/heat_stacks record of the
// fixture traces whose template has no Jinja is recomputed from its job and compared.
//
// For each record: the job is the last /jobs/all heat_worker job of the same resource before
// it; the template is the one the trace loaded (/config/v2.0/heat_templates/<id>, the id
// selected from the job's resource_input as the heat_worker does); the stack parameters are
// the job params minus jinja_* and heat_timeout, output_key params resolved from the
// referenced resource's recorded heat_stacks outputs earlier in the trace; the action is the
// job's (create / modify = update of our previous state / logical_delete). The IdSource
// returns the ids the recording shows for the resource asking (the recorded value of the
// output that is its get_resource), so fresh uuids agree by construction and are counted
// apart. Compared: output keys and order, descriptions, values, output_error; and, where
// the trace has the /state record the job wrote next, its heat_outputs string byte for byte.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "core/domain/resource_lookup.h"
#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/domain/template_selection.h"
#include "core/heat/hot_outputs.h"
#include "core/heat/hot_stack.h"
#include "core/heat/resource_model.h"
#include "tests/domain/fixture_reader.h"
#include "tests/heat/hot_test_ids.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

// Ids as recorded: resource name -> the recorded value of an output `get_resource: name`.
// A resource no output shows gets a placeholder (nothing recorded can depend on it). Asking
// for the id of a resource whose recorded id is the one it had before the update fails the
// test: the recording kept that resource, so the evaluator must not have replaced it.
class RecordedIds final : public IdSource {
 public:
  RecordedIds(const HotTemplate& hot, const ordered_json& recorded_outputs,
              const StackState* previous)
      : previous_(previous) {
    for (const auto& output : hot.outputs) {
      const HotExpr& v = output.value;
      if (v.kind != HotExpr::Kind::kCall || v.function != HotFunction::kGetResource) continue;
      for (const auto& entry : recorded_outputs) {
        if (entry.value("output_key", "") == output.name && entry["output_value"].is_string()) {
          ids_[v.items[0].scalar.get<std::string>()] = entry["output_value"].get<std::string>();
        }
      }
    }
  }
  std::string new_uuid(const IdRequest& request) override { return take(request); }
  std::string existing_uuid(const IdRequest& request) override { return take(request); }
  int given = 0;

 private:
  std::string take(const IdRequest& request) {
    auto it = ids_.find(std::string(request.resource_name));
    if (it == ids_.end()) return "unobserved-" + std::string(request.resource_name);
    const ResourceState* before = previous_ ? previous_->find(request.resource_name) : nullptr;
    EXPECT_FALSE(before && before->physical_id == it->second)
        << "resource " << request.resource_name << " was replaced; the recording kept it";
    ++given;
    return it->second;
  }
  std::map<std::string, std::string> ids_;
  const StackState* previous_;
};

struct Counts {
  int records = 0;
  int checked = 0;
  int matched = 0;
  int updates = 0;
  int deletes = 0;
  int jinja = 0;
  int no_job = 0;
  int values = 0;
  int fresh_ids = 0;
  int state_strings = 0;
  int state_strings_matched = 0;
};

struct TraceSetup {
  std::string trace;
  std::string profile;
  std::string link_base;  // the collector URL of that deployment
};

bool has_jinja(const std::string& text) {
  return text.find("{%") != std::string::npos || text.find("{{") != std::string::npos;
}

std::string resource_key(const std::string& type, const std::string& id) { return type + ":" + id; }

class Conformance {
 public:
  explicit Conformance(const TraceSetup& setup)
      : setup_(setup),
        events_(esisim::testing::read_fixture_json_lines(setup.trace)),
        schemas_(
            domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"))
                .value()),
        profile_(testing::profile_or_fail(setup.profile)) {
    profile_.monitoring_link_base = setup.link_base;
    mappings_ = domain::TemplateMappings::from_schemas(schemas_);
    for (const auto& event : events_) {
      const auto& value = event["value"];
      if (event["key"].get<std::string>().starts_with("/config/v2.0/heat_templates/") &&
          value.is_object() && value["body"].is_string() &&
          value["body"].get<std::string>().find("monitoring_worker") != std::string::npos) {
        mw2017_ = true;
      }
    }
    if (mw2017_) {
      mappings_ = domain::TemplateMappings::from_json(
                      esisim::testing::read_fixture_json("esi/template_mappings-2017.json"))
                      .value();
    }
  }

  Counts run() {
    for (std::size_t i = 0; i < events_.size(); ++i) {
      const auto& event = events_[i];
      const std::string key = event["key"].get<std::string>();
      const auto& value = event["value"];
      if (event["action"] != "set" && event["action"] != "create" &&
          event["action"] != "compareAndSwap") {
        continue;
      }
      if (key.starts_with("/config/v2.0/heat_templates/") && value.is_object()) {
        auto record = domain::parse_heat_template_record(value);
        if (record.ok()) templates_[record->id] = record->template_file;
      } else if (key.starts_with("/jobs/all/") && value.is_array() && value.size() == 3 &&
                 value[0] == "heat_worker") {
        const auto& job = value[1];
        jobs_[resource_key(job["resource_type"], job["resource_id"])] = job;
      } else if (key.starts_with("/esi-worker/heat_stacks/") && value.is_object()) {
        check(value, i);
        recorded_[value["id"].get<std::string>()] = value["output"];
      }
    }
    return counts_;
  }

 private:
  void check(const ordered_json& record, std::size_t at) {
    ++counts_.records;
    const std::string id = record["id"].get<std::string>();
    auto job_it = jobs_.find(id);
    if (job_it == jobs_.end()) {
      ++counts_.no_job;
      states_.erase(id);
      return;
    }
    const auto& job = job_it->second;
    auto text = template_text(job);
    if (!text || has_jinja(*text)) {
      ++counts_.jinja;
      states_.erase(id);
      return;
    }
    SCOPED_TRACE(setup_.trace + " record " + id + " (" + job["id"].get<std::string>() + ")");
    ++counts_.checked;
    auto hot = parse_hot(template_id_, *text);
    ASSERT_TRUE(hot.ok()) << hot.error().message;
    const StackState* previous = states_.count(id) ? &states_[id] : nullptr;
    RecordedIds ids(hot.value(), record["output"], previous);
    StackEnvironment environment{
        {job["resource_type"].get<std::string>() + "_" + job["resource_id"].get<std::string>(), "",
         record["tenant_id"].get<std::string>()},
        ids,
        profile_};
    const std::string action = job["action"];
    Result<StackOperation> operation = Error{};
    if (action == "logical_delete") {
      ++counts_.deletes;
      operation = evaluate_delete(states_[id]);
    } else {
      auto parameters = stack_parameters(job);
      if (action == "create" || previous == nullptr) {
        operation = evaluate_create(hot.value(), parameters, environment);
      } else {
        ++counts_.updates;
        operation = evaluate_update(*previous, hot.value(), parameters, environment);
      }
    }
    ASSERT_TRUE(operation.ok()) << operation.error().message;
    counts_.fresh_ids += ids.given;
    states_[id] = operation->state;
    const ordered_json ours = outputs_to_json(operation->state.outputs);
    if (compare(record["output"], ours)) ++counts_.matched;
    compare_state_string(id, operation->state.outputs, at);
  }

  std::optional<std::string> template_text(const ordered_json& job) {
    const std::string type = job["resource_type"];
    const std::string id = job["resource_id"];
    const auto* mapping = mappings_.find("heat_worker", type);
    if (mapping == nullptr) return std::nullopt;
    domain::MapResourceLookup lookup;
    domain::MappingContext context{
        type, id, job["resource_input"], job["version"].get<std::int64_t>(), schemas_, lookup};
    auto selected = domain::select_template(*mapping, context);
    if (!selected.ok() || !selected.value()) return std::nullopt;
    template_id_ = *selected.value();
    auto it = templates_.find(template_id_);
    if (it == templates_.end()) {
      ADD_FAILURE() << "template " << template_id_ << " not loaded in " << setup_.trace;
      return std::nullopt;
    }
    return it->second;
  }

  ordered_json resolve_output_key(const ordered_json& reference) {
    const std::string id = resource_key(reference["resource_type"], reference["resource_id"]);
    auto it = recorded_.find(id);
    if (it != recorded_.end()) {
      for (const auto& entry : it->second) {
        if (entry["output_key"] == reference["output_key"]) return entry["output_value"];
      }
    }
    ADD_FAILURE() << "cannot resolve output_key " << reference.dump();
    return nullptr;
  }

  ordered_json stack_parameters(const ordered_json& job) {
    ordered_json out = ordered_json::object();
    for (const auto& param : job["params"]) {
      const std::string name = param["param"];
      if (name.starts_with("jinja_") || name == "heat_timeout") continue;
      if (param["type"] == "output_key") {
        out[name] = resolve_output_key(param["value"]);
      } else if (param["type"] == "list") {
        ordered_json list = ordered_json::array();
        for (const auto& item : param["value"]) {
          list.push_back(item["type"] == "output_key" ? resolve_output_key(item["value"])
                                                      : item["value"]);
        }
        out[name] = list;
      } else {
        out[name] = param["value"];
      }
    }
    return out;
  }

  bool compare(const ordered_json& recorded, const ordered_json& ours) {
    bool same = recorded.size() == ours.size();
    EXPECT_EQ(recorded.size(), ours.size())
        << "recorded " << recorded.dump() << "\nours " << ours.dump();
    for (std::size_t k = 0; same && k < recorded.size(); ++k) {
      const auto& r = recorded[k];
      const auto& o = ours[k];
      ++counts_.values;
      bool entry_same = r["output_key"] == o["output_key"] &&
                        r["description"] == o["description"] &&
                        same_value(r["output_value"], o["output_value"]) &&
                        r.value("output_error", "") == o.value("output_error", "");
      EXPECT_TRUE(entry_same) << "entry " << k << " recorded " << r.dump() << "\nours " << o.dump();
      same = same && entry_same;
    }
    return same;
  }

  // The /state record the same job wrote after this heat_stacks record, if the trace has it.
  void compare_state_string(const std::string& id, const std::vector<StackOutput>& outputs,
                            std::size_t at) {
    const auto colon = id.find(':');
    const std::string resource_id = id.substr(colon + 1);
    for (std::size_t j = at + 1; j < events_.size(); ++j) {
      const auto& event = events_[j];
      const std::string key = event["key"].get<std::string>();
      if (key.starts_with("/esi-worker/heat_stacks/") && key.ends_with(resource_id)) return;
      if (!key.starts_with("/state/") || !key.ends_with("/" + resource_id)) continue;
      const auto& value = event["value"];
      if (!value.is_object() || !value.contains("state") ||
          !value["state"].contains("heat_outputs")) {
        continue;
      }
      ++counts_.state_strings;
      auto text = outputs_to_python_json(outputs);
      ASSERT_TRUE(text.ok());
      EXPECT_EQ(value["state"]["heat_outputs"].get<std::string>(), text.value());
      if (value["state"]["heat_outputs"].get<std::string>() == text.value()) {
        ++counts_.state_strings_matched;
      }
      return;
    }
  }

  TraceSetup setup_;
  std::vector<ordered_json> events_;
  domain::SchemaCatalog schemas_;
  BackendProfile profile_;
  domain::TemplateMappings mappings_;
  bool mw2017_ = false;
  std::string template_id_;
  std::map<std::string, std::string> templates_;
  std::map<std::string, ordered_json> jobs_;
  std::map<std::string, ordered_json> recorded_;
  std::map<std::string, StackState> states_;
  Counts counts_;
};

constexpr const char* kHead = "heat/backend_profile_head.json";
constexpr const char* k2017 = "heat/backend_profile_2017.json";
constexpr const char* kLink = "http://collector-agents-se:7070/targets/";
constexpr const char* kDockerLink =
    "http://collector-agents-se.monitoringrefactordocker_default:7070/targets/";

Counts run_trace(const TraceSetup& setup) {
  Counts counts = Conformance(setup).run();
  std::printf(
      "[ conformance ] %s: %d heat_stacks records, %d without Jinja checked (%d updates, %d "
      "deletes), %d matched (%d output values, %d fresh ids from the IdSource), %d Jinja, %d "
      "without a job; /state heat_outputs strings %d/%d byte-identical\n",
      setup.trace.c_str(), counts.records, counts.checked, counts.updates, counts.deletes,
      counts.matched, counts.values, counts.fresh_ids, counts.jinja, counts.no_job,
      counts.state_strings_matched, counts.state_strings);
  return counts;
}

TEST(HotConformance, EveryNonJinjaRecordOfEveryTraceIsReproduced) {
  const std::vector<TraceSetup> setups = {
      {"traces/00_logical_network.jsonl", kHead, kLink},
      {"traces/01_common_function_gateway.jsonl", kHead, kDockerLink},
      {"traces/02_internet_gateway.jsonl", kHead, kDockerLink},
      {"traces/05_load_balancer.jsonl", kHead, kLink},
      {"history/00_logical_network/trace.jsonl", kHead, kLink},
      {"history/01_common_function_gateway/trace.jsonl", k2017, kLink},
      {"history/02_internet_gateway/trace.jsonl", k2017, kLink},
  };
  Counts total;
  for (const auto& setup : setups) {
    Counts c = run_trace(setup);
    EXPECT_EQ(c.checked, c.matched) << setup.trace;
    EXPECT_EQ(c.state_strings, c.state_strings_matched) << setup.trace;
    total.records += c.records;
    total.checked += c.checked;
    total.matched += c.matched;
    total.state_strings += c.state_strings;
  }
  std::printf("[ conformance ] total: %d records, %d checked, %d matched, %d /state strings\n",
              total.records, total.checked, total.matched, total.state_strings);
  EXPECT_GT(total.checked, 30);
}

}  // namespace
}  // namespace esisim::heat
