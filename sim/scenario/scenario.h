// The scenario language's syntax tree: what a parsed and validated scenario file says.
//
// Contract: plain data. Every step keeps the place it was written (file, 1-based line and
// column) so that every later message can point at it. Paths are already resolved (relative
// to the scenario file, or to the fixtures folder for a product's template set); bodies are
// already read (`body_file`) and converted to JSON with YAML's core types; includes are
// spliced, so `steps` is the flat list the runner plays in order. The parser inserts an
// implicit first step `templates: {load: all}` unless the scenario loads templates itself.
//
// Example (scenarios/port.yaml):
//   product: heat-only
//   steps:
//     - create: {type: network, id: n1, body: {name: n1}}
//     - run: {until: quiescent, limit: 10m}
//     - checkpoint: created
// gives steps [TemplatesStep{all} (implicit), CreateStep{network n1}, RunStep{600000},
// CheckpointStep{"created"}].
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "nlohmann/json.hpp"

namespace esisim::scenario {

// Simulated durations and instants, in milliseconds.
using Millis = int64_t;

// Where something was written. `text()` is "file:line:column" (1-based).
struct SourceMark {
  std::string file;
  int line = 0;
  int column = 0;

  std::string text() const;
};

// A resource as the scenario names it: its schema id (or Gohan singular) and its id.
struct ResourceRef {
  std::string type;
  std::string id;
  SourceMark mark;  // of the step field naming the type
};

// `create: {type, id, body | body_file}`: Gohan creates it with version 1.
struct CreateStep {
  ResourceRef resource;
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  std::string body_file;  // resolved path when the body came from a file, else ""
};

// `update: {type, id, body | set}`: `body` replaces the resource's body, `set` merges fields
// into it (top-level fields; a null removes the field). Gohan raises the version by one.
struct UpdateStep {
  enum class Mode { kReplace, kMerge };
  ResourceRef resource;
  Mode mode = Mode::kMerge;
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  std::string body_file;
};

// `delete: {type, id, set?}`: Gohan's two-step deletion (mark, then remove after
// DELETE_COMPLETED; one step for schemas whose metadata says two_step_deletion: false). `set`
// merges top-level fields into the body of the marking write, as `update`'s `set` does (the
// recorded deletions of some resources changed fields too).
struct DeleteStep {
  ResourceRef resource;
  nlohmann::ordered_json set = nlohmann::ordered_json::object();
};

// `templates: {load: all | [names]}`: writes heat templates of the scenario's template set to
// /config/v2.0/heat_templates.
struct TemplatesStep {
  bool all = false;
  std::vector<std::string> names;  // when !all, in the order written
  bool implicit = false;           // inserted by the parser (the scenario has no such step)
};

// `advance: 30s`: the simulation runs for this long.
struct AdvanceStep {
  Millis duration = 0;
};

// `run: {until: quiescent, limit: 10m}` or `run: quiescent`: runs until nothing is pending
// (no event before the next scripted one), failing when `limit` passes first.
struct RunStep {
  Millis limit = 0;
};

enum class HeatAction { kCreate, kUpdate, kDelete };

// `heat: {fail: {type, id, action, reason}}`: the next matching stack operation ends in
// <ACTION>_FAILED with `reason` as its status_reason ("" = the world's default reason).
struct HeatFailStep {
  ResourceRef resource;
  HeatAction action = HeatAction::kCreate;
  std::string reason;
};

// `heat: {timeout: {type, id, action}}`: the next matching stack operation never completes
// (the worker's heat_timeout decides).
struct HeatTimeoutStep {
  ResourceRef resource;
  HeatAction action = HeatAction::kCreate;
};

// `heat: {duration: {type, id, action, takes}}`: the next matching stack operation takes
// exactly `takes` instead of a duration drawn from its type's range (the draw still happens, so
// no other random value moves). Several are used in the order they were given.
struct HeatDurationStep {
  ResourceRef resource;
  HeatAction action = HeatAction::kCreate;
  Millis takes = 0;
};

// `heat: {output_error: {type, id, output, message}}`: the next read of that stack output
// fails with `message` ("" = the world's default message).
struct HeatOutputErrorStep {
  ResourceRef resource;
  std::string output;
  std::string message;
};

// `heat: {pin: {type, id, output, value}}`: the stack output has this value from now on.
struct HeatPinStep {
  ResourceRef resource;
  std::string output;
  nlohmann::ordered_json value;
};

// `monitor: {type, id, statuses: [UP, FAIL], every: 60s}`: the monitored target reports these
// statuses, one per poll, `every` apart (the last one stays).
struct MonitorScriptStep {
  ResourceRef resource;
  std::vector<std::string> statuses;
  Millis every = 60'000;
};

// `monitor: {flap: [{type, id}, {type, id}], every: 60s, times: N}`: an HA pair in lock-step,
// the first UP and the second FAIL, swapping `times` times, `every` apart.
struct MonitorFlapStep {
  ResourceRef first;
  ResourceRef second;
  Millis every = 60'000;
  uint64_t times = 1;
};

// `checkpoint: name` or `checkpoint: {name, prefixes}`: compares the keyspace (or the keys
// under `prefixes`) with fixtures/<scenario>/<name>.json.
struct CheckpointStep {
  std::string name;
  std::vector<std::string> prefixes;  // empty: the whole keyspace
};

// One check of an `expect:` list. `path` is a JSON pointer into the key's decoded value ("" =
// the whole value; a string holding JSON text is decoded when the pointer goes below it).
struct Expectation {
  enum class Kind { kExists, kAbsent, kEquals, kMatches };
  SourceMark mark;
  std::string key;
  std::string path;
  Kind kind = Kind::kExists;
  nlohmann::ordered_json equals;  // kEquals
  std::string pattern;            // kMatches: ECMAScript regex searched in the value's text
};

struct ExpectStep {
  std::vector<Expectation> checks;
};

using StepBody =
    std::variant<CreateStep, UpdateStep, DeleteStep, TemplatesStep, AdvanceStep, RunStep,
                 HeatFailStep, HeatTimeoutStep, HeatDurationStep, HeatOutputErrorStep, HeatPinStep,
                 MonitorScriptStep, MonitorFlapStep, CheckpointStep, ExpectStep>;

struct Step {
  StepBody body;
  SourceMark mark;           // of the step's key ("create", "run", ...)
  std::optional<Millis> at;  // `at:` simulated time since the start; the runner advances
  std::string label;         // `label:` shown in messages
  std::vector<SourceMark> included_from;  // include chain, outermost first

