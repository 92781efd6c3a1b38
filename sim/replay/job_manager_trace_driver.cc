#include "sim/replay/job_manager_trace_driver.h"

#include <set>

#include "core/json/go_json.h"
#include "core/json/python_json.h"
#include "core/scheduler/job_manager.h"

namespace esisim::replay {

namespace {

using scheduler::EtcdWrite;

constexpr std::string_view kJobsAll = "/jobs/all/";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string action_of(EtcdWrite::Kind kind) {
  switch (kind) {
    case EtcdWrite::Kind::kSet:
      return "set";
    case EtcdWrite::Kind::kCreate:
      return "create";
    case EtcdWrite::Kind::kCompareAndSwap:
      return "compareAndSwap";
    case EtcdWrite::Kind::kDelete:
      return "delete";
  }
  return "?";
}

}  // namespace

bool written_by_job_manager(const trace::TraceEvent& e) {
  const std::string& key = e.key;
  const std::string& action = e.action;
  if (starts_with(key, kJobsAll) || starts_with(key, "/jobs/waiting/")) return true;
  if (starts_with(key, "/jobs/ready/")) return action != "delete";
  if (starts_with(key, "/jobs/finished/")) return action == "delete";
  if (key == "/worker-workflow-jobs") return true;
  if (starts_with(key, "/esi-worker/config/")) return true;
  if (starts_with(key, "/esi-worker/heat_stacks/")) return action == "delete";
  if (starts_with(key, "/state/") && action == "set" && e.value.is_object()) {
    auto state = e.value.find("state");
    return state != e.value.end() && state->is_object() &&
           state->value("worker_state", "") == "READ_COMPLETE";
  }
  return false;
}

std::string recorded_python_bytes(const trace::TraceEvent& e) {
  if (e.value.is_null()) return "";
  if (e.value_is_raw_string && e.value.is_string()) return e.value.get<std::string>();
  auto dumped = json::python_json_dumps(e.value);
  return dumped.ok() ? dumped.value() : e.value.dump();
}

WriteComparison compare_writes(const JobManagerTraceRun& run) {
  WriteComparison c;
  const WriteSequence empty;
  for (const auto& [key, seq] : run.recorded) {
    ++c.recorded_keys;
    c.recorded_events += seq.size();
    auto it = run.ours.find(key);
    const WriteSequence& mine = it == run.ours.end() ? empty : it->second;
    size_t same = 0;
    while (same < seq.size() && same < mine.size() && seq[same] == mine[same]) ++same;
    c.matched_events += same;
    if (same == seq.size() && mine.size() == seq.size()) continue;
    std::string what = key + ": first difference at write #" + std::to_string(same);
    if (same < seq.size()) what += "\n    recorded " + seq[same].first + " " + seq[same].second;
    if (same < mine.size()) what += "\n    ours     " + mine[same].first + " " + mine[same].second;
    c.mismatches.push_back(std::move(what));
  }
  for (const auto& [key, seq] : run.ours) {
    if (run.recorded.count(key) == 0) c.extra_keys.push_back(key);
  }
  return c;
}

Result<JobManagerTraceRun> run_job_manager_along(const std::vector<trace::TraceEvent>& events,
                                                 const domain::SchemaCatalog& schemas,
                                                 const domain::TemplateMappings& mw2017) {
  JobManagerTraceRun run;
  std::vector<std::string> suffixes;
  std::set<std::string> seen_ids;
  for (const auto& e : events) {
    if (starts_with(e.key, kJobsAll) && e.action == "set" && seen_ids.insert(e.key).second) {
      suffixes.push_back(e.key.substr(e.key.rfind(':') + 1));
    }
  }
  size_t next_suffix = 0;
  scheduler::JobManagerCore core(
      schemas, domain::TemplateMappings::from_schemas(schemas), mw2017, {}, [&] {
        return next_suffix < suffixes.size() ? suffixes[next_suffix++] : std::string("?????");
      });
  scheduler::MapStateReader state;
  auto emit = [&](const std::vector<EtcdWrite>& writes) {
    for (const auto& w : writes) run.ours[w.key].emplace_back(action_of(w.kind), w.value);
  };
  auto problem = [&](const trace::TraceEvent& e, const std::string& what) {
    run.problems.push_back("line " + std::to_string(e.line) + " (" + e.action + " " + e.key +
                           "): " + what);
  };

  std::set<size_t> consumed;  // config events already read out of order
  // Reads the config change behind a recorded job that the core has not read: pulled forward
  // from later in the trace, or rebuilt from the job. Returns false when neither is possible.
  auto bring_config = [&](size_t at, const nlohmann::ordered_json& job) -> bool {
    std::string type = job.value("resource_type", "");
    std::string id = job.value("resource_id", "");
    int64_t version = job.value("version", int64_t{0});
    const domain::SchemaInfo* schema = schemas.find_by_id(type);
    if (schema == nullptr) return false;
    std::string config_key = "/config" + schema->path + "/" + id;
    if (core.is_queued(config_key, version)) return true;
    for (size_t j = at + 1; j < events.size(); ++j) {
      const auto& later = events[j];
      if (later.key != config_key || later.action != "set" || consumed.count(j) > 0) continue;
      if (!later.value.is_object() || later.value.value("version", int64_t{-1}) != version)
        continue;
      consumed.insert(j);
      auto r = core.read_config_set(config_key, later.stored_value(), true);
      if (r.ok()) emit(r->writes);
      return r.ok();
    }
    nlohmann::ordered_json envelope;
    auto body =
        json::go_json_marshal(job.value("resource_input", nlohmann::ordered_json::object()));
    if (!body.ok()) return false;
    envelope["body"] = body.value();
    envelope["marked_for_deletion"] = job.value("action", "") == "logical_delete";
    envelope["version"] = version;
    auto r = core.read_config_set(config_key, envelope.dump(), true);
    if (!r.ok()) return false;
    run.reconstructions.push_back(config_key + " version " + std::to_string(version) +
                                  ", rebuilt from the resource_input of the recorded job " +
                                  job.value("id", ""));
    emit(r->writes);
    return true;
  };

  for (size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    if (written_by_job_manager(e)) {
      run.recorded[e.key].emplace_back(e.action,
                                       e.action == "delete" ? "" : recorded_python_bytes(e));
    }
    if (consumed.count(i) > 0) continue;
    if (starts_with(e.key, "/config/")) {
      auto r = e.action == "delete" || e.action == "compareAndDelete"
                   ? core.read_config_delete(e.key)
                   : core.read_config_set(e.key, e.stored_value());
      if (!r.ok()) {
        problem(e, r.error().message);
        continue;
      }
      emit(r->writes);
    } else if (starts_with(e.key, kJobsAll) && e.action == "set") {
      std::string id = e.key.substr(kJobsAll.size());
      if (run.jobs.count(id) == 0 && e.value.is_array() && e.value.size() == 3 &&
          !bring_config(i, e.value[1])) {
        problem(e, "its config change cannot be found or rebuilt");
      }
      while (run.jobs.count(id) == 0 && core.has_queued_workflow()) {
        auto scheduled = core.schedule_next(state);
        if (!scheduled.ok()) {
          problem(e, scheduled.error().message);
          break;
        }
        emit(scheduled->writes);
        for (const auto& job_id : scheduled->job_ids) {
          run.job_order.push_back(job_id);
          run.jobs[job_id] = run.ours["/jobs/all/" + job_id].back().second;
        }
      }
      if (run.jobs.count(id) == 0) problem(e, "the recorded job was not produced");
    } else if (starts_with(e.key, kJobsAll) && e.action == "delete") {
      emit(core.job_finished(e.key.substr(kJobsAll.size())));
    } else if (starts_with(e.key, "/state/")) {
      if (e.action == "delete") {
        state.versions.erase(e.key);
      } else if (e.value.is_object() && e.value.contains("version") &&
                 e.value["version"].is_number_integer()) {
        state.versions[e.key] = e.value["version"].get<int64_t>();
      }
    }
  }
  return run;
}

}  // namespace esisim::replay
