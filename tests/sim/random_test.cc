#include "sim/random.h"

#include <gtest/gtest.h>
#include <regex.h>

#include <array>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace esisim::sim {
namespace {

// An independent transcription of Vigna's reference C code (splitmix64.c and
// xoshiro256starstar.c), kept deliberately naive, to check the library against.
struct ReferenceXoshiro {
  uint64_t s[4];

  explicit ReferenceXoshiro(uint64_t seed) {
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) {
      x = x + 0x9e3779b97f4a7c15ULL;
      uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s[i] = z ^ (z >> 31);
    }
  }
  static uint64_t rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t next() {
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
};

template <typename Generator>
std::vector<uint64_t> first_outputs(Generator generator, size_t count) {
  std::vector<uint64_t> outputs;
  for (size_t i = 0; i < count; ++i) outputs.push_back(generator.next());
  return outputs;
}

TEST(SplitMix64, MatchesVignaForSeedZero) {
  EXPECT_EQ(
      first_outputs(SplitMix64(0), 5),
      (std::vector<uint64_t>{16294208416658607535ULL, 7960286522194355700ULL, 487617019471545679ULL,
                             17909611376780542444ULL, 1961750202426094747ULL}));
}

TEST(SplitMix64, MatchesVignaForSeed1234567) {
  EXPECT_EQ(
      first_outputs(SplitMix64(1234567), 5),
      (std::vector<uint64_t>{6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
                             4593380528125082431ULL, 16408922859458223821ULL}));
}

TEST(Xoshiro256StarStar, PinnedOutputsForSeedZero) {
  // State = the first four SplitMix64(0) outputs; values computed independently in Python.
  EXPECT_EQ(first_outputs(Xoshiro256StarStar(0), 6),
            (std::vector<uint64_t>{11091344671253066420ULL, 13793997310169335082ULL,
                                   1900383378846508768ULL, 7684712102626143532ULL,
                                   13521403990117723737ULL, 18442103541295991498ULL}));
}

TEST(Xoshiro256StarStar, MatchesTheReferenceImplementation) {
  for (const uint64_t seed : {0ULL, 1ULL, 42ULL, 1234567ULL, 0xffffffffffffffffULL}) {
    Xoshiro256StarStar generator(seed);
    ReferenceXoshiro reference(seed);
    for (int i = 0; i < 10'000; ++i) {
      ASSERT_EQ(generator.next(), reference.next()) << "seed " << seed << " output " << i;
    }
  }
}

TEST(Fnv1a64, KnownVectors) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(Uniform, PinnedSequences) {
  // Lemire's method on Xoshiro256StarStar(42); values computed independently in Python.
  Xoshiro256StarStar dice(42);
  std::vector<uint64_t> rolls;
  for (int i = 0; i < 10; ++i) rolls.push_back(dice.uniform(6));
  EXPECT_EQ(rolls, (std::vector<uint64_t>{0, 2, 4, 5, 5, 4, 4, 5, 4, 3}));

  Xoshiro256StarStar thousands(42);
  std::vector<uint64_t> values;
  for (int i = 0; i < 10; ++i) values.push_back(thousands.uniform(1000));
  EXPECT_EQ(values, (std::vector<uint64_t>{83, 378, 680, 924, 991, 769, 719, 850, 761, 583}));

  // Half of all 64-bit draws are rejected for this bound: exercises the rejection loop.
  Xoshiro256StarStar huge(42);
  values.clear();
  for (int i = 0; i < 5; ++i) values.push_back(huge.uniform((1ULL << 63) + 1));
  EXPECT_EQ(values, (std::vector<uint64_t>{9147776489032658738ULL, 7099593415032875292ULL,
                                           6633989454467100377ULL, 7022439175346172479ULL,
                                           2681029139591840946ULL}));
}

TEST(Uniform, RespectsBounds) {
  Xoshiro256StarStar generator(7);
  const std::vector<uint64_t> bounds = {1,
                                        2,
                                        3,
                                        5,
                                        6,
                                        7,
                                        10,
                                        100,
                                        1000,
                                        (1ULL << 32) - 1,
                                        1ULL << 32,
                                        (1ULL << 32) + 1,
                                        (1ULL << 63) - 1,
                                        1ULL << 63,
                                        (1ULL << 63) + 1,
                                        std::numeric_limits<uint64_t>::max() - 1,
                                        std::numeric_limits<uint64_t>::max()};
  for (const uint64_t bound : bounds) {
    for (int i = 0; i < 2000; ++i) ASSERT_LT(generator.uniform(bound), bound) << bound;
  }
  for (int i = 0; i < 100; ++i) EXPECT_EQ(generator.uniform(1), 0u);
}

TEST(Uniform, SmallBoundsHitEveryValueEvenly) {
  Xoshiro256StarStar generator(99);
  std::array<int, 7> counts{};
  constexpr int kDraws = 70'000;
  for (int i = 0; i < kDraws; ++i) ++counts[generator.uniform(7)];
  for (const int count : counts) {
    EXPECT_GT(count, kDraws / 7 - 500);
    EXPECT_LT(count, kDraws / 7 + 500);
  }
}

TEST(Uniform, IsDeterministicPerSeed) {
  Xoshiro256StarStar a(5);
  Xoshiro256StarStar b(5);
  Xoshiro256StarStar c(6);
  std::vector<uint64_t> from_a, from_b, from_c;
  for (int i = 0; i < 100; ++i) {
    from_a.push_back(a.uniform(1'000'003));
    from_b.push_back(b.uniform(1'000'003));
    from_c.push_back(c.uniform(1'000'003));
  }
  EXPECT_EQ(from_a, from_b);
  EXPECT_NE(from_a, from_c);
}

TEST(UniformRange, InclusiveAndWithinBounds) {
  Xoshiro256StarStar generator(11);
  std::set<int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const int64_t value = generator.uniform_range(-2, 2);
    ASSERT_GE(value, -2);
    ASSERT_LE(value, 2);
    seen.insert(value);
  }
  EXPECT_EQ(seen, (std::set<int64_t>{-2, -1, 0, 1, 2}));
  EXPECT_EQ(generator.uniform_range(17, 17), 17);
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  for (int i = 0; i < 1000; ++i) {
    const int64_t low = generator.uniform_range(kMin, kMin + 1);
    ASSERT_TRUE(low == kMin || low == kMin + 1);
    const int64_t high = generator.uniform_range(kMax - 1, kMax);
    ASSERT_TRUE(high == kMax - 1 || high == kMax);
  }
}

