// Scans for the JSON reader and writers: how many leading bytes of a text need no special
// treatment.
//
// Contract: pure functions, exact for every input. 16 bytes are tested at a time where SSE2 is
// available (x86-64), the rest one byte at a time through a table.
// * `plain_python_prefix(text)`: the leading bytes Python's json.dumps (ensure_ascii) copies as
//   they are: printable ASCII 0x20..0x7E other than '"' and '\\'.
// * `plain_json_string_prefix(text)`: the leading bytes a JSON string literal holds as they are
//   and a reader copies without decoding: 0x20..0x7F other than '"' and '\\'.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace esisim::json {

namespace byte_scan_detail {

// kPlain[kind][byte]: kind 0 = Python output, 1 = JSON string input.
inline constexpr auto kPlain = [] {
  std::array<std::array<bool, 256>, 2> plain{};
  for (int c = 0x20; c < 0x80; ++c) {
    const bool ordinary = c != '"' && c != '\\';
    plain[0][static_cast<std::size_t>(c)] = ordinary && c != 0x7F;
    plain[1][static_cast<std::size_t>(c)] = ordinary;
  }
  return plain;
}();

template <int Kind>
std::size_t plain_prefix(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i del = _mm_set1_epi8(0x7F);
  for (; i + 16 <= size; i += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    // Signed compare: bytes >= 0x80 are negative, so below 0x20 as well.
    __m128i special = _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash));
    special = _mm_or_si128(special, _mm_cmplt_epi8(chunk, space));
    if (Kind == 0) special = _mm_or_si128(special, _mm_cmpeq_epi8(chunk, del));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < size && kPlain[Kind][bytes[i]]) ++i;
  return i;
}

}  // namespace byte_scan_detail

inline std::size_t plain_python_prefix(std::string_view text) {
  return byte_scan_detail::plain_prefix<0>(text);
}

inline std::size_t plain_json_string_prefix(std::string_view text) {
  return byte_scan_detail::plain_prefix<1>(text);
}

}  // namespace esisim::json
