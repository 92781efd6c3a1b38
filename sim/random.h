// The project's own pseudo-random numbers: the same output on every compiler, standard library
// and platform, so that a run seed replays a simulation exactly.
//
// Contract: SplitMix64 and Xoshiro256StarStar follow Vigna's reference code bit for bit.
// Everything derived from them (bounded integers, doubles, strings, UUIDs) uses integer
// arithmetic only, no <random> distributions and no std::random_device. RandomStreams gives
// each named stream a sequence that depends only on (run seed, name). Programming errors
// (an empty range, a zero denominator, a probability above 1, an empty alphabet, more than
// stream_count_max streams) abort the process with a message in every build type.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace esisim::sim {

// FNV-1a, 64 bits, over the bytes of `text`.
uint64_t fnv1a64(std::string_view text);

// Vigna's SplitMix64: used to seed the other generators and to derive stream seeds.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next();

 private:
  uint64_t state_;
};

// Vigna's xoshiro256**, seeded with four consecutive SplitMix64(seed) outputs.
class Xoshiro256StarStar {
 public:
  explicit Xoshiro256StarStar(uint64_t seed);

  uint64_t next();

  // Uniform in [0, bound), bound >= 1: Lemire's multiply-shift with rejection, unbiased.
  uint64_t uniform(uint64_t bound);
  // Uniform in [lo, hi], both included; lo <= hi. The full int64_t range is allowed.
  int64_t uniform_range(int64_t lo, int64_t hi);
  // Uniform in [0, 1) with 53 random bits: (next() >> 11) * 2^-53.
  double uniform_unit();
  // True with probability numerator / denominator (denominator >= 1, numerator <= it).
  // Always draws through uniform(denominator), even for probabilities 0 and 1.
  bool bernoulli(uint64_t numerator, uint64_t denominator);

  // `length` characters, each alphabet[uniform(alphabet.size())]. The alphabet must not be
  // empty unless length is 0.
  std::string random_string(std::string_view alphabet, size_t length);
  // A lowercase RFC 4122 version-4 UUID from 16 random bytes (two next() calls, big-endian):
  // "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx".
  std::string uuid4();

 private:
  std::array<uint64_t, 4> state_;
};

inline constexpr size_t kStreamCountMaxDefault = 4096;

// Named, independent generators for one run.
class RandomStreams {
 public:
  explicit RandomStreams(uint64_t run_seed, size_t stream_count_max = kStreamCountMaxDefault)
      : run_seed_(run_seed), stream_count_max_(stream_count_max) {}
  RandomStreams(const RandomStreams&) = delete;
  RandomStreams& operator=(const RandomStreams&) = delete;

  // The stream called `name`, created on first use and seeded with
  // SplitMix64(run_seed XOR fnv1a64(name)).next(). The reference stays valid for the life of
  // this object. Creating more than stream_count_max streams aborts.
  Xoshiro256StarStar& stream(std::string_view name);

  uint64_t run_seed() const { return run_seed_; }
  size_t stream_count() const { return streams_.size(); }

 private:
  uint64_t run_seed_;
  size_t stream_count_max_;
  std::map<std::string, Xoshiro256StarStar, std::less<>> streams_;
};

}  // namespace esisim::sim
