// The store's lookup structures (a hash index of full keys, unordered child lists) stay
// consistent with its tree through a long deterministic run of writes, removals and expiries
// over a small key space: every node listed by a recursive get of "/" is found by get, the
// node count and files() agree with the listing, listings are sorted, and keys that are not
// there give etcd's error for the first missing (100) or non-directory (104) step.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/etcd/error.h"
#include "core/etcd/store.h"

namespace esisim::etcd {
namespace {

constexpr int64_t kT0 = 1549000000000;

uint64_t next_random(uint64_t& state) {  // SplitMix64: a fixed sequence
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// "/a", "/a/b", ... : every path of one to three segments named a, b or c.
std::vector<std::string> all_paths() {
  std::vector<std::string> out;
  const std::vector<std::string> names = {"a", "b", "c"};
  std::vector<std::string> level = {""};
  for (int depth = 0; depth < 3; ++depth) {
    std::vector<std::string> next;
    for (const std::string& parent : level) {
      for (const std::string& name : names) next.push_back(parent + "/" + name);
    }
    out.insert(out.end(), next.begin(), next.end());
    level = std::move(next);
  }
  return out;
}

struct Listed {
  bool dir = false;
  SharedText value;
};

void collect(const NodeView& node, std::map<std::string, Listed>& out) {
  for (size_t i = 0; i < node.nodes.size(); ++i) {
    const NodeView& child = node.nodes[i];
    if (i > 0) {
      EXPECT_LT(node.nodes[i - 1].key, child.key) << "unsorted listing";
    }
    out[child.key] = Listed{child.dir, child.value};
    collect(child, out);
  }
}

void check_consistent(const Store& store, const std::vector<std::string>& paths) {
  auto root = store.get("/", true);
  ASSERT_TRUE(root.ok());
  std::map<std::string, Listed> listed;
  collect(root->node, listed);
  ASSERT_EQ(listed.size(), store.node_count());
  std::map<std::string, std::string> listed_files;
  for (const auto& [key, node] : listed) {
    auto got = store.get(key, false);
    ASSERT_TRUE(got.ok()) << key;
    EXPECT_EQ(got->node.dir, node.dir) << key;
    EXPECT_EQ(got->node.value, node.value) << key;
    if (!node.dir) listed_files[key] = *node.value;
  }
  EXPECT_EQ(store.files(), listed_files);
  for (const std::string& path : paths) {
    if (listed.count(path) > 0) continue;
    // Expected: walking down, the first step below a file is 104, the first missing one 100.
    EtcdError expected{kKeyNotFound, "", path, store.index()};
    for (size_t end = path.find('/', 1);; end = path.find('/', end + 1)) {
      std::string prefix = path.substr(0, end);
      auto it = listed.find(prefix);
      if (it == listed.end()) {
        expected.cause = prefix;
        break;
      }
      if (!it->second.dir) {
        expected.code = kNotDir;
        expected.cause = prefix;
        break;
      }
    }
    auto got = store.get(path, false);
    ASSERT_FALSE(got.ok()) << path;
    EXPECT_EQ(got.error().code, expected.code) << path;
    EXPECT_EQ(got.error().cause, expected.cause) << path;
    EXPECT_EQ(got.error().index, expected.index) << path;
  }
}

TEST(StoreTree, LookupsStayConsistentThroughWritesRemovalsAndExpiries) {
  const std::vector<std::string> paths = all_paths();
  Store store(kT0);
  int64_t now = kT0;
  uint64_t state = 11;
  int succeeded = 0;
  for (int step = 0; step < 3000; ++step) {
    const std::string& key = paths[next_random(state) % paths.size()];
    const std::string value = "v" + std::to_string(step);
    bool ok = false;
    switch (next_random(state) % 10) {
      case 0:
      case 1:
        ok = store.set(key, false, value).ok();
        break;
      case 2:
        ok = store.set(key, next_random(state) % 4 == 0, value).ok();
        break;
      case 3:
        ok = store.create(key, false, value, next_random(state) % 2 == 0).ok();
        break;
      case 4:
        ok = store.remove(key, true, next_random(state) % 2 == 0).ok();
        break;
      case 5:
        ok = store.remove(key, false, false).ok();
        break;
      case 6:
        ok = store.update(key, value).ok();
        break;
      case 7: {
        auto current = store.get(key, false);
        uint64_t prev_index = current.ok() ? current->node.modified_index : 1;
        ok = store.compare_and_swap(key, "", prev_index, value).ok();
        break;
      }
      case 8:
        ok = store.compare_and_delete(key, "", 0).ok();
        break;
      default:
        ok = store.set(key, false, value, {now + 1000 * (1 + next_random(state) % 5), false}).ok();
        now += 700;
        store.advance_to(now);
        break;
    }
    succeeded += ok ? 1 : 0;
    if (step % 25 == 0 || step > 2900) {
      SCOPED_TRACE("step " + std::to_string(step));
      check_consistent(store, paths);
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_GT(succeeded, 1000);  // the run did write, not only fail
}

// Removing a child from the middle of a directory's list leaves the others findable and listed.
TEST(StoreTree, RemovingOneChildKeepsItsSiblings) {
  Store store(kT0);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(store.set("/d/" + std::to_string(i), false, "x").ok());
  for (int i : {0, 7, 19, 8})
    ASSERT_TRUE(store.remove("/d/" + std::to_string(i), false, false).ok());
  auto dir = store.get("/d", false);
  ASSERT_TRUE(dir.ok());
  ASSERT_EQ(dir->node.nodes.size(), 16u);
  EXPECT_EQ(dir->node.nodes.front().key, "/d/1");
  for (int i = 0; i < 20; ++i) {
    bool removed = i == 0 || i == 7 || i == 19 || i == 8;
    EXPECT_EQ(store.get("/d/" + std::to_string(i), false).ok(), !removed) << i;
  }
  EXPECT_EQ(store.node_count(), 17u);
}

}  // namespace
}  // namespace esisim::etcd
