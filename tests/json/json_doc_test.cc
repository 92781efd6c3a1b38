// JsonDoc and JsonRef: the document holds what nlohmann's parser builds, on every JSON text of
// the fixtures and on the edge cases of the grammar; references answer like the tree.
#include "core/json/json_doc.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/json/byte_scan.h"
#include "tests/json/fixture_documents.h"

namespace esisim::json {
namespace {

using esisim::testing::same_tree;
using nlohmann::ordered_json;

// The document of `text` agrees with nlohmann: both refuse it, or both hold the same tree.
::testing::AssertionResult parses_like_nlohmann(const std::string& text) {
  const ordered_json tree = ordered_json::parse(text, nullptr, false);
  auto doc = JsonDoc::parse(text);
  if (!doc.ok()) return ::testing::AssertionFailure() << "error: " << doc.error().message;
  if (tree.is_discarded() != !doc->has_value()) {
    return ::testing::AssertionFailure()
           << "nlohmann " << (tree.is_discarded() ? "refuses" : "accepts") << ": " << text;
  }
  if (tree.is_discarded()) {
    if (!parse_ordered_json(text).is_discarded()) {
      return ::testing::AssertionFailure() << "parse_ordered_json accepts: " << text;
    }
    return ::testing::AssertionSuccess();
  }
  if (!same_tree((*doc)->root().to_json(), tree)) {
    return ::testing::AssertionFailure() << "different tree for: " << text;
  }
  if (!same_tree(parse_ordered_json(text), tree)) {
    return ::testing::AssertionFailure() << "parse_ordered_json differs for: " << text;
  }
  return ::testing::AssertionSuccess();
}

// Every query of JsonRef gives the same answer on the document and on the tree, recursively.
void expect_same_answers(JsonRef doc, JsonRef tree) {
  ASSERT_EQ(doc.kind(), tree.kind());
  EXPECT_EQ(doc.size(), tree.size());
  switch (doc.kind()) {
    case JsonKind::kString:
      EXPECT_EQ(doc.string(), tree.string());
      if (doc.plain_string()) {
        EXPECT_EQ(plain_python_prefix(doc.string()), doc.string().size());
      }
      EXPECT_FALSE(tree.plain_string());
      break;
    case JsonKind::kBoolean:
      EXPECT_EQ(doc.boolean(), tree.boolean());
      break;
    case JsonKind::kInteger:
      EXPECT_EQ(doc.integer(), tree.integer());
      break;
    case JsonKind::kUnsigned:
      EXPECT_EQ(doc.unsigned_integer(), tree.unsigned_integer());
      break;
    case JsonKind::kFloat:
      EXPECT_EQ(doc.floating(), tree.floating());
      break;
    case JsonKind::kArray: {
      std::vector<JsonRef> a, b;
      doc.for_each_element([&](JsonRef e) { a.push_back(e); });
      tree.for_each_element([&](JsonRef e) { b.push_back(e); });
      ASSERT_EQ(a.size(), b.size());
      for (size_t k = 0; k < a.size(); ++k) expect_same_answers(a[k], b[k]);
      break;
    }
    case JsonKind::kObject: {
      std::vector<std::pair<std::string_view, JsonRef>> a, b;
      doc.for_each_member([&](std::string_view key, JsonRef v) { a.emplace_back(key, v); });
      tree.for_each_member([&](std::string_view key, JsonRef v) { b.emplace_back(key, v); });
      ASSERT_EQ(a.size(), b.size());
      for (size_t k = 0; k < a.size(); ++k) {
        EXPECT_EQ(a[k].first, b[k].first);
        expect_same_answers(a[k].second, b[k].second);
        expect_same_answers(doc.find(a[k].first), tree.find(b[k].first));
      }
      EXPECT_TRUE(doc.find("\x01no such key").is_null());
      break;
    }
    case JsonKind::kNull:
    case JsonKind::kInvalid:
      break;
  }
  EXPECT_TRUE(doc.find("x").is_null() || doc.is_object());
}

TEST(JsonDoc, ParsesEveryFixtureTextLikeNlohmann) {
  const auto& texts = esisim::testing::fixture_json_texts();
  ASSERT_GT(texts.size(), 3000u);  // files, trace lines and the JSON inside their strings
  size_t checked = 0;
  for (const std::string& text : texts) {
    EXPECT_TRUE(parses_like_nlohmann(text));
    ++checked;
  }
  std::cout << checked << " fixture JSON texts parsed like nlohmann\n";
}

TEST(JsonDoc, ReferencesAnswerLikeTheTreeOnEveryFixtureText) {
  for (const std::string& text : esisim::testing::fixture_json_texts()) {
    const ordered_json tree = ordered_json::parse(text, nullptr, false);
    if (tree.is_discarded()) continue;
    auto doc = JsonDoc::parse(text);
    ASSERT_TRUE(doc.ok() && doc->has_value());
    expect_same_answers((*doc)->root(), tree);
    expect_same_answers(JsonDoc::from_json(tree).root(), tree);
  }
}

TEST(JsonDoc, EdgeCasesOfTheGrammarLikeNlohmann) {
  const std::vector<std::string> texts = {
      "",
      " ",
      "{}",
      "[]",
      " [ ] ",
      "\t\n\r[1]\r\n",
      "null",
      "true",
      "false",
      "tru",
      "nul",
      "fals",
      "0",
      "-0",
      "-",
      "01",
      "1.",
      ".5",
      "1e",
      "1e+",
      "1E5",
      "-1.5e-3",
      "1.0",
      "12345",
      "123456789012345678",    // 18 digits: fast path
      "1234567890123456789",   // 19 digits: nlohmann decides
      "18446744073709551615",  // uint64 max
      "18446744073709551616",  // above: a float for nlohmann
      "-9223372036854775808",
      "-9223372036854775809",
      "1e400",
      "-1e400",
      "1e-400",
      "4.9e-324",
      "2.2250738585072014e-308",
      "0.1",
      "[1,]",
      "[,1]",
      "{\"a\":1,}",
      "{,}",
      "{\"a\" 1}",
      "{\"a\":}",
      "{1:2}",
      "[\"a\" \"b\"]",
      "{} x",
      "{}{}",
      "\"\"",
      "\"abc",
      "\"\\x\"",
      "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
      "\"\\u0041\\u00e9\\u20ac\"",
      "\"\\u0000\"",
      "\"\\uD83D\\uDE00\"",
      "\"\\ud83d\"",
      "\"\\ude00\"",
      "\"\\u12\"",
      "\"\\uZZZZ\"",
      "\"caf\xc3\xa9\"",
      "\"\xe2\x82\xac\xf0\x9f\x98\x80\"",
      "\"\xff\"",
      "\"\xc3\"",
      "\"\xc0\xaf\"",
      "\"\xed\xa0\x80\"",
      "\"\xf4\x90\x80\x80\"",
      "\"a\x01b\"",
      "\"a\x7f b\"",
      "\xef\xbb\xbf{}",
      "{\"a\":1,\"a\":2}",
      "{\"b\":1,\"a\":2,\"b\":3}",
      "{\"a\":{\"x\":1},\"a\":[2]}",
      "{\"b\":1,\"a\":2}",
      "{\"a\":1,\"b\":2}",
      "{\"\":1,\"a\":2}",
      "[[[[[]]]]]",
      "{\"k\":[{\"z\":null,\"y\":[true,false]}]}",
      std::string("[1,\0002]", 6),
      "[1]\n\n",
      "/* c */ {}",
  };
  for (const std::string& text : texts) EXPECT_TRUE(parses_like_nlohmann(text)) << text;
}

TEST(JsonDoc, DeepNestingGoesThroughNlohmann) {
  for (size_t depth : {510, 511, 512, 513, 2000}) {
    const std::string text = std::string(depth, '[') + std::string(depth, ']');
    EXPECT_TRUE(parses_like_nlohmann(text)) << depth;
    const std::string objects = [&] {
      std::string t;
      for (size_t k = 0; k < depth; ++k) t += "{\"a\":";
      t += "1";
      t += std::string(depth, '}');
      return t;
    }();
    EXPECT_TRUE(parses_like_nlohmann(objects)) << depth;
  }
}

TEST(JsonDoc, EveryPrefixOfAGohanEnvelopeLikeNlohmann) {
  const std::string envelope =
      R"({"body":"{\"admin_state_up\":true,\"fixed_ips\":[{\"ip_address\":\"10.0.0.5\",)"
      R"(\"subnet_id\":\"s1\"}],\"id\":\"p1\",\"name\":\"caf\u00e9 \\\"x\\\"\",\"mtu\":1500,)"
      R"(\"ratio\":0.25,\"tags\":{}}","marked_for_deletion":false,"version":12})";
  for (size_t size = 0; size <= envelope.size(); ++size) {
    EXPECT_TRUE(parses_like_nlohmann(envelope.substr(0, size))) << size;
  }
  auto doc = JsonDoc::parse(envelope);
  ASSERT_TRUE(doc.ok() && doc->has_value());
  const std::string body((*doc)->root().find("body").string());
  for (size_t size = 0; size <= body.size(); ++size) {
    EXPECT_TRUE(parses_like_nlohmann(body.substr(0, size))) << size;
  }
}

TEST(JsonDoc, PlainStringsAreKnownWithoutAScan) {
  auto doc = JsonDoc::parse(R"(["abc", "a\"b", "caf\u00e9", "x\/y", "tab\t", "", "del)"
                            "\x7f"
                            R"("])");
  ASSERT_TRUE(doc.ok() && doc->has_value());
  std::vector<bool> plain;
  (*doc)->root().for_each_element([&](JsonRef e) { plain.push_back(e.plain_string()); });
  // Only strings copied from the text as they are, without bytes Python escapes, are plain.
  EXPECT_EQ(plain, (std::vector<bool>{true, false, false, false, false, true, false}));
}

TEST(JsonDoc, NullReferencesAndFindOnNonObjects) {
  const JsonRef none;
  EXPECT_TRUE(none.is_null());
  EXPECT_EQ(none.size(), 0u);
  EXPECT_TRUE(none.find("a").is_null());
  EXPECT_TRUE(none.to_json().is_null());
  auto doc = JsonDoc::parse(R"({"a":[1,2],"s":"x"})");
  ASSERT_TRUE(doc.ok() && doc->has_value());
  EXPECT_TRUE((*doc)->root().find("a").find("x").is_null());
  EXPECT_TRUE((*doc)->root().find("s").find("x").is_null());
  EXPECT_EQ((*doc)->root().find("a").size(), 2u);
  EXPECT_EQ((*doc)->root().find("s").size(), 0u);
}

}  // namespace
}  // namespace esisim::json
