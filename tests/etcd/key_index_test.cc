// KeyIndex (core/etcd/key_index.h): the store's hash index of full keys, checked against a
// std::map through long deterministic runs of inserts and removals (which exercise wrapped
// probe runs and the backward-shift removal).
#include "core/etcd/key_index.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace esisim::etcd {
namespace {

struct Item {
  std::string text;
  std::string_view key() const { return text; }
};

uint64_t next_random(uint64_t& state) {  // SplitMix64: a fixed sequence
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

TEST(KeyIndex, FindsOnlyWhatIsIndexed) {
  KeyIndex<Item> index;
  Item a{"/a"};
  Item b{"/a/b"};
  EXPECT_EQ(index.find("/a"), nullptr);  // empty index
  index.insert(&a, KeyIndex<Item>::hash(a.key()));
  index.insert(&b, KeyIndex<Item>::hash(b.key()));
  EXPECT_EQ(index.find("/a"), &a);
  EXPECT_EQ(index.find("/a/b"), &b);
  EXPECT_EQ(index.find("/a/"), nullptr);
  EXPECT_EQ(index.find(""), nullptr);
  index.erase(&a, KeyIndex<Item>::hash(a.key()));
  EXPECT_EQ(index.find("/a"), nullptr);
  EXPECT_EQ(index.find("/a/b"), &b);
  EXPECT_EQ(index.size(), 1u);
}

TEST(KeyIndex, HashDependsOnEveryByteAndTheLength) {
  using Index = KeyIndex<Item>;
  std::set<uint64_t> seen;
  std::string key;
  for (int i = 0; i < 40; ++i) {  // every length from 0 to 39, short and long paths
    EXPECT_TRUE(seen.insert(Index::hash(key)).second) << key.size();
    key.push_back('a');
  }
  EXPECT_EQ(Index::hash("/config/v2.0/ports/1"), Index::hash(std::string("/config/v2.0/ports/1")));
  EXPECT_NE(Index::hash("/config/v2.0/ports/1"), Index::hash("/config/v2.0/ports/2"));
  EXPECT_NE(Index::hash("/config/v2.0/ports/12345678"), Index::hash("/config/v2.0/ports/12345679"));
  EXPECT_NE(Index::hash(std::string_view("a\0", 2)), Index::hash("a"));
}

// Thousands of inserts and removals in a fixed pseudo-random order over a small key space, so
// probe runs form, wrap around the table's end and are repaired by removals.
TEST(KeyIndex, AgreesWithAMapThroughInsertsAndRemovals) {
  KeyIndex<Item> index;
  std::vector<std::unique_ptr<Item>> items;
  for (int i = 0; i < 3000; ++i) {
    items.push_back(std::make_unique<Item>(Item{"/k/" + std::to_string(i * 7919 % 3001)}));
  }
  std::map<std::string, Item*, std::less<>> reference;
  uint64_t state = 7;
  for (int step = 0; step < 40000; ++step) {
    Item* item = items[next_random(state) % items.size()].get();
    uint64_t h = KeyIndex<Item>::hash(item->key());
    if (reference.count(item->text) > 0) {
      index.erase(item, h);
      reference.erase(item->text);
    } else {
      index.insert(item, h, item);
      reference.emplace(item->text, item);
    }
    if (step % 997 == 0) {
      ASSERT_EQ(index.size(), reference.size());
      for (const auto& candidate : items) {
        auto it = reference.find(candidate->text);
        ASSERT_EQ(index.find(candidate->key()), it == reference.end() ? nullptr : it->second)
            << "step " << step << " key " << candidate->text;
      }
    }
  }
  size_t visited = 0;
  index.for_each([&](Item* item) {
    ++visited;
    EXPECT_EQ(reference.count(item->text), 1u);
  });
  EXPECT_EQ(visited, reference.size());
}

TEST(KeyIndex, HintsDoNotChangeWhatIsFound) {
  KeyIndex<Item> index;
  Item a{"/a"};
  uint64_t h = KeyIndex<Item>::hash(a.key());
  index.insert(&a, h, &a);
  int elsewhere = 0;
  index.set_hint(&a, h, &elsewhere);
  EXPECT_EQ(index.find("/a"), &a);
  index.set_hint(&a, h, nullptr);
  EXPECT_EQ(index.find("/a"), &a);
}

}  // namespace
}  // namespace esisim::etcd
