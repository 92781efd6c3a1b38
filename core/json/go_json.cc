#include "core/json/go_json.h"

#include <cmath>
#include <string_view>

#include "core/json/byte_scan.h"
#include "core/json/float_format.h"
#include "core/json/json_writer.h"
#include "core/json/utf8.h"

namespace esisim::json {
namespace {
constexpr char kHexDigits[] = "0123456789abcdef";
}  // namespace

void append_go_json_string(std::string_view text, TextBuffer& out) {
  out.append('"');
  std::size_t offset = 0;
  while (offset < text.size()) {
    const std::size_t plain = plain_go_json_prefix(text.substr(offset));
    if (plain > 0) {
      out.append(text.substr(offset, plain));
      offset += plain;
      if (offset == text.size()) break;
    }
    const auto byte = static_cast<unsigned char>(text[offset]);
    if (byte < 0x80) {
      ++offset;
      switch (byte) {
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
        case '<':
        case '>':
        case '&':
          out.append("\\u00");
          out.append(kHexDigits[byte >> 4]);
          out.append(kHexDigits[byte & 0xF]);
          break;
        default:
          if (byte < 0x20) {
            out.append("\\u00");
            out.append(kHexDigits[byte >> 4]);
            out.append(kHexDigits[byte & 0xF]);
          } else {
            out.append(static_cast<char>(byte));
          }
      }
      continue;
    }
    const DecodedRune rune = decode_utf8_rune(text, offset);
    if (!rune.valid) {
      out.append("\\ufffd");
    } else if (rune.code_point == 0x2028 || rune.code_point == 0x2029) {
      out.append("\\u202");
      out.append(kHexDigits[rune.code_point & 0xF]);
    } else {
      out.append(text.substr(offset, rune.size_bytes));
    }
    offset += rune.size_bytes;
  }
  out.append('"');
}

namespace {

struct GoStyle {
  static constexpr std::string_view kName = "go_json";
  static constexpr std::size_t kDepthMax = kGoJsonDepthMax;
  static constexpr std::string_view kItemSeparator = ",";
  static constexpr std::string_view kKeySeparator = ":";
  MemberOrder member_order() const { return MemberOrder::kSorted; }  // Go sorts map keys
  static constexpr bool kPlainStringsAsIs = false;                   // '<', '>' and '&' are escaped
  void append_string(std::string_view text, TextBuffer& out) const {
    append_go_json_string(text, out);
  }
  Status<> append_float(double number, TextBuffer& out) const {
    if (!std::isfinite(number)) return Error{2, "go_json: unsupported value: NaN or Inf"};
    out.append(format_go_json_float(number));
    return Unit{};
  }
};

}  // namespace

Result<std::string> go_json_marshal(const nlohmann::ordered_json& value) {
  GoStyle style;
  TextBuffer out;
  JsonWriter<GoStyle> writer(style, out);
  if (auto status = writer.write_value(value, 0); !status) return status.error();
  return out.str();
}

}  // namespace esisim::json
