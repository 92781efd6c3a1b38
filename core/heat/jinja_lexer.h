// Lexer of the Jinja2 subset: source text -> data pieces and tag token lists.
//
// Contract: `normalize_source` does what Jinja2's lexer does first with the default
// environment: every line break Python's unicode.splitlines knows (\r\n, \r, \n, \v, \f,
// \x1c-\x1e, U+0085, U+2028, U+2029) becomes "\n", and one trailing line break is dropped
// (keep_trailing_newline=False). `lex` splits the normalized text into data, `{{ }}` and
// `{% %}` pieces with their expression tokens; comments `{# #}` disappear; `{% raw %}` content
// becomes data. Whitespace control follows Jinja2 defaults (trim_blocks and lstrip_blocks off):
// `{%-`, `{{-`, `{#-` remove all whitespace before the tag, `-%}`, `-}}`, `-#}` all whitespace
// after it. Inside a tag `}}` / `%}` end it only when brackets are balanced. Offsets are byte
// offsets into the normalized text. Failures throw SourceFailure (caught by the API).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace esisim::heat::jinja {

struct SourceFailure {
  std::size_t offset = 0;
  std::string message;
};

enum class TokenKind : std::uint8_t { kName, kString, kInteger, kFloat, kOperator, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;         // name, operator, or the decoded string literal
  bool is_unicode = false;  // string literal that is not pure ASCII
  std::int64_t integer = 0;
  double floating = 0;
  std::size_t offset = 0;
};

enum class PieceKind : std::uint8_t { kData, kVariable, kBlock };

struct Piece {
  PieceKind kind = PieceKind::kData;
  std::string data;           // kData
  std::vector<Token> tokens;  // kVariable / kBlock, ending with a kEnd token at the closer
  std::size_t offset = 0;     // start of the data or of the opening `{{` / `{%`
};

std::string normalize_source(std::string_view source);
// Pieces of an already normalized text.
std::vector<Piece> lex(std::string_view text);
// 1-based line and column (in code points) of a byte offset of `text`.
struct LineColumn {
  std::size_t line = 1;
  std::size_t column = 1;
};
LineColumn line_column(std::string_view text, std::size_t offset);

}  // namespace esisim::heat::jinja
