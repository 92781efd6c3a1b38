// Watches: waitIndex, recursion, the 1000-event window and 401, delivery order.
#include <gtest/gtest.h>

#include "core/etcd/store.h"

namespace esisim::etcd {
namespace {

constexpr int64_t kT0 = 1549000000000;

TEST(Watch, WithoutWaitIndexGetsTheNextEvent) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/config/a", false, "1").ok());
  auto w = store.watch("/config", true, false, 0);
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->immediate.has_value());
  ASSERT_NE(w->watcher, 0u);
  ASSERT_TRUE(store.set("/other", false, "x").ok());
  EXPECT_TRUE(store.take_deliveries().empty());
  ASSERT_TRUE(store.set("/config/v2.0/ports/p", false, "2").ok());
  auto d = store.take_deliveries();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].watcher, w->watcher);
  EXPECT_EQ(d[0].event.node.key, "/config/v2.0/ports/p");
  EXPECT_EQ(store.watcher_count(), 0u);  // one-shot
  ASSERT_TRUE(store.set("/config/b", false, "3").ok());
  EXPECT_TRUE(store.take_deliveries().empty());
}

// The history shares values with the store's nodes: an answer from it must still carry the
// values of its own time, after the node was overwritten, refreshed or deleted.
TEST(Watch, HistoryAnswersCarryTheValuesOfTheirTime) {
  Store store(kT0);
  std::vector<Event> written;
  written.push_back(*store.set("/a", false, "v1"));                 // 4
  written.push_back(*store.set("/a", false, "v2"));                 // 5
  written.push_back(*store.compare_and_swap("/a", "v2", 0, "v3"));  // 6
  written.push_back(*store.update("/a", "", {kT0 + 60000, true}));  // 7: refresh
  written.push_back(*store.remove("/a", false, false));             // 8
  written.push_back(*store.create("/a", false, ""));                // 9: empty value
  written.push_back(*store.set("/d", true, ""));                    // 10: directory
  written.push_back(*store.set("/a", true, ""));                    // 11: file -> dir
  ASSERT_TRUE(store.set("/a/b", false, "x").ok());                  // 12
  written.push_back(*store.remove("/a", true, true));               // 13
  for (const Event& w : written) {
    SCOPED_TRACE(w.index());
    auto answer = store.watch(w.node.key, false, false, w.index());
    ASSERT_TRUE(answer.ok());
    if (w.refresh) {  // refreshes never match a watch: the next event on /a answers
      ASSERT_TRUE(answer->immediate.has_value());
      EXPECT_EQ(answer->immediate->index(), w.index() + 1);
      continue;
    }
    ASSERT_TRUE(answer->immediate.has_value());
    const Event& h = *answer->immediate;
    EXPECT_EQ(h.index(), w.index());
    EXPECT_EQ(h.action, w.action);
    EXPECT_EQ(h.node.key, w.node.key);
    EXPECT_EQ(h.node.dir, w.node.dir);
    EXPECT_EQ(h.node.value, w.node.value);
    ASSERT_EQ(h.prev_node.has_value(), w.prev_node.has_value());
    if (w.prev_node) {
      EXPECT_EQ(h.prev_node->key, w.prev_node->key);
      EXPECT_EQ(h.prev_node->value, w.prev_node->value);
      EXPECT_EQ(h.prev_node->modified_index, w.prev_node->modified_index);
    }
  }
  EXPECT_EQ(written[0].node.value, "v1");
  EXPECT_EQ(written[4].prev_node->value, "v3");
  EXPECT_FALSE(written[4].node.value.has_value());
  EXPECT_EQ(written[5].node.value, "");
  EXPECT_FALSE(written[6].node.value.has_value());
}

TEST(Watch, FromAnIndexInTheHistoryAnswersAtOnce) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/a", false, "1").ok());  // 4
  ASSERT_TRUE(store.set("/b", false, "1").ok());  // 5
  ASSERT_TRUE(store.set("/a", false, "2").ok());  // 6
  auto w = store.watch("/a", false, false, 5);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(w->immediate.has_value());
  EXPECT_EQ(w->immediate->index(), 6u);
  EXPECT_EQ(w->immediate->etcd_index, 6u);
  auto first = store.watch("/a", false, false, 1);  // bootstrap indices are kept too
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->immediate->index(), 4u);
}

TEST(Watch, NonRecursiveIgnoresChildrenButRecursiveSeesThem) {
  Store store(kT0);
  auto flat = store.watch("/jobs", false, false, 0);
  auto deep = store.watch("/jobs", true, false, 0);
  ASSERT_TRUE(store.set("/jobs/all/j", false, "x").ok());
  auto d = store.take_deliveries();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].watcher, deep->watcher);
  EXPECT_EQ(store.watcher_count(), 1u);
  (void)flat;
}

