// Re-derives every recorded job's params from its template and the Job Manager's own copy of
// the resources, on the three full-index traces, and checks template selection.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/domain/mapping.h"
#include "core/domain/resource_lookup.h"
#include "core/domain/resource_multiplicity.h"
#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/domain/template_selection.h"
#include "core/json/py27_dict.h"
#include "core/json/python_json.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::domain {
namespace {

using nlohmann::ordered_json;

struct TraceReport {
  int jobs = 0;
  int params_exact = 0;          // python_json bytes equal (order included)
  int params_decoded_equal = 0;  // equal as decoded JSON (list order kept)
  int templates_selected = 0;    // selected template of the job's handler has its params
  int workflows = 0;
  int workflow_handlers_equal = 0;
  int non_workable = 0;
  int non_workable_selected_none = 0;
  std::string first_mismatch;
};

std::string Text(const ordered_json& value) {
  auto text = json::python_json_dumps(value);
  return text.ok() ? *text : "<" + text.error().message + ">";
}

WorkflowAction ActionOf(const std::string& action) {
  if (action == "create") return WorkflowAction::kCreate;
  if (action == "logical_delete") return WorkflowAction::kLogicalDelete;
  return WorkflowAction::kModify;
}

// Switches for ablation: each rule must matter, or the verification proves nothing.
struct VerifierOptions {
  bool multiply_resources = true;         // domain.md §4.4.3, domain-2017.md §2.2
  bool delete_uses_previous_body = true;  // domain-2017.md §2.2
};

class TraceVerifier {
 public:
  TraceVerifier(const SchemaCatalog& schemas, const TemplateMappings& mappings,
                VerifierOptions options)
      : schemas_(schemas), mappings_(mappings), options_(options) {}

  TraceReport run(const std::vector<ordered_json>& events) {
    for (const ordered_json& event : events) Apply(event);
    return report_;
  }

 private:
  void Apply(const ordered_json& event) {
    const auto& key = event["key"].get_ref<const std::string&>();
    const auto& action = event["action"].get_ref<const std::string&>();
    const ordered_json& value = event["value"];
    if (key.starts_with("/config/v2.0/heat_templates/") && value.is_object()) {
      auto parsed = parse_heat_template_record(value);
      ASSERT_TRUE(parsed.ok()) << parsed.error().message;
      ASSERT_TRUE(templates_.put(std::move(*parsed)).ok());
    } else if (key.starts_with("/config/") && value.is_object()) {
      config_bodies_[key] =
          json::py27_reorder_recursive(ordered_json::parse(value["body"].get<std::string>()));
    } else if (key.starts_with("/esi-worker/config/") &&
               (action == "create" || action == "compareAndSwap" || action == "set")) {
      auto ref = schemas_.find_by_etcd_key(key);
      ASSERT_TRUE(ref.ok()) << ref.error().message;
      const auto* known = lookup_.find_body(ref->schema->id, ref->id);
      if (known != nullptr) previous_bodies_[key] = *known;
      lookup_.put(ref->schema->id, ref->id, json::py27_reorder_recursive(value["body"]));
    } else if (key.starts_with("/state/") && value.is_object() &&
               value["state"].value("worker_state", "") == "READ_COMPLETE") {
      CheckNonWorkable(key);
    } else if (key == "/worker-workflow-jobs" && action == "set") {
      workflow_ = value;
      workflow_jobs_stored_ = 0;
      CheckWorkflowHandlers();
    } else if (key.starts_with("/jobs/all/") && action == "set") {
      CheckJob(value[1]);
      ++workflow_jobs_stored_;
    }
  }

  MappingContext ContextFor(const ordered_json& job, const ordered_json& body) const {
    return MappingContext{job["resource_type"].get_ref<const std::string&>(),
                          job["resource_id"].get_ref<const std::string&>(),
                          body,
                          job["version"].get<std::int64_t>(),
                          schemas_,
                          lookup_};
  }

