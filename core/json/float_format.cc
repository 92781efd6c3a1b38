#include "core/json/float_format.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <system_error>

namespace esisim::json {
namespace {

// Shortest decimal digits of |value| (no leading/trailing zeros) and the position of the
// decimal point: |value| = 0.d1d2...dn x 10^point. Zero gives digits "0", point 1.
struct ShortestDigits {
  std::string digits;
  int point = 1;
};

ShortestDigits shortest_digits(double value) {
  ShortestDigits out;
  const double magnitude = std::fabs(value);
  if (magnitude == 0.0) {
    out.digits = "0";
    out.point = 1;
    return out;
  }
  char buffer[64];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, magnitude, std::chars_format::scientific);
  assert(ec == std::errc());
  const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
  const std::size_t e_pos = text.find('e');
  assert(e_pos != std::string_view::npos);
  for (char c : text.substr(0, e_pos)) {
    if (c != '.') out.digits.push_back(c);
  }
  while (out.digits.size() > 1 && out.digits.back() == '0') out.digits.pop_back();
  const int exponent = std::atoi(std::string(text.substr(e_pos + 1)).c_str());
  out.point = exponent + 1;
  return out;
}

// "d.ddd" followed by "e", sign and the exponent with at least `exponent_digits_min` digits.
std::string exponent_form(const ShortestDigits& d, int exponent_digits_min) {
  std::string out(1, d.digits[0]);
  if (d.digits.size() > 1) {
    out += '.';
    out += d.digits.substr(1);
  }
  const int exponent = d.point - 1;
  out += 'e';
  out += exponent < 0 ? '-' : '+';
  std::string magnitude = std::to_string(std::abs(exponent));
  while (static_cast<int>(magnitude.size()) < exponent_digits_min) magnitude.insert(0, "0");
  out += magnitude;
  return out;
}

// Positional notation; `add_dot_zero` appends ".0" to integral values.
std::string positional_form(const ShortestDigits& d, bool add_dot_zero) {
  const int digit_count = static_cast<int>(d.digits.size());
  std::string out;
  if (d.point <= 0) {
    out = "0.";
    out.append(static_cast<std::size_t>(-d.point), '0');
    out += d.digits;
  } else if (d.point >= digit_count) {
    out = d.digits;
    out.append(static_cast<std::size_t>(d.point - digit_count), '0');
    if (add_dot_zero) out += ".0";
  } else {
    out = d.digits.substr(0, static_cast<std::size_t>(d.point));
    out += '.';
    out += d.digits.substr(static_cast<std::size_t>(d.point));
  }
  return out;
}

}  // namespace

std::string format_python_float_repr(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  const ShortestDigits d = shortest_digits(value);
  const std::string sign = std::signbit(value) ? "-" : "";
  // Python's format_float_short, mode 'r': exponent form when decpt <= -4 or decpt > 16.
  const bool use_exponent = value != 0.0 && (d.point <= -4 || d.point > 16);
  return sign + (use_exponent ? exponent_form(d, 2) : positional_form(d, true));
}

std::string format_go_json_float(double value) {
  assert(std::isfinite(value));
  const ShortestDigits d = shortest_digits(value);
  const double magnitude = std::fabs(value);
  const bool use_exponent = magnitude != 0.0 && (magnitude < 1e-6 || magnitude >= 1e21);
  // Go writes "-0" for negative zero as well.
  const std::string sign = std::signbit(value) ? "-" : "";
  return sign + (use_exponent ? exponent_form(d, 1) : positional_form(d, false));
}

}  // namespace esisim::json
