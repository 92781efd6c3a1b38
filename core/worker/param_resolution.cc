#include "core/worker/param_resolution.h"

#include <charconv>

namespace esisim::worker {

using nlohmann::ordered_json;

Result<ordered_json> find_output(const ordered_json& outputs, std::string_view output_key) {
  if (outputs.is_array()) {
    for (const auto& entry : outputs) {
      if (!entry.is_object() || entry.value("output_key", "") != output_key) continue;
      if (auto error = entry.find("output_error"); error != entry.end() && !error->is_null()) {
        return Error{1, "output '" + std::string(output_key) + "' failed: " +
                            (error->is_string() ? error->get<std::string>() : error->dump())};
      }
      return entry.contains("output_value") ? entry["output_value"] : ordered_json();
    }
  }
  return Error{1, "no output '" + std::string(output_key) + "'"};
}

namespace {

Result<ordered_json> resolve_one(const ordered_json& param, OutputsLookup& outputs, int depth) {
  if (!param.is_object()) return Error{2, "a param must be an object"};
  std::string type = param.value("type", "value");
  auto value = param.find("value");
  if (type == "value") return value == param.end() ? ordered_json() : *value;
  if (type == "output_key") {
    if (value == param.end() || !value->is_object()) {
      return Error{2, "an output_key param needs {output_key, resource_type, resource_id}"};
    }
    std::string key = value->value("output_key", "");
    std::string rtype = value->value("resource_type", "");
    std::string rid = value->value("resource_id", "");
    auto list = outputs.outputs_of(rtype, rid);
    if (!list) return Error{1, "no stack for " + rtype + " " + rid + " (output '" + key + "')"};
    auto found = find_output(*list, key);
    if (!found.ok())
      return Error{1, found.error().message + " in the stack of " + rtype + " " + rid};
    return found.value();
  }
  if (type == "list") {
    if (depth > 8) return Error{2, "list params nested deeper than 8"};
    ordered_json out = ordered_json::array();
    if (value != param.end() && value->is_array()) {
      for (const auto& element : *value) {
        auto r = resolve_one(element, outputs, depth + 1);
        if (!r.ok()) return r;
        out.push_back(std::move(r.value()));
      }
    }
    return out;
  }
  return Error{2, "unknown param type '" + type + "' (expected value, output_key or list)"};
}

std::optional<int64_t> as_minutes(const ordered_json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) return static_cast<int64_t>(v.get<double>());
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && end == s.data() + s.size()) return n;
  }
  return std::nullopt;
}

}  // namespace

Result<ResolvedParams> resolve_params(const ordered_json& params, OutputsLookup& outputs) {
  ResolvedParams out;
  if (!params.is_array()) return Error{2, "job params: expected a list"};
  for (const auto& param : params) {
    std::string name = param.is_object() ? param.value("param", "") : "";
    auto r = resolve_one(param, outputs, 0);
    if (!r.ok()) return Error{r.error().code, "param " + name + ": " + r.error().message};
    out.all[name] = r.value();
    if (name == "heat_timeout") {
      out.timeout_mins = as_minutes(r.value());
      if (!out.timeout_mins)
        return Error{2, "param heat_timeout: expected minutes, got " + r->dump()};
    } else if (name.rfind("jinja_", 0) == 0) {
      out.jinja_variables[name] = std::move(r.value());
    } else {
      out.stack_parameters[name] = std::move(r.value());
    }
  }
  return out;
}

}  // namespace esisim::worker