  void CheckNonWorkable(const std::string& state_key) {
    auto ref = schemas_.find_by_etcd_key(state_key);
    ASSERT_TRUE(ref.ok()) << ref.error().message;
    const std::string config_key = "/config" + state_key.substr(std::string("/state").size());
    ASSERT_TRUE(config_bodies_.contains(config_key)) << config_key;
    ++report_.non_workable;
    const MappingContext context{ref->schema->id, ref->id, config_bodies_[config_key], 0,
                                 schemas_,        lookup_};
    auto selected = select_templates(mappings_, context);
    EXPECT_TRUE(selected.ok()) << (selected.ok() ? "" : selected.error().message);
    if (selected.ok() && selected->empty()) ++report_.non_workable_selected_none;
  }

  void CheckWorkflowHandlers() {
    ++report_.workflows;
    const ordered_json& first = workflow_["jobs"][0];
    auto selected = select_templates(mappings_, ContextFor(first, first["resource_input"]));
    ASSERT_TRUE(selected.ok()) << selected.error().message;
    std::set<std::string> expected;
    for (const auto& job : workflow_["jobs"]) expected.insert(job["handler"].get<std::string>());
    std::set<std::string> got;
    for (const auto& choice : *selected) got.insert(choice.handler);
    if (got == expected) ++report_.workflow_handlers_equal;
  }

  void CheckJob(const ordered_json& job) {
    ++report_.jobs;
    const auto& handler = job["handler"].get_ref<const std::string&>();
    const auto& id = job["id"].get_ref<const std::string&>();
    const ordered_json* body = &job["resource_input"];
    if (job["action"] == "delete" &&
        options_.delete_uses_previous_body) {  // 2017 delete:monitoring_worker: the previous body
      const auto ref_key = "/esi-worker/config" +
                           schemas_.find_by_id(job["resource_type"].get<std::string>())->path +
                           "/" + job["resource_id"].get<std::string>();
      ASSERT_TRUE(previous_bodies_.contains(ref_key)) << ref_key;
      body = &previous_bodies_[ref_key];
    }
    const MappingContext context = ContextFor(job, *body);
    auto selected = select_templates(mappings_, ContextFor(job, job["resource_input"]));
    ASSERT_TRUE(selected.ok()) << id << ": " << selected.error().message;
    const HeatTemplate* heat_template = nullptr;
    for (const auto& choice : *selected) {
      if (choice.handler == handler) heat_template = templates_.find(choice.template_id);
    }
    ASSERT_NE(heat_template, nullptr) << id << ": no template selected for " << handler;
    EXPECT_EQ(heat_template->handler, handler) << id;

    auto params = evaluate_parameter_mappings(heat_template->parameter_mappings, context);
    if (!params.ok()) {
      Mismatch(id, "evaluation error: " + params.error().message);
      return;
    }
    std::size_t earlier_same_template = 0;
    for (int i = 0; i < workflow_jobs_stored_; ++i) {
      if (workflow_["jobs"][i]["handler"] == handler) ++earlier_same_template;
    }
    if (options_.multiply_resources) {
      multiply_resources(*params,
                         resource_multiplicity(ActionOf(workflow_["action"].get<std::string>()),
                                               earlier_same_template));
    }
    const ordered_json mine = params_to_json(*params);
    std::set<std::string> mine_names, recorded_names;
    for (const auto& p : mine) mine_names.insert(p["param"].get<std::string>());
    for (const auto& p : job["params"]) recorded_names.insert(p["param"].get<std::string>());
    if (mine_names == recorded_names) ++report_.templates_selected;
    if (nlohmann::json(mine) == nlohmann::json(job["params"])) ++report_.params_decoded_equal;
    if (Text(mine) == Text(job["params"])) {
      ++report_.params_exact;
    } else {
      Mismatch(id,
               "params differ\n  mine:     " + Text(mine) + "\n  recorded: " + Text(job["params"]));
    }
  }

  void Mismatch(const std::string& id, const std::string& what) {
    if (report_.first_mismatch.empty()) report_.first_mismatch = id + ": " + what;
  }

