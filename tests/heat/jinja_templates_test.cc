// The Jinja2 renderer on the real templates: every template variant of both generations
// renders with the variables of every recorded job made from it (heat templates give a HOT
// mapping with `resources`, monitoring templates a status), and every variant renders with
// variables derived from its own parameter_mappings.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/heat/jinja.h"
#include "core/heat/monitoring_items.h"
#include "tests/heat/jinja_fixtures.h"
#include "yaml-cpp/yaml.h"

namespace esisim::testing {
namespace {

using nlohmann::ordered_json;

const heat::JinjaTemplate* parsed(const TemplateVariant& variant) {
  static std::map<std::string, heat::JinjaTemplate> cache;
  auto it = cache.find(variant.label());
  if (it == cache.end()) {
    auto result = heat::parse_jinja(variant.id, variant.template_file);
    EXPECT_TRUE(result.ok()) << variant.label() << ": " << result.error().message;
    if (!result.ok()) return nullptr;
    it = cache.emplace(variant.label(), std::move(result.value())).first;
  }
  return &it->second;
}

// Checks what the worker does with the rendered text; returns a failure description or "".
std::string check_rendered(const TemplateVariant& variant, const std::string& text) {
  if (variant.handler == "monitoring_worker") {
    auto status = heat::monitoring_status_from_rendered(variant.id, text);
    return status.ok() ? "" : status.error().message;
  }
  try {
    const YAML::Node document = YAML::Load(text);
    if (!document.IsMap()) return "rendered HOT is not a mapping";
    if (!document["resources"] || !document["resources"].IsMap()) return "no resources mapping";
    if (!document["heat_template_version"]) return "no heat_template_version";
  } catch (const YAML::Exception& error) {
    return std::string("rendered HOT is not YAML: ") + error.what();
  }
  return "";
}

TEST(JinjaTemplates, AllVariantsOfBothFoldersParse) {
  std::size_t heat_count = 0, monitoring_count = 0;
  for (const auto& variant : template_variants()) {
    ASSERT_NE(parsed(variant), nullptr);
    (variant.handler == "monitoring_worker" ? monitoring_count : heat_count)++;
  }
  // 50 HEAD files + 11 other variants; 58 files of 2017 (23 monitoring).
  EXPECT_EQ(template_variants().size(), 119u);
  EXPECT_EQ(heat_count, 96u);
  EXPECT_EQ(monitoring_count, 23u);
}

TEST(JinjaTemplates, EveryRecordedJobRendersEveryVariantOfItsTemplate) {
  std::size_t renders = 0, heat_renders = 0, monitoring_renders = 0;
  std::map<std::string, std::size_t> per_template;
  for (const auto& job : recorded_jobs()) {
    const std::string id = template_id_of(job);
    ASSERT_FALSE(id.empty()) << job.trace << ": no template for job " << job.job["id"];
    const ordered_json variables = variables_of(job.job, job.handler, placeholder_output);
    for (const auto& variant : template_variants()) {
      if (variant.generation != job.generation || variant.id != id) continue;
      const heat::JinjaTemplate* jinja_template = parsed(variant);
      ASSERT_NE(jinja_template, nullptr);
      auto text = heat::render(*jinja_template, variables);
      ASSERT_TRUE(text.ok()) << job.trace << " " << job.job["id"] << ": " << text.error().message;
      EXPECT_EQ(check_rendered(variant, text.value()), "")
          << job.trace << " " << job.job["id"] << " with " << variant.label() << ":\n"
          << text.value();
      ++renders;
      ++per_template[variant.label()];
      (variant.handler == "monitoring_worker" ? monitoring_renders : heat_renders)++;
    }
  }
  // 147 recorded jobs (7 + 16 + 19 + 32 + 7 + 31 + 35); a job of a HEAD template with two
  // variants renders both: 185 renders (146 HOT, 39 monitoring) of 46 template variants.
  EXPECT_EQ(recorded_jobs().size(), 147u);
  EXPECT_EQ(renders, 185u);
  EXPECT_EQ(heat_renders, 146u);
  EXPECT_EQ(monitoring_renders, 39u);
  EXPECT_EQ(per_template.size(), 46u);
}

// Variables for every parameter of a template (jinja_* only for heat templates): lists for
// for_field mappings, a number for slot numbers, true for `attached`, fixed ips as recorded,
// lists for `*_ids`, a CIDR for uplink ips, a string otherwise.
ordered_json variables_from_mappings(const TemplateVariant& variant) {
  ordered_json variables = ordered_json::object();
  for (auto it = variant.parameter_mappings.begin(); it != variant.parameter_mappings.end(); ++it) {
    const std::string& name = it.key();
    if (variant.handler == "heat_worker" && name.rfind("jinja_", 0) != 0) continue;
    ordered_json value = "v-" + name;
    if (it.value().is_object() && it.value().contains("for_field")) {
      value = {"v-" + name + "-0", "v-" + name + "-1"};
    } else if (name.find("slot_number") != std::string::npos) {
      value = 1;
    } else if (name.find("attached") != std::string::npos) {
      value = true;
    } else if (name == "jinja_fixed_ips" || name == "fixed_ips") {
      value = ordered_json::parse(R"([{"ip_address": "10.0.0.2", "subnet_id": "s-1"}])");
    } else if (name.size() > 4 && name.compare(name.size() - 4, 4, "_ids") == 0) {
      value = {"v-" + name + "-0", "v-" + name + "-1"};
    } else if (name.find("uplink_ip") != std::string::npos) {
      value = "192.0.2.1/30";
    }
    variables[name] = value;
  }
  return variables;
}

TEST(JinjaTemplates, EveryVariantRendersWithVariablesFromItsMappings) {
  std::size_t renders = 0;
  for (const auto& variant : template_variants()) {
    const heat::JinjaTemplate* jinja_template = parsed(variant);
    ASSERT_NE(jinja_template, nullptr);
    auto text = heat::render(*jinja_template, variables_from_mappings(variant));
    ASSERT_TRUE(text.ok()) << variant.label() << ": " << text.error().message;
    EXPECT_EQ(check_rendered(variant, text.value()), "") << variant.label() << ":\n"
                                                         << text.value();
    ++renders;
  }
  EXPECT_EQ(renders, 119u);
}

}  // namespace
}  // namespace esisim::testing
