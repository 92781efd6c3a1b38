#include "sim/trace/compact_json.h"

#include <vector>

namespace esisim::trace {

namespace {

constexpr std::size_t kIntegerDigitsMax = 18;  // always an int64 / uint64 in nlohmann

class Compactor {
 public:
  Compactor(std::string_view text, std::string& out) : text_(text), out_(out) {}

  bool run() {
    if (!value(0)) return false;
    skip_ws();
    return pos_ == text_.size();
  }

 private:
  void skip_ws() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++pos_;
    }
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    out_.append(word);
    pos_ += word.size();
    return true;
  }

  // A string copied as is; its raw text (quotes included) in `raw`.
  bool string(std::string_view& raw) {
    std::size_t start = pos_++;
    while (pos_ < text_.size()) {
      auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        raw = text_.substr(start, pos_ - start);
        out_.append(raw);
        return true;
      }
      if (c < 0x20 || c >= 0x80) return false;
      if (c == '\\') {
        if (pos_ + 1 >= text_.size()) return false;
        switch (text_[pos_ + 1]) {
          case '"':
          case '\\':
          case 'b':
          case 'f':
          case 'n':
          case 'r':
          case 't':
            pos_ += 2;
            continue;
          default:
            return false;  // \/ and \u are re-written by nlohmann: the slow path
        }
      }
      ++pos_;
    }
    return false;
  }

  bool number() {
    std::size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    std::size_t digits_start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    std::size_t digits = pos_ - digits_start;
    if (digits == 0 || digits > kIntegerDigitsMax) return false;
    if (text_[digits_start] == '0' && (digits > 1 || digits_start != start)) return false;
    if (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '.' || c == 'e' || c == 'E') return false;
    }
    out_.append(text_.substr(start, pos_ - start));
    return true;
  }

  // The opening bracket; true in `empty` when the closing one follows at once.
  void open(char close, bool& empty) {
    out_ += text_[pos_++];
    skip_ws();
    empty = pos_ < text_.size() && text_[pos_] == close;
    if (empty) out_ += text_[pos_++];
  }

  // After a member or an element: ',' (more follow) or `close` (`done`); false otherwise.
  bool separator(char close, bool& done) {
    skip_ws();
    if (pos_ >= text_.size()) return false;
    char c = text_[pos_++];
    out_ += c;
    done = c == close;
    return done || c == ',';
  }

  bool object(std::size_t depth) {
    bool done = false;
    open('}', done);
    std::size_t first_key = keys_.size();
    while (!done) {
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != '"') return false;
      std::string_view key;
      if (!string(key)) return false;
      // Raw texts compare like decoded keys here: every escape allowed has one spelling.
      for (std::size_t k = first_key; k < keys_.size(); ++k) {
        if (keys_[k] == key) return false;
      }
      keys_.push_back(key);
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != ':') return false;
      ++pos_;
      out_ += ':';
      if (!value(depth + 1) || !separator('}', done)) return false;
    }
    keys_.resize(first_key);
    return true;
  }

  bool array(std::size_t depth) {
    bool done = false;
    open(']', done);
    while (!done) {
      if (!value(depth + 1) || !separator(']', done)) return false;
    }
    return true;
  }

  bool value(std::size_t depth) {
    if (depth >= kCompactDepthMax) return false;
    skip_ws();
    if (pos_ >= text_.size()) return false;
    switch (text_[pos_]) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"': {
        std::string_view raw;
        return string(raw);
      }
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        if (text_[pos_] == '-' || (text_[pos_] >= '0' && text_[pos_] <= '9')) return number();
        return false;
    }
  }

  std::string_view text_;
  std::string& out_;
  std::size_t pos_ = 0;
  std::vector<std::string_view> keys_;  // the keys of the objects open now, outermost first
};

}  // namespace

bool append_compact_json(std::string_view text, std::string& out) {
  std::size_t size_before = out.size();
  if (Compactor(text, out).run()) return true;
  out.resize(size_before);
  return false;
}

}  // namespace esisim::trace
