// The outputs list: Heat's listing order and the exact text the heat_worker stores.
#include "core/heat/hot_outputs.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/json/py27_dict.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

// The internet_gateway outputs as its Jinja loop renders them (document order), and the
// order recorded in traces/02 seq 133.
const std::vector<std::string> kInternetGatewayDocument = {
    "primary_monitoring_target_id", "primary_monitoring_link", "secondary_monitoring_target_id",
    "secondary_monitoring_link"};
const std::vector<std::string> kInternetGatewayRecorded = {
    "primary_monitoring_target_id", "secondary_monitoring_link", "secondary_monitoring_target_id",
    "primary_monitoring_link"};

TEST(HotOutputsOrder, ThreeDictRebuildsMatchTheInternetGatewayRecord) {
  std::vector<std::string> recorded;
  for (const auto& e :
       esisim::testing::read_fixture_json_lines("traces/02_internet_gateway.jsonl")) {
    if (e["key"].get<std::string>().starts_with(
            "/esi-worker/heat_stacks/v2.0/internet_gateways/")) {
      for (const auto& entry : e["value"]["output"]) recorded.push_back(entry["output_key"]);
    }
  }
  EXPECT_EQ(recorded, kInternetGatewayRecorded);
  EXPECT_EQ(heat_dict_order(kInternetGatewayDocument), kInternetGatewayRecorded);
  // One CPython 2.7 dict pass (the plain reading) does not give the recorded order.
  EXPECT_NE(json::py27_dict_order(kInternetGatewayDocument), kInternetGatewayRecorded);
}

TEST(HotOutputsOrder, FixedPointsOfTheRecordedTemplates) {
  EXPECT_EQ(heat_dict_order({"id", "name", "fq_name", "route_targets"}),
            (std::vector<std::string>{"route_targets", "fq_name", "id", "name"}));
  EXPECT_EQ(heat_dict_order({"id", "mac_address", "allowed_address_pairs", "virtual_network",
                             "fq_name", "monitoring_target_id", "monitoring_link"}),
            (std::vector<std::string>{"fq_name", "allowed_address_pairs", "monitoring_target_id",
                                      "mac_address", "virtual_network", "id", "monitoring_link"}));
  // vnf_instance: a second reading (sorted keys, then one pass) would put server_id last.
  EXPECT_EQ(heat_dict_order({"server_id", "monitoring_target_id", "monitoring_link"}),
            (std::vector<std::string>{"server_id", "monitoring_target_id", "monitoring_link"}));
}

TEST(HotOutputsText, EntryKeysFollowTheRecordedOrder) {
  std::vector<StackOutput> outputs = {
      {"id", "A unique id", "x", std::nullopt},
      {"name", "The name", nullptr, std::string("boom")},
      {"pairs", "d",
       ordered_json::parse(R"({"b": 1, "allowed_address_pair": [], "a": {"y": 1, "x": 2}})"),
       std::nullopt}};
  EXPECT_EQ(outputs_to_python_json(outputs).value(),
            R"([{"output_value": "x", "description": "A unique id", "output_key": "id"}, )"
            R"({"output_value": null, "output_error": "boom", "description": "The name", )"
            R"("output_key": "name"}, {"output_value": {"a": {"y": 1, "x": 2}, "b": 1, )"
            R"("allowed_address_pair": []}, "description": "d", "output_key": "pairs"}])");
  // An error wins over a value left in the struct.
  outputs[1].value = "ignored";
  EXPECT_EQ(outputs_to_json(outputs)[1]["output_value"], nullptr);
}

// Every /state heat_outputs string of every trace (Jinja templates included) is what
// outputs_to_python_json writes for the list it holds: the entry key order, the nested
// object order and the Python separators are those of the real heat_worker.
TEST(HotOutputsText, EveryRecordedStateStringRoundTrips) {
  int strings = 0;
  int entries = 0;
  for (const char* trace :
       {"traces/00_logical_network.jsonl", "traces/01_common_function_gateway.jsonl",
        "traces/02_internet_gateway.jsonl", "traces/05_load_balancer.jsonl",
        "history/00_logical_network/trace.jsonl", "history/01_common_function_gateway/trace.jsonl",
        "history/02_internet_gateway/trace.jsonl"}) {
    for (const auto& e : esisim::testing::read_fixture_json_lines(trace)) {
      if (!e["key"].get<std::string>().starts_with("/state/")) continue;
      const auto& value = e["value"];
      if (!value.is_object() || !value.contains("state") || !value["state"].is_object() ||
          !value["state"].contains("heat_outputs")) {
        continue;
      }
      const std::string text = value["state"]["heat_outputs"];
      std::vector<StackOutput> outputs;
      for (const auto& entry : ordered_json::parse(text)) {
        StackOutput o{entry["output_key"], entry["description"], entry["output_value"],
                      std::nullopt};
        if (entry.contains("output_error")) o.error = entry["output_error"].get<std::string>();
        outputs.push_back(std::move(o));
        ++entries;
      }
      EXPECT_EQ(outputs_to_python_json(outputs).value(), text) << trace;
      ++strings;
    }
  }
  std::printf("[ outputs ] %d recorded /state heat_outputs strings (%d entries) round-trip\n",
              strings, entries);
  EXPECT_GT(strings, 100);
}

}  // namespace
}  // namespace esisim::heat
