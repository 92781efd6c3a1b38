// append_compact_json against nlohmann's parse + dump: the same bytes whenever it accepts a
// text, and a refusal (output untouched) for everything outside its subset.
#include "sim/trace/compact_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace esisim::trace {
namespace {

// nlohmann's answer, or "" when the text is not JSON.
std::string reference(const std::string& text) {
  auto parsed = nlohmann::ordered_json::parse(text, nullptr, false);
  return parsed.is_discarded() ? std::string() : parsed.dump();
}

TEST(CompactJson, AcceptedTextsGiveNlohmannsBytes) {
  const std::vector<std::string> texts = {
      R"({"error": "", "version": 1})",
      R"({"body": "{\"id\": \"n1\", \"name\": \"a\\\\b\"}", "version": 12})",
      "  [1, -2, 0, true, false, null, \"x\\ty\\n\\r\\b\\f\\\"\", {}, []]  \n",
      R"({"a": {"b": {"c": [[], {"d": -123456789012345678}]}}, "e": 123456789012345678})",
      R"("just a string")",
      "42",
      "{\"k\":1,\"K\":2,\"k2\":{\"k\":3}}",
      "{\"same\": {\"x\": 1}, \"other\": {\"x\": 2}}",
      "\"tilde ~ and DEL \x7f\"",
  };
  for (const std::string& text : texts) {
    std::string out = "prefix";
    ASSERT_TRUE(append_compact_json(text, out)) << text;
    EXPECT_EQ(out, "prefix" + reference(text)) << text;
  }
}

TEST(CompactJson, RefusesWhatItDoesNotHandleAndLeavesTheOutputAlone) {
  const std::vector<std::string> texts = {
      "",
      "   ",
      "1.5",
      "1e3",
      "-0",
      "01",
      "1234567890123456789",
      R"("\u00e9")",
      R"("a\/b")",
      "\"caf\xc3\xa9\"",
      R"({"a": 1, "a": 2})",
      "{\"a\": 1,}",
      "[1 2]",
      "{\"a\" 1}",
      "tru",
      "nul",
      "[1]x",
      "not json",
      "\"tab\there\"",
      "\"unterminated",
      "{\"a\": [1, {\"b\": ",
      std::string(100, '[') + std::string(100, ']'),
  };
  for (const std::string& text : texts) {
    std::string out = "prefix";
    EXPECT_FALSE(append_compact_json(text, out)) << text;
    EXPECT_EQ(out, "prefix") << text;
  }
}

TEST(CompactJson, NestingUpToTheCapIsAccepted) {
  std::string text = std::string(kCompactDepthMax, '[') + std::string(kCompactDepthMax, ']');
  std::string out;
  ASSERT_TRUE(append_compact_json(text, out));
  EXPECT_EQ(out, reference(text));
}

}  // namespace
}  // namespace esisim::trace
