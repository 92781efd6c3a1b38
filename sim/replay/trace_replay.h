// esisim replay: the whole back-end (Job Manager, heat_worker, monitoring_worker) run inside
// the recorded environment of a trace, and compared with what the real system wrote
// (issue "Replay real recorded traces and measure conformance").
//
// Inputs taken from the trace (and nothing else):
// * Gohan's writes (/config, /gohan) and the collector's (/monitoring), at their recorded
//   times; a deleted /config also deletes its /state (Gohan's two-step deletion, §3.4, §8.1);
// * random values: job-id suffixes (in the order the recording stored jobs), the Job Manager
//   id (/job_manager_id), reservation ids (/jobs/working), per job id;
// * Heat's results: each stack's output list and the moment the stack finished, from the
//   recorded /esi-worker/heat_stacks sets of that resource, in order; the moment any job
//   finished, from its recorded /jobs/finished create where the trace has it;
// * lost or late inputs: a recorded job whose config change the trace shows later is given its
//   change just before the recorded job; one whose change the trace lost gets it rebuilt from
//   the job's resource_input and version (listed in `reconstructions`).
// Everything under /jobs, /worker-workflow-jobs, /esi-worker, /state and /job_manager_id is
// produced by esisim and compared per key: the recorded (action, decoded value) sequence of a
// key must be a subsequence of esisim's. Keys esisim wrote under a prefix the recording
// watched but never shows are unexpected. Events of other prefixes are reported as
// uninterpretable.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/util/result.h"
#include "sim/trace/trace_event.h"

namespace esisim::replay {

struct PrefixConformance {
  size_t recorded = 0;  // recorded output events
  size_t matched = 0;   // found, in order, in esisim's events of the same key
  size_t indexed = 0;   // matched events whose recording has an index
  size_t same_index = 0;
};

struct Mismatch {
  std::string kind;  // "value differs", "missing event", "key never written"
  std::string key;
  size_t line = 0;                  // trace line of the first recorded event not matched
  nlohmann::ordered_json recorded;  // {action, value}
  nlohmann::ordered_json ours;      // {action, value} of esisim's nearest event, or null
};

struct ReplayReport {
  std::map<std::string, PrefixConformance> prefixes;  // by output prefix
  PrefixConformance total;
  std::vector<std::string> unexpected_keys;
  std::vector<std::string> unwatched_prefixes;  // output prefixes the recording never shows
  std::vector<Mismatch> first_mismatches;       // the first of each kind
  size_t mismatched_events = 0;
  std::vector<std::string> reconstructions;
  std::vector<std::string> uninterpretable;  // events esisim cannot place, with line numbers
  std::vector<std::string> problems;         // errors of the simulated components
  size_t input_events = 0;
  size_t simulated_events = 0;
  std::string trace_jsonl;  // every etcd event of the simulated run

  bool conformant() const { return total.matched == total.recorded && unexpected_keys.empty(); }
  std::string summary_line() const;  // "conformance: M/T recorded output events (P%), X ..."
  nlohmann::ordered_json to_json() const;
};

struct ReplayConfig {
  const domain::SchemaCatalog* schemas = nullptr;
  const domain::TemplateMappings* mw2017 = nullptr;  // heat-only mappings come from schemas
  int64_t tail_ms = 60'000;  // simulated time after the last input before the run stops
  // Heat template records ({"body": {...}}) written as Gohan's first inputs, for traces that
  // do not carry their own /config/v2.0/heat_templates writes (a template the trace writes
  // itself is not preloaded).
  std::vector<nlohmann::ordered_json> templates;
};

Result<ReplayReport> replay_trace(const std::vector<trace::TraceEvent>& events,
                                  const ReplayConfig& config);

// The output prefix a key belongs to, or "" for inputs and unknown keys.
std::string output_prefix(std::string_view key);
// A value decoded for comparison: JSON strings that hold a JSON object or list are parsed,
// at every depth; object key order does not matter.
nlohmann::json decoded_for_comparison(const nlohmann::ordered_json& value);

}  // namespace esisim::replay
