// Jinja2 renderer of the fake Heat engine: renders heat templates' `template_file` (with the
// job's `jinja_*` params) and the 2017 monitoring templates (with all their params) the way the
// real workers did with Jinja2 2.x on Python 2.7, default Environment.
//
// Contract: `parse_jinja` reads a template once (lexing, parsing, resolving filters and tests);
// `render` renders it any number of times (it is immutable and may be shared between threads).
// `render_jinja` does both. Variables are a JSON object name -> value; JSON values become the
// Python objects json.loads gives (strings unicode). Errors are values, code
// kJinjaSyntaxError for parse errors and kJinjaRenderError for render errors (both including
// exceeded limits), with the message "<template>: line L, column C: <what was expected>"; line
// and column (in code points, 1-based) point into the template source.
//
// The language (see jinja_lexer.h, jinja_parser.h, jinja_render.h, jinja_builtins.h for the
// details): text; `{{ expr }}`; `{% if %}{% elif %}{% else %}{% endif %}`; `{% for x in expr
// [if cond] %}...{% else %}...{% endfor %}` with `loop`; `{% set x = expr %}`; `{# #}`;
// `{% raw %}`; whitespace control `{%- -%}` etc.; Jinja2's default whitespace handling
// (trim_blocks and lstrip_blocks off, one trailing newline of the source dropped). Expressions:
// literals, names, `.attr`, `[index]`, slices, calls of string / dict methods, filters, `is`
// tests, arithmetic, `~`, comparisons, `in`, `not in`, `and`, `or`, `not`, `a if c else b`.
// Values print as Python 2 `unicode(x)` does (None, True, 1.5, [u'a', 1], {u'k': u'v'} in
// CPython 2.7 dict order).
//
// Undefined is Jinja2's default `Undefined`: a missing variable, attribute or element prints
// as "", is false, has length 0, iterates as empty, equals only Undefined, counts as "" for
// `~` and the string filters; `is defined` is false and `default` replaces it. Attribute or
// item access on it, calling it, arithmetic, ordering, `int` / `float` / `match` on it fail
// with Jinja2's message ("'x' is undefined", "'dict object' has no attribute 'k'").
//
// Example:
//   auto text = render_jinja("port", "{% for ip in jinja_fixed_ips %}{{ ip.subnet_id }} "
//                            "{% endfor %}", {{"jinja_fixed_ips", {{{"subnet_id", "s1"}}}}});
//   *text == "s1 "
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/heat/jinja_limits.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::heat {

inline constexpr int kJinjaSyntaxError = 1;
inline constexpr int kJinjaRenderError = 2;

namespace jinja {
struct ParsedTemplate;
}

class JinjaTemplate {
 public:
  const std::string& name() const;
  // The source after Jinja2's newline normalisation (what line and column refer to).
  const std::string& normalized_source() const;

 private:
  friend Result<JinjaTemplate> parse_jinja(std::string_view, std::string_view, const JinjaLimits&);
  friend Result<std::string> render(const JinjaTemplate&, const nlohmann::ordered_json&,
                                    const JinjaLimits&);
  explicit JinjaTemplate(std::shared_ptr<const jinja::ParsedTemplate> parsed);
  std::shared_ptr<const jinja::ParsedTemplate> parsed_;
};

Result<JinjaTemplate> parse_jinja(std::string_view template_name, std::string_view source,
                                  const JinjaLimits& limits = {});

Result<std::string> render(const JinjaTemplate& jinja_template,
                           const nlohmann::ordered_json& variables, const JinjaLimits& limits = {});

Result<std::string> render_jinja(std::string_view template_name, std::string_view source,
                                 const nlohmann::ordered_json& variables,
                                 const JinjaLimits& limits = {});

}  // namespace esisim::heat
