// The scenario parser (see parser.h): YAML nodes to steps, every error with its place.
#include "sim/scenario/parser.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "sim/scenario/diagnostics.h"
#include "sim/scenario/duration.h"
#include "sim/scenario/search_regex.h"
#include "sim/scenario/yaml_json.h"

namespace esisim::scenario {

namespace {

using FieldMap = std::map<std::string, MapEntry, std::less<>>;

std::string join(const std::vector<std::string>& words, const std::string& separator = ", ") {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

std::vector<std::string> sorted(std::initializer_list<std::string_view> words) {
  std::vector<std::string> out(words.begin(), words.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::string suggestion(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best = closest_name(word, candidates);
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

bool valid_file_name(const std::string& name) {
  if (name.empty() || name.size() > 100 || name[0] == '.' || name[0] == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

bool valid_json_pointer(const std::string& path) {
  if (path.empty()) return true;
  if (path[0] != '/') return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '~' && (i + 1 >= path.size() || (path[i + 1] != '0' && path[i + 1] != '1'))) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> regex_problem(const std::string& pattern) {
  auto compiled = SearchRegex::compile(pattern);
  if (compiled.ok()) return std::nullopt;
  return compiled.error().message;
}

// Where parsing is: the file, its include chain, and the files being included (for cycles).
struct Place {
  std::string file;
  std::vector<SourceMark> chain;
  std::vector<std::string> stack;
};

class Parser {
 public:
  Parser(const SourceLoader& loader, const ParseOptions& options)
      : loader_(loader), options_(options) {}

  ParseResult parse(const std::string& text, const std::string& path) {
    Scenario scenario;
    scenario.file = path;
    scenario.name = file_stem(path);
    Place place{path, {}, {resolve_relative("", path)}};
    auto root = load_yaml(text, path);
    if (!root.ok()) return std::vector<Error>{root.error()};
    read_top_level(place, root.value(), scenario);
    if (!diag_.empty()) return diag_.take();
    return scenario;
  }

 private:
  // ---- messages ----
  void error(const Place& place, const SourceMark& mark, const std::string& message) {
    std::string text = message;
    if (!place.chain.empty()) text += " (included from " + place.chain.back().text() + ")";
    diag_.add(mark, text);
  }
  void error(const Place& place, const YAML::Node& node, const std::string& message) {
    error(place, mark_of(node, place.file), message);
  }
  void error(const Place& place, const Error& e) {
    std::string text = e.message;
    if (!place.chain.empty()) text += " (included from " + place.chain.back().text() + ")";
    diag_.add_plain(text);
  }

  // ---- fields ----
  std::optional<FieldMap> fields(const Place& place, const YAML::Node& node,
                                 const std::string& what,
                                 std::initializer_list<std::string_view> allowed,
                                 std::initializer_list<std::string_view> required) {
    std::vector<std::string> allowed_names = sorted(allowed);
    if (!node.IsMap()) {
      error(place, node,
            "expected a map for " + what + " (fields: " + join(allowed_names) + "), found " +
                yaml_kind(node));
      return std::nullopt;
    }
    auto entries = map_entries(node, place.file);
    if (!entries.ok()) {
      error(place, entries.error());
      return std::nullopt;
    }
    FieldMap out;
    bool ok = true;
    for (MapEntry& entry : entries.value()) {
      if (std::find(allowed_names.begin(), allowed_names.end(), entry.key) == allowed_names.end()) {
        error(place, entry.key_mark,
              "unknown field '" + entry.key + "' in " + what + " (expected one of: " +
                  join(allowed_names) + ")" + suggestion(entry.key, allowed_names));
        ok = false;
        continue;
      }
      out.emplace(entry.key, std::move(entry));
    }
    for (std::string_view name : required) {
      if (out.find(name) == out.end()) {
        error(place, node, "missing field '" + std::string(name) + "' in " + what);
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // Where an entry's value is; the key's place when the value is empty (`key:` alone).
  static SourceMark value_mark(const Place& place, const MapEntry& entry) {
    return entry.value.IsDefined() && !entry.value.IsNull() ? mark_of(entry.value, place.file)
                                                            : entry.key_mark;
  }

  static const MapEntry* find(const FieldMap& fields, std::string_view name) {
    auto it = fields.find(name);
    return it == fields.end() ? nullptr : &it->second;
  }

  std::optional<std::string> string_of(const Place& place, const MapEntry& entry) {
    if (!entry.value.IsScalar()) {
      error(place, value_mark(place, entry),
            "expected a string for '" + entry.key + "', found " + yaml_kind(entry.value));
      return std::nullopt;
    }
    return entry.value.Scalar();
  }

  std::optional<std::string> non_empty_string(const Place& place, const MapEntry& entry) {
    auto s = string_of(place, entry);
    if (s && s->empty()) {
      error(place, entry.value, "expected a non-empty string for '" + entry.key + "'");
      return std::nullopt;
    }
    return s;
  }

  std::optional<Millis> duration_of(const Place& place, const YAML::Node& node,
                                    const std::string& what, bool positive) {
    if (!node.IsScalar()) {
      error(
          place, node,
          "expected a duration for '" + what + "' (500ms, 30s, 5m, 1h), found " + yaml_kind(node));
      return std::nullopt;
    }
    auto d = parse_duration(node.Scalar());
    if (!d.ok()) {
      error(place, node, d.error().message + " for '" + what + "'");
      return std::nullopt;
    }
    if (positive && d.value() == 0) {
      error(place, node, "expected a duration above 0 for '" + what + "'");
      return std::nullopt;
    }
    return d.value();
  }

  std::optional<uint64_t> unsigned_of(const Place& place, const MapEntry& entry, uint64_t min,
                                      uint64_t max) {
    auto text = string_of(place, entry);
    if (!text) return std::nullopt;
    bool digits = !text->empty() && text->size() <= 20 &&
                  text->find_first_not_of("0123456789") == std::string::npos;
    uint64_t value = 0;
    bool overflow = false;
    if (digits) {
      for (char c : *text) {
        if (value > (UINT64_MAX - (c - '0')) / 10) overflow = true;
        value = value * 10 + static_cast<uint64_t>(c - '0');
      }
    }
    if (!digits || overflow || value < min || value > max) {
      error(place, entry.value,
            "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                " for '" + entry.key + "', found " + yaml_kind(entry.value));
      return std::nullopt;
    }
    return value;
  }

  std::optional<nlohmann::ordered_json> json_of(const Place& place, const YAML::Node& node) {
    auto json = yaml_to_json(node, place.file);
    if (!json.ok()) {
      error(place, json.error());
      return std::nullopt;
    }
    return std::move(json.value());
  }

  std::optional<bool> true_flag(const Place& place, const MapEntry& entry) {
    auto json = json_of(place, entry.value);
    if (!json) return std::nullopt;
    if (!json->is_boolean() || !json->get<bool>()) {
      error(place, entry.value,
            "expected true for '" + entry.key + "', found " + yaml_kind(entry.value));
      return std::nullopt;
    }
    return true;
  }

  // ---- top level ----
  void read_top_level(const Place& place, const YAML::Node& root, Scenario& scenario) {
    if (!root.IsMap()) {
      error(place, root,
            "expected a map with 'steps' at the top of a scenario, found " + yaml_kind(root));
      return;
    }
    auto entries = map_entries(root, place.file);
    if (!entries.ok()) {
      error(place, entries.error());
      return;
    }
    FieldMap top;
    for (MapEntry& entry : entries.value()) {
      const auto& keys = top_level_keys();
      if (entry.key.rfind("x-", 0) == 0) continue;
      if (std::find(keys.begin(), keys.end(), entry.key) == keys.end()) {
        error(place, entry.key_mark,
              "unknown key '" + entry.key + "' (expected one of: " + join(keys) +
                  ", or an x-* key)" + suggestion(entry.key, keys));
        continue;
      }
      top.emplace(entry.key, std::move(entry));
    }
    SourceMark root_mark = mark_of(root, place.file);
    if (const MapEntry* e = find(top, "name")) {
      if (auto name = string_of(place, *e); name && *name != scenario.name) {
        error(place, e->value,
              "name '" + *name + "' differs from the file's name '" + scenario.name +
                  "' (goldens and dumps are named after the file; drop 'name' or rename the "
                  "file)");
      }
    }
    const auto& reserved = reserved_scenario_names();
    if (std::find(reserved.begin(), reserved.end(), scenario.name) != reserved.end() ||
        !valid_file_name(scenario.name)) {
      error(place, root_mark,
            "scenario file name '" + scenario.name +
                "' cannot name a golden folder (expected letters, digits, '_', '-' or '.', and "
                "none of: " +
                join(reserved) + ")");
    }
    if (const MapEntry* e = find(top, "description")) {
      if (auto d = string_of(place, *e)) scenario.description = *d;
    }
    read_template_set(place, top, root_mark, scenario);
    scenario.schemas = options_.fixtures_dir + "/esi/schemas.json";
    scenario.schemas_mark = root_mark;
    if (const MapEntry* e = find(top, "schemas")) {
      if (auto s = non_empty_string(place, *e)) {
        scenario.schemas = resolve_relative(place.file, *s);
        scenario.schemas_mark = mark_of(e->value, place.file);
      }
    }
    if (const MapEntry* e = find(top, "seed")) {
      if (auto seed = unsigned_of(place, *e, 0, UINT64_MAX)) scenario.seed = *seed;
    }
    if (const MapEntry* e = find(top, "workers")) {
      if (auto w = unsigned_of(place, *e, 1, kWorkersMax)) {
        scenario.workers = static_cast<uint32_t>(*w);
      }
    }
    if (const MapEntry* e = find(top, "redact")) {
      read_redactions(place, e->value, scenario);
    } else {
      for (auto kind :
           {Redaction::Kind::kJobSuffix, Redaction::Kind::kHeatUuid, Redaction::Kind::kTime}) {
        scenario.redactions.push_back(Redaction{kind, "", "", "", root_mark});
      }
    }
    const MapEntry* steps = find(top, "steps");
    if (!steps) {
      error(place, root_mark, "missing key 'steps' (a list of steps)");
      return;
    }
    if (!steps->value.IsSequence() || steps->value.size() == 0) {
      error(place, value_mark(place, *steps),
            "expected a non-empty list of steps for 'steps', found " + yaml_kind(steps->value));
      return;
    }
    read_steps(place, steps->value, scenario.steps, 0);
    bool loads_templates =
        std::any_of(scenario.steps.begin(), scenario.steps.end(),
                    [](const Step& s) { return std::holds_alternative<TemplatesStep>(s.body); });
    if (!loads_templates) {
      Step implicit;
      implicit.body = TemplatesStep{true, {}, true};
      implicit.mark = scenario.templates.mark;
      implicit.label = "implicit: all templates of the template set";
      scenario.steps.insert(scenario.steps.begin(), std::move(implicit));
    }
  }

  void read_template_set(const Place& place, const FieldMap& top, const SourceMark& root_mark,
                         Scenario& scenario) {
    const MapEntry* product = find(top, "product");
    const MapEntry* templates = find(top, "templates");
    if (product && templates) {
      error(place, templates->key_mark,
            "both 'product' and 'templates' name a template set (expected one of them)");
      return;
    }
    if (!product && !templates) {
      error(place, root_mark,
            "missing key 'product' (heat-only or 2017) or 'templates' ({dir, mappings})");
      return;
    }
    TemplateSet& set = scenario.templates;
    if (product) {
      auto name = string_of(place, *product);
      if (!name) return;
      set.mark = mark_of(product->value, place.file);
      set.product = *name;
      const std::string esi = options_.fixtures_dir + "/esi/";
      if (*name == "heat-only") {
        set.dir = esi + "heat_templates";
        set.mappings = esi + "template_mappings.json";
      } else if (*name == "2017") {
        set.dir = esi + "heat_templates-2017";
        set.mappings = esi + "template_mappings-2017.json";
      } else {
        error(place, product->value,
              "unknown product '" + *name + "' (expected one of: 2017, heat-only)" +
                  suggestion(*name, {"2017", "heat-only"}));
      }
      return;
    }
    set.mark = mark_of(templates->value, place.file);
    auto f = fields(place, templates->value, "templates", {"dir", "mappings"}, {"dir", "mappings"});
    if (!f) return;
    if (auto dir = non_empty_string(place, f->at("dir"))) {
      set.dir = resolve_relative(place.file, *dir);
    }
    if (auto m = non_empty_string(place, f->at("mappings"))) {
      set.mappings = resolve_relative(place.file, *m);
    }
  }

  void read_redactions(const Place& place, const YAML::Node& node, Scenario& scenario) {
    if (!node.IsSequence()) {
      error(place, node,
            "expected a list for 'redact' (job_suffix, heat_uuid, time or {key_regex, path, "
            "as}), found " +
                yaml_kind(node));
      return;
    }
    for (const YAML::Node& item : node) {
      Redaction r;
      r.mark = mark_of(item, place.file);
      if (item.IsScalar()) {
        const std::string& name = item.Scalar();
        if (name == "job_suffix") {
          r.kind = Redaction::Kind::kJobSuffix;
        } else if (name == "heat_uuid") {
          r.kind = Redaction::Kind::kHeatUuid;
        } else if (name == "time") {
          r.kind = Redaction::Kind::kTime;
        } else {
          error(place, item,
                "unknown redaction '" + name +
                    "' (expected one of: heat_uuid, job_suffix, time, or {key_regex, path, as})" +
                    suggestion(name, {"heat_uuid", "job_suffix", "time"}));
          continue;
        }
        scenario.redactions.push_back(r);
        continue;
      }
      auto f = fields(place, item, "a redaction", {"key_regex", "path", "as"}, {"key_regex", "as"});
      if (!f) continue;
      r.kind = Redaction::Kind::kCustom;
      auto key_regex = string_of(place, f->at("key_regex"));
      auto as = string_of(place, f->at("as"));
      if (!key_regex || !as) continue;
      if (auto problem = regex_problem(*key_regex)) {
        error(place, f->at("key_regex").value, "invalid regex for 'key_regex': " + *problem);
        continue;
      }
      bool as_ok =
          !as->empty() && as->size() <= 40 && std::all_of(as->begin(), as->end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
          });
      if (!as_ok) {
        error(place, f->at("as").value,
              "expected a placeholder name of lowercase letters, digits, '_' or '-' for 'as'");
        continue;
      }
      r.key_regex = *key_regex;
      r.as = *as;
      if (const MapEntry* p = find(*f, "path")) {
        auto path = string_of(place, *p);
        if (!path) continue;
        if (!valid_json_pointer(*path)) {
          error(place, p->value,
                "expected a JSON pointer such as /state/worker_state (or \"\") for 'path'");
          continue;
        }
        r.path = *path;
      }
      scenario.redactions.push_back(r);
    }
  }

  // ---- steps ----
  void read_steps(const Place& place, const YAML::Node& list, std::vector<Step>& out,
                  std::size_t depth) {
    if (depth > kYamlDepthMax) {
      error(place, list, "step lists nested deeper than " + std::to_string(kYamlDepthMax));
      return;
    }
    for (const YAML::Node& item : list) {
      if (out.size() >= kStepsMax) {
        error(place, item, "more than " + std::to_string(kStepsMax) + " steps");
        return;
      }
      if (item.IsSequence()) {
        read_steps(place, item, out, depth + 1);  // an anchored list of steps, spliced
        continue;
      }
      read_step(place, item, out);
    }
  }

  void read_step(const Place& place, const YAML::Node& item, std::vector<Step>& out) {
    const auto& names = step_names();
    if (!item.IsMap()) {
      error(place, item,
            "expected a step (a map with one of: " + join(names) + "), found " + yaml_kind(item));
      return;
    }
    auto entries = map_entries(item, place.file);
    if (!entries.ok()) {
      error(place, entries.error());
      return;
    }
    const MapEntry* step_entry = nullptr;
    const MapEntry* at_entry = nullptr;
    const MapEntry* label_entry = nullptr;
    bool ok = true;
    for (const MapEntry& entry : entries.value()) {
      if (entry.key == "at") {
        at_entry = &entry;
      } else if (entry.key == "label") {
        label_entry = &entry;
      } else if (std::find(names.begin(), names.end(), entry.key) == names.end()) {
        error(place, entry.key_mark,
              "unknown step '" + entry.key + "' (expected one of: " + join(names) + ")" +
                  suggestion(entry.key, names));
        ok = false;
      } else if (step_entry) {
        error(place, entry.key_mark,
              "two steps in one list item ('" + step_entry->key + "' and '" + entry.key +
                  "'); start each step with '- '");
        ok = false;
      } else {
        step_entry = &entry;
      }
    }
    if (!ok) return;
    if (!step_entry) {
      error(place, item, "expected a step (one of: " + join(names) + ") in this list item");
      return;
    }
    if (step_entry->key == "include") {
      if (at_entry || label_entry) {
        error(place, (at_entry ? at_entry : label_entry)->key_mark,
              "'include' takes no 'at' or 'label' (put them on the included steps)");
        return;
      }
      read_include(place, *step_entry, out);
      return;
    }
    Step step;
    step.mark = step_entry->key_mark;
    step.included_from = place.chain;
    if (at_entry) {
      if (step_entry->key == "advance" || step_entry->key == "run") {
        error(place, at_entry->key_mark,
              "'" + step_entry->key + "' takes no 'at' (it already moves the clock)");
        ok = false;
      } else if (auto at = duration_of(place, at_entry->value, "at", false)) {
        step.at = *at;
      } else {
        ok = false;
      }
    }
    if (label_entry) {
      if (auto label = string_of(place, *label_entry)) {
        step.label = *label;
      } else {
        ok = false;
      }
    }
    std::optional<StepBody> body = read_step_body(place, *step_entry);
    if (!body || !ok) return;
    step.body = std::move(*body);
    out.push_back(std::move(step));
  }

  std::optional<StepBody> read_step_body(const Place& place, const MapEntry& entry) {
    const std::string& key = entry.key;
    const YAML::Node& v = entry.value;
    if (key == "create") return read_create(place, v);
    if (key == "update") return read_update(place, v);
    if (key == "delete") {
      auto f = fields(place, v, "delete", {"type", "id", "set"}, {"type", "id"});
      if (!f) return std::nullopt;
      auto ref = resource(place, *f);
      if (!ref) return std::nullopt;
      DeleteStep step{*ref};
      if (const MapEntry* set = find(*f, "set")) {
        auto json = json_of(place, set->value);
        if (!json) return std::nullopt;
        if (!json->is_object()) {
          error(place, set->value, "expected a map for 'set', found " + yaml_kind(set->value));
          return std::nullopt;
        }
        if (json->contains("id")) {
          error(place, set->value, "a delete cannot change the id");
          return std::nullopt;
        }
        step.set = std::move(*json);
      }
      return step;
    }
    if (key == "templates") return read_templates(place, v);
    if (key == "advance") {
      auto d = duration_of(place, v, "advance", true);
      if (!d) return std::nullopt;
      return AdvanceStep{*d};
    }
    if (key == "run") return read_run(place, v);
    if (key == "heat") return read_heat(place, v);
    if (key == "monitor") return read_monitor(place, v);
    if (key == "checkpoint") return read_checkpoint(place, v);
    return read_expect(place, v);
  }

  std::optional<ResourceRef> resource(const Place& place, const FieldMap& f) {
    auto type = non_empty_string(place, f.at("type"));
    auto id = non_empty_string(place, f.at("id"));
    if (!type || !id) return std::nullopt;
    return ResourceRef{*type, *id, mark_of(f.at("type").value, place.file)};
  }

  // body / body_file / set: exactly one of `choices` must be present.
  std::optional<std::pair<std::string, nlohmann::ordered_json>> read_body(
      const Place& place, const YAML::Node& map, const FieldMap& f, const std::string& what,
      std::initializer_list<std::string_view> choices, std::string& body_file) {
    std::vector<const MapEntry*> present;
    for (std::string_view c : choices) {
      if (const MapEntry* e = find(f, c)) present.push_back(e);
    }
    std::vector<std::string> names(choices.begin(), choices.end());
    if (present.size() != 1) {
      error(place, present.size() > 1 ? present[1]->key_mark : mark_of(map, place.file),
            (present.empty() ? "missing field: " + what + " needs one of: "
                             : what + " takes only one of: ") +
                join(names));
      return std::nullopt;
    }
    const MapEntry& e = *present[0];
    nlohmann::ordered_json body;
    if (e.key == "body_file") {
      auto name = non_empty_string(place, e);
      if (!name) return std::nullopt;
      body_file = resolve_relative(place.file, *name);
      auto loaded = load_body_file(place, e, body_file);
      if (!loaded) return std::nullopt;
      body = std::move(*loaded);
    } else {
      auto json = json_of(place, e.value);
      if (!json) return std::nullopt;
      body = std::move(*json);
    }
    if (!body.is_object()) {
      error(place, e.value, "expected a map for '" + e.key + "', found " + yaml_kind(e.value));
      return std::nullopt;
    }
    return std::make_pair(e.key, std::move(body));
  }

  std::optional<nlohmann::ordered_json> load_body_file(const Place& place, const MapEntry& e,
                                                       const std::string& path) {
    auto text = loader_.read(path);
    if (!text.ok()) {
      error(place, e.value, "cannot read body_file: " + text.error().message);
      return std::nullopt;
    }
    if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) {
      try {
        return nlohmann::ordered_json::parse(text.value());
      } catch (const nlohmann::json::parse_error& pe) {
        error(place, e.value, "body_file " + path + " is not JSON: " + pe.what());
        return std::nullopt;
      }
    }
    auto root = load_yaml(text.value(), path);
    if (!root.ok()) {
      error(place, root.error());
      return std::nullopt;
    }
    Place inner{path, place.chain, place.stack};
    return json_of(inner, root.value());
  }

  std::optional<StepBody> read_create(const Place& place, const YAML::Node& v) {
    auto f = fields(place, v, "create", {"type", "id", "body", "body_file"}, {"type", "id"});
    if (!f) return std::nullopt;
    auto ref = resource(place, *f);
    CreateStep step;
    auto body = read_body(place, v, *f, "create", {"body", "body_file"}, step.body_file);
    if (!ref || !body) return std::nullopt;
    step.resource = *ref;
    step.body = std::move(body->second);
    if (step.body.contains("id") && step.body["id"] != nlohmann::ordered_json(ref->id)) {
      error(place, v,
            "the body's id " + step.body["id"].dump() + " differs from the step's id '" + ref->id +
                "'");
      return std::nullopt;
    }
    return step;
  }

  std::optional<StepBody> read_update(const Place& place, const YAML::Node& v) {
    auto f = fields(place, v, "update", {"type", "id", "body", "body_file", "set"}, {"type", "id"});
    if (!f) return std::nullopt;
    auto ref = resource(place, *f);
    UpdateStep step;
    auto body = read_body(place, v, *f, "update", {"body", "body_file", "set"}, step.body_file);
    if (!ref || !body) return std::nullopt;
    step.resource = *ref;
    step.mode = body->first == "set" ? UpdateStep::Mode::kMerge : UpdateStep::Mode::kReplace;
    step.body = std::move(body->second);
    if (step.body.contains("id") && step.body["id"] != nlohmann::ordered_json(ref->id)) {
      error(place, v,
            "an update cannot change the id (the body's id " + step.body["id"].dump() +
                ", the step's '" + ref->id + "')");
      return std::nullopt;
    }
    return step;
  }

  std::optional<StepBody> read_templates(const Place& place, const YAML::Node& v) {
    auto f = fields(place, v, "templates", {"load"}, {"load"});
    if (!f) return std::nullopt;
    const MapEntry& load = f->at("load");
    TemplatesStep step;
    if (load.value.IsScalar() && load.value.Scalar() == "all") {
      step.all = true;
      return step;
    }
    if (!load.value.IsSequence() || load.value.size() == 0) {
      error(place, value_mark(place, load),
            "expected 'all' or a non-empty list of template names for 'load', found " +
                yaml_kind(load.value));
      return std::nullopt;
    }
    bool ok = true;
    for (const YAML::Node& name : load.value) {
      if (!name.IsScalar() || name.Scalar().empty()) {
        error(place, name, "expected a template name, found " + yaml_kind(name));
        ok = false;
        continue;
      }
      step.names.push_back(name.Scalar());
    }
    if (!ok) return std::nullopt;
    return step;
  }

  std::optional<StepBody> read_run(const Place& place, const YAML::Node& v) {
    if (v.IsScalar()) {
      if (v.Scalar() != "quiescent") {
        error(place, v,
              "expected 'quiescent' or {until: quiescent, limit: <duration>} for "
              "'run', found " +
                  yaml_kind(v));
        return std::nullopt;
      }
      return RunStep{kRunLimitDefault};
    }
    auto f = fields(place, v, "run", {"until", "limit"}, {});
    if (!f) return std::nullopt;
    if (const MapEntry* until = find(*f, "until")) {
      if (!until->value.IsScalar() || until->value.Scalar() != "quiescent") {
        error(place, until->value,
              "expected 'quiescent' for 'until', found " + yaml_kind(until->value));
        return std::nullopt;
      }
    }
    RunStep step{kRunLimitDefault};
    if (const MapEntry* limit = find(*f, "limit")) {
      auto d = duration_of(place, limit->value, "limit", true);
      if (!d) return std::nullopt;
      step.limit = *d;
    }
    return step;
  }

  std::optional<HeatAction> action_of(const Place& place, const FieldMap& f) {
    const MapEntry* e = find(f, "action");
    if (!e) return HeatAction::kCreate;
    auto text = string_of(place, *e);
    if (!text) return std::nullopt;
    if (*text == "create") return HeatAction::kCreate;
    if (*text == "update") return HeatAction::kUpdate;
    if (*text == "delete") return HeatAction::kDelete;
    error(place, e->value,
          "unknown action '" + *text + "' (expected one of: create, delete, update)" +
              suggestion(*text, {"create", "delete", "update"}));
    return std::nullopt;
  }

  std::optional<StepBody> read_heat(const Place& place, const YAML::Node& v) {
    auto outer =
        fields(place, v, "heat", {"duration", "fail", "timeout", "output_error", "pin"}, {});
    if (!outer) return std::nullopt;
    if (outer->size() != 1) {
      error(place, v,
            "expected exactly one of: duration, fail, output_error, pin, timeout in 'heat'");
      return std::nullopt;
    }
    const MapEntry& e = outer->begin()->second;
    if (e.key == "fail") {
      auto f =
          fields(place, e.value, "heat.fail", {"type", "id", "action", "reason"}, {"type", "id"});
      if (!f) return std::nullopt;
      auto ref = resource(place, *f);
      auto action = action_of(place, *f);
      std::optional<std::string> reason = std::string();
      if (const MapEntry* r = find(*f, "reason")) reason = string_of(place, *r);
      if (!ref || !action || !reason) return std::nullopt;
      return HeatFailStep{*ref, *action, *reason};
    }
    if (e.key == "timeout") {
      auto f = fields(place, e.value, "heat.timeout", {"type", "id", "action"}, {"type", "id"});
      if (!f) return std::nullopt;
      auto ref = resource(place, *f);
      auto action = action_of(place, *f);
      if (!ref || !action) return std::nullopt;
      return HeatTimeoutStep{*ref, *action};
    }
    if (e.key == "duration") {
      auto f = fields(place, e.value, "heat.duration", {"type", "id", "action", "takes"},
                      {"type", "id", "takes"});
      if (!f) return std::nullopt;
      auto ref = resource(place, *f);
      auto action = action_of(place, *f);
      auto takes = duration_of(place, f->at("takes").value, "takes", false);
      if (!ref || !action || !takes) return std::nullopt;
      return HeatDurationStep{*ref, *action, *takes};
    }
    if (e.key == "output_error") {
      auto f = fields(place, e.value, "heat.output_error", {"type", "id", "output", "message"},
                      {"type", "id", "output"});
      if (!f) return std::nullopt;
      auto ref = resource(place, *f);
      auto output = non_empty_string(place, f->at("output"));
      std::optional<std::string> message = std::string();
      if (const MapEntry* m = find(*f, "message")) message = string_of(place, *m);
      if (!ref || !output || !message) return std::nullopt;
      return HeatOutputErrorStep{*ref, *output, *message};
    }
    auto f = fields(place, e.value, "heat.pin", {"type", "id", "output", "value"},
                    {"type", "id", "output", "value"});
    if (!f) return std::nullopt;
    auto ref = resource(place, *f);
    auto output = non_empty_string(place, f->at("output"));
    auto value = json_of(place, f->at("value").value);
    if (!ref || !output || !value) return std::nullopt;
    return HeatPinStep{*ref, *output, std::move(*value)};
  }

  std::optional<StepBody> read_monitor(const Place& place, const YAML::Node& v) {
    bool flap = v.IsMap() && v["flap"].IsDefined();
    if (flap) {
      auto f = fields(place, v, "monitor (flap)", {"flap", "every", "times"}, {"flap"});
      if (!f) return std::nullopt;
      const MapEntry& pair = f->at("flap");
      if (!pair.value.IsSequence() || pair.value.size() != 2) {
        error(place, value_mark(place, pair),
              "expected a list of two resources [{type, id}, {type, id}] for 'flap', found " +
                  yaml_kind(pair.value));
        return std::nullopt;
      }
      std::vector<ResourceRef> refs;
      for (const YAML::Node& item : pair.value) {
        auto rf = fields(place, item, "a flap resource", {"type", "id"}, {"type", "id"});
        if (!rf) return std::nullopt;
        auto ref = resource(place, *rf);
        if (!ref) return std::nullopt;
        refs.push_back(*ref);
      }
      MonitorFlapStep step{refs[0], refs[1], 60'000, 1};
      if (const MapEntry* every = find(*f, "every")) {
        auto d = duration_of(place, every->value, "every", true);
        if (!d) return std::nullopt;
        step.every = *d;
      }
      if (const MapEntry* times = find(*f, "times")) {
        auto n = unsigned_of(place, *times, 1, kFlapTimesMax);
        if (!n) return std::nullopt;
        step.times = *n;
      }
      return step;
    }
    auto f = fields(place, v, "monitor", {"type", "id", "statuses", "every", "flap"},
                    {"type", "id", "statuses"});
    if (!f) return std::nullopt;
    auto ref = resource(place, *f);
    if (!ref) return std::nullopt;
    MonitorScriptStep step{*ref, {}, 60'000};
    const MapEntry& statuses = f->at("statuses");
    if (!statuses.value.IsSequence() || statuses.value.size() == 0 ||
        statuses.value.size() > kMonitorStatusesMax) {
      error(place, value_mark(place, statuses),
            "expected a list of 1 to " + std::to_string(kMonitorStatusesMax) +
                " statuses for 'statuses', found " + yaml_kind(statuses.value));
      return std::nullopt;
    }
    const auto& allowed = monitor_statuses();
    bool ok = true;
    for (const YAML::Node& s : statuses.value) {
      if (!s.IsScalar() || std::find(allowed.begin(), allowed.end(), s.Scalar()) == allowed.end()) {
        error(place, s,
              "unknown status " + yaml_kind(s) + " (expected one of: " + join(allowed) + ")");
        ok = false;
        continue;
      }
      step.statuses.push_back(s.Scalar());
    }
    if (const MapEntry* every = find(*f, "every")) {
      auto d = duration_of(place, every->value, "every", true);
      if (!d) return std::nullopt;
      step.every = *d;
    }
    if (!ok) return std::nullopt;
    return step;
  }

  std::optional<StepBody> read_checkpoint(const Place& place, const YAML::Node& v) {
    CheckpointStep step;
    const YAML::Node* name_node = &v;
    std::optional<FieldMap> f;
    if (v.IsMap()) {
      f = fields(place, v, "checkpoint", {"name", "prefixes"}, {"name"});
      if (!f) return std::nullopt;
      name_node = &f->at("name").value;
    }
    if (!name_node->IsScalar() || !valid_file_name(name_node->Scalar())) {
      error(place, *name_node,
            "expected a checkpoint name (letters, digits, '_', '-', '.'; it names the golden "
            "file) or {name, prefixes}, found " +
                yaml_kind(*name_node));
      return std::nullopt;
    }
    step.name = name_node->Scalar();
    if (f) {
      if (const MapEntry* p = find(*f, "prefixes")) {
        if (!p->value.IsSequence() || p->value.size() == 0) {
          error(place, value_mark(place, *p),
                "expected a non-empty list of key prefixes for 'prefixes', found " +
                    yaml_kind(p->value));
          return std::nullopt;
        }
        for (const YAML::Node& prefix : p->value) {
          if (!prefix.IsScalar() || prefix.Scalar().empty() || prefix.Scalar()[0] != '/') {
            error(place, prefix,
                  "expected a key prefix starting with '/', found " + yaml_kind(prefix));
            return std::nullopt;
          }
          step.prefixes.push_back(prefix.Scalar());
        }
      }
    }
    return step;
  }

  std::optional<StepBody> read_expect(const Place& place, const YAML::Node& v) {
    ExpectStep step;
    std::vector<YAML::Node> items;
    if (v.IsMap()) {
      items.push_back(v);
    } else if (v.IsSequence() && v.size() > 0) {
      for (const YAML::Node& item : v) items.push_back(item);
    } else {
      error(place, v,
            "expected a list of checks for 'expect' ({key, exists | absent | equals | "
            "matches, path}), found " +
                yaml_kind(v));
      return std::nullopt;
    }
    bool ok = true;
    for (const YAML::Node& item : items) {
      auto check = read_expectation(place, item);
      if (!check) {
        ok = false;
        continue;
      }
      step.checks.push_back(std::move(*check));
    }
    if (!ok) return std::nullopt;
    return step;
  }

  std::optional<Expectation> read_expectation(const Place& place, const YAML::Node& item) {
    auto f = fields(place, item, "an expect check",
                    {"key", "path", "exists", "absent", "equals", "matches"}, {"key"});
    if (!f) return std::nullopt;
    Expectation check;
    check.mark = mark_of(item, place.file);
    auto key = string_of(place, f->at("key"));
    if (!key) return std::nullopt;
    if (key->empty() || (*key)[0] != '/') {
      error(place, f->at("key").value, "expected an etcd key starting with '/' for 'key'");
      return std::nullopt;
    }
    check.key = *key;
    if (const MapEntry* p = find(*f, "path")) {
      auto path = string_of(place, *p);
      if (!path) return std::nullopt;
      if (!valid_json_pointer(*path)) {
        error(place, p->value,
              "expected a JSON pointer such as /state/worker_state for 'path', found '" + *path +
                  "'");
        return std::nullopt;
      }
      check.path = *path;
    }
    std::vector<const MapEntry*> kinds;
    for (const char* k : {"exists", "absent", "equals", "matches"}) {
      if (const MapEntry* e = find(*f, k)) kinds.push_back(e);
    }
    if (kinds.size() != 1) {
      error(place, kinds.size() > 1 ? kinds[1]->key_mark : mark_of(item, place.file),
            "expected exactly one of: absent, equals, exists, matches in an expect check");
      return std::nullopt;
    }
    const MapEntry& k = *kinds[0];
    if (k.key == "exists" || k.key == "absent") {
      if (!true_flag(place, k)) return std::nullopt;
      check.kind = k.key == "exists" ? Expectation::Kind::kExists : Expectation::Kind::kAbsent;
    } else if (k.key == "equals") {
      auto json = json_of(place, k.value);
      if (!json) return std::nullopt;
      check.kind = Expectation::Kind::kEquals;
      check.equals = std::move(*json);
    } else {
      auto pattern = string_of(place, k);
      if (!pattern) return std::nullopt;
      if (auto problem = regex_problem(*pattern)) {
        error(place, k.value, "invalid regex for 'matches': " + *problem);
        return std::nullopt;
      }
      check.kind = Expectation::Kind::kMatches;
      check.pattern = *pattern;
    }
    return check;
  }

  // ---- include ----
  void read_include(const Place& place, const MapEntry& entry, std::vector<Step>& out) {
    auto relative = non_empty_string(place, entry);
    if (!relative) return;
    std::string path = resolve_relative(place.file, *relative);
    SourceMark here = entry.key_mark;
    if (std::find(place.stack.begin(), place.stack.end(), path) != place.stack.end()) {
      error(place, entry.value, "include cycle: " + join(place.stack, " -> ") + " -> " + path);
      return;
    }
    if (place.chain.size() >= kIncludeDepthMax) {
      error(place, entry.value, "includes nested deeper than " + std::to_string(kIncludeDepthMax));
      return;
    }
    auto text = loader_.read(path);
    if (!text.ok()) {
      error(place, entry.value, "cannot include: " + text.error().message);
      return;
    }
    Place inner{path, place.chain, place.stack};
    inner.chain.push_back(here);
    inner.stack.push_back(path);
    auto root = load_yaml(text.value(), path);
    if (!root.ok()) {
      error(inner, root.error());
      return;
    }
    if (!root.value().IsMap()) {
      error(inner, root.value(),
            "expected a map with 'steps' in an included file, found " + yaml_kind(root.value()));
      return;
    }
    auto entries = map_entries(root.value(), path);
    if (!entries.ok()) {
      error(inner, entries.error());
      return;
    }
    const MapEntry* steps = nullptr;
    for (const MapEntry& e : entries.value()) {
      if (e.key == "steps") {
        steps = &e;
      } else if (e.key != "description" && e.key != "definitions" && e.key.rfind("x-", 0) != 0) {
        error(inner, e.key_mark,
              "key '" + e.key +
                  "' is not allowed in an included file (expected: definitions, description, "
                  "steps, or an x-* key)");
      }
    }
    if (!steps) {
      error(inner, root.value(), "missing key 'steps' in an included file");
      return;
    }
    if (!steps->value.IsSequence()) {
      error(inner, steps->value,
            "expected a list of steps for 'steps', found " + yaml_kind(steps->value));
      return;
    }
    read_steps(inner, steps->value, out, 0);
  }

  const SourceLoader& loader_;
  const ParseOptions& options_;
  Diagnostics diag_;
};

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closest_name(const std::string& word, const std::vector<std::string>& candidates) {
  if (word.size() > 200) return "";
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

const std::vector<std::string>& step_names() {
  static const std::vector<std::string> kNames = {"advance", "checkpoint", "create",  "delete",
                                                  "expect",  "heat",       "include", "monitor",
                                                  "run",     "templates",  "update"};
  return kNames;
}

const std::vector<std::string>& top_level_keys() {
  static const std::vector<std::string> kKeys = {"definitions", "description", "name", "product",
                                                 "redact",      "schemas",     "seed", "steps",
                                                 "templates",   "workers"};
  return kKeys;
}

const std::vector<std::string>& monitor_statuses() {
  static const std::vector<std::string> kStatuses = {"BACKUP", "ESTABLISHED", "FAIL", "MASTER",
                                                     "UP"};
  return kStatuses;
}

const std::vector<std::string>& reserved_scenario_names() {
  static const std::vector<std::string> kNames = {"dumps",     "esi",   "history",
                                                  "snapshots", "seeds", "traces"};
  return kNames;
}

ParseResult parse_scenario_text(const std::string& text, const std::string& path,
                                const SourceLoader& loader, const ParseOptions& options) {
  Parser parser(loader, options);
  return parser.parse(text, path);
}

ParseResult parse_scenario_file(const std::string& path, const SourceLoader& loader,
                                const ParseOptions& options) {
  auto text = loader.read(path);
  if (!text.ok()) return std::vector<Error>{text.error()};
  return parse_scenario_text(text.value(), path, loader, options);
}

}  // namespace esisim::scenario
