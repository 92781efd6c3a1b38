// JsonDoc and JsonRef: see json_doc.h for the contract.
#include "core/json/json_doc.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>
#include <utility>

#include "core/json/byte_scan.h"
#include "core/json/utf8.h"

namespace esisim::json {

using nlohmann::ordered_json;

namespace {

constexpr std::size_t kIntegerDigitsMax = 18;  // always fits in int64 and uint64

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Writes the UTF-8 form of a code point below U+10000 at `out`; returns the end.
char* append_utf8(char32_t c, char* out) {
  if (c < 0x80) {
    *out++ = static_cast<char>(c);
  } else if (c < 0x800) {
    *out++ = static_cast<char>(0xC0 | (c >> 6));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out++ = static_cast<char>(0xE0 | (c >> 12));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

}  // namespace

// Where the parser and the builder put what they read; copied into the document at its exact
// size at the end (a document is kept long: no spare capacity).
struct JsonDocParts {
  std::vector<JsonDoc::Node> nodes;
  std::string strings;
  std::vector<std::uint64_t> numbers;

  void clear() {
    nodes.clear();
    strings.clear();
    numbers.clear();
  }
  std::uint32_t push(JsonKind kind) {
    const auto index = static_cast<std::uint32_t>(nodes.size());
    JsonDoc::Node& n = nodes.emplace_back();
    n.kind = kind;
    n.next = index + 1;
    return index;
  }
  void set_number(std::uint32_t index, std::uint64_t bits) {
    nodes[index].data = static_cast<std::uint32_t>(numbers.size());
    numbers.push_back(bits);
  }
  std::string_view string_at(std::uint32_t index) const {
    const JsonDoc::Node& n = nodes[index];
    return std::string_view(strings.data() + n.data, n.count);
  }
};

// The parts buffer of this thread (parsing never nests).
JsonDocParts& thread_parts() {
  thread_local JsonDocParts parts;
  parts.clear();
  return parts;
}

template <typename T>
std::uint64_t bits_of(T value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof value);
  return bits;
}

template <typename T>
T value_of_bits(std::uint64_t bits) {
  T value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Builds the nodes of a document from a tree (the slow path, and from_json).
class JsonDocBuilder {
 public:
  explicit JsonDocBuilder(JsonDocParts& parts) : parts_(parts) {}

  void add(const ordered_json& value) {
    using Type = ordered_json::value_t;
    std::uint32_t index = 0;
    switch (value.type()) {
      case Type::boolean:
        index = parts_.push(JsonKind::kBoolean);
        parts_.nodes[index].data = value.get<bool>() ? 1 : 0;
        break;
      case Type::number_integer:
        index = parts_.push(JsonKind::kInteger);
        parts_.set_number(index, bits_of(value.get<std::int64_t>()));
        break;
      case Type::number_unsigned:
        index = parts_.push(JsonKind::kUnsigned);
        parts_.set_number(index, value.get<std::uint64_t>());
        break;
      case Type::number_float:
        index = parts_.push(JsonKind::kFloat);
        parts_.set_number(index, bits_of(value.get<double>()));
        break;
      case Type::string:
        add_string(value.get_ref<const std::string&>());
        return;
      case Type::array:
        index = parts_.push(JsonKind::kArray);
        parts_.nodes[index].count = static_cast<std::uint32_t>(value.size());
        for (const auto& element : value) add(element);
        break;
      case Type::object:
        index = parts_.push(JsonKind::kObject);
        parts_.nodes[index].count = static_cast<std::uint32_t>(value.size());
        for (auto it = value.begin(); it != value.end(); ++it) {
          add_string(it.key());
          add(*it);
        }
        break;
      case Type::null:
      case Type::binary:
      case Type::discarded:
        index = parts_.push(JsonKind::kNull);
        break;
    }
    parts_.nodes[index].next = static_cast<std::uint32_t>(parts_.nodes.size());
  }

 private:
  void add_string(std::string_view text) {
    const std::uint32_t index = parts_.push(JsonKind::kString);
    JsonDoc::Node& n = parts_.nodes[index];
    n.data = static_cast<std::uint32_t>(parts_.strings.size());
    n.count = static_cast<std::uint32_t>(text.size());
    n.plain = plain_python_prefix(text) == text.size();
    parts_.strings.append(text);
  }

  JsonDocParts& parts_;
};

// One pass over the text; returns false on anything it leaves to nlohmann (see json_doc.h).
class JsonDocParser {
 public:
  JsonDocParser(std::string_view text, JsonDocParts& parts)
      : p_(text.data()), end_(text.data() + text.size()), parts_(parts) {
    // Decoded strings are never longer than their text: strings is written through w_ and
    // cut to size at the end.
    parts_.strings.resize(text.size());
    w_ = parts_.strings.data();
  }

  bool parse_document() {
    skip_space();
    const bool ok = parse_value(0) && (skip_space(), p_ == end_);
    parts_.strings.resize(static_cast<std::size_t>(w_ - parts_.strings.data()));
    return ok;
  }

 private:
  using Node = JsonDoc::Node;

  std::uint32_t push(JsonKind kind) { return parts_.push(kind); }

  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  bool parse_value(std::size_t depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return parse_object(depth);
      case '[':
        return parse_array(depth);
      case '"':
        return parse_string();
      case 't':
        parts_.nodes[push(JsonKind::kBoolean)].data = 1;
        return literal("true");
      case 'f':
        parts_.nodes[push(JsonKind::kBoolean)].data = 0;
        return literal("false");
      case 'n':
        push(JsonKind::kNull);
        return literal("null");
      default:
        return parse_number();
    }
  }

  // key_at(a) < key_at(b), deciding on the first byte when it differs.
  bool key_less(std::uint32_t a, std::uint32_t b) const {
    const std::string_view x = parts_.string_at(a);
    const std::string_view y = parts_.string_at(b);
    if (!x.empty() && !y.empty() && x[0] != y[0]) {
      return static_cast<unsigned char>(x[0]) < static_cast<unsigned char>(y[0]);
    }
    return x < y;
  }

  bool parse_object(std::size_t depth) {
    if (depth >= kJsonDocFastDepthMax) return false;
    ++p_;  // '{'
    const std::uint32_t index = push(JsonKind::kObject);
    skip_space();
    std::uint32_t count = 0;
    bool increasing = true;  // keys in strictly increasing order cannot repeat
    std::uint32_t previous_key = 0;
    if (p_ != end_ && *p_ == '}') {
      ++p_;
    } else {
      while (true) {
        skip_space();
        if (p_ == end_ || *p_ != '"') return false;
        const auto key = static_cast<std::uint32_t>(parts_.nodes.size());
        if (!parse_string()) return false;
        if (count > 0 && increasing) increasing = key_less(previous_key, key);
        previous_key = key;
        skip_space();
        if (p_ == end_ || *p_ != ':') return false;
        ++p_;
        skip_space();
        if (!parse_value(depth + 1)) return false;
        ++count;
        const Next next = after_element('}');
        if (next == Next::kBad) return false;
        if (next == Next::kClosed) break;
      }
    }
    if (!increasing && has_repeated_key(index, count)) return false;  // nlohmann decides
    close_container(index, count);
    return true;
  }

  enum class Next { kMore, kClosed, kBad };
  // After an element or member: a ',' (more follow) or the closing bracket, consumed.
  Next after_element(char close) {
    skip_space();
    if (p_ == end_) return Next::kBad;
    if (*p_ == ',') {
      ++p_;
      return Next::kMore;
    }
    if (*p_ != close) return Next::kBad;
    ++p_;
    return Next::kClosed;
  }

  void close_container(std::uint32_t index, std::uint32_t count) {
    parts_.nodes[index].count = count;
    parts_.nodes[index].next = static_cast<std::uint32_t>(parts_.nodes.size());
  }

  bool has_repeated_key(std::uint32_t object, std::uint32_t count) const {
    std::uint32_t a = object + 1;
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint32_t b = parts_.nodes[a + 1].next;
      for (std::uint32_t j = i + 1; j < count; ++j) {
        if (parts_.string_at(a) == parts_.string_at(b)) return true;
        b = parts_.nodes[b + 1].next;
      }
      a = parts_.nodes[a + 1].next;
    }
    return false;
  }