TEST(Watch, DeletingADirectoryTellsWatchersOfKeysInsideIt) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/d/x", false, "1").ok());  // 4
  auto w = store.watch("/d/x", false, false, 0);
  ASSERT_TRUE(store.remove("/d", true, true).ok());  // 5
  auto d = store.take_deliveries();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].event.node.key, "/d");
  EXPECT_EQ(d[0].event.action, Action::kDelete);
  // And the history answers the same for a later watch from that index.
  auto later = store.watch("/d/x", false, false, 5);
  ASSERT_TRUE(later->immediate.has_value());
  EXPECT_EQ(later->immediate->node.key, "/d");
  (void)w;
}

TEST(Watch, HiddenKeysAreNotSeenByRecursiveWatchersAbove) {
  Store store(kT0);
  auto w = store.watch("/", true, false, 0);
  ASSERT_TRUE(store.set("/_internal", false, "x").ok());
  EXPECT_TRUE(store.take_deliveries().empty());
  ASSERT_TRUE(store.set("/visible", false, "x").ok());
  EXPECT_EQ(store.take_deliveries().size(), 1u);
  (void)w;
}

TEST(Watch, StreamWatchersStay) {
  Store store(kT0);
  auto w = store.watch("/k", false, true, 0);
  ASSERT_TRUE(store.set("/k", false, "1").ok());
  ASSERT_TRUE(store.set("/k", false, "2").ok());
  EXPECT_EQ(store.take_deliveries().size(), 2u);
  EXPECT_TRUE(store.cancel_watch(w->watcher));
  EXPECT_FALSE(store.cancel_watch(w->watcher));
  ASSERT_TRUE(store.set("/k", false, "3").ok());
  EXPECT_TRUE(store.take_deliveries().empty());
}

TEST(Watch, DeliveriesFollowEtcdOrderRootFirstThenRegistration) {
  Store store(kT0);
  auto at_key = store.watch("/a/b", false, false, 0);
  auto at_root = store.watch("/", true, false, 0);
  auto at_a1 = store.watch("/a", true, false, 0);
  auto at_a2 = store.watch("/a", true, false, 0);
  ASSERT_TRUE(store.set("/a/b", false, "1").ok());
  auto d = store.take_deliveries();
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].watcher, at_root->watcher);
  EXPECT_EQ(d[1].watcher, at_a1->watcher);
  EXPECT_EQ(d[2].watcher, at_a2->watcher);
  EXPECT_EQ(d[3].watcher, at_key->watcher);
}

TEST(Watch, FutureWaitIndexWaitsForThatIndex) {
  Store store(kT0);
  auto w = store.watch("/k", false, false, 6);
  ASSERT_TRUE(store.set("/k", false, "1").ok());  // 4: too early
  ASSERT_TRUE(store.set("/x", false, "1").ok());  // 5
  EXPECT_TRUE(store.take_deliveries().empty());
  ASSERT_TRUE(store.set("/k", false, "2").ok());  // 6
  auto d = store.take_deliveries();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].event.index(), 6u);
  (void)w;
}

TEST(WatchWindow, HistoryKeepsTheLastThousandEventsAndAnswers401Before) {
  Store store(kT0);
  for (int i = 0; i < 1200; ++i) ASSERT_TRUE(store.set("/k", false, std::to_string(i)).ok());
  // Indices 4..1203 were written; the window holds the last 1000: 204..1203.
  EXPECT_EQ(store.history().start_index(), 204u);
  EXPECT_EQ(store.history().last_index(), 1203u);
  auto old = store.watch("/k", false, false, 203);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().code, 401);
  EXPECT_EQ(old.error().message, "The event in requested index is outdated and cleared");
  EXPECT_EQ(old.error().cause, "the requested history has been cleared [204/203]");
  EXPECT_EQ(old.error().index, 1203u);
  auto edge = store.watch("/k", false, false, 204);
  ASSERT_TRUE(edge.ok());
  EXPECT_EQ(edge->immediate->index(), 204u);
}

TEST(WatchWindow, EarlyWindowCountsTheBootstrapEvents) {
  Store store(kT0);
  for (int i = 0; i < 998; ++i) ASSERT_TRUE(store.set("/k", false, "v").ok());
  // 3 bootstrap + 998 = 1001 events: the oldest (index 1) has left the window.
  EXPECT_EQ(store.history().start_index(), 2u);
  EXPECT_EQ(store.watch("/k", false, false, 1).error().code, 401);
  EXPECT_TRUE(store.watch("/k", false, false, 2).ok());
}

TEST(WatchWindow, RefreshEventsTakeASlotButNeverMatch) {
  Store store(kT0);
  ASSERT_TRUE(store.create("/k", false, "v", false, {kT0 + 100000}).ok());  // 4
  ASSERT_TRUE(store.update("/k", "", {kT0 + 200000, true}).ok());           // 5
  auto w = store.watch("/k", false, false, 5);
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->immediate.has_value());
}

TEST(WatchLimits, WatcherLimitIsAnError) {
  StoreLimits limits;
  limits.watchers_max = 1;
  Store store(kT0, limits);
  ASSERT_TRUE(store.watch("/a", false, false, 0).ok());
  auto r = store.watch("/b", false, false, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kModelLimit);
  EXPECT_NE(r.error().cause.find("watchers_max"), std::string::npos);
}

}  // namespace
}  // namespace esisim::etcd
