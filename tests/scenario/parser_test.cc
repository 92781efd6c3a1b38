// The scenario parser: every step into the syntax tree, and every form error with its place.
#include "sim/scenario/parser.h"

#include <gtest/gtest.h>

#include "tests/scenario/scenario_test_util.h"

namespace esisim::scenario {
namespace {

using esisim::testing::parse_errors;
using esisim::testing::parse_text;
using Json = nlohmann::ordered_json;

const char* kEveryStep = R"(description: every step once
product: heat-only
seed: 42
workers: 4
redact: [job_suffix, time, {key_regex: "^/jobs/working/", as: reservation}]
steps:
  - templates: {load: [network, port]}
  - create: {type: network, id: n1, body: {name: n1, admin_state_up: true}}
    label: first network
  - update: {type: network, id: n1, set: {name: renamed}}
  - update: {type: network, id: n1, body: {name: whole}}
  - heat: {fail: {type: network, id: n1, action: update, reason: "boom"}}
  - heat: {timeout: {type: network, id: n1, action: delete}}
  - heat: {output_error: {type: port, id: p1, output: monitoring_target_id, message: "no such"}}
  - heat: {pin: {type: port, id: p1, output: fq_name, value: [a, b]}}
  - monitor: {type: port, id: p1, statuses: [UP, FAIL, UP], every: 5s}
  - monitor: {flap: [{type: port, id: p1}, {type: port, id: p2}], every: 60s, times: 3}
  - advance: 1m30s
  - run: {until: quiescent, limit: 10m}
  - run: quiescent
  - checkpoint: created
  - checkpoint: {name: state_only, prefixes: [/state, /monitoring]}
    at: 1h
  - expect:
      - {key: /state/v2.0/networks/n1, exists: true}
      - {key: /monitoring/v2.0/ports/p1, absent: true}
      - {key: /state/v2.0/networks/n1, path: /state/worker_state, equals: CREATE_COMPLETE}
      - {key: /config/v2.0/networks/n1, matches: "\"name\":\"whole\""}
  - delete: {type: network, id: n1}
  - delete: {type: port, id: p1, set: {fake_delete: false}}
)";

TEST(ScenarioParser, ReadsEveryStep) {
  auto parsed = parse_text(kEveryStep);
  ASSERT_TRUE(parsed.ok()) << esisim::testing::joined(parsed.error());
  const Scenario& s = parsed.value();
  EXPECT_EQ(s.name, "s");
  EXPECT_EQ(s.description, "every step once");
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.workers, 4u);
  EXPECT_EQ(s.templates.product, "heat-only");
  EXPECT_EQ(s.templates.dir, "fx/esi/heat_templates");
  EXPECT_EQ(s.templates.mappings, "fx/esi/template_mappings.json");
  EXPECT_EQ(s.schemas, "fx/esi/schemas.json");
  ASSERT_EQ(s.redactions.size(), 3u);
  EXPECT_EQ(s.redactions[2].kind, Redaction::Kind::kCustom);
  EXPECT_EQ(s.redactions[2].as, "reservation");

