// Whole simulations, wall clock: the simulated back-end (Gohan, Job Manager, heat_worker with
// the fake Heat engine, collector) driven to quiescence, and esisim replay of recorded traces.
//
// Contract:
// * BM_SimulateTopology/N: a `mixed` synthetic topology of about N resources (seed 1, built
//   once per N outside the timing), its Gohan requests made one every kRequestGapMs of
//   simulated time on a fresh SimWorld (8 heat_worker slots, no trace kept), then run until
//   quiescent. Timed: world creation, template loading, every request, the run. Counters:
//   resources, jobs, us_per_resource (wall), simulated_s, peak_rss_mib (the process's peak).
// * BM_ReplayTrace/<k>: esisim replay of a recorded trace (0: traces/05_load_balancer, the
//   12.5-minute Load Balancer flow; 1: history/01, the 2017 CFG run), comparison included;
//   reading the trace file is not timed.
// * BM_SimulateFlow/<trace>: the bundled scenario scenarios/flows/load_balancer.yaml (the same
//   recorded Load Balancer flow as Gohan writes at the recorded times, then run to quiescence)
//   played as `esisim run` plays it, on a fresh world per iteration. The scenario (bodies,
//   templates, schemas, mappings) is parsed and validated once, outside the timing; checkpoint
//   and expect steps are skipped (no keyspace comparison is timed). Arg 0: no trace kept (as
//   BM_SimulateTopology); 1: the run's trace recorded, as `esisim run` does.
// Fixtures: $ESISIM_FIXTURES_DIR, else the source tree's fixtures/.
//
//   taskset -c 1 build-rel/bin/world_bench --benchmark_min_time=0.2
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "sim/replay/trace_replay.h"
#include "sim/scenario/runner.h"
#include "sim/topology/synthetic_topology.h"
#include "sim/trace/trace_reader.h"
#include "sim/world/scenario_world.h"
#include "sim/world/sim_world.h"

namespace {

using esisim::sim::topology::ConfigRecord;
using nlohmann::ordered_json;

constexpr int64_t kRequestGapMs = 50;
constexpr int64_t kQuiescenceLimitMs = 30LL * 24 * 3'600'000;

std::string fixtures_dir() {
  if (const char* dir = std::getenv("ESISIM_FIXTURES_DIR")) return dir;
  return ESISIM_FIXTURES_DIR;  // the source tree's, set by bench/CMakeLists.txt
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "world_bench: %s\n", what.c_str());
  std::exit(2);
}

template <typename T>
T or_die(esisim::Result<T> result, const std::string& what) {
  if (!result.ok()) die(what + ": " + result.error().message);
  return std::move(result.value());
}

