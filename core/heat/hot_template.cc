#include "core/heat/hot_template.h"

#include <algorithm>
#include <array>
#include <set>

#include "core/heat/hot_outputs.h"
#include "core/heat/hot_yaml.h"
#include "core/heat/resource_model.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

constexpr std::array<std::pair<std::string_view, HotFunction>, 8> kFunctions = {{
    {"get_param", HotFunction::kGetParam},
    {"get_resource", HotFunction::kGetResource},
    {"get_attr", HotFunction::kGetAttr},
    {"str_replace", HotFunction::kStrReplace},
    {"list_join", HotFunction::kListJoin},
    {"Fn::Join", HotFunction::kFnJoin},
    {"Fn::Split", HotFunction::kFnSplit},
    {"Fn::Select", HotFunction::kFnSelect},
}};

constexpr std::string_view kFunctionList =
    "get_param, get_resource, get_attr, str_replace, list_join, Fn::Join, Fn::Split, Fn::Select";

constexpr std::array<std::string_view, 3> kPseudoParameters = {"OS::stack_name", "OS::stack_id",
                                                               "OS::project_id"};

// Keys that name a function in some Heat version: a single-key map with one of these that
// this engine does not implement is an error, not data.
bool looks_like_function(std::string_view key) {
  static constexpr std::array<std::string_view, 14> kWords = {
      "repeat", "digest",   "yaql",   "if",       "equals",          "not", "and",
      "or",     "contains", "filter", "make_url", "resource_facade", "Ref", "str_split"};
  if (key.starts_with("Fn::") || key.starts_with("get_") || key.starts_with("str_") ||
      key.starts_with("list_") || key.starts_with("map_")) {
    return true;
  }
  return std::find(kWords.begin(), kWords.end(), key) != kWords.end();
}

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string names_of(const std::vector<std::string_view>& names) {
  std::string out;
  for (auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out.empty() ? "(none)" : out;
}

class HotParser {
 public:
  HotParser(std::string_view name, const HotLimits& limits) : limits_(limits) {
    out_.name = std::string(name);
  }

  Result<HotTemplate> run(std::string_view text) {
    auto root = load_hot_yaml(out_.name, text, limits_);
    if (!root.ok()) return root.error();
    if (root->kind != HotExpr::Kind::kMap) {
      return fail(root->mark, "expected a mapping with heat_template_version at the top");
    }
    for (auto& section : root->members) {
      auto done = top_level(section);
      if (!done.ok()) return done.error();
    }
    if (out_.version.empty()) {
      return fail(root->mark, "missing heat_template_version; expected a template version");
    }
    for (const auto& resource : out_.resources) {
      for (const auto& dependency : resource.depends_on) {
        if (out_.find_resource(dependency) == nullptr) {
          return fail(resource.mark, "resource " + in_quotes(resource.name) +
                                         " depends_on unknown resource " + in_quotes(dependency) +
                                         "; expected one of " + resource_names());
        }
      }
    }
    for (const auto& resource : out_.resources) {
      auto done = check_references(resource.properties, &resource);
      if (!done.ok()) return done.error();
    }
    for (const auto& output : out_.outputs) {
      auto done = check_references(output.value, nullptr);
      if (!done.ok()) return done.error();
    }
    auto order = creation_order();
    if (!order.ok()) return order.error();
    out_.creation_order = std::move(order.value());
    return std::move(out_);
  }

 private:
  Status<> top_level(HotMember& section) {
    const auto& key = section.key;
    if (key == "heat_template_version") {
      if (section.value.kind != HotExpr::Kind::kScalar || section.value.scalar.is_null()) {
        return fail(section.value.mark, "expected a template version such as 2013-05-23");
      }
      const auto& v = section.value.scalar;
      out_.version = v.is_string() ? v.get<std::string>() : v.dump();
      return Unit{};
    }
    if (key == "description" || key == "parameter_groups") return Unit{};
    if (key == "parameters") return parameters(section.value);
    if (key == "resources") return resources(section.value);
    if (key == "outputs") return outputs(section.value);
    return fail(section.value.mark,
                "unknown section " + in_quotes(key) +
                    "; expected one of heat_template_version, description, parameter_groups, "
                    "parameters, resources, outputs");
  }

  Status<> parameters(const HotExpr& section) {
    auto entries = section_entries(section, "parameters", "parameters_max", limits_.parameters_max);
    if (!entries.ok()) return entries.error();
    static constexpr std::array<std::string_view, 5> kTypes = {"string", "number", "boolean",
                                                               "json", "comma_delimited_list"};
    // "schema" is not HOT, but ese_device_new carries it (as Heat's list sub-schema).
    static constexpr std::array<std::string_view, 9> kKeys = {"type",      "label",  "description",
                                                              "default",   "hidden", "constraints",
                                                              "immutable", "tags",   "schema"};
    for (const auto& member : *entries.value()) {
      const auto& body = member.value;
      auto keys = check_keys(body, "parameter " + in_quotes(member.key), kKeys);
      if (!keys.ok()) return keys;
      HotParameter parameter{member.key, "", std::nullopt, body.mark};
      const HotExpr* type = body.member("type");
      if (type == nullptr || !type->scalar.is_string() ||
          std::find(kTypes.begin(), kTypes.end(), type->scalar.get<std::string>()) ==
              kTypes.end()) {
        return fail(type ? type->mark : body.mark,
                    "parameter " + in_quotes(member.key) +
                        ": expected type string, number, boolean, json or comma_delimited_list");
      }
      parameter.type = type->scalar.get<std::string>();
      if (const HotExpr* def = body.member("default")) parameter.default_value = to_data(*def);
      out_.parameters.push_back(std::move(parameter));
    }
    return Unit{};
  }

  Status<> resources(const HotExpr& section) {
    auto entries = section_entries(section, "resources", "resources_max", limits_.resources_max);
    if (!entries.ok()) return entries.error();
    static constexpr std::array<std::string_view, 8> kKeys = {
        "type",          "properties",  "metadata", "depends_on", "deletion_policy",
        "update_policy", "external_id", "condition"};
    out_.resources.reserve(entries.value()->size());
    for (const auto& member : *entries.value()) {
      const auto& body = member.value;
      auto keys = check_keys(body, "resource " + in_quotes(member.key), kKeys);
      if (!keys.ok()) return keys;
      HotResource resource;
      resource.name = member.key;
      resource.mark = body.mark;
      const HotExpr* type = body.member("type");
      if (type == nullptr || !type->scalar.is_string()) {
        return fail(type ? type->mark : body.mark, "resource " + in_quotes(member.key) +
                                                       ": missing type; expected a resource type");
      }
      resource.type = type->scalar.get<std::string>();
      resource.properties.kind = HotExpr::Kind::kMap;
      resource.properties.mark = body.mark;
      if (const HotExpr* props = body.member("properties")) {
        if (props->kind == HotExpr::Kind::kMap) {
          auto expr = recognise(*props, &resource.references);
          if (!expr.ok()) return expr.error();
          resource.properties = std::move(expr.value());
        } else if (!(props->kind == HotExpr::Kind::kScalar && props->scalar.is_null())) {
          return fail(props->mark,
                      "resource " + in_quotes(member.key) + ": expected a mapping of properties");
        }
      }
      if (const HotExpr* deps = body.member("depends_on")) {
        auto done = depends_on(*deps, resource);
        if (!done.ok()) return done;
      }
      out_.resources.push_back(std::move(resource));
    }
    return Unit{};
  }

  // The entries of a top-level section: none when it is empty, else its mapping's members
  // (within the limit).
  Result<const std::vector<HotMember>*> section_entries(const HotExpr& section,
                                                        const std::string& what,
                                                        const char* limit_name,
                                                        std::size_t limit) const {
    static const std::vector<HotMember> kNone;
    if (section.kind == HotExpr::Kind::kScalar && section.scalar.is_null()) return &kNone;
    if (section.kind != HotExpr::Kind::kMap) {
      return fail(section.mark, "expected a mapping of " + what);
    }
    if (section.members.size() > limit) {
      return fail(section.mark, "too many " + what + "; the limit HotLimits::" + limit_name +
                                    " is " + std::to_string(limit));
    }
    return &section.members;
  }

  // `body` is a mapping (the first key being its type) using only `keys`.
  template <std::size_t N>
  Status<> check_keys(const HotExpr& body, const std::string& owner,
                      const std::array<std::string_view, N>& keys) const {
    if (body.kind != HotExpr::Kind::kMap) {
      return fail(body.mark, owner + ": expected a mapping with type");
    }
    for (const auto& field : body.members) {
      if (std::find(keys.begin(), keys.end(), field.key) == keys.end()) {
        std::vector<std::string_view> names(keys.begin(), keys.end());
        return fail(field.value.mark, owner + ": unknown key " + in_quotes(field.key) +
                                          "; expected one of " + names_of(names));
      }
    }
    return Unit{};
  }

  Status<> depends_on(const HotExpr& deps, HotResource& resource) {
    auto add = [&](const HotExpr& item) -> Status<> {
      if (item.kind != HotExpr::Kind::kScalar || !item.scalar.is_string()) {
        return fail(item.mark, "resource " + in_quotes(resource.name) +
                                   ": expected depends_on as a resource name or a list of them");
      }
      resource.depends_on.push_back(item.scalar.get<std::string>());
      return Unit{};
    };
    if (deps.kind == HotExpr::Kind::kList) {
      for (const auto& item : deps.items) {
        auto done = add(item);
        if (!done.ok()) return done;
      }
      return Unit{};
    }
    return add(deps);
  }

  Status<> outputs(const HotExpr& section) {
    auto entries = section_entries(section, "outputs", "outputs_max", limits_.outputs_max);
    if (!entries.ok()) return entries.error();
    out_.outputs.reserve(entries.value()->size());
    for (const auto& member : *entries.value()) {
      const auto& body = member.value;
      const HotExpr* value = body.kind == HotExpr::Kind::kMap ? body.member("value") : nullptr;
      if (value == nullptr) {
        return fail(body.mark, "output " + in_quotes(member.key) +
                                   ": missing value; expected a mapping with value");
      }
      for (const auto& field : body.members) {
        if (field.key != "value" && field.key != "description" && field.key != "condition") {
          return fail(field.value.mark, "output " + in_quotes(member.key) + ": unknown key " +
                                            in_quotes(field.key) +
                                            "; expected value, description or condition");
        }
      }
      HotOutput output;
      output.name = member.key;
      output.mark = body.mark;
      output.description = "No description given";
      if (const HotExpr* d = body.member("description")) {
        if (d->kind == HotExpr::Kind::kScalar && d->scalar.is_string()) {
          output.description = d->scalar.get<std::string>();
        }
      }
      auto expr = recognise(*value, nullptr);
      if (!expr.ok()) return expr.error();
      output.value = std::move(expr.value());
      out_.outputs.push_back(std::move(output));
    }
    return Unit{};
  }

  // Rewrites single-key function maps into kCall nodes and checks their argument shapes.
  // References are collected (resource names into `references`) and checked at the end,
  // once every resource is known.
  Result<HotExpr> recognise(const HotExpr& node, std::vector<std::string>* references) {
    HotExpr out;
    out.kind = node.kind;
    out.mark = node.mark;
    out.scalar = node.scalar;
    if (node.kind == HotExpr::Kind::kList) {
      for (const auto& item : node.items) {
        auto child = recognise(item, references);
        if (!child.ok()) return child;
        out.items.push_back(std::move(child.value()));
      }
      return out;
    }
    if (node.kind != HotExpr::Kind::kMap) return out;
    if (node.members.size() == 1) {
      const auto& only = node.members[0];
      for (const auto& [name, function] : kFunctions) {
        if (only.key != name) continue;
        auto arg = recognise(only.value, references);
        if (!arg.ok()) return arg;
        out.kind = HotExpr::Kind::kCall;
        out.function = function;
        out.items.push_back(std::move(arg.value()));
        auto checked = check_arguments(out, references);
        if (!checked.ok()) return checked.error();
        return out;
      }
      if (looks_like_function(only.key)) {
        return fail(node.mark, "unknown intrinsic function " + in_quotes(only.key) +
                                   "; expected one of " + std::string(kFunctionList));
      }
    }
    for (const auto& member : node.members) {
      auto child = recognise(member.value, references);
      if (!child.ok()) return child.error();
      out.members.push_back(HotMember{member.key, std::move(child.value())});
    }
    return out;
  }

  static bool is_literal_string(const HotExpr& e) {
    return e.kind == HotExpr::Kind::kScalar && e.scalar.is_string();
  }

  Status<> check_arguments(const HotExpr& call, std::vector<std::string>* references) {
    const HotExpr& arg = call.items[0];
    const std::string fn(hot_function_name(call.function));
    auto expect = [&](const std::string& what) {
      return fail(arg.mark, fn + ": expected " + what);
    };
    const bool list = arg.kind == HotExpr::Kind::kList;
    switch (call.function) {
      case HotFunction::kGetParam:
        if (!is_literal_string(arg) &&
            !(list && !arg.items.empty() && is_literal_string(arg.items[0]))) {
          return expect("a parameter name or [name, key or index, ...]");
        }
        break;
      case HotFunction::kGetResource:
        if (!is_literal_string(arg)) return expect("a resource name");
        if (references) references->push_back(arg.scalar.get<std::string>());
        break;
      case HotFunction::kGetAttr:
        if (!list || arg.items.size() < 2 || !is_literal_string(arg.items[0]) ||
            !is_literal_string(arg.items[1])) {
          return expect("[resource name, attribute name, path...]");
        }
        if (references) references->push_back(arg.items[0].scalar.get<std::string>());
        break;
      case HotFunction::kStrReplace: {
        const HotExpr* params = arg.kind == HotExpr::Kind::kMap ? arg.member("params") : nullptr;
        if (params == nullptr || arg.member("template") == nullptr || arg.members.size() != 2 ||
            !(params->kind == HotExpr::Kind::kMap || params->kind == HotExpr::Kind::kCall)) {
          return expect("a mapping with template and params (a mapping)");
        }
        break;
      }
      case HotFunction::kListJoin:
        if (!list || arg.items.size() < 2) return expect("[delimiter, list, ...]");
        break;
      case HotFunction::kFnJoin:
        if (!list || arg.items.size() != 2) return expect("[delimiter, list]");
        break;
      case HotFunction::kFnSplit:
        if (!list || arg.items.size() != 2) return expect("[delimiter, string]");
        break;
      case HotFunction::kFnSelect:
        if (!list || arg.items.size() != 2) return expect("[index or key, list or mapping]");
        break;
    }
    return Unit{};
  }

  // Every get_param names a parameter (or a pseudo parameter), every get_resource/get_attr a
  // resource other than `owner`, every get_attr an attribute of that resource's type.
  Status<> check_references(const HotExpr& e, const HotResource* owner) {
    for (const auto& item : e.items) {
      auto done = check_references(item, owner);
      if (!done.ok()) return done;
    }
    for (const auto& member : e.members) {
      auto done = check_references(member.value, owner);
      if (!done.ok()) return done;
    }
    if (e.kind != HotExpr::Kind::kCall) return Unit{};
    const HotExpr& arg = e.items[0];
    if (e.function == HotFunction::kGetParam) {
      const HotExpr& name = arg.kind == HotExpr::Kind::kList ? arg.items[0] : arg;
      const auto text = name.scalar.get<std::string>();
      if (out_.find_parameter(text) == nullptr &&
          std::find(kPseudoParameters.begin(), kPseudoParameters.end(), text) ==
              kPseudoParameters.end()) {
        std::vector<std::string_view> names;
        for (const auto& p : out_.parameters) names.push_back(p.name);
        return fail(name.mark, "get_param: unknown parameter " + in_quotes(text) +
                                   "; expected one of " + names_of(names));
      }
      return Unit{};
    }
    if (e.function != HotFunction::kGetResource && e.function != HotFunction::kGetAttr) {
      return Unit{};
    }
    const HotExpr& name = arg.kind == HotExpr::Kind::kList ? arg.items[0] : arg;
    const auto text = name.scalar.get<std::string>();
    const HotResource* target = out_.find_resource(text);
    if (target == nullptr || target == owner) {
      return fail(name.mark, std::string(hot_function_name(e.function)) +
                                 (target ? ": resource refers to itself " + in_quotes(text)
                                         : ": unknown resource " + in_quotes(text)) +
                                 "; expected one of " + resource_names());
    }
    if (e.function == HotFunction::kGetAttr) {
      const auto attribute = arg.items[1].scalar.get<std::string>();
      const auto& model = resource_type_model(target->type);
      if (!model.has_attribute(attribute)) {
        return fail(arg.items[1].mark, "get_attr: resource " + in_quotes(text) + " (" +
                                           target->type + ") has no attribute " +
                                           in_quotes(attribute) + "; expected one of " +
                                           names_of(model.attributes));
      }
    }
    return Unit{};
  }

  Result<std::vector<std::size_t>> creation_order() {
    const auto& rs = out_.resources;
    std::vector<std::vector<std::size_t>> needs(rs.size());
    for (std::size_t i = 0; i < rs.size(); ++i) {
      std::set<std::string> names(rs[i].depends_on.begin(), rs[i].depends_on.end());
      names.insert(rs[i].references.begin(), rs[i].references.end());
      for (std::size_t j = 0; j < rs.size(); ++j) {
        if (names.count(rs[j].name)) needs[i].push_back(j);
      }
    }
    std::vector<std::size_t> order;
    std::vector<bool> done(rs.size(), false);
    while (order.size() < rs.size()) {
      bool progressed = false;
      for (std::size_t i = 0; i < rs.size(); ++i) {
        if (done[i]) continue;
        bool ready =
            std::all_of(needs[i].begin(), needs[i].end(), [&](std::size_t j) { return done[j]; });
        if (!ready) continue;
        done[i] = true;
        order.push_back(i);
        progressed = true;
        break;
      }
      if (!progressed) {
        std::string cycle;
        for (std::size_t i = 0; i < rs.size(); ++i) {
          if (!done[i]) cycle += (cycle.empty() ? "" : ", ") + rs[i].name;
        }
        std::size_t first = 0;
        while (done[first]) ++first;
        return fail(rs[first].mark, "circular dependency between resources " + cycle +
                                        "; expected an acyclic depends_on/get_resource graph");
      }
    }
    return order;
  }

  std::string resource_names() const {
    std::vector<std::string_view> names;
    for (const auto& r : out_.resources) names.push_back(r.name);
    return names_of(names);
  }

  static ordered_json to_data(const HotExpr& e) {
    switch (e.kind) {
      case HotExpr::Kind::kScalar:
        return e.scalar;
      case HotExpr::Kind::kList: {
        ordered_json out = ordered_json::array();
        for (const auto& item : e.items) out.push_back(to_data(item));
        return out;
      }
      default: {
        ordered_json out = ordered_json::object();
        for (const auto& m : e.members) out[m.key] = to_data(m.value);
        return out;
      }
    }
  }

  Error fail(SourceMark mark, const std::string& what) const {
    return Error{kHotErrorBadTemplate, hot_location(out_.name, mark) + what};
  }

  const HotLimits& limits_;
  HotTemplate out_;
};

}  // namespace

