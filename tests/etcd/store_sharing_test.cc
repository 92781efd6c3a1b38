// Values are shared, not copied: a get, a set's answer and prev_node, the history's events, watch
// deliveries and the observer's events all point at the bytes the store copied in when the value
// was written, and those bytes outlive the key (and the store) while any of them holds them.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/etcd/store.h"

namespace esisim::etcd {
namespace {

constexpr int64_t kT0 = 1549000000000;

const char* bytes_of(const SharedText& text) { return text.view().data(); }

TEST(StoreSharing, AnswersShareTheStoredBytes) {
  Store store(kT0);
  const std::string value(1024, 'v');
  auto written = store.set("/k", false, value);
  ASSERT_TRUE(written.ok());
  EXPECT_NE(bytes_of(written->node.value), value.data());  // copied in once
  auto read = store.get("/k", false);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->node.value, value);
  EXPECT_EQ(bytes_of(read->node.value), bytes_of(written->node.value));
  auto listed = store.get("/", true);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->node.nodes.size(), 1u);
  EXPECT_EQ(bytes_of(listed->node.nodes[0].value), bytes_of(written->node.value));
  // Overwriting: the old bytes become prev_node's, and the old answers keep them unchanged.
  auto rewritten = store.set("/k", false, "new");
  ASSERT_TRUE(rewritten.ok());
  ASSERT_TRUE(rewritten->prev_node.has_value());
  EXPECT_EQ(bytes_of(rewritten->prev_node->value), bytes_of(read->node.value));
  EXPECT_EQ(read->node.value, value);
  EXPECT_EQ(store.get("/k", false)->node.value, "new");
}

TEST(StoreSharing, HistoryWatchersAndObserverShareTheBytes) {
  Store store(kT0);
  std::vector<Event> observed;
  store.set_observer([&](const Event& e) { observed.push_back(e); });
  auto first = store.set("/w/k", false, "1");
  ASSERT_TRUE(first.ok());
  auto watcher = store.watch("/w", true, false, 0);
  ASSERT_TRUE(watcher.ok());
  auto second = store.update("/w/k", "2");
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(observed.size(), 2u);
  EXPECT_EQ(bytes_of(observed[1].node.value), bytes_of(second->node.value));
  EXPECT_EQ(bytes_of(observed[1].prev_node->value), bytes_of(first->node.value));
  auto delivered = store.take_deliveries();
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(bytes_of(delivered[0].event.node.value), bytes_of(second->node.value));
  auto from_history = store.watch("/w/k", false, false, first->node.modified_index);
  ASSERT_TRUE(from_history.ok());
  ASSERT_TRUE(from_history->immediate.has_value());
  EXPECT_EQ(bytes_of(from_history->immediate->node.value), bytes_of(first->node.value));
}

TEST(StoreSharing, BytesOutliveTheKeyAndTheStore) {
  auto store = std::make_unique<Store>(kT0);
  ASSERT_TRUE(store->set("/gone", false, "kept").ok());
  auto read = store->get("/gone", false);
  ASSERT_TRUE(read.ok());
  auto removed = store->remove("/gone", false, false);
  ASSERT_TRUE(removed.ok());
  EXPECT_FALSE(removed->node.value.has_value());
  EXPECT_EQ(bytes_of(removed->prev_node->value), bytes_of(read->node.value));
  store.reset();
  EXPECT_EQ(read->node.value, "kept");
  EXPECT_EQ(removed->prev_node->value, "kept");
}

TEST(StoreSharing, EmptyValueIsPresentAndDirectoriesHaveNone) {
  Store store(kT0);
  auto empty = store.set("/e", false, "");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->node.value.has_value());
  EXPECT_EQ(empty->node.value, "");
  auto dir = store.set("/d", true, "ignored");
  ASSERT_TRUE(dir.ok());
  EXPECT_FALSE(dir->node.value.has_value());
  EXPECT_EQ(store.get("/d", false)->node.value, std::nullopt);
}

}  // namespace
}  // namespace esisim::etcd
