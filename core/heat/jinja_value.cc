#include "core/heat/jinja_value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "core/json/float_format.h"
#include "core/json/py27_dict.h"
#include "core/json/utf8.h"

namespace esisim::heat::jinja {
namespace {

const std::vector<Value>& empty_items() {
  static const std::vector<Value> kEmpty;
  return kEmpty;
}

void append_hex(std::string& out, std::uint32_t value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

// Python 2 repr of str / unicode: quote choice and escapes as unicodeescape_string (wide build).
std::string string_repr(const std::string& text, bool is_unicode) {
  const bool has_single = text.find('\'') != std::string::npos;
  const bool has_double = text.find('"') != std::string::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out;
  out.reserve(text.size() + 3);
  if (is_unicode) out += 'u';
  out += quote;
  for (std::size_t offset = 0; offset < text.size();) {
    auto rune = json::decode_utf8_rune(text, offset);
    // A str holds bytes: a byte above 0x7f is one character (\xNN), never decoded.
    std::uint32_t ch = is_unicode ? static_cast<std::uint32_t>(rune.code_point)
                                  : static_cast<unsigned char>(text[offset]);
    offset += is_unicode ? rune.size_bytes : 1;
    if (ch == static_cast<std::uint32_t>(quote) || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch >= 0x10000) {
      out += "\\U";
      append_hex(out, ch, 8);
    } else if (ch >= 0x100) {
      out += "\\u";
      append_hex(out, ch, 4);
    } else if (ch == '\t') {
      out += "\\t";
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch < 0x20 || ch >= 0x7F) {
      out += "\\x";
      append_hex(out, ch, 2);
    } else {
      out += static_cast<char>(ch);
    }
  }
  out += quote;
  return out;
}

std::string int_text(std::int64_t value) { return std::to_string(value); }

int three_way(double a, double b) { return a < b ? -1 : (a > b ? 1 : 0); }

// Python 2's fallback order for unrelated types: None first, then numbers, then by type name.
int type_rank_compare(const Value& a, const Value& b) {
  auto rank = [](const Value& v) {
    if (v.kind() == Value::Kind::kNone) return 0;
    if (v.is_number()) return 1;
    return 2;
  };
  const int ra = rank(a);
  const int rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  const std::string ta = type_name(a);
  const std::string tb = type_name(b);
  return ta < tb ? -1 : (ta > tb ? 1 : 0);
}

int compare_sequences(const std::vector<Value>& a, const std::vector<Value>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!equals(a[i], b[i])) return compare(a[i], b[i]);
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

}  // namespace

void fail(std::string message) { throw JinjaFailure{std::move(message)}; }

Value Value::undefined(std::string message) {
  Value v;
  v.text_ = std::move(message);
  return v;
}

Value Value::none() {
  Value v;
  v.kind_ = Kind::kNone;
  return v;
}

Value Value::boolean(bool value) {
  Value v;
  v.kind_ = Kind::kBool;
  v.integer_ = value ? 1 : 0;
  return v;
}

Value Value::integer(std::int64_t value) {
  Value v;
  v.kind_ = Kind::kInt;
  v.integer_ = value;
  return v;
}

Value Value::floating(double value) {
  Value v;
  v.kind_ = Kind::kFloat;
  v.floating_ = value;
  return v;
}

Value Value::string(std::string text, bool is_unicode) {
  Value v;
  v.kind_ = Kind::kString;
  v.unicode_ = is_unicode;
  v.text_ = std::move(text);
  return v;
}

Value Value::list(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kList;
  v.sequence_ = std::make_shared<const Sequence>(Sequence{std::move(items)});
  return v;
}

Value Value::tuple(std::vector<Value> items) {
  Value v = list(std::move(items));
  v.kind_ = Kind::kTuple;
  return v;
}

Value Value::dict(std::vector<std::pair<Value, Value>> entries) {
  auto mapping = std::make_shared<Mapping>();
  std::map<std::string, std::size_t, std::less<>> index;
  std::vector<std::string> names;
  for (auto& [key, value] : entries) {
    if (!key.is_string()) {
      fail("dict keys must be strings here, got " + object_type_repr(key));
    }
    auto [it, inserted] = index.emplace(key.text(), mapping->keys.size());
    if (inserted) {
      names.push_back(key.text());
      mapping->keys.push_back(std::move(key));
      mapping->values.push_back(std::move(value));
    } else {
      mapping->values[it->second] = std::move(value);
    }
  }
  if (names.size() > json::kPy27DictKeysMax) {
    fail("dict with more than " + std::to_string(json::kPy27DictKeysMax) + " keys");
  }
  for (const auto& name : json::py27_dict_order(names)) mapping->order.push_back(index[name]);
  Value v;
  v.kind_ = Kind::kDict;
  v.mapping_ = std::move(mapping);
  return v;
}

Value Value::loop(std::int64_t index0, std::int64_t length) {
  Value v;
  v.kind_ = Kind::kLoop;
  v.integer_ = index0;
  v.length_ = length;
  return v;
}

Value Value::method(Value receiver, std::string name) {
  Value v;
  v.kind_ = Kind::kMethod;
  v.text_ = std::move(name);
  v.sequence_ = std::make_shared<const Sequence>(Sequence{{std::move(receiver)}});
  return v;
}

Value Value::from_json(const nlohmann::ordered_json& json, std::size_t depth_max) {
  using Type = nlohmann::ordered_json::value_t;
  switch (json.type()) {
    case Type::null:
    case Type::discarded:
      return none();
    case Type::boolean:
      return boolean(json.get<bool>());
    case Type::number_integer:
      return integer(json.get<std::int64_t>());
    case Type::number_unsigned: {
      const auto value = json.get<std::uint64_t>();
      if (value > static_cast<std::uint64_t>(INT64_MAX)) {
        fail("integer " + std::to_string(value) + " is outside the 64-bit range");
      }
      return integer(static_cast<std::int64_t>(value));
    }
    case Type::number_float:
      return floating(json.get<double>());
    case Type::string:
      return string(json.get_ref<const std::string&>(), true);
    case Type::binary:
      fail("binary JSON values are not supported");
    case Type::array:
    case Type::object:
      break;
  }
  if (depth_max == 0) fail("value nested deeper than nesting_depth_max allows");
  if (json.is_array()) {
    std::vector<Value> items;
    items.reserve(json.size());
    for (const auto& item : json) items.push_back(from_json(item, depth_max - 1));
    return list(std::move(items));
  }
  std::vector<std::pair<Value, Value>> entries;
  entries.reserve(json.size());
  for (auto it = json.begin(); it != json.end(); ++it) {
    entries.emplace_back(string(it.key(), true), from_json(it.value(), depth_max - 1));
  }
  return dict(std::move(entries));
}

const std::vector<Value>& Value::items() const {
  return sequence_ ? sequence_->items : empty_items();
}

const Mapping& Value::mapping() const {
  static const Mapping kEmpty;
  return mapping_ ? *mapping_ : kEmpty;
}

const Value& Value::receiver() const { return sequence_->items.front(); }

const Value* Mapping::find(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].text() == key) return &values[i];
  }
  return nullptr;
}