  // "create", "update", ..., "heat.fail", "heat.pin", "monitor.flap", "checkpoint", "expect".
  std::string kind() const;
  // "create network n1 'label'": the step in a few words, for messages.
  std::string describe() const;
};

// The template set: a product's or one the scenario names.
struct TemplateSet {
  std::string product;   // "heat-only", "2017" or "" when `templates:` named the files
  std::string dir;       // folder of <name>.json heat template records
  std::string mappings;  // template_mappings JSON
  SourceMark mark;
};

struct Redaction {
  enum class Kind { kJobSuffix, kHeatUuid, kTime, kCustom };
  Kind kind = Kind::kJobSuffix;
  // kCustom: values at JSON pointer `path` of keys matching `key_regex` become <as-N>.
  std::string key_regex;
  std::string path;
  std::string as;
  SourceMark mark;
};

struct Scenario {
  std::string name;  // the file's stem; goldens live in fixtures/<name>/
  std::string file;  // as given
  std::string description;
  TemplateSet templates;
  std::string schemas;  // resolved path of the Gohan schema catalogue
  SourceMark schemas_mark;
  uint64_t seed = 1;
  uint32_t workers = 8;
  std::vector<Redaction> redactions;
  std::vector<Step> steps;

  std::size_t checkpoint_count() const;
  std::size_t expect_count() const;  // individual checks
};

std::string heat_action_name(HeatAction action);

}  // namespace esisim::scenario