  bool parse_array(std::size_t depth) {
    if (depth >= kJsonDocFastDepthMax) return false;
    ++p_;  // '['
    const std::uint32_t index = push(JsonKind::kArray);
    skip_space();
    std::uint32_t count = 0;
    if (p_ != end_ && *p_ == ']') {
      ++p_;
    } else {
      while (true) {
        skip_space();
        if (!parse_value(depth + 1)) return false;
        ++count;
        const Next next = after_element(']');
        if (next == Next::kBad) return false;
        if (next == Next::kClosed) break;
      }
    }
    close_container(index, count);
    return true;
  }

  // After the backslash; the decoded bytes go to w_.
  bool parse_escape() {
    if (p_ == end_) return false;
    const char c = *p_++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        *w_++ = c;
        return true;
      case 'b':
        *w_++ = '\b';
        return true;
      case 'f':
        *w_++ = '\f';
        return true;
      case 'n':
        *w_++ = '\n';
        return true;
      case 'r':
        *w_++ = '\r';
        return true;
      case 't':
        *w_++ = '\t';
        return true;
      case 'u': {
        if (end_ - p_ < 4) return false;
        char32_t unit = 0;
        for (int i = 0; i < 4; ++i) {
          const int digit = hex_value(*p_++);
          if (digit < 0) return false;
          unit = (unit << 4) | static_cast<char32_t>(digit);
        }
        if (unit >= 0xD800 && unit <= 0xDFFF) return false;  // surrogates: left to nlohmann
        w_ = append_utf8(unit, w_);
        return true;
      }
      default:
        return false;
    }
  }