TEST(UniformRange, FullRangeIsOneRawDraw) {
  Xoshiro256StarStar generator(3);
  Xoshiro256StarStar raw(3);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(generator.uniform_range(std::numeric_limits<int64_t>::min(),
                                      std::numeric_limits<int64_t>::max()),
              static_cast<int64_t>(raw.next() ^ (1ULL << 63)));
  }
}

TEST(UniformUnit, Uses53BitsInUnitInterval) {
  Xoshiro256StarStar generator(42);
  Xoshiro256StarStar raw(42);
  for (int i = 0; i < 1000; ++i) {
    const double value = generator.uniform_unit();
    ASSERT_GE(value, 0.0);
    ASSERT_LT(value, 1.0);
    ASSERT_EQ(value, static_cast<double>(raw.next() >> 11) / 9007199254740992.0);
  }
}

TEST(Bernoulli, ExtremesAndRate) {
  Xoshiro256StarStar generator(8);
  int hits = 0;
  for (int i = 0; i < 1000; ++i) {
    ASSERT_FALSE(generator.bernoulli(0, 7));
    ASSERT_TRUE(generator.bernoulli(7, 7));
    if (generator.bernoulli(1, 4)) ++hits;
  }
  EXPECT_GT(hits, 200);
  EXPECT_LT(hits, 300);
}

TEST(Bernoulli, AlwaysDrawsOnce) {
  // Certain outcomes still consume one draw, so a stream's later values do not depend on the
  // probabilities used earlier.
  Xoshiro256StarStar a(1);
  Xoshiro256StarStar b(1);
  a.bernoulli(0, 10);
  b.bernoulli(10, 10);
  EXPECT_EQ(a.next(), b.next());
}

TEST(RandomString, UsesOnlyTheAlphabetAndIsDeterministic) {
  Xoshiro256StarStar generator(4);
  const std::string text = generator.random_string("abc", 200);
  EXPECT_EQ(text.size(), 200u);
  EXPECT_EQ(text.find_first_not_of("abc"), std::string::npos);
  EXPECT_NE(text.find('a'), std::string::npos);
  EXPECT_NE(text.find('c'), std::string::npos);
  EXPECT_EQ(generator.random_string("abc", 0), "");
  EXPECT_EQ(generator.random_string("", 0), "");

  // Each character is alphabet[uniform(size)].
  Xoshiro256StarStar a(42);
  EXPECT_EQ(a.random_string("0123456789abcdef", 8), "16aefcbd");
  Xoshiro256StarStar b(42);
  std::string expected;
  for (int i = 0; i < 8; ++i) expected += "0123456789abcdef"[b.uniform(16)];
  EXPECT_EQ(expected, "16aefcbd");
}

// Matches a lowercase RFC 4122 version-4 UUID. POSIX <regex.h> rather than std::regex: g++ 12
// with sanitizers reports a false maybe-uninitialized warning inside std::regex, and warnings
// are errors here.
bool is_uuid4(const std::string& text) {
  regex_t pattern;
  if (regcomp(&pattern, "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
              REG_EXTENDED | REG_NOSUB) != 0) {
    ADD_FAILURE() << "bad pattern";
    return false;
  }
  const bool matched = regexec(&pattern, text.c_str(), 0, nullptr, 0) == 0;
  regfree(&pattern);
  return matched;
}

