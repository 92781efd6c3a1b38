// JsonWriter: the traversal shared by the byte-exact encoders (python_json, go_json).
//
// Contract: writes a JSON value (a JsonRef: an nlohmann::ordered_json or a JsonDoc node) as
// JSON text; a Style decides everything that differs between encoders and nothing else:
//   Style::kName            prefix of error messages ("go_json")
//   Style::kDepthMax        deepest nesting accepted (an error naming it beyond)
//   Style::kItemSeparator   between array elements and object members (", " or ",")
//   Style::kKeySeparator    between a key and its value (": " or ":")
//   style.member_order()    MemberOrder::kStored (as held), kSorted (byte order of the keys) or
//                           kPy27 (CPython 2.7 dict order of the held order, py27_dict.h)
//   style.append_string(text, out)               a string literal, quotes included
//   Style::kPlainStringsAsIs  JsonDoc strings known to be printable ASCII without '"' and '\\'
//                             are copied between quotes without a scan
//   style.append_float(number, out) -> Status<>  a float (or an error, e.g. Go's NaN)
// Integers print as integers, true/false/null as such; binary or discarded values are errors.
// The output is appended to a TextBuffer the caller passes in.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json/json_doc.h"
#include "core/json/py27_dict.h"
#include "core/json/text_buffer.h"
#include "core/util/result.h"

namespace esisim::json {

enum class MemberOrder { kStored, kSorted, kPy27 };

// Working lists of the writers, kept per thread so that writing allocates nothing once they
// have grown. `members` is a stack shared by nested objects (each restores its size).
struct JsonWriterScratch {
  std::vector<std::pair<std::string_view, JsonRef>> members;
  std::vector<std::string_view> keys;
  std::vector<std::pair<std::string_view, JsonRef>> reordered;
};

inline JsonWriterScratch& json_writer_scratch() {
  thread_local JsonWriterScratch scratch;
  return scratch;
}

template <typename Style>
class JsonWriter {
 public:
  JsonWriter(const Style& style, TextBuffer& out)
      : style_(style),
        out_(out),
        members_(json_writer_scratch().members),
        keys_(json_writer_scratch().keys),
        reordered_(json_writer_scratch().reordered) {}

  Status<> write_value(JsonRef value, std::size_t depth) {
    if (depth > Style::kDepthMax) {
      return Error{2, std::string(Style::kName) + ": nesting deeper than " +
                          std::to_string(Style::kDepthMax)};
    }
    switch (value.kind()) {
      case JsonKind::kNull:
        out_.append("null");
        return Unit{};
      case JsonKind::kBoolean:
        out_.append(value.boolean() ? std::string_view("true") : std::string_view("false"));
        return Unit{};
      case JsonKind::kInteger:
        append_integer(value.integer());
        return Unit{};
      case JsonKind::kUnsigned:
        append_integer(value.unsigned_integer());
        return Unit{};
      case JsonKind::kFloat:
        return style_.append_float(value.floating(), out_);
      case JsonKind::kString:
        if (Style::kPlainStringsAsIs && value.plain_string()) {
          out_.append_quoted(value.string());
        } else {
          style_.append_string(value.string(), out_);
        }
        return Unit{};
      case JsonKind::kArray:
        return write_array(value, depth);
      case JsonKind::kObject:
        return write_object(value, depth);
      case JsonKind::kInvalid:
        break;
    }
    return Error{2, std::string(Style::kName) + ": binary or discarded value has no JSON form"};
  }

 private:
  using Member = std::pair<std::string_view, JsonRef>;

  template <typename Int>
  void append_integer(Int number) {
    char* out = out_.reserve(24);
    out_.commit(std::to_chars(out, out + 24, number).ptr);
  }

  Status<> write_array(JsonRef value, std::size_t depth) {
    out_.append('[');
    bool first = true;
    Status<> status = Unit{};
    value.for_each_element([&](JsonRef element) {
      if (!status) return;
      if (!first) out_.append(Style::kItemSeparator);
      first = false;
      status = write_value(element, depth + 1);
    });
    if (!status) return status;
    out_.append(']');
    return Unit{};
  }

  // Appends the members of `value` to members_ in the style's order.
  void collect_members(JsonRef value, MemberOrder order) {
    const std::size_t base = members_.size();
    value.for_each_member(
        [&](std::string_view key, JsonRef member) { members_.emplace_back(key, member); });
    const auto begin = members_.begin() + static_cast<std::ptrdiff_t>(base);
    if (order == MemberOrder::kStored || members_.size() - base < 2) return;
    if (order == MemberOrder::kSorted) {
      auto by_key = [](const Member& a, const Member& b) { return a.first < b.first; };
      if (!std::is_sorted(begin, members_.end(), by_key)) {
        std::stable_sort(begin, members_.end(), by_key);
      }
      return;
    }
    keys_.clear();
    for (auto it = begin; it != members_.end(); ++it) keys_.push_back(it->first);
    const std::vector<std::uint32_t>& slots = py27_dict_order_indexes(keys_);
    reordered_.clear();
    for (std::uint32_t index : slots) reordered_.push_back(members_[base + index]);
    members_.resize(base);
    members_.insert(members_.end(), reordered_.begin(), reordered_.end());
  }

  Status<> write_object(JsonRef value, std::size_t depth) {
    out_.append('{');
    // members_ is a stack shared by the nested objects: indexes stay valid across the
    // recursion, references would not.
    const std::size_t base = members_.size();
    collect_members(value, style_.member_order());
    const std::size_t end = members_.size();
    for (std::size_t i = base; i < end; ++i) {
      const Member member = members_[i];
      if (i > base) out_.append(Style::kItemSeparator);
      style_.append_string(member.first, out_);
      out_.append(Style::kKeySeparator);
      if (auto status = write_value(member.second, depth + 1); !status) {
        members_.resize(base);
        return status;
      }
    }
    members_.resize(base);
    out_.append('}');
    return Unit{};
  }

  const Style& style_;
  TextBuffer& out_;
  std::vector<Member>& members_;
  std::vector<std::string_view>& keys_;
  std::vector<Member>& reordered_;
};

}  // namespace esisim::json
