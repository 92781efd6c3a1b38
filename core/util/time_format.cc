#include "core/util/time_format.h"

#include <fmt/format.h>

#include <optional>

namespace esisim {
namespace {

constexpr int64_t kMsPerSecond = 1000;
constexpr int64_t kMsPerDay = 86'400'000;

// What every parse error shows as the expected form.
constexpr std::string_view kExpectedForm = "2019-02-01T00:26:25.847";

struct CivilDate {
  int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

struct BrokenDownTime {
  CivilDate date;
  int64_t hour;
  int64_t minute;
  int64_t second;
  int64_t millis;
};

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
constexpr int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);  // [0, 399]
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

// Howard Hinnant's civil_from_days: the inverse of days_from_civil.
constexpr CivilDate civil_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);  // [0, 146096]
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const unsigned month_from_march = (5 * day_of_year + 2) / 153;               // [0, 11]
  const unsigned day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
  const unsigned month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
  const int64_t year = static_cast<int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{year, month, day};
}

constexpr bool is_leap_year(int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

constexpr unsigned days_in_month(int64_t year, unsigned month) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);
static_assert(civil_from_days(-1).year == 1969 && civil_from_days(-1).day == 31);

BrokenDownTime break_down(int64_t ms) {
  // Floor division, so that times before 1970 fall on the earlier day.
  int64_t days = ms / kMsPerDay;
  int64_t ms_of_day = ms % kMsPerDay;
  if (ms_of_day < 0) {
    days -= 1;
    ms_of_day += kMsPerDay;
  }
  const int64_t seconds_of_day = ms_of_day / kMsPerSecond;
  return BrokenDownTime{civil_from_days(days), seconds_of_day / 3600, seconds_of_day / 60 % 60,
                        seconds_of_day % 60, ms_of_day % kMsPerSecond};
}

std::string format_year(int64_t year) {
  // |year| < 3e8 for any int64_t milliseconds, so the negation cannot overflow.
  return year >= 0 ? fmt::format("{:04}", year) : fmt::format("-{:04}", -year);
}

// "2019-02-01" + separator + "00:26:25".
std::string format_date_time(const BrokenDownTime& t, char separator) {
  return fmt::format("{}-{:02}-{:02}{}{:02}:{:02}:{:02}", format_year(t.date.year), t.date.month,
                     t.date.day, separator, t.hour, t.minute, t.second);
}

// Go's ".999999999" layout at millisecond precision: trailing zeros trimmed, nothing for 0.
std::string trimmed_fraction(int64_t millis) {
  if (millis == 0) return "";
  std::string fraction = fmt::format(".{:03}", millis);
  while (fraction.back() == '0') fraction.pop_back();
  return fraction;
}

// The input quoted for an error message: escapes quotes, backslashes and non-printable bytes,
// and cuts text longer than kTimeQuoteLengthMax.
std::string quote(std::string_view text) {
  std::string quoted = "\"";
  const std::string_view shown = text.substr(0, kTimeQuoteLengthMax);
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (byte < 0x20 || byte >= 0x7f) {
      quoted += fmt::format("\\x{:02x}", byte);
    } else {
      quoted += c;
    }
  }
  quoted += '"';
  if (shown.size() < text.size()) {
    quoted += fmt::format(" (cut at {} of {} bytes)", kTimeQuoteLengthMax, text.size());
  }
  return quoted;
}

// Reads the fixed-layout time left to right; the first problem found becomes the error.
class TimeParser {
 public:
  explicit TimeParser(std::string_view text) : text_(text) {}

  Result<int64_t> parse() {
    if (text_.empty()) return fail(0, "the text is empty");
    std::optional<int64_t> year = number(4, "year");
    if (!year || !literal('-', "after the year")) return *error_;
    const size_t month_column = pos_;
    std::optional<int64_t> month = number(2, "month");
    if (!month) return *error_;
    if (*month < 1 || *month > 12) {
      return fail(month_column, fmt::format("month {:02} is not in 01..12", *month));
    }
    if (!literal('-', "after the month")) return *error_;
    const size_t day_column = pos_;
    std::optional<int64_t> day = number(2, "day");
    if (!day) return *error_;
    const unsigned day_max = days_in_month(*year, static_cast<unsigned>(*month));
    if (*day < 1 || *day > day_max) {
      return fail(day_column, fmt::format("day {:02} is not in 01..{} for {}-{:02}", *day, day_max,
                                          format_year(*year), *month));
    }
    if (at_end()) return fail(pos_, "the text ends after the date; expected 'T' and the time");
    const char separator = text_[pos_];
    if (separator != 'T' && separator != ' ') {
      return fail(pos_,
                  fmt::format("expected 'T' (or ' ' in a Go time) between date and time, got {}",
                              shown(pos_)));
    }
    ++pos_;
    std::optional<int64_t> hour = field(2, "hour", 23);
    if (!hour || !literal(':', "after the hour")) return *error_;
    std::optional<int64_t> minute = field(2, "minute", 59);
    if (!minute || !literal(':', "after the minute")) return *error_;
    std::optional<int64_t> second = field(2, "second", 59);
    if (!second) return *error_;
    std::optional<int64_t> millis = fraction();
    if (!millis) return *error_;
    if (separator == 'T') {
      if (!at_end() && text_[pos_] == 'Z') ++pos_;
      if (!at_end()) {
        return fail(pos_, fmt::format("expected '.', 'Z' or the end after the seconds, got {}",
                                      shown(pos_)));
      }
    } else {
      constexpr std::string_view kGoZone = " +0000 UTC";
      for (const char expected : kGoZone) {
        if (at_end() || text_[pos_] != expected) {
          return fail(pos_, fmt::format("expected \"{}\" after the seconds of a Go time "
                                        "(like 2019-02-01 00:27:46.712 +0000 UTC), got {}",
                                        kGoZone, shown(pos_)));
        }
        ++pos_;
      }
      if (!at_end()) {
        return fail(pos_, fmt::format("expected the end after \"+0000 UTC\", got {}", shown(pos_)));
      }
    }
    const int64_t days =
        days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
    return ((days * 24 + *hour) * 60 + *minute) * 60 * kMsPerSecond + *second * kMsPerSecond +
           *millis;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }

  // The character at `column` for a message: 'x', byte 0x07, or "the end of the text".
  std::string shown(size_t column) const {
    if (column >= text_.size()) return "the end of the text";
    const auto byte = static_cast<unsigned char>(text_[column]);
    if (byte < 0x20 || byte >= 0x7f) return fmt::format("byte 0x{:02x}", byte);
    return fmt::format("'{}'", text_[column]);
  }

  Error fail(size_t column, std::string_view why) {
    error_ =
        Error{kTimeParseErrorCode, fmt::format("expected a time like {}, got {}: column {}: {}",
                                               kExpectedForm, quote(text_), column, why)};
    return *error_;
  }

  // Exactly `count` decimal digits.
  std::optional<int64_t> number(size_t count, std::string_view what) {
    int64_t value = 0;
    for (size_t i = 0; i < count; ++i) {
      if (at_end() || text_[pos_] < '0' || text_[pos_] > '9') {
        fail(pos_, fmt::format("expected {} digits for the {}, got {}", count, what, shown(pos_)));
        return std::nullopt;
      }
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    return value;
  }

  // A number of `count` digits in [0, value_max].
  std::optional<int64_t> field(size_t count, std::string_view what, int64_t value_max) {
    const size_t column = pos_;
    std::optional<int64_t> value = number(count, what);
    if (value && *value > value_max) {
      fail(column, fmt::format("{} {:02} is not in 00..{:02}", what, *value, value_max));
      return std::nullopt;
    }
    return value;
  }

  bool literal(char expected, std::string_view where) {
    if (at_end() || text_[pos_] != expected) {
      fail(pos_, fmt::format("expected '{}' {}, got {}", expected, where, shown(pos_)));
      return false;
    }
    ++pos_;
    return true;
  }

  // Optional ".ddd": 1..9 digits; digits past the millisecond are truncated. 0 when absent.
  std::optional<int64_t> fraction() {
    if (at_end() || text_[pos_] != '.') return 0;
    ++pos_;
    constexpr size_t kFractionDigitsMax = 9;
    int64_t millis = 0;
    size_t digit_count = 0;
    while (!at_end() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      if (digit_count == kFractionDigitsMax) {
        fail(pos_, fmt::format("more than {} fraction digits", kFractionDigitsMax));
        return std::nullopt;
      }
      if (digit_count < 3) millis = millis * 10 + (text_[pos_] - '0');
      ++digit_count;
      ++pos_;
    }
    if (digit_count == 0) {
      fail(pos_, fmt::format("expected 1 to {} fraction digits after '.', got {}",
                             kFractionDigitsMax, shown(pos_)));
      return std::nullopt;
    }
    for (size_t i = digit_count; i < 3; ++i) millis *= 10;
    return millis;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::optional<Error> error_;
};

}  // namespace

std::string format_iso_seconds(int64_t ms) { return format_date_time(break_down(ms), 'T'); }

std::string format_iso_millis(int64_t ms) {
  const BrokenDownTime t = break_down(ms);
  return fmt::format("{}.{:03}", format_date_time(t, 'T'), t.millis);
}

std::string format_rfc3339(int64_t ms) {
  const BrokenDownTime t = break_down(ms);
  return format_date_time(t, 'T') + trimmed_fraction(t.millis) + "Z";
}

std::string format_go_time(int64_t ms) {
  const BrokenDownTime t = break_down(ms);
  return format_date_time(t, ' ') + trimmed_fraction(t.millis) + " +0000 UTC";
}

Result<int64_t> parse_time(std::string_view text) { return TimeParser(text).parse(); }

}  // namespace esisim
