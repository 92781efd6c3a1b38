// YAML to JSON for scenarios (see yaml_json.h).
#include "sim/scenario/yaml_json.h"

#include <charconv>
#include <cstdint>
#include <set>
#include <string_view>

namespace esisim::scenario {

namespace {
constexpr std::string_view kTagStr = "tag:yaml.org,2002:str";
constexpr std::string_view kTagInt = "tag:yaml.org,2002:int";
constexpr std::string_view kTagFloat = "tag:yaml.org,2002:float";
constexpr std::string_view kTagBool = "tag:yaml.org,2002:bool";
constexpr std::string_view kTagNull = "tag:yaml.org,2002:null";
constexpr std::string_view kTagMap = "tag:yaml.org,2002:map";
constexpr std::string_view kTagSeq = "tag:yaml.org,2002:seq";

Error at(const YAML::Node& node, const std::string& file, const std::string& message) {
  return Error{2, mark_of(node, file).text() + ": " + message};
}

bool is_null_text(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::optional<bool> bool_text(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

bool all_of(std::string_view s, std::string_view chars) {
  return !s.empty() && s.find_first_not_of(chars) == std::string_view::npos;
}

// YAML 1.2 core integer: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
bool is_int_text(std::string_view s) {
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o') return all_of(s.substr(2), "01234567");
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') {
    return all_of(s.substr(2), "0123456789abcdefABCDEF");
  }
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return all_of(s, "0123456789");
}

// YAML 1.2 core float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_float_text(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  std::size_t i = 0;
  std::size_t int_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!all_of(s.substr(i), "0123456789")) return false;
    i = s.size();
  }
  return i == s.size();
}

bool is_special_float(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return s == ".inf" || s == ".Inf" || s == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN";
}

Result<nlohmann::ordered_json> int_value(std::string_view s) {
  int base = 10;
  std::string_view digits = s;
  bool negative = false;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    base = s[1] == 'o' ? 8 : 16;
    digits = s.substr(2);
  } else if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    digits = s.substr(1);
  }
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return Error{2, "integer " + std::string(s.substr(0, 40)) + " is out of range"};
  }
  if (!negative) {
    if (magnitude <= static_cast<uint64_t>(INT64_MAX)) {
      return nlohmann::ordered_json(static_cast<int64_t>(magnitude));
    }
    return nlohmann::ordered_json(magnitude);
  }
  if (magnitude > static_cast<uint64_t>(INT64_MAX) + 1) {
    return Error{2, "integer " + std::string(s.substr(0, 40)) + " is out of range"};
  }
  return nlohmann::ordered_json(static_cast<int64_t>(0 - magnitude));
}

Result<nlohmann::ordered_json> float_value(std::string_view s) {
  std::string_view text = s;
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Error{2, "number " + std::string(s.substr(0, 40)) + " is out of range"};
  }
  return nlohmann::ordered_json(value);
}

class Converter {
 public:
  explicit Converter(const std::string& file) : file_(file) {}

  Result<nlohmann::ordered_json> convert(const YAML::Node& node, std::size_t depth) {
    if (depth > kYamlDepthMax) {
      return at(node, file_, "nesting deeper than " + std::to_string(kYamlDepthMax) + " levels");
    }
    if (++values_ > kYamlValuesMax) {
      return at(node, file_,
                "more than " + std::to_string(kYamlValuesMax) + " values (aliases included)");
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return nlohmann::ordered_json(nullptr);
      case YAML::NodeType::Scalar:
        return scalar(node);
      case YAML::NodeType::Sequence: {
        if (!tag_ok(node, kTagSeq)) return bad_tag(node);
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const YAML::Node& item : node) {
          auto value = convert(item, depth + 1);
          if (!value.ok()) return value;
          out.push_back(std::move(value.value()));
        }
        return out;
      }
      case YAML::NodeType::Map: {
        if (!tag_ok(node, kTagMap)) return bad_tag(node);
        auto entries = map_entries(node, file_);
        if (!entries.ok()) return entries.error();
        nlohmann::ordered_json out = nlohmann::ordered_json::object();
        for (const MapEntry& entry : entries.value()) {
          auto value = convert(entry.value, depth + 1);
          if (!value.ok()) return value;
          out[entry.key] = std::move(value.value());
        }
        return out;
      }
    }
    return nlohmann::ordered_json(nullptr);
  }

 private:
  static bool tag_ok(const YAML::Node& node, std::string_view expected) {
    const std::string& tag = node.Tag();
    return tag.empty() || tag == "?" || tag == "!" || tag == expected;
  }

  Error bad_tag(const YAML::Node& node) const {
    return at(node, file_,
              "unsupported tag '" + node.Tag() +
                  "' (expected !!str, !!int, "
                  "!!float, !!bool or !!null, or no tag)");
  }

  Result<nlohmann::ordered_json> scalar(const YAML::Node& node) const {
    const std::string& text = node.Scalar();
    const std::string& tag = node.Tag();
    if (tag == "!" || tag == kTagStr) return nlohmann::ordered_json(text);
    auto located = [&](Result<nlohmann::ordered_json> r) -> Result<nlohmann::ordered_json> {
      if (r.ok()) return r;
      return at(node, file_, r.error().message);
    };
    if (tag == kTagNull) {
      if (is_null_text(text)) return nlohmann::ordered_json(nullptr);
      return at(node, file_, "expected null for !!null, found '" + text.substr(0, 40) + "'");
    }
    if (tag == kTagBool) {
      if (auto b = bool_text(text)) return nlohmann::ordered_json(*b);
      return at(node, file_,
                "expected true or false for !!bool, found '" + text.substr(0, 40) + "'");
    }
    if (tag == kTagInt) {
      if (is_int_text(text)) return located(int_value(text));
      return at(node, file_, "expected an integer for !!int, found '" + text.substr(0, 40) + "'");
    }
    if (tag == kTagFloat) {
      if (is_float_text(text)) return located(float_value(text));
      return at(node, file_, "expected a number for !!float, found '" + text.substr(0, 40) + "'");
    }
    if (!tag.empty() && tag != "?") return bad_tag(node);
    if (is_null_text(text)) return nlohmann::ordered_json(nullptr);
    if (auto b = bool_text(text)) return nlohmann::ordered_json(*b);
    if (is_int_text(text)) return located(int_value(text));
    if (is_float_text(text)) return located(float_value(text));
    if (is_special_float(text)) {
      return at(node, file_, "'" + text + "' has no JSON form (quote it to make it a string)");
    }
    return nlohmann::ordered_json(text);
  }

  const std::string& file_;
  std::size_t values_ = 0;
};

