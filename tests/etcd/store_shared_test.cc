// get_shared() and set_shared(): the same answers as get() and set(), with the values shared
// with the store rather than copied, and the same history, observer and watcher effects.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/etcd/json_repr.h"
#include "core/etcd/store.h"

namespace esisim::etcd {
namespace {

constexpr int64_t kT0 = 1549000000000;

std::string dump(const Event& event) { return response_json(event, true).dump(); }
std::string dump(const EtcdError& error) { return error_json(error).dump(); }

// The two answers are the same (the shared one through to_event()), and the shared one holds
// its values only as texts.
void expect_same_answer(const EtcdResult& full, const Result<SharedEvent, EtcdError>& shared) {
  ASSERT_EQ(full.ok(), shared.ok());
  if (!full.ok()) {
    EXPECT_EQ(dump(full.error()), dump(shared.error()));
    return;
  }
  EXPECT_EQ(dump(*full), dump(shared->to_event()));
  EXPECT_FALSE(shared->event.node.value.has_value());
  EXPECT_EQ(shared->value.to_optional(), full->node.value);
  ASSERT_EQ(shared->event.prev_node.has_value(), full->prev_node.has_value());
  if (full->prev_node) {
    EXPECT_FALSE(shared->event.prev_node->value.has_value());
    EXPECT_EQ(shared->prev_value.to_optional(), full->prev_node->value);
  }
}

struct SetCall {
  std::string key;
  bool dir;
  std::string value;
  TtlOptions ttl;
};

TEST(StoreShared, SetSharedAnswersWhatSetAnswers) {
  const std::vector<SetCall> calls = {
      {"/a/b", false, "1", {}},  // new file, new parent
      {"/a/b", false, "2", {}},  // replaces: prevNode
      {"/a/c", false, "x", {kT0 + 1500, false}},
      {"/a/c", false, "", {}},                // empty value, drops the TTL
      {"/a/d", true, "", {}},                 // directory
      {"/a/b", true, "", {}},                 // file -> directory
      {"/a/d", false, "y", {}},               // 102 not a file
      {"/a/c/e", false, "z", {}},             // 104 not a directory
      {"/", false, "r", {}},                  // 107 root read only
      {"a//b/./../f", false, "cleaned", {}},  // the key is cleaned
  };
  Store with_copies(kT0);
  Store with_shared(kT0);
  for (const SetCall& c : calls) {
    SCOPED_TRACE(c.key);
    expect_same_answer(with_copies.set(c.key, c.dir, c.value, c.ttl),
                       with_shared.set_shared(c.key, c.dir, c.value, c.ttl));
  }
  EXPECT_EQ(with_copies.index(), with_shared.index());
  EXPECT_EQ(with_copies.files(), with_shared.files());
}

TEST(StoreShared, GetSharedAnswersWhatGetAnswers) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/d/x", false, "1").ok());
  ASSERT_TRUE(store.set("/d/y/z", false, "2", {kT0 + 2500, false}).ok());
  ASSERT_TRUE(store.set("/d/_hidden", false, "3").ok());
  ASSERT_TRUE(store.advance_to(kT0 + 1000).empty());  // ttl 2 s left
  for (const char* key : {"/d/x", "/d", "/", "/d/y/z", "/missing/k", "/d/x/under", "d//y/.."}) {
    for (bool recursive : {false, true}) {
      SCOPED_TRACE(std::string(key) + (recursive ? " recursive" : ""));
      expect_same_answer(store.get(key, recursive), store.get_shared(key, recursive));
    }
  }
}

TEST(StoreShared, AnswersShareTheStoredBytes) {
  Store store(kT0);
  std::string value(1024, 'v');
  auto written = store.set_shared("/k", false, value);
  ASSERT_TRUE(written.ok());
  auto read = store.get_shared("/k", false);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->value.view(), value);
  EXPECT_EQ(read->value.view().data(), written->value.view().data());  // not a copy
  // Overwriting keeps the old answers' bytes: they are the previous value now.
  auto rewritten = store.set_shared("/k", false, "new");
  ASSERT_TRUE(rewritten.ok());
  EXPECT_EQ(rewritten->prev_value.view().data(), read->value.view().data());
  EXPECT_EQ(read->value.view(), value);
  // The history answers a watch with the same values.
  auto watched = store.watch("/k", false, false, written->event.index());
  ASSERT_TRUE(watched.ok());
  ASSERT_TRUE(watched->immediate.has_value());
  EXPECT_EQ(watched->immediate->node.value, value);
}

TEST(StoreShared, ObserverAndWatchersGetFullEvents) {
  Store store(kT0);
  std::vector<Event> observed;
  store.set_observer([&](const Event& e) { observed.push_back(e); });
  ASSERT_TRUE(store.set_shared("/w/k", false, "1").ok());
  auto watcher = store.watch("/w", true, false, 0);
  ASSERT_TRUE(watcher.ok());
  auto written = store.set_shared("/w/k", false, "2");
  ASSERT_TRUE(written.ok());
  ASSERT_EQ(observed.size(), 2u);
  EXPECT_EQ(dump(observed[1]), dump(written->to_event()));
  EXPECT_EQ(observed[1].node.value, "2");
  ASSERT_TRUE(observed[1].prev_node.has_value());
  EXPECT_EQ(observed[1].prev_node->value, "1");
  auto delivered = store.take_deliveries();
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].watcher, watcher->watcher);
  EXPECT_EQ(dump(delivered[0].event), dump(written->to_event()));
}

}  // namespace
}  // namespace esisim::etcd
