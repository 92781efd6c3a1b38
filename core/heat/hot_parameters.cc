#include "core/heat/hot_parameters.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trim(const std::string& text) {
  auto begin = text.find_first_not_of(" \t\n\r");
  if (begin == std::string::npos) return "";
  auto end = text.find_last_not_of(" \t\n\r");
  return text.substr(begin, end - begin + 1);
}

Error conversion(const HotParameter& p, const ordered_json& value, const char* expected) {
  return Error{kHotErrorEvaluation, "Parameter '" + p.name + "' is invalid: value " + value.dump() +
                                        " is not " + expected};
}

Result<ordered_json> to_number(const HotParameter& p, const ordered_json& value) {
  if (value.is_number()) return value;
  if (!value.is_string()) return conversion(p, value, "a number");
  const std::string text = trim(value.get<std::string>());
  if (text.empty()) return conversion(p, value, "a number");
  char* end = nullptr;
  long long integer = std::strtoll(text.c_str(), &end, 10);
  if (end != nullptr && *end == '\0') return ordered_json(integer);
  double real = std::strtod(text.c_str(), &end);
  if (end != nullptr && *end == '\0') return ordered_json(real);
  return conversion(p, value, "a number");
}

Result<ordered_json> to_boolean(const HotParameter& p, const ordered_json& value) {
  if (value.is_boolean()) return value;
  if (value.is_number_integer() && (value == 0 || value == 1)) return ordered_json(value == 1);
  if (value.is_string()) {
    static const std::vector<std::string> kTrue = {"true", "yes", "on", "1", "t", "y"};
    static const std::vector<std::string> kFalse = {"false", "no", "off", "0", "f", "n"};
    const std::string text = lower(trim(value.get<std::string>()));
    if (std::find(kTrue.begin(), kTrue.end(), text) != kTrue.end()) return ordered_json(true);
    if (std::find(kFalse.begin(), kFalse.end(), text) != kFalse.end()) return ordered_json(false);
  }
  return conversion(p, value, "a boolean");
}

Result<ordered_json> to_list(const HotParameter& p, const ordered_json& value) {
  if (value.is_array()) return value;
  if (!value.is_string()) return conversion(p, value, "a comma delimited list");
  ordered_json out = ordered_json::array();
  const std::string text = value.get<std::string>();
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    out.push_back(
        trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

Result<ordered_json> to_json(const HotParameter& p, const ordered_json& value) {
  if (value.is_object() || value.is_array()) return value;
  if (value.is_string()) {
    auto parsed = ordered_json::parse(value.get<std::string>(), nullptr, false);
    if (!parsed.is_discarded()) return parsed;
  }
  return conversion(p, value, "JSON (an object, a list, or a string holding one)");
}

Result<ordered_json> convert(const HotParameter& p, const ordered_json& value) {
  if (p.type == "number") return to_number(p, value);
  if (p.type == "boolean") return to_boolean(p, value);
  if (p.type == "comma_delimited_list") return to_list(p, value);
  if (p.type == "json") return to_json(p, value);
  return value;
}

}  // namespace

Result<nlohmann::ordered_json> resolve_stack_parameters(const HotTemplate& hot,
                                                        const nlohmann::ordered_json& given) {
  if (!given.is_object()) {
    return Error{kHotErrorEvaluation, hot.name + ": stack parameters must be a JSON object"};
  }
  for (auto it = given.begin(); it != given.end(); ++it) {
    if (hot.find_parameter(it.key()) == nullptr) {
      return Error{kHotErrorEvaluation,
                   hot.name + ": The Parameter (" + it.key() + ") was not defined in template."};
    }
  }
  ordered_json out = ordered_json::object();
  for (const auto& parameter : hot.parameters) {
    auto it = given.find(parameter.name);
    const ordered_json* value = nullptr;
    if (it != given.end() && !it->is_null()) {
      value = &*it;
    } else if (parameter.default_value) {
      value = &*parameter.default_value;
    } else {
      return Error{kHotErrorEvaluation,
                   hot.name + ": The Parameter (" + parameter.name + ") was not provided."};
    }
    auto converted = convert(parameter, *value);
    if (!converted.ok()) {
      return Error{kHotErrorEvaluation, hot.name + ": " + converted.error().message};
    }
    out[parameter.name] = std::move(converted.value());
  }
  return out;
}

}  // namespace esisim::heat
