// A bad heat template reaches the scenario author as bad input (exit 2) naming the template and
// the line: Jinja syntax errors when the set is loaded (the template's own line), YAML syntax
// errors, unknown intrinsic functions and missing attributes when a job renders it (the line of
// the rendered text, shown with a caret). The stack itself fails as Heat would fail it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "nlohmann/json.hpp"
#include "sim/workers/template_error.h"
#include "tests/cli/cli_run.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

const std::string kFixtures = ESISIM_FIXTURES_DIR;
constexpr const char* kFqNameOutput = "value: { get_attr: [network, fq_name] }";

ordered_json read_json(const std::string& path) {
  std::ifstream in(path);
  return ordered_json::parse(in);
}

// A copy of the bundled heat-only template set whose network template_file has `from`
// replaced by `to`, and a scenario creating one network; returns the scenario's path.
std::string bad_set(const std::string& name, const std::string& from, const std::string& to) {
  std::string dir = ::testing::TempDir() + "/bad_template/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(kFixtures + "/esi/heat_templates", dir + "/tpl", fs::copy_options::recursive);
  fs::copy_file(kFixtures + "/esi/template_mappings.json", dir + "/mappings.json");
  ordered_json record = read_json(dir + "/tpl/network.json");
  std::string& text = record["value"]["body"]["template_file"].get_ref<std::string&>();
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  std::ofstream(dir + "/tpl/network.json") << record.dump(1);
  std::string scenario = dir + "/" + name + ".yaml";
  std::ofstream(scenario) << "templates: {dir: tpl, mappings: mappings.json}\n"
                             "steps:\n"
                             "  - create: {type: network, id: n1, body: {name: n1, tenant_id: t}}\n"
                             "  - run: quiescent\n"
                             "  - expect: [{key: /state/v2.0/networks/n1, exists: true}]\n";
  return scenario;
}

esisim::testing::CliRun run(const std::string& scenario) {
  return esisim::testing::run_esisim("run --fixtures " + kFixtures + " " + scenario, "env -u CI");
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(BadTemplate, UnknownIntrinsicFunctionNamesTheRenderedLine) {
  auto r = run(bad_set("unknown_fn", kFqNameOutput, "value: { get_fqname: [network, fq_name] }"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output,
                  "FAIL unknown_fn: run failed: bad template: job "
                  "create:heat_worker:network:n1:1:"))
      << r.output;
  EXPECT_TRUE(has(r.output,
                  "network:62:12: unknown intrinsic function 'get_fqname'; expected "
                  "one of get_param,"))
      << r.output;
  EXPECT_TRUE(has(r.output,
                  "    rendered line 62:     value: { get_fqname: [network, fq_name] }\n"
                  "                                 ^\n"))
      << r.output;
  EXPECT_TRUE(has(r.output, "unknown_fn.yaml:4:5 (step 3: run until quiescent")) << r.output;
  EXPECT_TRUE(has(r.output, "total: 0 passed, 1 failed")) << r.output;
}

TEST(BadTemplate, YamlSyntaxErrorNamesTheRenderedLine) {
  auto r = run(bad_set("yaml_error", kFqNameOutput, "value: { get_attr: [network, fq_name] ]"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "network:62:43: YAML syntax error")) << r.output;
  EXPECT_TRUE(has(r.output, "rendered line 62:     value: { get_attr: [network, fq_name] ]"))
      << r.output;
}

TEST(BadTemplate, MissingAttributeNamesTheResourceAndTheLine) {
  auto r = run(bad_set("missing_attr", kFqNameOutput, "value: { get_attr: [network, no_attr] }"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output,
                  "network:62:34: get_attr: resource 'network' "
                  "(OS::Contrail::VirtualNetwork) has no attribute 'no_attr'; expected "
                  "one of name, fq_name"))
      << r.output;
}

TEST(BadTemplate, JinjaSyntaxErrorIsFoundWhenTheSetIsLoaded) {
  std::string scenario = bad_set("jinja_error", "resources:", "{% if x %}\nresources:");
  auto r = run(scenario);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "FAIL jinja_error: templates failed: ")) << r.output;
  EXPECT_TRUE(has(r.output,
                  "/bad_template/jinja_error/tpl/network.json: bad template_file: "
                  "network: line 42, column 1: unclosed '{% if %}'"))
      << r.output;
  EXPECT_FALSE(has(r.output, "run failed")) << "no job ran";
}

TEST(BadTemplate, TheBundledSetIsNotBadInput) {
  auto r = run(bad_set("good", kFqNameOutput, kFqNameOutput));
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(RenderedExcerpt, ShowsTheLineAndACaretUnderTheColumn) {
  using esisim::sim::rendered_excerpt;
  EXPECT_EQ(rendered_excerpt("t:2:3: bad", "t", "a: 1\nb: {x\nc: 3\n"),
            "\n    rendered line 2: b: {x\n                       ^\n");
  EXPECT_EQ(rendered_excerpt("t: line 2, column 3: bad", "t", "a\nb\n"), "");  // Jinja form
  EXPECT_EQ(rendered_excerpt("other:2:3: bad", "t", "a\nb\n"), "");
  EXPECT_EQ(rendered_excerpt("t:9:1: bad", "t", "a\nb\n"), "");  // no such line
  EXPECT_EQ(rendered_excerpt("t:1:99: bad", "t", "abc"), "\n    rendered line 1: abc\n");
  EXPECT_EQ(esisim::sim::template_error_text("job1", "t:1:1: bad", "\n  x\n"),
            "job job1: t:1:1: bad\n  x");
}

}  // namespace
