// The job texts are written directly (no tree per job); here every text the core writes is
// compared with what the tree writers give for the same jobs (job_json + python_json_dumps, the
// way the texts were made before), on a synthetic mixed topology (creates, Nova updates as
// modifies, dependencies) and on hand-made jobs with awkward values and depths.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/json/json_doc.h"
#include "core/json/py27_dict.h"
#include "core/json/python_json.h"
#include "core/scheduler/job.h"
#include "core/scheduler/job_manager.h"
#include "sim/topology/synthetic_topology.h"
#include "sim/topology/topology_drive.h"
#include "tests/domain/fixture_reader.h"
#include "tests/json/fixture_documents.h"

namespace esisim::scheduler {
namespace {

using nlohmann::ordered_json;

std::string dumps(const ordered_json& value, bool sorted) {
  json::PythonJsonOptions options;
  options.sort_keys = sorted;
  auto text = json::python_json_dumps(value, options);
  return text.ok() ? *text : "error: " + text.error().message;
}

// The texts as the tree writers make them.
std::string reference_jobs_all(const Job& job) {
  return dumps(ordered_json::array({job.handler, job_json(job, true), 0}), false);
}

// Each job dumped on its own and pasted into the record, as main made it (so a job's nesting
// limit counts from the job, not from the record).
std::string reference_record(std::string_view action, const std::vector<const Job*>& deps,
                             const std::vector<const Job*>& jobs) {
  auto list = [](const std::vector<const Job*>& of, bool stored) -> std::string {
    std::string out = "[";
    for (size_t k = 0; k < of.size(); ++k) {
      const std::string text = dumps(job_json(*of[k], stored), true);
      if (text.rfind("error: ", 0) == 0) return text;
      if (k > 0) out += ", ";
      out += text;
    }
    return out + "]";
  };
  const std::string dependencies = list(deps, true);
  if (dependencies.rfind("error: ", 0) == 0) return dependencies;
  const std::string job_list = list(jobs, false);
  if (job_list.rfind("error: ", 0) == 0) return job_list;
  return "{\"action\": " + dumps(ordered_json(action), true) +
         ", \"dependencies\": " + dependencies + ", \"jobs\": " + job_list + "}";
}

const domain::SchemaCatalog& schemas() {
  static const domain::SchemaCatalog kCatalog =
      domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"))
          .value();
  return kCatalog;
}

std::vector<sim::topology::ConfigRecord> mixed_topology(size_t resources) {
  std::vector<sim::topology::ConfigRecord> templates;
  for (const std::string& id :
       sim::topology::required_heat_templates(sim::topology::Shape::kMixed)) {
    templates.push_back(
        sim::topology::heat_template_record(
            esisim::testing::read_fixture_json("esi/heat_templates/" + id + ".json"))
            .value());
  }
  return sim::topology::generate_topology({7, resources, sim::topology::Shape::kMixed}, templates)
      .value();
}

// The body of a Gohan record as nlohmann reads it.
ordered_json body_of(const std::string& stored) {
  const ordered_json envelope = ordered_json::parse(stored);
  return ordered_json::parse(envelope["body"].get<std::string>());
}

std::string copy_value(const ordered_json& body, bool deleted, int64_t version) {
  ordered_json value;
  value["body"] = body;
  value["deleted"] = deleted;
  value["version"] = version;
  return dumps(value, true);
}

TEST(JobText, EveryTextOfASyntheticTopologyEqualsTheTreeWriters) {
  JobManagerCore core(schemas(), domain::TemplateMappings::from_schemas(schemas()),
                      domain::TemplateMappings(), JobManagerOptions{},
                      sim::topology::counting_job_suffixes());
  MapStateReader state;
  std::deque<std::string> ready;
  std::map<std::string, std::string> copies;  // /esi-worker/config key -> reference value
  size_t jobs_checked = 0, records_checked = 0, copies_checked = 0, dependencies_checked = 0;

  auto check_copy = [&](const EtcdWrite& w, const ordered_json& body, bool deleted,
                        int64_t version) {
    const std::string expected = copy_value(body, deleted, version);
    EXPECT_EQ(w.value, expected) << w.key;
    if (w.kind == EtcdWrite::Kind::kCompareAndSwap) {
      EXPECT_EQ(w.prev_value, copies[w.key]);
    }
    copies[w.key] = expected;
    ++copies_checked;
  };
  auto take_ready = [&](const std::vector<EtcdWrite>& writes) {
    for (const EtcdWrite& w : writes) {
      if (w.kind != EtcdWrite::Kind::kDelete && w.key.rfind("/jobs/ready/", 0) == 0) {
        ready.push_back(w.key.substr(12));
      }
    }
  };
  auto finish_one = [&] {
    const std::string id = ready.front();
    ready.pop_front();
    const Job* job = core.registry().find(id);
    ASSERT_NE(job, nullptr);
    state.versions["/state" + schemas().find_by_id(job->resource_type)->path + "/" +
                   job->resource_id] = job->version;
    take_ready(core.job_finished(id));
  };

  const auto records = mixed_topology(600);
  for (const auto& record : records) {
    auto read = core.read_config_set(record.key, record.stored_value);
    ASSERT_TRUE(read.ok()) << read.error().message;
    if (read->kind == ReadOutcome::Kind::kNonWorkable) {
      const ordered_json body = body_of(record.stored_value);
      const ordered_json envelope = ordered_json::parse(record.stored_value);
      const int64_t version = envelope["version"].get<int64_t>();
      ordered_json state_value;
      state_value["error"] = "";
      state_value["state"] = ordered_json{{"worker_state", "READ_COMPLETE"}};
      state_value["version"] = version;
      ASSERT_EQ(read->writes.size(), 2u);
      EXPECT_EQ(read->writes[0].value, dumps(state_value, true));
      check_copy(read->writes[1], body, envelope["marked_for_deletion"].get<bool>(), version);
    }
    while (core.has_queued_workflow()) {
      auto scheduled = core.schedule_next(state);
      ASSERT_TRUE(scheduled.ok()) << scheduled.error().message;
      if (scheduled->job_ids.empty()) continue;
      std::vector<const Job*> stored;
      for (const std::string& id : scheduled->job_ids) stored.push_back(core.registry().find(id));
      const ordered_json body = body_of(record.stored_value);
      const ordered_json envelope = ordered_json::parse(record.stored_value);
      for (const EtcdWrite& w : scheduled->writes) {
        if (w.key == "/worker-workflow-jobs" && w.kind == EtcdWrite::Kind::kSet) {
          const ordered_json parsed = ordered_json::parse(w.value);
          std::vector<const Job*> deps;
          for (const auto& dep : parsed["dependencies"]) {
            deps.push_back(core.registry().find(dep["id"].get<std::string>()));
            ASSERT_NE(deps.back(), nullptr);
          }
          dependencies_checked += deps.size();
          EXPECT_EQ(w.value, reference_record(parsed["action"].get<std::string>(), deps, stored));
          ++records_checked;
        } else if (w.key.rfind("/jobs/all/", 0) == 0) {
          const Job* job = core.registry().find(w.key.substr(10));
          ASSERT_NE(job, nullptr);
          EXPECT_TRUE(esisim::testing::same_tree(job->resource_input.json(), body));
          EXPECT_EQ(w.value, reference_jobs_all(*job));
          ++jobs_checked;
        } else if (w.key.rfind("/esi-worker/config/", 0) == 0) {
          check_copy(w, body, envelope["marked_for_deletion"].get<bool>(),
                     envelope["version"].get<int64_t>());
        }
      }
      take_ready(scheduled->writes);
    }
    while (ready.size() > 16) finish_one();
  }
  while (!ready.empty()) finish_one();
  EXPECT_EQ(core.registry().size(), 0u);
  EXPECT_GT(jobs_checked, 400u);
  EXPECT_EQ(records_checked, jobs_checked);  // heat-only: one job per workflow
  EXPECT_GT(dependencies_checked, 300u);
  EXPECT_GT(copies_checked, jobs_checked);
  std::cout << jobs_checked << " jobs, " << records_checked << " workflow records ("
            << dependencies_checked << " dependencies), " << copies_checked
            << " copies equal the tree writers\n";
}

json::JsonDoc doc_of(const std::string& text) { return std::move(**json::JsonDoc::parse(text)); }

Job awkward_job(const std::string& body_text) {
  Job job;
  job.id = "modify:heat_worker:network:n\xc3\xa9t:3:abcde";
  job.handler = "heat_worker";
  job.action = "modify";
  job.resource_type = "network";
  job.resource_id = "n\xc3\xa9t \"1\"";
  job.version = 3;
  job.is_first = false;
  job.is_last = true;
  job.on_failure = "ignore";
  job.dependency = {"a:b", "caf\xc3\xa9", "q\"uote"};
  std::vector<domain::Param> params;
  params.push_back({"tags",
                    domain::ParamType::kValue,
                    ordered_json::parse(R"({"zeta": 1, "alpha": {"y": [1.5, -0.0, "\u2028"],
                        "b": null}, "mid": [], "": {}})"),
                    {{"network", "n1"}, {"subnet", "s\xc3\xa9"}, {"network", "n1"}}});
  params.push_back(
      {"virtual_network",
       domain::ParamType::kOutputKey,
       ordered_json{{"output_key", "id"}, {"resource_type", "network"}, {"resource_id", "n\"2"}},
       {{"network", "n\"2"}}});
  params.push_back({"jinja_subnets",
                    domain::ParamType::kList,
                    ordered_json::array({ordered_json{{"resources", ordered_json::array()},
                                                      {"type", "output_key"},
                                                      {"value", ordered_json{{"z", 1}, {"a", 2}}},
                                                      {"param", "jinja_subnets"}}}),
                    {}});
  params.push_back({"caf\xc3\xa9\x01", domain::ParamType::kValue, 1e-7, {}});
  params.push_back({"big", domain::ParamType::kValue, 18446744073709551615ULL, {}});
  job.params = JobParams(std::move(params));
  job.resource_input = ResourceInput(doc_of(body_text));
  return job;
}

