#include "core/json/go_json.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "tests/domain/fixture_reader.h"

namespace esisim::json {
namespace {

using nlohmann::ordered_json;

std::string Marshal(const ordered_json& value) {
  auto text = go_json_marshal(value);
  EXPECT_TRUE(text.ok());
  return text.ok() ? *text : std::string();
}

TEST(GoJson, ConfigEnvelopeIsCompactAndSorted) {
  ordered_json envelope = {{"version", 1}, {"marked_for_deletion", false}, {"body", "{\"a\":1}"}};
  EXPECT_EQ(Marshal(envelope), R"({"body":"{\"a\":1}","marked_for_deletion":false,"version":1})");
}

TEST(GoJson, HtmlAndLineSeparatorEscapes) {
  EXPECT_EQ(Marshal("a<b>&c"), R"("a\u003cb\u003e\u0026c")");
  EXPECT_EQ(Marshal("\xe2\x80\xa8\xe2\x80\xa9"), R"("\u2028\u2029")");
  EXPECT_EQ(Marshal("caf\xc3\xa9"), "\"caf\xc3\xa9\"");  // non-ASCII kept as UTF-8
  EXPECT_EQ(Marshal(std::string("\x01\b\f\n\r\t\x7f", 7)),
            "\"\\u0001\\u0008\\u000c\\n\\r\\t\x7f\"");
  EXPECT_EQ(Marshal("bad\xff"), R"("bad\ufffd")");
}

// Long strings go through the run-at-once path: every special byte at every position of
// strings around the 16-byte chunk sizes is escaped as the one-byte-at-a-time rules say.
TEST(GoJson, EverySpecialByteInLongStrings) {
  auto reference = [](std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
      if (c == '"') {
        out += "\\\"";
      } else if (c == '\\') {
        out += "\\\\";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
        const char* hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
      } else {
        out += static_cast<char>(c);
      }
    }
    return out + "\"";
  };
  for (size_t size : {15, 16, 17, 31, 32, 33, 70}) {
    for (size_t position = 0; position < size; ++position) {
      for (int byte = 0; byte < 0x80; ++byte) {
        std::string text(size, 'q');
        text[position] = static_cast<char>(byte);
        text[size - 1 - position / 2] = '<';
        ASSERT_EQ(Marshal(text), reference(text)) << size << " " << position << " " << byte;
      }
    }
  }
  TextBuffer out;
  append_go_json_string("x<y\xc3\xa9", out);
  EXPECT_EQ(out.view(), "\"x\\u003cy\xc3\xa9\"");
}

TEST(GoJson, Numbers) {
  EXPECT_EQ(Marshal(ordered_json::parse("[1, -2, 1.0, 0.5, 1e21, 1e20, 1e-7, 1e-6, 123.456]")),
            "[1,-2,1,0.5,1e+21,100000000000000000000,1e-7,0.000001,123.456]");
  EXPECT_FALSE(go_json_marshal(std::numeric_limits<double>::infinity()).ok());
}

// Every /config body of the full-index traces is a string Gohan produced with Go's Marshal.
TEST(GoJson, ReproducesEveryConfigBodyOfTraces) {
  int checked = 0;
  for (const auto& trace : testing::full_index_traces()) {
    for (const auto& event : testing::read_fixture_json_lines(trace)) {
      const auto& key = event["key"].get_ref<const std::string&>();
      if (key.rfind("/config/", 0) != 0 || !event["value"].is_object()) continue;
      const auto& body = event["value"]["body"].get_ref<const std::string&>();
      EXPECT_EQ(Marshal(ordered_json::parse(body)), body) << trace << " " << key;
      // The envelope itself round-trips too (its keys are already in Go's order).
      EXPECT_EQ(Marshal(event["value"]), event["value"].dump()) << trace << " " << key;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 236);
}

}  // namespace
}  // namespace esisim::json