  std::vector<std::string> kinds;
  for (const Step& step : s.steps) kinds.push_back(step.kind());
  EXPECT_EQ(kinds, (std::vector<std::string>{
                       "templates", "create", "update", "update", "heat.fail", "heat.timeout",
                       "heat.output_error", "heat.pin", "monitor", "monitor.flap", "advance", "run",
                       "run", "checkpoint", "checkpoint", "expect", "delete", "delete"}));
  EXPECT_EQ(s.steps[0].mark.text(), "s.yaml:7:5");
  EXPECT_EQ(std::get<TemplatesStep>(s.steps[0].body).names,
            (std::vector<std::string>{"network", "port"}));
  const auto& create = std::get<CreateStep>(s.steps[1].body);
  EXPECT_EQ(create.resource.type, "network");
  EXPECT_EQ(create.resource.id, "n1");
  EXPECT_EQ(create.body.dump(), R"({"name":"n1","admin_state_up":true})");
  EXPECT_EQ(s.steps[1].label, "first network");
  EXPECT_EQ(s.steps[1].describe(), "create network n1 'first network'");
  EXPECT_EQ(std::get<UpdateStep>(s.steps[2].body).mode, UpdateStep::Mode::kMerge);
  EXPECT_EQ(std::get<UpdateStep>(s.steps[3].body).mode, UpdateStep::Mode::kReplace);
  const auto& fail = std::get<HeatFailStep>(s.steps[4].body);
  EXPECT_EQ(fail.action, HeatAction::kUpdate);
  EXPECT_EQ(fail.reason, "boom");
  EXPECT_EQ(std::get<HeatTimeoutStep>(s.steps[5].body).action, HeatAction::kDelete);
  EXPECT_EQ(std::get<HeatOutputErrorStep>(s.steps[6].body).output, "monitoring_target_id");
  EXPECT_EQ(std::get<HeatPinStep>(s.steps[7].body).value.dump(), R"(["a","b"])");
  const auto& script = std::get<MonitorScriptStep>(s.steps[8].body);
  EXPECT_EQ(script.statuses, (std::vector<std::string>{"UP", "FAIL", "UP"}));
  EXPECT_EQ(script.every, 5000);
  const auto& flap = std::get<MonitorFlapStep>(s.steps[9].body);
  EXPECT_EQ(flap.second.id, "p2");
  EXPECT_EQ(flap.times, 3u);
  EXPECT_EQ(std::get<AdvanceStep>(s.steps[10].body).duration, 90'000);
  EXPECT_EQ(std::get<RunStep>(s.steps[11].body).limit, 600'000);
  EXPECT_EQ(std::get<RunStep>(s.steps[12].body).limit, kRunLimitDefault);
  EXPECT_EQ(std::get<CheckpointStep>(s.steps[13].body).name, "created");
  const auto& partial = std::get<CheckpointStep>(s.steps[14].body);
  EXPECT_EQ(partial.prefixes, (std::vector<std::string>{"/state", "/monitoring"}));
  EXPECT_EQ(s.steps[14].at, 3'600'000);
  const auto& expect = std::get<ExpectStep>(s.steps[15].body);
  ASSERT_EQ(expect.checks.size(), 4u);
  EXPECT_EQ(expect.checks[0].kind, Expectation::Kind::kExists);
  EXPECT_EQ(expect.checks[1].kind, Expectation::Kind::kAbsent);
  EXPECT_EQ(expect.checks[2].path, "/state/worker_state");
  EXPECT_EQ(expect.checks[2].equals, Json("CREATE_COMPLETE"));
  EXPECT_EQ(expect.checks[3].kind, Expectation::Kind::kMatches);
  EXPECT_EQ(expect.checks[2].mark.text(), "s.yaml:27:9");
  EXPECT_EQ(std::get<DeleteStep>(s.steps[16].body).set, Json::object());
  EXPECT_EQ(std::get<DeleteStep>(s.steps[17].body).set.dump(), R"({"fake_delete":false})");
  EXPECT_EQ(s.checkpoint_count(), 2u);
  EXPECT_EQ(s.expect_count(), 4u);
}

TEST(ScenarioParser, ReadsHeatDuration) {
  auto parsed = parse_text(
      "product: heat-only\nsteps:\n"
      "  - heat: {duration: {type: port, id: p1, action: update, takes: 1m30s250ms}}\n"
      "  - heat: {duration: {type: port, id: p1, takes: 0}}\n");
  ASSERT_TRUE(parsed.ok()) << esisim::testing::joined(parsed.error());
  const auto& steps = parsed.value().steps;
  ASSERT_EQ(steps.size(), 3u);  // the implicit templates step first
  const auto& d = std::get<HeatDurationStep>(steps[1].body);
  EXPECT_EQ(d.resource.id, "p1");
  EXPECT_EQ(d.action, HeatAction::kUpdate);
  EXPECT_EQ(d.takes, 90'250);
  EXPECT_EQ(steps[1].describe(), "heat.duration port p1 update takes 90250 ms");
  EXPECT_EQ(std::get<HeatDurationStep>(steps[2].body).action, HeatAction::kCreate);
  EXPECT_EQ(std::get<HeatDurationStep>(steps[2].body).takes, 0);
}

TEST(ScenarioParser, DefaultsAndTheImplicitTemplatesStep) {
  auto parsed = parse_text("product: '2017'\nsteps:\n  - advance: 250\n");
  ASSERT_TRUE(parsed.ok()) << esisim::testing::joined(parsed.error());
  const Scenario& s = parsed.value();
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.workers, 8u);
  EXPECT_EQ(s.templates.dir, "fx/esi/heat_templates-2017");
  EXPECT_EQ(s.templates.mappings, "fx/esi/template_mappings-2017.json");
  ASSERT_EQ(s.redactions.size(), 3u) << "job_suffix, heat_uuid and time by default";
  ASSERT_EQ(s.steps.size(), 2u);
  const auto& load = std::get<TemplatesStep>(s.steps[0].body);
  EXPECT_TRUE(load.all);
  EXPECT_TRUE(load.implicit);
  EXPECT_EQ(s.steps[0].mark.text(), "s.yaml:1:10");
  EXPECT_EQ(std::get<AdvanceStep>(s.steps[1].body).duration, 250);
}

TEST(ScenarioParser, NamedTemplateSetAndBodyFilesAreRelativeToTheScenario) {
  MemorySourceLoader loader;
  loader.put("dir/bodies/net.json", R"({"name": "from json", "admin_state_up": true})");
  loader.put("dir/bodies/port.yaml", "name: from yaml\nfixed_ips: []\n");
  auto parsed = parse_text(R"(templates: {dir: ../t, mappings: m.json}
schemas: my_schemas.json
redact: []
steps:
  - create: {type: network, id: n1, body_file: bodies/net.json}
  - create: {type: port, id: p1, body_file: bodies/port.yaml}
  - update: {type: port, id: p1, body_file: bodies/port.yaml}
)",
                           loader, "dir/s.yaml");
  ASSERT_TRUE(parsed.ok()) << esisim::testing::joined(parsed.error());
  const Scenario& s = parsed.value();
  EXPECT_EQ(s.templates.product, "");
  EXPECT_EQ(s.templates.dir, "t");
  EXPECT_EQ(s.templates.mappings, "dir/m.json");
  EXPECT_EQ(s.schemas, "dir/my_schemas.json");
  EXPECT_TRUE(s.redactions.empty());
  const auto& net = std::get<CreateStep>(s.steps[1].body);
  EXPECT_EQ(net.body_file, "dir/bodies/net.json");
  EXPECT_EQ(net.body.dump(), R"({"name":"from json","admin_state_up":true})");
  EXPECT_EQ(std::get<CreateStep>(s.steps[2].body).body.dump(),
            R"({"name":"from yaml","fixed_ips":[]})");
  EXPECT_EQ(std::get<UpdateStep>(s.steps[3].body).mode, UpdateStep::Mode::kReplace);
}

TEST(ScenarioParser, AnchorsReuseBodiesAndStepLists) {
  auto parsed = parse_text(R"(product: heat-only
definitions:
  port: &port {admin_state_up: true, device_owner: ""}
  topology: &topology
    - create: {type: network, id: n1, body: {name: n1}}
    - create: {type: port, id: p1, body: {<<: *port, name: p1}}
x-note: free
steps:
  - *topology
  - create: {type: port, id: p2, body: {<<: *port, name: p2}}
)");
  ASSERT_TRUE(parsed.ok()) << esisim::testing::joined(parsed.error());
  const Scenario& s = parsed.value();
  ASSERT_EQ(s.steps.size(), 4u);
  EXPECT_EQ(std::get<CreateStep>(s.steps[1].body).resource.id, "n1");
  EXPECT_EQ(s.steps[1].mark.text(), "s.yaml:5:7") << "an aliased step keeps its anchor's place";
  EXPECT_EQ(std::get<CreateStep>(s.steps[2].body).body.dump(),
            R"({"name":"p1","admin_state_up":true,"device_owner":""})");
  EXPECT_EQ(std::get<CreateStep>(s.steps[3].body).body.dump(),
            R"({"name":"p2","admin_state_up":true,"device_owner":""})");
}

TEST(ScenarioParser, IncludesSpliceStepsAndKeepTheirPlaces) {
  MemorySourceLoader loader;
  loader.put("parts/topo.yaml", R"(description: shared topology
steps:
  - create: {type: network, id: n1, body: {name: n1}}
  - include: more.yaml
)");
  loader.put("parts/more.yaml", "steps:\n  - create: {type: subnet, id: s1, body: {}}\n");
  auto parsed = parse_text(R"(product: heat-only
steps:
  - include: parts/topo.yaml
  - run: quiescent
)",
                           loader);
  ASSERT_TRUE(parsed.ok()) << esisim::testing::joined(parsed.error());
  const Scenario& s = parsed.value();
  ASSERT_EQ(s.steps.size(), 4u);
  EXPECT_EQ(s.steps[1].mark.text(), "parts/topo.yaml:3:5");
  ASSERT_EQ(s.steps[1].included_from.size(), 1u);
  EXPECT_EQ(s.steps[1].included_from[0].text(), "s.yaml:3:5");
  EXPECT_EQ(s.steps[2].mark.text(), "parts/more.yaml:2:5");
  ASSERT_EQ(s.steps[2].included_from.size(), 2u);
  EXPECT_EQ(s.steps[2].included_from[1].text(), "parts/topo.yaml:4:5");
  EXPECT_TRUE(s.steps[3].included_from.empty());
}

