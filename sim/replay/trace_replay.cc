#include "sim/replay/trace_replay.h"

#include <algorithm>
#include <deque>
#include <set>
#include <sstream>

#include "core/json/go_json.h"
#include "sim/actors/job_manager_actor.h"
#include "sim/actors/worker_actor.h"
#include "sim/event_loop.h"
#include "sim/random.h"
#include "sim/sim_etcd.h"
#include "sim/trace/trace_reader.h"
#include "sim/trace/trace_recorder.h"
#include "sim/workers/monitoring_runner.h"

namespace esisim::replay {

namespace {

using nlohmann::ordered_json;

constexpr std::string_view kOutputPrefixes[] = {"/jobs/all/",
                                                "/jobs/waiting/",
                                                "/jobs/ready/",
                                                "/jobs/working/",
                                                "/jobs/finished/",
                                                "/worker-workflow-jobs",
                                                "/esi-worker/config/",
                                                "/esi-worker/job_state/",
                                                "/esi-worker/heat_stacks/",
                                                "/state/",
                                                "/job_manager_id"};
constexpr std::string_view kJobDirectories[] = {"/jobs/all", "/jobs/waiting", "/jobs/ready",
                                                "/jobs/working", "/jobs/finished"};
constexpr std::string_view kInputPrefixes[] = {"/config/", "/gohan/", "/monitoring/"};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool is_input(std::string_view key) {
  for (auto p : kInputPrefixes) {
    if (starts_with(key, p) || key == p.substr(0, p.size() - 1)) return true;
  }
  return false;
}

// What the recording tells about Heat and the random draws.
struct StackRecord {
  int64_t time_ms = 0;
  ordered_json outputs;
};

struct RecordedEnvironment {
  std::deque<std::string> suffixes;
  std::optional<std::string> job_manager_id;
  std::map<std::string, std::string> reservations;        // job id -> uuid
  std::map<std::string, int64_t> finished_ms;             // job id -> /jobs/finished create time
  std::map<std::string, std::deque<StackRecord>> stacks;  // heat_stacks key -> records
  bool monitoring_worker_templates = false;
};

RecordedEnvironment scan(const std::vector<trace::TraceEvent>& events) {
  RecordedEnvironment env;
  std::set<std::string> seen_jobs;
  for (const auto& e : events) {
    bool written = e.action == "set" || e.action == "create";
    if (starts_with(e.key, "/jobs/all/") && e.action == "set") {
      std::string id = e.key.substr(10);
      if (seen_jobs.insert(id).second) env.suffixes.push_back(id.substr(id.rfind(':') + 1));
    } else if (e.key == "/job_manager_id" && written && !env.job_manager_id &&
               e.value.is_string()) {
      env.job_manager_id = e.value.get<std::string>();
    } else if (starts_with(e.key, "/jobs/working/") && e.action == "create" &&
               e.value.is_string()) {
      env.reservations.emplace(e.key.substr(14), e.value.get<std::string>());
    } else if (starts_with(e.key, "/jobs/finished/") && written) {
      env.finished_ms.emplace(e.key.substr(15), e.time_ms);
    } else if (starts_with(e.key, "/esi-worker/heat_stacks/") && e.action == "set" &&
               e.value.is_object()) {
      env.stacks[e.key].push_back({e.time_ms, e.value.value("output", ordered_json::array())});
    } else if (starts_with(e.key, "/config/v2.0/heat_templates/") && e.value.is_object()) {
      auto body = e.value.find("body");
      if (body != e.value.end() && body->is_string() &&
          body->get<std::string>().find("\"handler\":\"monitoring_worker\"") != std::string::npos) {
        env.monitoring_worker_templates = true;
      }
    }
  }
  return env;
}

// Heat as the recording saw it: each stack operation returns the next recorded output list of
// its resource and ends when the recording says the job finished.
class RecordedHeat : public sim::JobRunner {
 public:
  RecordedHeat(RecordedEnvironment& env, const domain::SchemaCatalog& schemas,
               std::vector<std::string>& problems)
      : env_(env), schemas_(schemas), problems_(problems) {}