  // At the opening quote: a string node, its decoded bytes written to strings_ at w_. The scan
  // stops at what Python would escape, so a string that needs nothing is marked plain.
  bool parse_string() {
    const std::uint32_t index = push(JsonKind::kString);
    char* const start = w_;
    ++p_;
    bool plain = true;
    while (true) {
      const std::size_t run =
          plain_python_prefix(std::string_view(p_, static_cast<std::size_t>(end_ - p_)));
      std::memcpy(w_, p_, run);
      w_ += run;
      p_ += run;
      if (p_ == end_) return false;
      const auto byte = static_cast<unsigned char>(*p_);
      if (byte == '"') {
        ++p_;
        break;
      }
      plain = false;
      if (byte == '\\') {
        ++p_;
        if (!parse_escape()) return false;
      } else if (byte < 0x20) {
        return false;
      } else if (byte == 0x7F) {
        *w_++ = static_cast<char>(byte);
        ++p_;
      } else {
        const DecodedRune rune =
            decode_utf8_rune(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0);
        if (!rune.valid) return false;
        std::memcpy(w_, p_, rune.size_bytes);
        w_ += rune.size_bytes;
        p_ += rune.size_bytes;
      }
    }
    Node& n = parts_.nodes[index];
    n.data = static_cast<std::uint32_t>(start - parts_.strings.data());
    n.count = static_cast<std::uint32_t>(w_ - start);
    n.plain = plain;
    return true;
  }

  bool parse_number() {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_) return false;
    const char* digits_start = p_;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ != end_ && is_digit(*p_)) ++p_;
    } else {
      return false;
    }
    const char* digits_end = p_;
    bool is_float = false;
    if (p_ != end_ && *p_ == '.') {
      is_float = true;
      ++p_;
      const char* fraction = p_;
      while (p_ != end_ && is_digit(*p_)) ++p_;
      if (p_ == fraction) return false;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      is_float = true;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      const char* exponent = p_;
      while (p_ != end_ && is_digit(*p_)) ++p_;
      if (p_ == exponent) return false;
    }
    if (!is_float) {
      if (static_cast<std::size_t>(digits_end - digits_start) > kIntegerDigitsMax) return false;
      std::uint64_t magnitude = 0;
      for (const char* d = digits_start; d != digits_end; ++d) {
        magnitude = magnitude * 10 + static_cast<std::uint64_t>(*d - '0');
      }
      if (negative) {
        parts_.set_number(push(JsonKind::kInteger), bits_of(-static_cast<std::int64_t>(magnitude)));
      } else {
        parts_.set_number(push(JsonKind::kUnsigned), magnitude);
      }
      return true;
    }
    double number = 0;
    const auto [end, ec] = std::from_chars(start, p_, number);
    if (ec != std::errc() || end != p_ || !std::isfinite(number)) return false;
    parts_.set_number(push(JsonKind::kFloat), bits_of(number));
    return true;
  }

  const char* p_;
  const char* end_;
  JsonDocParts& parts_;
  char* w_ = nullptr;  // where the next decoded string byte goes
};

JsonDoc JsonDoc::from_parts(const JsonDocParts& parts) {
  JsonDoc doc;
  doc.nodes_.assign(parts.nodes.begin(), parts.nodes.end());
  doc.strings_.assign(parts.strings);
  doc.numbers_.assign(parts.numbers.begin(), parts.numbers.end());
  return doc;
}

Result<std::optional<JsonDoc>> JsonDoc::parse(std::string_view text) {
  if (text.size() > kJsonDocBytesMax) {
    return Error{2, "json: a document of " + std::to_string(text.size()) +
                        " bytes is longer than the limit of " + std::to_string(kJsonDocBytesMax)};
  }
  JsonDocParts& parts = thread_parts();
  if (JsonDocParser(text, parts).parse_document()) {
    return std::optional<JsonDoc>(from_parts(parts));
  }
  const ordered_json tree = ordered_json::parse(text, nullptr, false);
  if (tree.is_discarded()) return std::optional<JsonDoc>();
  return std::optional<JsonDoc>(from_json(tree));
}