TEST(ScenarioParser, IncludeErrorsPointIntoTheIncludedFile) {
  MemorySourceLoader loader;
  loader.put("a.yaml", "steps:\n  - include: b.yaml\n");
  loader.put("b.yaml", "steps:\n  - include: a.yaml\n");
  loader.put("bad.yaml", "seed: 3\nsteps:\n  - advance: soon\n");
  EXPECT_EQ(parse_errors("product: heat-only\nsteps:\n  - include: a.yaml\n", loader),
            "b.yaml:2:14: include cycle: s.yaml -> a.yaml -> b.yaml -> a.yaml (included from "
            "a.yaml:2:5)\n");
  EXPECT_EQ(parse_errors("product: heat-only\nsteps:\n  - include: bad.yaml\n", loader),
            "bad.yaml:1:1: key 'seed' is not allowed in an included file (expected: definitions, "
            "description, steps, or an x-* key) (included from s.yaml:3:5)\n"
            "bad.yaml:3:14: expected a duration such as 500ms, 30s, 5m, 1h, 1m30s or an integer of "
            "milliseconds, found 'soon' for 'advance' (included from s.yaml:3:5)\n");
  EXPECT_EQ(parse_errors("product: heat-only\nsteps:\n  - include: nope.yaml\n", loader),
            "s.yaml:3:14: cannot include: nope.yaml: cannot open the file\n");
  EXPECT_EQ(parse_errors("product: heat-only\nsteps:\n  - include: a.yaml\n    label: x\n", loader),
            "s.yaml:4:5: 'include' takes no 'at' or 'label' (put them on the included steps)\n");
}