TEST(JobText, AwkwardValuesEqualTheTreeWriters) {
  const std::vector<std::string> bodies = {
      R"({})",
      R"({"admin_state_up":true,"id":"n1","name":"caf\u00e9 \"x\" \\ \/","mtu":1500,)"
      R"("ratio":0.25,"tags":{"zz":[{"b":1,"a":[{"d":{},"c":null}]}],"aa":"\u0001"},)"
      R"("subnets":["s1","s2"],"neg":-3,"big":18446744073709551615,"f":1e300})",
      R"({"uuid":"u","heat_timeout":3,"name":"n","admin_state_up":false})",
  };
  for (const std::string& body : bodies) {
    Job dep = awkward_job(body);
    const Job job = awkward_job(body);
    EXPECT_EQ(*jobs_all_value(job), reference_jobs_all(job)) << body;
    std::vector<Job> jobs;
    jobs.push_back(awkward_job(body));
    jobs.back().id.clear();
    jobs.back().dependency.clear();
    const std::vector<const Job*> deps = {&dep, &dep};  // duplicates are kept
    EXPECT_EQ(*workflow_record_value("modify", deps, jobs),
              reference_record("modify", deps, {&jobs.back()}))
        << body;
  }
}

TEST(JobText, NestingLimitAsTheTreeWriters) {
  for (size_t nesting : {250, 252, 253, 254, 255, 256}) {
    std::string body = R"({"deep":)" + std::string(nesting, '[') + std::string(nesting, ']') + "}";
    const Job job = awkward_job(body);
    auto value = jobs_all_value(job);
    const std::string reference = reference_jobs_all(job);
    EXPECT_EQ(value.ok(), reference.rfind("error: ", 0) != 0) << nesting;
    if (value.ok()) {
      EXPECT_EQ(*value, reference);
    } else {
      EXPECT_EQ("error: " + value.error().message, reference);
    }
    std::vector<Job> jobs;
    jobs.push_back(awkward_job(body));
    auto record = workflow_record_value("create", {}, jobs);
    const std::string record_reference = reference_record("create", {}, {&jobs.back()});
    EXPECT_EQ(record.ok(), record_reference.rfind("error: ", 0) != 0) << nesting;
  }
}

TEST(JobText, ParamsIterateAsTheirJsonList) {
  const Job job = awkward_job("{}");
  EXPECT_EQ(job.params.json(), domain::params_to_json(job.params.list()));
  size_t count = 0;
  for (const auto& param : job.params) {
    EXPECT_EQ(param, job.params.json()[count]);
    ++count;
  }
  EXPECT_EQ(count, job.params.size());
  const Job with_body = awkward_job(R"({"x":[1,"y"]})");
  EXPECT_EQ(with_body.resource_input["x"], ordered_json::parse(R"([1,"y"])"));  // the tree view
}

}  // namespace
}  // namespace esisim::scheduler