  const SchemaCatalog& schemas_;
  const TemplateMappings& mappings_;
  VerifierOptions options_;
  TemplateCatalog templates_;
  MapResourceLookup lookup_;
  std::map<std::string, ordered_json> config_bodies_;    // latest /config body per key
  std::map<std::string, ordered_json> previous_bodies_;  // JM copy before its last update
  ordered_json workflow_;
  int workflow_jobs_stored_ = 0;
  TraceReport report_;
};

SchemaCatalog LoadSchemas() {
  auto catalog = SchemaCatalog::from_json(testing::read_fixture_json("esi/schemas.json"));
  EXPECT_TRUE(catalog.ok());
  return std::move(*catalog);
}

TraceReport Verify(const std::string& trace, const TemplateMappings& mappings,
                   const SchemaCatalog& schemas, VerifierOptions options = {}) {
  TraceVerifier verifier(schemas, mappings, options);
  TraceReport report = verifier.run(testing::read_fixture_json_lines(trace));
  std::cout << trace << ": params exact " << report.params_exact << "/" << report.jobs
            << ", decoded-equal " << report.params_decoded_equal << "/" << report.jobs
            << ", template params " << report.templates_selected << "/" << report.jobs
            << ", workflow handlers " << report.workflow_handlers_equal << "/" << report.workflows
            << ", non-workable " << report.non_workable_selected_none << "/" << report.non_workable
            << "\n";
  if (!report.first_mismatch.empty())
    std::cout << "  first mismatch: " << report.first_mismatch << "\n";
  return report;
}

void ExpectAllMatch(const TraceReport& report, int jobs, int workflows, int non_workable) {
  EXPECT_EQ(report.jobs, jobs);
  EXPECT_EQ(report.params_exact, jobs) << report.first_mismatch;
  EXPECT_EQ(report.params_decoded_equal, jobs);
  EXPECT_EQ(report.templates_selected, jobs);
  EXPECT_EQ(report.workflows, workflows);
  EXPECT_EQ(report.workflow_handlers_equal, workflows);
  EXPECT_EQ(report.non_workable, non_workable);
  EXPECT_EQ(report.non_workable_selected_none, non_workable);
}

TEST(TraceVerification, HeatOnly00LogicalNetwork) {
  const SchemaCatalog schemas = LoadSchemas();
  const TemplateMappings mappings = TemplateMappings::from_schemas(schemas);
  ExpectAllMatch(Verify("traces/00_logical_network.jsonl", mappings, schemas), 7, 7, 5);
}

TemplateMappings Mappings2017() {
  auto mappings =
      TemplateMappings::from_json(testing::read_fixture_json("esi/template_mappings-2017.json"));
  EXPECT_TRUE(mappings.ok());
  return std::move(*mappings);
}

TEST(TraceVerification, Gen2017History01CommonFunctionGateway) {
  const SchemaCatalog schemas = LoadSchemas();
  ExpectAllMatch(Verify("history/01_common_function_gateway/trace.jsonl", Mappings2017(), schemas),
                 31, 18, 11);
}

TEST(TraceVerification, Gen2017History02InternetGateway) {
  const SchemaCatalog schemas = LoadSchemas();
  ExpectAllMatch(Verify("history/02_internet_gateway/trace.jsonl", Mappings2017(), schemas), 35, 21,
                 8);
}

// Each rule is needed: switching it off breaks recorded jobs (the history traces hold modify
// workflows: 01 has two port v2 workflows of three jobs each, 02 likewise).
TEST(TraceVerification, AblationsBreakRecordedJobs) {
  const SchemaCatalog schemas = LoadSchemas();
  const TemplateMappings mappings = Mappings2017();
  for (const char* trace : {"history/01_common_function_gateway/trace.jsonl",
                            "history/02_internet_gateway/trace.jsonl"}) {
    const int jobs = Verify(trace, mappings, schemas).jobs;
    EXPECT_LT(Verify(trace, mappings, schemas, VerifierOptions{false, true}).params_exact, jobs)
        << trace;
    EXPECT_LT(Verify(trace, mappings, schemas, VerifierOptions{true, false}).params_exact, jobs)
        << trace;
  }
}

}  // namespace
}  // namespace esisim::domain
