#include "core/domain/mapping.h"

#include <initializer_list>
#include <memory>
#include <optional>
#include <utility>

#include "core/domain/regex_match.h"
#include "core/json/py27_dict.h"

namespace esisim::domain {
// Internal to this file (a named namespace: CompiledMapping holds these types).
namespace mapping_detail {

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

// A resolved hop of a path. The views point into the mapping, the schema catalog or a body,
// all of which outlive the evaluation.
struct Hop {
  std::string_view type;
  std::string_view id;
  json::JsonRef body;  // null when not needed and not looked up
};

void append_text(std::vector<ResourceRef>& to, const std::vector<ResourceRef>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// An object built member by member (cheaper than an initializer list), keys in the given order.
ordered_json object_of(std::initializer_list<std::pair<const char*, ordered_json>> members) {
  ordered_json out = ordered_json::object();
  auto& map = out.get_ref<ordered_json::object_t&>();
  map.reserve(members.size());
  for (const auto& [key, value] : members) map.emplace_back(key, value);
  return out;
}

// Whether an object occurs anywhere in `value` (where ordered and unordered equality differ).
bool holds_object(const ordered_json& value) {
  if (value.is_object()) return true;
  if (!value.is_array()) return false;
  for (const auto& element : value) {
    if (holds_object(element)) return true;
  }
  return false;
}

// nlohmann::json(a) == nlohmann::json(b) (objects compared without regard to key order),
// without the copies when no object is involved.
bool json_equal(const ordered_json& a, const ordered_json& b) {
  if (!holds_object(a) && !holds_object(b)) return a == b;
  return nlohmann::json(a) == nlohmann::json(b);
}

// ---------------------------------------------------------------------------------------------
// Compiled forms. Everything a form reads from the mapping is read when compiling; every check
// the evaluation of the JSON makes is recorded and reported at the same point of the same
// evaluation, with the same message. String views point into the mapping JSON.

// A string form (top level, or a part of A).
struct OpForm {
  enum class Kind {
    kEmpty,
    kUnknown,
    kBodyField,    // P
    kText,         // C
    kVersion,      // V
    kObjectField,  // O
    kObjectFieldBad,
    kOutputRef,  // M
    kOutputRefBad,
    kWalk,    // F
    kConcat,  // A
  };
  enum class WalkShape { kOk, kTooFew, kTooMany };
  struct WalkHop {
    std::string_view part;
    std::string_view type;
    std::string_view field;
    bool has_plus = false;
  };

  Kind kind = Kind::kEmpty;
  std::string_view text;     // the whole form
  std::string_view a, b, c;  // P/C: a; O: a, b; M: type, field, output key; F: the last field
  WalkShape walk_shape = WalkShape::kOk;
  std::vector<WalkHop> hops;
  bool too_many_parts = false;
  std::vector<OpForm> parts;
};

OpForm compile_op(std::string_view text) {
  OpForm op;
  op.text = text;
  if (text.empty()) return op;
  const std::string_view rest = text.substr(1);
  switch (text.front()) {
    case 'P':
      op.kind = OpForm::Kind::kBodyField;
      op.a = rest;
      break;
    case 'C':
      op.kind = OpForm::Kind::kText;
      op.a = rest;
      break;
    case 'V':
      op.kind = OpForm::Kind::kVersion;
      break;
    case 'O': {
      const std::size_t colon = rest.find(':');
      if (colon == std::string_view::npos) {
        op.kind = OpForm::Kind::kObjectFieldBad;
        break;
      }
      op.kind = OpForm::Kind::kObjectField;
      op.a = rest.substr(0, colon);
      op.b = rest.substr(colon + 1);
      break;
    }
    case 'M': {
      const std::size_t first = rest.find(':');
      const std::size_t second =
          first == std::string_view::npos ? first : rest.find(':', first + 1);
      if (second == std::string_view::npos) {
        op.kind = OpForm::Kind::kOutputRefBad;
        break;
      }
      op.kind = OpForm::Kind::kOutputRef;
      op.a = rest.substr(0, first);
      op.b = rest.substr(first + 1, second - first - 1);
      op.c = rest.substr(second + 1);
      break;
    }
    case 'F': {
      op.kind = OpForm::Kind::kWalk;
      const std::vector<std::string_view> parts = split_text(rest, ':');
      if (parts.size() < 2) {
        op.walk_shape = OpForm::WalkShape::kTooFew;
        break;
      }
      if (parts.size() - 1 > kMappingPathHopsMax) {
        op.walk_shape = OpForm::WalkShape::kTooMany;
        break;
      }
      for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        OpForm::WalkHop hop;
        hop.part = parts[i];
        const std::size_t plus = parts[i].find('+');
        hop.has_plus = plus != std::string_view::npos;
        if (hop.has_plus) {
          hop.type = parts[i].substr(0, plus);
          hop.field = parts[i].substr(plus + 1);
        }
        op.hops.push_back(hop);
      }
      op.a = parts.back();
      break;
    }
    case 'A': {
      op.kind = OpForm::Kind::kConcat;
      const std::vector<std::string_view> parts = split_text(rest, '&');
      if (parts.size() > kMappingListElementsMax) {
        op.too_many_parts = true;
        break;
      }
      for (std::string_view part : parts) op.parts.push_back(compile_op(part));
      break;
    }
    default:
      op.kind = OpForm::Kind::kUnknown;
  }
  return op;
}

// A structured form (an object), or a literal where structured forms read bare values.
struct Node {
  enum class Kind {
    kLiteral,
    kTooDeep,
    kIf,
    kFor,
    kConstant,
    kVersion,
    kConcatenate,
    kNested,
    kPath,
    kUnknown,
  };
  struct PathElement {
    enum class Kind { kTyped, kTypedBad, kName, kComputed };
    Kind kind = Kind::kName;
    std::string_view type;      // kTyped
    std::string_view id_field;  // kTyped
    std::string_view name;      // kName
    std::unique_ptr<Node> computed;
  };

