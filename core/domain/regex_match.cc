// GCC 12 reports a false -Wmaybe-uninitialized inside <regex> when built with sanitizers; it is
// silenced for this file only, which holds nothing but the std::regex call.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "core/domain/regex_match.h"

#include <map>
#include <memory>
#include <regex>

namespace esisim::domain {

Result<bool> python_re_match(const std::string& pattern, const std::string& subject) {
  if (pattern.size() > kRegexPatternBytesMax) {
    return Error{2, "regexp pattern longer than " + std::to_string(kRegexPatternBytesMax)};
  }
  // Compiling dominates the cost of a match and templates use a handful of patterns: compiled
  // patterns are kept per thread, at most kRegexCacheEntriesMax (the cache restarts when full).
  thread_local std::map<std::string, std::unique_ptr<const std::regex>, std::less<>> compiled;
  try {
    auto it = compiled.find(pattern);
    if (it == compiled.end()) {
      if (compiled.size() >= kRegexCacheEntriesMax) compiled.clear();
      auto regex = std::make_unique<const std::regex>(pattern, std::regex::ECMAScript);
      it = compiled.emplace(pattern, std::move(regex)).first;
    }
    return std::regex_search(subject, *it->second, std::regex_constants::match_continuous);
  } catch (const std::regex_error& error) {
    return Error{2, "invalid regexp pattern \"" + pattern + "\": " + error.what()};
  }
}

}  // namespace esisim::domain