  sim::JobOutcome run(const worker::WorkerJob& job, const Result<worker::ResolvedParams>&,
                      int64_t now_ms) override {
    sim::JobOutcome out;
    const domain::SchemaInfo* schema = schemas_.find_by_id(job.resource_type);
    std::string key =
        "/esi-worker/heat_stacks" + (schema ? schema->path : std::string()) + "/" + job.resource_id;
    ordered_json outputs = ordered_json::array();
    std::optional<int64_t> end_ms;
    auto& records = env_.stacks[key];
    if (!records.empty()) {
      outputs = records.front().outputs;
      end_ms = records.front().time_ms;
      records.pop_front();
    } else if (job.action != "logical_delete") {
      problems_.push_back("no recorded stack result for " + job.id + "; outputs []");
    }
    if (auto f = env_.finished_ms.find(job.id); f != env_.finished_ms.end()) end_ms = f->second;
    out.duration_ms = end_ms ? std::max<int64_t>(0, *end_ms - now_ms) : 0;
    out.stack = worker::completed_stack(job.action, std::move(outputs));
    return out;
  }

 private:
  RecordedEnvironment& env_;
  const domain::SchemaCatalog& schemas_;
  std::vector<std::string>& problems_;
};

struct Input {
  double order = 0;
  trace::TraceEvent event;
};

// Gohan's, the collector's and the lost inputs, in the order they are replayed.
std::vector<Input> place_inputs(const std::vector<trace::TraceEvent>& events,
                                const domain::SchemaCatalog& schemas,
                                const std::vector<ordered_json>& templates, ReplayReport& report) {
  std::vector<Input> inputs;
  std::set<std::string> written_templates;
  for (const auto& e : events) {
    if (starts_with(e.key, "/config/v2.0/heat_templates/")) written_templates.insert(e.key);
  }
  for (const auto& record : templates) {
    if (!record.is_object() || !record.contains("body") || !record["body"].is_object()) continue;
    const ordered_json& body = record["body"];
    std::string key = "/config/v2.0/heat_templates/" + body.value("id", "");
    if (written_templates.count(key) > 0) continue;
    auto text = json::go_json_marshal(body);
    if (!text.ok()) continue;
    trace::TraceEvent preload;
    preload.action = "set";
    preload.key = key;
    preload.value = {{"body", text.value()}, {"marked_for_deletion", false}, {"version", 1}};
    preload.time_ms = events.front().time_ms;
    inputs.push_back({-1.0, preload});
  }
  std::map<std::pair<std::string, int64_t>, size_t> config_sets;  // (key, version) -> input
  for (const auto& e : events) {
    if (!is_input(e.key)) continue;
    inputs.push_back({static_cast<double>(e.seq), e});
    if (starts_with(e.key, "/config/") && (e.action == "set" || e.action == "create") &&
        e.value.is_object() && e.value.contains("version") &&
        e.value["version"].is_number_integer()) {
      config_sets.emplace(std::make_pair(e.key, e.value["version"].get<int64_t>()),
                          inputs.size() - 1);
    }
  }
  std::set<std::string> seen_jobs;
  std::set<std::pair<std::string, int64_t>> placed;
  for (const auto& e : events) {
    if (!starts_with(e.key, "/jobs/all/") || e.action != "set" || !e.value.is_array() ||
        e.value.size() != 3 || !e.value[1].is_object()) {
      continue;
    }
    const ordered_json& job = e.value[1];
    if (!seen_jobs.insert(e.key).second || !job.value("is_first", true)) continue;
    const domain::SchemaInfo* schema = schemas.find_by_id(job.value("resource_type", ""));
    if (schema == nullptr) continue;
    std::string config_key = "/config" + schema->path + "/" + job.value("resource_id", "");
    int64_t version = job.value("version", int64_t{0});
    auto change = std::make_pair(config_key, version);
    if (!placed.insert(change).second) continue;
    double before_job = static_cast<double>(e.seq) - 0.5;
    auto found = config_sets.find(change);
    if (found != config_sets.end()) {
      Input& input = inputs[found->second];
      if (input.order > before_job) {  // the merged watchers put it after its own job
        input.order = before_job;
        input.event.time_ms = std::min(input.event.time_ms, e.time_ms);
      }
      continue;
    }
    auto body = json::go_json_marshal(job.value("resource_input", ordered_json::object()));
    if (!body.ok()) continue;
    trace::TraceEvent rebuilt;
    rebuilt.seq = e.seq;
    rebuilt.action = "set";
    rebuilt.key = config_key;
    rebuilt.value = ordered_json::object();
    rebuilt.value["body"] = body.value();
    rebuilt.value["marked_for_deletion"] = job.value("action", "") == "logical_delete";
    rebuilt.value["version"] = version;
    rebuilt.time_ms = e.time_ms;
    rebuilt.line = e.line;
    inputs.push_back({before_job, rebuilt});
    report.reconstructions.push_back(config_key + " version " + std::to_string(version) +
                                     ", rebuilt from the resource_input of the recorded job " +
                                     job.value("id", "") + " (trace line " +
                                     std::to_string(e.line) + ")");
  }
  std::stable_sort(inputs.begin(), inputs.end(),
                   [](const Input& a, const Input& b) { return a.order < b.order; });
  // Moved inputs keep the clock monotonic: an input never happens before the one it follows.
  for (size_t i = 1; i < inputs.size(); ++i) {
    inputs[i].event.time_ms = std::max(inputs[i].event.time_ms, inputs[i - 1].event.time_ms);
  }
  return inputs;
}

void apply_input(sim::SimEtcd& etcd, const trace::TraceEvent& e, ReplayReport& report) {
  etcd::KeysApi& api = etcd.api();
  auto note = [&](const etcd::EtcdResult& r) {
    if (!r.ok() && r.error().code != etcd::kKeyNotFound) {
      report.problems.push_back("input at trace line " + std::to_string(e.line) + " (" + e.action +
                                " " + e.key + "): " + r.error().to_string());
    }
  };
  std::string value = e.stored_value();
  etcd::PutOptions put;
  if (e.ttl_s > 0) put.ttl_s = e.ttl_s;
  if (e.action == "set") {
    note(api.put(e.key, value, put));
  } else if (e.action == "create" || e.action == "compareAndSwap" || e.action == "update") {
    etcd::PutOptions conditional = put;
    conditional.prev_exist = e.action == "create" ? false : true;
    auto r = api.put(e.key, value, conditional);
    if (!r.ok()) r = api.put(e.key, value, put);
    note(r);
  } else if (e.action == "delete" || e.action == "compareAndDelete") {
    etcd::DeleteOptions del;
    del.recursive = true;
    note(api.remove(e.key, del));
    // Gohan removes the /state of a resource with its config (domain.md §3.4, §8.1).
    if (starts_with(e.key, "/config/") && !starts_with(e.key, "/config/v2.0/heat_templates/")) {
      std::string state_key = "/state/" + e.key.substr(8);
      if (api.get(state_key, {}).ok()) note(api.remove(state_key, {}));
    }
  } else if (e.action == "expire") {
    // The model expires the key itself from the TTL the input gave it.
  } else {
    report.uninterpretable.push_back("trace line " + std::to_string(e.line) + ": action '" +
                                     e.action + "' on input key " + e.key);
  }
}

struct OurEvent {
  std::string action;
  nlohmann::json value;
  std::optional<uint64_t> index;
  ordered_json raw;
};

bool same(const OurEvent& a, const std::string& action, const nlohmann::json& value) {
  return a.action == action && a.value == value;
}

}  // namespace

std::string output_prefix(std::string_view key) {
  for (auto p : kOutputPrefixes) {
    if (starts_with(key, p)) return std::string(p);
  }
  // A queue directory belongs with its keys (a per-prefix watcher sees its own directory).
  for (auto d : kJobDirectories) {
    if (key == d) return std::string(d) + "/";
  }
  return "";
}

nlohmann::json decoded_for_comparison(const ordered_json& value) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (!s.empty() && (s.front() == '{' || s.front() == '[')) {
      auto inner = ordered_json::parse(s, nullptr, false);
      if (!inner.is_discarded()) return decoded_for_comparison(inner);
    }
    return s;
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, v] : value.items()) out[k] = decoded_for_comparison(v);
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : value) out.push_back(decoded_for_comparison(v));
    return out;
  }
  return nlohmann::json(value);
}

