#include "core/json/python_json.h"

#include <array>
#include <cstring>
#include <string_view>

#include "core/json/byte_scan.h"
#include "core/json/float_format.h"
#include "core/json/json_writer.h"
#include "core/json/utf8.h"

namespace esisim::json {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_unicode_escape(char32_t unit, TextBuffer& out) {
  char* p = out.reserve(6);
  p[0] = '\\';
  p[1] = 'u';
  p[2] = kHexDigits[(unit >> 12) & 0xF];
  p[3] = kHexDigits[(unit >> 8) & 0xF];
  p[4] = kHexDigits[(unit >> 4) & 0xF];
  p[5] = kHexDigits[unit & 0xF];
  out.commit(p + 6);
}

struct PythonStyle {
  static constexpr std::string_view kName = "python_json";
  static constexpr std::size_t kDepthMax = kPythonJsonDepthMax;
  static constexpr std::string_view kItemSeparator = ", ";
  static constexpr std::string_view kKeySeparator = ": ";
  static constexpr bool kPlainStringsAsIs = true;
  PythonJsonOptions options;
  MemberOrder member_order() const {
    if (options.sort_keys) return MemberOrder::kSorted;
    return options.py27_order ? MemberOrder::kPy27 : MemberOrder::kStored;
  }
  void append_string(std::string_view text, TextBuffer& out) const {
    write_python_json_string(text, out);
  }
  Status<> append_float(double number, TextBuffer& out) const {
    out.append(format_python_float_repr(number));
    return Unit{};
  }
};

// Buffers for the std::string entry points, per thread; nested calls use the next one.
TextBuffer& string_entry_buffer(std::size_t& depth) {
  thread_local std::array<TextBuffer, 4> buffers;
  TextBuffer& buffer = buffers[depth < buffers.size() ? depth : buffers.size() - 1];
  buffer.clear();
  return buffer;
}

}  // namespace

void write_python_json_string(std::string_view text, TextBuffer& out) {
  std::size_t offset = plain_python_prefix(text);
  if (offset == text.size()) {  // the common case: nothing to escape
    out.append_quoted(text);
    return;
  }
  out.append('"');
  out.append(text.substr(0, offset));
  while (offset < text.size()) {
    const DecodedRune rune = decode_utf8_rune(text, offset);
    offset += rune.size_bytes;
    const char32_t c = rune.code_point;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:
        if (c > 0xFFFF) {
          const char32_t v = c - 0x10000;
          append_unicode_escape(0xD800 | ((v >> 10) & 0x3FF), out);
          append_unicode_escape(0xDC00 | (v & 0x3FF), out);
        } else {
          append_unicode_escape(c, out);
        }
    }
    // The next run of plain bytes is copied in one append.
    const std::size_t run = plain_python_prefix(text.substr(offset));
    out.append(text.substr(offset, run));
    offset += run;
  }
  out.append('"');
}

void append_python_json_string(std::string_view text, std::string& out) {
  TextBuffer buffer;
  write_python_json_string(text, buffer);
  out.append(buffer.view());
}

Status<> write_python_json(JsonRef value, PythonJsonOptions options, TextBuffer& out,
                           std::size_t depth) {
  PythonStyle style{options};
  JsonWriter<PythonStyle> writer(style, out);
  return writer.write_value(value, depth);
}

Status<> append_python_json(JsonRef value, PythonJsonOptions options, std::string& out,
                            std::size_t depth) {
  thread_local std::size_t nesting = 0;
  TextBuffer& buffer = string_entry_buffer(nesting);
  ++nesting;
  auto status = write_python_json(value, options, buffer, depth);
  --nesting;
  out.append(buffer.view());
  return status;
}

Result<std::string> python_json_dumps(const nlohmann::ordered_json& value,
                                      PythonJsonOptions options) {
  std::string out;
  if (auto status = append_python_json(value, options, out); !status) return status.error();
  return out;
}

}  // namespace esisim::json
