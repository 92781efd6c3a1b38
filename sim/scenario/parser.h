// Reads a scenario file into the syntax tree of scenario.h, checking its form.
//
// Contract: never throws and never stops at the first problem: every error found is returned,
// each as "file:line:column: what is wrong (what was expected)", with the place 1-based and
// inside the file where it was written (an included file's own place, followed by
// "(included from file:line:column)"). Checks made here are those of the form (unknown keys
// and steps, wrong types, missing fields, durations, regexes, JSON pointers, include cycles);
// checks against the schema catalogue and the template set are validate.h's. Reading goes
// through a SourceLoader, so tests can serve files from memory.
//
// Top-level keys: name (must equal the file's stem when given), description, product
// (heat-only | 2017) or templates ({dir, mappings}), schemas, seed, workers, redact, steps,
// definitions and any x-* key (free places for YAML anchors). A list inside `steps` is spliced
// (so an anchored list of steps can be reused); `include: file.yaml` splices that file's
// `steps` (it may hold only description, definitions, x-* and steps).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/source_loader.h"

namespace esisim::scenario {

inline constexpr std::size_t kStepsMax = 100'000;
inline constexpr std::size_t kIncludeDepthMax = 16;
inline constexpr std::size_t kMonitorStatusesMax = 10'000;
inline constexpr uint64_t kFlapTimesMax = 100'000;
inline constexpr uint32_t kWorkersMax = 1024;
inline constexpr Millis kRunLimitDefault = 3'600'000;

struct ParseOptions {
  // Root of the product template sets (esi/heat_templates...) and of the default schemas.
  std::string fixtures_dir = "fixtures";
};

using ParseResult = Result<Scenario, std::vector<Error>>;

ParseResult parse_scenario_file(const std::string& path, const SourceLoader& loader,
                                const ParseOptions& options);
ParseResult parse_scenario_text(const std::string& text, const std::string& path,
                                const SourceLoader& loader, const ParseOptions& options);

// Step keys, sorted: advance, checkpoint, create, delete, expect, heat, include, monitor, run,
// templates, update.
const std::vector<std::string>& step_names();
// Top-level keys, sorted (x-* keys aside).
const std::vector<std::string>& top_level_keys();
// Statuses a monitor script may use (those the recorded collectors wrote).
const std::vector<std::string>& monitor_statuses();
// Fixture folders that are not golden folders: scenario names must differ from them.
const std::vector<std::string>& reserved_scenario_names();

// "did you mean 'create'?" helper: the closest candidate within a small edit distance, or "".
std::string closest_name(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace esisim::scenario
