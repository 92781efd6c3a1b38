// Renderer of a parsed Jinja2 template (jinja_ast.h) with JSON variables.
//
// Contract: walks the tree once, writing text. Variables are looked up in the innermost scope
// first, then in `variables` (a JSON object; each variable is converted to a Value the first
// time it is used in a render). A `for` body is its own scope, renewed every iteration: names
// set inside it are not visible after the loop or in the next iteration (Jinja2 >= 2.9: sets
// in a loop never leak out). `loop` offers index, index0, revindex, revindex0, first, last,
// length, depth, depth0 and cycle(). Undefined is Jinja2's default `Undefined`: prints as "",
// is false, iterates as empty, and fails on attribute / item access, arithmetic and ordering.
// Output and loop iterations are bounded by the limits. Failures throw SourceFailure with the
// offset of the expression or tag that failed.
#pragma once

#include <string>
#include <string_view>

#include "core/heat/jinja_ast.h"
#include "core/heat/jinja_limits.h"
#include "nlohmann/json.hpp"

namespace esisim::heat::jinja {

std::string render_body(const Body& body, std::string_view text,
                        const nlohmann::ordered_json& variables, const JinjaLimits& limits);

}  // namespace esisim::heat::jinja
