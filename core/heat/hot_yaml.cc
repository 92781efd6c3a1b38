#include "core/heat/hot_yaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

#include "core/heat/hot_yaml_fast.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

// PyYAML's implicit resolvers (resolver.py, YAML 1.1), written out as matchers (std::regex
// recurses per character and trips GCC 12's sanitizer build):
//   bool  yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
//   int   [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
//         | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+
//   float [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)?
//         | [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the longest prefix of `s` whose characters satisfy `ok`.
template <typename Pred>
std::size_t span(std::string_view s, Pred ok) {
  std::size_t n = 0;
  while (n < s.size() && ok(s[n])) ++n;
  return n;
}

bool all_of(std::string_view s, const char* allowed) {
  return !s.empty() &&
         span(s, [&](char c) { return std::strchr(allowed, c) != nullptr; }) == s.size();
}

std::string_view without_sign(std::string_view s) {
  return !s.empty() && (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
}

bool is_yaml_bool(std::string_view s) {
  static constexpr std::array<std::string_view, 18> kWords = {
      "yes",   "Yes",   "YES",   "no", "No", "NO", "true", "True", "TRUE",
      "false", "False", "FALSE", "on", "On", "ON", "off",  "Off",  "OFF"};
  return std::find(kWords.begin(), kWords.end(), s) != kWords.end();
}

// ":[0-5]?[0-9]" repeated at least once, up to the end or the first character it cannot take;
// returns the length matched (0 if none).
std::size_t sexagesimal_tail(std::string_view s) {
  std::size_t at = 0;
  while (at < s.size() && s[at] == ':') {
    std::size_t digits = span(s.substr(at + 1, 2), is_digit);
    if (digits == 0) break;
    if (digits == 2 && s[at + 1] > '5') digits = 1;
    at += 1 + digits;
  }
  return at;
}

// [1-9][0-9_]* or [0-9][0-9_]* (`leading_zero`): its length, 0 if none.
std::size_t decimal_head(std::string_view s, bool leading_zero) {
  if (s.empty() || !is_digit(s[0]) || (!leading_zero && s[0] == '0')) return 0;
  return 1 + span(s.substr(1), [](char c) { return is_digit(c) || c == '_'; });
}

bool is_yaml_int(std::string_view text) {
  const std::string_view s = without_sign(text);
  if (s.starts_with("0b")) return all_of(s.substr(2), "01_");
  if (s.starts_with("0x")) return all_of(s.substr(2), "0123456789abcdefABCDEF_");
  if (s == "0") return true;
  if (s.starts_with("0")) return all_of(s.substr(1), "01234567_");
  const std::size_t head = decimal_head(s, false);
  if (head == 0) return false;
  return head == s.size() ||
         (head + sexagesimal_tail(s.substr(head)) == s.size() && s.size() > head);
}

// "[eE][-+][0-9]+" or nothing, exactly the rest of `s`.
bool is_exponent_or_empty(std::string_view s) {
  if (s.empty()) return true;
  return s.size() >= 3 && (s[0] == 'e' || s[0] == 'E') && (s[1] == '-' || s[1] == '+') &&
         all_of(s.substr(2), "0123456789");
}

bool is_yaml_float(std::string_view text) {
  if (text == ".nan" || text == ".NaN" || text == ".NAN") return true;
  if (text.starts_with(".")) {  // \.[0-9_]+([eE][-+][0-9]+)? (no sign)
    const std::size_t n = span(text.substr(1), [](char c) { return is_digit(c) || c == '_'; });
    if (n > 0 && is_exponent_or_empty(text.substr(1 + n))) return true;
  }
  const std::string_view s = without_sign(text);
  if (s == ".inf" || s == ".Inf" || s == ".INF") return true;
  std::size_t at = decimal_head(s, true);
  if (at == 0) return false;
  const std::size_t tail = sexagesimal_tail(s.substr(at));
  at += tail;
  if (at >= s.size() || s[at] != '.') return false;
  ++at;
  at += span(s.substr(at), [](char c) { return is_digit(c) || c == '_'; });
  return tail > 0 ? at == s.size() : is_exponent_or_empty(s.substr(at));
}

bool is_null_text(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::string without_underscores(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != '_') out += c;
  }
  return out;
}

