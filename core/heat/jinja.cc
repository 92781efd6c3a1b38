#include "core/heat/jinja.h"

#include <utility>

#include "core/heat/jinja_ast.h"
#include "core/heat/jinja_lexer.h"
#include "core/heat/jinja_parser.h"
#include "core/heat/jinja_render.h"

namespace esisim::heat {
namespace jinja {

struct ParsedTemplate {
  std::string name;
  std::string text;  // normalized source
  Body body;
};

}  // namespace jinja

namespace {

Error positioned_error(int code, const std::string& name, std::string_view text,
                       const jinja::SourceFailure& failure) {
  const auto at = jinja::line_column(text, failure.offset);
  return Error{code, name + ": line " + std::to_string(at.line) + ", column " +
                         std::to_string(at.column) + ": " + failure.message};
}

}  // namespace

JinjaTemplate::JinjaTemplate(std::shared_ptr<const jinja::ParsedTemplate> parsed)
    : parsed_(std::move(parsed)) {}

const std::string& JinjaTemplate::name() const { return parsed_->name; }
const std::string& JinjaTemplate::normalized_source() const { return parsed_->text; }

Result<JinjaTemplate> parse_jinja(std::string_view template_name, std::string_view source,
                                  const JinjaLimits& limits) {
  auto parsed = std::make_shared<jinja::ParsedTemplate>();
  parsed->name = std::string(template_name);
  parsed->text = jinja::normalize_source(source);
  try {
    parsed->body = jinja::parse_pieces(jinja::lex(parsed->text), limits);
  } catch (const jinja::SourceFailure& failure) {
    return positioned_error(kJinjaSyntaxError, parsed->name, parsed->text, failure);
  } catch (const jinja::JinjaFailure& failure) {
    return positioned_error(kJinjaSyntaxError, parsed->name, parsed->text,
                            jinja::SourceFailure{0, failure.message});
  }
  return JinjaTemplate(std::move(parsed));
}

Result<std::string> render(const JinjaTemplate& jinja_template,
                           const nlohmann::ordered_json& variables, const JinjaLimits& limits) {
  const jinja::ParsedTemplate& parsed = *jinja_template.parsed_;
  if (!variables.is_object()) {
    return Error{kJinjaRenderError,
                 parsed.name + ": variables must be a JSON object, got " + variables.type_name()};
  }
  try {
    return jinja::render_body(parsed.body, parsed.text, variables, limits);
  } catch (const jinja::SourceFailure& failure) {
    return positioned_error(kJinjaRenderError, parsed.name, parsed.text, failure);
  } catch (const jinja::JinjaFailure& failure) {
    return positioned_error(kJinjaRenderError, parsed.name, parsed.text,
                            jinja::SourceFailure{0, failure.message});
  }
}

Result<std::string> render_jinja(std::string_view template_name, std::string_view source,
                                 const nlohmann::ordered_json& variables,
                                 const JinjaLimits& limits) {
  auto parsed = parse_jinja(template_name, source, limits);
  if (!parsed.ok()) return parsed.error();
  return render(parsed.value(), variables, limits);
}

}  // namespace esisim::heat
