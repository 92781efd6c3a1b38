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
// Longest suffix first where one is a prefix of another ("ms" before "m").
constexpr std::array<Unit, 5> kUnits = {
    {{"h", 3'600'000}, {"ms", 1}, {"m", 60'000}, {"s", 1'000}, {"d", 86'400'000}}};
// Rank of a unit from the largest down, to demand "1h5m" rather than "5m1h".
int rank(Millis unit_ms) {
  switch (unit_ms) {
    case 86'400'000:
      return 0;
    case 3'600'000:
      return 1;
    case 60'000:
      return 2;
    case 1'000:
      return 3;
    default:
      return 4;
  }
}

Error expected(std::string_view text) {
  return Error{2,
               "expected a duration such as 500ms, 30s, 5m, 1h, 1m30s or an integer of "
               "milliseconds, found '" +
                   std::string(text.substr(0, 40)) + "'"};
}
}  // namespace

Result<Millis> parse_duration(std::string_view text) {
  if (text.empty()) return expected(text);
  bool all_digits = text.find_first_not_of("0123456789") == std::string_view::npos;
  Millis total = 0;
  std::size_t pos = 0;
  int last_rank = -1;
  while (pos < text.size()) {
    std::size_t digits_end = pos;
    while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') {
      ++digits_end;
    }
    if (digits_end == pos || digits_end - pos > 12) return expected(text);
    Millis number = 0;
    for (std::size_t i = pos; i < digits_end; ++i) number = number * 10 + (text[i] - '0');
    Millis unit_ms = 0;
    std::size_t unit_len = 0;
    if (all_digits) {
      unit_ms = 1;
    } else {
      for (const Unit& unit : kUnits) {
        if (text.substr(digits_end, unit.suffix.size()) == unit.suffix) {
          unit_ms = unit.ms;
          unit_len = unit.suffix.size();
          break;
        }
      }
      if (unit_ms == 0) return expected(text);
      if (rank(unit_ms) <= last_rank) return expected(text);
      last_rank = rank(unit_ms);
    }
    if (number > kDurationMaxMillis / unit_ms) {
      return Error{2, "duration '" + std::string(text.substr(0, 40)) + "' is longer than 30d"};
    }
    total += number * unit_ms;
    if (total > kDurationMaxMillis) {
      return Error{2, "duration '" + std::string(text.substr(0, 40)) + "' is longer than 30d"};
    }
    pos = digits_end + unit_len;
  }
  return total;
}

std::string format_duration(Millis ms) {
  if (ms <= 0) return ms == 0 ? "0ms" : "-" + format_duration(-ms);
  std::string out;
  for (Millis unit :
       {Millis{86'400'000}, Millis{3'600'000}, Millis{60'000}, Millis{1'000}, Millis{1}}) {
    if (ms >= unit) {
      out += std::to_string(ms / unit);
      switch (unit) {
        case 86'400'000:
          out += "d";
          break;
        case 3'600'000:
          out += "h";
          break;
        case 60'000:
          out += "m";
          break;
        case 1'000:
          out += "s";
          break;
        default:
          out += "ms";
      }
      ms %= unit;
    }
  }
  return out;
}

}  // namespace esisim::scenario
