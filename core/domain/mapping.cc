#include "core/domain/mapping.h"

#include <optional>
#include <utility>

#include "core/domain/regex_match.h"
#include "core/json/py27_dict.h"

namespace esisim::domain {
namespace {

using nlohmann::ordered_json;

const ordered_json& null_json() {
  static const ordered_json kNull;
  return kNull;
}

// body[field] with Python's dict.get semantics: null when body is not an object or lacks it.
json::JsonRef body_field(json::JsonRef body, std::string_view field) { return body.find(field); }

// The same for a mapping (template data).
const ordered_json& field_value(const ordered_json& body, std::string_view field) {
  if (!body.is_object()) return null_json();
  auto it = body.find(field);
  return it == body.end() ? null_json() : *it;
}

std::vector<std::string_view> split_text(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = text.find(separator, start);
    if (at == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
}

struct Value {
  ParamType type = ParamType::kValue;
  ordered_json value;
  std::vector<ResourceRef> resources;
};

// What a mapping reads from: `type`'s relations apply; fields are read from `body` (the
// resource body, or the current for_field element, then `element` is set too).
struct Scope {
  std::string_view type;
  std::string_view id;
  json::JsonRef body;
  json::JsonRef element;
  bool in_element = false;
};

// A resolved hop of a path.
struct Hop {
  std::string type;
  std::string id;
  json::JsonRef body;  // null when not needed and not looked up
};

void append_text(std::vector<ResourceRef>& to, const std::vector<ResourceRef>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

class Evaluator {
 public:
  Evaluator(std::string_view param, const ordered_json& mapping, const MappingContext& context)
      : param_(param), mapping_(mapping), context_(context) {}

  Result<Value> run() {
    const Scope top{context_.resource_type, context_.resource_id, context_.body, {}, false};
    if (mapping_.is_string()) return eval_operator(mapping_.get_ref<const std::string&>(), top);
    if (mapping_.is_object()) return eval_object(mapping_, top, 0);
    return invalid_rune("expected a string or an object");
  }

 private:
  std::string where_text() const {
    return "param \"" + std::string(param_) + "\": mapping " + mapping_.dump();
  }
  Error invalid_rune(const std::string& what) const {
    return Error{kMappingErrorInvalid, where_text() + ": " + what};
  }
  Error bad_value(const std::string& what) const {
    return Error{kMappingErrorBadValue, where_text() + ": " + what};
  }
  Error missing_reference(std::string_view type, const std::string& what) const {
    return Error{kMappingErrorMissingReference,
                 where_text() + ": missing " + std::string(type) + " " + what};
  }

  // The resource (type, id_value); its body is looked up when `need_body`.
  Result<Hop> resolve_hop(std::string_view type, json::JsonRef id_value, std::string_view id_field,
                          bool need_body) const {
    if (id_value.is_null()) {
      return missing_reference(type,
                               "(id field \"" + std::string(id_field) + "\" is absent or null)");
    }
    if (!id_value.is_string()) {
      return bad_value("id field \"" + std::string(id_field) + "\" of " + std::string(type) +
                       " is not a string: " + id_value.dump());
    }
    Hop hop{std::string(type), std::string(id_value.string()), {}};
    if (need_body) {
      std::optional<json::JsonRef> body = context_.lookup.find_ref(hop.type, hop.id);
      if (!body) {
        return missing_reference(type, "\"" + hop.id + "\" (not processed by the Job Manager)");
      }
      hop.body = *body;
    }
    return hop;
  }

  Result<Value> eval_operator(std::string_view text, const Scope& scope) {
    if (text.empty()) return invalid_rune("empty string form");
    const std::string_view rest = text.substr(1);
    switch (text.front()) {
      case 'P':
        return Value{ParamType::kValue, body_field(scope.body, rest).to_json(), {}};
      case 'C':
        return Value{ParamType::kValue, std::string(rest), {}};
      case 'V':
        return Value{ParamType::kValue, context_.version, {}};
      case 'O': {
        const std::size_t colon = rest.find(':');
        if (colon == std::string_view::npos) return invalid_rune("expected O<object>:<field>");
        const json::JsonRef inner = body_field(scope.body, rest.substr(0, colon));
        return Value{ParamType::kValue, body_field(inner, rest.substr(colon + 1)).to_json(), {}};
      }
      case 'M':
        return eval_output_reference(rest, scope);
      case 'F':
        return eval_field_walk(rest, scope);
      case 'A':
        return eval_string_concatenation(rest, scope);
      default:
        return invalid_rune("unknown operator '" + std::string(1, text.front()) + "'");
    }
  }

  // M<type>:<field>:<output_key>
  Result<Value> eval_output_reference(std::string_view rest, const Scope& scope) {
    const std::size_t first = rest.find(':');
    const std::size_t second = first == std::string_view::npos ? first : rest.find(':', first + 1);
    if (second == std::string_view::npos)
      return invalid_rune("expected M<type>:<field>:<output_key>");
    const std::string_view type = rest.substr(0, first);
    const std::string_view field = rest.substr(first + 1, second - first - 1);
    auto hop = resolve_hop(type, body_field(scope.body, field), field, false);
    if (!hop) return hop.error();
    ordered_json value = {{"output_key", std::string(rest.substr(second + 1))},
                          {"resource_type", hop->type},
                          {"resource_id", hop->id}};
    return Value{ParamType::kOutputKey, std::move(value), {{hop->type, hop->id}}};
  }

  // F<t1>+<f1>:<t2>+<f2>:...:<field>
  Result<Value> eval_field_walk(std::string_view rest, const Scope& scope) {
    const std::vector<std::string_view> parts = split_text(rest, ':');
    if (parts.size() < 2) return invalid_rune("expected F<type>+<field>:...:<field>");
    if (parts.size() - 1 > kMappingPathHopsMax) return invalid_rune("too many hops");
    Value out;
    json::JsonRef body = scope.body;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      const std::size_t plus = parts[i].find('+');
      if (plus == std::string_view::npos)
        return invalid_rune("hop without '+': " + std::string(parts[i]));
      const std::string_view type = parts[i].substr(0, plus);
      const std::string_view field = parts[i].substr(plus + 1);
      auto hop = resolve_hop(type, body_field(body, field), field, true);
      if (!hop) return hop.error();
      out.resources.push_back({hop->type, hop->id});
      body = hop->body;
    }
    out.value = body_field(body, parts.back()).to_json();
    return out;
  }

  // A<m1>&<m2>&...
  Result<Value> eval_string_concatenation(std::string_view rest, const Scope& scope) {
    const std::vector<std::string_view> parts = split_text(rest, '&');
    if (parts.size() > kMappingListElementsMax) return invalid_rune("too many parts");
    Value out{ParamType::kValue, std::string(), {}};
    for (std::string_view part : parts) {
      auto value = eval_operator(part, scope);
      if (!value) return value.error();
      if (!value->value.is_string()) {
        return bad_value("part \"" + std::string(part) +
                         "\" is not a string: " + value->value.dump());
      }
      out.value.get_ref<std::string&>() += value->value.get_ref<const std::string&>();
      append_text(out.resources, value->resources);
    }
    return out;
  }

  // Inside structured forms a bare string is a literal.
  Result<Value> eval_nested(const ordered_json& mapping, const Scope& scope, std::size_t depth) {
    if (mapping.is_object()) return eval_object(mapping, scope, depth + 1);
    return Value{ParamType::kValue, mapping, {}};
  }

  Result<Value> eval_object(const ordered_json& mapping, const Scope& scope, std::size_t depth) {
    if (depth > kMappingDepthMax) return invalid_rune("nested deeper than the limit");
    if (mapping.contains("if_mapping")) return eval_if(mapping, scope, depth);
    if (mapping.contains("for_field")) return eval_for(mapping, scope, depth);
    if (mapping.contains("constant")) return Value{ParamType::kValue, mapping["constant"], {}};
    if (mapping.contains("version")) return Value{ParamType::kValue, context_.version, {}};
    if (mapping.contains("concatenate")) return eval_concatenate(mapping, scope, depth);
    if (mapping.contains("nested")) return eval_nested_fields(mapping, scope);
    if (mapping.contains("field") || mapping.contains("path") || mapping.contains("output_key")) {
      auto value = eval_path_form(mapping, scope, depth);
      if (!value && value.error().code == kMappingErrorMissingReference &&
          mapping.value("ignore_missing", false)) {
        return Value{ParamType::kValue, std::string(), {}};
      }
      return value;
    }
    return invalid_rune("unknown structured form " + mapping.dump());
  }

  Result<Value> eval_if(const ordered_json& mapping, const Scope& scope, std::size_t depth) {
    const ordered_json& condition = mapping["if_mapping"];
    const bool is_equal = condition.contains("equal");
    const ordered_json& operands = is_equal ? condition["equal"] : field_value(condition, "regexp");
    if (!operands.is_array() || operands.size() != 2) {
      return invalid_rune("if_mapping needs \"equal\" or \"regexp\" with two operands");
    }
    auto left = eval_nested(operands[0], scope, depth);
    if (!left) return left.error();
    auto right = eval_nested(operands[1], scope, depth);
    if (!right) return right.error();
    bool holds = false;
    if (is_equal) {
      holds = nlohmann::json(left->value) == nlohmann::json(right->value);
    } else {
      if (!left->value.is_string() || !right->value.is_string()) {
        return bad_value("regexp needs a string subject and pattern, got " + left->value.dump() +
                         " and " + right->value.dump());
      }
      auto matched = python_re_match(right->value.get_ref<const std::string&>(),
                                     left->value.get_ref<const std::string&>());
      if (!matched) return invalid_rune(matched.error().message);
      holds = *matched;
    }
    const char* branch = holds ? "then_mapping" : "else_mapping";
    if (!mapping.contains(branch)) return invalid_rune(std::string("no ") + branch);
    return eval_nested(mapping[branch], scope, depth);
  }

  Result<Value> eval_for(const ordered_json& mapping, const Scope& scope, std::size_t depth) {
    const ordered_json& for_field = mapping["for_field"];
    const ordered_json& for_mapping = field_value(mapping, "for_mapping");
    if (!for_mapping.is_object()) return invalid_rune("for_field needs an object for_mapping");
    Value out;
    json::JsonRef list;
    ordered_json computed;  // the list when for_field is a mapping
    if (for_field.is_string()) {
      list = body_field(scope.body, for_field.get_ref<const std::string&>());
    } else {
      auto source = eval_nested(for_field, scope, depth);
      if (!source) return source.error();
      computed = std::move(source->value);
      list = computed;
      out.resources = std::move(source->resources);
    }
    if (!list.is_array()) return bad_value("for_field does not yield a list: " + list.dump());
    if (list.size() > kMappingListElementsMax) return bad_value("for_field list too long");
    const bool nested_params = for_mapping.contains("output_key");
    out.type = nested_params ? ParamType::kList : ParamType::kValue;
    out.value = ordered_json::array();
    std::optional<Error> failure;
    list.for_each_element([&](json::JsonRef element) {
      if (failure) return;
      const Scope element_scope{scope.type, scope.id, element, element, true};
      auto item = eval_object(for_mapping, element_scope, depth + 1);
      if (!item) {
        failure = item.error();
        return;
      }
      append_text(out.resources, item->resources);
      if (nested_params) {
        out.value.push_back(ordered_json{{"resources", ordered_json::array()},
                                         {"type", param_type_name(item->type)},
                                         {"value", std::move(item->value)},
                                         {"param", std::string(param_)}});
      } else {
        out.value.push_back(std::move(item->value));
      }
    });
    if (failure) return *failure;
    return out;
  }

  Result<Value> eval_concatenate(const ordered_json& mapping, const Scope& scope,
                                 std::size_t depth) {
    const ordered_json& parts = mapping["concatenate"];
    if (!parts.is_array()) return invalid_rune("concatenate needs a list");
    if (parts.size() > kMappingListElementsMax) return invalid_rune("too many parts");
    Value out{ParamType::kValue, std::string(), {}};
    for (const ordered_json& part : parts) {
      auto value = eval_nested(part, scope, depth);
      if (!value) return value.error();
      if (!value->value.is_string()) {
        return bad_value("concatenate part is not a string: " + value->value.dump());
      }
      out.value.get_ref<std::string&>() += value->value.get_ref<const std::string&>();
      append_text(out.resources, value->resources);
    }
    return out;
  }

  Result<Value> eval_nested_fields(const ordered_json& mapping, const Scope& scope) {
    const ordered_json& keys = mapping["nested"];
    if (!keys.is_array() || keys.empty()) return invalid_rune("nested needs a list of field names");
    json::JsonRef current = scope.body;
    for (const ordered_json& key : keys) {
      if (!key.is_string()) return invalid_rune("nested field names must be strings");
      current = body_field(current, key.get_ref<const std::string&>());
    }
    return Value{ParamType::kValue, current.to_json(), {}};
  }

  // The relation field name of a path element that is a string or a mapping yielding one.
  Result<std::string> path_field_name(const ordered_json& element, const Scope& scope,
                                      std::size_t depth) {
    if (element.is_string()) return element.get<std::string>();
    auto name = eval_nested(element, scope, depth);
    if (!name) return name.error();
    if (!name->value.is_string()) {
      return bad_value("path element does not yield a field name: " + name->value.dump());
    }
    return name->value.get<std::string>();
  }

  Result<Value> eval_path_form(const ordered_json& mapping, const Scope& scope, std::size_t depth) {
    const ordered_json& path = field_value(mapping, "path");
    const bool has_output_key = mapping.contains("output_key");
    const bool has_field = mapping.contains("field");
    if (!path.is_null() && !path.is_array()) return invalid_rune("path must be a list");
    if (path.size() > kMappingPathHopsMax) return invalid_rune("path has too many hops");
    Value out;
    std::string type(scope.type);
    std::string id(scope.id);
    json::JsonRef body = scope.body;
    for (std::size_t i = 0; path.is_array() && i < path.size(); ++i) {
      const ordered_json& element = path[i];
      const bool need_body = i + 1 < path.size() || !has_output_key;
      Result<Hop> hop = Hop{};
      if (element.is_object() && element.contains("type")) {
        const ordered_json& id_field = field_value(element, "id");
        if (!element["type"].is_string() || !id_field.is_string()) {
          return invalid_rune("path element needs string \"type\" and \"id\"");
        }
        const auto& field_name = id_field.get_ref<const std::string&>();
        json::JsonRef id_value = body_field(body, field_name);
        if (field_name.empty()) {
          if (i != 0 || !scope.in_element) return invalid_rune("\"id\": \"\" outside for_mapping");
          id_value = scope.element;
        }
        hop = resolve_hop(element["type"].get_ref<const std::string&>(), id_value, field_name,
                          need_body);
      } else {
        const Scope here{type, id, body, {}, false};
        auto field_name = path_field_name(element, here, depth);
        if (!field_name) return field_name.error();
        auto target = context_.schemas.relation_target(type, *field_name);
        if (!target) return invalid_rune("\"" + *field_name + "\" is not a relation of " + type);
        hop = resolve_hop(*target, body_field(body, *field_name), *field_name, need_body);
      }
      if (!hop) return hop.error();
      out.resources.push_back({hop->type, hop->id});
      type = hop->type;
      id = hop->id;
      body = hop->body;
    }
    if (has_output_key) {
      out.type = ParamType::kOutputKey;
      out.value = ordered_json{
          {"output_key", mapping["output_key"]}, {"resource_type", type}, {"resource_id", id}};
      return out;
    }
    if (!has_field || !mapping["field"].is_string())
      return invalid_rune("expected a string \"field\"");
    const auto& field = mapping["field"].get_ref<const std::string&>();
    out.value = body_field(body, field).to_json();
    const bool bare_field = !path.is_array() || path.empty();
    if (bare_field && !scope.in_element && out.value.is_string()) {
      if (auto target = context_.schemas.relation_target(scope.type, field)) {
        out.resources.push_back({*target, out.value.get<std::string>()});
      }
    }
    return out;
  }

  std::string_view param_;
  const ordered_json& mapping_;
  const MappingContext& context_;
};

}  // namespace

std::string_view param_type_name(ParamType type) {
  switch (type) {
    case ParamType::kValue:
      return "value";
    case ParamType::kOutputKey:
      return "output_key";
    case ParamType::kList:
      return "list";
  }
  return "value";
}

ordered_json Param::to_json() const {
  ordered_json refs = ordered_json::array();
  for (const ResourceRef& ref : resources) {
    refs.push_back(
        ordered_json{{"resource_type", ref.resource_type}, {"resource_id", ref.resource_id}});
  }
  return ordered_json{
      {"param", param}, {"type", param_type_name(type)}, {"value", value}, {"resources", refs}};
}

Result<Param> evaluate_mapping(std::string_view param_name, const ordered_json& mapping,
                               const MappingContext& context) {
  auto value = Evaluator(param_name, mapping, context).run();
  if (!value) return value.error();
  return Param{std::string(param_name), value->type, std::move(value->value),
               std::move(value->resources)};
}

Result<std::vector<Param>> evaluate_parameter_mappings(const ordered_json& parameter_mappings,
                                                       const MappingContext& context) {
  if (!parameter_mappings.is_object()) {
    return Error{kMappingErrorInvalid, "parameter_mappings: expected an object"};
  }
  std::vector<std::string_view> names;
  std::vector<const ordered_json*> mappings;
  names.reserve(parameter_mappings.size());
  mappings.reserve(parameter_mappings.size());
  for (auto it = parameter_mappings.begin(); it != parameter_mappings.end(); ++it) {
    names.push_back(it.key());
    mappings.push_back(&*it);
  }
  std::vector<Param> params;
  params.reserve(names.size());
  const std::vector<std::uint32_t> order = json::py27_dict_order_indexes(names);
  for (std::uint32_t index : order) {
    auto param = evaluate_mapping(names[index], *mappings[index], context);
    if (!param) return param.error();
    params.push_back(std::move(*param));
  }
  return params;
}

ordered_json params_to_json(const std::vector<Param>& params) {
  ordered_json list = ordered_json::array();
  for (const Param& param : params) list.push_back(param.to_json());
  return list;
}

}  // namespace esisim::domain
