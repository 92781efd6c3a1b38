#include "sim/random.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

namespace esisim::sim {
namespace {

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "random: %s\n", message.c_str());
  std::abort();
}

constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t fnv1a64(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3;
  }
  return hash;
}

uint64_t SplitMix64::next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

Xoshiro256StarStar::Xoshiro256StarStar(uint64_t seed) {
  SplitMix64 seeder(seed);
  for (uint64_t& word : state_) word = seeder.next();
}

uint64_t Xoshiro256StarStar::next() {
  const uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

uint64_t Xoshiro256StarStar::uniform(uint64_t bound) {
  if (bound == 0) die("uniform(0): the bound must be at least 1");
  unsigned __int128 product = static_cast<unsigned __int128>(next()) * bound;
  auto low = static_cast<uint64_t>(product);
  if (low < bound) {
    // 2^64 mod bound: the count of low values that would bias the result.
    const uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      product = static_cast<unsigned __int128>(next()) * bound;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

int64_t Xoshiro256StarStar::uniform_range(int64_t lo, int64_t hi) {
  if (lo > hi) die(fmt::format("uniform_range({}, {}): the range is empty", lo, hi));
  // Unsigned arithmetic wraps, so the span and the sum are exact modulo 2^64.
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  const uint64_t offset = span == UINT64_MAX ? next() : uniform(span + 1);
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + offset);
}

double Xoshiro256StarStar::uniform_unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

bool Xoshiro256StarStar::bernoulli(uint64_t numerator, uint64_t denominator) {
  if (denominator == 0 || numerator > denominator) {
    die(fmt::format("bernoulli({}, {}): expected 0 <= numerator <= denominator, denominator >= 1",
                    numerator, denominator));
  }
  return uniform(denominator) < numerator;
}

std::string Xoshiro256StarStar::random_string(std::string_view alphabet, size_t length) {
  if (alphabet.empty() && length > 0) {
    die(fmt::format("random_string: empty alphabet for {} characters", length));
  }
  std::string text;
  text.reserve(length);
  for (size_t i = 0; i < length; ++i) text += alphabet[uniform(alphabet.size())];
  return text;
}

std::string Xoshiro256StarStar::uuid4() {
  std::array<uint8_t, 16> bytes{};
  for (size_t word_index = 0; word_index < 2; ++word_index) {
    const uint64_t word = next();
    for (size_t i = 0; i < 8; ++i) {
      bytes[word_index * 8 + i] = static_cast<uint8_t>(word >> (56 - 8 * i));
    }
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // variant 10xx (RFC 4122)
  std::string text;
  text.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += fmt::format("{:02x}", bytes[i]);
  }
  return text;
}

Xoshiro256StarStar& RandomStreams::stream(std::string_view name) {
  if (auto found = streams_.find(name); found != streams_.end()) return found->second;
  if (streams_.size() >= stream_count_max_) {
    die(fmt::format("stream limit of {} random streams reached; cannot create \"{}\"",
                    stream_count_max_, name));
  }
  const uint64_t seed = SplitMix64(run_seed_ ^ fnv1a64(name)).next();
  return streams_.emplace(std::string(name), Xoshiro256StarStar(seed)).first->second;
}

}  // namespace esisim::sim
