// JUnit XML: document shape, counts, failures, escaping.
#include "sim/scenario/junit.h"

#include <gtest/gtest.h>

namespace esisim::scenario {
namespace {

TEST(ScenarioJunit, ShapeAndCounts) {
  std::vector<JunitCase> cases = {
      {"port_create", "scenarios/port_create.yaml", true, "", ""},
      {"heat_fail", "scenarios/heat_fail.yaml", false, "checkpoint 'x' differs <&>",
       "  ~ /state/a\n      .v: golden \"a\", actual 'b'\n"}};
  EXPECT_EQ(junit_xml(cases),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"esisim\" tests=\"2\" failures=\"1\" errors=\"0\">\n"
            "  <testsuite name=\"scenarios\" tests=\"2\" failures=\"1\" errors=\"0\" "
            "skipped=\"0\">\n"
            "    <testcase classname=\"scenarios\" name=\"port_create\" "
            "file=\"scenarios/port_create.yaml\"/>\n"
            "    <testcase classname=\"scenarios\" name=\"heat_fail\" "
            "file=\"scenarios/heat_fail.yaml\">\n"
            "      <failure message=\"checkpoint &apos;x&apos; differs &lt;&amp;&gt;\" "
            "type=\"scenario\">  ~ /state/a\n      .v: golden &quot;a&quot;, actual "
            "&apos;b&apos;\n</failure>\n"
            "    </testcase>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

TEST(ScenarioJunit, ControlCharactersCannotBreakTheDocument) {
  EXPECT_EQ(xml_escape(std::string("a\x1b[31mb\tc\n", 10)), "a\xEF\xBF\xBD[31mb\tc\n");
}

}  // namespace
}  // namespace esisim::scenario
