#include "core/util/time_format.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

namespace esisim {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;
// 2019-02-01T00:26:25.847Z and 2019-02-01T00:27:46.712Z (checked against Python's datetime).
constexpr int64_t kSample1Ms = 1'548'980'785'847;
constexpr int64_t kSample2Ms = 1'548'980'866'712;

// The error message of parse_time(text), or "" if it parsed.
std::string parse_error(std::string_view text) {
  Result<int64_t> result = parse_time(text);
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, kTimeParseErrorCode) << text;
  return result.error().message;
}

// Expects parse_time(text) to fail at `column` with a message that also contains `why`.
void expect_parse_error(std::string_view text, size_t column, std::string_view why) {
  const std::string message = parse_error(text);
  ASSERT_FALSE(message.empty()) << "parsed but should not: " << text;
  EXPECT_NE(message.find("column " + std::to_string(column) + ":"), std::string::npos) << message;
  EXPECT_NE(message.find(why), std::string::npos) << message;
  EXPECT_EQ(message.rfind("expected a time like 2019-02-01T00:26:25.847, got \"", 0), 0) << message;
}

TEST(FormatTime, IsoSecondsTruncatesMillis) {
  EXPECT_EQ(format_iso_seconds(kSample1Ms), "2019-02-01T00:26:25");
  EXPECT_EQ(format_iso_seconds(0), "1970-01-01T00:00:00");
  EXPECT_EQ(format_iso_seconds(999), "1970-01-01T00:00:00");
}

TEST(FormatTime, IsoMillisAlwaysHasThreeDigits) {
  EXPECT_EQ(format_iso_millis(kSample1Ms), "2019-02-01T00:26:25.847");
  EXPECT_EQ(format_iso_millis(0), "1970-01-01T00:00:00.000");
  EXPECT_EQ(format_iso_millis(5), "1970-01-01T00:00:00.005");
  EXPECT_EQ(format_iso_millis(50), "1970-01-01T00:00:00.050");
}

TEST(FormatTime, Rfc3339TrimsTrailingZerosLikeGo) {
  EXPECT_EQ(format_rfc3339(kSample2Ms), "2019-02-01T00:27:46.712Z");
  EXPECT_EQ(format_rfc3339(kSample2Ms - 2), "2019-02-01T00:27:46.71Z");
  EXPECT_EQ(format_rfc3339(kSample2Ms - 12), "2019-02-01T00:27:46.7Z");
  EXPECT_EQ(format_rfc3339(kSample2Ms - 712), "2019-02-01T00:27:46Z");
  EXPECT_EQ(format_rfc3339(kSample2Ms - 702), "2019-02-01T00:27:46.01Z");
  EXPECT_EQ(format_rfc3339(kSample2Ms - 711), "2019-02-01T00:27:46.001Z");
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
}

TEST(FormatTime, GoTimeStringTrimsTrailingZeros) {
  EXPECT_EQ(format_go_time(kSample2Ms), "2019-02-01 00:27:46.712 +0000 UTC");
  EXPECT_EQ(format_go_time(kSample2Ms - 2), "2019-02-01 00:27:46.71 +0000 UTC");
  EXPECT_EQ(format_go_time(kSample2Ms - 712), "2019-02-01 00:27:46 +0000 UTC");
  EXPECT_EQ(format_go_time(-1), "1969-12-31 23:59:59.999 +0000 UTC");
}

TEST(FormatTime, NegativeTimesFloor) {
  EXPECT_EQ(format_iso_millis(-1), "1969-12-31T23:59:59.999");
  EXPECT_EQ(format_iso_seconds(-1), "1969-12-31T23:59:59");
  EXPECT_EQ(format_iso_millis(-999), "1969-12-31T23:59:59.001");
  EXPECT_EQ(format_iso_millis(-1000), "1969-12-31T23:59:59.000");
  EXPECT_EQ(format_iso_millis(-1001), "1969-12-31T23:59:58.999");
  EXPECT_EQ(format_iso_millis(-kMsPerDay), "1969-12-31T00:00:00.000");
  EXPECT_EQ(format_iso_millis(-kMsPerDay - 1), "1969-12-30T23:59:59.999");
  EXPECT_EQ(format_rfc3339(-10), "1969-12-31T23:59:59.99Z");
}

TEST(FormatTime, Pre1970AndFarDates) {
  EXPECT_EQ(format_iso_seconds(-2'208'988'800'000), "1900-01-01T00:00:00");
  EXPECT_EQ(format_iso_seconds(-11'670'998'400'000), "1600-02-29T00:00:00");
  EXPECT_EQ(format_iso_seconds(1'456'747'200'000), "2016-02-29T12:00:00");
  EXPECT_EQ(format_iso_millis(253'402'300'799'999), "9999-12-31T23:59:59.999");
  EXPECT_EQ(format_iso_millis(-62'167'219'200'000), "0000-01-01T00:00:00.000");
  EXPECT_EQ(format_iso_millis(-62'167'219'200'001), "-0001-12-31T23:59:59.999");
}