TEST(ScenarioParser, StepErrorsSayWhereAndWhatWasExpected) {
  const std::string head = "product: heat-only\nsteps:\n";
  struct Case {
    std::string steps;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"  - crate: {type: network, id: n1}\n",
       "s.yaml:3:5: unknown step 'crate' (expected one of: advance, checkpoint, create, delete, "
       "expect, heat, include, monitor, run, templates, update); did you mean 'create'?"},
      {"  - create: {type: network, id: n1, body: {}}\n    run: quiescent\n",
       "s.yaml:4:5: two steps in one list item ('create' and 'run'); start each step with '- '"},
      {"  - label: lonely\n",
       "s.yaml:3:5: expected a step (one of: advance, checkpoint, create, delete, expect, heat, "
       "include, monitor, run, templates, update) in this list item"},
      {"  - just text\n",
       "s.yaml:3:5: expected a step (a map with one of: advance, checkpoint, create, delete, "
       "expect, heat, include, monitor, run, templates, update), found 'just text'"},
      {"  - create: {type: network, body: {}}\n", "s.yaml:3:13: missing field 'id' in create"},
      {"  - create: {type: network, id: n1}\n",
       "s.yaml:3:13: missing field: create needs one of: body, body_file"},
      {"  - create: {type: network, id: n1, body: {}, body_file: x.json}\n",
       "s.yaml:3:47: create takes only one of: body, body_file"},
      {"  - create: {type: network, id: n1, bdy: {}}\n",
       "s.yaml:3:37: unknown field 'bdy' in create (expected one of: body, body_file, id, type); "
       "did you mean 'body'?"},
      {"  - create: {type: [network], id: n1, body: {}}\n",
       "s.yaml:3:20: expected a string for 'type', found a list"},
      {"  - create: {type: network, id: n1, body: [1]}\n",
       "s.yaml:3:43: expected a map for 'body', found a list"},
      {"  - create: {type: network, id: n1, body: {id: n2}}\n",
       "s.yaml:3:13: the body's id \"n2\" differs from the step's id 'n1'"},
      {"  - create: network\n",
       "s.yaml:3:13: expected a map for create (fields: body, body_file, id, type), found "
       "'network'"},
      {"  - update: {type: network, id: n1}\n",
       "s.yaml:3:13: missing field: update needs one of: body, body_file, set"},
      {"  - delete: {type: network}\n", "s.yaml:3:13: missing field 'id' in delete"},
      {"  - delete: {type: network, id: n1, set: [a]}\n",
       "s.yaml:3:42: expected a map for 'set', found a list"},
      {"  - delete: {type: network, id: n1, set: {id: n2}}\n",
       "s.yaml:3:42: a delete cannot change the id"},
      {"  - templates: {load: some}\n",
       "s.yaml:3:23: expected 'all' or a non-empty list of template names for 'load', found "
       "'some'"},
      {"  - advance: 0s\n", "s.yaml:3:14: expected a duration above 0 for 'advance'"},
      {"  - advance: 5x\n",
       "s.yaml:3:14: expected a duration such as 500ms, 30s, 5m, 1h, 1m30s or an integer of "
       "milliseconds, found '5x' for 'advance'"},
      {"  - run: forever\n",
       "s.yaml:3:10: expected 'quiescent' or {until: quiescent, limit: <duration>} for 'run', "
       "found 'forever'"},
      {"  - run: {until: done}\n", "s.yaml:3:18: expected 'quiescent' for 'until', found 'done'"},
      {"  - run: quiescent\n    at: 5s\n",
       "s.yaml:4:5: 'run' takes no 'at' (it already moves the clock)"},
      {"  - heat: {explode: {}}\n",
       "s.yaml:3:12: unknown field 'explode' in heat (expected one of: duration, fail, "
       "output_error, "
       "pin, timeout)"},
      {"  - heat: {fail: {type: port, id: p1}, pin: {}}\n",
       "s.yaml:3:11: expected exactly one of: duration, fail, output_error, pin, timeout in "
       "'heat'"},
      {"  - heat: {duration: {type: port, id: p1}}\n",
       "s.yaml:3:22: missing field 'takes' in heat.duration"},
      {"  - heat: {duration: {type: port, id: p1, takes: soon}}\n",
       "s.yaml:3:50: expected a duration such as 500ms, 30s, 5m, 1h, 1m30s or an integer of "
       "milliseconds, found 'soon' for 'takes'"},
      {"  - heat: {fail: {type: port, id: p1, action: destroy}}\n",
       "s.yaml:3:47: unknown action 'destroy' (expected one of: create, delete, update)"},
      {"  - heat: {pin: {type: port, id: p1, output: x}}\n",
       "s.yaml:3:17: missing field 'value' in heat.pin"},
      {"  - monitor: {type: port, id: p1, statuses: [UP, DOWN]}\n",
       "s.yaml:3:50: unknown status 'DOWN' (expected one of: BACKUP, ESTABLISHED, FAIL, MASTER, "
       "UP)"},
      {"  - monitor: {type: port, id: p1, statuses: []}\n",
       "s.yaml:3:45: expected a list of 1 to 10000 statuses for 'statuses', found a list"},
      {"  - monitor: {flap: [{type: port, id: p1}]}\n",
       "s.yaml:3:21: expected a list of two resources [{type, id}, {type, id}] for 'flap', found "
       "a list"},
      {"  - monitor: {flap: [{type: port, id: p1}, {type: port, id: p2}], times: 0}\n",
       "s.yaml:3:74: expected an integer from 1 to 100000 for 'times', found '0'"},
      {"  - checkpoint: 'bad/name'\n",
       "s.yaml:3:17: expected a checkpoint name (letters, digits, '_', '-', '.'; it names the "
       "golden file) or {name, prefixes}, found 'bad/name'"},
      {"  - checkpoint: {name: c, prefixes: [state]}\n",
       "s.yaml:3:38: expected a key prefix starting with '/', found 'state'"},
      {"  - expect: [{key: /a}]\n",
       "s.yaml:3:14: expected exactly one of: absent, equals, exists, matches in an expect check"},
      {"  - expect: [{key: /a, exists: true, absent: true}]\n",
       "s.yaml:3:38: expected exactly one of: absent, equals, exists, matches in an expect check"},
      {"  - expect: [{key: a, exists: true}]\n",
       "s.yaml:3:20: expected an etcd key starting with '/' for 'key'"},
      {"  - expect: [{key: /a, exists: false}]\n",
       "s.yaml:3:32: expected true for 'exists', found 'false'"},
      {"  - expect: [{key: /a, matches: '(unclosed'}]\n",
       "s.yaml:3:33: invalid regex for 'matches': Mismatched '(' and ')' in regular expression"},
      {"  - expect: [{key: /a, path: state, exists: true}]\n",
       "s.yaml:3:30: expected a JSON pointer such as /state/worker_state for 'path', found "
       "'state'"},
      {"  - advance: 1s\n    at: 2s\n",
       "s.yaml:4:5: 'advance' takes no 'at' (it already moves the clock)"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(parse_errors(head + c.steps), c.error + "\n") << c.steps;
  }
}

