#include "core/heat/jinja_lexer.h"

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <optional>

#include "core/json/utf8.h"

namespace esisim::heat::jinja {
namespace {

// Python 2 `\s` without re.UNICODE.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Length in bytes of the line break at `i` (0 if none): the separators of unicode.splitlines.
std::size_t line_break_at(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == '\r') return i + 1 < s.size() && s[i + 1] == '\n' ? 2 : 1;
  if (c == '\n' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E) return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
       static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
    return 3;
  }
  return 0;
}

// Decodes a string literal body the way Jinja2 2.x does (unicode-escape after
// backslashreplace): Python escapes are decoded, unknown ones keep their backslash.
std::string decode_string_literal(std::string_view body, std::size_t offset) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 >= body.size()) {
      out += body[i];
      continue;
    }
    const char e = body[++i];
    auto read_hex = [&](int digits) -> std::uint32_t {
      std::uint32_t value = 0;
      for (int d = 0; d < digits; ++d) {
        const int h = i + 1 < body.size() ? hex_value(body[i + 1]) : -1;
        if (h < 0) {
          throw SourceFailure{offset,
                              "truncated \\" + std::string(1, e) + " escape in string literal"};
        }
        value = value * 16 + static_cast<std::uint32_t>(h);
        ++i;
      }
      return value;
    };
    switch (e) {
      case '\n':
        break;
      case '\\':
      case '\'':
      case '"':
        out += e;
        break;
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
        append_utf8(out, read_hex(2));
        break;
      case 'u':
        append_utf8(out, read_hex(4));
        break;
      case 'U': {
        const std::uint32_t cp = read_hex(8);
        if (cp > 0x10FFFF) throw SourceFailure{offset, "illegal Unicode character in string"};
        append_utf8(out, cp);
        break;
      }
      case 'N':
        throw SourceFailure{offset, "\\N{...} escapes are not supported"};
      default:
        if (e >= '0' && e <= '7') {
          std::uint32_t value = static_cast<std::uint32_t>(e - '0');
          for (int d = 0; d < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7';
               ++d) {
            value = value * 8 + static_cast<std::uint32_t>(body[++i] - '0');
          }
          append_utf8(out, value);
        } else {
          out += '\\';
          out += e;
        }
    }
  }
  return out;
}

bool all_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