  Kind kind = Kind::kLiteral;
  const ordered_json* json = nullptr;  // the mapping object, or the literal
  // kIf
  bool bad_operands = false;
  bool is_equal = false;
  std::unique_ptr<Node> left, right, then_branch, else_branch;
  // kFor
  bool for_mapping_bad = false;
  bool for_field_is_name = false;
  std::string_view for_field;
  std::unique_ptr<Node> for_source, for_each;
  bool nested_params = false;
  // kConstant: the constant; kPath: the output key
  const ordered_json* value = nullptr;
  // kConcatenate
  bool not_a_list = false;
  bool too_many = false;
  std::vector<std::unique_ptr<Node>> parts;
  // kNested
  bool bad_key = false;
  std::vector<std::string_view> keys;
  // kPath
  bool path_not_list = false;
  bool path_too_many = false;
  bool has_output_key = false;
  bool field_ok = false;
  std::string_view field;
  std::vector<PathElement> path;
};

std::unique_ptr<Node> compile_object(const ordered_json& mapping, std::size_t depth);

// Inside structured forms: an object is a form one level deeper, anything else a literal.
std::unique_ptr<Node> compile_nested(const ordered_json& mapping, std::size_t depth) {
  if (mapping.is_object()) return compile_object(mapping, depth + 1);
  auto node = std::make_unique<Node>();
  node->json = &mapping;
  return node;
}

void compile_if(const ordered_json& mapping, std::size_t depth, Node& node) {
  node.kind = Node::Kind::kIf;
  const ordered_json& condition = mapping["if_mapping"];
  node.is_equal = condition.contains("equal");
  const ordered_json& operands =
      node.is_equal ? condition["equal"] : field_value(condition, "regexp");
  if (!operands.is_array() || operands.size() != 2) {
    node.bad_operands = true;
    return;
  }
  node.left = compile_nested(operands[0], depth);
  node.right = compile_nested(operands[1], depth);
  if (mapping.contains("then_mapping")) {
    node.then_branch = compile_nested(mapping["then_mapping"], depth);
  }
  if (mapping.contains("else_mapping")) {
    node.else_branch = compile_nested(mapping["else_mapping"], depth);
  }
}

void compile_for(const ordered_json& mapping, std::size_t depth, Node& node) {
  node.kind = Node::Kind::kFor;
  const ordered_json& for_field = mapping["for_field"];
  const ordered_json& for_mapping = field_value(mapping, "for_mapping");
  if (!for_mapping.is_object()) {
    node.for_mapping_bad = true;
    return;
  }
  node.for_field_is_name = for_field.is_string();
  if (node.for_field_is_name) {
    node.for_field = for_field.get_ref<const std::string&>();
  } else {
    node.for_source = compile_nested(for_field, depth);
  }
  node.nested_params = for_mapping.contains("output_key");
  node.for_each = compile_object(for_mapping, depth + 1);
}

void compile_path(const ordered_json& mapping, std::size_t depth, Node& node) {
  node.kind = Node::Kind::kPath;
  const ordered_json& path = field_value(mapping, "path");
  node.has_output_key = mapping.contains("output_key");
  const bool has_field = mapping.contains("field");
  if (!path.is_null() && !path.is_array()) {
    node.path_not_list = true;
    return;
  }
  if (path.size() > kMappingPathHopsMax) {
    node.path_too_many = true;
    return;
  }
  for (std::size_t i = 0; path.is_array() && i < path.size(); ++i) {
    const ordered_json& element = path[i];
    Node::PathElement out;
    if (element.is_object() && element.contains("type")) {
      const ordered_json& id_field = field_value(element, "id");
      if (!element["type"].is_string() || !id_field.is_string()) {
        out.kind = Node::PathElement::Kind::kTypedBad;
      } else {
        out.kind = Node::PathElement::Kind::kTyped;
        out.type = element["type"].get_ref<const std::string&>();
        out.id_field = id_field.get_ref<const std::string&>();
      }
    } else if (element.is_string()) {
      out.kind = Node::PathElement::Kind::kName;
      out.name = element.get_ref<const std::string&>();
    } else {
      out.kind = Node::PathElement::Kind::kComputed;
      out.computed = compile_nested(element, depth);
    }
    node.path.push_back(std::move(out));
  }
  if (node.has_output_key) node.value = &mapping["output_key"];
  node.field_ok = has_field && mapping["field"].is_string();
  if (node.field_ok) node.field = mapping["field"].get_ref<const std::string&>();
}

std::unique_ptr<Node> compile_object(const ordered_json& mapping, std::size_t depth) {
  auto node = std::make_unique<Node>();
  node->json = &mapping;
  if (depth > kMappingDepthMax) {
    node->kind = Node::Kind::kTooDeep;
  } else if (mapping.contains("if_mapping")) {
    compile_if(mapping, depth, *node);
  } else if (mapping.contains("for_field")) {
    compile_for(mapping, depth, *node);
  } else if (mapping.contains("constant")) {
    node->kind = Node::Kind::kConstant;
    node->value = &mapping["constant"];
  } else if (mapping.contains("version")) {
    node->kind = Node::Kind::kVersion;
  } else if (mapping.contains("concatenate")) {
    node->kind = Node::Kind::kConcatenate;
    const ordered_json& parts = mapping["concatenate"];
    if (!parts.is_array()) {
      node->not_a_list = true;
    } else if (parts.size() > kMappingListElementsMax) {
      node->too_many = true;
    } else {
      for (const ordered_json& part : parts) node->parts.push_back(compile_nested(part, depth));
    }
  } else if (mapping.contains("nested")) {
    node->kind = Node::Kind::kNested;
    const ordered_json& keys = mapping["nested"];
    if (!keys.is_array() || keys.empty()) {
      node->not_a_list = true;
    } else {
      for (const ordered_json& key : keys) {
        if (!key.is_string()) {
          node->bad_key = true;
          break;
        }
        node->keys.push_back(key.get_ref<const std::string&>());
      }
    }
  } else if (mapping.contains("field") || mapping.contains("path") ||
             mapping.contains("output_key")) {
    compile_path(mapping, depth, *node);
  } else {
    node->kind = Node::Kind::kUnknown;
  }
  return node;
}

}  // namespace mapping_detail

using namespace mapping_detail;

// A whole mapping: a string form, a structured form, or neither.
class CompiledMapping {
 public:
  // Compiles `mapping` in place: the result points into it.
  static void compile_into(const ordered_json& mapping, CompiledMapping& out) {
    out.json_ = &mapping;
    if (mapping.is_string()) {
      out.op_ = compile_op(mapping.get_ref<const std::string&>());
    } else if (mapping.is_object()) {
      out.node_ = compile_object(mapping, 0);
    }
  }

