// A stack's outputs list as the real heat_worker stores it in /esi-worker/heat_stacks
// (`output`), in /esi-worker/job_state (`heat_outputs`) and, JSON-encoded, in /state.
//
// Contract, with the recordings that pin it (tests/heat/hot_outputs_test.cc):
// * List order: Heat on Python 2.7 lists outputs in the iteration order of a dict of their
//   names; `heat_dict_order(names in document order)` is py27_dict_order applied three times,
//   as if that dict were the third rebuilt from the template text (likely the heat_worker's
//   yaml.load, heat-api's json.loads of the request, the engine's reload of the stored
//   template; the data fix only the count, modulo 4). One application (the plain reading)
//   fails on internet_gateway (traces/02 seq 133: primary_monitoring_target_id,
//   secondary_monitoring_link, secondary_monitoring_target_id, primary_monitoring_link);
//   three match every recorded list (tests: the 52 non-Jinja records and internet_gateway;
//   a one-off script check: all 11 distinct recorded orders).
// * Entry key order: `output_value, [output_error,] description, output_key`: the CPython
//   2.7 order of the keys inserted sorted (seed 004; all 108 /state heat_outputs strings of
//   the traces round-trip). Objects inside output values follow the same rule at every
//   depth (inferred: they travel the same way).
// * An output whose evaluation failed has `"output_value": null` and `"output_error": msg`.
// The text form is Python's json.dumps (", " and ": " separators, ensure_ascii).
//
// Example: outputs_to_python_json({{"id", "A unique id", "x", nullopt}})
//   == R"([{"output_value": "x", "description": "A unique id", "output_key": "id"}])"
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::heat {

struct StackOutput {
  std::string key;
  std::string description;
  nlohmann::ordered_json value;      // null when `error` is set
  std::optional<std::string> error;  // output_error
};

// The names in the order Heat lists a dict built from them in `names` (document) order.
std::vector<std::string> heat_dict_order(const std::vector<std::string>& names);

// The list as an ordered_json array with the recorded key orders.
nlohmann::ordered_json outputs_to_json(const std::vector<StackOutput>& outputs);

// The exact text the heat_worker writes (Python 2.7 json.dumps of the list).
Result<std::string> outputs_to_python_json(const std::vector<StackOutput>& outputs);

// `value` with every object's keys in CPython 2.7 order of the sorted keys, at every depth.
nlohmann::ordered_json sorted_py27_order(const nlohmann::ordered_json& value);

}  // namespace esisim::heat
