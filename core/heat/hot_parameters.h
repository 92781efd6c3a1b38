// Stack parameters: the values a stack is created or updated with, checked and converted to
// each template parameter's type as Heat does.
//
// Contract: `given` is a JSON object {name: value} (the heat_worker's stack parameters: the
// job params without jinja_* and heat_timeout, output_key params already resolved). Every
// template parameter gets the given value, else its default; a given null counts as not
// given, as in Heat (traces/01 subnet cf9356ae: gateway_ip null -> default "0.0.0.0"). The
// result lists them in template order. Conversions: number <- numbers or numeric strings (int when
// integral text); boolean <- bools or the strings true/false/yes/no/on/off/1/0/t/f/y/n (any case);
// comma_delimited_list <- lists, or strings split on "," with spaces trimmed ("" -> []);
// json <- objects/lists, or strings holding JSON; string <- anything, kept as given (the
// recorded subnet jobs pass a list as the string parameter allocation_pools). Errors (code
// kHotErrorEvaluation), worded as Heat's: "The Parameter (x) was not provided.", "The
// Parameter (x) was not defined in template.", and a failed conversion naming the parameter
// and the expected type.
#pragma once

#include "core/heat/hot_template.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::heat {

Result<nlohmann::ordered_json> resolve_stack_parameters(const HotTemplate& hot,
                                                        const nlohmann::ordered_json& given);

}  // namespace esisim::heat
