// JsonDoc: a parsed, immutable JSON document in two allocations; JsonRef: a read-only reference
// to a JSON value held either in a JsonDoc or in an nlohmann::ordered_json.
//
// Contract:
// * `JsonDoc::parse(text)` holds exactly the value `nlohmann::ordered_json::parse(text, nullptr,
//   false)` returns: same values, member order and number kinds (integers without '-' are
//   unsigned, with '-' signed, others float); a key repeated in one object keeps its first
//   position and its last value; nullopt when nlohmann gives a discarded value (not one JSON
//   document). Text longer than kJsonDocBytesMax is refused (an error naming the limit).
//   Common documents are parsed in one pass; anything unusual (\u escapes of surrogates,
//   integers of more than 18 digits, floats out of range, repeated keys, a byte-order mark,
//   nesting deeper than kJsonDocFastDepthMax) goes through nlohmann and is converted.
// * `JsonDoc::from_json(value)`: the same document built from a tree (binary values are not
//   representable: they become null).
// * JsonRef answers like the ordered_json it stands for; `find(key)` is Python's dict.get (a null
//   reference when the value is not an object or lacks the key); `to_json()` copies the value.
//   A reference stays valid while its document or ordered_json lives and is not changed.
// Example: auto doc = JsonDoc::parse(R"({"b":1,"a":[true]})");
//          doc->root().find("b").to_json() == 1u;  doc->root().find("zz").is_null()
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::json {

inline constexpr std::size_t kJsonDocBytesMax = std::size_t{1} << 30;
inline constexpr std::size_t kJsonDocFastDepthMax = 512;

class JsonDoc;
struct JsonDocParts;

enum class JsonKind : std::uint8_t {
  kNull,
  kBoolean,
  kInteger,   // signed (number_integer)
  kUnsigned,  // number_unsigned
  kFloat,
  kString,
  kArray,
  kObject,
  kInvalid,  // an ordered_json binary or discarded value (never in a JsonDoc)
};

class JsonRef {
 public:
  JsonRef() = default;                                             // null
  JsonRef(const nlohmann::ordered_json& value) : json_(&value) {}  // NOLINT: implicit
  JsonRef(const JsonDoc& doc, std::uint32_t index) : doc_(&doc), index_(index) {}

  JsonKind kind() const;
  bool is_null() const { return kind() == JsonKind::kNull; }
  bool is_string() const { return kind() == JsonKind::kString; }
  bool is_array() const { return kind() == JsonKind::kArray; }
  bool is_object() const { return kind() == JsonKind::kObject; }

  // Accessors for the matching kind only.
  std::string_view string() const;
  // A string of a JsonDoc known to be printable ASCII without '"' and '\\'; false when unknown.
  bool plain_string() const;
  bool boolean() const;
  std::int64_t integer() const;
  std::uint64_t unsigned_integer() const;
  double floating() const;

  // Elements of an array, members of an object, 0 for anything else.
  std::size_t size() const;
  // Python's dict.get: the member `key` of an object, else a null reference.
  JsonRef find(std::string_view key) const;
  // Calls fn(JsonRef element) for each element of an array, in order.
  template <typename Fn>
  void for_each_element(Fn&& fn) const;
  // Calls fn(std::string_view key, JsonRef value) for each member of an object, in order.
  template <typename Fn>
  void for_each_member(Fn&& fn) const;

  nlohmann::ordered_json to_json() const;
  std::string dump() const { return to_json().dump(); }

  // Non-null when the value lives in an ordered_json.
  const nlohmann::ordered_json* tree() const { return json_; }
  // Non-null when the value lives in a JsonDoc (then index() is its node).
  const JsonDoc* doc() const { return doc_; }
  std::uint32_t index() const { return index_; }

 private:
  const nlohmann::ordered_json* json_ = nullptr;
  const JsonDoc* doc_ = nullptr;
  std::uint32_t index_ = 0;
};

class JsonDoc {
 public:
  // nullopt: not one JSON document; an error: longer than kJsonDocBytesMax.
  static Result<std::optional<JsonDoc>> parse(std::string_view text);
  static JsonDoc from_json(const nlohmann::ordered_json& value);

  JsonRef root() const { return JsonRef(*this, 0); }

 private:
  friend class JsonRef;
  friend class JsonDocBuilder;
  friend class JsonDocParser;
  friend struct JsonDocParts;

  static JsonDoc from_parts(const JsonDocParts& parts);

  // 16 bytes: what a document costs per value stays small (the Job Manager keeps one per
  // resource).
  struct Node {
    JsonKind kind = JsonKind::kNull;
    bool plain = false;       // string: printable ASCII without '"' and '\\' (written as is)
    std::uint32_t count = 0;  // string: bytes; array: elements; object: members
    std::uint32_t next = 0;   // the node after this value (and everything inside it)
    std::uint32_t data = 0;   // string: offset in strings_; boolean: 0/1; number: in numbers_
  };

  const Node& node(std::uint32_t index) const { return nodes_[index]; }
  std::string_view node_string(std::uint32_t index) const {
    const Node& n = nodes_[index];
    return std::string_view(strings_.data() + n.data, n.count);
  }
  std::uint64_t node_number_bits(std::uint32_t index) const { return numbers_[nodes_[index].data]; }

  std::vector<Node> nodes_;             // pre-order; an object's members are key, value nodes
  std::string strings_;                 // decoded string and key bytes
  std::vector<std::uint64_t> numbers_;  // bits of the int64, uint64 and double values
};

template <typename Fn>
void JsonRef::for_each_element(Fn&& fn) const {
  if (json_ != nullptr) {
    if (!json_->is_array()) return;
    for (const auto& element : *json_) fn(JsonRef(element));
    return;
  }
  if (doc_ == nullptr) return;
  const JsonDoc::Node& n = doc_->node(index_);
  if (n.kind != JsonKind::kArray) return;
  std::uint32_t child = index_ + 1;
  for (std::uint32_t k = 0; k < n.count; ++k) {
    fn(JsonRef(*doc_, child));
    child = doc_->node(child).next;
  }
}

template <typename Fn>
void JsonRef::for_each_member(Fn&& fn) const {
  if (json_ != nullptr) {
    if (!json_->is_object()) return;
    for (auto it = json_->begin(); it != json_->end(); ++it) {
      fn(std::string_view(it.key()), JsonRef(*it));
    }
    return;
  }
  if (doc_ == nullptr) return;
  const JsonDoc::Node& n = doc_->node(index_);
  if (n.kind != JsonKind::kObject) return;
  std::uint32_t key = index_ + 1;
  for (std::uint32_t k = 0; k < n.count; ++k) {
    fn(doc_->node_string(key), JsonRef(*doc_, key + 1));
    key = doc_->node(key + 1).next;
  }
}

// nlohmann::ordered_json::parse(text, nullptr, false), faster: through a JsonDoc.
nlohmann::ordered_json parse_ordered_json(std::string_view text);

}  // namespace esisim::json
