// What this machine allows, independently of esisim: the floor under the etcd model's uniform
// cases (bench/RESULTS.md, README "Benchmarks").
//
// Contract:
// * BM_DependentLoad/<MiB>/<huge>: a pointer chase over a random cyclic permutation of the
//   64-byte lines of a <MiB> MiB block (each load's address is the value of the previous one,
//   as a hash-table slot gives the node's address): ns_per_load is what one random dependent
//   load costs at that working-set size. `huge` 1 asks for transparent huge pages
//   (madvise(MADV_HUGEPAGE) on a 2 MiB-aligned block), 0 forbids them; `huge_kib` reports what
//   the kernel gave (AnonHugePages of the process, KiB).
// * BM_FreshPageTouch/<huge>: the cost of memory the process has never touched: each
//   iteration maps 64 MiB, writes one byte per 4 KiB page and unmaps it; ns_per_4k_page and
//   fresh_gb_per_s are the rate at which a growing heap can get memory here.
// The permutation comes from SplitMix64 (no <random>), so every run chases the same cycle.
//
//   taskset -c 1 build/bin/machine_bench --benchmark_min_time=0.5
#include <benchmark/benchmark.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

namespace {

constexpr size_t kLineBytes = 64;
constexpr size_t kHugePageBytes = size_t{2} << 20;
constexpr size_t kPageBytes = 4096;
constexpr size_t kFreshBlockBytes = size_t{64} << 20;

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// AnonHugePages of this process in KiB (0 when unknown).
long anon_huge_kib() {
  FILE* file = std::fopen("/proc/self/smaps_rollup", "r");
  if (file == nullptr) return 0;
  char line[256];
  long kib = 0;
  while (std::fgets(line, sizeof line, file) != nullptr) {
    if (std::strncmp(line, "AnonHugePages:", 14) == 0) kib = std::atol(line + 14);
  }
  std::fclose(file);
  return kib;
}

// A 2 MiB-aligned anonymous block of `bytes`, with or without huge pages; unmapped on scope exit.
class Block {
 public:
  Block(size_t bytes, bool huge) : mapped_bytes_(bytes + kHugePageBytes) {
    void* mapped =
        mmap(nullptr, mapped_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) return;
    mapped_ = static_cast<char*>(mapped);
    const auto address = reinterpret_cast<uintptr_t>(mapped_);
    data_ = mapped_ + ((kHugePageBytes - address % kHugePageBytes) % kHugePageBytes);
    madvise(data_, bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  }
  ~Block() {
    if (mapped_ != nullptr) munmap(mapped_, mapped_bytes_);
  }
  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;
  char* data() const { return data_; }

 private:
  size_t mapped_bytes_;
  char* mapped_ = nullptr;
  char* data_ = nullptr;
};

void BM_DependentLoad(benchmark::State& state) {
  const size_t bytes = static_cast<size_t>(state.range(0)) << 20;
  const bool huge = state.range(1) != 0;
  Block block(bytes, huge);
  if (block.data() == nullptr) {
    state.SkipWithError("mmap failed");
    return;
  }
  const size_t lines = bytes / kLineBytes;
  std::vector<uint32_t> order(lines);
  for (size_t i = 0; i < lines; ++i) order[i] = static_cast<uint32_t>(i);
  uint64_t seed = 42;
  for (size_t i = lines; i > 1; --i) std::swap(order[i - 1], order[splitmix64(seed) % i]);
  char* base = block.data();
  for (size_t i = 0; i < lines; ++i) {
    char* next = base + order[(i + 1) % lines] * kLineBytes;
    std::memcpy(base + order[i] * kLineBytes, &next, sizeof next);
  }
  std::vector<uint32_t>().swap(order);
  constexpr int kLoadsPerIteration = 1024;
  char* at = base;
  for (auto _ : state) {
    for (int i = 0; i < kLoadsPerIteration; ++i) std::memcpy(&at, at, sizeof at);
    benchmark::DoNotOptimize(at);
  }
  const double loads = static_cast<double>(state.iterations()) * kLoadsPerIteration;
  state.counters["ns_per_load"] =
      benchmark::Counter(loads * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["huge_kib"] = static_cast<double>(anon_huge_kib());
}

void BM_FreshPageTouch(benchmark::State& state) {
  const bool huge = state.range(0) != 0;
  for (auto _ : state) {
    Block block(kFreshBlockBytes, huge);
    if (block.data() == nullptr) {
      state.SkipWithError("mmap failed");
      return;
    }
    for (size_t offset = 0; offset < kFreshBlockBytes; offset += kPageBytes) {
      block.data()[offset] = 1;
    }
    benchmark::ClobberMemory();
  }
  const double pages = static_cast<double>(state.iterations()) * (kFreshBlockBytes / kPageBytes);
  state.counters["ns_per_4k_page"] =
      benchmark::Counter(pages * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["fresh_gb_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kFreshBlockBytes * 1e-9,
                         benchmark::Counter::kIsRate);
}

BENCHMARK(BM_DependentLoad)
    ->ArgNames({"mib", "huge"})
    ->ArgsProduct({{1, 8, 32, 256, 1024}, {0, 1}})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FreshPageTouch)->ArgNames({"huge"})->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
