// UTF-8 decoding for the JSON writers.
//
// Contract: `decode_utf8_rune` reads one code point at `offset_bytes` of `text` (offset must be
// < text.size()). Malformed input (bad lead byte, truncated sequence, overlong form, surrogate
// code point, value above U+10FFFF) yields `valid == false`, `code_point == U+FFFD` and
// `size_bytes == 1`, the way Go's utf8.DecodeRuneInString does. Pure function, no allocation.
#pragma once

#include <cstddef>
#include <string_view>

namespace esisim::json {

struct DecodedRune {
  char32_t code_point = 0;
  std::size_t size_bytes = 0;
  bool valid = false;
};

DecodedRune decode_utf8_rune(std::string_view text, std::size_t offset_bytes);

}  // namespace esisim::json
