#include "core/heat/hot_functions.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "core/heat/hot_outputs.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

EvalFailure failure(const HotExpr& at, std::string message) {
  return EvalFailure{std::move(message), at.mark};
}

// One step of a get_param / Fn::Select path (Heat's get_path_component): lists take integer
// indices (or strings holding one), maps take keys.
std::optional<ordered_json> path_step(const ordered_json& collection, const ordered_json& key) {
  if (collection.is_array()) {
    long long index = 0;
    if (key.is_number_integer()) {
      index = key.get<long long>();
    } else if (key.is_string()) {
      const auto text = key.get<std::string>();
      char* end = nullptr;
      index = std::strtoll(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0') return std::nullopt;
    } else {
      return std::nullopt;
    }
    if (index < 0) index += static_cast<long long>(collection.size());
    if (index < 0 || index >= static_cast<long long>(collection.size())) return std::nullopt;
    return collection[static_cast<std::size_t>(index)];
  }
  if (collection.is_object() && key.is_string()) {
    auto it = collection.find(key.get<std::string>());
    if (it == collection.end()) return std::nullopt;
    return *it;
  }
  return std::nullopt;
}

class Evaluator {
 public:
  explicit Evaluator(const HotScope& scope) : scope_(scope) {}

  EvalResult<ordered_json> eval(const HotExpr& e) {
    switch (e.kind) {
      case HotExpr::Kind::kScalar:
        return e.scalar;
      case HotExpr::Kind::kList: {
        ordered_json out = ordered_json::array();
        for (const auto& item : e.items) {
          auto value = eval(item);
          if (!value.ok()) return value;
          out.push_back(std::move(value.value()));
        }
        return out;
      }
      case HotExpr::Kind::kMap: {
        ordered_json out = ordered_json::object();
        for (const auto& member : e.members) {
          auto value = eval(member.value);
          if (!value.ok()) return value;
          out[member.key] = std::move(value.value());
        }
        return out;
      }
      case HotExpr::Kind::kCall:
        return call(e);
    }
    return failure(e, "unsupported template value");
  }

 private:
  EvalResult<ordered_json> call(const HotExpr& e) {
    const HotExpr& arg = e.items[0];
    switch (e.function) {
      case HotFunction::kGetParam:
        return get_param(arg);
      case HotFunction::kGetResource:
        return located(arg, scope_.resource_id(arg.scalar.get<std::string>()));
      case HotFunction::kGetAttr:
        return get_attr(arg);
      case HotFunction::kStrReplace:
        return str_replace(arg);
      case HotFunction::kListJoin:
      case HotFunction::kFnJoin:
        return join(e);
      case HotFunction::kFnSplit:
        return split(arg);
      case HotFunction::kFnSelect:
        return select(arg);
    }
    return failure(e, "unsupported function");
  }

  static EvalResult<ordered_json> located(const HotExpr& at, EvalResult<ordered_json> result) {
    if (result.ok() || result.error().mark.line > 0) return result;
    return failure(at, result.error().message);
  }

  // The evaluated items of a list argument.
  EvalResult<std::vector<ordered_json>> eval_items(const HotExpr& list) {
    std::vector<ordered_json> out;
    for (const auto& item : list.items) {
      auto value = eval(item);
      if (!value.ok()) return value.error();
      out.push_back(std::move(value.value()));
    }
    return out;
  }

  EvalResult<ordered_json> get_param(const HotExpr& arg) {
    const bool list = arg.kind == HotExpr::Kind::kList;
    const HotExpr& name = list ? arg.items[0] : arg;
    auto value = located(name, scope_.parameter(name.scalar.get<std::string>()));
    if (!value.ok() || !list) return value;
    ordered_json current = std::move(value.value());
    for (std::size_t i = 1; i < arg.items.size(); ++i) {
      auto key = eval(arg.items[i]);
      if (!key.ok()) return key;
      auto next = path_step(current, key.value());
      if (!next) return ordered_json("");
      current = std::move(*next);
    }
    return current;
  }

  EvalResult<ordered_json> get_attr(const HotExpr& arg) {
    auto value = located(arg, scope_.attribute(arg.items[0].scalar.get<std::string>(),
                                               arg.items[1].scalar.get<std::string>()));
    if (!value.ok()) return value;
    ordered_json current = std::move(value.value());
    for (std::size_t i = 2; i < arg.items.size(); ++i) {
      auto key = eval(arg.items[i]);
      if (!key.ok()) return key;
      auto next = path_step(current, key.value());
      if (!next) return ordered_json(nullptr);
      current = std::move(*next);
    }
    return current;
  }

  EvalResult<ordered_json> str_replace(const HotExpr& arg) {
    auto text = eval(*arg.member("template"));
    if (!text.ok()) return text;
    auto params = eval(*arg.member("params"));
    if (!params.ok()) return params;
    if (!text->is_string()) {
      return failure(arg, "\"str_replace\" template must be a string, got " + text->dump());
    }
    if (!params->is_object()) return failure(arg, "\"str_replace\" params must be a map");
    std::string out = text->get<std::string>();
    std::vector<std::string> keys;
    for (auto it = params->begin(); it != params->end(); ++it) keys.push_back(it.key());
    for (const auto& key : heat_dict_order(keys)) {
      const ordered_json& value = params->at(key);
      if (value.is_object() || value.is_array()) {
        return failure(arg, "\"str_replace\" params must be strings or numbers");
      }
      const std::string replacement = python_str(value);
      if (key.empty()) continue;
      std::string next;
      std::size_t at = 0;
      for (std::size_t hit = out.find(key); hit != std::string::npos; hit = out.find(key, at)) {
        next.append(out, at, hit - at).append(replacement);
        at = hit + key.size();
      }
      next.append(out, at, std::string::npos);
      out = std::move(next);
    }
    return ordered_json(out);
  }

  EvalResult<ordered_json> join(const HotExpr& e) {
    const HotExpr& arg = e.items[0];
    const std::string fn(hot_function_name(e.function));
    auto items = eval_items(arg);
    if (!items.ok()) return items.error();
    const auto& values = items.value();
    if (!values[0].is_string()) return failure(arg, "\"" + fn + "\" delimiter must be a string");
    const std::string delimiter = values[0].get<std::string>();
    std::string out;
    bool first = true;
    for (std::size_t i = 1; i < values.size(); ++i) {
      if (!values[i].is_array()) return failure(arg, "\"" + fn + "\" must operate on a list");
      for (const auto& s : values[i]) {
        if (!s.is_null() && !s.is_string()) {
          return failure(arg, "Items to join must be strings not " + s.dump());
        }
        if (!first) out += delimiter;
        first = false;
        if (s.is_string()) out += s.get<std::string>();
      }
    }
    return ordered_json(out);
  }

  EvalResult<ordered_json> split(const HotExpr& arg) {
    auto items = eval_items(arg);
    if (!items.ok()) return items.error();
    const auto& values = items.value();
    if (!values[0].is_string() || values[0].get<std::string>().empty()) {
      return failure(arg, "Delimiter for Fn::Split must be a non-empty string");
    }
    if (!values[1].is_string()) return failure(arg, "Fn::Split can only split strings");
    const std::string delimiter = values[0].get<std::string>();
    const std::string text = values[1].get<std::string>();
    ordered_json out = ordered_json::array();
    std::size_t start = 0;
    while (true) {
      std::size_t hit = text.find(delimiter, start);
      out.push_back(text.substr(start, hit == std::string::npos ? std::string::npos : hit - start));
      if (hit == std::string::npos) break;
      start = hit + delimiter.size();
    }
    return out;
  }

  EvalResult<ordered_json> select(const HotExpr& arg) {
    auto items = eval_items(arg);
    if (!items.ok()) return items.error();
    const auto& values = items.value();
    if (values[1].is_null()) return ordered_json("");
    if (!values[1].is_array() && !values[1].is_object()) {
      return failure(arg, "Fn::Select: second argument must be a list or a map");
    }
    auto found = path_step(values[1], values[0]);
    return found ? *found : ordered_json("");
  }

  const HotScope& scope_;
};

}  // namespace

EvalResult<nlohmann::ordered_json> evaluate_hot(const HotExpr& expr, const HotScope& scope) {
  return Evaluator(scope).eval(expr);
}

std::string python_str(const nlohmann::ordered_json& scalar) {
  if (scalar.is_null()) return "";
  if (scalar.is_string()) return scalar.get<std::string>();
  if (scalar.is_boolean()) return scalar.get<bool>() ? "True" : "False";
  if (scalar.is_number_integer()) return scalar.dump();
  if (scalar.is_number_float()) {
    const double value = scalar.get<double>();
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.12g", value);
    std::string out(buffer);
    if (out.find_first_of(".e") == std::string::npos) out += ".0";
    return out;
  }
  return scalar.dump();
}

}  // namespace esisim::heat
