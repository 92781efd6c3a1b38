// Compiled mappings: read once, evaluated many times, with the results and the errors of the
// JSON forms (same code, same message, reported at the same point: a malformed part that the
// evaluation does not reach is no error). A compiled mapping owns its copy of the JSON.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "core/domain/mapping.h"
#include "core/domain/template_catalog.h"
#include "core/domain/template_selection.h"
#include "core/json/python_json.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::domain {
namespace {

using nlohmann::ordered_json;

const SchemaCatalog& schemas() {
  static const SchemaCatalog kCatalog =
      SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json")).value();
  return kCatalog;
}

class CompiledMappingTest : public ::testing::Test {
 protected:
  CompiledMappingTest() {
    lookup_.put("network", "net1", ordered_json{{"id", "net1"}, {"name", "n"}});
    lookup_.put("subnet", "sub1", ordered_json{{"id", "sub1"}, {"network_id", "net1"}});
  }

  // Evaluates through the JSON and through a compiled copy; both must agree; returns either.
  Result<Param> eval(const ordered_json& mapping, const ordered_json& body) {
    const MappingContext context{"port", "p1", body, 4, schemas(), lookup_};
    auto direct = evaluate_mapping("p", mapping, context);
    std::shared_ptr<const CompiledMapping> compiled = compile_mapping(mapping);
    auto again = evaluate_compiled_mapping("p", *compiled, context);
    EXPECT_EQ(direct.ok(), again.ok());
    if (direct.ok() && again.ok()) {
      EXPECT_EQ(direct->to_json(), again->to_json());
    } else if (!direct.ok() && !again.ok()) {
      EXPECT_EQ(direct.error().code, again.error().code);
      EXPECT_EQ(direct.error().message, again.error().message);
    }
    return direct;
  }

  std::string error_of(const ordered_json& mapping, const ordered_json& body = {}) {
    auto result = eval(mapping, body);
    EXPECT_FALSE(result.ok()) << mapping.dump();
    return result.ok() ? std::string() : result.error().message;
  }

  MapResourceLookup lookup_;
};

TEST_F(CompiledMappingTest, EachMalformedFormReportsItsMessage) {
  const auto where = [](const ordered_json& m) {
    return "param \"p\": mapping " + m.dump() + ": ";
  };
  const std::vector<std::pair<ordered_json, std::string>> cases = {
      {"", "empty string form"},
      {"Xab", "unknown operator 'X'"},
      {"Oab", "expected O<object>:<field>"},
      {"Mnetwork:network_id", "expected M<type>:<field>:<output_key>"},
      {"Fnetwork+network_id", "expected F<type>+<field>:...:<field>"},
      {"Fnetwork:id", "hop without '+': network"},
      {"F" + std::string(17 * 2, 'a'), "expected F<type>+<field>:...:<field>"},
      {42, "expected a string or an object"},
      {ordered_json{{"unknown", 1}}, "unknown structured form {\"unknown\":1}"},
      {ordered_json::parse(R"({"if_mapping": {"equal": [1]}})"),
       "if_mapping needs \"equal\" or \"regexp\" with two operands"},
      {ordered_json::parse(R"({"if_mapping": {"equal": [1, 1]}})"), "no then_mapping"},
      {ordered_json::parse(R"({"if_mapping": {"equal": [1, 2]}, "then_mapping": 1})"),
       "no else_mapping"},
      {ordered_json::parse(R"({"for_field": "ids", "for_mapping": 3})"),
       "for_field needs an object for_mapping"},
      {ordered_json::parse(R"({"concatenate": 3})"), "concatenate needs a list"},
      {ordered_json::parse(R"({"nested": []})"), "nested needs a list of field names"},
      {ordered_json::parse(R"({"nested": ["a", 3]})"), "nested field names must be strings"},
      {ordered_json::parse(R"({"path": 3, "field": "x"})"), "path must be a list"},
      {ordered_json::parse(R"({"path": [{"type": 1, "id": "x"}], "field": "x"})"),
       "path element needs string \"type\" and \"id\""},
      {ordered_json::parse(R"({"path": [{"type": "subnet", "id": ""}], "field": "x"})"),
       "\"id\": \"\" outside for_mapping"},
      {ordered_json::parse(R"({"path": ["no_relation"], "field": "x"})"),
       "\"no_relation\" is not a relation of port"},
      {ordered_json::parse(R"({"field": 3})"), "expected a string \"field\""},
      {ordered_json::parse(R"({"path": []})"), "expected a string \"field\""},
  };
  for (const auto& [mapping, what] : cases) {
    EXPECT_EQ(error_of(mapping), where(mapping) + what) << mapping.dump();
  }
  ordered_json too_many = ordered_json::object();
  too_many["path"] = ordered_json::array();
  for (int k = 0; k < 17; ++k) too_many["path"].push_back("network_id");
  too_many["field"] = "x";
  EXPECT_EQ(error_of(too_many), where(too_many) + "path has too many hops");
  ordered_json deep = "C1";
  for (size_t k = 0; k <= kMappingDepthMax + 1; ++k) deep = ordered_json{{"concatenate", {deep}}};
  EXPECT_EQ(error_of(deep), where(deep) + "nested deeper than the limit");
}

TEST_F(CompiledMappingTest, MalformedPartsNotReachedAreNoError) {
  // The else branch and later hops are never read when the evaluation does not get there.
  auto taken = eval(ordered_json::parse(R"({"if_mapping": {"equal": [{"field": "a"}, "x"]},
      "then_mapping": {"constant": 1}, "else_mapping": {"bogus": 1}})"),
                    ordered_json{{"a", "x"}});
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken->value, 1);
  auto not_taken = eval(ordered_json::parse(R"({"if_mapping": {"equal": [{"field": "a"}, "x"]},
      "then_mapping": {"constant": 1}, "else_mapping": {"bogus": 1}})"),
                        ordered_json{{"a", "y"}});
  ASSERT_FALSE(not_taken.ok());
  EXPECT_NE(not_taken.error().message.find("unknown structured form {\"bogus\":1}"),
            std::string::npos);
  // A missing reference in the first hop is reported before the malformed second hop.
  auto missing = eval("Fnetwork+network_id:bad:name", ordered_json{{"network_id", "nope"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, kMappingErrorMissingReference);
  auto malformed = eval("Fnetwork+network_id:bad:name", ordered_json{{"network_id", "net1"}});
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.error().message.find("hop without '+': bad"), std::string::npos);
  // ignore_missing is read only when a reference is missing.
  auto ignored = eval(ordered_json::parse(R"({"path": [{"type": "subnet", "id": "s"}],
      "field": "x", "ignore_missing": true})"),
                      ordered_json{{"s", "nope"}});
  ASSERT_TRUE(ignored.ok());
  EXPECT_EQ(ignored->value, "");
}

