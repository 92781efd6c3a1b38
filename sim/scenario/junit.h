// JUnit XML for `esisim run --junit FILE`: one <testcase> per scenario.
//
// Contract: pure. The document is
//   <?xml version="1.0" encoding="UTF-8"?>
//   <testsuites name="esisim" tests="T" failures="F" errors="0">
//     <testsuite name="scenarios" tests="T" failures="F" errors="0" skipped="0">
//       <testcase classname="scenarios" name="NAME" file="FILE"/>
//       <testcase ...><failure message="FIRST PROBLEM" type="scenario">DETAILS</failure></testcase>
//     </testsuite>
//   </testsuites>
// in the order given, with no times (runs are in simulated time; wall time is not recorded).
// Text is escaped for XML (&, <, >, ", ') and characters XML 1.0 cannot hold become U+FFFD.
#pragma once

#include <string>
#include <vector>

namespace esisim::scenario {

struct JunitCase {
  std::string name;
  std::string file;
  bool passed = true;
  std::string message;  // first problem (failures)
  std::string details;  // plain text (failures)
};

std::string junit_xml(const std::vector<JunitCase>& cases);
std::string xml_escape(const std::string& text);

}  // namespace esisim::scenario
