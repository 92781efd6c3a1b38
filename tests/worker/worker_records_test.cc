// The values a worker writes, pinned on recorded ones (seed 004, trace 00).
#include "core/worker/worker_records.h"

#include <gtest/gtest.h>

#include "core/worker/param_resolution.h"

namespace esisim::worker {
namespace {

using nlohmann::ordered_json;

WorkerJob job(std::string action) {
  WorkerJob j;
  j.id = action + ":heat_worker:subnet:s1:1:abcde";
  j.action = std::move(action);
  j.resource_type = "subnet";
  j.resource_id = "s1";
  j.version = 1;
  j.tenant_id = "t1";
  return j;
}

TEST(WorkerRecords, HeatOutputsTextUsesHeatsDictOrderWithAndWithoutAnError) {
  // Seed 004: a name output that failed between two plain outputs.
  auto outputs = ordered_json::parse(R"([
    {"output_key": "id", "output_value": "cccccccc-cccc-cccc-cccc-cccccccccccc",
     "description": "A unique id for the logical interface"},
    {"output_key": "name", "output_value": null, "description": "The name of the logical interface.",
     "output_error": "'ContrailLogicalInterface' object has no attribute 'li_uuid'"}])");
  EXPECT_EQ(heat_outputs_text(outputs).value(),
            "[{\"output_value\": \"cccccccc-cccc-cccc-cccc-cccccccccccc\", \"description\": \"A "
            "unique id for the logical interface\", \"output_key\": \"id\"}, {\"output_value\": "
            "null, \"output_error\": \"'ContrailLogicalInterface' object has no attribute "
            "'li_uuid'\", \"description\": \"The name of the logical interface.\", "
            "\"output_key\": \"name\"}]");
}

TEST(WorkerRecords, HeatStackRecordAfterCreateAndDelete) {
  auto outputs =
      ordered_json::parse(R"([{"output_key":"id","output_value":"u","description":"d"}])");
  EXPECT_EQ(heat_stack_record(job("create"), completed_stack("create", outputs)).value(),
            "{\"id\": \"subnet:s1\", \"output\": [{\"description\": \"d\", \"output_key\": "
            "\"id\", \"output_value\": \"u\"}], \"stack_id\": \"subnet_s1\", \"stack_status\": "
            "\"CREATE_COMPLETE\", \"status_reason\": \"Stack CREATE completed successfully\", "
            "\"tenant_id\": \"t1\"}");
  EXPECT_EQ(
      heat_stack_record(job("logical_delete"), completed_stack("logical_delete", outputs)).value(),
      "{\"id\": \"subnet:s1\", \"output\": [], \"stack_id\": \"\", \"stack_status\": "
      "\"DELETE_COMPLETE\", \"status_reason\": \"\", \"tenant_id\": \"t1\"}");
  EXPECT_EQ(completed_stack("modify", outputs).status_reason, "Stack successfully updated");
}

TEST(WorkerRecords, StateOfACompletedAndOfAFailedJob) {
  StackResult ok = completed_stack("create", ordered_json::array());
  ordered_json js = merge_job_state(ordered_json::object(), heat_job_result(ok, true));
  EXPECT_EQ(job_state_text(js).value(),
            "{\"heat_outputs\": [], \"orchestration_state\": \"CREATE_COMPLETE\"}");
  EXPECT_EQ(state_text(job("create"), js, "").value(),
            "{\"error\": \"\", \"state\": {\"heat_outputs\": \"[]\", \"orchestration_state\": "
            "\"CREATE_COMPLETE\", \"worker_state\": \"CREATE_COMPLETED\"}, \"version\": 1}");
  StackResult bad = failed_stack("modify", "Resource UPDATE failed: boom");
  EXPECT_TRUE(bad.failed());
  EXPECT_EQ(bad.stack_status, "UPDATE_FAILED");
  ordered_json failed = merge_job_state(ordered_json::object(), heat_job_result(bad, true));
  EXPECT_EQ(state_text(job("modify"), failed, bad.status_reason).value(),
            "{\"error\": \"Resource UPDATE failed: boom\", \"state\": {\"heat_outputs\": \"[]\", "
            "\"orchestration_state\": \"UPDATE_FAILED\", \"worker_state\": \"MODIFY_FAILED\"}, "
            "\"version\": 1}");
}

TEST(WorkerRecords, MonitoringStateIsAStringInPython27DictOrder) {
  // domain-2017.md §3.3 (H01#707): the job_state object is sorted, the /state string is not.
  ordered_json js = ordered_json::parse(
      R"({"state_monitoring": {"primary_41": "master", "secondary_41": "backup",
                               "primary_42": "master", "secondary_42": "backup"}})");
  WorkerJob j = job("create");
  j.handler = "monitoring_worker";
  EXPECT_EQ(state_text(j, js, "").value(),
            "{\"error\": \"\", \"state\": {\"state_monitoring\": \"{\\\"secondary_41\\\": "
            "\\\"backup\\\", \\\"primary_42\\\": \\\"master\\\", \\\"primary_41\\\": "
            "\\\"master\\\", \\\"secondary_42\\\": \\\"backup\\\"}\", \"worker_state\": "
            "\"CREATE_COMPLETED\"}, \"version\": 1}");
}