  const ordered_json& json() const { return *json_; }
  const OpForm& op() const { return op_; }
  const Node* node() const { return node_.get(); }

 private:
  friend std::shared_ptr<const CompiledMapping> compile_mapping(const ordered_json& mapping);
  ordered_json owned_;  // the JSON, when this compiled mapping owns it
  const ordered_json* json_ = nullptr;
  OpForm op_;
  std::unique_ptr<Node> node_;
};

class CompiledParameterMappings {
 public:
  struct Entry {
    std::string_view name;
    CompiledMapping mapping;
  };
  ordered_json source;
  std::vector<Entry> entries;  // in the Job Manager's (CPython 2.7 dict) order
};

namespace {

class Evaluator {
 public:
  Evaluator(std::string_view param, const CompiledMapping& mapping, const MappingContext& context)
      : param_(param), mapping_(mapping), context_(context) {}

  Result<Value> run() {
    const Scope top{context_.resource_type, context_.resource_id, context_.body, {}, false};
    if (mapping_.json().is_string()) return eval_op(mapping_.op(), top);
    if (mapping_.node() != nullptr) return eval_node(*mapping_.node(), top);
    return invalid_rune("expected a string or an object");
  }

 private:
  std::string where_text() const {
    return "param \"" + std::string(param_) + "\": mapping " + mapping_.json().dump();
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
    Hop hop{type, id_value.string(), {}};
    if (need_body) {
      std::optional<json::JsonRef> body = context_.lookup.find_ref(hop.type, hop.id);
      if (!body) {
        return missing_reference(
            type, "\"" + std::string(hop.id) + "\" (not processed by the Job Manager)");
      }
      hop.body = *body;
    }
    return hop;
  }