std::string ReplayReport::summary_line() const {
  char percent[32];
  double p = total.recorded == 0 ? 100.0 : 100.0 * total.matched / total.recorded;
  std::snprintf(percent, sizeof percent, "%.1f", p);
  if (total.matched != total.recorded && std::string(percent) == "100.0") {
    std::snprintf(percent, sizeof percent, "99.9");
  }
  return "conformance: " + std::to_string(total.matched) + "/" + std::to_string(total.recorded) +
         " recorded output events (" + percent + "%), " + std::to_string(unexpected_keys.size()) +
         " unexpected keys";
}

ordered_json ReplayReport::to_json() const {
  auto counts = [](const PrefixConformance& c) {
    ordered_json j;
    j["recorded"] = c.recorded;
    j["matched"] = c.matched;
    j["indexed"] = c.indexed;
    j["same_index"] = c.same_index;
    return j;
  };
  ordered_json out;
  out["summary"] = summary_line();
  out["conformant"] = conformant();
  out["total"] = counts(total);
  out["prefixes"] = ordered_json::object();
  for (const auto& [p, c] : prefixes) out["prefixes"][p] = counts(c);
  out["unexpected_keys"] = unexpected_keys;
  out["unwatched_prefixes"] = unwatched_prefixes;
  out["mismatched_events"] = mismatched_events;
  out["first_mismatches"] = ordered_json::array();
  for (const auto& m : first_mismatches) {
    ordered_json j;
    j["kind"] = m.kind;
    j["key"] = m.key;
    j["trace_line"] = m.line;
    j["recorded"] = m.recorded;
    j["ours"] = m.ours;
    out["first_mismatches"].push_back(std::move(j));
  }
  out["reconstructions"] = reconstructions;
  out["uninterpretable"] = uninterpretable;
  out["problems"] = problems;
  out["input_events"] = input_events;
  out["simulated_events"] = simulated_events;
  return out;
}

