// GCC 12 reports a false -Wmaybe-uninitialized inside <regex> when built with sanitizers; it is
// silenced for this file only, which holds nothing but the std::regex call.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "core/domain/regex_match.h"

#include <regex>

namespace esisim::domain {

Result<bool> python_re_match(const std::string& pattern, const std::string& subject) {
  if (pattern.size() > kRegexPatternBytesMax) {
    return Error{2, "regexp pattern longer than " + std::to_string(kRegexPatternBytesMax)};
  }
  try {
    const std::regex compiled(pattern, std::regex::ECMAScript);
    return std::regex_search(subject, compiled, std::regex_constants::match_continuous);
  } catch (const std::regex_error& error) {
    return Error{2, "invalid regexp pattern \"" + pattern + "\": " + error.what()};
  }
}

}  // namespace esisim::domain
