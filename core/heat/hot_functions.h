// Evaluation of HOT values and their intrinsic functions, as Heat (Python 2) resolves them.
//
// Contract: `evaluate_hot(expr, scope)` returns the JSON value of a parsed template value
// (hot_template.h), reading parameters, physical ids and attributes through `scope`:
// * get_param name | [name, key-or-index, ...]: the parameter value, walked by the path; a
//   missing key or index gives "" (Heat's GetParam).
// * get_resource name: the physical id.  get_attr [res, attr, path...]: the attribute, walked
//   by the path; a missing step gives null (Heat's select_from_attribute).
// * str_replace {template, params}: each param key replaced by its value (strings as is,
//   numbers and booleans as Python's str(), null as ""), keys taken in Heat's dict order.
// * list_join [delim, list, ...] and Fn::Join [delim, list]: strings joined (null -> "").
// * Fn::Split [delim, string] -> list of strings.  Fn::Select [index, list] / [key, map]:
//   the element, or "" when absent (Heat's Select).
// Failures (a wrong argument type at run time, or an attribute the scope reports as failing)
// come back as `EvalFailure{message, mark}`: the message is Heat's exception text alone (what
// an output's output_error shows), the mark is where in the template it happened.
#pragma once

#include <string>
#include <string_view>

#include "core/heat/hot_template.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::heat {

struct EvalFailure {
  std::string message;
  SourceMark mark;
};

template <typename T>
using EvalResult = Result<T, EvalFailure>;

// What functions read. Failures carry Heat's message (the mark is filled in by the caller).
class HotScope {
 public:
  virtual ~HotScope() = default;
  virtual EvalResult<nlohmann::ordered_json> parameter(std::string_view name) const = 0;
  virtual EvalResult<nlohmann::ordered_json> resource_id(std::string_view resource) const = 0;
  virtual EvalResult<nlohmann::ordered_json> attribute(std::string_view resource,
                                                       std::string_view attribute) const = 0;
};

EvalResult<nlohmann::ordered_json> evaluate_hot(const HotExpr& expr, const HotScope& scope);

// Python 2's str() of a scalar as str_replace writes it ("True", "3", "0.5").
std::string python_str(const nlohmann::ordered_json& scalar);

}  // namespace esisim::heat
