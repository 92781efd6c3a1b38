#include "core/json/go_json.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json/float_format.h"
#include "core/json/utf8.h"

namespace esisim::json {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_go_json_string(std::string_view text, std::string& out) {
  out += '"';
  std::size_t offset = 0;
  while (offset < text.size()) {
    const auto byte = static_cast<unsigned char>(text[offset]);
    if (byte < 0x80) {
      ++offset;
      switch (byte) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '<':
        case '>':
        case '&':
          out += "\\u00";
          out += kHexDigits[byte >> 4];
          out += kHexDigits[byte & 0xF];
          break;
        default:
          if (byte < 0x20) {
            out += "\\u00";
            out += kHexDigits[byte >> 4];
            out += kHexDigits[byte & 0xF];
          } else {
            out += static_cast<char>(byte);
          }
      }
      continue;
    }
    const DecodedRune rune = decode_utf8_rune(text, offset);
    if (!rune.valid) {
      out += "\\ufffd";
    } else if (rune.code_point == 0x2028 || rune.code_point == 0x2029) {
      out += "\\u202";
      out += kHexDigits[rune.code_point & 0xF];
    } else {
      out.append(text.substr(offset, rune.size_bytes));
    }
    offset += rune.size_bytes;
  }
  out += '"';
}

class Writer {
 public:
  Status<> write_value(const nlohmann::ordered_json& value, std::size_t depth) {
    using Type = nlohmann::ordered_json::value_t;
    if (depth > kGoJsonDepthMax) {
      return Error{2, "go_json: nesting deeper than " + std::to_string(kGoJsonDepthMax)};
    }
    switch (value.type()) {
      case Type::null:
        out_ += "null";
        return Unit{};
      case Type::boolean:
        out_ += value.get<bool>() ? "true" : "false";
        return Unit{};
      case Type::number_integer:
        out_ += std::to_string(value.get<std::int64_t>());
        return Unit{};
      case Type::number_unsigned:
        out_ += std::to_string(value.get<std::uint64_t>());
        return Unit{};
      case Type::number_float: {
        const double number = value.get<double>();
        if (!std::isfinite(number)) return Error{2, "go_json: unsupported value: NaN or Inf"};
        out_ += format_go_json_float(number);
        return Unit{};
      }
      case Type::string:
        append_go_json_string(value.get_ref<const std::string&>(), out_);
        return Unit{};
      case Type::array:
        return write_array(value, depth);
      case Type::object:
        return write_object(value, depth);
      case Type::binary:
      case Type::discarded:
        break;
    }
    return Error{2, "go_json: binary or discarded value has no JSON form"};
  }

  std::string take_output() { return std::move(out_); }

 private:
  Status<> write_array(const nlohmann::ordered_json& value, std::size_t depth) {
    out_ += '[';
    bool first = true;
    for (const auto& element : value) {
      if (!first) out_ += ',';
      first = false;
      if (auto status = write_value(element, depth + 1); !status) return status;
    }
    out_ += ']';
    return Unit{};
  }

  Status<> write_object(const nlohmann::ordered_json& value, std::size_t depth) {
    using Member = std::pair<const std::string*, const nlohmann::ordered_json*>;
    std::vector<Member> members;
    members.reserve(value.size());
    for (auto it = value.begin(); it != value.end(); ++it) members.emplace_back(&it.key(), &*it);
    std::stable_sort(members.begin(), members.end(),
                     [](const Member& a, const Member& b) { return *a.first < *b.first; });
    out_ += '{';
    bool first = true;
    for (const auto& [key, member_value] : members) {
      if (!first) out_ += ',';
      first = false;
      append_go_json_string(*key, out_);
      out_ += ':';
      if (auto status = write_value(*member_value, depth + 1); !status) return status;
    }
    out_ += '}';
    return Unit{};
  }

  std::string out_;
};

}  // namespace

Result<std::string> go_json_marshal(const nlohmann::ordered_json& value) {
  Writer writer;
  if (auto status = writer.write_value(value, 0); !status) return status.error();
  return writer.take_output();
}

}  // namespace esisim::json
