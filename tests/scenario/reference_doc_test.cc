// docs/scenario-reference.md cannot rot: every yaml example parses and validates against the
// real schema catalogue and heat-only template set, every step kind has an example, and
// docs/scenario.schema.json names exactly the parser's steps, top-level keys and statuses.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/scenario/parser.h"
#include "sim/scenario/validate.h"
#include "sim/scenario/yaml_json.h"
#include "tests/domain/fixture_reader.h"
#include "tests/scenario/scenario_test_util.h"

namespace esisim::scenario {
namespace {

using Json = nlohmann::ordered_json;

std::string read_doc(const std::string& name) {
  std::ifstream in(std::string(ESISIM_DOCS_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Block {
  std::string language;
  std::string file;  // from "file=PATH" in the fence, else ""
  std::string text;
  int line = 0;
};

std::vector<Block> fenced_blocks(const std::string& markdown) {
  std::vector<Block> blocks;
  std::istringstream in(markdown);
  std::string line;
  std::optional<Block> open;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (open) {
      if (line == "```") {
        blocks.push_back(*open);
        open.reset();
      } else {
        open->text += line + "\n";
      }
      continue;
    }
    // "```yaml" or "```yaml file=PATH"
    if (line.rfind("```", 0) != 0 || line.size() == 3) continue;
    std::istringstream words(line.substr(3));
    Block block{"", "", "", number + 1};
    std::string option;
    words >> block.language >> option;
    if (option.rfind("file=", 0) == 0) block.file = option.substr(5);
    open = block;
  }
  EXPECT_FALSE(open.has_value()) << "unclosed fence";
  return blocks;
}

TEST(ScenarioReferenceDoc, EveryExampleParsesAndValidates) {
  std::vector<Block> blocks = fenced_blocks(read_doc("scenario-reference.md"));
  MemorySourceLoader loader;
  for (const Block& b : blocks) {
    if (!b.file.empty()) loader.put("scenarios/" + b.file, b.text);
  }
  auto catalog =
      domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"));
  ASSERT_TRUE(catalog.ok());
  std::set<std::string, std::less<>> templates;
  for (const auto& e :
       std::filesystem::directory_iterator(esisim::testing::fixture_path("esi/heat_templates"))) {
    templates.insert(e.path().stem().string());
  }
  ValidationContext context{&catalog.value(), "schemas.json", &templates, "heat_templates"};

  std::set<std::string> kinds;
  bool included = false;
  int examples = 0;
  for (const Block& b : blocks) {
    if (b.language != "yaml" || !b.file.empty()) continue;
    ++examples;
    std::string text = b.text;
    auto root = load_yaml(text, "example.yaml");
    ASSERT_TRUE(root.ok()) << root.error().message;
    if (root.value().IsSequence()) {
      std::string indented;
      std::istringstream lines(text);
      std::string line;
      while (std::getline(lines, line)) indented += "  " + line + "\n";
      text = "product: heat-only\nsteps:\n" + indented;
    }
    auto parsed =
        parse_scenario_text(text, "scenarios/example.yaml", loader, ParseOptions{"fixtures"});
    ASSERT_TRUE(parsed.ok()) << "example at scenario-reference.md:" << b.line << "\n"
                             << esisim::testing::joined(parsed.error());
    auto errors = validate_scenario(parsed.value(), context);
    EXPECT_TRUE(errors.empty()) << "example at scenario-reference.md:" << b.line << "\n"
                                << esisim::testing::joined(errors);
    for (const Step& step : parsed.value().steps) {
      if (!std::holds_alternative<TemplatesStep>(step.body) ||
          !std::get<TemplatesStep>(step.body).implicit) {
        kinds.insert(step.kind());
      }
      included = included || !step.included_from.empty();
    }
  }
  EXPECT_GE(examples, 15);
  EXPECT_TRUE(included) << "an example of include";
  EXPECT_EQ(kinds, (std::set<std::string>{"advance", "checkpoint", "create", "delete", "expect",
                                          "heat.duration", "heat.fail", "heat.output_error",
                                          "heat.pin", "heat.timeout", "monitor", "monitor.flap",
                                          "run", "templates", "update"}));
}

TEST(ScenarioReferenceDoc, TheJsonSchemaNamesWhatTheParserReads) {
  Json schema = Json::parse(read_doc("scenario.schema.json"));
  std::vector<std::string> steps;
  for (const Json& alternative : schema["$defs"]["step"]["oneOf"]) {
    steps.push_back(alternative["required"][0]);
  }
  std::sort(steps.begin(), steps.end());
  EXPECT_EQ(steps, step_names());
  std::vector<std::string> keys;
  for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it) {
    keys.push_back(it.key());
  }
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, top_level_keys());
  EXPECT_EQ(schema["$defs"]["status"]["enum"].get<std::vector<std::string>>(), monitor_statuses());
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

}  // namespace
}  // namespace esisim::scenario
