// JsonWriter: the traversal shared by the byte-exact encoders (python_json, go_json).
//
// Contract: writes an nlohmann::ordered_json as JSON text; a Style decides everything that
// differs between encoders and nothing else:
//   Style::kName            prefix of error messages ("go_json")
//   Style::kDepthMax        deepest nesting accepted (an error naming it beyond)
//   Style::kItemSeparator   between array elements and object members (", " or ",")
//   Style::kKeySeparator    between a key and its value (": " or ":")
//   style.sort_keys()       members in byte order of their keys, else in stored order
//   style.append_string(text, out)               a string literal, quotes included
//   style.append_float(number, out) -> Status<>  a float (or an error, e.g. Go's NaN)
// Integers print as integers, true/false/null as such; binary or discarded values are errors.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::json {

template <typename Style>
class JsonWriter {
 public:
  explicit JsonWriter(const Style& style) : style_(style) {}

  Status<> write_value(const nlohmann::ordered_json& value, std::size_t depth) {
    using Type = nlohmann::ordered_json::value_t;
    if (depth > Style::kDepthMax) {
      return Error{2, std::string(Style::kName) + ": nesting deeper than " +
                          std::to_string(Style::kDepthMax)};
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
        return style_.append_float(value.get<double>(), out_);
      case Type::string:
        style_.append_string(value.get_ref<const std::string&>(), out_);
        return Unit{};
      case Type::array:
        return write_array(value, depth);
      case Type::object:
        return write_object(value, depth);
      case Type::binary:
      case Type::discarded:
        break;
    }
    return Error{2, std::string(Style::kName) + ": binary or discarded value has no JSON form"};
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
      if (!first) out_ += Style::kItemSeparator;
      first = false;
      if (auto status = write_value(element, depth + 1); !status) return status;
    }
    out_ += ']';
    return Unit{};
  }

  Status<> write_member(const std::string& key, const nlohmann::ordered_json& member_value,
                        bool first, std::size_t depth) {
    if (!first) out_ += Style::kItemSeparator;
    style_.append_string(key, out_);
    out_ += Style::kKeySeparator;
    return write_value(member_value, depth + 1);
  }

  Status<> write_object(const nlohmann::ordered_json& value, std::size_t depth) {
    out_ += '{';
    bool first = true;
    if (!style_.sort_keys()) {  // stored order: no member list needed
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (auto status = write_member(it.key(), *it, first, depth); !status) return status;
        first = false;
      }
    } else {
      using Member = std::pair<const std::string*, const nlohmann::ordered_json*>;
      std::vector<Member> members;
      members.reserve(value.size());
      for (auto it = value.begin(); it != value.end(); ++it) members.emplace_back(&it.key(), &*it);
      std::stable_sort(members.begin(), members.end(),
                       [](const Member& a, const Member& b) { return *a.first < *b.first; });
      for (const auto& [key, member_value] : members) {
        if (auto status = write_member(*key, *member_value, first, depth); !status) return status;
        first = false;
      }
    }
    out_ += '}';
    return Unit{};
  }

  const Style& style_;
  std::string out_;
};

}  // namespace esisim::json