TEST_F(CompiledMappingTest, ACompiledMappingOwnsItsJson) {
  std::shared_ptr<const CompiledMapping> compiled;
  {
    const ordered_json mapping = ordered_json::parse(
        R"({"path": [{"type": "subnet", "id": "subnet_id"}, "network_id"], "field": "name"})");
    compiled = compile_mapping(mapping);
  }
  const ordered_json body = {{"subnet_id", "sub1"}};
  const MappingContext context{"port", "p1", body, 1, schemas(), lookup_};
  auto param = evaluate_compiled_mapping("p", *compiled, context);
  ASSERT_TRUE(param.ok()) << param.error().message;
  EXPECT_EQ(param->value, "n");
  EXPECT_EQ(param->resources.size(), 2u);
}

TEST_F(CompiledMappingTest, TemplatesAreCompiledOnceAndEvaluateAsTheirJson) {
  for (const std::string dir : {"esi/heat_templates", "esi/heat_templates-2017"}) {
    for (const std::string id : {"network", "port", "subnet"}) {
      ordered_json record = esisim::testing::read_fixture_json(dir + "/" + id + ".json");
      if (record.contains("value")) record = record["value"];
      auto parsed = parse_heat_template_record(record);
      ASSERT_TRUE(parsed.ok()) << dir << "/" << id;
      ASSERT_NE(parsed->compiled, nullptr);
      const ordered_json body = {{"id", "p1"},          {"network_id", "net1"},
                                 {"name", "x"},         {"fixed_ips", ordered_json::array()},
                                 {"device_owner", "a"}, {"tenant_id", "t"},
                                 {"attached", false},   {"admin_state_up", true}};
      const MappingContext context{id, "p1", body, 2, schemas(), lookup_};
      auto compiled = evaluate_compiled_parameter_mappings(*parsed->compiled, context);
      auto direct = evaluate_parameter_mappings(parsed->parameter_mappings, context);
      ASSERT_EQ(compiled.ok(), direct.ok());
      if (compiled.ok()) {
        EXPECT_EQ(params_to_json(*compiled), params_to_json(*direct));
      } else {
        EXPECT_EQ(compiled.error().message, direct.error().message);
      }
      // A template put without its compiled form gets one.
      HeatTemplate bare = *parsed;
      bare.compiled = nullptr;
      TemplateCatalog catalog;
      ASSERT_TRUE(catalog.put(std::move(bare)).ok());
      EXPECT_NE(catalog.find(id)->compiled, nullptr);
    }
  }
  EXPECT_FALSE(compile_parameter_mappings(ordered_json::array()).ok());
}

TEST(CompiledTemplateMappings, EveryMappingHasItsCompiledForm) {
  const auto mappings = TemplateMappings::from_json(
      esisim::testing::read_fixture_json("esi/template_mappings-2017.json"));
  ASSERT_TRUE(mappings.ok());
  for (const TemplateMappings& table :
       {mappings.value(), TemplateMappings::from_schemas(schemas())}) {
    size_t seen = 0;
    for (const std::string& handler : table.handlers()) {
      for (const auto& [type, mapping] : table.for_handler(handler)) {
        EXPECT_NE(table.find_compiled(handler, type), nullptr) << handler << " " << type;
        ++seen;
      }
    }
    EXPECT_GT(seen, 10u);
    EXPECT_EQ(table.find_compiled("no_such_handler", "port"), nullptr);
    EXPECT_EQ(table.find_compiled(table.handlers().front(), "no_such_type"), nullptr);
  }
}

}  // namespace
}  // namespace esisim::domain
