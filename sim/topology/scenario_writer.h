// Writes generated Gohan requests as a scenario file (docs/scenario-reference.md) that
// `esisim run` accepts: what `esisim generate` prints.
//
// Contract: pure and deterministic (the same requests and options give the same bytes). The
// file holds a comment and a `description` saying how it was generated, `product: heat-only`,
// `seed`, then the steps: one request per line (`create`/`update` with the whole body,
// `delete`), bodies in JSON-compatible flow style (every string double-quoted, so YAML reads
// back exactly the JSON that was written), a `run: {until: quiescent, limit: ...}` before every
// request marked settle_before and after the last one, and a final `expect` that no
// /jobs/all/ entry is left.
//
// Example:
//   auto requests = generate_requests({.seed = 3, .resources = 200});
//   std::string yaml = write_scenario_yaml(*requests, {"esisim generate --resources 200", 3,
//                                                     run_limit_ms(200)});
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "sim/topology/gohan_request.h"

namespace esisim::sim::topology {

struct ScenarioWriteOptions {
  std::string command_line;  // how the file was generated, for the description
  uint64_t seed = 1;
  int64_t run_limit_ms = 3'600'000;  // of every `run` step
};

// A `run` limit that the simulated back-end (8 heat_worker slots) keeps well within for a
// topology of `resources` resources: 1 h plus 30 s per resource, at most 30 days (the scenario
// language's longest duration).
int64_t run_limit_ms(size_t resources);

// "2h", "1h30m", "45m": the duration in the scenario language's units (whole minutes).
std::string duration_text(int64_t ms);

// A JSON value in YAML flow style that is also JSON: `{"a": 1, "b": ["x"]}`.
std::string flow_text(const nlohmann::ordered_json& value);

std::string write_scenario_yaml(const std::vector<GohanRequest>& requests,
                                const ScenarioWriteOptions& options);

}  // namespace esisim::sim::topology