TEST(ScenarioParser, TopLevelErrors) {
  EXPECT_EQ(parse_errors("steps:\n  - advance: 1s\n"),
            "s.yaml:1:1: missing key 'product' (heat-only or 2017) or 'templates' ({dir, "
            "mappings})\n");
  EXPECT_EQ(parse_errors("product: heat-only\ntemplates: {dir: a, mappings: b}\nsteps: [{advance: "
                         "1s}]\n"),
            "s.yaml:2:1: both 'product' and 'templates' name a template set (expected one of "
            "them)\n");
  EXPECT_EQ(parse_errors("product: heat-ony\nsteps: [{advance: 1s}]\n"),
            "s.yaml:1:10: unknown product 'heat-ony' (expected one of: 2017, heat-only); did you "
            "mean 'heat-only'?\n");
  EXPECT_EQ(parse_errors("product: heat-only\nstep: []\n"),
            "s.yaml:2:1: unknown key 'step' (expected one of: definitions, description, name, "
            "product, redact, schemas, seed, steps, templates, workers, or an x-* key); did you "
            "mean 'steps'?\n"
            "s.yaml:1:1: missing key 'steps' (a list of steps)\n");
  EXPECT_EQ(parse_errors("product: heat-only\nsteps: []\n"),
            "s.yaml:2:8: expected a non-empty list of steps for 'steps', found a list\n");
  EXPECT_EQ(parse_errors("product: heat-only\nname: other\nsteps: [{advance: 1s}]\n"),
            "s.yaml:2:7: name 'other' differs from the file's name 's' (goldens and dumps are "
            "named after the file; drop 'name' or rename the file)\n");
  EXPECT_EQ(parse_errors("product: heat-only\nseed: -1\nworkers: 0\nsteps: [{advance: 1s}]\n"),
            "s.yaml:2:7: expected an integer from 0 to 18446744073709551615 for 'seed', found "
            "'-1'\n"
            "s.yaml:3:10: expected an integer from 1 to 1024 for 'workers', found '0'\n");
  EXPECT_EQ(parse_errors("product: heat-only\nredact: [uuid, {key_regex: '[', as: x}]\nsteps: "
                         "[{advance: 1s}]\n"),
            "s.yaml:2:10: unknown redaction 'uuid' (expected one of: heat_uuid, job_suffix, "
            "time, or {key_regex, path, as})\n"
            "s.yaml:2:28: invalid regex for 'key_regex': Unexpected character within '[...]' in "
            "regular expression\n");
  EXPECT_EQ(parse_errors("- a\n- b\n"),
            "s.yaml:1:1: expected a map with 'steps' at the top of a scenario, found a list\n");
  EXPECT_EQ(parse_errors("product: [\n"),
            "s.yaml:2:1: not valid YAML: end of sequence flow not found\n");
}

