// Parser of the Jinja2 subset: lexer pieces -> syntax tree (jinja_ast.h).
//
// Contract: follows Jinja2 2.x's parser, including its precedence quirks (`-2 ** 2` is
// `(-2) ** 2`, `**` is left-associative, a filter binds to the unary expression before it,
// `if` / `elif` conditions and `for` iterables take no inline if-else). Statements: `if` /
// `elif` / `else` / `endif`, `for <names> in <expr> [if <expr>]` / `else` / `endfor`,
// `set <names> = <expr>`; every other tag is an error naming the known ones. Filters and tests
// must exist (jinja_builtins.h). Nesting of blocks and expressions is bounded by
// `nesting_depth_max`. Failures throw SourceFailure with the offset of the offending token.
#pragma once

#include <vector>

#include "core/heat/jinja_ast.h"
#include "core/heat/jinja_lexer.h"
#include "core/heat/jinja_limits.h"

namespace esisim::heat::jinja {

Body parse_pieces(std::vector<Piece> pieces, const JinjaLimits& limits);

}  // namespace esisim::heat::jinja
