// GCC 12 reports a false -Wmaybe-uninitialized inside <regex> when built with sanitizers; it is
// silenced for this file only, which holds nothing but the std::regex calls (see
// core/domain/regex_match.cc for the same case).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "sim/scenario/search_regex.h"

#include <regex>

namespace esisim::scenario {

struct SearchRegex::Compiled {
  std::regex regex;
};

Result<SearchRegex> SearchRegex::compile(const std::string& pattern) {
  if (pattern.size() > kSearchPatternBytesMax) {
    return Error{2, "longer than " + std::to_string(kSearchPatternBytesMax) + " bytes"};
  }
  try {
    SearchRegex out;
    out.compiled_ =
        std::make_shared<const Compiled>(Compiled{std::regex(pattern, std::regex::ECMAScript)});
    return out;
  } catch (const std::regex_error& e) {
    return Error{2, e.what()};
  }
}

bool SearchRegex::search(const std::string& text) const {
  if (!compiled_) return false;
  try {
    return std::regex_search(text, compiled_->regex);
  } catch (const std::regex_error&) {
    return false;  // the engine's own limits (error_complexity, error_stack)
  }
}

}  // namespace esisim::scenario
