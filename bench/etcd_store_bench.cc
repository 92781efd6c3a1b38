// Throughput and memory of the etcd v2 store model (core/etcd/store.h).
//
// Contract:
// * Every case runs over stores of 10^3, 10^4, 10^5 and 10^6 keys, built before timing
//   starts. Cases are registered size by size and share that size's store, so only one large
//   store is alive at a time; the cases that write keep its bookkeeping (modified indices) true.
// * Keys look like the real system's: "/config/v2.0/<plural>/<36-char uuid-like id>", key i in
//   the (i % 20)-th of 20 directories; ids are SplitMix64 of i, so every run builds the same
//   store (no std::random_device, no <random> distributions). Values are 1 KiB.
// * Keys are visited in a fixed shuffled order over the whole store (uniform: at 10^5 and
//   10^6 keys nearly every visit misses the caches) or, in the *Hot1k cases, cycling over
//   1024 of those keys (a working set spread over the store).
// * Every case calls the Store operations the keys API (and so every simulated actor) calls and
//   gets etcd's full answer, an Event, destroyed inside the timed loop. Its values are the
//   store's shared texts (refcounted, not copied); a set copies the 1 KiB value into the store
//   once, records the event in the history and checks for watchers.
// * Throughput cases report items_per_second (keys written, keys read, children listed or
//   events delivered), ops_per_second (store calls; for set and get the two are equal) and
//   page_faults_per_op (first touches of fresh heap pages during the timed loop).
// * BM_Memory* build a fresh store of N keys (1 KiB or 16 B values) and report the heap it
//   holds per key (mallinfo2(): in-use arena bytes plus mmapped bytes, from just before the
//   Store is constructed to just after the last key is written, so the 1000-event history
//   counts) next to the allowance 2 x (key bytes + value bytes) + 128 B per key.
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/etcd/store.h"

namespace {

using esisim::etcd::Store;

constexpr std::array<std::string_view, 20> kPlurals = {
    "ports",           "networks",           "subnets",           "heat_templates",
    "ese_devices",     "ese_physical_ports", "ese_logical_ports", "reserve_addresses",
    "quotas",          "edge_routers",       "physical_ports",    "common_functions",
    "public_ip_pools", "nat_ip_pools",       "ha_routers",        "ha_interfaces",
    "static_routes",   "qos_options",        "public_ips",        "internet_gateways",
};
constexpr size_t kValueBytes = 1024;
constexpr size_t kSmallValueBytes = 16;
constexpr size_t kListedChildren = 100;

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A 36-char id shaped like a UUID ("8-4-4-4-12" lower-case hex), a function of `n` only.
std::string uuid_like(uint64_t n) {
  uint64_t state = n;
  uint64_t hi = splitmix64(state);
  uint64_t lo = splitmix64(state);
  char out[40];
  std::snprintf(out, sizeof out, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return std::string(out, 36);
}

std::string key_of(uint64_t i, std::string_view root = "/config/v2.0/") {
  std::string key(root);
  key.append(kPlurals[i % kPlurals.size()]);
  key.push_back('/');
  key.append(uuid_like(i));
  return key;
}

std::string value_of(size_t bytes, char fill) {
  // JSON-looking, the shape Gohan writes; the content does not matter to the store.
  std::string value = "{\"id\":\"";
  value.resize(bytes - 2, fill);
  value.append("\"}");
  return value;
}

// A permutation of 0..n-1 (Fisher-Yates driven by SplitMix64).
std::vector<uint32_t> shuffled(size_t n, uint64_t seed) {
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[splitmix64(seed) % i]);
  return order;
}

size_t heap_in_use_bytes() {
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// A store of `n` keys with 1 KiB values; its keys in visiting order (allocated in that order,
// so reading the next key is a cache-friendly walk, as a client's freshly built key would be)
// and each one's modified index (kept up to date by the cases that write).
struct Fixture {
  size_t n = 0;
  std::unique_ptr<Store> store;
  std::vector<std::string> visit_keys;
  std::vector<uint64_t> visit_modified_index;
  std::vector<size_t> visit_ports;  // the visits of keys under /config/v2.0/ports, in order
};

Fixture& cached_fixture() {
  static Fixture cached;
  return cached;
}

Fixture& fixture_for(size_t n) {
  Fixture& f = cached_fixture();
  if (f.store && f.n == n) return f;
  f = Fixture{};  // free the previous store first
  f.n = n;
  f.store = std::make_unique<Store>();
  std::vector<uint64_t> modified_index(n);
  const std::string value = value_of(kValueBytes, 'a');
  for (size_t i = 0; i < n; ++i) {
    auto written = f.store->set(key_of(i), false, value);
    modified_index[i] = written->node.modified_index;
  }
  std::vector<uint32_t> order = shuffled(n, 42);
  f.visit_keys.reserve(n);
  f.visit_modified_index.reserve(n);
  for (size_t j = 0; j < n; ++j) {
    f.visit_keys.push_back(key_of(order[j]));
    f.visit_modified_index.push_back(modified_index[order[j]]);
    if (order[j] % kPlurals.size() == 0) f.visit_ports.push_back(j);
  }
  return f;
}

// How many visits a case cycles over: the whole store, or a working set of 1024 keys.
size_t visits(const Fixture& f, bool hot) { return hot ? std::min<size_t>(f.n, 1024) : f.n; }

// Minor page faults so far: first touches of fresh heap pages, which cost about 10 us each on
// this VM and so dominate a case that grows the heap (see bench/RESULTS.md).
uint64_t minor_faults() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_minflt);
}

