// Durations of the scenario language: accepted forms, their values, errors, formatting.
#include "sim/scenario/duration.h"

#include <gtest/gtest.h>

namespace esisim::scenario {
namespace {

TEST(ScenarioDuration, ParsesEveryUnitAndCombinations) {
  EXPECT_EQ(parse_duration("500ms").value(), 500);
  EXPECT_EQ(parse_duration("30s").value(), 30'000);
  EXPECT_EQ(parse_duration("5m").value(), 300'000);
  EXPECT_EQ(parse_duration("2h").value(), 7'200'000);
  EXPECT_EQ(parse_duration("1d").value(), 86'400'000);
  EXPECT_EQ(parse_duration("1m30s").value(), 90'000);
  EXPECT_EQ(parse_duration("1h5m10s250ms").value(), 3'910'250);
  EXPECT_EQ(parse_duration("1500").value(), 1500);
  EXPECT_EQ(parse_duration("0").value(), 0);
}

TEST(ScenarioDuration, RejectsWhatIsNotADuration) {
  for (const char* bad : {"", "s", "5", "5x", "-5s", "1.5s", "5s1m", "5s5s", "5 s", "ms"}) {
    if (std::string(bad) == "5") continue;  // a bare integer is milliseconds
    auto d = parse_duration(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_NE(d.error().message.find("expected a duration such as 500ms"), std::string::npos)
        << d.error().message;
  }
  auto long_one = parse_duration("31d");
  ASSERT_FALSE(long_one.ok());
  EXPECT_EQ(long_one.error().message, "duration '31d' is longer than 30d");
  EXPECT_FALSE(parse_duration("9999999999999999999").ok());
}

TEST(ScenarioDuration, FormatsTheShortestText) {
  EXPECT_EQ(format_duration(0), "0ms");
  EXPECT_EQ(format_duration(90'000), "1m30s");
  EXPECT_EQ(format_duration(3'600'000), "1h");
  EXPECT_EQ(format_duration(1'250), "1s250ms");
  EXPECT_EQ(parse_duration(format_duration(3'910'250)).value(), 3'910'250);
}

}  // namespace
}  // namespace esisim::scenario
