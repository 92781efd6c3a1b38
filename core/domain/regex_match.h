// Python `re.match(pattern, subject)` for the `regexp` operand of `if_mapping`.
//
// Contract: true when the pattern matches at the start of `subject` (not necessarily the whole
// subject), as Python's re.match. Patterns are read with ECMAScript syntax, which agrees with
// Python's for the alternations and literals the templates use (`network:dhcp|network:empty`).
// An invalid or over-long pattern (> kRegexPatternBytesMax) is an error value, never a throw.
// Compiled patterns are cached per thread (at most kRegexCacheEntriesMax); results do not
// depend on the cache.
#pragma once

#include <cstddef>
#include <string>

#include "core/util/result.h"

namespace esisim::domain {

inline constexpr std::size_t kRegexPatternBytesMax = 1024;
inline constexpr std::size_t kRegexCacheEntriesMax = 64;

Result<bool> python_re_match(const std::string& pattern, const std::string& subject);

}  // namespace esisim::domain
