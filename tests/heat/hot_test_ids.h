// Test helpers for the HOT evaluator: IdSources and small builders.
//
// * CountingIds hands out "new-1", "new-2", ... and "existing:<object type>:<fq_name>", and
//   keeps every request (to check what was asked, in which order).
// * A template and a profile loaded from fixtures, failing the test when they do not load.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/heat/hot_stack.h"
#include "core/heat/hot_template.h"
#include "core/heat/resource_model.h"
#include "core/heat/resource_model_profile.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::heat::testing {

class CountingIds final : public IdSource {
 public:
  std::string new_uuid(const IdRequest& request) override {
    asked.push_back("new " + std::string(request.resource_name) + " " +
                    std::string(request.object_type));
    return "new-" + std::to_string(++count_);
  }
  std::string existing_uuid(const IdRequest& request) override {
    asked.push_back("existing " + std::string(request.resource_name) + " " +
                    std::string(request.object_type) + " " + std::string(request.fq_name));
    return "existing:" + std::string(request.object_type) + ":" + std::string(request.fq_name);
  }
  std::vector<std::string> asked;

 private:
  int count_ = 0;
};

inline HotTemplate parse_or_fail(std::string_view name, std::string_view text) {
  auto parsed = parse_hot(name, text);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? std::move(parsed.value()) : HotTemplate{};
}

// A HEAD heat template's rendered text from fixtures/esi/heat_templates (variant A).
inline std::string head_template_text(const std::string& name) {
  auto record = esisim::testing::read_fixture_json("esi/heat_templates/" + name + ".json");
  return record["value"]["body"]["template_file"].get<std::string>();
}

inline BackendProfile profile_or_fail(const std::string& fixture) {
  auto parsed = parse_backend_profile(esisim::testing::read_fixture_json(fixture));
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? std::move(parsed.value()) : BackendProfile{};
}

}  // namespace esisim::heat::testing