// `faults`: minor_faults() over the timed loop.
void report_rates(benchmark::State& state, int64_t items, uint64_t faults) {
  state.SetItemsProcessed(items);
  state.counters["page_faults_per_op"] =
      static_cast<double>(faults) / static_cast<double>(std::max<int64_t>(1, state.iterations()));
  state.counters["ops_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// --- reads ------------------------------------------------------------------------------

// Non-recursive get of one file holding 1 KiB.
void get_case(benchmark::State& state, bool hot) {
  Fixture& f = fixture_for(static_cast<size_t>(state.range(0)));
  const size_t cycle = visits(f, hot);
  size_t next = 0;
  const uint64_t faults_before = minor_faults();
  for (auto _ : state) {
    auto result = f.store->get(f.visit_keys[next], false);
    benchmark::DoNotOptimize(result);
    if (++next == cycle) next = 0;
  }
  report_rates(state, state.iterations(), minor_faults() - faults_before);
}
void BM_Get(benchmark::State& state) { get_case(state, false); }
void BM_GetHot1k(benchmark::State& state) { get_case(state, true); }

// Recursive get of a directory of 100 files of 1 KiB (added to the store on first use); items
// are the children listed.
void BM_GetRecursiveDir100(benchmark::State& state) {
  Fixture& f = fixture_for(static_cast<size_t>(state.range(0)));
  const std::string dir = "/monitoring/v2.0/ports";
  if (!f.store->get(dir, false).ok()) {
    const std::string value = value_of(kValueBytes, 'g');
    for (size_t i = 0; i < kListedChildren; ++i) {
      f.store->set(dir + "/" + uuid_like(2'000'000'000 + i), false, value);
    }
  }
  size_t listed = 0;
  const uint64_t faults_before = minor_faults();
  for (auto _ : state) {
    auto result = f.store->get(dir, true);
    listed += result->node.nodes.size();
    benchmark::DoNotOptimize(result);
  }
  if (listed != kListedChildren * static_cast<size_t>(state.iterations())) {
    state.SkipWithError("wrong listing");
  }
  report_rates(state, static_cast<int64_t>(listed), minor_faults() - faults_before);
}

// --- writes -----------------------------------------------------------------------------

// set of a 1 KiB value on an existing key: Gohan re-setting a config.
void set_existing_case(benchmark::State& state, bool hot) {
  Fixture& f = fixture_for(static_cast<size_t>(state.range(0)));
  const std::array<std::string, 2> values = {value_of(kValueBytes, 'b'),
                                             value_of(kValueBytes, 'c')};
  const size_t cycle = visits(f, hot);
  size_t next = 0;
  const uint64_t faults_before = minor_faults();
  for (auto _ : state) {
    auto result = f.store->set(f.visit_keys[next], false, values[next & 1]);
    f.visit_modified_index[next] = result->node.modified_index;
    benchmark::DoNotOptimize(result);
    if (++next == cycle) next = 0;
  }
  report_rates(state, state.iterations(), minor_faults() - faults_before);
}
void BM_SetExisting(benchmark::State& state) { set_existing_case(state, false); }
void BM_SetExistingHot1k(benchmark::State& state) { set_existing_case(state, true); }

// compare_and_swap of a 1 KiB value guarded by the key's current modified index.
void BM_CompareAndSwapPrevIndex(benchmark::State& state) {
  Fixture& f = fixture_for(static_cast<size_t>(state.range(0)));
  const std::array<std::string, 2> values = {value_of(kValueBytes, 'e'),
                                             value_of(kValueBytes, 'f')};
  size_t next = 0;
  int64_t failed = 0;
  const uint64_t faults_before = minor_faults();
  for (auto _ : state) {
    auto result = f.store->compare_and_swap(f.visit_keys[next], "", f.visit_modified_index[next],
                                            values[next & 1]);
    if (result.ok()) {
      f.visit_modified_index[next] = result->node.modified_index;
    } else {
      ++failed;
    }
    benchmark::DoNotOptimize(result);
    if (++next == f.n) next = 0;
  }
  if (failed > 0) state.SkipWithError("a compare_and_swap failed");
  report_rates(state, state.iterations(), minor_faults() - faults_before);
}

// set of a 1 KiB value on a new key. The store grows by the iteration count during a run; the
// new keys are removed (untimed) afterwards so the next run starts at N keys again.
// `warm_heap` false: the heap is handed back to the OS before each run (malloc_trim), so the
//   run pays for first touches of fresh pages, as a growing store does.
// `warm_heap` true: the same keys are set and removed once before the timed loop, with a small
//   allocation made after them as a fence (glibc only returns memory from the top of the heap),
//   so the timed sets reuse that memory: the store's own cost of a new key.
void set_new_case(benchmark::State& state, bool warm_heap) {
  Fixture& f = fixture_for(static_cast<size_t>(state.range(0)));
  const std::string value = value_of(kValueBytes, 'd');
  static uint64_t fresh = 1'000'000'000;  // never a fixture key
  std::vector<std::string> new_keys;
  new_keys.reserve(state.max_iterations);
  for (benchmark::IterationCount i = 0; i < state.max_iterations; ++i) {
    new_keys.push_back(key_of(fresh++));
  }
  std::unique_ptr<char[]> fence;
  if (warm_heap) {
    for (const std::string& key : new_keys) f.store->set(key, false, value);
    fence = std::make_unique<char[]>(64);
    for (const std::string& key : new_keys) f.store->remove(key, false, false);
  } else {
    malloc_trim(0);
  }
  size_t next = 0;
  const uint64_t faults_before = minor_faults();
  for (auto _ : state) {
    auto result = f.store->set(new_keys[next++], false, value);
    benchmark::DoNotOptimize(result);
  }
  const uint64_t faults = minor_faults() - faults_before;
  for (size_t i = 0; i < next; ++i) f.store->remove(new_keys[i], false, false);  // untimed
  report_rates(state, state.iterations(), faults);
}
void BM_SetNew(benchmark::State& state) { set_new_case(state, false); }
void BM_SetNewWarmHeap(benchmark::State& state) { set_new_case(state, true); }

// --- watches ----------------------------------------------------------------------------

// A recursive watcher on /config/v2.0/ports is registered, a 1 KiB set of a port fires it,
// take_deliveries() collects the event; one iteration per delivered event.
void BM_WatchDelivery(benchmark::State& state) {
  Fixture& f = fixture_for(static_cast<size_t>(state.range(0)));
  const std::string value = value_of(kValueBytes, 'h');
  size_t next = 0;
  int64_t delivered = 0;
  const uint64_t faults_before = minor_faults();
  for (auto _ : state) {
    auto watched = f.store->watch("/config/v2.0/ports", true, false, 0);
    benchmark::DoNotOptimize(watched);
    const size_t visit = f.visit_ports[next];
    auto written = f.store->set(f.visit_keys[visit], false, value);
    f.visit_modified_index[visit] = written->node.modified_index;
    auto deliveries = f.store->take_deliveries();
    delivered += static_cast<int64_t>(deliveries.size());
    benchmark::DoNotOptimize(deliveries);
    if (++next == f.visit_ports.size()) next = 0;
  }
  if (delivered != state.iterations()) state.SkipWithError("one delivery per set expected");
  report_rates(state, delivered, minor_faults() - faults_before);
}

// --- memory -----------------------------------------------------------------------------

// Builds a fresh store of N keys with `value_bytes` values (the timed part) and reports the
// heap it holds per key against the allowance.
void memory_case(benchmark::State& state, size_t value_bytes) {
  const size_t n = static_cast<size_t>(state.range(0));
  cached_fixture() = Fixture{};  // drop the shared store: only this one should be alive
  std::vector<std::string> keys;
  keys.reserve(n);
  size_t payload_bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    keys.push_back(key_of(i));
    payload_bytes += keys.back().size() + value_bytes;
  }
  const std::string value = value_of(value_bytes, 'm');
  double heap_per_key = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const size_t before = heap_in_use_bytes();
    state.ResumeTiming();
    auto store = std::make_unique<Store>();
    for (const std::string& key : keys) store->set(key, false, value);
    state.PauseTiming();
    heap_per_key = static_cast<double>(heap_in_use_bytes() - before) / static_cast<double>(n);
    store.reset();
    state.ResumeTiming();
  }
  const double allowance_per_key =
      (2.0 * static_cast<double>(payload_bytes) + 128.0 * static_cast<double>(n)) /
      static_cast<double>(n);
  state.counters["heap_bytes_per_key"] = heap_per_key;
  state.counters["allowance_bytes_per_key"] = allowance_per_key;
  state.counters["payload_bytes_per_key"] =
      static_cast<double>(payload_bytes) / static_cast<double>(n);
  state.counters["heap_over_allowance"] = heap_per_key / allowance_per_key;
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void BM_Memory1KiB(benchmark::State& state) { memory_case(state, kValueBytes); }
void BM_Memory16B(benchmark::State& state) { memory_case(state, kSmallValueBytes); }

// Size by size, every throughput case (so they share the size's store), then the memory cases.
[[maybe_unused]] const bool kRegistered = [] {
  using Case = void (*)(benchmark::State&);
  constexpr std::array<std::pair<const char*, Case>, 9> kCases = {{
      {"BM_Get", BM_Get},
      {"BM_GetHot1k", BM_GetHot1k},
      {"BM_GetRecursiveDir100", BM_GetRecursiveDir100},
      {"BM_SetExisting", BM_SetExisting},
      {"BM_SetExistingHot1k", BM_SetExistingHot1k},
      {"BM_CompareAndSwapPrevIndex", BM_CompareAndSwapPrevIndex},
      {"BM_SetNew", BM_SetNew},
      {"BM_SetNewWarmHeap", BM_SetNewWarmHeap},
      {"BM_WatchDelivery", BM_WatchDelivery},
  }};
  constexpr std::array<int64_t, 4> kSizes = {1'000, 10'000, 100'000, 1'000'000};
  for (int64_t n : kSizes) {
    for (const auto& [name, fn] : kCases) {
      benchmark::RegisterBenchmark(name, fn)->Arg(n)->ArgName("keys");
    }
  }
  for (const auto& [name, fn] : {std::pair<const char*, Case>{"BM_Memory1KiB", BM_Memory1KiB},
                                 std::pair<const char*, Case>{"BM_Memory16B", BM_Memory16B}}) {
    for (int64_t n : kSizes) {
      benchmark::RegisterBenchmark(name, fn)->Arg(n)->ArgName("keys")->Iterations(1)->Unit(
          benchmark::kMillisecond);
    }
  }
  return true;
}();

}  // namespace