TEST(FormatTime, Int64ExtremesMatchJavaInstant) {
  // java.time.Instant.ofEpochMilli(Long.MAX_VALUE / Long.MIN_VALUE).
  EXPECT_EQ(format_iso_millis(std::numeric_limits<int64_t>::max()), "292278994-08-17T07:12:55.807");
  EXPECT_EQ(format_iso_millis(std::numeric_limits<int64_t>::min()),
            "-292275055-05-16T16:47:04.192");
}

// Walks the calendar one day at a time with a plain month-length table (no Hinnant) and
// checks formatting and parsing of every day from 1600-01-01 to 2400-12-31.
TEST(FormatTime, EveryDayMatchesAPlainCalendarWalk) {
  auto is_leap = [](int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); };
  const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  // 1600-01-01 is 135140 days before 1970-01-01.
  int64_t day_number = -135'140;
  int checked = 0;
  for (int year = 1600; year <= 2400; ++year) {
    for (int month = 1; month <= 12; ++month) {
      const int length = month_days[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
      for (int day = 1; day <= length; ++day, ++day_number) {
        char expected[64];
        std::snprintf(expected, sizeof expected, "%04d-%02d-%02dT00:00:00", year, month, day);
        const int64_t ms = day_number * kMsPerDay;
        ASSERT_EQ(format_iso_seconds(ms), expected);
        Result<int64_t> parsed = parse_time(expected);
        ASSERT_TRUE(parsed.ok()) << parsed.error().message;
        ASSERT_EQ(*parsed, ms) << expected;
        ++checked;
      }
    }
  }
  EXPECT_EQ(day_number, 157'420);  // 2401-01-01
  EXPECT_EQ(checked, 292'560);
}

TEST(ParseTime, IsoForms) {
  EXPECT_EQ(*parse_time("2019-02-01T00:26:25"), kSample1Ms - 847);
  EXPECT_EQ(*parse_time("2019-02-01T00:26:25Z"), kSample1Ms - 847);
  EXPECT_EQ(*parse_time("2019-02-01T00:26:25.847"), kSample1Ms);
  EXPECT_EQ(*parse_time("2019-02-01T00:26:25.847Z"), kSample1Ms);
  EXPECT_EQ(*parse_time("2019-02-01T00:26:25.8"), kSample1Ms - 47);
  EXPECT_EQ(*parse_time("2019-02-01T00:26:25.84Z"), kSample1Ms - 7);
  EXPECT_EQ(*parse_time("2019-02-01T00:26:25.000"), kSample1Ms - 847);
  EXPECT_EQ(*parse_time("1970-01-01T00:00:00Z"), 0);
}

TEST(ParseTime, FractionDigitsPastMillisAreTruncatedNotRounded) {
  EXPECT_EQ(*parse_time("2019-02-01T00:26:25.8479"), kSample1Ms);
  EXPECT_EQ(*parse_time("2019-02-01T00:26:25.847999999"), kSample1Ms);
  EXPECT_EQ(*parse_time("2019-02-01T00:26:25.999999999Z"), kSample1Ms - 847 + 999);
  EXPECT_EQ(*parse_time("1969-12-31T23:59:59.9999"), -1);
}

TEST(ParseTime, GoForm) {
  EXPECT_EQ(*parse_time("2019-02-01 00:27:46.712634389 +0000 UTC"), kSample2Ms);
  EXPECT_EQ(*parse_time("2019-02-01 00:27:46.712 +0000 UTC"), kSample2Ms);
  EXPECT_EQ(*parse_time("2019-02-01 00:27:46.71 +0000 UTC"), kSample2Ms - 2);
  EXPECT_EQ(*parse_time("2019-02-01 00:27:46 +0000 UTC"), kSample2Ms - 712);
}

TEST(ParseTime, NegativeAndPre1970) {
  EXPECT_EQ(*parse_time("1969-12-31T23:59:59.999"), -1);
  EXPECT_EQ(*parse_time("1969-12-31T23:59:59"), -1000);
  EXPECT_EQ(*parse_time("1900-01-01T00:00:00"), -2'208'988'800'000);
  EXPECT_EQ(*parse_time("0000-01-01T00:00:00"), -62'167'219'200'000);
  EXPECT_EQ(*parse_time("9999-12-31T23:59:59.999Z"), 253'402'300'799'999);
}

TEST(ParseTime, LeapYears) {
  EXPECT_EQ(*parse_time("2016-02-29T12:00:00"), 1'456'747'200'000);
  EXPECT_TRUE(parse_time("2000-02-29T00:00:00").ok());
  EXPECT_TRUE(parse_time("2400-02-29T00:00:00").ok());
  expect_parse_error("2100-02-29T00:00:00", 8, "day 29 is not in 01..28 for 2100-02");
  expect_parse_error("2019-02-29T00:00:00", 8, "day 29 is not in 01..28 for 2019-02");
  expect_parse_error("2016-02-30T00:00:00", 8, "day 30 is not in 01..29 for 2016-02");
  expect_parse_error("2019-04-31T00:00:00", 8, "day 31 is not in 01..30 for 2019-04");
  expect_parse_error("2019-01-00T00:00:00", 8, "day 00 is not in 01..31");
}

TEST(ParseTime, RoundTripsEveryFormatter) {
  for (const int64_t ms : {kSample1Ms, kSample2Ms, int64_t{0}, int64_t{-1}, int64_t{-999},
                           int64_t{-62'167'219'200'000}, int64_t{253'402'300'799'999}}) {
    EXPECT_EQ(*parse_time(format_iso_millis(ms)), ms);
    EXPECT_EQ(*parse_time(format_rfc3339(ms)), ms);
    EXPECT_EQ(*parse_time(format_go_time(ms)), ms);
    EXPECT_EQ(*parse_time(format_iso_seconds(ms)), ms - (ms % 1000 + 1000) % 1000);
  }
}

TEST(ParseTime, ErrorMessageQuotesTextAndShowsExpectedForm) {
  EXPECT_EQ(parse_error("2019-13-01"),
            "expected a time like 2019-02-01T00:26:25.847, got \"2019-13-01\": column 5: "
            "month 13 is not in 01..12");
}

TEST(ParseTime, RangeErrorsPointAtTheField) {
  expect_parse_error("2019-00-01T00:00:00", 5, "month 00 is not in 01..12");
  expect_parse_error("2019-13-01T00:00:00", 5, "month 13 is not in 01..12");
  expect_parse_error("2019-02-01T24:00:00", 11, "hour 24 is not in 00..23");
  expect_parse_error("2019-02-01T00:60:00", 14, "minute 60 is not in 00..59");
  expect_parse_error("2019-02-01T00:00:60", 17, "second 60 is not in 00..59");
}

TEST(ParseTime, SyntaxErrorsPointAtTheFirstBadCharacter) {
  expect_parse_error("", 0, "the text is empty");
  expect_parse_error(" 2019-02-01T00:00:00", 0, "expected 4 digits for the year, got ' '");
  expect_parse_error("19-02-01T00:00:00", 2, "expected 4 digits for the year, got '-'");
  expect_parse_error("2019/02/01T00:00:00", 4, "expected '-' after the year, got '/'");
  expect_parse_error("2019-2-01T00:00:00", 6, "expected 2 digits for the month, got '-'");
  expect_parse_error("2019-02-01", 10, "the text ends after the date");
  expect_parse_error("2019-02-01t00:00:00", 10, "expected 'T'");
  expect_parse_error("2019-02-01T00:00", 16, "expected ':' after the minute, got the end");
  expect_parse_error("2019-02-01T0a:00:00", 12, "expected 2 digits for the hour, got 'a'");
  expect_parse_error("2019-02-01T00:26:25.", 20, "expected 1 to 9 fraction digits");
  expect_parse_error("2019-02-01T00:26:25.Z", 20,
                     "expected 1 to 9 fraction digits after '.', got 'Z'");
  expect_parse_error("2019-02-01T00:26:25.1234567890", 29, "more than 9 fraction digits");
  expect_parse_error("2019-02-01T00:26:25ZZ", 20, "expected '.', 'Z' or the end");
  expect_parse_error("2019-02-01T00:26:25 ", 19, "expected '.', 'Z' or the end");
  expect_parse_error("2019-02-01T00:26:25+00:00", 19, "got '+'");
  expect_parse_error("2019-02-01T00:26:25\x01", 19, "got byte 0x01");
}

TEST(ParseTime, GoFormErrors) {
  expect_parse_error("2019-02-01 00:27:46.712", 23, "expected \" +0000 UTC\"");
  expect_parse_error("2019-02-01 00:27:46.712Z", 23, "expected \" +0000 UTC\"");
  expect_parse_error("2019-02-01 00:27:46.712 +0100 UTC", 26, "got '1'");
  expect_parse_error("2019-02-01 00:27:46.712 +0000 CET", 30, "got 'C'");
  expect_parse_error("2019-02-01 00:27:46.712 +0000 UTC m=+0.001", 33,
                     "expected the end after \"+0000 UTC\"");
  // Each separator has its own ending: no zone after 'T', no 'Z' after ' '.
  expect_parse_error("2019-02-01T00:27:46.712 +0000 UTC", 23, "expected '.', 'Z' or the end");
}

TEST(ParseTime, QuotingEscapesAndCutsLongText) {
  EXPECT_NE(parse_error("2019\"\n").find("got \"2019\\\"\\x0a\""), std::string::npos)
      << parse_error("2019\"\n");
  const std::string long_text(200, '9');
  const std::string message = parse_error(long_text);
  EXPECT_NE(message.find("\"" + std::string(kTimeQuoteLengthMax, '9') +
                         "\" (cut at 64 of 200 "
                         "bytes)"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find(std::string(kTimeQuoteLengthMax + 1, '9')), std::string::npos);
}

}  // namespace
}  // namespace esisim
