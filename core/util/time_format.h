// Formatting and parsing of simulated time: int64_t milliseconds since the Unix epoch, UTC.
//
// Contract: pure functions, no clock, no locale, no libc time functions; calendar arithmetic
// is proleptic Gregorian (Howard Hinnant's days_from_civil / civil_from_days). Formatting
// floors negative times (-1 is 1969-12-31T23:59:59.999) and is defined for every int64_t;
// years outside 0000..9999 print with more digits or a leading '-'. Parsing accepts years
// 0000..9999 only, so everything parse_time accepts formats back to an equal time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace esisim {

// Error code of parse_time failures (bad input).
inline constexpr int kTimeParseErrorCode = 2;

// Longest text that parse_time quotes in full in an error message; longer input is cut.
inline constexpr size_t kTimeQuoteLengthMax = 64;

// "2019-02-01T00:26:25": milliseconds are dropped (floored).
std::string format_iso_seconds(int64_t ms);

// "2019-02-01T00:26:25.847": always three fraction digits.
std::string format_iso_millis(int64_t ms);

// Go's time.RFC3339Nano in UTC, as etcd prints `expiration` in JSON:
// "2019-02-01T00:27:46.712Z", "...:46.71Z" (trailing zeros trimmed), "...:46Z" (no fraction).
std::string format_rfc3339(int64_t ms);

// Go's time.Time.String() in UTC, as the recorded traces print `expiration`:
// "2019-02-01 00:27:46.712 +0000 UTC" (same fraction trimming as format_rfc3339).
std::string format_go_time(int64_t ms);

// Parses "2019-02-01T00:26:25", "2019-02-01T00:26:25.847" (1..9 fraction digits, digits past
// the millisecond truncated), each with an optional trailing "Z", and Go's
// "2019-02-01 00:27:46.712634389 +0000 UTC" (fraction optional, only "+0000 UTC" accepted).
// On bad input returns Error{kTimeParseErrorCode, message}; the message quotes the text,
// shows the expected form, the 0-based column of the first bad character and why it is bad.
[[nodiscard]] Result<int64_t> parse_time(std::string_view text);

}  // namespace esisim
