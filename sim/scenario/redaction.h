// Redaction of a keyspace before it is compared with, or written as, a golden snapshot: values
// that change from run to run or seed to seed become stable numbered placeholders.
//
// Contract: pure and deterministic. The keyspace {key: value} is walked with keys in ascending
// order, each key's text before its value, object members in ascending order of their names,
// array elements in order; every distinct redacted text gets the next number of its kind at its
// first appearance, and the same text gets the same placeholder wherever it appears (keys and
// values, inside JSON-encoded strings too). The result has the keys in ascending order; values
// keep their member order, only strings change.
//   job_suffix  the 5-character suffix of a job id "<action>:<handler>:<type>:<id>:<version>:"
//               -> <job-suffix-N>
//   heat_uuid   a UUID (8-4-4-4-12 hex) that the scenario itself does not write (its resource
//               ids and the UUIDs in its bodies are kept) -> <uuid-N>
//   time        an ISO-8601 or Go time "2019-02-01T00:26:25.847Z", "2019-02-01 00:27:46.712
//               +0000 UTC" -> <time-N>
//   {key_regex, path, as}  for keys whose text matches key_regex (searched), the value at the
//               JSON pointer `path` ("" = the whole value) -> <as-N>, numbered per distinct value;
//               applied before the patterns above
//
// Example: {"/jobs/all/create:heat_worker:network:n1:1:pp459": [..., {"id":
// "create:heat_worker:network:n1:1:pp459"}]} -> key and id both end in ":<job-suffix-1>".
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "sim/scenario/scenario.h"
#include "sim/scenario/search_regex.h"

namespace esisim::scenario {

class Redactor {
 public:
  // `kept_uuids`: UUIDs (lowercase) that heat_uuid leaves as they are.
  Redactor(const std::vector<Redaction>& redactions, std::set<std::string> kept_uuids);

  nlohmann::ordered_json redact(const nlohmann::ordered_json& keyspace);

 private:
  struct Custom {
    SearchRegex key_regex;
    nlohmann::ordered_json::json_pointer path;
    std::string as;
  };
  std::string redact_text(const std::string& text);
  void redact_value(nlohmann::ordered_json& value);
  std::string placeholder(const std::string& kind, const std::string& original);

  bool job_suffix_ = false;
  bool heat_uuid_ = false;
  bool time_ = false;
  std::vector<Custom> customs_;
  std::set<std::string> kept_uuids_;
  std::map<std::string, std::map<std::string, std::string>> assigned_;  // kind -> text -> <...>
};

// UUIDs (lowercased) written anywhere in the scenario's resource ids and bodies.
std::set<std::string> scenario_uuids(const Scenario& scenario);

}  // namespace esisim::scenario
