// BM_Schedule: JobManagerCore throughput on a `mixed` synthetic topology of N resources.
//
// Contract: the topology (seed 1) and the heat templates are built once per N, outside the
// timing. Each iteration times, on a fresh core, reading every /config record, scheduling every
// queued workflow (template selection, param evaluation, dependency resolution, job JSON and
// all etcd writes) and a model worker finishing ready jobs FIFO with at most 64 ready jobs left
// unfinished after each record (TopologyDriver), then draining. Creating and destroying the
// core are not timed. Counters: jobs_per_second (rate over the timed CPU time), ns_per_job,
// jobs, records and the peak number of unfinished jobs.
// Fixtures: $ESISIM_FIXTURES_DIR, else the source tree's fixtures/.
//
//   taskset -c 1 build/bin/scheduler_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "core/scheduler/job_manager.h"
#include "sim/topology/synthetic_topology.h"
#include "sim/topology/topology_drive.h"

namespace {

using esisim::sim::topology::ConfigRecord;
using nlohmann::ordered_json;

constexpr size_t kReadyBacklogMax = 64;

std::string fixtures_dir() {
  if (const char* dir = std::getenv("ESISIM_FIXTURES_DIR")) return dir;
  return ESISIM_FIXTURES_DIR;  // the source tree's, set by bench/CMakeLists.txt
}

ordered_json read_json(const std::string& relative) {
  std::ifstream in(fixtures_dir() + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  ordered_json parsed = ordered_json::parse(text.str(), nullptr, false);
  if (!in || parsed.is_discarded()) {
    std::fprintf(stderr, "scheduler_bench: cannot read fixture %s/%s\n", fixtures_dir().c_str(),
                 relative.c_str());
    std::exit(2);
  }
  return parsed;
}

struct Inputs {
  esisim::domain::SchemaCatalog schemas;
  std::vector<ConfigRecord> records;
};

template <typename T>
T or_die(esisim::Result<T> result, const char* what) {
  if (!result.ok()) {
    std::fprintf(stderr, "scheduler_bench: %s: %s\n", what, result.error().message.c_str());
    std::exit(2);
  }
  return std::move(result.value());
}

const Inputs& inputs_for(size_t resources) {
  static std::map<size_t, std::unique_ptr<Inputs>> cache;
  auto& slot = cache[resources];
  if (slot) return *slot;
  using esisim::sim::topology::Shape;
  std::vector<ConfigRecord> templates;
  for (const std::string& id : esisim::sim::topology::required_heat_templates(Shape::kMixed)) {
    templates.push_back(or_die(esisim::sim::topology::heat_template_record(
                                   read_json("esi/heat_templates/" + id + ".json")),
                               id.c_str()));
  }
  auto schemas =
      or_die(esisim::domain::SchemaCatalog::from_json(read_json("esi/schemas.json")), "schemas");
  auto records =
      or_die(esisim::sim::topology::generate_topology({1, resources, Shape::kMixed}, templates),
             "generate_topology");
  slot = std::make_unique<Inputs>(Inputs{std::move(schemas), std::move(records)});
  return *slot;
}

void BM_Schedule(benchmark::State& state) {
  const Inputs& in = inputs_for(static_cast<size_t>(state.range(0)));
  size_t jobs_total = 0;
  size_t jobs_per_run = 0;
  size_t unfinished_peak = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto core = std::make_unique<esisim::scheduler::JobManagerCore>(
        in.schemas, esisim::domain::TemplateMappings::from_schemas(in.schemas),
        esisim::domain::TemplateMappings(), esisim::scheduler::JobManagerOptions{},
        esisim::sim::topology::counting_job_suffixes());
    esisim::sim::topology::TopologyDriver driver(*core, in.schemas, kReadyBacklogMax);
    state.ResumeTiming();
    for (const ConfigRecord& record : in.records) {
      auto read = driver.read(record);
      if (!read.ok()) {
        state.SkipWithError(read.error().message.c_str());
        return;
      }
    }
    if (auto done = driver.finish_all(); !done.ok()) {
      state.SkipWithError(done.error().message.c_str());
      return;
    }
    state.PauseTiming();
    jobs_per_run = driver.stats().jobs;
    jobs_total += jobs_per_run;
    unfinished_peak = driver.stats().unfinished_jobs_peak;
    core.reset();
    state.ResumeTiming();
  }
  using benchmark::Counter;
  state.counters["jobs_per_second"] = Counter(static_cast<double>(jobs_total), Counter::kIsRate);
  state.counters["ns_per_job"] =
      Counter(static_cast<double>(jobs_total) * 1e-9, Counter::kIsRate | Counter::kInvert);
  state.counters["jobs"] = static_cast<double>(jobs_per_run);
  state.counters["records"] = static_cast<double>(in.records.size());
  state.counters["unfinished_peak"] = static_cast<double>(unfinished_peak);
}

BENCHMARK(BM_Schedule)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
