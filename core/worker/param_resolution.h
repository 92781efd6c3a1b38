// How a worker turns a job's params into what it runs with (domain.md §4.4.4).
//
// Contract:
// * `value` params give their value; `output_key` params ({output_key, resource_type,
//   resource_id}) the `output_value` of that output in the referenced resource's stack
//   outputs; `list` params the list of their resolved elements.
// * heat_timeout is the stack timeout in minutes (int or numeric string) and not a stack
//   parameter; `jinja_*` params are template variables; the rest are stack parameters.
//   `all` holds every resolved param (monitoring templates render with all of them).
// * An output that is missing, or that Heat reported with an output_error, is an error naming
//   the param, the resource and the output: the job fails with that text.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace esisim::worker {

// The stack outputs list ([{output_key, output_value, description[, output_error]}]) of a
// resource, or nullopt when it has no stack.
class OutputsLookup {
 public:
  virtual ~OutputsLookup() = default;
  virtual std::optional<nlohmann::ordered_json> outputs_of(std::string_view resource_type,
                                                           std::string_view resource_id) = 0;
};

struct ResolvedParams {
  nlohmann::ordered_json stack_parameters = nlohmann::ordered_json::object();
  nlohmann::ordered_json jinja_variables = nlohmann::ordered_json::object();
  nlohmann::ordered_json all = nlohmann::ordered_json::object();
  std::optional<int64_t> timeout_mins;
};

Result<ResolvedParams> resolve_params(const nlohmann::ordered_json& params, OutputsLookup& outputs);

// The value of `output_key` in an outputs list, or an error text when it is absent or failed.
Result<nlohmann::ordered_json> find_output(const nlohmann::ordered_json& outputs,
                                           std::string_view output_key);

}  // namespace esisim::worker
