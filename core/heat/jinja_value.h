// Values of the Jinja2 renderer, with the semantics of Python 2.7 objects as Jinja2 sees them.
//
// Contract: a Value is immutable and cheap to copy (aggregates are shared). Kinds mirror the
// Python types that reach a template: Jinja2's default `Undefined`, None, bool, int (64-bit;
// wider results are an error, never a silent wrap), float, str / unicode (UTF-8 text with a
// flag: JSON strings and the results of filters are unicode, ASCII string literals are str;
// the flag only shows in repr as the `u` prefix), list, tuple, dict (string keys only; its
// iteration order is CPython 2.7's, computed once when the dict is built), the `loop` object of
// a for loop, and a bound method (`text.split`).
//
// Printing follows Python 2: `to_text` is `unicode(x)` (None -> "None", True -> "True", floats
// with 12 significant digits as `str(float)`, Undefined -> ""), `repr_of` is `repr(x)`
// (`[u'a', 1, 0.1]`, `{u'k': None}`, `(1,)`). Comparison and truthiness are Python's
// (`1 == 1.0 == True`, empty containers false, mixed-type ordering by Python 2's type rule).
// Operations that Python (or Jinja2's Undefined) refuses throw `JinjaFailure`, which the
// renderer turns into an error value with the template position; nothing escapes the API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace esisim::heat::jinja {

// Internal failure of a Jinja2 operation; `message` says what Python/Jinja2 would say.
struct JinjaFailure {
  std::string message;
};

[[noreturn]] void fail(std::string message);

class Value;
struct Sequence;
struct Mapping;

class Value {
 public:
  enum class Kind : std::uint8_t {
    kUndefined,
    kNone,
    kBool,
    kInt,
    kFloat,
    kString,
    kList,
    kTuple,
    kDict,
    kLoop,
    kMethod,
  };

  // Undefined with the message Jinja2 would raise when it is used ("'x' is undefined").
  Value() = default;
  static Value undefined(std::string message);
  static Value none();
  static Value boolean(bool value);
  static Value integer(std::int64_t value);
  static Value floating(double value);
  static Value string(std::string text, bool is_unicode = true);
  static Value list(std::vector<Value> items);
  static Value tuple(std::vector<Value> items);
  // Keys must be strings (fails otherwise); a repeated key keeps its first position and its
  // last value, as a Python dict display does.
  static Value dict(std::vector<std::pair<Value, Value>> entries);
  static Value loop(std::int64_t index0, std::int64_t length);
  static Value method(Value receiver, std::string name);
  // A JSON value as Python's json.loads gives it (strings unicode). Fails on integers outside
  // int64 and nesting deeper than `depth_max`.
  static Value from_json(const nlohmann::ordered_json& json, std::size_t depth_max);

  Kind kind() const { return kind_; }
  bool is_undefined() const { return kind_ == Kind::kUndefined; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_number() const {
    return kind_ == Kind::kBool || kind_ == Kind::kInt || kind_ == Kind::kFloat;
  }
  bool is_sequence() const { return kind_ == Kind::kList || kind_ == Kind::kTuple; }
  bool is_unicode() const { return unicode_; }

  bool as_bool() const { return integer_ != 0; }
  // bool and int as a Python int.
  std::int64_t as_int() const { return integer_; }
  // bool, int and float as a Python float.
  double as_float() const {
    return kind_ == Kind::kFloat ? floating_ : static_cast<double>(integer_);
  }
  const std::string& text() const { return text_; }  // string; undefined message; method name
  const std::vector<Value>& items() const;           // list, tuple
  const Mapping& mapping() const;                    // dict
  const Value& receiver() const;                     // method
  std::int64_t loop_index0() const { return integer_; }
  std::int64_t loop_length() const { return length_; }

 private:
  Kind kind_ = Kind::kUndefined;
  bool unicode_ = true;
  std::int64_t integer_ = 0;  // bool, int, loop index0
  std::int64_t length_ = 0;   // loop length
  double floating_ = 0;
  std::string text_;
  std::shared_ptr<const Sequence> sequence_;  // list, tuple, method receiver
  std::shared_ptr<const Mapping> mapping_;
};

struct Sequence {
  std::vector<Value> items;
};

struct Mapping {
  std::vector<Value> keys;         // insertion order, distinct
  std::vector<Value> values;       // values[i] belongs to keys[i]
  std::vector<std::size_t> order;  // indices into keys, CPython 2.7 iteration order
  // The value of `key`, or nullptr.
  const Value* find(std::string_view key) const;
};

// Python truthiness (Undefined is false).
bool truthy(const Value& value);
// unicode(value) as Jinja2 prints it. Fails for bound methods (their text shows an address).
std::string to_text(const Value& value);
// repr(value) in Python 2.
std::string repr_of(const Value& value);
// Python `==` (Undefined equals only Undefined).
bool equals(const Value& a, const Value& b);
// Python 2 ordering: <0, 0, >0. Fails where Python or Undefined refuses.
int compare(const Value& a, const Value& b);
// Python 2 type name: "unicode", "str", "int", "bool", "float", "list", "tuple", "dict",
// "NoneType", "Undefined", "LoopContext", "builtin_function_or_method".
std::string type_name(const Value& value);
// Jinja2's object_type_repr: "None" or "<type> object".
std::string object_type_repr(const Value& value);
// Python str(float) in 2.7 ('%.12g' with ".0" added to integral values) and repr(float).
std::string python_float_str(double value);
std::string python_float_repr(double value);
// Length in code points of UTF-8 text (Python 2 wide-build unicode length).
std::size_t code_point_count(std::string_view text);
// The code points of UTF-8 text, each as its own UTF-8 string.
std::vector<std::string> code_points(std::string_view text);

}  // namespace esisim::heat::jinja
