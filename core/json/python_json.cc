#include "core/json/python_json.h"

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

struct PythonStyle {
  static constexpr std::string_view kName = "python_json";
  static constexpr std::size_t kDepthMax = kPythonJsonDepthMax;
  static constexpr std::string_view kItemSeparator = ", ";
  static constexpr std::string_view kKeySeparator = ": ";
  PythonJsonOptions options;
  bool sort_keys() const { return options.sort_keys; }
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
  PythonStyle style{options};
  JsonWriter<PythonStyle> writer(style);
  if (auto status = writer.write_value(value, 0); !status) return status.error();
  return writer.take_output();
}

}  // namespace esisim::json
