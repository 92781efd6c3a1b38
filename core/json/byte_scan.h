// Scans for the JSON reader and writers: how many leading bytes of a text need no special
// treatment.
//
// Contract: pure functions, exact for every input, reading only inside the text. 16 bytes are
// tested at a time where SSE2 is available (x86-64), else 8 at a time; a short tail is read as
// a last chunk overlapping the previous one, texts shorter than a chunk byte by byte.
// * `plain_python_prefix(text)`: the leading bytes Python's json.dumps (ensure_ascii) copies as
//   they are: printable ASCII 0x20..0x7E other than '"' and '\\'.
// * `plain_json_string_prefix(text)`: the leading bytes a JSON string literal holds as they are
//   and a reader copies without decoding: 0x20..0x7F other than '"' and '\\'.
// * `plain_go_json_prefix(text)`: the leading bytes Go's encoding/json copies as they are:
//   0x20..0x7F other than '"', '\\', '<', '>' and '&' (which it escapes for HTML).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace esisim::json {

namespace byte_scan_detail {

// kPlain[kind][byte]: kind 0 = Python output, 1 = JSON string input, 2 = Go output.
inline constexpr auto kPlain = [] {
  std::array<std::array<bool, 256>, 3> plain{};
  for (int c = 0x20; c < 0x80; ++c) {
    const bool ordinary = c != '"' && c != '\\';
    plain[0][static_cast<std::size_t>(c)] = ordinary && c != 0x7F;
    plain[1][static_cast<std::size_t>(c)] = ordinary;
    plain[2][static_cast<std::size_t>(c)] = ordinary && c != '<' && c != '>' && c != '&';
  }
  return plain;
}();

inline constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
inline constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

// Non-zero when some byte of x is < n (n <= 128).
constexpr std::uint64_t has_less(std::uint64_t x, std::uint64_t n) {
  return (x - kOnes * n) & ~x & kHighs;
}
// Non-zero when some byte of x is > n (n <= 127).
constexpr std::uint64_t has_more(std::uint64_t x, std::uint64_t n) {
  return ((x + kOnes * (127 - n)) | x) & kHighs;
}
// Non-zero when some byte of x equals c.
constexpr std::uint64_t has_byte(std::uint64_t x, unsigned char c) {
  return has_less(x ^ (kOnes * c), 1);
}

// Whether the 8 bytes at p are all plain.
template <int Kind>
bool word_plain(const unsigned char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  const std::uint64_t out_of_range = Kind == 0 ? has_more(w, 0x7E) : (w & kHighs);
  const std::uint64_t html =
      Kind == 2 ? (has_byte(w, '<') | has_byte(w, '>') | has_byte(w, '&')) : 0;
  return (has_less(w, 0x20) | out_of_range | html | has_byte(w, '"') | has_byte(w, '\\')) == 0;
}

template <int Kind>
std::size_t byte_loop(const unsigned char* bytes, std::size_t i, std::size_t size) {
  while (i < size && kPlain[Kind][bytes[i]]) ++i;
  return i;
}

#if defined(__SSE2__)
// A mask of the special bytes among the 16 at p.
template <int Kind>
unsigned special_mask(const unsigned char* p) {
  const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Signed compare: bytes >= 0x80 are negative, so below 0x20 as well.
  __m128i special = _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('"')),
                                 _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\\')));
  special = _mm_or_si128(special, _mm_cmplt_epi8(chunk, _mm_set1_epi8(0x20)));
  if (Kind == 0) special = _mm_or_si128(special, _mm_cmpeq_epi8(chunk, _mm_set1_epi8(0x7F)));
  if (Kind == 2) {
    special = _mm_or_si128(special, _mm_cmpeq_epi8(chunk, _mm_set1_epi8('<')));
    special = _mm_or_si128(special, _mm_cmpeq_epi8(chunk, _mm_set1_epi8('>')));
    special = _mm_or_si128(special, _mm_cmpeq_epi8(chunk, _mm_set1_epi8('&')));
  }
  return static_cast<unsigned>(_mm_movemask_epi8(special));
}
#endif

// Reads only inside `text`; the last chunk of a long text overlaps the one before it (its
// earlier bytes are known plain, so its first special byte is the first of the text).
template <int Kind>
std::size_t plain_prefix(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
#if defined(__SSE2__)
  if (size >= 16) {
    std::size_t i = 0;
    for (; i + 16 <= size; i += 16) {
      if (const unsigned mask = special_mask<Kind>(bytes + i); mask != 0) {
        return i + static_cast<std::size_t>(__builtin_ctz(mask));
      }
    }
    if (i == size) return size;
    const std::size_t last = size - 16;
    const unsigned mask = special_mask<Kind>(bytes + last);
    return mask == 0 ? size : last + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    if (!word_plain<Kind>(bytes + i)) return byte_loop<Kind>(bytes, i, size);
  }
  if (i == size) return size;
  if (size >= 8) {
    return word_plain<Kind>(bytes + size - 8) ? size : byte_loop<Kind>(bytes, i, size);
  }
  return byte_loop<Kind>(bytes, i, size);
}

}  // namespace byte_scan_detail

inline std::size_t plain_python_prefix(std::string_view text) {
  return byte_scan_detail::plain_prefix<0>(text);
}

inline std::size_t plain_json_string_prefix(std::string_view text) {
  return byte_scan_detail::plain_prefix<1>(text);
}

inline std::size_t plain_go_json_prefix(std::string_view text) {
  return byte_scan_detail::plain_prefix<2>(text);
}

}  // namespace esisim::json