  Result<Value> eval_op(const OpForm& op, const Scope& scope) {
    using Kind = OpForm::Kind;
    switch (op.kind) {
      case Kind::kEmpty:
        return invalid_rune("empty string form");
      case Kind::kBodyField:
        return Value{ParamType::kValue, body_field(scope.body, op.a).to_json(), {}};
      case Kind::kText:
        return Value{ParamType::kValue, std::string(op.a), {}};
      case Kind::kVersion:
        return Value{ParamType::kValue, context_.version, {}};
      case Kind::kObjectField: {
        const json::JsonRef inner = body_field(scope.body, op.a);
        return Value{ParamType::kValue, body_field(inner, op.b).to_json(), {}};
      }
      case Kind::kObjectFieldBad:
        return invalid_rune("expected O<object>:<field>");
      case Kind::kOutputRef: {
        auto hop = resolve_hop(op.a, body_field(scope.body, op.b), op.b, false);
        if (!hop) return hop.error();
        ordered_json value = object_of({{"output_key", std::string(op.c)},
                                        {"resource_type", std::string(hop->type)},
                                        {"resource_id", std::string(hop->id)}});
        return Value{ParamType::kOutputKey,
                     std::move(value),
                     {{std::string(hop->type), std::string(hop->id)}}};
      }
      case Kind::kOutputRefBad:
        return invalid_rune("expected M<type>:<field>:<output_key>");
      case Kind::kWalk:
        return eval_walk(op, scope);
      case Kind::kConcat:
        return eval_concat(op, scope);
      case Kind::kUnknown:
        break;
    }
    return invalid_rune("unknown operator '" + std::string(1, op.text.front()) + "'");
  }

