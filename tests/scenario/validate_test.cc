// The validating pass: resource types against the schema catalogue, template names against
// the template set, resource life cycle order, checkpoint names, `at` order.
#include "sim/scenario/validate.h"

#include <gtest/gtest.h>

#include "tests/domain/fixture_reader.h"
#include "tests/scenario/scenario_test_util.h"

namespace esisim::scenario {
namespace {

class ScenarioValidate : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalog =
        domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"));
    ASSERT_TRUE(catalog.ok());
    catalog_ = std::move(catalog.value());
    templates_ = {"network", "port", "subnet"};
    context_.catalog = &*catalog_;
    context_.catalog_source = "fx/esi/schemas.json";
    context_.template_names = &templates_;
    context_.templates_source = "fx/esi/heat_templates";
  }

  std::string errors(const std::string& steps) {
    auto parsed = esisim::testing::parse_text("product: heat-only\nsteps:\n" + steps);
    if (!parsed.ok()) return "parse: " + esisim::testing::joined(parsed.error());
    return esisim::testing::joined(validate_scenario(parsed.value(), context_));
  }

  std::optional<domain::SchemaCatalog> catalog_;
  std::set<std::string, std::less<>> templates_;
  ValidationContext context_;
};

TEST_F(ScenarioValidate, AcceptsKnownTypesIdsAndSingulars) {
  EXPECT_EQ(errors("  - create: {type: network, id: n1, body: {}}\n"
                   "  - create: {type: security-group, id: g1, body: {}}\n"
                   "  - update: {type: security_group, id: g1, set: {name: x}}\n"
                   "  - templates: {load: [port, subnet]}\n"
                   "  - delete: {type: network, id: n1}\n"
                   "  - create: {type: network, id: n1, body: {}}\n"
                   "  - checkpoint: a\n  - checkpoint: b\n"),
            "");
}

TEST_F(ScenarioValidate, UnknownTypesAndTemplates) {
  EXPECT_EQ(errors("  - create: {type: netwrok, id: n1, body: {}}\n"
                   "  - heat: {pin: {type: prt, id: p1, output: x, value: 1}}\n"
                   "  - monitor: {flap: [{type: port, id: a}, {type: vmi, id: b}]}\n"
                   "  - templates: {load: [network, prot]}\n"),
            "s.yaml:3:20: unknown resource type 'netwrok' (not in the schema catalogue "
            "fx/esi/schemas.json); did you mean 'network'?\n"
            "s.yaml:4:24: unknown resource type 'prt' (not in the schema catalogue "
            "fx/esi/schemas.json); did you mean 'port'?\n"
            "s.yaml:5:50: unknown resource type 'vmi' (not in the schema catalogue "
            "fx/esi/schemas.json)\n"
            "s.yaml:6:5: unknown template 'prot' (not in the template set fx/esi/heat_templates); "
            "did you mean 'port'?\n");
}

TEST_F(ScenarioValidate, ResourceLifeCycleOrder) {
  EXPECT_EQ(errors("  - update: {type: network, id: n1, set: {}}\n"
                   "  - create: {type: network, id: n1, body: {}}\n"
                   "  - create: {type: network, id: n1, body: {}}\n"
                   "  - delete: {type: network, id: n1}\n"
                   "  - delete: {type: network, id: n1}\n"),
            "s.yaml:3:20: update of network 'n1', which no earlier step creates (or an earlier "
            "step deletes)\n"
            "s.yaml:5:20: create of network 'n1', which an earlier step already creates (at "
            "s.yaml:4:20)\n"
            "s.yaml:7:20: delete of network 'n1', which no earlier step creates (or an earlier "
            "step deletes)\n");
}

TEST_F(ScenarioValidate, CheckpointNamesAndAtOrder) {
  EXPECT_EQ(errors("  - checkpoint: c\n    at: 1m\n  - checkpoint: c\n    at: 30s\n"),
            "s.yaml:5:5: 'at' goes back in time (an earlier step is at a later time)\n"
            "s.yaml:5:5: second checkpoint named 'c' (the first is at s.yaml:3:5; each names one "
            "golden file)\n");
}

TEST_F(ScenarioValidate, WithoutCatalogueOnlyOrderIsChecked) {
  context_.catalog = nullptr;
  context_.template_names = nullptr;
  EXPECT_EQ(errors("  - create: {type: anything, id: a, body: {}}\n"
                   "  - templates: {load: [whatever]}\n"
                   "  - delete: {type: anything, id: b}\n"),
            "s.yaml:5:20: delete of anything 'b', which no earlier step creates (or an earlier "
            "step deletes)\n");
}

}  // namespace
}  // namespace esisim::scenario