// Sign and the remaining digits text.
std::pair<int, std::string> split_sign(std::string text) {
  int sign = 1;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    if (text[0] == '-') sign = -1;
    text.erase(0, 1);
  }
  return {sign, text};
}

// Sexagesimal "a:b:c" -> a*3600 + b*60 + c (PyYAML's construct_yaml_int/float).
std::optional<long double> sexagesimal(const std::string& digits) {
  long double value = 0;
  std::size_t start = 0;
  while (start <= digits.size()) {
    std::size_t colon = digits.find(':', start);
    std::string part =
        digits.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    errno = 0;
    long double v = std::strtold(part.c_str(), nullptr);
    if (errno != 0) return std::nullopt;
    value = value * 60 + v;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return value;
}

Result<ordered_json> construct_int(std::string_view text) {
  auto [sign, digits] = split_sign(without_underscores(text));
  unsigned __int128 magnitude = 0;
  auto too_big = [&]() -> bool { return magnitude > (static_cast<unsigned __int128>(1) << 64); };
  if (digits.find(':') != std::string::npos) {
    auto value = sexagesimal(digits);
    if (!value || *value > 9.2e18L) {
      return Error{kHotErrorBadTemplate, "integer out of 64-bit range: " + std::string(text)};
    }
    magnitude = static_cast<unsigned __int128>(*value);
  } else {
    int base = 10;
    std::size_t at = 0;
    if (digits.size() > 1 && digits[0] == '0' && (digits[1] == 'b' || digits[1] == 'x')) {
      base = digits[1] == 'b' ? 2 : 16;
      at = 2;
    } else if (digits.size() > 1 && digits[0] == '0') {
      base = 8;
      at = 1;
    }
    for (; at < digits.size(); ++at) {
      char c = digits[at];
      int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
      magnitude = magnitude * base + d;
      if (too_big()) break;
    }
  }
  if (sign > 0 && magnitude <= std::numeric_limits<std::int64_t>::max()) {
    return ordered_json(static_cast<std::int64_t>(magnitude));
  }
  if (sign > 0 && magnitude <= std::numeric_limits<std::uint64_t>::max()) {
    return ordered_json(static_cast<std::uint64_t>(magnitude));
  }
  if (sign < 0 && magnitude <= static_cast<unsigned __int128>(1) << 63) {
    return ordered_json(static_cast<std::int64_t>(-static_cast<__int128>(magnitude)));
  }
  return Error{kHotErrorBadTemplate, "integer out of 64-bit range: " + std::string(text)};
}

ordered_json construct_float(std::string_view text) {
  auto [sign, digits] = split_sign(without_underscores(text));
  double value = 0;
  if (digits == ".inf" || digits == ".Inf" || digits == ".INF") {
    value = std::numeric_limits<double>::infinity();
  } else if (digits == ".nan" || digits == ".NaN" || digits == ".NAN") {
    value = std::numeric_limits<double>::quiet_NaN();
  } else if (digits.find(':') != std::string::npos) {
    value = static_cast<double>(sexagesimal(digits).value_or(0));
  } else {
    value = std::strtod(digits.c_str(), nullptr);
  }
  return ordered_json(sign * value);
}

SourceMark mark_of(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

class TreeBuilder {
 public:
  TreeBuilder(std::string_view template_name, const HotLimits& limits)
      : template_name_(template_name), limits_(limits) {}

  Result<HotExpr> build(const YAML::Node& node, std::size_t depth) {
    HotExpr expr;
    expr.mark = mark_of(node.Mark());
    if (depth > limits_.depth_max) {
      return fail(expr.mark, "nesting deeper than the limit HotLimits::depth_max (" +
                                 std::to_string(limits_.depth_max) + ")");
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        expr.scalar = nullptr;
        return expr;
      case YAML::NodeType::Scalar:
        return scalar(node, std::move(expr));
      case YAML::NodeType::Sequence:
        expr.kind = HotExpr::Kind::kList;
        for (const auto& item : node) {
          auto child = build(item, depth + 1);
          if (!child.ok()) return child;
          expr.items.push_back(std::move(child.value()));
        }
        return expr;
      case YAML::NodeType::Map:
        expr.kind = HotExpr::Kind::kMap;
        for (const auto& entry : node) {
          if (!entry.first.IsScalar()) {
            return fail(mark_of(entry.first.Mark()), "expected a scalar mapping key");
          }
          auto child = build(entry.second, depth + 1);
          if (!child.ok()) return child;
          put_member(expr, entry.first.Scalar(), std::move(child.value()));
        }
        return expr;
    }
    return fail(expr.mark, "unsupported YAML node");
  }

 private:
  Result<HotExpr> scalar(const YAML::Node& node, HotExpr expr) {
    const std::string& tag = node.Tag();
    const std::string& text = node.Scalar();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") {
      expr.scalar = text;
      return expr;
    }
    auto value = resolve_plain_scalar(text);
    if (!value.ok()) return fail(expr.mark, value.error().message);
    expr.scalar = std::move(value.value());
    return expr;
  }

  static void put_member(HotExpr& map, const std::string& key, HotExpr value) {
    for (auto& member : map.members) {
      if (member.key == key) {
        member.value = std::move(value);
        return;
      }
    }
    map.members.push_back(HotMember{key, std::move(value)});
  }

  Error fail(SourceMark mark, const std::string& what) const {
    return Error{kHotErrorBadTemplate, hot_location(template_name_, mark) + what};
  }

  std::string_view template_name_;
  const HotLimits& limits_;
};

std::optional<Error> size_error(std::string_view template_name, std::string_view text,
                                const HotLimits& limits) {
  if (text.size() <= limits.text_bytes_max) return std::nullopt;
  return Error{kHotErrorBadTemplate, std::string(template_name) + ": text of " +
                                         std::to_string(text.size()) +
                                         " bytes is over the limit HotLimits::text_bytes_max (" +
                                         std::to_string(limits.text_bytes_max) + ")"};
}

}  // namespace

