// An immutable string shared, not copied: a node's value in the store, in the history's events
// and in every answer and watch event that carries it (NodeView::value).
//
// Contract: absent (the default) differs from present and empty, as std::optional<std::string>
// does, and reads like one (bool test, has_value, *, ->, value_or, ==), except that the text is
// a std::string_view into the shared bytes (valid while this SharedText lives). Copies share the
// same bytes, which live until the last copy goes and never change. One allocation per distinct
// text: an 8-byte reference count followed by the bytes.
// Trade-off: the count is a plain integer, not an atomic, so two threads must never hold copies
// of one text at the same time (hand an event over only after the store that made it is gone,
// or copy its text); the Store they come from is single-threaded anyway.
#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace esisim::etcd {

class SharedText {
 public:
  SharedText() = default;  // absent
  explicit SharedText(std::string_view text)
      : block_(new (::operator new(sizeof(Block) + text.size())) Block{1}), size_(text.size()) {
    if (size_ > 0) std::memcpy(bytes(), text.data(), size_);
  }
  SharedText(const SharedText& other) noexcept : block_(other.block_), size_(other.size_) {
    if (block_ != nullptr) ++block_->refs;
  }
  SharedText(SharedText&& other) noexcept
      : block_(std::exchange(other.block_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  SharedText& operator=(SharedText other) noexcept {
    std::swap(block_, other.block_);
    std::swap(size_, other.size_);
    return *this;
  }
  ~SharedText() {
    if (block_ != nullptr && --block_->refs == 0) {
      block_->~Block();
      ::operator delete(block_);
    }
  }

  bool has_value() const { return block_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  // The text, as std::optional's * and -> give it (absent: empty).
  std::string_view operator*() const { return view(); }
  struct Arrow {
    std::string_view text;
    const std::string_view* operator->() const { return &text; }
  };
  Arrow operator->() const { return Arrow{view()}; }
  std::string_view value_or(std::string_view fallback) const {
    return has_value() ? view() : fallback;
  }
  // Assigning a text stores a copy of it, as assigning to a std::optional<std::string> does.
  SharedText& operator=(std::string_view text) { return *this = SharedText(text); }
  void reset() { *this = SharedText(); }
  void emplace(std::string_view text) { *this = SharedText(text); }
  // The bytes; empty when absent.
  std::string_view view() const {
    return block_ == nullptr ? std::string_view() : std::string_view(bytes(), size_);
  }
  std::optional<std::string> to_optional() const {
    if (!has_value()) return std::nullopt;
    return std::string(view());
  }
  // Equal when both are absent or both hold the same bytes.
  friend bool operator==(const SharedText& a, const SharedText& b) {
    return a.has_value() == b.has_value() && a.view() == b.view();
  }
  friend bool operator==(const SharedText& a, std::string_view text) {
    return a.has_value() && a.view() == text;
  }
  friend bool operator==(const SharedText& a, std::nullopt_t) { return !a.has_value(); }
  friend std::ostream& operator<<(std::ostream& out, const SharedText& text) {
    if (!text.has_value()) return out << "(absent)";
    return out << '"' << text.view() << '"';
  }

  // Where the text lives (nullptr when absent), for prefetch hints.
  const void* address() const { return block_; }
  // A hint that the text will soon be read, released or its memory reused: starts loading the
  // reference count's cache line, or with `whole` every line of the block.
  void prefetch(bool whole) const {
    if (block_ == nullptr) return;
    const char* begin = reinterpret_cast<const char*>(block_);
    const char* end = whole ? bytes() + size_ : begin + 1;
    for (const char* line = begin; line < end; line += 64) __builtin_prefetch(line, 1);
  }

 private:
  struct Block {
    size_t refs;  // the bytes follow
  };
  char* bytes() const { return reinterpret_cast<char*>(block_ + 1); }

  Block* block_ = nullptr;
  size_t size_ = 0;
};

}  // namespace esisim::etcd