Result<ReplayReport> replay_trace(const std::vector<trace::TraceEvent>& events,
                                  const ReplayConfig& config) {
  if (config.schemas == nullptr || config.mw2017 == nullptr) {
    return Error{2, "replay: schemas and the 2017 template mappings are required"};
  }
  ReplayReport report;
  if (events.empty()) return Error{2, "replay: the trace has no events"};
  for (const auto& e : events) {
    if (!is_input(e.key) && output_prefix(e.key).empty()) {
      report.uninterpretable.push_back("trace line " + std::to_string(e.line) + ": " + e.action +
                                       " " + e.key + " is neither an input nor an output");
    }
  }
  RecordedEnvironment env = scan(events);
  std::vector<Input> inputs = place_inputs(events, *config.schemas, config.templates, report);
  report.input_events = inputs.size();

  int64_t start_ms = events.front().time_ms;
  for (const auto& e : events) start_ms = std::min(start_ms, e.time_ms);
  for (const auto& input : inputs) start_ms = std::min(start_ms, input.event.time_ms);
  sim::EventLoop loop(start_ms);
  std::ostringstream trace_text;
  trace::TraceRecorder recorder(trace_text);
  sim::SimEtcd etcd(loop, &recorder);
  sim::RandomStreams streams(1);
  auto& fallback = streams.stream("replay fallback");

  sim::JobManagerActorOptions jm_options;
  jm_options.worker_id = env.job_manager_id;
  jm_options.job_suffix = [&]() -> std::string {
    if (!env.suffixes.empty()) {
      std::string s = env.suffixes.front();
      env.suffixes.pop_front();
      return s;
    }
    return fallback.random_string(scheduler::kJobSuffixAlphabet, scheduler::kJobSuffixLength);
  };
  sim::JobManagerActor job_manager(loop, etcd, streams, *config.schemas,
                                   domain::TemplateMappings::from_schemas(*config.schemas),
                                   *config.mw2017, jm_options);
  RecordedHeat heat(env, *config.schemas, report.problems);
  sim::MonitoringRunner monitoring(
      job_manager.core().templates(), *config.mw2017, *config.schemas, [&](const std::string& id) {
        auto f = env.finished_ms.find(id);
        return f == env.finished_ms.end() ? std::optional<int64_t>() : f->second;
      });
  auto reservation = [&](const std::string& job_id) -> std::optional<std::string> {
    auto r = env.reservations.find(job_id);
    if (r == env.reservations.end()) return std::nullopt;
    return r->second;
  };
  sim::WorkerActorOptions heat_options;
  heat_options.handler = "heat_worker";
  heat_options.with_orchestration_state = !env.monitoring_worker_templates;
  heat_options.reservation_id = reservation;
  sim::WorkerActor heat_worker(loop, etcd, streams, *config.schemas, heat, heat_options);
  sim::WorkerActorOptions mw_options = heat_options;
  mw_options.handler = "monitoring_worker";
  mw_options.with_orchestration_state = false;
  sim::WorkerActor monitoring_worker(loop, etcd, streams, *config.schemas, monitoring, mw_options);

  job_manager.start();
  heat_worker.start();
  monitoring_worker.start();
  int64_t last_ms = start_ms;
  for (const Input& input : inputs) {
    last_ms = std::max(last_ms, input.event.time_ms);
    auto scheduled = loop.schedule_at(input.event.time_ms, "input", [&etcd, &input, &report] {
      apply_input(etcd, input.event, report);
    });
    if (!scheduled.ok()) return Error{2, "replay: " + scheduled.error().message};
  }
  auto ran = loop.run_until(last_ms + config.tail_ms, 100'000'000);
  if (!ran.ok()) return Error{2, "replay: " + ran.error().message};
  job_manager.stop();
  heat_worker.stop();
  monitoring_worker.stop();
  for (const auto* list : {&job_manager.errors(), &heat_worker.errors(),
                           &monitoring_worker.errors(), &monitoring.errors()}) {
    report.problems.insert(report.problems.end(), list->begin(), list->end());
  }

  report.trace_jsonl = trace_text.str();
  std::istringstream ours_in(report.trace_jsonl);
  auto ours = trace::read_trace(ours_in, "simulated trace");
  if (!ours.ok()) return Error{2, "replay: own trace unreadable: " + ours.error().message};
  report.simulated_events = ours->size();

  std::map<std::string, std::vector<OurEvent>> ours_by_key;
  for (const auto& e : ours.value()) {
    if (output_prefix(e.key).empty()) continue;
    ours_by_key[e.key].push_back({e.action, decoded_for_comparison(e.value), e.index, e.value});
  }
  std::map<std::string, std::vector<const trace::TraceEvent*>> recorded_by_key;
  std::set<std::string> watched;
  for (const auto& e : events) {
    std::string prefix = output_prefix(e.key);
    if (prefix.empty()) continue;
    recorded_by_key[e.key].push_back(&e);
    watched.insert(prefix);
  }
  std::set<std::string> kinds_seen;
  for (const auto& [key, recorded] : recorded_by_key) {
    std::string prefix = output_prefix(key);
    PrefixConformance& c = report.prefixes[prefix];
    auto it = ours_by_key.find(key);
    static const std::vector<OurEvent> kNone;
    const std::vector<OurEvent>& mine = it == ours_by_key.end() ? kNone : it->second;
    size_t j = 0;
    for (const trace::TraceEvent* r : recorded) {
      ++c.recorded;
      nlohmann::json value = decoded_for_comparison(r->value);
      size_t k = j;
      while (k < mine.size() && !same(mine[k], r->action, value)) ++k;
      if (k < mine.size()) {
        ++c.matched;
        if (r->index) {
          ++c.indexed;
          if (mine[k].index == r->index) ++c.same_index;
        }
        j = k + 1;
        continue;
      }
      ++report.mismatched_events;
      std::string kind = mine.empty()                                     ? "key never written"
                         : j < mine.size() && mine[j].action == r->action ? "value differs"
                                                                          : "missing event";
      if (kinds_seen.insert(kind).second) {
        Mismatch m;
        m.kind = kind;
        m.key = key;
        m.line = r->line;
        m.recorded = {{"action", r->action}, {"value", r->value}};
        if (j < mine.size()) m.ours = {{"action", mine[j].action}, {"value", mine[j].raw}};
        report.first_mismatches.push_back(std::move(m));
      }
    }
  }
  for (const auto& [prefix, c] : report.prefixes) {
    report.total.recorded += c.recorded;
    report.total.matched += c.matched;
    report.total.indexed += c.indexed;
    report.total.same_index += c.same_index;
  }
  for (const auto& [key, mine] : ours_by_key) {
    std::string prefix = output_prefix(key);
    if (watched.count(prefix) == 0) continue;
    if (recorded_by_key.count(key) == 0) report.unexpected_keys.push_back(key);
  }
  for (auto p : kOutputPrefixes) {
    if (watched.count(std::string(p)) == 0) report.unwatched_prefixes.emplace_back(p);
  }
  return report;
}

}  // namespace esisim::replay
