// esisim replay from the command line: the summary line, the report file, exit codes.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_run.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::testing {
namespace {

std::string fixture_args() {
  return " --schemas " + fixture_path("esi/schemas.json") + " --mappings-2017 " +
         fixture_path("esi/template_mappings-2017.json");
}

TEST(ReplayCommand, ConformantTraceExitsZeroWithTheSummaryLastAndAReport) {
  std::string report = ::testing::TempDir() + "replay_report.json";
  CliRun r = run_esisim("replay " + fixture_path("history/00_logical_network/trace.jsonl") +
                        fixture_args() + " --report " + report);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("conformance: 55/55 recorded output events (100.0%), 0 unexpected "
                          "keys\n"),
            std::string::npos)
      << r.output;
  std::ifstream in(report);
  auto json = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(json.is_object());
  EXPECT_EQ(json["total"]["matched"], 55);
  EXPECT_EQ(json["conformant"], true);
}

TEST(ReplayCommand, MalformedTraceIsBadInputNamingTheLine) {
  std::string trace = ::testing::TempDir() + "bad_trace.jsonl";
  {
    std::ofstream out(trace);
    out << "{\"seq\": 0, \"action\": \"set\", \"key\": \"/a\", \"value\": 1, \"time\": "
           "\"2019-02-01T00:00:00\"}\n{not json\n";
  }
  CliRun r = run_esisim("replay " + trace + fixture_args());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(trace + ":2:"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace esisim::testing
