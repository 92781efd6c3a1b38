// esisim replay on every recorded trace of fixtures/: the whole back-end run in the recorded
// environment reproduces every recorded output event, with no unexpected key.
#include "sim/replay/trace_replay.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "sim/invariants/trace_invariants.h"
#include "sim/trace/trace_reader.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::replay {
namespace {

struct Catalogues {
  domain::SchemaCatalog schemas;
  domain::TemplateMappings mw2017;
};

const Catalogues& catalogues() {
  static const Catalogues kCatalogues{
      domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"))
          .value(),
      domain::TemplateMappings::from_json(
          esisim::testing::read_fixture_json("esi/template_mappings-2017.json"))
          .value()};
  return kCatalogues;
}

ReplayReport replay_fixture(const std::string& relative,
                            void (*edit)(std::vector<trace::TraceEvent>&) = nullptr) {
  auto events = trace::read_trace_file(esisim::testing::fixture_path(relative));
  EXPECT_TRUE(events.ok()) << (events.ok() ? "" : events.error().message);
  if (edit != nullptr) edit(events.value());
  ReplayConfig config;
  config.schemas = &catalogues().schemas;
  config.mw2017 = &catalogues().mw2017;
  auto report = replay_trace(events.value(), config);
  EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().message);
  return report.value();
}

std::string describe(const ReplayReport& r) {
  std::string out = r.summary_line();
  for (const auto& m : r.first_mismatches) {
    out += "\n" + m.kind + " " + m.key + "\n  recorded " + m.recorded.dump() + "\n  ours " +
           m.ours.dump();
  }
  for (const auto& k : r.unexpected_keys) out += "\nunexpected " + k;
  return out;
}

class ReplayEveryTrace : public ::testing::TestWithParam<std::pair<const char*, size_t>> {};

TEST_P(ReplayEveryTrace, ReproducesEveryRecordedOutputEvent) {
  auto [trace, recorded] = GetParam();
  ReplayReport r = replay_fixture(trace);
  EXPECT_TRUE(r.conformant()) << describe(r);
  EXPECT_EQ(r.total.recorded, recorded);
  EXPECT_EQ(r.total.matched, recorded);
  EXPECT_TRUE(r.uninterpretable.empty()) << r.uninterpretable.front();
  // The run invariants hold after every simulated event.
  std::istringstream text(r.trace_jsonl);
  auto simulated = trace::read_trace(text, "simulated");
  ASSERT_TRUE(simulated.ok());
  auto violations = sim::check_trace_invariants(simulated.value());
  EXPECT_TRUE(violations.empty()) << violations.front();
}

INSTANTIATE_TEST_SUITE_P(
    Traces, ReplayEveryTrace,
    ::testing::Values(std::make_pair("traces/00_logical_network.jsonl", size_t{153}),
                      std::make_pair("traces/01_common_function_gateway.jsonl", size_t{126}),
                      std::make_pair("traces/02_internet_gateway.jsonl", size_t{144}),
                      std::make_pair("traces/05_load_balancer.jsonl", size_t{240}),
                      std::make_pair("history/00_logical_network/trace.jsonl", size_t{55}),
                      std::make_pair("history/01_common_function_gateway/trace.jsonl", size_t{524}),
                      std::make_pair("history/02_internet_gateway/trace.jsonl", size_t{590})));

TEST(Replay, ReconstructsTheNetworkTheLoadBalancerWatchersLost) {
  ReplayReport r = replay_fixture("traces/05_load_balancer.jsonl");
  ASSERT_EQ(r.reconstructions.size(), 1u);
  EXPECT_NE(r.reconstructions[0].find("/config/v2.0/networks/ce9a7a92"), std::string::npos);
}

TEST(Replay, FullIndexTraceReportsIndices) {
  ReplayReport r = replay_fixture("traces/00_logical_network.jsonl");
  EXPECT_EQ(r.total.indexed, r.total.recorded);
  EXPECT_GT(r.total.same_index, 0u);
  EXPECT_TRUE(r.unwatched_prefixes.empty());
}

TEST(Replay, ACorruptedRecordedOutputIsAMismatch) {
  ReplayReport r = replay_fixture("traces/00_logical_network.jsonl", [](auto& events) {
    for (auto& e : events) {
      if (e.key.rfind("/state/v2.0/networks/", 0) == 0 && e.value.is_object()) {
        e.value["version"] = 99;
        return;
      }
    }
  });
  EXPECT_FALSE(r.conformant());
  EXPECT_EQ(r.total.matched + 1, r.total.recorded);
  ASSERT_FALSE(r.first_mismatches.empty());
  EXPECT_EQ(r.first_mismatches[0].kind, "value differs");
  EXPECT_NE(r.summary_line().find("152/153"), std::string::npos);
}

