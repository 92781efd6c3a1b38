// JUnit XML writer (see junit.h).
#include "sim/scenario/junit.h"

#include <sstream>

namespace esisim::scenario {

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xEF\xBF\xBD";  // U+FFFD: XML 1.0 has no form for this control character
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string junit_xml(const std::vector<JunitCase>& cases) {
  std::size_t failures = 0;
  for (const JunitCase& c : cases) failures += c.passed ? 0 : 1;
  std::string counts = "tests=\"" + std::to_string(cases.size()) + "\" failures=\"" +
                       std::to_string(failures) + "\" errors=\"0\"";
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"esisim\" " << counts << ">\n"
      << "  <testsuite name=\"scenarios\" " << counts << " skipped=\"0\">\n";
  for (const JunitCase& c : cases) {
    out << "    <testcase classname=\"scenarios\" name=\"" << xml_escape(c.name) << "\" file=\""
        << xml_escape(c.file) << "\"";
    if (c.passed) {
      out << "/>\n";
      continue;
    }
    out << ">\n      <failure message=\"" << xml_escape(c.message) << "\" type=\"scenario\">"
        << xml_escape(c.details) << "</failure>\n    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace esisim::scenario