bool truthy(const Value& value) {
  using Kind = Value::Kind;
  switch (value.kind()) {
    case Kind::kUndefined:
    case Kind::kNone:
      return false;
    case Kind::kBool:
    case Kind::kInt:
      return value.as_int() != 0;
    case Kind::kFloat:
      return value.as_float() != 0.0;
    case Kind::kString:
      return !value.text().empty();
    case Kind::kList:
    case Kind::kTuple:
      return !value.items().empty();
    case Kind::kDict:
      return !value.mapping().keys.empty();
    case Kind::kLoop:
    case Kind::kMethod:
      return true;
  }
  return false;
}

std::string to_text(const Value& value) {
  using Kind = Value::Kind;
  switch (value.kind()) {
    case Kind::kUndefined:
      return "";
    case Kind::kString:
      return value.text();
    case Kind::kFloat:
      return python_float_str(value.as_float());
    case Kind::kMethod:
      fail("cannot print the method '" + value.text() + "' (call it)");
    default:
      return repr_of(value);
  }
}

std::string repr_of(const Value& value) {
  using Kind = Value::Kind;
  switch (value.kind()) {
    case Kind::kUndefined:
      return "Undefined";
    case Kind::kNone:
      return "None";
    case Kind::kBool:
      return value.as_bool() ? "True" : "False";
    case Kind::kInt:
      return int_text(value.as_int());
    case Kind::kFloat:
      return python_float_repr(value.as_float());
    case Kind::kString:
      return string_repr(value.text(), value.is_unicode());
    case Kind::kList:
    case Kind::kTuple: {
      const bool is_list = value.kind() == Kind::kList;
      std::string out = is_list ? "[" : "(";
      const auto& items = value.items();
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ", ";
        out += repr_of(items[i]);
      }
      if (!is_list && items.size() == 1) out += ",";
      out += is_list ? "]" : ")";
      return out;
    }
    case Kind::kDict: {
      const auto& mapping = value.mapping();
      std::string out = "{";
      bool first = true;
      for (std::size_t index : mapping.order) {
        if (!first) out += ", ";
        first = false;
        out += repr_of(mapping.keys[index]);
        out += ": ";
        out += repr_of(mapping.values[index]);
      }
      out += "}";
      return out;
    }
    case Kind::kLoop:
      return "<LoopContext " + int_text(value.loop_index0() + 1) + "/" +
             int_text(value.loop_length()) + ">";
    case Kind::kMethod:
      fail("cannot print the method '" + value.text() + "' (call it)");
  }
  return "";
}