std::string_view hot_function_name(HotFunction function) {
  for (const auto& [name, f] : kFunctions) {
    if (f == function) return name;
  }
  return "?";
}

const HotExpr* HotExpr::member(std::string_view key) const {
  for (const auto& m : members) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

const HotParameter* HotTemplate::find_parameter(std::string_view wanted) const {
  for (const auto& p : parameters) {
    if (p.name == wanted) return &p;
  }
  return nullptr;
}

const HotResource* HotTemplate::find_resource(std::string_view wanted) const {
  for (const auto& r : resources) {
    if (r.name == wanted) return &r;
  }
  return nullptr;
}

std::vector<std::size_t> HotTemplate::output_listing_order() const {
  std::vector<std::string> names;
  for (const auto& o : outputs) names.push_back(o.name);
  std::vector<std::size_t> order;
  for (const auto& name : heat_dict_order(names)) {
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      if (outputs[i].name == name) order.push_back(i);
    }
  }
  return order;
}

Result<HotTemplate> parse_hot(std::string_view template_name, std::string_view rendered_yaml,
                              const HotLimits& limits) {
  return HotParser(template_name, limits).run(rendered_yaml);
}

std::string hot_location(std::string_view template_name, SourceMark mark) {
  if (mark.line <= 0) return std::string(template_name) + ": ";
  return std::string(template_name) + ":" + std::to_string(mark.line) + ":" +
         std::to_string(mark.column) + ": ";
}

}  // namespace esisim::heat
