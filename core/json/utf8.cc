#include "core/json/utf8.h"

#include <cassert>

namespace esisim::json {
namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;

DecodedRune invalid_rune() { return DecodedRune{kReplacementCharacter, 1, false}; }

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

DecodedRune decode_utf8_rune(std::string_view text, std::size_t offset_bytes) {
  assert(offset_bytes < text.size());
  const auto lead = static_cast<unsigned char>(text[offset_bytes]);
  if (lead < 0x80) return DecodedRune{lead, 1, true};

  std::size_t size_bytes = 0;
  char32_t code_point = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    size_bytes = 2;
    code_point = lead & 0x1F;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    size_bytes = 3;
    code_point = lead & 0x0F;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    size_bytes = 4;
    code_point = lead & 0x07;
    minimum = 0x10000;
  } else {
    return invalid_rune();
  }
  if (offset_bytes + size_bytes > text.size()) return invalid_rune();
  for (std::size_t i = 1; i < size_bytes; ++i) {
    const auto byte = static_cast<unsigned char>(text[offset_bytes + i]);
    if (!is_continuation(byte)) return invalid_rune();
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  if (code_point < minimum || code_point > 0x10FFFF) return invalid_rune();
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return invalid_rune();
  return DecodedRune{code_point, size_bytes, true};
}

}  // namespace esisim::json
