// Durations of the scenario language (see duration.h).
#include "sim/scenario/duration.h"

#include <array>
#include <cstdint>

namespace esisim::scenario {

namespace {
struct Unit {
  std::string_view suffix;
  Millis ms;
};
// From the largest unit down: a text must name its units in this order ("1h5m", not "5m1h").
constexpr std::array<Unit, 5> kUnits = {
    {{"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};

// The index in kUnits of the longest suffix at the start of `text` ("ms" rather than "m").
std::optional<std::size_t> unit_at(std::string_view text) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < kUnits.size(); ++i) {
    if (text.substr(0, kUnits[i].suffix.size()) != kUnits[i].suffix) continue;
    if (!best || kUnits[i].suffix.size() > kUnits[*best].suffix.size()) best = i;
  }
  return best;
}

Error expected(std::string_view text) {
  return Error{2,
               "expected a duration such as 500ms, 30s, 5m, 1h, 1m30s or an integer of "
               "milliseconds, found '" +
                   std::string(text.substr(0, 40)) + "'"};
}

Error too_long(std::string_view text) {
  return Error{2, "duration '" + std::string(text.substr(0, 40)) + "' is longer than 30d"};
}
}  // namespace

Result<Millis> parse_duration(std::string_view text) {
  if (text.empty()) return expected(text);
  bool all_digits = text.find_first_not_of("0123456789") == std::string_view::npos;
  Millis total = 0;
  std::size_t pos = 0;
  std::optional<std::size_t> last_unit;
  while (pos < text.size()) {
    std::size_t digits_end = pos;
    while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') {
      ++digits_end;
    }
    if (digits_end == pos || digits_end - pos > 12) return expected(text);
    Millis number = 0;
    for (std::size_t i = pos; i < digits_end; ++i) number = number * 10 + (text[i] - '0');
    Millis unit_ms = 1;
    std::size_t unit_len = 0;
    if (!all_digits) {
      auto unit = unit_at(text.substr(digits_end));
      if (!unit || (last_unit && *unit <= *last_unit)) return expected(text);
      last_unit = unit;
      unit_ms = kUnits[*unit].ms;
      unit_len = kUnits[*unit].suffix.size();
    }
    if (number > kDurationMaxMillis / unit_ms) return too_long(text);
    total += number * unit_ms;
    if (total > kDurationMaxMillis) return too_long(text);
    pos = digits_end + unit_len;
  }
  return total;
}

std::string format_duration(Millis ms) {
  if (ms == 0) return "0ms";
  if (ms < 0) return "-" + format_duration(ms == INT64_MIN ? INT64_MAX : -ms);
  std::string out;
  for (const Unit& unit : kUnits) {
    if (ms < unit.ms) continue;
    out += std::to_string(ms / unit.ms);
    out += unit.suffix;
    ms %= unit.ms;
  }
  return out;
}

}  // namespace esisim::scenario