TEST(ScenarioParser, ReservedScenarioNames) {
  MemorySourceLoader loader;
  auto parsed = esisim::scenario::parse_scenario_text(
      "product: heat-only\nsteps: [{advance: 1s}]\n", "x/esi.yaml", loader, ParseOptions{"fx"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(esisim::testing::joined(parsed.error()),
            "x/esi.yaml:1:1: scenario file name 'esi' cannot name a golden folder (expected "
            "letters, digits, '_', '-' or '.', and none of: dumps, esi, history, snapshots, "
            "seeds, traces)\n");
}

TEST(ScenarioParser, GathersManyErrorsInOnePass) {
  std::string text = "product: heat-only\nsteps:\n";
  for (int i = 0; i < 5; ++i) text += "  - advance: never\n";
  auto parsed = parse_text(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().size(), 5u);
  EXPECT_NE(parsed.error()[4].message.find("s.yaml:7:14:"), std::string::npos);
}

TEST(ScenarioParser, ClosestNameSuggestsOnlyNearWords) {
  EXPECT_EQ(closest_name("crate", step_names()), "create");
  EXPECT_EQ(closest_name("checkpiont", step_names()), "checkpoint");
  EXPECT_EQ(closest_name("zzzzzz", step_names()), "");
}

}  // namespace
}  // namespace esisim::scenario
