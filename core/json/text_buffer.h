// TextBuffer: an append-only byte buffer for the JSON writers, cheaper per append than
// std::string (no terminator, no growth policy per call, inline fast paths).
//
// Contract: `append` adds bytes at the end; `reserve(n)` returns a pointer where n bytes may be
// written, to be followed by `commit(end)`; `view()` is the text so far, valid until the next
// change. Capacity doubles as needed and never shrinks (clear keeps it), so a buffer reused
// per thread stops allocating.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace esisim::json {

class TextBuffer {
 public:
  TextBuffer() = default;
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;

  void clear() { end_ = begin_; }
  std::size_t size() const { return static_cast<std::size_t>(end_ - begin_); }
  std::string_view view() const { return std::string_view(begin_, size()); }
  std::string str() const { return std::string(view()); }

  char* reserve(std::size_t bytes) {
    if (static_cast<std::size_t>(cap_ - end_) < bytes || begin_ == nullptr) grow(bytes);
    return end_;
  }
  void commit(char* new_end) { end_ = new_end; }

  void append(char c) {
    reserve(1);
    *end_++ = c;
  }
  void append(std::string_view text) {
    char* out = reserve(text.size());
    std::memcpy(out, text.data(), text.size());
    end_ = out + text.size();
  }
  // `text` with a quote before and after (a string literal that needs no escapes).
  void append_quoted(std::string_view text) {
    char* out = reserve(text.size() + 2);
    *out++ = '"';
    std::memcpy(out, text.data(), text.size());
    out += text.size();
    *out++ = '"';
    end_ = out;
  }

 private:
  void grow(std::size_t bytes) {
    const std::size_t used = size();
    std::size_t capacity = static_cast<std::size_t>(cap_ - begin_);
    capacity = capacity < 256 ? 256 : capacity;
    while (capacity - used < bytes) capacity *= 2;
    std::unique_ptr<char[]> data(new char[capacity]);
    if (used > 0) std::memcpy(data.get(), begin_, used);
    data_ = std::move(data);
    begin_ = data_.get();
    end_ = begin_ + used;
    cap_ = begin_ + capacity;
  }

  std::unique_ptr<char[]> data_;
  char* begin_ = nullptr;
  char* end_ = nullptr;
  char* cap_ = nullptr;
};

}  // namespace esisim::json
