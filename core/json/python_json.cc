#include "core/json/python_json.h"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json/float_format.h"
#include "core/json/utf8.h"

namespace esisim::json {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_unicode_escape(char32_t unit, std::string& out) {
  out += "\\u";
  out += kHexDigits[(unit >> 12) & 0xF];
  out += kHexDigits[(unit >> 8) & 0xF];
  out += kHexDigits[(unit >> 4) & 0xF];
  out += kHexDigits[unit & 0xF];
}

class Writer {
 public:
  explicit Writer(PythonJsonOptions options) : options_(options) {}

  Status<> write_value(const nlohmann::ordered_json& value, std::size_t depth) {
    using Type = nlohmann::ordered_json::value_t;
    if (depth > kPythonJsonDepthMax) {
      return Error{2, "python_json: nesting deeper than " + std::to_string(kPythonJsonDepthMax)};
    }
    switch (value.type()) {
      case Type::null:
        out_ += "null";
        return Unit{};
      case Type::boolean:
        out_ += value.get<bool>() ? "true" : "false";
        return Unit{};
      case Type::number_integer:
        append_integer(value.get<std::int64_t>());
        return Unit{};
      case Type::number_unsigned:
        append_integer(value.get<std::uint64_t>());
        return Unit{};
      case Type::number_float:
        out_ += format_python_float_repr(value.get<double>());
        return Unit{};
      case Type::string:
        append_python_json_string(value.get_ref<const std::string&>(), out_);
        return Unit{};
      case Type::array:
        return write_array(value, depth);
      case Type::object:
        return write_object(value, depth);
      case Type::binary:
      case Type::discarded:
        break;
    }
    return Error{2, "python_json: binary or discarded value has no JSON form"};
  }

  std::string take_output() { return std::move(out_); }

 private:
  template <typename Int>
  void append_integer(Int number) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    out_.append(digits, end);
  }

  Status<> write_array(const nlohmann::ordered_json& value, std::size_t depth) {
    out_ += '[';
    bool first = true;
    for (const auto& element : value) {
      if (!first) out_ += ", ";
      first = false;
      if (auto status = write_value(element, depth + 1); !status) return status;
    }
    out_ += ']';
    return Unit{};
  }

  Status<> write_member(const std::string& key, const nlohmann::ordered_json& member_value,
                        bool first, std::size_t depth) {
    if (!first) out_ += ", ";
    append_python_json_string(key, out_);
    out_ += ": ";
    return write_value(member_value, depth + 1);
  }

  Status<> write_object(const nlohmann::ordered_json& value, std::size_t depth) {
    if (!options_.sort_keys) {  // stored order: no member list needed
      out_ += '{';
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (auto status = write_member(it.key(), *it, first, depth); !status) return status;
        first = false;
      }
      out_ += '}';
      return Unit{};
    }
    using Member = std::pair<const std::string*, const nlohmann::ordered_json*>;
    std::vector<Member> members;
    members.reserve(value.size());
    for (auto it = value.begin(); it != value.end(); ++it) members.emplace_back(&it.key(), &*it);
    std::stable_sort(members.begin(), members.end(),
                     [](const Member& a, const Member& b) { return *a.first < *b.first; });
    out_ += '{';
    bool first = true;
    for (const auto& [key, member_value] : members) {
      if (auto status = write_member(*key, *member_value, first, depth); !status) return status;
      first = false;
    }
    out_ += '}';
    return Unit{};
  }

  PythonJsonOptions options_;
  std::string out_;
};

}  // namespace

void append_python_json_string(std::string_view text, std::string& out) {
  out += '"';
  std::size_t offset = 0;
  while (offset < text.size()) {
    // Fast path: a run of printable ASCII other than '"' and '\\' is copied as it is.
    std::size_t run = offset;
    while (run < text.size()) {
      const unsigned char byte = static_cast<unsigned char>(text[run]);
      if (byte < 0x20 || byte > 0x7E || byte == '"' || byte == '\\') break;
      ++run;
    }
    if (run > offset) {
      out.append(text.data() + offset, run - offset);
      offset = run;
      continue;
    }
    const DecodedRune rune = decode_utf8_rune(text, offset);
    offset += rune.size_bytes;
    const char32_t c = rune.code_point;
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    if (c >= 0x20 && c <= 0x7E) {
      out += static_cast<char>(c);
    } else if (c > 0xFFFF) {
      const char32_t v = c - 0x10000;
      append_unicode_escape(0xD800 | ((v >> 10) & 0x3FF), out);
      append_unicode_escape(0xDC00 | (v & 0x3FF), out);
    } else {
      append_unicode_escape(c, out);
    }
  }
  out += '"';
}

Result<std::string> python_json_dumps(const nlohmann::ordered_json& value,
                                      PythonJsonOptions options) {
  Writer writer(options);
  if (auto status = writer.write_value(value, 0); !status) return status.error();
  return writer.take_output();
}

}  // namespace esisim::json
