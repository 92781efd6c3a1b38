// ECMAScript regular expressions for scenarios (`expect: matches`, `redact: key_regex`).
//
// Contract: compile() returns an error message for an invalid pattern or one longer than
// kSearchPatternBytesMax, never throws; search() says whether the pattern is found anywhere in
// the text. libstdc++'s matcher recurses once per character matched, so callers bound the text
// (expect.h: kMatchTextMax). All <regex> use of the scenario code is in search_regex.cc, where
// GCC 12's false -Wmaybe-uninitialized under sanitizers is silenced. Copies share the compiled
// pattern, which is immutable: safe to use from several threads.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/util/result.h"

namespace esisim::scenario {

inline constexpr std::size_t kSearchPatternBytesMax = 1024;

class SearchRegex {
 public:
  static Result<SearchRegex> compile(const std::string& pattern);
  bool search(const std::string& text) const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace esisim::scenario
