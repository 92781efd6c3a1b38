// The word-at-a-time scans agree with a byte-by-byte definition on every length, every special
// byte and every position (including the overlapped last chunks).
#include "core/json/byte_scan.h"

#include <gtest/gtest.h>

#include <string>

namespace esisim::json {
namespace {

size_t reference_go_prefix(std::string_view text) {
  size_t i = 0;
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c > 0x7F || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&') break;
  }
  return i;
}

size_t reference_prefix(std::string_view text, bool python) {
  size_t i = 0;
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool plain = c >= 0x20 && c != '"' && c != '\\' && (python ? c <= 0x7E : c <= 0x7F);
    if (!plain) break;
  }
  return i;
}

TEST(ByteScan, EveryByteAtEveryPositionOfEveryLength) {
  for (size_t size = 0; size <= 40; ++size) {
    const std::string base(size, 'a');
    EXPECT_EQ(plain_python_prefix(base), size);
    EXPECT_EQ(plain_json_string_prefix(base), size);
    EXPECT_EQ(plain_go_json_prefix(base), size);
    for (size_t position = 0; position < size; ++position) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string text = base;
        text[position] = static_cast<char>(byte);
        ASSERT_EQ(plain_python_prefix(text), reference_prefix(text, true))
            << size << " " << position << " " << byte;
        ASSERT_EQ(plain_json_string_prefix(text), reference_prefix(text, false))
            << size << " " << position << " " << byte;
        ASSERT_EQ(plain_go_json_prefix(text), reference_go_prefix(text))
            << size << " " << position << " " << byte;
      }
    }
  }
}

TEST(ByteScan, TwoSpecialBytesFindTheFirst) {
  for (size_t size = 2; size <= 40; ++size) {
    for (size_t first = 0; first + 1 < size; ++first) {
      for (size_t second = first + 1; second < size; ++second) {
        std::string text(size, 'x');
        text[first] = '"';
        text[second] = '\\';
        ASSERT_EQ(plain_python_prefix(text), first);
        text[first] = '\x7f';
        ASSERT_EQ(plain_python_prefix(text), first);
        ASSERT_EQ(plain_json_string_prefix(text), second);
        text[first] = '&';
        ASSERT_EQ(plain_go_json_prefix(text), first);
      }
    }
  }
}

}  // namespace
}  // namespace esisim::json
