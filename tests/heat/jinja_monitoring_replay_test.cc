// "Verified by replay" (domain-2017.md §1.2): every `state_monitoring` recorded in
// /esi-worker/job_state by the 2017 monitoring_worker equals the status computed by rendering
// the monitoring job's template with its params (output_key params resolved from the
// resource's heat_stacks outputs recorded earlier in the trace) and mapping the items
// (core/heat/monitoring_items.h). Also unit tests of that mapping.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/heat/jinja.h"
#include "core/heat/monitoring_items.h"
#include "tests/heat/jinja_fixtures.h"

namespace esisim::testing {
namespace {

using nlohmann::ordered_json;

std::string last_segment(const std::string& key) { return key.substr(key.rfind('/') + 1); }

// The output_value of `output_key` in a heat_stacks `output` list; null when absent or when
// Heat reported an output_error instead.
ordered_json output_value(const ordered_json& outputs, const std::string& output_key) {
  for (const auto& output : outputs) {
    if (output.value("output_key", "") == output_key)
      return output.value("output_value", ordered_json());
  }
  return nullptr;
}

struct ReplayCount {
  std::size_t compared = 0;
  std::size_t empty = 0;
};

// Fills `count`; ASSERTs stop the replay of the trace (gtest needs a void function).
void replay_monitoring(const std::string& trace, ReplayCount& count) {
  std::map<std::string, ordered_json> jobs;               // job id -> job
  std::map<std::string, ordered_json> outputs;            // resource id -> heat outputs
  std::map<std::string, std::string> working_monitoring;  // resource id -> job id
  for (const auto& event : read_fixture_json_lines(trace)) {
    const std::string key = event.value("key", "");
    const std::string action = event.value("action", "");
    const ordered_json& value = event["value"];
    if (is_job_write(event)) {
      jobs[last_segment(key)] = value[1];
    } else if (key.rfind("/esi-worker/heat_stacks/", 0) == 0 && value.is_object()) {
      outputs[last_segment(key)] = value.value("output", ordered_json::array());
    } else if (key.rfind("/jobs/working/", 0) == 0 &&
               key.find(":monitoring_worker:") != std::string::npos) {
      const std::string job_id = last_segment(key);
      if (action == "create") working_monitoring[jobs[job_id]["resource_id"]] = job_id;
    } else if (key.rfind("/esi-worker/job_state/", 0) == 0 && value.is_object() &&
               value.contains("state_monitoring")) {
      const std::string resource_id = last_segment(key);
      SCOPED_TRACE(trace + " seq " + event["seq"].dump() + " " + key);
      ASSERT_EQ(working_monitoring.count(resource_id), 1u);
      const ordered_json& job = jobs[working_monitoring[resource_id]];
      const RecordedJob recorded{trace, "2017", "monitoring_worker", job};
      const std::string id = template_id_of(recorded);
      const TemplateVariant* variant = nullptr;
      for (const auto& candidate : template_variants()) {
        if (candidate.generation == "2017" && candidate.id == id) variant = &candidate;
      }
      ASSERT_NE(variant, nullptr) << "no monitoring template for " << job["id"];
      auto resolve = [&](const std::string&, const ordered_json& ref) {
        return output_value(outputs[ref["resource_id"]], ref["output_key"]);
      };
      auto text = heat::render_jinja(id, variant->template_file,
                                     variables_of(job, "monitoring_worker", resolve));
      ASSERT_TRUE(text.ok()) << text.error().message;
      auto status = heat::monitoring_status_from_rendered(id, text.value());
      ASSERT_TRUE(status.ok()) << status.error().message;
      // Compared as decoded JSON (the recorded text has sorted keys).
      EXPECT_EQ(nlohmann::json(status.value()), nlohmann::json(value["state_monitoring"]))
          << id << " rendered:\n"
          << text.value();
      ++count.compared;
      if (status.value().empty()) ++count.empty;
    }
  }
}

TEST(JinjaMonitoringReplay, StateMonitoringOfHistory01FollowsFromRenderedTemplates) {
  ReplayCount count;
  replay_monitoring("history/01_common_function_gateway/trace.jsonl", count);
  // 17 records: switch, 2 ports, 2 routers, ha_router, 2 interfaces, ha_interface, network,
  // 2 unattached ports ({}), 2 logical ports, the CFG's 4 vrrp sessions, 2 attached ports.
  EXPECT_EQ(count.compared, 17u);
  EXPECT_EQ(count.empty, 2u);
}

TEST(JinjaMonitoringReplay, StateMonitoringOfHistory02FollowsFromRenderedTemplates) {
  ReplayCount count;
  replay_monitoring("history/02_internet_gateway/trace.jsonl", count);
  // 18 records, among them the internet gateway (kafka_messenger left out) and gw_interface.
  EXPECT_EQ(count.compared, 18u);
  EXPECT_EQ(count.empty, 2u);
}

// --- monitoring_status_from_rendered ------------------------------------------------------

ordered_json status_of(const std::string& yaml) {
  auto status = heat::monitoring_status_from_rendered("m", yaml);
  return status.ok() ? status.value() : ordered_json("ERROR: " + status.error().message);
}

TEST(MonitoringItems, ItemTypesMapToStatuses) {
  const std::string yaml =
      "b_vrrp:\n  type: vrrp_session\n  wanted_status: backup\n"
      "a_bgp:\n  type: bgp_session\n"
      "counter:\n  type: kafka_messenger\n  kafka_topic: monitor_igs_counter\n"
      "reader:\n  type: etcd_reader\n  etcd_id: null\n"
      "port:\n  type: logical_port\n"
      "db_mappings:\n  - mapped_id: x\n    relation: instance\n";
  const ordered_json status = status_of(yaml);
  EXPECT_EQ(status.dump(),
            R"({"b_vrrp":"backup","a_bgp":"ESTABLISHED","reader":"ACTIVE","port":"ACTIVE"})");
}

TEST(MonitoringItems, EmptyDocumentReportsNothing) {
  EXPECT_EQ(status_of("").dump(), "{}");
  EXPECT_EQ(status_of("\n\n").dump(), "{}");
  EXPECT_EQ(status_of("db_mappings:\n  - mapped_id: x\n").dump(), "{}");
}

TEST(MonitoringItems, RepeatedItemKeepsFirstPositionLastDefinition) {
  EXPECT_EQ(status_of("a:\n  type: router\nb:\n  type: router\na:\n  type: bgp_session\n").dump(),
            R"({"a":"ESTABLISHED","b":"ACTIVE"})");
}

TEST(MonitoringItems, MalformedDocumentsAreErrors) {
  EXPECT_EQ(status_of("- a\n- b\n"),
            "ERROR: m: rendered document is not a mapping of monitoring items");
  EXPECT_EQ(status_of("a: b\n"), "ERROR: m: item 'a' is not a mapping");
  EXPECT_EQ(status_of("a:\n  timeout: 3\n"), "ERROR: m: item 'a' has no scalar 'type'");
  EXPECT_EQ(status_of("a:\n  type: vrrp_session\n"),
            "ERROR: m: vrrp_session item 'a' has no scalar 'wanted_status'");
  EXPECT_EQ(status_of("a: [b\n"),
            "ERROR: m: rendered document is not YAML: line 2, column 1: end of sequence flow not "
            "found");
}

}  // namespace
}  // namespace esisim::testing