Status<> collect_entries(const YAML::Node& node, const std::string& file,
                         std::vector<MapEntry>& own, std::vector<YAML::Node>& merges) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    // Copies: `it->` yields a proxy that lives only until the end of the expression.
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar()) {
      return at(key, file, "expected a string as map key, found " + yaml_kind(key));
    }
    if (key.Scalar() == "<<" && key.Tag() != "!") {
      merges.push_back(value);
      continue;
    }
    own.push_back(MapEntry{key.Scalar(), mark_of(key, file), value});
  }
  return Unit{};
}
}  // namespace

SourceMark mark_of(const YAML::Node& node, const std::string& file) {
  SourceMark mark;
  mark.file = file;
  if (!node.IsDefined()) return mark;
  YAML::Mark m = node.Mark();
  if (m.is_null()) return mark;
  mark.line = m.line + 1;
  mark.column = m.column + 1;
  return mark;
}

Result<YAML::Node> load_yaml(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceMark mark{file, e.mark.is_null() ? 0 : e.mark.line + 1,
                    e.mark.is_null() ? 0 : e.mark.column + 1};
    return Error{2, mark.text() + ": not valid YAML: " + e.msg};
  }
}

std::string yaml_kind(const YAML::Node& node) {
  if (!node.IsDefined()) return "nothing";
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar().substr(0, 40) + "'";
    case YAML::NodeType::Null:
      return "nothing (null)";
    case YAML::NodeType::Undefined:
      return "nothing";
  }
  return "nothing";
}

namespace {
Result<std::vector<MapEntry>> map_entries_at(const YAML::Node& node, const std::string& file,
                                             std::size_t depth) {
  if (depth > kYamlDepthMax) {
    return at(node, file, "merge keys nested deeper than " + std::to_string(kYamlDepthMax));
  }
  if (!node.IsMap()) return at(node, file, "expected a map, found " + yaml_kind(node));
  std::vector<MapEntry> own;
  std::vector<YAML::Node> merges;
  auto collected = collect_entries(node, file, own, merges);
  if (!collected.ok()) return collected.error();
  std::set<std::string, std::less<>> seen;
  for (const MapEntry& entry : own) {
    if (!seen.insert(entry.key).second) {
      return Error{2, entry.key_mark.text() + ": duplicate key '" + entry.key + "'"};
    }
  }
  // Merge sources: a map, or a list of maps (earlier ones win, as YAML says).
  std::vector<YAML::Node> sources;
  for (const YAML::Node& merge : merges) {
    if (merge.IsMap()) {
      sources.push_back(merge);
    } else if (merge.IsSequence()) {
      for (const YAML::Node& item : merge) sources.push_back(item);
    } else {
      return at(merge, file,
                "expected a map or a list of maps after '<<', found " + yaml_kind(merge));
    }
  }
  for (const YAML::Node& source : sources) {
    if (!source.IsMap()) {
      return at(source, file, "expected a map to merge, found " + yaml_kind(source));
    }
    auto inherited = map_entries_at(source, file, depth + 1);
    if (!inherited.ok()) return inherited.error();
    for (MapEntry& entry : inherited.value()) {
      if (seen.insert(entry.key).second) own.push_back(std::move(entry));
    }
  }
  return own;
}
}  // namespace

Result<std::vector<MapEntry>> map_entries(const YAML::Node& node, const std::string& file) {
  return map_entries_at(node, file, 0);
}

Result<nlohmann::ordered_json> yaml_to_json(const YAML::Node& node, const std::string& file) {
  Converter converter(file);
  return converter.convert(node, 0);
}

}  // namespace esisim::scenario
