#include "core/heat/jinja_ops.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string_view>

namespace esisim::heat::jinja {
namespace {

using Kind = Value::Kind;

// Attribute names of Python 2.7 objects (dir() without dunders): such an attribute is a
// method, which Jinja2's getattr finds before any dict key of the same name.
constexpr std::string_view kDictAttributes[] = {
    "clear",      "copy",     "fromkeys",   "get",       "has_key",  "items",
    "iteritems",  "iterkeys", "itervalues", "keys",      "pop",      "popitem",
    "setdefault", "update",   "values",     "viewitems", "viewkeys", "viewvalues"};
constexpr std::string_view kStringAttributes[] = {
    "capitalize", "center",    "count",     "decode",  "encode",     "endswith",   "expandtabs",
    "find",       "format",    "index",     "isalnum", "isalpha",    "isdecimal",  "isdigit",
    "islower",    "isnumeric", "isspace",   "istitle", "isupper",    "join",       "ljust",
    "lower",      "lstrip",    "partition", "replace", "rfind",      "rindex",     "rjust",
    "rpartition", "rsplit",    "rstrip",    "split",   "splitlines", "startswith", "strip",
    "swapcase",   "title",     "translate", "upper",   "zfill"};
constexpr std::string_view kListAttributes[] = {"append", "count",  "extend",  "index", "insert",
                                                "pop",    "remove", "reverse", "sort"};
constexpr std::string_view kTupleAttributes[] = {"count", "index"};
constexpr std::string_view kNumberAttributes[] = {
    "bit_length", "conjugate", "denominator", "imag", "numerator", "real", "as_integer_ratio"};

template <std::size_t N>
bool listed(const std::string_view (&names)[N], std::string_view name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

bool has_method(const Value& object, std::string_view name) {
  switch (object.kind()) {
    case Kind::kDict:
      return listed(kDictAttributes, name);
    case Kind::kString:
      return listed(kStringAttributes, name);
    case Kind::kList:
      return listed(kListAttributes, name);
    case Kind::kTuple:
      return listed(kTupleAttributes, name);
    default:
      return false;
  }
}

// Jinja2's hints: "%r has no attribute %r" % (object_type_repr(obj), name).
Value no_attribute(const Value& object, const Value& name) {
  return Value::undefined("'" + object_type_repr(object) + "' has no attribute " + repr_of(name));
}

Value no_element(const Value& object, const Value& key) {
  return Value::undefined("'" + object_type_repr(object) + "' has no element " + repr_of(key));
}

[[noreturn]] void unsupported(std::string_view symbol, const Value& a, const Value& b) {
  fail("unsupported operand type(s) for " + std::string(symbol) + ": '" + type_name(a) + "' and '" +
       type_name(b) + "'");
}

std::string_view symbol_of(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kFloorDiv:
      return "//";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kPow:
      return "**";
    case BinaryOp::kConcat:
      return "~";
  }
  return "?";
}

[[noreturn]] void integer_overflow() { fail("integer result outside the 64-bit range"); }

template <typename Op>
std::int64_t checked(Op op, std::int64_t x, std::int64_t y) {
  std::int64_t result = 0;
  if (op(x, y, &result)) integer_overflow();
  return result;
}
bool add_overflow(std::int64_t x, std::int64_t y, std::int64_t* r) {
  return __builtin_add_overflow(x, y, r);
}
bool sub_overflow(std::int64_t x, std::int64_t y, std::int64_t* r) {
  return __builtin_sub_overflow(x, y, r);
}
bool mul_overflow(std::int64_t x, std::int64_t y, std::int64_t* r) {
  return __builtin_mul_overflow(x, y, r);
}

std::int64_t int_floor_div(std::int64_t a, std::int64_t b) {
  if (b == 0) fail("integer division or modulo by zero");
  if (a == std::numeric_limits<std::int64_t>::min() && b == -1) integer_overflow();
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t int_mod(std::int64_t a, std::int64_t b) {
  if (b == 0) fail("integer division or modulo by zero");
  if (b == -1) return 0;
  std::int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

// CPython 2.7 float_mod.
double float_mod(double vx, double wx) {
  if (wx == 0.0) fail("float modulo");
  double mod = std::fmod(vx, wx);
  if (mod != 0.0) {
    if ((wx < 0) != (mod < 0)) mod += wx;
  } else {
    mod = std::copysign(0.0, wx);
  }
  return mod;
}

// CPython 2.7 float_floor_div (float_divmod's quotient).
double float_floor_div(double vx, double wx) {
  if (wx == 0.0) fail("float divmod()");
  double mod = std::fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod != 0.0 && ((wx < 0) != (mod < 0))) div -= 1.0;
  if (div != 0.0) {
    double floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
  }
  return std::copysign(0.0, vx / wx);
}

std::int64_t int_pow(std::int64_t base, std::int64_t exponent) {
  std::int64_t result = 1;
  while (exponent > 0) {
    if (exponent & 1) {
      if (__builtin_mul_overflow(result, base, &result)) integer_overflow();
    }
    exponent >>= 1;
    if (exponent > 0 && __builtin_mul_overflow(base, base, &base)) integer_overflow();
  }
  return result;
}

double float_pow(double a, double b) {
  if (a == 0.0 && b < 0.0) fail("0.0 cannot be raised to a negative power");
  if (a < 0.0 && b != std::floor(b)) {
    fail("negative number cannot be raised to a fractional power");
  }
  return std::pow(a, b);
}

Value numeric_op(BinaryOp op, const Value& a, const Value& b) {
  const bool use_float = a.kind() == Kind::kFloat || b.kind() == Kind::kFloat;
  if (!use_float) {
    const std::int64_t x = a.as_int();
    const std::int64_t y = b.as_int();
    switch (op) {
      case BinaryOp::kAdd:
        return Value::integer(checked(add_overflow, x, y));
      case BinaryOp::kSub:
        return Value::integer(checked(sub_overflow, x, y));
      case BinaryOp::kMul:
        return Value::integer(checked(mul_overflow, x, y));
      case BinaryOp::kDiv:
        if (y == 0) fail("division by zero");
        return Value::floating(static_cast<double>(x) / static_cast<double>(y));
      case BinaryOp::kFloorDiv:
        return Value::integer(int_floor_div(x, y));
      case BinaryOp::kMod:
        return Value::integer(int_mod(x, y));
      case BinaryOp::kPow:
        if (y < 0) return Value::floating(float_pow(a.as_float(), b.as_float()));
        return Value::integer(int_pow(x, y));
      case BinaryOp::kConcat:
        break;
    }
    fail("internal: numeric concat");
  }
  const double x = a.as_float();
  const double y = b.as_float();
  switch (op) {
    case BinaryOp::kAdd:
      return Value::floating(x + y);
    case BinaryOp::kSub:
      return Value::floating(x - y);
    case BinaryOp::kMul:
      return Value::floating(x * y);
    case BinaryOp::kDiv:
      if (y == 0.0) fail("float division by zero");
      return Value::floating(x / y);
    case BinaryOp::kFloorDiv:
      return Value::floating(float_floor_div(x, y));
    case BinaryOp::kMod:
      return Value::floating(float_mod(x, y));
    case BinaryOp::kPow:
      return Value::floating(float_pow(x, y));
    case BinaryOp::kConcat:
      break;
  }
  fail("internal: numeric concat");
}

// `sequence * count` for strings, lists and tuples (a count below 1 gives an empty one).
Value repeat(const Value& sequence, std::int64_t count, const JinjaLimits& limits) {
  const std::size_t times = count > 0 ? static_cast<std::size_t>(count) : 0;
  if (sequence.is_string()) {
    const std::size_t unit = sequence.text().size();
    if (unit != 0 && times > limits.output_bytes_max / unit) {
      check_string_size(limits.output_bytes_max + 1, limits);
    }
    std::string out;
    out.reserve(unit * times);
    for (std::size_t i = 0; i < times; ++i) out += sequence.text();
    return Value::string(std::move(out), sequence.is_unicode());
  }
  const auto& items = sequence.items();
  if (!items.empty() && times > limits.loop_iterations_max / items.size()) {
    check_list_size(limits.loop_iterations_max + 1, limits);
  }
  std::vector<Value> out;
  out.reserve(items.size() * times);
  for (std::size_t i = 0; i < times; ++i) out.insert(out.end(), items.begin(), items.end());
  return sequence.kind() == Kind::kList ? Value::list(std::move(out))
                                        : Value::tuple(std::move(out));
}

bool is_integral(const Value& v) { return v.kind() == Kind::kInt || v.kind() == Kind::kBool; }

// Python's index normalisation for one element; nullopt when out of range.
std::optional<std::size_t> element_index(std::int64_t index, std::size_t size) {
  const auto n = static_cast<std::int64_t>(size);
  if (index < 0) index += n;
  if (index < 0 || index >= n) return std::nullopt;
  return static_cast<std::size_t>(index);
}

std::int64_t slice_bound(const std::optional<Value>& bound, std::int64_t fallback) {
  if (!bound || bound->kind() == Kind::kNone) return fallback;
  if (!is_integral(*bound)) {
    fail("slice indices must be integers or None, got " + object_type_repr(*bound));
  }
  return bound->as_int();
}

// Python slice index selection (PySlice_GetIndicesEx).
std::vector<std::size_t> slice_indices(std::size_t size, const std::optional<Value>& start,
                                       const std::optional<Value>& stop,
                                       const std::optional<Value>& step) {
  const auto n = static_cast<std::int64_t>(size);
  const std::int64_t s = slice_bound(step, 1);
  if (s == 0) fail("slice step cannot be zero");
  auto clamp = [&](std::int64_t v) {
    if (v < 0) v += n;
    if (s > 0) return std::clamp<std::int64_t>(v, 0, n);
    return std::clamp<std::int64_t>(v, -1, n - 1);
  };
  const std::int64_t from =
      start && start->kind() != Kind::kNone ? clamp(slice_bound(start, 0)) : (s > 0 ? 0 : n - 1);
  const std::int64_t to =
      stop && stop->kind() != Kind::kNone ? clamp(slice_bound(stop, 0)) : (s > 0 ? n : -1);
  std::vector<std::size_t> out;
  if (s > 0) {
    for (std::int64_t i = from; i < to; i += s) out.push_back(static_cast<std::size_t>(i));
  } else {
    for (std::int64_t i = from; i > to; i += s) out.push_back(static_cast<std::size_t>(i));
  }
  return out;
}

Value loop_attribute(const Value& loop, const std::string& name) {
  const std::int64_t index0 = loop.loop_index0();
  const std::int64_t length = loop.loop_length();
  if (name == "index0") return Value::integer(index0);
  if (name == "index") return Value::integer(index0 + 1);
  if (name == "revindex0") return Value::integer(length - index0 - 1);
  if (name == "revindex") return Value::integer(length - index0);
  if (name == "first") return Value::boolean(index0 == 0);
  if (name == "last") return Value::boolean(index0 + 1 == length);
  if (name == "length") return Value::integer(length);
  if (name == "depth0") return Value::integer(0);
  if (name == "depth") return Value::integer(1);
  if (name == "cycle") return Value::method(loop, name);
  return no_attribute(loop, Value::string(name, false));
}

}  // namespace

void require_defined(const Value& value) {
  if (value.is_undefined()) fail(value.text());
}

void check_string_size(std::size_t bytes, const JinjaLimits& limits) {
  if (bytes > limits.output_bytes_max) {
    fail("string longer than output_bytes_max (" + std::to_string(limits.output_bytes_max) +
         " bytes)");
  }
}

void check_list_size(std::size_t items, const JinjaLimits& limits) {
  if (items > limits.loop_iterations_max) {
    fail("list longer than loop_iterations_max (" + std::to_string(limits.loop_iterations_max) +
         " items)");
  }
}

Value binary_op(BinaryOp op, const Value& a, const Value& b, const JinjaLimits& limits) {
  if (op == BinaryOp::kConcat) {
    std::string text = to_text(a);
    text += to_text(b);
    check_string_size(text.size(), limits);
    return Value::string(std::move(text), true);
  }
  require_defined(a);
  require_defined(b);
  if (a.is_number() && b.is_number()) return numeric_op(op, a, b);
  if (op == BinaryOp::kAdd) {
    if (a.is_string() && b.is_string()) {
      check_string_size(a.text().size() + b.text().size(), limits);
      return Value::string(a.text() + b.text(), a.is_unicode() || b.is_unicode());
    }
    if (a.kind() == b.kind() && a.is_sequence()) {
      check_list_size(a.items().size() + b.items().size(), limits);
      std::vector<Value> items = a.items();
      items.insert(items.end(), b.items().begin(), b.items().end());
      return a.kind() == Kind::kList ? Value::list(std::move(items))
                                     : Value::tuple(std::move(items));
    }
  }
  if (op == BinaryOp::kMul) {
    if ((a.is_string() || a.is_sequence()) && is_integral(b)) return repeat(a, b.as_int(), limits);
    if (is_integral(a) && (b.is_string() || b.is_sequence())) return repeat(b, a.as_int(), limits);
  }
  if (op == BinaryOp::kMod && a.is_string()) {
    fail("string formatting with '%' is not supported");
  }
  unsupported(symbol_of(op), a, b);
}

Value unary_op(UnaryOp op, const Value& operand) {
  require_defined(operand);
  if (operand.kind() == Kind::kFloat) {
    return Value::floating(op == UnaryOp::kNeg ? -operand.as_float() : operand.as_float());
  }
  if (is_integral(operand)) {
    if (op == UnaryOp::kPos) return Value::integer(operand.as_int());
    if (operand.as_int() == std::numeric_limits<std::int64_t>::min()) integer_overflow();
    return Value::integer(-operand.as_int());
  }
  fail(std::string("bad operand type for unary ") + (op == UnaryOp::kNeg ? "-" : "+") + ": '" +
       type_name(operand) + "'");
}

bool contains(const Value& haystack, const Value& needle) {
  switch (haystack.kind()) {
    case Kind::kUndefined:
      return false;
    case Kind::kString:
      if (!needle.is_string()) {
        fail("'in <string>' requires string as left operand, not " + type_name(needle));
      }
      return haystack.text().find(needle.text()) != std::string::npos;
    case Kind::kList:
    case Kind::kTuple:
      for (const auto& item : haystack.items()) {
        if (equals(item, needle)) return true;
      }
      return false;
    case Kind::kDict:
      return needle.is_string() && haystack.mapping().find(needle.text()) != nullptr;
    default:
      fail("argument of type '" + type_name(haystack) + "' is not iterable");
  }
}

std::vector<Value> iterate(const Value& value) {
  switch (value.kind()) {
    case Kind::kUndefined:
      return {};
    case Kind::kList:
    case Kind::kTuple:
      return value.items();
    case Kind::kDict: {
      const auto& mapping = value.mapping();
      std::vector<Value> keys;
      keys.reserve(mapping.order.size());
      for (std::size_t index : mapping.order) keys.push_back(mapping.keys[index]);
      return keys;
    }
    case Kind::kString: {
      std::vector<Value> chars;
      for (auto& ch : code_points(value.text())) {
        chars.push_back(Value::string(std::move(ch), value.is_unicode()));
      }
      return chars;
    }
    default:
      fail("'" + type_name(value) + "' object is not iterable");
  }
}

std::size_t length_of(const Value& value) {
  switch (value.kind()) {
    case Kind::kUndefined:
      return 0;
    case Kind::kString:
      return value.is_unicode() ? code_point_count(value.text()) : value.text().size();
    case Kind::kList:
    case Kind::kTuple:
      return value.items().size();
    case Kind::kDict:
      return value.mapping().keys.size();
    case Kind::kLoop:
      return static_cast<std::size_t>(value.loop_length());
    default:
      fail("object of type '" + type_name(value) + "' has no len()");
  }
}

Value get_attribute(const Value& object, const std::string& name) {
  require_defined(object);
  if (has_method(object, name)) return Value::method(object, name);
  if (object.kind() == Kind::kLoop) return loop_attribute(object, name);
  if (object.is_number() && listed(kNumberAttributes, name)) {
    fail("attribute '" + name + "' of " + type_name(object) + " objects is not supported");
  }
  const Value key = Value::string(name, false);
  if (object.kind() == Kind::kDict) {
    if (const Value* found = object.mapping().find(name)) return *found;
  }
  return no_attribute(object, key);
}

Value get_item(const Value& object, const Value& key) {
  require_defined(object);
  switch (object.kind()) {
    case Kind::kList:
    case Kind::kTuple:
      if (is_integral(key)) {
        if (auto index = element_index(key.as_int(), object.items().size())) {
          return object.items()[*index];
        }
        return no_element(object, key);
      }
      break;
    case Kind::kString:
      if (is_integral(key)) {
        auto chars = code_points(object.text());
        if (auto index = element_index(key.as_int(), chars.size())) {
          return Value::string(std::move(chars[*index]), object.is_unicode());
        }
        return no_element(object, key);
      }
      break;
    case Kind::kDict:
      if (key.is_string()) {
        if (const Value* found = object.mapping().find(key.text())) return *found;
      }
      break;
    default:
      break;
  }
  if (key.is_string()) {
    if (has_method(object, key.text())) return Value::method(object, key.text());
    if (object.kind() == Kind::kLoop) return loop_attribute(object, key.text());
    return no_attribute(object, key);
  }
  return no_element(object, key);
}

Value get_slice(const Value& object, const std::optional<Value>& start,
                const std::optional<Value>& stop, const std::optional<Value>& step) {
  require_defined(object);
  if (object.is_string()) {
    const auto chars = code_points(object.text());
    std::string out;
    for (std::size_t i : slice_indices(chars.size(), start, stop, step)) out += chars[i];
    return Value::string(std::move(out), object.is_unicode());
  }
  if (object.is_sequence()) {
    std::vector<Value> out;
    for (std::size_t i : slice_indices(object.items().size(), start, stop, step)) {
      out.push_back(object.items()[i]);
    }
    return object.kind() == Kind::kList ? Value::list(std::move(out))
                                        : Value::tuple(std::move(out));
  }
  return Value::undefined(object_type_repr(object) + " has no element slice");
}

}  // namespace esisim::heat::jinja
