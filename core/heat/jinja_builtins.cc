#include "core/heat/jinja_builtins.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/domain/regex_match.h"
#include "core/heat/jinja_ops.h"

namespace esisim::heat::jinja {
namespace {

using Kind = Value::Kind;

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// unicode.isspace for the ASCII range (\x1c-\x1f are whitespace for unicode, not for str).
bool is_space_of(char c, bool is_unicode) {
  return is_ascii_space(c) || (is_unicode && c >= '\x1c' && c <= '\x1f');
}

// Python strip / lstrip / rstrip: whitespace, or the characters (code points) of `chars`.
std::string strip_chars(std::string_view text, bool left, bool right, bool is_unicode,
                        const std::optional<std::string>& chars) {
  if (!chars) {
    while (left && !text.empty() && is_space_of(text.front(), is_unicode)) text.remove_prefix(1);
    while (right && !text.empty() && is_space_of(text.back(), is_unicode)) text.remove_suffix(1);
    return std::string(text);
  }
  const std::vector<std::string> strip = code_points(*chars);
  const std::vector<std::string> units = code_points(text);
  auto stripped = [&](const std::string& unit) {
    return std::find(strip.begin(), strip.end(), unit) != strip.end();
  };
  std::size_t begin = 0;
  std::size_t end = units.size();
  while (left && begin < end && stripped(units[begin])) ++begin;
  while (right && end > begin && stripped(units[end - 1])) --end;
  std::string out;
  for (std::size_t i = begin; i < end; ++i) out += units[i];
  return out;
}

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string ascii_upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

const std::string& string_argument(const Value& value, std::string_view what) {
  if (!value.is_string()) {
    fail(std::string(what) + " must be a string, not " + object_type_repr(value));
  }
  return value.text();
}

std::int64_t int_argument(const Value& value, std::string_view what) {
  if (value.kind() != Kind::kInt && value.kind() != Kind::kBool) {
    fail(std::string(what) + " must be an integer, not " + object_type_repr(value));
  }
  return value.as_int();
}

// Python str.replace (count < 0: all).
std::string replace_text(const std::string& text, const std::string& old,
                         const std::string& replacement, std::int64_t count,
                         const JinjaLimits& limits) {
  std::string out;
  std::int64_t done = 0;
  auto room = [&] { return count < 0 || done < count; };
  if (old.empty()) {
    auto chars = code_points(text);
    for (const auto& ch : chars) {
      if (room()) {
        out += replacement;
        ++done;
      }
      out += ch;
      check_string_size(out.size(), limits);
    }
    if (room()) out += replacement;
    check_string_size(out.size(), limits);
    return out;
  }
  std::size_t pos = 0;
  while (room()) {
    const std::size_t found = text.find(old, pos);
    if (found == std::string::npos) break;
    out.append(text, pos, found - pos);
    out += replacement;
    check_string_size(out.size(), limits);
    pos = found + old.size();
    ++done;
  }
  out.append(text, pos, std::string::npos);
  check_string_size(out.size(), limits);
  return out;
}

// Python str.split(sep, maxsplit).
std::vector<std::string> split_text(const std::string& text, const std::optional<std::string>& sep,
                                    std::int64_t maxsplit, bool is_unicode) {
  std::vector<std::string> parts;
  if (sep) {
    if (sep->empty()) fail("empty separator");
    std::size_t pos = 0;
    while (maxsplit < 0 || static_cast<std::int64_t>(parts.size()) < maxsplit) {
      const std::size_t found = text.find(*sep, pos);
      if (found == std::string::npos) break;
      parts.push_back(text.substr(pos, found - pos));
      pos = found + sep->size();
    }
    parts.push_back(text.substr(pos));
    return parts;
  }
  std::size_t pos = 0;
  const std::size_t n = text.size();
  while (pos < n) {
    while (pos < n && is_space_of(text[pos], is_unicode)) ++pos;
    if (pos >= n) break;
    if (maxsplit >= 0 && static_cast<std::int64_t>(parts.size()) >= maxsplit) {
      parts.push_back(text.substr(pos));  // the rest keeps its trailing whitespace, as Python
      break;
    }
    std::size_t end = pos;
    while (end < n && !is_space_of(text[end], is_unicode)) ++end;
    parts.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return parts;
}

// Python float(text): optional whitespace, sign, decimal digits with optional fraction and
// exponent, or inf / infinity / nan.
std::optional<double> parse_python_float(const std::string& text) {
  const std::string s = strip_chars(text, true, true, true, std::nullopt);
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::string word = ascii_lower(s.substr(i));
  if (word == "inf" || word == "infinity" || word == "nan") {
    const double magnitude = word == "nan" ? std::nan("") : HUGE_VAL;
    return s[0] == '-' ? -magnitude : magnitude;
  }
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exponent_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exponent_digits;
    if (exponent_digits == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return std::strtod(s.c_str(), nullptr);
}

// Python int(text, base) for bases 2..36; nullopt when Python raises ValueError.
std::optional<std::int64_t> parse_python_int(const std::string& text, std::int64_t base) {
  const std::string s = strip_chars(text, true, true, true, std::nullopt);
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  if (s.size() >= i + 2 && s[i] == '0') {
    const char p = static_cast<char>(s[i + 1] | 0x20);
    if ((p == 'x' && base == 16) || (p == 'o' && base == 8) || (p == 'b' && base == 2)) i += 2;
  }
  if (i >= s.size()) return std::nullopt;
  std::int64_t value = 0;
  for (; i < s.size(); ++i) {
    const char c = static_cast<char>(s[i] | 0x20);
    int digit = c >= '0' && c <= '9' ? c - '0' : (c >= 'a' && c <= 'z' ? c - 'a' + 10 : 99);
    if (s[i] >= '0' && s[i] <= '9') digit = s[i] - '0';
    if (digit >= base) return std::nullopt;
    if (__builtin_mul_overflow(value, base, &value) ||
        __builtin_add_overflow(value, negative ? -digit : digit, &value)) {
      fail("integer " + s + " is outside the 64-bit range");
    }
  }
  return value;
}

std::int64_t float_to_int(double value) {
  if (std::isinf(value)) fail("cannot convert float infinity to integer");
  const double truncated = std::trunc(value);
  if (truncated < -9223372036854775808.0 || truncated >= 9223372036854775808.0) {
    fail("integer " + python_float_repr(truncated) + " is outside the 64-bit range");
  }
  return static_cast<std::int64_t>(truncated);
}

// --- filters ------------------------------------------------------------------------------

Value filter_abs(const Value& value, const BoundArguments&, const JinjaLimits&) {
  require_defined(value);
  if (value.kind() == Kind::kFloat) return Value::floating(std::fabs(value.as_float()));
  if (value.kind() == Kind::kInt || value.kind() == Kind::kBool) {
    if (value.as_int() == std::numeric_limits<std::int64_t>::min()) {
      fail("integer result outside the 64-bit range");
    }
    return Value::integer(value.as_int() < 0 ? -value.as_int() : value.as_int());
  }
  fail("bad operand type for abs(): '" + type_name(value) + "'");
}

Value filter_default(const Value& value, const BoundArguments& args, const JinjaLimits&) {
  const bool boolean = args[1] && truthy(*args[1]);
  if (value.is_undefined() || (boolean && !truthy(value))) {
    return args[0] ? *args[0] : Value::string("", true);
  }
  return value;
}

Value filter_first(const Value& value, const BoundArguments&, const JinjaLimits&) {
  auto items = iterate(value);
  if (items.empty()) return Value::undefined("No first item, sequence was empty.");
  return items.front();
}

Value filter_last(const Value& value, const BoundArguments&, const JinjaLimits&) {
  if (value.kind() == Kind::kDict) fail("argument to reversed() must be a sequence");
  auto items = iterate(value);
  if (items.empty()) return Value::undefined("No last item, sequence was empty.");
  return items.back();
}

Value filter_float(const Value& value, const BoundArguments& args, const JinjaLimits&) {
  const Value fallback = args[0] ? *args[0] : Value::floating(0.0);
  require_defined(value);
  if (value.is_number()) return Value::floating(value.as_float());
  if (value.is_string()) {
    if (auto parsed = parse_python_float(value.text())) return Value::floating(*parsed);
  }
  return fallback;
}

Value filter_int(const Value& value, const BoundArguments& args, const JinjaLimits&) {
  const Value fallback = args[0] ? *args[0] : Value::integer(0);
  const std::int64_t base = args[1] ? int_argument(*args[1], "int() base") : 10;
  require_defined(value);
  if (value.kind() == Kind::kInt || value.kind() == Kind::kBool) {
    return Value::integer(value.as_int());
  }
  if (value.kind() == Kind::kFloat) {
    if (std::isnan(value.as_float())) return fallback;
    return Value::integer(float_to_int(value.as_float()));
  }
  if (value.is_string()) {
    if (base < 2 || base > 36) fail("int() base must be >= 2 and <= 36 here");
    if (auto parsed = parse_python_int(value.text(), base)) return Value::integer(*parsed);
    if (auto as_float = parse_python_float(value.text())) {
      if (std::isnan(*as_float)) return fallback;
      return Value::integer(float_to_int(*as_float));
    }
  }
  return fallback;
}

Value filter_join(const Value& value, const BoundArguments& args, const JinjaLimits& limits) {
  if (args[1] && args[1]->kind() != Kind::kNone) fail("join(attribute=...) is not supported");
  const std::string separator = args[0] ? to_text(*args[0]) : std::string();
  std::string out;
  bool first = true;
  for (const auto& item : iterate(value)) {
    if (!first) out += separator;
    first = false;
    out += to_text(item);
    check_string_size(out.size(), limits);
  }
  return Value::string(std::move(out), true);
}

Value filter_length(const Value& value, const BoundArguments&, const JinjaLimits&) {
  return Value::integer(static_cast<std::int64_t>(length_of(value)));
}

Value filter_list(const Value& value, const BoundArguments&, const JinjaLimits&) {
  return Value::list(iterate(value));
}

Value filter_lower(const Value& value, const BoundArguments&, const JinjaLimits&) {
  return Value::string(ascii_lower(to_text(value)), true);
}

Value filter_upper(const Value& value, const BoundArguments&, const JinjaLimits&) {
  return Value::string(ascii_upper(to_text(value)), true);
}

Value filter_match(const Value& value, const BoundArguments& args, const JinjaLimits&) {
  require_defined(value);
  const std::string& pattern = string_argument(*args[0], "match() pattern");
  if (!value.is_string()) {
    fail("match() expects a string or buffer, not " + object_type_repr(value));
  }
  auto matched = domain::python_re_match(pattern, value.text());
  if (!matched.ok()) fail(matched.error().message);
  return Value::boolean(matched.value());
}

Value filter_replace(const Value& value, const BoundArguments& args, const JinjaLimits& limits) {
  std::int64_t count = -1;
  if (args[2] && args[2]->kind() != Kind::kNone) count = int_argument(*args[2], "replace() count");
  return Value::string(
      replace_text(to_text(value), to_text(*args[0]), to_text(*args[1]), count, limits), true);
}

Value filter_string(const Value& value, const BoundArguments&, const JinjaLimits&) {
  return Value::string(to_text(value), true);
}

Value filter_trim(const Value& value, const BoundArguments&, const JinjaLimits&) {
  return Value::string(strip_chars(to_text(value), true, true, true, std::nullopt), true);
}

const std::vector<Filter>& filters() {
  static const std::vector<Filter> kFilters = {
      {"abs", {}, 0, filter_abs},
      {"count", {}, 0, filter_length},
      {"d", {"default_value", "boolean"}, 0, filter_default},
      {"default", {"default_value", "boolean"}, 0, filter_default},
      {"first", {}, 0, filter_first},
      {"float", {"default"}, 0, filter_float},
      {"int", {"default", "base"}, 0, filter_int},
      {"join", {"d", "attribute"}, 0, filter_join},
      {"last", {}, 0, filter_last},
      {"length", {}, 0, filter_length},
      {"list", {}, 0, filter_list},
      {"lower", {}, 0, filter_lower},
      {"match", {"pattern"}, 1, filter_match},
      {"replace", {"old", "new", "count"}, 2, filter_replace},
      {"string", {}, 0, filter_string},
      {"trim", {}, 0, filter_trim},
      {"upper", {}, 0, filter_upper},
  };
  return kFilters;
}

// --- tests --------------------------------------------------------------------------------

bool is_divisible(const Value& value, const Value& by, const JinjaLimits& limits) {
  return equals(binary_op(BinaryOp::kMod, value, by, limits), Value::integer(0));
}

const JinjaLimits& default_limits() {
  static const JinjaLimits kLimits;
  return kLimits;
}

bool text_has_case(const std::string& text, bool lower) {
  bool cased = false;
  for (char c : text) {
    if (c >= 'a' && c <= 'z') {
      if (!lower) return false;
      cased = true;
    } else if (c >= 'A' && c <= 'Z') {
      if (lower) return false;
      cased = true;
    }
  }
  return cased;
}

const std::vector<Test>& tests() {
  static const std::vector<Test> kTests = {
      {"defined", {}, 0, [](const Value& v, const BoundArguments&) { return !v.is_undefined(); }},
      {"divisibleby",
       {"num"},
       1,
       [](const Value& v, const BoundArguments& a) {
         return is_divisible(v, *a[0], default_limits());
       }},
      {"eq",
       {"other"},
       1,
       [](const Value& v, const BoundArguments& a) { return equals(v, *a[0]); }},
      {"equalto",
       {"other"},
       1,
       [](const Value& v, const BoundArguments& a) { return equals(v, *a[0]); }},
      {"even",
       {},
       0,
       [](const Value& v, const BoundArguments&) {
         return is_divisible(v, Value::integer(2), default_limits());
       }},
      {"ge",
       {"other"},
       1,
       [](const Value& v, const BoundArguments& a) { return compare(v, *a[0]) >= 0; }},
      {"gt",
       {"other"},
       1,
       [](const Value& v, const BoundArguments& a) { return compare(v, *a[0]) > 0; }},
      {"in",
       {"seq"},
       1,
       [](const Value& v, const BoundArguments& a) { return contains(*a[0], v); }},
      {"iterable",
       {},
       0,
       [](const Value& v, const BoundArguments&) {
         return v.is_undefined() || v.is_string() || v.is_sequence() || v.kind() == Kind::kDict;
       }},
      {"le",
       {"other"},
       1,
       [](const Value& v, const BoundArguments& a) { return compare(v, *a[0]) <= 0; }},
      {"lower",
       {},
       0,
       [](const Value& v, const BoundArguments&) { return text_has_case(to_text(v), true); }},
      {"lt",
       {"other"},
       1,
       [](const Value& v, const BoundArguments& a) { return compare(v, *a[0]) < 0; }},
      {"mapping",
       {},
       0,
       [](const Value& v, const BoundArguments&) { return v.kind() == Kind::kDict; }},
      {"ne",
       {"other"},
       1,
       [](const Value& v, const BoundArguments& a) { return !equals(v, *a[0]); }},
      {"none",
       {},
       0,
       [](const Value& v, const BoundArguments&) { return v.kind() == Kind::kNone; }},
      {"number", {}, 0, [](const Value& v, const BoundArguments&) { return v.is_number(); }},
      {"odd",
       {},
       0,
       [](const Value& v, const BoundArguments&) {
         return !is_divisible(v, Value::integer(2), default_limits());
       }},
      // Jinja2's test: len() works and there is a __getitem__ (Undefined has both).
      {"sequence",
       {},
       0,
       [](const Value& v, const BoundArguments&) {
         return v.is_undefined() || v.is_string() || v.is_sequence() || v.kind() == Kind::kDict;
       }},
      {"string", {}, 0, [](const Value& v, const BoundArguments&) { return v.is_string(); }},
      {"undefined", {}, 0, [](const Value& v, const BoundArguments&) { return v.is_undefined(); }},
      {"upper",
       {},
       0,
       [](const Value& v, const BoundArguments&) { return text_has_case(to_text(v), false); }},
  };
  return kTests;
}

template <typename Entry>
std::string names_of(const std::vector<Entry>& entries) {
  std::string out;
  for (const auto& entry : entries) {
    if (!out.empty()) out += ", ";
    out += entry.name;
  }
  return out;
}

// --- methods ------------------------------------------------------------------------------

void expect_count(std::string_view method, const Arguments& args, std::size_t low,
                  std::size_t high) {
  if (!args.keyword.empty()) fail(std::string(method) + "() takes no keyword arguments");
  const std::size_t n = args.positional.size();
  if (n < low || n > high) {
    fail(std::string(method) + "() takes " +
         (low == high ? "exactly " + std::to_string(low)
                      : std::to_string(low) + " to " + std::to_string(high)) +
         " arguments (" + std::to_string(n) + " given)");
  }
}

bool affix_matches(const Value& receiver, const Value& affix, bool prefix) {
  auto one = [&](const Value& candidate) {
    const std::string& text = receiver.text();
    const std::string& a =
        string_argument(candidate, prefix ? "startswith() prefix" : "endswith() suffix");
    if (a.size() > text.size()) return false;
    return prefix ? text.compare(0, a.size(), a) == 0
                  : text.compare(text.size() - a.size(), a.size(), a) == 0;
  };
  if (affix.kind() == Kind::kTuple) {
    return std::any_of(affix.items().begin(), affix.items().end(), one);
  }
  return one(affix);
}

Value string_method(const Value& receiver, const std::string& name, const Arguments& args,
                    const JinjaLimits& limits) {
  const auto& p = args.positional;
  auto result_unicode = [&] {
    bool is_unicode = receiver.is_unicode();
    for (const auto& arg : p) is_unicode = is_unicode || (arg.is_string() && arg.is_unicode());
    return is_unicode;
  };
  if (name == "split") {
    expect_count(name, args, 0, 2);
    std::optional<std::string> sep;
    if (!p.empty() && p[0].kind() != Kind::kNone) sep = string_argument(p[0], "split() separator");
    const std::int64_t maxsplit = p.size() > 1 ? int_argument(p[1], "split() maxsplit") : -1;
    const bool is_unicode = result_unicode();
    std::vector<Value> parts;
    for (auto& part : split_text(receiver.text(), sep, maxsplit, receiver.is_unicode())) {
      parts.push_back(Value::string(std::move(part), is_unicode));
    }
    check_list_size(parts.size(), limits);
    return Value::list(std::move(parts));
  }
  if (name == "lower" || name == "upper") {
    expect_count(name, args, 0, 0);
    return Value::string(
        name == "lower" ? ascii_lower(receiver.text()) : ascii_upper(receiver.text()),
        receiver.is_unicode());
  }
  if (name == "strip" || name == "lstrip" || name == "rstrip") {
    expect_count(name, args, 0, 1);
    std::optional<std::string> chars;
    if (!p.empty() && p[0].kind() != Kind::kNone) chars = string_argument(p[0], name + "() chars");
    return Value::string(strip_chars(receiver.text(), name != "rstrip", name != "lstrip",
                                     receiver.is_unicode(), chars),
                         result_unicode());
  }
  if (name == "startswith" || name == "endswith") {
    expect_count(name, args, 1, 1);
    return Value::boolean(affix_matches(receiver, p[0], name == "startswith"));
  }
  if (name == "replace") {
    expect_count(name, args, 2, 3);
    const std::int64_t count = p.size() > 2 ? int_argument(p[2], "replace() count") : -1;
    return Value::string(replace_text(receiver.text(), string_argument(p[0], "replace() old"),
                                      string_argument(p[1], "replace() new"), count, limits),
                         result_unicode());
  }
  fail("method '" + name + "' of " + type_name(receiver) +
       " objects is not supported (supported: endswith, lower, lstrip, replace, rstrip, split, "
       "startswith, strip, upper)");
}

Value dict_method(const Value& receiver, const std::string& name, const Arguments& args) {
  const auto& mapping = receiver.mapping();
  const auto& p = args.positional;
  if (name == "get" || name == "has_key") {
    expect_count(name, args, 1, name == "get" ? 2 : 1);
    const Value* found = p[0].is_string() ? mapping.find(p[0].text()) : nullptr;
    if (name == "has_key") return Value::boolean(found != nullptr);
    if (found) return *found;
    return p.size() > 1 ? p[1] : Value::none();
  }
  if (name == "keys" || name == "values" || name == "items") {
    expect_count(name, args, 0, 0);
    std::vector<Value> out;
    for (std::size_t index : mapping.order) {
      if (name == "keys") {
        out.push_back(mapping.keys[index]);
      } else if (name == "values") {
        out.push_back(mapping.values[index]);
      } else {
        out.push_back(Value::tuple({mapping.keys[index], mapping.values[index]}));
      }
    }
    return Value::list(std::move(out));
  }
  fail("method '" + name +
       "' of dict objects is not supported (supported: get, has_key, items, "
       "keys, values)");
}

}  // namespace

const Filter* find_filter(std::string_view name) {
  for (const auto& filter : filters()) {
    if (filter.name == name) return &filter;
  }
  return nullptr;
}

const Test* find_test(std::string_view name) {
  for (const auto& test : tests()) {
    if (test.name == name) return &test;
  }
  return nullptr;
}

std::string known_filters() { return names_of(filters()); }
std::string known_tests() { return names_of(tests()); }

BoundArguments bind_arguments(std::string_view callee,
                              const std::vector<std::string_view>& parameters, std::size_t required,
                              const Arguments& arguments) {
  BoundArguments bound(parameters.size());
  if (arguments.positional.size() > parameters.size()) {
    fail(std::string(callee) + "() takes at most " + std::to_string(parameters.size()) +
         " argument(s) (" + std::to_string(arguments.positional.size()) + " given)");
  }
  for (std::size_t i = 0; i < arguments.positional.size(); ++i) bound[i] = arguments.positional[i];
  for (const auto& [name, value] : arguments.keyword) {
    auto it = std::find(parameters.begin(), parameters.end(), name);
    if (it == parameters.end()) {
      fail(std::string(callee) + "() got an unexpected keyword argument '" + name + "'");
    }
    auto& slot = bound[static_cast<std::size_t>(it - parameters.begin())];
    if (slot) fail(std::string(callee) + "() got multiple values for argument '" + name + "'");
    slot = value;
  }
  for (std::size_t i = 0; i < required; ++i) {
    if (!bound[i]) {
      fail(std::string(callee) + "() missing required argument '" + std::string(parameters[i]) +
           "'");
    }
  }
  return bound;
}

Value apply_filter(const Filter& filter, const Value& value, const Arguments& arguments,
                   const JinjaLimits& limits) {
  return filter.apply(
      value, bind_arguments(filter.name, filter.parameters, filter.required, arguments), limits);
}

bool apply_test(const Test& test, const Value& value, const Arguments& arguments) {
  return test.apply(value, bind_arguments(test.name, test.parameters, test.required, arguments));
}

Value call_value(const Value& callee, const Arguments& arguments, const JinjaLimits& limits) {
  require_defined(callee);
  if (callee.kind() != Kind::kMethod) fail("'" + type_name(callee) + "' object is not callable");
  const Value& receiver = callee.receiver();
  const std::string& name = callee.text();
  if (receiver.kind() == Kind::kLoop) {
    if (!arguments.keyword.empty()) fail("cycle() takes no keyword arguments");
    if (arguments.positional.empty()) fail("no items for cycling given");
    const auto n = static_cast<std::int64_t>(arguments.positional.size());
    return arguments.positional[static_cast<std::size_t>(receiver.loop_index0() % n)];
  }
  if (receiver.is_string()) return string_method(receiver, name, arguments, limits);
  if (receiver.kind() == Kind::kDict) return dict_method(receiver, name, arguments);
  fail("method '" + name + "' of " + type_name(receiver) + " objects is not supported");
}

}  // namespace esisim::heat::jinja