JsonDoc JsonDoc::from_json(const ordered_json& value) {
  JsonDocParts& parts = thread_parts();
  JsonDocBuilder(parts).add(value);
  return from_parts(parts);
}

ordered_json parse_ordered_json(std::string_view text) {
  if (text.size() <= kJsonDocBytesMax) {
    auto doc = JsonDoc::parse(text);
    if (!doc.ok() || !doc->has_value()) return ordered_json::parse(text, nullptr, false);
    return (*doc)->root().to_json();
  }
  return ordered_json::parse(text, nullptr, false);
}

JsonKind JsonRef::kind() const {
  if (json_ != nullptr) {
    using Type = ordered_json::value_t;
    switch (json_->type()) {
      case Type::boolean:
        return JsonKind::kBoolean;
      case Type::number_integer:
        return JsonKind::kInteger;
      case Type::number_unsigned:
        return JsonKind::kUnsigned;
      case Type::number_float:
        return JsonKind::kFloat;
      case Type::string:
        return JsonKind::kString;
      case Type::array:
        return JsonKind::kArray;
      case Type::object:
        return JsonKind::kObject;
      case Type::null:
        return JsonKind::kNull;
      case Type::binary:
      case Type::discarded:
        return JsonKind::kInvalid;
    }
    return JsonKind::kInvalid;
  }
  return doc_ == nullptr ? JsonKind::kNull : doc_->node(index_).kind;
}

bool JsonRef::plain_string() const {
  return json_ == nullptr && doc_ != nullptr && doc_->node(index_).plain;
}

std::string_view JsonRef::string() const {
  if (json_ != nullptr) return json_->get_ref<const std::string&>();
  return doc_->node_string(index_);
}

bool JsonRef::boolean() const {
  return json_ != nullptr ? json_->get<bool>() : doc_->node(index_).data != 0;
}

std::int64_t JsonRef::integer() const {
  return json_ != nullptr ? json_->get<std::int64_t>()
                          : value_of_bits<std::int64_t>(doc_->node_number_bits(index_));
}

std::uint64_t JsonRef::unsigned_integer() const {
  return json_ != nullptr ? json_->get<std::uint64_t>() : doc_->node_number_bits(index_);
}

double JsonRef::floating() const {
  return json_ != nullptr ? json_->get<double>()
                          : value_of_bits<double>(doc_->node_number_bits(index_));
}

std::size_t JsonRef::size() const {
  if (json_ != nullptr) return json_->is_array() || json_->is_object() ? json_->size() : 0;
  if (doc_ == nullptr) return 0;
  const JsonDoc::Node& n = doc_->node(index_);
  return n.kind == JsonKind::kArray || n.kind == JsonKind::kObject ? n.count : 0;
}

JsonRef JsonRef::find(std::string_view key) const {
  if (json_ != nullptr) {
    if (!json_->is_object()) return JsonRef();
    auto it = json_->find(key);
    return it == json_->end() ? JsonRef() : JsonRef(*it);
  }
  if (doc_ == nullptr) return JsonRef();
  const JsonDoc::Node& n = doc_->node(index_);
  if (n.kind != JsonKind::kObject) return JsonRef();
  std::uint32_t k = index_ + 1;
  for (std::uint32_t i = 0; i < n.count; ++i) {
    if (doc_->node_string(k) == key) return JsonRef(*doc_, k + 1);
    k = doc_->node(k + 1).next;
  }
  return JsonRef();
}

ordered_json JsonRef::to_json() const {
  if (json_ != nullptr) return *json_;
  switch (kind()) {
    case JsonKind::kNull:
    case JsonKind::kInvalid:
      return nullptr;
    case JsonKind::kBoolean:
      return boolean();
    case JsonKind::kInteger:
      return integer();
    case JsonKind::kUnsigned:
      return unsigned_integer();
    case JsonKind::kFloat:
      return floating();
    case JsonKind::kString:
      return std::string(string());
    case JsonKind::kArray: {
      ordered_json out = ordered_json::array();
      auto& elements = out.get_ref<ordered_json::array_t&>();
      elements.reserve(size());
      for_each_element([&](JsonRef element) { elements.push_back(element.to_json()); });
      return out;
    }
    case JsonKind::kObject: {
      ordered_json out = ordered_json::object();
      auto& members = out.get_ref<ordered_json::object_t&>();
      members.reserve(size());
      // Keys of a document are distinct: no lookup needed.
      for_each_member([&](std::string_view key, JsonRef value) {
        members.emplace_back(std::string(key), value.to_json());
      });
      return out;
    }
  }
  return nullptr;
}

}  // namespace esisim::json
