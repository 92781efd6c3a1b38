// How a bad heat or monitoring template is reported to the scenario author.
//
// Contract:
//   * `rendered_excerpt(message, template_id, rendered)`: when `message` starts with
//     "<template_id>:<line>:<column>: " (the form of every core/heat HOT error, positions in the
//     rendered text), returns that line of `rendered` and a caret under the column:
//       "\n    rendered line 62: value: { get_fqname: [network, fq_name] }\n" + caret line.
//     Otherwise (a Jinja error already names the template's own line, or no position) "".
//   * `template_error_text(job_id, message, excerpt)` is the one-entry text the runners keep in
//     template_errors(): "job <id>: <message><excerpt>" (every template error message starts
//     with the template's name), without a trailing newline.
// Only error paths call these; they allocate nothing on the success path.
#pragma once

#include <string>
#include <string_view>

namespace esisim::sim {

std::string rendered_excerpt(std::string_view message, std::string_view template_id,
                             std::string_view rendered);

std::string template_error_text(std::string_view job_id, std::string_view message,
                                std::string_view excerpt);

}  // namespace esisim::sim
