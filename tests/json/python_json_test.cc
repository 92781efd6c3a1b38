#include "core/json/python_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "tests/domain/fixture_reader.h"

namespace esisim::json {
namespace {

using nlohmann::ordered_json;

std::string Dumps(const ordered_json& value, bool sort_keys = false) {
  auto text = python_json_dumps(value, PythonJsonOptions{sort_keys});
  EXPECT_TRUE(text.ok());
  return text.ok() ? *text : std::string();
}

TEST(PythonJson, DefaultSeparatorsAndScalars) {
  const auto value = ordered_json::parse(R"({"b": [1, -2, true, false, null], "a": {}, "c": []})");
  EXPECT_EQ(Dumps(value), R"({"b": [1, -2, true, false, null], "a": {}, "c": []})");
}

TEST(PythonJson, SortKeysSortsEveryObject) {
  const auto value =
      ordered_json::parse(R"({"version": 1, "state": {"z": 1, "a": 2}, "error": ""})");
  EXPECT_EQ(Dumps(value, true), R"({"error": "", "state": {"a": 2, "z": 1}, "version": 1})");
  EXPECT_EQ(Dumps(value, false), R"({"version": 1, "state": {"z": 1, "a": 2}, "error": ""})");
}

TEST(PythonJson, EnsureAsciiEscapes) {
  EXPECT_EQ(Dumps("a\"b\\c\n\r\t\b\f"), R"("a\"b\\c\n\r\t\b\f")");
  EXPECT_EQ(Dumps(std::string("\x01\x1f\x7f", 3)), R"("\u0001\u001f\u007f")");
  EXPECT_EQ(Dumps("<&> /"), R"("<&> /")");
  EXPECT_EQ(Dumps("caf\xc3\xa9 \xe2\x80\xa8"), R"("caf\u00e9 \u2028")");
  EXPECT_EQ(Dumps("\xf0\x9f\x98\x80"), R"("\ud83d\ude00")");  // U+1F600: surrogate pair
  EXPECT_EQ(Dumps("\xef\xbf\xbf"), R"("\uffff")");
}

TEST(PythonJson, FloatsAsPython27Repr) {
  EXPECT_EQ(Dumps(1.0), "1.0");
  EXPECT_EQ(Dumps(-0.0), "-0.0");
  EXPECT_EQ(Dumps(0.0), "0.0");
  EXPECT_EQ(Dumps(0.1), "0.1");
  EXPECT_EQ(Dumps(2.5), "2.5");
  EXPECT_EQ(Dumps(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(Dumps(1e15), "1000000000000000.0");
  EXPECT_EQ(Dumps(1e16), "1e+16");
  EXPECT_EQ(Dumps(1.5e300), "1.5e+300");
  EXPECT_EQ(Dumps(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(Dumps(0.0001), "0.0001");
  EXPECT_EQ(Dumps(0.00001), "1e-05");
  EXPECT_EQ(Dumps(-1.25e-7), "-1.25e-07");
  EXPECT_EQ(Dumps(5e-324), "5e-324");
  EXPECT_EQ(Dumps(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(Dumps(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(PythonJson, LargeIntegersStayIntegers) {
  EXPECT_EQ(Dumps(ordered_json(18446744073709551615ULL)), "18446744073709551615");
  EXPECT_EQ(Dumps(ordered_json(-9223372036854775807LL - 1)), "-9223372036854775808");
}

TEST(PythonJson, RejectsTooDeepNesting) {
  ordered_json value = 1;
  for (std::size_t i = 0; i <= kPythonJsonDepthMax; ++i) value = ordered_json::array({value});
  EXPECT_FALSE(python_json_dumps(value).ok());
}

TEST(PythonJson, StateRecordOfSpec) {
  // domain.md §2.3, /state of a non-workable resource (written with sort_keys).
  ordered_json state = {
      {"version", 1}, {"state", {{"worker_state", "READ_COMPLETE"}}}, {"error", ""}};
  EXPECT_EQ(Dumps(state, true),
            R"({"error": "", "state": {"worker_state": "READ_COMPLETE"}, "version": 1})");
}

// The /state records of the full-index traces hold `heat_outputs` and `state_monitoring` as
// strings that the Python worker produced with json.dumps: re-encoding their parsed value must
// give the same bytes.
TEST(PythonJson, ReproducesEncodedStringsOfTraces) {
  int checked = 0;
  for (const auto& trace : testing::full_index_traces()) {
    for (const auto& event : testing::read_fixture_json_lines(trace)) {
      const auto& key = event["key"].get_ref<const std::string&>();
      if (key.rfind("/state/", 0) != 0 || !event["value"].is_object()) continue;
      const auto& state = event["value"]["state"];
      for (const char* field : {"heat_outputs", "state_monitoring"}) {
        if (!state.contains(field) || !state[field].is_string()) continue;
        const auto& stored = state[field].get_ref<const std::string&>();
        EXPECT_EQ(Dumps(ordered_json::parse(stored)), stored) << trace << " " << key;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 69);
}

}  // namespace
}  // namespace esisim::json

namespace esisim::json {
namespace {

// The trace files were written with Python's json.dumps (default separators, ensure_ascii, no
// floats in them), so every line, including each /jobs/all value in the writer's key order,
// re-encodes to the same bytes.
TEST(PythonJson, ReproducesEveryTraceLine) {
  int lines = 0;
  for (const auto& trace : testing::full_index_traces()) {
    std::istringstream text(testing::read_fixture_text(trace));
    std::string line;
    while (std::getline(text, line)) {
      if (line.empty()) continue;
      auto dumped = python_json_dumps(nlohmann::ordered_json::parse(line));
      ASSERT_TRUE(dumped.ok());
      EXPECT_EQ(*dumped, line) << trace;
      ++lines;
    }
  }
  EXPECT_EQ(lines, 492 + 1035 + 1305);
}

}  // namespace
}  // namespace esisim::json
