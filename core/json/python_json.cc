#include "core/json/python_json.h"

#include <array>
#include <string_view>

#include "core/json/float_format.h"
#include "core/json/json_writer.h"
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

// Bytes written as they are: printable ASCII other than '"' and '\\'.
constexpr auto kPlainAscii = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c <= 0x7E; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

struct PythonStyle {
  static constexpr std::string_view kName = "python_json";
  static constexpr std::size_t kDepthMax = kPythonJsonDepthMax;
  static constexpr std::string_view kItemSeparator = ", ";
  static constexpr std::string_view kKeySeparator = ": ";
  PythonJsonOptions options;
  MemberOrder member_order() const {
    if (options.sort_keys) return MemberOrder::kSorted;
    return options.py27_order ? MemberOrder::kPy27 : MemberOrder::kStored;
  }
  void append_string(std::string_view text, std::string& out) const {
    append_python_json_string(text, out);
  }
  Status<> append_float(double number, std::string& out) const {
    out += format_python_float_repr(number);
    return Unit{};
  }
};

}  // namespace

void append_python_json_string(std::string_view text, std::string& out) {
  // Fast path: strings of printable ASCII other than '"' and '\\' are copied as they are.
  std::size_t offset = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  while (offset < text.size() && kPlainAscii[bytes[offset]]) ++offset;
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  out.append(text.data(), offset);
  while (offset < text.size()) {
    // A run of plain bytes is copied in one append.
    std::size_t run = offset;
    while (run < text.size() && kPlainAscii[bytes[run]]) ++run;
    if (run > offset) {
      out.append(text.data() + offset, run - offset);
      offset = run;
      if (offset == text.size()) break;
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
  std::string out;
  if (auto status = append_python_json(value, options, out); !status) return status.error();
  return out;
}

Status<> append_python_json(JsonRef value, PythonJsonOptions options, std::string& out,
                            std::size_t depth) {
  PythonStyle style{options};
  JsonWriter<PythonStyle> writer(style, out);
  return writer.write_value(value, depth);
}

}  // namespace esisim::json