constexpr std::string_view kOperators[] = {"//", "**", "==", "!=", ">=", "<=", "+", "-", "/",
                                           "*",  "%",  "~",  "[",  "]",  "(",  ")", "{", "}",
                                           ">",  "<",  "=",  ".",  ":",  "|",  ",", ";"};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Piece> run() {
    std::size_t pos = 0;
    while (pos < text_.size()) {
      const std::size_t tag = find_tag(pos);
      if (tag == std::string_view::npos) {
        add_data(pos, text_.substr(pos));
        break;
      }
      const char kind = text_[tag + 1];
      const bool strip_before = tag + 2 < text_.size() && text_[tag + 2] == '-';
      std::string_view data = text_.substr(pos, tag - pos);
      if (strip_before) data = rstrip(data);
      add_data(pos, data);
      std::size_t inner = tag + (strip_before ? 3 : 2);
      if (kind == '%') {
        if (auto raw_end = raw_start_end(tag)) {
          pos = lex_raw(tag, *raw_end);
          continue;
        }
      }
      if (kind == '#') {
        pos = skip_comment(tag, inner);
      } else {
        pos = lex_tag(tag, inner, kind == '{' ? PieceKind::kVariable : PieceKind::kBlock);
      }
    }
    return std::move(pieces_);
  }

 private:
  static std::string_view rstrip(std::string_view s) {
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
  }
  std::size_t skip_space(std::size_t pos) const {
    while (pos < text_.size() && is_space(text_[pos])) ++pos;
    return pos;
  }
  bool starts_with(std::size_t pos, std::string_view what) const {
    return text_.substr(pos, what.size()) == what;
  }

  std::size_t find_tag(std::size_t pos) const {
    for (std::size_t i = text_.find('{', pos); i != std::string_view::npos;
         i = text_.find('{', i + 1)) {
      if (i + 1 < text_.size() &&
          (text_[i + 1] == '{' || text_[i + 1] == '%' || text_[i + 1] == '#')) {
        return i;
      }
    }
    return std::string_view::npos;
  }

  void add_data(std::size_t offset, std::string_view data) {
    if (data.empty()) return;
    if (!pieces_.empty() && pieces_.back().kind == PieceKind::kData) {
      pieces_.back().data += data;
      return;
    }
    Piece piece;
    piece.kind = PieceKind::kData;
    piece.data = std::string(data);
    piece.offset = offset;
    pieces_.push_back(std::move(piece));
  }

  // If `{%-? raw -?%}` starts at `tag`: the offset after it (and after the stripped
  // whitespace for `-%}`).
  std::optional<std::size_t> tag_named(std::size_t tag, std::string_view name) const {
    std::size_t i = tag + 2;
    if (i < text_.size() && text_[i] == '-') ++i;
    i = skip_space(i);
    if (!starts_with(i, name)) return std::nullopt;
    i = skip_space(i + name.size());
    if (starts_with(i, "-%}")) return skip_space(i + 3);
    if (starts_with(i, "%}")) return i + 2;
    return std::nullopt;
  }
  std::optional<std::size_t> raw_start_end(std::size_t tag) const { return tag_named(tag, "raw"); }

  std::size_t lex_raw(std::size_t tag, std::size_t content) {
    for (std::size_t i = text_.find("{%", content); i != std::string_view::npos;
         i = text_.find("{%", i + 1)) {
      if (auto after = tag_named(i, "endraw")) {
        std::string_view data = text_.substr(content, i - content);
        if (text_[i + 2] == '-') data = rstrip(data);
        add_data(content, data);
        return *after;
      }
    }
    throw SourceFailure{tag, "missing end of raw directive: expected '{% endraw %}'"};
  }

  std::size_t skip_comment(std::size_t tag, std::size_t inner) {
    const std::size_t close = text_.find("#}", inner);
    if (close == std::string_view::npos) {
      throw SourceFailure{tag, "missing end of comment tag: expected '#}'"};
    }
    const bool strip_after = close > inner && text_[close - 1] == '-';
    return strip_after ? skip_space(close + 2) : close + 2;
  }

  std::size_t lex_tag(std::size_t tag, std::size_t pos, PieceKind kind) {
    const std::string_view closer = kind == PieceKind::kVariable ? "}}" : "%}";
    Piece piece;
    piece.kind = kind;
    piece.offset = tag;
    std::vector<char> balance;
    for (;;) {
      if (pos >= text_.size()) {
        throw SourceFailure{tag, std::string("unexpected end of template: '") +
                                     (kind == PieceKind::kVariable ? "{{" : "{%") +
                                     "' is never closed, expected '" + std::string(closer) + "'"};
      }
      if (balance.empty()) {
        const bool dash = text_[pos] == '-' && starts_with(pos + 1, closer);
        if (dash || starts_with(pos, closer)) {
          Token end;
          end.kind = TokenKind::kEnd;
          end.text = std::string(closer);
          end.offset = pos;
          piece.tokens.push_back(std::move(end));
          pieces_.push_back(std::move(piece));
          return dash ? skip_space(pos + 3) : pos + 2;
        }
      }
      const char c = text_[pos];
      if (is_space(c)) {
        ++pos;
        continue;
      }
      Token token;
      token.offset = pos;
      if (is_digit(c)) {
        pos = lex_number(pos, token);
      } else if (is_name_start(c)) {
        std::size_t end = pos;
        while (end < text_.size() && is_name_char(text_[end])) ++end;
        token.kind = TokenKind::kName;
        token.text = std::string(text_.substr(pos, end - pos));
        pos = end;
      } else if (c == '\'' || c == '"') {
        pos = lex_string(pos, token);
      } else {
        pos = lex_operator(pos, token, balance);
      }
      piece.tokens.push_back(std::move(token));
    }
  }

  std::size_t lex_number(std::size_t pos, Token& token) const {
    std::size_t end = pos;
    while (end < text_.size() && is_digit(text_[end])) ++end;
    // Jinja2's float: (?<!\.)\d+\.\d+
    const bool after_dot = pos > 0 && text_[pos - 1] == '.';
    if (!after_dot && end + 1 < text_.size() && text_[end] == '.' && is_digit(text_[end + 1])) {
      std::size_t frac = end + 1;
      while (frac < text_.size() && is_digit(text_[frac])) ++frac;
      const std::string literal(text_.substr(pos, frac - pos));
      token.kind = TokenKind::kFloat;
      token.text = literal;
      token.floating = std::strtod(literal.c_str(), nullptr);
      return frac;
    }
    const std::string literal(text_.substr(pos, end - pos));
    errno = 0;
    const long long value = std::strtoll(literal.c_str(), nullptr, 10);
    if (errno == ERANGE) {
      throw SourceFailure{pos, "integer literal " + literal + " is outside the 64-bit range"};
    }
    token.kind = TokenKind::kInteger;
    token.text = literal;
    token.integer = value;
    return end;
  }

  std::size_t lex_string(std::size_t pos, Token& token) const {
    const char quote = text_[pos];
    std::size_t i = pos + 1;
    while (i < text_.size() && text_[i] != quote) {
      i += text_[i] == '\\' ? 2 : 1;
    }
    if (i >= text_.size()) throw SourceFailure{pos, "unterminated string literal"};
    token.kind = TokenKind::kString;
    token.text = decode_string_literal(text_.substr(pos + 1, i - pos - 1), pos);
    token.is_unicode = !all_ascii(token.text);
    return i + 1;
  }

  std::size_t lex_operator(std::size_t pos, Token& token, std::vector<char>& balance) const {
    for (std::string_view op : kOperators) {
      if (!starts_with(pos, op)) continue;
      const char c = op[0];
      if (op.size() == 1 && (c == '(' || c == '[' || c == '{')) {
        balance.push_back(c == '(' ? ')' : (c == '[' ? ']' : '}'));
      } else if (op.size() == 1 && (c == ')' || c == ']' || c == '}')) {
        if (balance.empty()) throw SourceFailure{pos, "unexpected '" + std::string(op) + "'"};
        if (balance.back() != c) {
          throw SourceFailure{pos, "unexpected '" + std::string(op) + "', expected '" +
                                       std::string(1, balance.back()) + "'"};
        }
        balance.pop_back();
      }
      token.kind = TokenKind::kOperator;
      token.text = std::string(op);
      return pos + op.size();
    }
    const auto rune = json::decode_utf8_rune(text_, pos);
    throw SourceFailure{
        pos, "unexpected character '" + std::string(text_.substr(pos, rune.size_bytes)) + "'"};
  }

  std::string_view text_;
  std::vector<Piece> pieces_;
};

}  // namespace

std::string normalize_source(std::string_view source) {
  std::string out;
  out.reserve(source.size());
  bool ends_with_break = false;
  for (std::size_t i = 0; i < source.size();) {
    if (const std::size_t n = line_break_at(source, i)) {
      out += '\n';
      i += n;
      ends_with_break = true;
    } else {
      out += source[i];
      ++i;
      ends_with_break = false;
    }
  }
  if (ends_with_break) out.pop_back();
  return out;
}

std::vector<Piece> lex(std::string_view text) { return Lexer(text).run(); }

LineColumn line_column(std::string_view text, std::size_t offset) {
  LineColumn at;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++at.line;
      line_start = i + 1;
    }
  }
  std::size_t column = 1;
  for (std::size_t i = line_start; i < offset && i < text.size();) {
    i += json::decode_utf8_rune(text, i).size_bytes;
    ++column;
  }
  at.column = column;
  return at;
}

}  // namespace esisim::heat::jinja