ordered_json read_json(const std::string& relative) {
  std::ifstream in(fixtures_dir() + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  ordered_json parsed = ordered_json::parse(text.str(), nullptr, false);
  if (!in || parsed.is_discarded()) die("cannot read fixture " + relative);
  return parsed;
}

double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

struct Request {
  std::string type;
  std::string id;
  ordered_json body;
  bool create = true;
};

const std::vector<Request>& requests_for(size_t resources) {
  static std::map<size_t, std::vector<Request>> cache;
  auto found = cache.find(resources);
  if (found != cache.end()) return found->second;
  using esisim::sim::topology::Shape;
  std::vector<ConfigRecord> templates;
  for (const std::string& id : esisim::sim::topology::required_heat_templates(Shape::kMixed)) {
    templates.push_back(or_die(esisim::sim::topology::heat_template_record(
                                   read_json("esi/heat_templates/" + id + ".json")),
                               id));
  }
  auto schemas =
      or_die(esisim::domain::SchemaCatalog::from_json(read_json("esi/schemas.json")), "schemas");
  auto records =
      or_die(esisim::sim::topology::generate_topology({1, resources, Shape::kMixed}, templates),
             "topology");
  std::vector<Request> requests;
  for (const ConfigRecord& record : records) {
    if (record.key.find("/heat_templates/") != std::string::npos) continue;
    auto ref = or_die(schemas.find_by_etcd_key(record.key), record.key);
    auto envelope = ordered_json::parse(record.stored_value);
    requests.push_back({ref.schema->id, ref.id,
                        ordered_json::parse(envelope["body"].get<std::string>()),
                        envelope["version"].get<int64_t>() == 1});
  }
  return cache.emplace(resources, std::move(requests)).first->second;
}

esisim::sim::WorldConfig world_config() {
  esisim::sim::WorldConfig config;
  config.templates_dir = fixtures_dir() + "/esi/heat_templates";
  config.schemas_path = fixtures_dir() + "/esi/schemas.json";
  config.seed = 1;
  config.record_trace = false;
  return config;
}

void BM_SimulateTopology(benchmark::State& state) {
  const std::vector<Request>& requests = requests_for(static_cast<size_t>(state.range(0)));
  size_t jobs = 0;
  double simulated_s = 0;
  for (auto _ : state) {
    auto world = or_die(esisim::sim::SimWorld::create(world_config()), "world");
    if (auto s = world->load_templates({}, true); !s.ok()) die(s.error().message);
    for (const Request& r : requests) {
      auto made = r.create ? world->create(r.type, r.id, r.body)
                           : world->update(r.type, r.id, r.body, false);
      if (!made.ok()) die(r.type + " " + r.id + ": " + made.error().message);
      if (auto s = world->advance(kRequestGapMs); !s.ok()) die(s.error().message);
    }
    if (auto s = world->run_until_quiescent(kQuiescenceLimitMs); !s.ok()) {
      die(s.error().message + " (" + world->busy() + ")");
    }
    if (!world->problems().empty()) die(world->problems().front());
    jobs = world->heat_worker().spans().size();
    simulated_s = static_cast<double>(world->now_ms()) / 1000.0;
    state.PauseTiming();
    world.reset();
    state.ResumeTiming();
  }
  using benchmark::Counter;
  state.counters["requests"] = static_cast<double>(requests.size());
  state.counters["jobs"] = static_cast<double>(jobs);
  state.counters["us_per_request"] = Counter(static_cast<double>(requests.size()) * 1e-6,
                                             Counter::kIsIterationInvariantRate | Counter::kInvert);
  state.counters["simulated_s"] = simulated_s;
  state.counters["peak_rss_mib"] = peak_rss_mib();
}

BENCHMARK(BM_SimulateTopology)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ReplayTrace(benchmark::State& state) {
  static const char* kTraces[] = {"traces/05_load_balancer.jsonl",
                                  "history/01_common_function_gateway/trace.jsonl"};
  const char* trace = kTraces[state.range(0)];
  static auto schemas =
      or_die(esisim::domain::SchemaCatalog::from_json(read_json("esi/schemas.json")), "schemas");
  static auto mw2017 = or_die(
      esisim::domain::TemplateMappings::from_json(read_json("esi/template_mappings-2017.json")),
      "mappings");
  auto events =
      or_die(esisim::trace::read_trace_file(fixtures_dir() + "/" + trace), std::string(trace));
  esisim::replay::ReplayConfig config;
  config.schemas = &schemas;
  config.mw2017 = &mw2017;
  for (auto _ : state) {
    auto report = or_die(esisim::replay::replay_trace(events, config), trace);
    if (!report.conformant()) die(std::string(trace) + ": not conformant");
    benchmark::DoNotOptimize(report);
  }
  state.SetLabel(trace);
  state.counters["events"] = static_cast<double>(events.size());
}

BENCHMARK(BM_ReplayTrace)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

std::string scenarios_dir() {
  if (const char* dir = std::getenv("ESISIM_SCENARIOS_DIR")) return dir;
  return ESISIM_SCENARIOS_DIR;  // the source tree's, set by bench/CMakeLists.txt
}

void BM_SimulateFlow(benchmark::State& state) {
  using esisim::scenario::Step;
  static const esisim::scenario::Scenario scenario = [] {
    std::string file = scenarios_dir() + "/flows/load_balancer.yaml";
    auto loaded = esisim::scenario::load_valid_scenario(file, fixtures_dir());
    if (!loaded.ok()) die(file + ": " + loaded.error().front().message);
    return std::move(loaded.value());
  }();
  esisim::sim::WorldConfig config = esisim::scenario::world_config_for(scenario, scenario.seed);
  config.record_trace = state.range(0) != 0;
  config.inputs = or_die(esisim::sim::load_world_inputs(config), "inputs");
  int64_t simulated_ms = 0;
  size_t jobs = 0;
  for (auto _ : state) {
    auto world = or_die(esisim::sim::SimWorld::create(config), "world");
    for (const Step& step : scenario.steps) {
      if (step.at && *step.at > world->now_ms()) {
        if (auto s = world->advance(*step.at - world->now_ms()); !s.ok()) die(s.error().message);
      }
      if (auto s = esisim::scenario::apply_step(*world, step); !s.ok()) {
        die(step.describe() + ": " + s.error().message);
      }
    }
    if (!world->is_quiescent()) die(scenario.name + ": not quiescent: " + world->busy());
    if (!world->problems().empty()) die(world->problems().front());
    simulated_ms = world->now_ms();
    jobs = world->heat_worker().spans().size();
    benchmark::DoNotOptimize(world->trace_jsonl());
    state.PauseTiming();
    world.reset();
    state.ResumeTiming();
  }
  state.SetLabel(scenario.name);
  state.counters["steps"] = static_cast<double>(scenario.steps.size());
  state.counters["jobs"] = static_cast<double>(jobs);
  state.counters["simulated_s"] = static_cast<double>(simulated_ms) / 1000.0;
}

BENCHMARK(BM_SimulateFlow)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
