#include "core/json/py27_dict.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/json/python_json.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::json {
namespace {

using nlohmann::ordered_json;

std::vector<std::string> Names(const ordered_json& list, const char* field) {
  std::vector<std::string> names;
  for (const auto& item : list) names.push_back(item[field].get<std::string>());
  return names;
}

std::vector<std::string> Strings(const ordered_json& list) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(item.get<std::string>());
  return out;
}

TEST(Py27Dict, StringHashMatchesCPython27) {
  // Values printed by CPython 2.7 (64-bit): hash('a'), hash('ab'), hash('') and hash(u'\xe9').
  EXPECT_EQ(py27_string_hash(""), 0u);
  EXPECT_EQ(static_cast<std::int64_t>(py27_string_hash("a")), 12416037344LL);
  EXPECT_EQ(static_cast<std::int64_t>(py27_string_hash("ab")), 12416074593111939LL);
}

TEST(Py27Dict, NetworkJobParamsOfSpec) {
  // domain.md §5.1: the network job lists uuid, heat_timeout, name, admin_state_up.
  EXPECT_EQ(py27_dict_order({"admin_state_up", "heat_timeout", "name", "uuid"}),
            (std::vector<std::string>{"uuid", "heat_timeout", "name", "admin_state_up"}));
}

TEST(Py27Dict, RepeatedKeysKeepFirstInsertion) {
  EXPECT_EQ(py27_dict_order({"x", "x", "x"}), std::vector<std::string>{"x"});
}

TEST(Py27Dict, ReorderRecursiveReachesObjectsInArrays) {
  const auto value = ordered_json::parse(R"([{"admin_state_up": 1, "heat_timeout": 2,
                                             "name": 3, "uuid": 4}])");
  EXPECT_EQ(py27_reorder_recursive(value).dump(),
            R"([{"uuid":4,"heat_timeout":2,"name":3,"admin_state_up":1}])");
}

// Every /jobs/all value of the full-index traces: params in the dict order of the sorted
// parameter names; dependency in the set order of the workflow's dependencies (first
// occurrence); resource_input = the Gohan body (sorted keys) as a Python dict, at every depth.
TEST(Py27Dict, ReproducesOrdersOfRecordedJobs) {
  int jobs = 0;
  int inputs_checked = 0;
  for (const auto& trace : testing::full_index_traces()) {
    std::map<std::string, ordered_json> config_body_by_id;
    ordered_json workflow;                      // the last /worker-workflow-jobs record
    std::vector<std::string> workflow_job_ids;  // jobs stored for it so far
    for (const auto& event : testing::read_fixture_json_lines(trace)) {
      const auto& key = event["key"].get_ref<const std::string&>();
      const auto& action = event["action"].get_ref<const std::string&>();
      if (key.rfind("/config/", 0) == 0 && event["value"].is_object()) {
        config_body_by_id[key.substr(key.rfind('/') + 1)] =
            ordered_json::parse(event["value"]["body"].get<std::string>());
      }
      if (key == "/worker-workflow-jobs" && action == "set") {
        workflow = event["value"];
        workflow_job_ids.clear();
      }
      if (key.rfind("/jobs/all/", 0) != 0 || action != "set") continue;
      const auto& job = event["value"][1];
      ++jobs;
      const auto recorded_names = Names(job["params"], "param");
      auto sorted_names = recorded_names;
      std::sort(sorted_names.begin(), sorted_names.end());
      EXPECT_EQ(py27_dict_order(sorted_names), recorded_names) << job["id"];

      std::vector<std::string> dependency_ids;
      if (workflow_job_ids.empty()) {
        dependency_ids = Names(workflow["dependencies"], "id");
      } else {
        dependency_ids = workflow_job_ids;
      }
      EXPECT_EQ(py27_dict_order(dependency_ids), Strings(job["dependency"])) << job["id"];
      workflow_job_ids.push_back(job["id"].get<std::string>());

      const auto& body = config_body_by_id[job["resource_id"].get<std::string>()];
      EXPECT_EQ(*python_json_dumps(py27_reorder_recursive(body)),
                *python_json_dumps(job["resource_input"]))
          << job["id"];
      ++inputs_checked;
    }
  }
  EXPECT_EQ(jobs, 7 + 31 + 35);
  EXPECT_EQ(inputs_checked, jobs);
}

}  // namespace
}  // namespace esisim::json