TEST(Replay, AKeyTheRecordingNeverShowsIsUnexpected) {
  // Without the network's heat_stacks records, the prefix is still watched (other keys) but
  // the network's stack key is written by esisim only.
  ReplayReport r = replay_fixture("traces/00_logical_network.jsonl", [](auto& events) {
    std::erase_if(events, [](const trace::TraceEvent& e) {
      return e.key.rfind("/esi-worker/heat_stacks/v2.0/networks/", 0) == 0;
    });
  });
  EXPECT_FALSE(r.conformant());
  ASSERT_EQ(r.unexpected_keys.size(), 1u);
  EXPECT_EQ(r.unexpected_keys[0].rfind("/esi-worker/heat_stacks/v2.0/networks/", 0), 0u);
}

TEST(Replay, AnEventOfAnUnknownPrefixIsReported) {
  ReplayReport r = replay_fixture("history/00_logical_network/trace.jsonl", [](auto& events) {
    trace::TraceEvent odd = events.back();
    odd.key = "/somewhere/else";
    odd.line = 999;
    events.push_back(odd);
  });
  ASSERT_EQ(r.uninterpretable.size(), 1u);
  EXPECT_NE(r.uninterpretable[0].find("trace line 999"), std::string::npos);
}

// Decoded comparison aside, the heat_outputs strings in /state are byte for byte the recorded
// ones (Heat's Python 2.7 dict order of each output entry).
TEST(Replay, StateHeatOutputsStringsAreByteExact) {
  for (const char* trace : {"traces/00_logical_network.jsonl", "traces/05_load_balancer.jsonl"}) {
    ReplayReport r = replay_fixture(trace);
    std::map<std::string, std::vector<std::string>> ours;
    std::istringstream in(r.trace_jsonl);
    auto events = trace::read_trace(in, "ours").value();
    auto strings_of = [](const trace::TraceEvent& e, std::vector<std::string>& into) {
      if (e.key.rfind("/state/", 0) != 0 || !e.value.is_object()) return;
      const auto& state = e.value["state"];
      if (state.contains("heat_outputs")) into.push_back(state["heat_outputs"].get<std::string>());
    };
    for (const auto& e : events) strings_of(e, ours[e.key]);
    auto recorded = trace::read_trace_file(esisim::testing::fixture_path(trace)).value();
    size_t compared = 0;
    for (const auto& e : recorded) {
      std::vector<std::string> one;
      strings_of(e, one);
      if (one.empty()) continue;
      const auto& mine = ours[e.key];
      EXPECT_NE(std::find(mine.begin(), mine.end(), one[0]), mine.end()) << e.key << " " << one[0];
      ++compared;
    }
    EXPECT_GE(compared, 7u) << trace;
  }
}

TEST(Replay, TemplatesCanComeFromAFolderWhenTheTraceLacksThem) {
  auto events =
      trace::read_trace_file(esisim::testing::fixture_path("traces/00_logical_network.jsonl"))
          .value();
  std::erase_if(events, [](const trace::TraceEvent& e) {
    return e.key.find("/heat_templates/") != std::string::npos;
  });
  ReplayConfig config;
  config.schemas = &catalogues().schemas;
  config.mw2017 = &catalogues().mw2017;
  auto without = replay_trace(events, config).value();
  EXPECT_FALSE(without.conformant());
  for (const char* name : {"network", "subnet", "port", "ese_device_existing",
                           "ese_physical_port_existing", "ese_logical_port"}) {
    config.templates.push_back(esisim::testing::read_fixture_json(
        std::string("esi/heat_templates/") + name + ".json")["value"]);
  }
  auto with = replay_trace(events, config).value();
  EXPECT_TRUE(with.conformant()) << describe(with);
}

TEST(Replay, OutputPrefixes) {
  EXPECT_EQ(output_prefix("/jobs/finished"), "/jobs/finished/");
  EXPECT_EQ(output_prefix("/jobs/all/x"), "/jobs/all/");
  EXPECT_EQ(output_prefix("/state/v2.0/ports/a"), "/state/");
  EXPECT_EQ(output_prefix("/config/v2.0/ports/a"), "");
  EXPECT_EQ(output_prefix("/monitoring/v2.0/ports/a"), "");
}

TEST(Replay, DecodedComparisonIgnoresKeyOrderAndEncodedJson) {
  auto a = nlohmann::ordered_json::parse(R"({"b":1,"a":"[{\"y\": 2, \"x\": 1}]"})");
  auto b = nlohmann::ordered_json::parse(R"({"a":"[{\"x\":1,\"y\":2}]","b":1})");
  EXPECT_EQ(decoded_for_comparison(a), decoded_for_comparison(b));
}

}  // namespace
}  // namespace esisim::replay