TEST(Uuid4, PatternRejectsOtherForms) {
  EXPECT_TRUE(is_uuid4("b358faf7-4ef9-465a-875c-3d964f482cd2"));
  EXPECT_FALSE(is_uuid4("B358FAF7-4EF9-465A-875C-3D964F482CD2"));  // upper case
  EXPECT_FALSE(is_uuid4("b358faf7-4ef9-165a-875c-3d964f482cd2"));  // version 1
  EXPECT_FALSE(is_uuid4("b358faf7-4ef9-465a-c75c-3d964f482cd2"));  // variant 110x
  EXPECT_FALSE(is_uuid4("b358faf74ef9465a875c3d964f482cd2"));      // no dashes
}

TEST(Uuid4, HasTheVersion4Format) {
  Xoshiro256StarStar generator(13);
  std::set<std::string> seen;
  std::set<char> variants;
  for (int i = 0; i < 1000; ++i) {
    const std::string uuid = generator.uuid4();
    ASSERT_TRUE(is_uuid4(uuid)) << uuid;
    seen.insert(uuid);
    variants.insert(uuid[19]);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(variants, (std::set<char>{'8', '9', 'a', 'b'}));
}

TEST(Uuid4, PinnedValue) {
  // The bytes of two next() calls, big-endian, with version and variant bits set (Python).
  Xoshiro256StarStar generator(7);
  EXPECT_EQ(generator.uuid4(), "b358faf7-4ef9-465a-875c-3d964f482cd2");
}

TEST(RandomStreams, StreamSeedDependsOnRunSeedAndName) {
  RandomStreams streams(42);
  // seed = SplitMix64(42 ^ fnv1a64(name)).next(); values computed independently in Python.
  EXPECT_EQ(first_outputs(streams.stream("network"), 3),
            (std::vector<uint64_t>{11923885920547503337ULL, 17500257549027942168ULL,
                                   1734452897962746069ULL}));
  Xoshiro256StarStar expected(SplitMix64(42 ^ fnv1a64("keys")).next());
  Xoshiro256StarStar& keys = streams.stream("keys");
  EXPECT_EQ(keys.next(), expected.next());
  EXPECT_EQ(keys.next(), 2274870203344741640ULL);
  EXPECT_EQ(streams.run_seed(), 42u);
}

TEST(RandomStreams, SameNameReturnsTheSameStream) {
  RandomStreams streams(1);
  Xoshiro256StarStar& first = streams.stream("a");
  const uint64_t value = first.next();
  Xoshiro256StarStar& again = streams.stream(std::string("a"));
  EXPECT_EQ(&first, &again);
  RandomStreams fresh(1);
  fresh.stream("a").next();
  EXPECT_EQ(again.next(), fresh.stream("a").next());
  EXPECT_NE(value, 0u);
  EXPECT_EQ(streams.stream_count(), 1u);
}

TEST(RandomStreams, IndependentOfCreationOrderAndOtherStreamsUse) {
  RandomStreams alone(2024);
  const std::vector<uint64_t> expected = first_outputs(alone.stream("clients"), 20);

  RandomStreams crowded(2024);
  for (int i = 0; i < 50; ++i) crowded.stream("other-" + std::to_string(i)).next();
  Xoshiro256StarStar& clients = crowded.stream("clients");
  std::vector<uint64_t> interleaved;
  for (int i = 0; i < 20; ++i) {
    interleaved.push_back(clients.next());
    crowded.stream("network").uniform(10);        // another stream drawn in between
    crowded.stream("late-" + std::to_string(i));  // streams created in between
  }
  EXPECT_EQ(interleaved, expected);
}

TEST(RandomStreams, DifferentNamesAndSeedsDiffer) {
  RandomStreams streams(9);
  RandomStreams other_seed(10);
  const uint64_t a = streams.stream("a").next();
  EXPECT_NE(a, streams.stream("b").next());
  EXPECT_NE(a, other_seed.stream("a").next());
}

TEST(RandomStreams, StreamReferencesStayValid) {
  RandomStreams streams(3);
  Xoshiro256StarStar* first = &streams.stream("first");
  for (int i = 0; i < 1000; ++i) streams.stream("s" + std::to_string(i));
  EXPECT_EQ(first, &streams.stream("first"));
}

TEST(RandomDeathTest, ProgrammingErrorsAbort) {
  Xoshiro256StarStar generator(1);
  EXPECT_DEATH(generator.uniform(0), "uniform\\(0\\)");
  EXPECT_DEATH(generator.uniform_range(3, 2), "uniform_range\\(3, 2\\): the range is empty");
  EXPECT_DEATH(generator.bernoulli(1, 0), "bernoulli\\(1, 0\\)");
  EXPECT_DEATH(generator.bernoulli(3, 2), "bernoulli\\(3, 2\\)");
  EXPECT_DEATH(generator.random_string("", 1), "empty alphabet");
}

TEST(RandomDeathTest, StreamLimitAbortsNamingTheLimit) {
  RandomStreams streams(1, 2);
  streams.stream("a");
  streams.stream("b");
  streams.stream("a");  // existing streams are fine
  EXPECT_DEATH(streams.stream("c"),
               "stream limit of 2 random streams reached; cannot create \"c\"");
}

}  // namespace
}  // namespace esisim::sim
