// The same etcd v2 operation mix on the model (ModelKeysApi, in process) and on a real etcd 3.4
// (HttpKeysApi over HTTP), then a table: operation | model ops/s | real ops/s | ratio.
//
// Contract:
// * The real etcd is at $ESISIM_ETCD_ENDPOINT or --etcd=URL (started with --enable-v2; see
//   scripts/bench-real-etcd.sh, which starts one and removes it). Without one, only the model
//   runs and the real columns say "-".
// * 10^3 keys "/bench/keys/NNNN" with 1 KiB values are written once, before any timing, on
//   both sides. Operations, each visiting the keys in turn: `set_existing` (a set of an
//   existing key), `get`, `cas_prev_index` (compareAndSwap on the key's current modifiedIndex,
//   which every write keeps up to date), `create_new` (prevExist=false on a key never used).
// * The model runs in one thread. The real etcd runs on one connection, and on kThreads
//   connections from kThreads threads (thread t owns the keys i with i % kThreads == t).
//   Wall-clock time (UseRealTime); ops/s is Google Benchmark's items_per_second, the median
//   over repetitions when --benchmark_repetitions is given.
// * Any failed operation stops its case with the etcd error (SkipWithError).
#include <benchmark/benchmark.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/etcd/keys_api.h"
#include "sim/etcd_http/http_keys_api.h"

namespace {

using esisim::etcd::KeysApi;

constexpr size_t kKeys = 1000;
constexpr size_t kValueBytes = 1024;
constexpr int kThreads = 8;

enum class Op { kSetExisting, kGet, kCasPrevIndex, kCreateNew };
constexpr std::array<std::pair<Op, std::string_view>, 4> kOps = {{
    {Op::kSetExisting, "set_existing"},
    {Op::kGet, "get"},
    {Op::kCasPrevIndex, "cas_prev_index"},
    {Op::kCreateNew, "create_new"},
}};

std::string key_of(size_t i) {
  char out[32];
  std::snprintf(out, sizeof out, "/bench/keys/%04zu", i);
  return out;
}

const std::string& value_1k() {
  static const std::string value = [] {
    std::string v = R"({"id":"bench","name":")";
    v.append(kValueBytes - v.size() - 2, 'x');
    return v + "\"}";
  }();
  return value;
}

// One side's keys and the current modifiedIndex of each (threads touch disjoint entries).
struct Side {
  std::vector<std::string> keys;
  std::vector<uint64_t> modified;
  std::string error;  // set when populating failed
};

Side populate(KeysApi& api) {
  Side side;
  for (size_t i = 0; i < kKeys; ++i) {
    side.keys.push_back(key_of(i));
    auto r = api.put(side.keys.back(), value_1k(), {});
    if (!r.ok()) {
      side.error = "populating " + side.keys.back() + ": " + r.error().to_string();
      return side;
    }
    side.modified.push_back(r->node.modified_index);
  }
  return side;
}

std::atomic<uint64_t> next_run{0};

void run_ops(benchmark::State& state, KeysApi& api, Side& side, Op op) {
  if (!side.error.empty()) {
    state.SkipWithError(side.error.c_str());
    return;
  }
  const size_t step = static_cast<size_t>(state.threads());
  size_t i = static_cast<size_t>(state.thread_index());
  const std::string new_prefix = "/bench/new/" + std::to_string(next_run++) + "/";
  uint64_t created = 0;
  esisim::etcd::PutOptions create;
  create.prev_exist = false;
  for (auto _ : state) {
    esisim::etcd::EtcdResult r = esisim::etcd::EtcdError{};
    switch (op) {
      case Op::kSetExisting:
        r = api.put(side.keys[i], value_1k(), {});
        break;
      case Op::kGet:
        r = api.get(side.keys[i], {});
        break;
      case Op::kCasPrevIndex: {
        esisim::etcd::PutOptions cas;
        cas.prev_index = side.modified[i];
        r = api.put(side.keys[i], value_1k(), cas);
        break;
      }
      case Op::kCreateNew:
        r = api.put(new_prefix + std::to_string(created++), value_1k(), create);
        break;
    }
    if (!r.ok()) {
      state.SkipWithError(r.error().to_string().c_str());
      break;
    }
    if (op == Op::kSetExisting || op == Op::kCasPrevIndex)
      side.modified[i] = r->node.modified_index;
    i += step;
    if (i >= kKeys) i = static_cast<size_t>(state.thread_index());
  }
  state.SetItemsProcessed(state.iterations());
}

