// The key orders of the Python writer and the two value holders: `py27_order` writes what
// dumps(py27_reorder_recursive(v)) writes; a JsonDoc writes what its tree writes, in every
// order; the memoised dict order equals the computed one; the depth offset counts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/json/json_doc.h"
#include "core/json/py27_dict.h"
#include "core/json/python_json.h"
#include "core/json/text_buffer.h"
#include "tests/json/fixture_documents.h"

namespace esisim::json {
namespace {

using nlohmann::ordered_json;

PythonJsonOptions order(bool sorted, bool py27) {
  PythonJsonOptions options;
  options.sort_keys = sorted;
  options.py27_order = py27;
  return options;
}

std::string via_doc(const JsonDoc& doc, PythonJsonOptions options, size_t depth = 0) {
  TextBuffer out;
  auto status = write_python_json(doc.root(), options, out, depth);
  return status.ok() ? out.str() : "error: " + status.error().message;
}

std::string via_tree(const ordered_json& tree, PythonJsonOptions options, size_t depth = 0) {
  std::string out;
  auto status = append_python_json(tree, options, out, depth);
  return status.ok() ? out : "error: " + status.error().message;
}

TEST(PythonJsonOrders, Py27OrderIsTheReorderedTreeOnEveryFixtureText) {
  size_t checked = 0;
  for (const std::string& text : esisim::testing::fixture_json_texts()) {
    const ordered_json tree = ordered_json::parse(text, nullptr, false);
    if (tree.is_discarded()) continue;
    const auto reference = python_json_dumps(py27_reorder_recursive(tree));
    ASSERT_TRUE(reference.ok());
    EXPECT_EQ(via_tree(tree, order(false, true)), *reference) << text.substr(0, 200);
    ++checked;
  }
  EXPECT_GT(checked, 3000u);
}

TEST(PythonJsonOrders, DocumentsWriteWhatTheirTreesWriteInEveryOrder) {
  for (const std::string& text : esisim::testing::fixture_json_texts()) {
    const ordered_json tree = ordered_json::parse(text, nullptr, false);
    if (tree.is_discarded()) continue;
    auto doc = JsonDoc::parse(text);
    ASSERT_TRUE(doc.ok() && doc->has_value());
    for (bool sorted : {false, true}) {
      for (bool py27 : {false, true}) {
        ASSERT_EQ(via_doc(**doc, order(sorted, py27)), via_tree(tree, order(sorted, py27)))
            << text.substr(0, 200);
      }
    }
  }
}

TEST(PythonJsonOrders, EscapesAndNumbersOfDocumentsAsOfTrees) {
  const std::string text =
      R"({"z":"caf\u00e9 \"q\" \\ \/ \b\f\n\r\t \u0001 \u007f \u2028","y":[1.5,-0.0,1e300,)"
      R"(-7,18446744073709551615,0.1,1e-7],"x":{"b":null,"a":true,"c":{}},"w":[],)"
      R"("v":"\ud83d\ude00 )"
      "\xf0\x9f\x98\x80"
      R"(","u":"plain"})";
  const ordered_json tree = ordered_json::parse(text);
  auto doc = JsonDoc::parse(text);
  ASSERT_TRUE(doc.ok() && doc->has_value());
  for (bool sorted : {false, true}) {
    for (bool py27 : {false, true}) {
      EXPECT_EQ(via_doc(**doc, order(sorted, py27)), via_tree(tree, order(sorted, py27)));
    }
  }
}

TEST(PythonJsonOrders, DepthOffsetCountsTowardsTheLimit) {
  for (size_t nesting : {250, 254, 255, 256, 257}) {
    const std::string text = std::string(nesting, '[') + std::string(nesting, ']');
    const ordered_json tree = ordered_json::parse(text);
    auto doc = JsonDoc::parse(text);
    ASSERT_TRUE(doc.ok() && doc->has_value());
    for (size_t depth : {0, 1, 2, 4}) {
      const bool fits = nesting - 1 + depth <= kPythonJsonDepthMax;
      const std::string written = via_tree(tree, order(false, false), depth);
      EXPECT_EQ(written.rfind("error: python_json: nesting deeper than 256", 0) == 0, !fits)
          << nesting << " " << depth;
      EXPECT_EQ(via_doc(**doc, order(false, false), depth), written);
    }
  }
}

TEST(PythonJsonOrders, MemoisedDictOrderEqualsTheComputedOne) {
  std::vector<std::vector<std::string>> lists;
  for (size_t size = 0; size < 80; ++size) {
    std::vector<std::string> keys;
    for (size_t k = 0; k < size; ++k) keys.push_back("key_" + std::to_string(k * 7919 % 1000));
    lists.push_back(keys);
  }
  lists.push_back({"b", "a", "b", "c", "a"});  // repeats: first occurrence kept
  lists.push_back({"caf\xc3\xa9", "cafe", "\xe2\x82\xac"});
  // Twice over, and after more distinct lists than the cache holds.
  for (int round = 0; round < 3; ++round) {
    for (const auto& keys : lists) {
      const std::vector<std::string_view> views(keys.begin(), keys.end());
      const std::vector<uint32_t> indexes = py27_dict_order_indexes(views);
      std::vector<std::string> ordered;
      for (uint32_t index : indexes) ordered.push_back(keys[index]);
      ASSERT_EQ(ordered, py27_dict_order(keys));
    }
    if (round == 1) {
      for (size_t k = 0; k < kPy27OrderCacheEntriesMax + 10; ++k) {
        const std::string key = "filler" + std::to_string(k);
        py27_dict_order_indexes({key, "x"});
      }
    }
  }
}

// Python 2 hash of a unicode string, one code point at a time (the definition).
uint64_t reference_hash(const std::u32string& code_points) {
  if (code_points.empty()) return 0;
  uint64_t x = static_cast<uint64_t>(code_points.front()) << 7;
  for (char32_t c : code_points) x = (x * 1000003ULL) ^ static_cast<uint64_t>(c);
  x ^= static_cast<uint64_t>(code_points.size());
  if (x == static_cast<uint64_t>(-1)) x = static_cast<uint64_t>(-2);
  return x;
}

TEST(PythonJsonOrders, AsciiHashesAsTheCodePointDefinition) {
  for (const std::string text : {"", "a", "ab", "admin_state_up", "resource_id", "~ \x7f"}) {
    const std::u32string code_points(text.begin(), text.end());
    EXPECT_EQ(py27_string_hash(text), reference_hash(code_points)) << text;
  }
  EXPECT_EQ(py27_string_hash("caf\xc3\xa9"), reference_hash(U"caf\u00e9"));
}

}  // namespace
}  // namespace esisim::json