bool equals(const Value& a, const Value& b) {
  using Kind = Value::Kind;
  if (a.is_number() && b.is_number()) {
    if (a.kind() == Kind::kFloat || b.kind() == Kind::kFloat) {
      return a.as_float() == b.as_float();
    }
    return a.as_int() == b.as_int();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kUndefined:
    case Kind::kNone:
      return true;
    case Kind::kString:
      return a.text() == b.text();
    case Kind::kList:
    case Kind::kTuple: {
      const auto& x = a.items();
      const auto& y = b.items();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!equals(x[i], y[i])) return false;
      }
      return true;
    }
    case Kind::kDict: {
      const auto& x = a.mapping();
      const auto& y = b.mapping();
      if (x.keys.size() != y.keys.size()) return false;
      for (std::size_t i = 0; i < x.keys.size(); ++i) {
        const Value* other = y.find(x.keys[i].text());
        if (other == nullptr || !equals(x.values[i], *other)) return false;
      }
      return true;
    }
    case Kind::kLoop:
      return a.loop_index0() == b.loop_index0() && a.loop_length() == b.loop_length();
    case Kind::kMethod:
      return a.text() == b.text() && equals(a.receiver(), b.receiver());
    default:
      return false;
  }
}

int compare(const Value& a, const Value& b) {
  using Kind = Value::Kind;
  if (a.is_undefined() || b.is_undefined()) {
    fail(a.is_undefined() ? a.text() : b.text());
  }
  if (a.is_number() && b.is_number()) {
    if (a.kind() == Kind::kFloat || b.kind() == Kind::kFloat) {
      return three_way(a.as_float(), b.as_float());
    }
    return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
  }
  if (a.is_string() && b.is_string()) {
    // UTF-8 byte order is code point order.
    const int c = a.text().compare(b.text());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.kind() == b.kind()) {
    switch (a.kind()) {
      case Kind::kNone:
        return 0;
      case Kind::kList:
      case Kind::kTuple:
        return compare_sequences(a.items(), b.items());
      default:
        fail("ordering of " + type_name(a) + " values is not supported");
    }
  }
  if (a.kind() == Kind::kLoop || a.kind() == Kind::kMethod || b.kind() == Kind::kLoop ||
      b.kind() == Kind::kMethod) {
    fail("ordering of " + type_name(a) + " and " + type_name(b) + " is not supported");
  }
  return type_rank_compare(a, b);
}

std::string type_name(const Value& value) {
  using Kind = Value::Kind;
  switch (value.kind()) {
    case Kind::kUndefined:
      return "Undefined";
    case Kind::kNone:
      return "NoneType";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kFloat:
      return "float";
    case Kind::kString:
      return value.is_unicode() ? "unicode" : "str";
    case Kind::kList:
      return "list";
    case Kind::kTuple:
      return "tuple";
    case Kind::kDict:
      return "dict";
    case Kind::kLoop:
      return "LoopContext";
    case Kind::kMethod:
      return "builtin_function_or_method";
  }
  return "object";
}

std::string object_type_repr(const Value& value) {
  if (value.kind() == Value::Kind::kNone) return "None";
  return type_name(value) + " object";
}

std::string python_float_str(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  // CPython 2.7 float_str: format 'g', precision 12, Py_DTSF_ADD_DOT_0, which switches to the
  // exponent form when the decimal point position is <= -4 or > 11.
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.11e", value);
  std::string text(buffer);
  const std::size_t e = text.find('e');
  const bool negative = text[0] == '-';
  std::string digits;
  for (std::size_t i = negative ? 1 : 0; i < e; ++i) {
    if (text[i] != '.') digits += text[i];
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int exponent = std::atoi(text.c_str() + e + 1);
  const int point = exponent + 1;  // digits before the decimal point
  std::string out = negative ? "-" : "";
  if (point <= -4 || point > 11) {
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp_text[16];
    std::snprintf(exp_text, sizeof exp_text, "e%c%02d", exponent < 0 ? '-' : '+',
                  exponent < 0 ? -exponent : exponent);
    return out + exp_text;
  }
  if (point <= 0) return out + "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  const auto whole = static_cast<std::size_t>(point);
  if (digits.size() <= whole) return out + digits + std::string(whole - digits.size(), '0') + ".0";
  return out + digits.substr(0, whole) + "." + digits.substr(whole);
}

std::string python_float_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  return json::format_python_float_repr(value);
}

std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t offset = 0; offset < text.size(); ++count) {
    offset += json::decode_utf8_rune(text, offset).size_bytes;
  }
  return count;
}

std::vector<std::string> code_points(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t offset = 0; offset < text.size();) {
    const std::size_t size = json::decode_utf8_rune(text, offset).size_bytes;
    out.emplace_back(text.substr(offset, size));
    offset += size;
  }
  return out;
}

}  // namespace esisim::heat::jinja