Result<ordered_json> resolve_plain_scalar(std::string_view text) {
  if (is_null_text(text)) return ordered_json(nullptr);
  std::string s(text);
  if (is_yaml_bool(s)) {
    char c = s[0] | 0x20;
    return ordered_json(c == 'y' || c == 't' || s == "on" || s == "On" || s == "ON");
  }
  if (is_yaml_int(s)) return construct_int(text);
  if (is_yaml_float(s)) return construct_float(text);
  return ordered_json(s);
}

Result<HotExpr> load_hot_yaml(std::string_view template_name, std::string_view text,
                              const HotLimits& limits) {
  if (auto error = size_error(template_name, text, limits)) return *error;
  // The common case (the subset rendered templates use) without yaml-cpp; the same tree.
  if (auto fast = load_hot_yaml_fast(text, limits)) return std::move(*fast);
  return load_hot_yaml_reference(template_name, text, limits);
}

Result<HotExpr> load_hot_yaml_reference(std::string_view template_name, std::string_view text,
                                        const HotLimits& limits) {
  if (auto error = size_error(template_name, text, limits)) return *error;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Error{kHotErrorBadTemplate,
                 hot_location(template_name, mark_of(e.mark)) + "YAML syntax error: " + e.msg};
  } catch (const std::exception& e) {
    return Error{kHotErrorBadTemplate, std::string(template_name) + ": YAML: " + e.what()};
  }
  try {
    return TreeBuilder(template_name, limits).build(root, 0);
  } catch (const std::exception& e) {
    return Error{kHotErrorBadTemplate, std::string(template_name) + ": YAML: " + e.what()};
  }
}

}  // namespace esisim::heat
