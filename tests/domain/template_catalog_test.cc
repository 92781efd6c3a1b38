#include "core/domain/template_catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>

#include "tests/domain/fixture_reader.h"

namespace esisim::domain {
namespace {

using nlohmann::ordered_json;

SchemaCatalog LoadSchemas() {
  auto catalog = SchemaCatalog::from_json(testing::read_fixture_json("esi/schemas.json"));
  EXPECT_TRUE(catalog.ok());
  return std::move(*catalog);
}

TEST(TemplateCatalog, ParsesStoredRecordWithEncodedBody) {
  const ordered_json record = {
      {"body",
       R"({"handler":"heat_worker","id":"network","parameter_mappings":{"admin_state_up":"Padmin_state_up","heat_timeout":"C3","name":"Pid","uuid":"Pid"},"template_file":"x","watch":[]})"},
      {"marked_for_deletion", false},
      {"version", 1}};
  auto parsed = parse_heat_template_record(record);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->id, "network");
  EXPECT_EQ(parsed->handler, "heat_worker");
  EXPECT_EQ(parsed->template_file, "x");
  EXPECT_EQ(parsed->parameter_mappings.begin().key(), "admin_state_up");  // stored order
  EXPECT_EQ(parsed->parameter_mappings["heat_timeout"], "C3");
  EXPECT_FALSE(parse_heat_template_record(ordered_json{{"body", "{"}}).ok());
  EXPECT_FALSE(parse_heat_template_body(ordered_json{{"id", "x"}}).ok());
}

// Every template file shipped in fixtures/esi parses, and its id matches the file name.
TEST(TemplateCatalog, LoadsAllShippedTemplates) {
  for (const auto& [dir, expected_count] :
       {std::pair<std::string, int>{"esi/heat_templates", 50}, {"esi/heat_templates-2017", 58}}) {
    TemplateCatalog catalog;
    int monitoring = 0;
    for (const auto& entry : std::filesystem::directory_iterator(testing::fixture_path(dir))) {
      const std::string name = entry.path().filename().string();
      const ordered_json file = testing::read_fixture_json(dir + "/" + name);
      auto parsed = parse_heat_template_record(file.contains("value") ? file["value"] : file);
      ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.error().message;
      EXPECT_EQ(parsed->id + ".json", name);
      if (parsed->handler == "monitoring_worker") ++monitoring;
      ASSERT_TRUE(catalog.put(std::move(*parsed)).ok());
    }
    EXPECT_EQ(static_cast<int>(catalog.size()), expected_count) << dir;
    EXPECT_EQ(monitoring, dir == "esi/heat_templates" ? 0 : 23) << dir;
  }
}

TEST(TemplateMappings, SchemasTemplatePathEqualsHeatOnlyMappingsFile) {
  const TemplateMappings from_schemas = TemplateMappings::from_schemas(LoadSchemas());
  auto from_file =
      TemplateMappings::from_json(testing::read_fixture_json("esi/template_mappings.json"));
  ASSERT_TRUE(from_file.ok());
  EXPECT_EQ(from_file->handlers(), std::vector<std::string>{"heat_worker"});
  const auto& a = from_schemas.for_handler("heat_worker");
  const auto& b = from_file->for_handler("heat_worker");
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [type, mapping] : a) {
    ASSERT_NE(from_file->find("heat_worker", type), nullptr) << type;
    EXPECT_EQ(nlohmann::json(mapping), nlohmann::json(*from_file->find("heat_worker", type)))
        << type;
  }
}

TEST(TemplateMappings, Generation2017HasTwoHandlersHeatFirst) {
  auto mappings =
      TemplateMappings::from_json(testing::read_fixture_json("esi/template_mappings-2017.json"));
  ASSERT_TRUE(mappings.ok());
  EXPECT_EQ(mappings->handlers(), (std::vector<std::string>{"heat_worker", "monitoring_worker"}));
  EXPECT_EQ(*mappings->find("monitoring_worker", "ha_router"), "Cha_router_monitoring");
  EXPECT_EQ(mappings->find("heat_worker", "ha_router"), nullptr);
  EXPECT_EQ(mappings->find("nobody", "port"), nullptr);
}

}  // namespace
}  // namespace esisim::domain
