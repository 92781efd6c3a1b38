// Filters, tests and methods of the Jinja2 subset.
//
// Contract: each filter and test mirrors its Jinja2 2.x builtin on Python 2.7 (signature,
// keyword names, defaults, treatment of Undefined), plus the `match` filter that the
// monitoring_worker registered: `value | match(pattern)` is Python's `bool(re.match(pattern,
// value))` (patterns read as ECMAScript, see core/domain/regex_match.h). Methods are the Python
// string / dict methods templates call (`'a/b'.split('/')`), and `loop.cycle`. Case mapping
// and whitespace classes are ASCII-only (Python's Unicode tables are not reproduced). Anything
// else fails with a message naming what is supported. Failures throw JinjaFailure.
//
// Filters: abs, count, d, default, first, float, int, join, last, length, list, lower, match,
// replace, string, trim, upper.
// Tests: defined, divisibleby, eq, equalto, even, ge, gt, in, iterable, le, lower, lt,
// mapping, ne, none, number, odd, sequence, string, undefined, upper.
// Methods: str/unicode endswith, lower, lstrip, replace, rstrip, split, startswith, strip,
// upper; dict get, has_key, items, keys, values; loop.cycle.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/heat/jinja_limits.h"
#include "core/heat/jinja_value.h"

namespace esisim::heat::jinja {

struct Arguments {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keyword;
};

// One entry per declared parameter (after the filtered / tested value); nullopt when absent.
using BoundArguments = std::vector<std::optional<Value>>;

struct Filter {
  std::string_view name;
  std::vector<std::string_view> parameters;
  std::size_t required = 0;
  Value (*apply)(const Value& value, const BoundArguments& args, const JinjaLimits& limits);
};

struct Test {
  std::string_view name;
  std::vector<std::string_view> parameters;
  std::size_t required = 0;
  bool (*apply)(const Value& value, const BoundArguments& args);
};

const Filter* find_filter(std::string_view name);
const Test* find_test(std::string_view name);
// "abs, count, ..." for error messages.
std::string known_filters();
std::string known_tests();

// Binds call arguments to `parameters` as Python does (positional first, then by keyword).
BoundArguments bind_arguments(std::string_view callee,
                              const std::vector<std::string_view>& parameters, std::size_t required,
                              const Arguments& arguments);

Value apply_filter(const Filter& filter, const Value& value, const Arguments& arguments,
                   const JinjaLimits& limits);
bool apply_test(const Test& test, const Value& value, const Arguments& arguments);
// Calls a bound method value (Value::Kind::kMethod); calling anything else fails.
Value call_value(const Value& callee, const Arguments& arguments, const JinjaLimits& limits);

}  // namespace esisim::heat::jinja
