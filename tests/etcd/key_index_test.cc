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
  explicit Item(std::string t) : text(std::move(t)), key_hash(KeyIndex<Item>::hash(text)) {}
  // A chosen hash, to force long probe runs (find() must then be given the same hash).
  Item(std::string t, uint64_t forced_hash) : text(std::move(t)), key_hash(forced_hash) {}
  std::string text;
  uint64_t key_hash;
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
  Item a("/a");
  Item b("/a/b");
  EXPECT_EQ(index.find("/a"), nullptr);  // empty index
  index.insert(&a);
  index.insert(&b);
  EXPECT_EQ(index.find("/a"), &a);
  EXPECT_EQ(index.find("/a/b"), &b);
  EXPECT_EQ(index.find("/a/"), nullptr);
  EXPECT_EQ(index.find(""), nullptr);
  index.erase(&a);
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
    items.push_back(std::make_unique<Item>("/k/" + std::to_string(i * 7919 % 3001)));
  }
  std::map<std::string, Item*, std::less<>> reference;
  uint64_t state = 7;
  for (int step = 0; step < 40000; ++step) {
    Item* item = items[next_random(state) % items.size()].get();
    if (reference.count(item->text) > 0) {
      index.erase(item);
      reference.erase(item->text);
    } else {
      index.insert(item, item);
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

// find() (with each item's own hash) gives exactly the items marked present.
void expect_finds_exactly(const KeyIndex<Item>& index,
                          const std::vector<std::unique_ptr<Item>>& items,
                          const std::vector<bool>& present) {
  for (size_t k = 0; k < items.size(); ++k) {
    const Item& item = *items[k];
    ASSERT_EQ(index.find(item.key(), item.key_hash), present[k] ? &item : nullptr) << item.text;
  }
}

// Hundreds of keys with one home slot: runs far longer than a distance byte holds, so removal
// and growth must fall back on the nodes' hashes.
TEST(KeyIndex, KeepsLongRunsOfOneHomeSlotConsistent) {
  KeyIndex<Item> index;
  std::vector<std::unique_ptr<Item>> items;
  uint64_t state = 3;
  for (int i = 0; i < 700; ++i) {  // the low 32 bits (the home slot) are the same for all
    items.push_back(std::make_unique<Item>("/k" + std::to_string(i), next_random(state) << 32));
    index.insert(items.back().get());
  }
  std::vector<bool> present(items.size(), true);
  for (int round = 0; round < 3; ++round) {
    for (size_t j = 0; j < items.size(); j += 3) {
      size_t victim = (j * 389 + static_cast<size_t>(round)) % items.size();
      if (!present[victim]) continue;
      index.erase(items[victim].get());
      present[victim] = false;
    }
    SCOPED_TRACE("round " + std::to_string(round));
    expect_finds_exactly(index, items, present);
    if (HasFatalFailure()) return;
    for (size_t k = 0; k < items.size(); k += 2) {  // put half of them back
      if (present[k]) continue;
      index.insert(items[k].get());
      present[k] = true;
    }
  }
}

// A run holding keys of one home slot, then keys sitting at their own homes, then more keys
// of the first home: removing from the front must move those last ones across a gap wider
// than a distance byte holds.
TEST(KeyIndex, MovesFarKeysAcrossWideGaps) {
  KeyIndex<Item> index;
  std::vector<std::unique_ptr<Item>> items;
  uint64_t state = 5;
  auto add = [&](const std::string& text, uint64_t home) {
    items.push_back(std::make_unique<Item>(text, (next_random(state) << 32) | home));
    index.insert(items.back().get());
  };
  for (int i = 0; i < 300; ++i) add("/first" + std::to_string(i), 100);
  for (int i = 0; i < 260; ++i) add("/own" + std::to_string(i), 400 + static_cast<uint64_t>(i));
  for (int i = 0; i < 300; ++i) add("/last" + std::to_string(i), 100);
  std::vector<bool> present(items.size(), true);
  for (size_t victim = 0; victim < 300; ++victim) {
    index.erase(items[victim].get());
    present[victim] = false;
    SCOPED_TRACE("after removing " + items[victim]->text);
    expect_finds_exactly(index, items, present);
    if (HasFatalFailure()) return;
  }
}

TEST(KeyIndex, HintsDoNotChangeWhatIsFound) {
  KeyIndex<Item> index;
  Item a("/a");
  index.insert(&a, &a);
  int elsewhere = 0;
  index.set_hint(&a, &elsewhere);
  EXPECT_EQ(index.find("/a"), &a);
  index.set_hint(&a, nullptr);
  EXPECT_EQ(index.find("/a"), &a);
  // An address beyond 48 bits is no hint at all, and changes nothing either.
  index.set_hint(&a, reinterpret_cast<const void*>(~uintptr_t{0} - 63));
  EXPECT_EQ(index.find("/a"), &a);
}

}  // namespace
}  // namespace esisim::etcd
