// Test helper: the recorded flows, run once each through the Job Manager core along their
// trace (sim/replay/job_manager_trace_driver.h), and field-by-field job comparison.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "sim/replay/job_manager_trace_driver.h"
#include "sim/trace/trace_reader.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::testing {

inline const domain::SchemaCatalog* schemas_for_tests() {
  static const auto schemas =
      domain::SchemaCatalog::from_json(read_fixture_json("esi/schemas.json")).value();
  return &schemas;
}

inline const domain::TemplateMappings* mw_for_tests() {
  static const auto mw =
      domain::TemplateMappings::from_json(read_fixture_json("esi/template_mappings-2017.json"))
          .value();
  return &mw;
}

// The run of the Job Manager along a trace under fixtures/ (cached: each trace runs once).
inline const replay::JobManagerTraceRun& run_of(const std::string& trace) {
  static std::map<std::string, std::unique_ptr<replay::JobManagerTraceRun>> cache;
  auto& slot = cache[trace];
  if (!slot) {
    const auto& schemas = *schemas_for_tests();
    const auto& mw = *mw_for_tests();
    auto events = trace::read_trace_file(fixture_path(trace));
    EXPECT_TRUE(events.ok()) << events.error().message;
    auto run = replay::run_job_manager_along(
        events.ok() ? events.value() : std::vector<trace::TraceEvent>{}, schemas, mw);
    EXPECT_TRUE(run.ok());
    slot = std::make_unique<replay::JobManagerTraceRun>(run.ok() ? std::move(run.value())
                                                                 : replay::JobManagerTraceRun{});
  }
  return *slot;
}

// "create:heat_worker:port:<id>:1:abcde" -> "create:heat_worker:port:<id>:1"
inline std::string without_suffix(const std::string& id) { return id.substr(0, id.rfind(':')); }

// Differences between a recorded /jobs/all value and ours, field by field: params as an
// unordered set, dependency as a set, suffixes aside. Empty when they agree.
inline std::string job_difference(const nlohmann::ordered_json& recorded,
                                  const nlohmann::ordered_json& ours) {
  if (!recorded.is_array() || recorded.size() != 3) return "recorded value is not [h, job, 0]";
  if (recorded[0] != ours[0]) return "handler";
  if (recorded[2] != ours[2]) return "trailer";
  const auto& r = recorded[1];
  const auto& o = ours[1];
  std::set<std::string> fields;
  for (auto it = r.begin(); it != r.end(); ++it) fields.insert(it.key());
  for (auto it = o.begin(); it != o.end(); ++it) fields.insert(it.key());
  std::string out;
  for (const auto& f : fields) {
    if (!r.contains(f) || !o.contains(f)) {
      out += " " + f + "(missing)";
      continue;
    }
    if (f == "id") {
      if (without_suffix(r[f]) != without_suffix(o[f])) out += " id";
    } else if (f == "dependency") {
      std::set<std::string> a, b;
      for (const auto& d : r[f]) a.insert(without_suffix(d));
      for (const auto& d : o[f]) b.insert(without_suffix(d));
      if (a != b) out += " dependency";
    } else if (f == "params") {
      std::multiset<std::string> a, b;
      for (const auto& p : r[f]) a.insert(nlohmann::json(p).dump());
      for (const auto& p : o[f]) b.insert(nlohmann::json(p).dump());
      if (a != b) out += " params";
    } else if (nlohmann::json(r[f]) != nlohmann::json(o[f])) {
      out += " " + f;
    }
  }
  return out;
}

// Our job whose id equals `id` up to the suffix, or nullptr.
inline const std::string* our_job(const replay::JobManagerTraceRun& run, const std::string& id) {
  if (auto it = run.jobs.find(id); it != run.jobs.end()) return &it->second;
  for (const auto& [ours, value] : run.jobs) {
    if (without_suffix(ours) == without_suffix(id)) return &value;
  }
  return nullptr;
}

}  // namespace esisim::testing