class MapOutputs : public OutputsLookup {
 public:
  std::optional<ordered_json> outputs_of(std::string_view type, std::string_view id) override {
    if (type == "network" && id == "n1") {
      return ordered_json::parse(
          R"([{"output_key":"id","output_value":"n1","description":""},
              {"output_key":"bad","output_value":null,"output_error":"no attr","description":""}])");
    }
    return std::nullopt;
  }
};

TEST(ParamResolution, SplitsParamsAndResolvesOutputs) {
  auto params = ordered_json::parse(R"([
    {"param":"heat_timeout","type":"value","value":"13","resources":[]},
    {"param":"jinja_subnets","type":"list","resources":[],"value":[
      {"param":"jinja_subnets","type":"output_key","resources":[],
       "value":{"output_key":"id","resource_type":"network","resource_id":"n1"}}]},
    {"param":"name","type":"value","value":"p1","resources":[]}])");
  MapOutputs outputs;
  auto r = resolve_params(params, outputs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->timeout_mins, 13);
  EXPECT_EQ(r->jinja_variables.dump(), R"({"jinja_subnets":["n1"]})");
  EXPECT_EQ(r->stack_parameters.dump(), R"({"name":"p1"})");
  EXPECT_EQ(r->all.size(), 3u);
}

TEST(ParamResolution, AFailedOrMissingOutputIsAnErrorNamingTheParam) {
  MapOutputs outputs;
  auto failed = resolve_params(ordered_json::parse(R"([{"param":"x","type":"output_key",
      "value":{"output_key":"bad","resource_type":"network","resource_id":"n1"}}])"),
                               outputs);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message,
            "param x: output 'bad' failed: no attr in the stack of network n1");
  auto missing = resolve_params(ordered_json::parse(R"([{"param":"y","type":"output_key",
      "value":{"output_key":"id","resource_type":"subnet","resource_id":"s9"}}])"),
                                outputs);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "param y: no stack for subnet s9 (output 'id')");
}

TEST(WorkerJob, ParsesTheStoredValueAndRejectsOtherShapes) {
  auto parsed = parse_worker_job(
      R"(["heat_worker", {"id": "create:heat_worker:port:p:2:abcde", "action": "create",
          "resource_type": "port", "resource_id": "p", "version": 2, "is_first": true,
          "is_last": false, "on_failure": "fail", "params": [],
          "resource_input": {"tenant_id": "t"}}, 0])");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->tenant_id, "t");
  EXPECT_FALSE(parsed->is_last);
  EXPECT_FALSE(parse_worker_job("[1,2,3]").ok());
  EXPECT_FALSE(parse_worker_job("not json").ok());
}

}  // namespace
}  // namespace esisim::worker