  // F<t1>+<f1>:<t2>+<f2>:...:<field>
  Result<Value> eval_walk(const OpForm& op, const Scope& scope) {
    if (op.walk_shape == OpForm::WalkShape::kTooFew) {
      return invalid_rune("expected F<type>+<field>:...:<field>");
    }
    if (op.walk_shape == OpForm::WalkShape::kTooMany) return invalid_rune("too many hops");
    Value out;
    json::JsonRef body = scope.body;
    for (const OpForm::WalkHop& step : op.hops) {
      if (!step.has_plus) return invalid_rune("hop without '+': " + std::string(step.part));
      auto hop = resolve_hop(step.type, body_field(body, step.field), step.field, true);
      if (!hop) return hop.error();
      body = hop->body;
      out.resources.push_back({std::string(hop->type), std::string(hop->id)});
    }
    out.value = body_field(body, op.a).to_json();
    return out;
  }

  // A<m1>&<m2>&...
  Result<Value> eval_concat(const OpForm& op, const Scope& scope) {
    if (op.too_many_parts) return invalid_rune("too many parts");
    Value out{ParamType::kValue, std::string(), {}};
    for (const OpForm& part : op.parts) {
      auto value = eval_op(part, scope);
      if (!value) return value.error();
      if (!value->value.is_string()) {
        return bad_value("part \"" + std::string(part.text) +
                         "\" is not a string: " + value->value.dump());
      }
      out.value.get_ref<std::string&>() += value->value.get_ref<const std::string&>();
      append_text(out.resources, value->resources);
    }
    return out;
  }

  Result<Value> eval_node(const Node& node, const Scope& scope) {
    using Kind = Node::Kind;
    switch (node.kind) {
      case Kind::kLiteral:
        return Value{ParamType::kValue, *node.json, {}};
      case Kind::kTooDeep:
        return invalid_rune("nested deeper than the limit");
      case Kind::kIf:
        return eval_if(node, scope);
      case Kind::kFor:
        return eval_for(node, scope);
      case Kind::kConstant:
        return Value{ParamType::kValue, *node.value, {}};
      case Kind::kVersion:
        return Value{ParamType::kValue, context_.version, {}};
      case Kind::kConcatenate:
        return eval_concatenate(node, scope);
      case Kind::kNested:
        return eval_nested_fields(node, scope);
      case Kind::kPath: {
        auto value = eval_path(node, scope);
        if (!value && value.error().code == kMappingErrorMissingReference &&
            node.json->value("ignore_missing", false)) {
          return Value{ParamType::kValue, std::string(), {}};
        }
        return value;
      }
      case Kind::kUnknown:
        break;
    }
    return invalid_rune("unknown structured form " + node.json->dump());
  }