// Prints Google Benchmark's usual output, then the side-by-side table of items_per_second.
class TableReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if (run.run_type != Run::RT_Iteration && !median) continue;
      auto rate = run.counters.find("items_per_second");
      if (rate == run.counters.end()) continue;
      std::string name = run.run_name.function_name + "@" + std::to_string(run.threads);
      // With --benchmark_repetitions the median is kept, whatever order the runs come in.
      if (median) medians_.insert(name);
      if (median || !medians_.contains(name)) rates_[name] = rate->second.value;
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\n%-16s | %12s | %18s | %19s | %13s\n", "operation", "model ops/s",
                "real etcd ops/s", "real etcd ops/s", "model / real");
    std::printf("%-16s | %12s | %18s | %19s | %13s\n", "", "(1 thread)", "(1 connection)",
                ("(" + std::to_string(kThreads) + " connections)").c_str(), "(1 connection)");
    for (const auto& [op, name] : kOps) {
      double model = rate("model/" + std::string(name), 1);
      double real1 = rate("real/" + std::string(name), 1);
      double realn = rate("real/" + std::string(name), kThreads);
      std::printf("%-16s | %12s | %18s | %19s | %13s\n", std::string(name).c_str(),
                  format(model).c_str(), format(real1).c_str(), format(realn).c_str(),
                  ratio(model, real1).c_str());
    }
  }

 private:
  double rate(const std::string& name, int threads) const {
    auto it = rates_.find(name + "@" + std::to_string(threads));
    return it == rates_.end() ? 0 : it->second;
  }
  static std::string ratio(double model, double real) {
    if (model <= 0 || real <= 0) return "-";
    char out[32];
    std::snprintf(out, sizeof out, "%.0fx", model / real);
    return out;
  }
  // "1,234,567"; "-" when there is no figure.
  static std::string format(double value) {
    if (value <= 0) return "-";
    std::string digits = std::to_string(static_cast<uint64_t>(value + 0.5));
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
      out.push_back(digits[i]);
    }
    return out;
  }
  std::map<std::string, double> rates_;
  std::set<std::string> medians_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string endpoint;
  if (const char* env = std::getenv("ESISIM_ETCD_ENDPOINT")) endpoint = env;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--etcd=")) {
      endpoint = std::string(arg.substr(7));
    } else {
      args.push_back(argv[i]);
    }
  }
  int args_count = static_cast<int>(args.size());
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;

  esisim::etcd::Store store;
  esisim::etcd::ModelKeysApi model(store);
  static Side model_side = populate(model);
  for (const auto& [op, name] : kOps) {
    benchmark::RegisterBenchmark(
        ("model/" + std::string(name)).c_str(),
        [&model, op = op](benchmark::State& state) { run_ops(state, model, model_side, op); })
        ->UseRealTime();
  }
  static Side real_side;
  if (endpoint.empty()) {
    std::fprintf(stderr,
                 "etcd_side_by_side_bench: no real etcd (set ESISIM_ETCD_ENDPOINT or --etcd=URL, "
                 "or run scripts/bench-real-etcd.sh); the model only\n");
  } else {
    esisim::etcd_http::HttpKeysApi setup(endpoint);
    real_side = populate(setup);
    if (!real_side.error.empty()) {
      std::fprintf(stderr, "etcd_side_by_side_bench: %s\n", real_side.error.c_str());
      return 1;
    }
    for (const auto& [op, name] : kOps) {
      benchmark::RegisterBenchmark(("real/" + std::string(name)).c_str(),
                                   [endpoint, op = op](benchmark::State& state) {
                                     esisim::etcd_http::HttpKeysApi api(endpoint);
                                     run_ops(state, api, real_side, op);
                                   })
          ->UseRealTime()
          ->Threads(1)
          ->Threads(kThreads);
    }
  }
  TableReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