  Result<Value> eval_if(const Node& node, const Scope& scope) {
    if (node.bad_operands) {
      return invalid_rune("if_mapping needs \"equal\" or \"regexp\" with two operands");
    }
    auto left = eval_node(*node.left, scope);
    if (!left) return left.error();
    auto right = eval_node(*node.right, scope);
    if (!right) return right.error();
    bool holds = false;
    if (node.is_equal) {
      holds = json_equal(left->value, right->value);
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
    const Node* branch = holds ? node.then_branch.get() : node.else_branch.get();
    if (branch == nullptr) {
      return invalid_rune(std::string("no ") + (holds ? "then_mapping" : "else_mapping"));
    }
    return eval_node(*branch, scope);
  }

  Result<Value> eval_for(const Node& node, const Scope& scope) {
    if (node.for_mapping_bad) return invalid_rune("for_field needs an object for_mapping");
    Value out;
    json::JsonRef list;
    ordered_json computed;  // the list when for_field is a mapping
    if (node.for_field_is_name) {
      list = body_field(scope.body, node.for_field);
    } else {
      auto source = eval_node(*node.for_source, scope);
      if (!source) return source.error();
      computed = std::move(source->value);
      list = computed;
      out.resources = std::move(source->resources);
    }
    if (!list.is_array()) return bad_value("for_field does not yield a list: " + list.dump());
    if (list.size() > kMappingListElementsMax) return bad_value("for_field list too long");
    out.type = node.nested_params ? ParamType::kList : ParamType::kValue;
    out.value = ordered_json::array();
    auto& elements = out.value.get_ref<ordered_json::array_t&>();
    elements.reserve(list.size());
    std::optional<Error> failure;
    list.for_each_element([&](json::JsonRef element) {
      if (failure) return;
      const Scope element_scope{scope.type, scope.id, element, element, true};
      auto item = eval_node(*node.for_each, element_scope);
      if (!item) {
        failure = item.error();
        return;
      }
      append_text(out.resources, item->resources);
      if (node.nested_params) {
        elements.push_back(object_of({{"resources", ordered_json::array()},
                                      {"type", param_type_name(item->type)},
                                      {"value", std::move(item->value)},
                                      {"param", std::string(param_)}}));
      } else {
        elements.push_back(std::move(item->value));
      }
    });
    if (failure) return *failure;
    return out;
  }

  Result<Value> eval_concatenate(const Node& node, const Scope& scope) {
    if (node.not_a_list) return invalid_rune("concatenate needs a list");
    if (node.too_many) return invalid_rune("too many parts");
    Value out{ParamType::kValue, std::string(), {}};
    for (const auto& part : node.parts) {
      auto value = eval_node(*part, scope);
      if (!value) return value.error();
      if (!value->value.is_string()) {
        return bad_value("concatenate part is not a string: " + value->value.dump());
      }
      out.value.get_ref<std::string&>() += value->value.get_ref<const std::string&>();
      append_text(out.resources, value->resources);
    }
    return out;
  }

  Result<Value> eval_nested_fields(const Node& node, const Scope& scope) {
    if (node.not_a_list) return invalid_rune("nested needs a list of field names");
    if (node.bad_key) return invalid_rune("nested field names must be strings");
    json::JsonRef current = scope.body;
    for (std::string_view key : node.keys) current = body_field(current, key);
    return Value{ParamType::kValue, current.to_json(), {}};
  }

  Result<Value> eval_path(const Node& node, const Scope& scope) {
    if (node.path_not_list) return invalid_rune("path must be a list");
    if (node.path_too_many) return invalid_rune("path has too many hops");
    Value out;
    std::string_view type = scope.type;
    std::string_view id = scope.id;
    json::JsonRef body = scope.body;
    for (std::size_t i = 0; i < node.path.size(); ++i) {
      const Node::PathElement& element = node.path[i];
      const bool need_body = i + 1 < node.path.size() || !node.has_output_key;
      Result<Hop> hop = Hop{};
      if (element.kind == Node::PathElement::Kind::kTypedBad) {
        return invalid_rune("path element needs string \"type\" and \"id\"");
      }
      if (element.kind == Node::PathElement::Kind::kTyped) {
        json::JsonRef id_value = body_field(body, element.id_field);
        if (element.id_field.empty()) {
          if (i != 0 || !scope.in_element) return invalid_rune("\"id\": \"\" outside for_mapping");
          id_value = scope.element;
        }
        hop = resolve_hop(element.type, id_value, element.id_field, need_body);
      } else {
        std::string computed_name;
        std::string_view field_name = element.name;
        if (element.kind == Node::PathElement::Kind::kComputed) {
          const Scope here{type, id, body, {}, false};
          auto name = eval_node(*element.computed, here);
          if (!name) return name.error();
          if (!name->value.is_string()) {
            return bad_value("path element does not yield a field name: " + name->value.dump());
          }
          computed_name = name->value.get<std::string>();
          field_name = computed_name;
        }
        const std::string* target = context_.schemas.find_relation_target(type, field_name);
        if (target == nullptr) {
          return invalid_rune("\"" + std::string(field_name) + "\" is not a relation of " +
                              std::string(type));
        }
        hop = resolve_hop(*target, body_field(body, field_name), field_name, need_body);
      }
      if (!hop) return hop.error();
      out.resources.push_back({std::string(hop->type), std::string(hop->id)});
      type = hop->type;
      id = hop->id;
      body = hop->body;
    }
    if (node.has_output_key) {
      out.type = ParamType::kOutputKey;
      out.value = object_of({{"output_key", *node.value},
                             {"resource_type", std::string(type)},
                             {"resource_id", std::string(id)}});
      return out;
    }
    if (!node.field_ok) return invalid_rune("expected a string \"field\"");
    out.value = body_field(body, node.field).to_json();
    if (node.path.empty() && !scope.in_element && out.value.is_string()) {
      if (const std::string* target =
              context_.schemas.find_relation_target(scope.type, node.field)) {
        out.resources.push_back({*target, out.value.get_ref<const std::string&>()});
      }
    }
    return out;
  }

  std::string_view param_;
  const CompiledMapping& mapping_;
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

std::shared_ptr<const CompiledMapping> compile_mapping(const ordered_json& mapping) {
  auto compiled = std::make_shared<CompiledMapping>();
  compiled->owned_ = mapping;
  CompiledMapping::compile_into(compiled->owned_, *compiled);
  return compiled;
}

Result<Param> evaluate_compiled_mapping(std::string_view param_name, const CompiledMapping& mapping,
                                        const MappingContext& context) {
  auto value = Evaluator(param_name, mapping, context).run();
  if (!value) return value.error();
  return Param{std::string(param_name), value->type, std::move(value->value),
               std::move(value->resources)};
}

Result<Param> evaluate_mapping(std::string_view param_name, const ordered_json& mapping,
                               const MappingContext& context) {
  CompiledMapping compiled;
  CompiledMapping::compile_into(mapping, compiled);
  return evaluate_compiled_mapping(param_name, compiled, context);
}

Result<std::shared_ptr<const CompiledParameterMappings>> compile_parameter_mappings(
    const ordered_json& parameter_mappings) {
  if (!parameter_mappings.is_object()) {
    return Error{kMappingErrorInvalid, "parameter_mappings: expected an object"};
  }
  auto compiled = std::make_shared<CompiledParameterMappings>();
  compiled->source = parameter_mappings;
  std::vector<std::string_view> names;
  std::vector<const ordered_json*> mappings;
  names.reserve(compiled->source.size());
  mappings.reserve(compiled->source.size());
  for (auto it = compiled->source.begin(); it != compiled->source.end(); ++it) {
    names.push_back(it.key());
    mappings.push_back(&*it);
  }
  const std::vector<std::uint32_t> order = json::py27_dict_order_indexes(names);
  compiled->entries.resize(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    compiled->entries[k].name = names[order[k]];
    CompiledMapping::compile_into(*mappings[order[k]], compiled->entries[k].mapping);
  }
  return std::shared_ptr<const CompiledParameterMappings>(std::move(compiled));
}

Result<std::vector<Param>> evaluate_compiled_parameter_mappings(
    const CompiledParameterMappings& mappings, const MappingContext& context) {
  std::vector<Param> params;
  params.reserve(mappings.entries.size());
  for (const auto& entry : mappings.entries) {
    auto param = evaluate_compiled_mapping(entry.name, entry.mapping, context);
    if (!param) return param.error();
    params.push_back(std::move(*param));
  }
  return params;
}

Result<std::vector<Param>> evaluate_parameter_mappings(const ordered_json& parameter_mappings,
                                                       const MappingContext& context) {
  auto compiled = compile_parameter_mappings(parameter_mappings);
  if (!compiled) return compiled.error();
  return evaluate_compiled_parameter_mappings(**compiled, context);
}

ordered_json params_to_json(const std::vector<Param>& params) {
  ordered_json list = ordered_json::array();
  for (const Param& param : params) list.push_back(param.to_json());
  return list;
}

}  // namespace esisim::domain
