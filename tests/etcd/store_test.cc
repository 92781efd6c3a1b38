// The v2 store model against etcd 3.4's v2store semantics.
#include "core/etcd/store.h"

#include <gtest/gtest.h>

namespace esisim::etcd {
namespace {

constexpr int64_t kT0 = 1549000000000;  // 2019-02-01T05:46:40Z

TEST(StoreIndex, FreshStoreIsAtThreeAndFirstWriteGetsFour) {
  Store store(kT0);
  EXPECT_EQ(store.index(), 3u);
  auto r = store.set("/jobs/all", true, "");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->node.modified_index, 4u);
  EXPECT_EQ(r->node.created_index, 4u);
  EXPECT_EQ(r->etcd_index, 4u);
  EXPECT_EQ(store.index(), 4u);
}

TEST(StoreIndex, EveryWriteDeleteAndExpiryAddsOne) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/a", false, "1").ok());                          // 4
  ASSERT_TRUE(store.create("/b", false, "x", false, {kT0 + 1000}).ok());  // 5
  ASSERT_TRUE(store.compare_and_swap("/a", "1", 0, "2").ok());            // 6
  ASSERT_TRUE(store.update("/a", "3").ok());                              // 7
  ASSERT_TRUE(store.remove("/a", false, false).ok());                     // 8
  auto expired = store.advance_to(kT0 + 1000);                            // 9
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].node.modified_index, 9u);
  EXPECT_EQ(store.index(), 9u);
  // Reads and failed writes do not move the index.
  EXPECT_TRUE(store.get("/", true).ok());
  ASSERT_TRUE(store.create("/c", false, "1").ok());   // 10
  ASSERT_FALSE(store.create("/c", false, "1").ok());  // 105, no index
  EXPECT_EQ(store.index(), 10u);
}

TEST(StoreSet, OnExistingKeyReplacesTheNode) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/config/v2.0/ports/p", false, "v1").ok());
  auto r = store.set("/config/v2.0/ports/p", false, "v2");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->action, Action::kSet);
  EXPECT_EQ(r->node.created_index, r->node.modified_index);
  EXPECT_EQ(r->node.modified_index, 5u);
  ASSERT_TRUE(r->prev_node.has_value());
  EXPECT_EQ(r->prev_node->value, "v1");
  EXPECT_EQ(r->prev_node->modified_index, 4u);
  EXPECT_EQ(r->prev_node->created_index, 4u);
}

TEST(StoreSet, CreatesMissingParentDirectoriesImplicitly) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/a/b/c", false, "1").ok());
  auto dir = store.get("/a/b", false);
  ASSERT_TRUE(dir.ok());
  EXPECT_TRUE(dir->node.dir);
  EXPECT_EQ(dir->node.created_index, 4u);  // created with the write that needed it
  EXPECT_EQ(store.index(), 4u);            // and without an index of its own
}

TEST(StoreSet, FileOverDirectoryIsNotAFile) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/jobs/all", true, "").ok());
  auto r = store.set("/jobs/all", false, "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 102);
  EXPECT_EQ(r.error().message, "Not a file");
  EXPECT_EQ(r.error().cause, "/jobs/all");
  EXPECT_EQ(r.error().index, 4u);
  // Setting a directory again is refused the same way, as on etcd.
  auto again = store.set("/jobs/all", true, "");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, 102);
}

TEST(StoreSet, DirectoryOverFileReplacesIt) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/a", false, "x").ok());
  auto r = store.set("/a", true, "");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->node.dir);
  EXPECT_FALSE(r->node.value.has_value());
  EXPECT_EQ(r->prev_node->value, "x");
}

TEST(StoreSet, ThroughAFileIsNotADirectory) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/a", false, "x").ok());
  auto r = store.set("/a/b/c", false, "y");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 104);
  EXPECT_EQ(r.error().message, "Not a directory");
  EXPECT_EQ(r.error().cause, "/a");
  auto g = store.get("/a/b", false);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().code, 104);
  EXPECT_EQ(g.error().cause, "/a");
}

TEST(StoreSet, RootIsReadOnly) {
  Store store(kT0);
  for (const char* key : {"/", "", "/a/..", "/.."}) {
    auto r = store.set(key, false, "x");
    ASSERT_FALSE(r.ok()) << key;
    EXPECT_EQ(r.error().code, 107);
    EXPECT_EQ(r.error().message, "Root is read only");
    EXPECT_EQ(r.error().cause, "/");
  }
  EXPECT_EQ(store.remove("/", true, true).error().code, 107);
  EXPECT_EQ(store.update("/", "").error().code, 107);
  EXPECT_EQ(store.compare_and_swap("/", "a", 0, "b").error().code, 107);
  EXPECT_EQ(store.compare_and_delete("/", "a", 0).error().code, 102);
  EXPECT_EQ(store.index(), 3u);
}

TEST(StoreKeys, AreCleanedAsEtcdCleansThem) {
  Store store(kT0);
  auto r = store.set("a//b/./c/", false, "1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->node.key, "/a/b/c");
  EXPECT_EQ(store.get("/a/b/x/../c", false)->node.value, "1");
}

TEST(StoreCreate, FailsWhenTheKeyExists) {
  Store store(kT0);
  ASSERT_TRUE(store.create("/jobs/finished/j", false, "").ok());
  auto r = store.create("/jobs/finished/j", false, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 105);
  EXPECT_EQ(r.error().message, "Key already exists");
  EXPECT_EQ(r.error().cause, "/jobs/finished/j");
  EXPECT_EQ(r.error().index, 4u);
}

TEST(StoreCreate, UniqueMakesInOrderKeys) {
  Store store(kT0);
  auto r = store.create("/queue", false, "a", true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->node.key, "/queue/00000000000000000004");
  EXPECT_EQ(r->action, Action::kCreate);
}

TEST(StoreCompareAndSwap, KeepsCreatedIndex) {
  Store store(kT0);
  ASSERT_TRUE(store.create("/jobs/working/j", false, "uuid", false, {kT0 + 60000}).ok());
  auto r = store.compare_and_swap("/jobs/working/j", "", 4, "uuid", {kT0 + 60000});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->action, Action::kCompareAndSwap);
  EXPECT_EQ(r->node.created_index, 4u);
  EXPECT_EQ(r->node.modified_index, 5u);
  EXPECT_EQ(r->prev_node->modified_index, 4u);
}

TEST(StoreCompareAndSwap, CausesNameWhatDiffered) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/k", false, "one").ok());  // index 4
  auto value_only = store.compare_and_swap("/k", "two", 0, "x");
  ASSERT_FALSE(value_only.ok());
  EXPECT_EQ(value_only.error().code, 101);
  EXPECT_EQ(value_only.error().message, "Compare failed");
  EXPECT_EQ(value_only.error().cause, "[two != one]");
  EXPECT_EQ(store.compare_and_swap("/k", "", 9, "x").error().cause, "[9 != 4]");
  EXPECT_EQ(store.compare_and_swap("/k", "two", 9, "x").error().cause, "[two != one] [9 != 4]");
  EXPECT_EQ(store.compare_and_swap("/k", "one", 9, "x").error().cause, "[9 != 4]");
  EXPECT_EQ(store.compare_and_swap("/k", "two", 4, "x").error().cause, "[two != one]");
  EXPECT_TRUE(store.compare_and_swap("/k", "one", 4, "x").ok());
}

TEST(StoreCompareAndSwap, MissingKeyAndDirectoryErrors) {
  Store store(kT0);
  auto missing = store.compare_and_swap("/nope/x", "a", 0, "b");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, 100);
  EXPECT_EQ(missing.error().message, "Key not found");
  EXPECT_EQ(missing.error().cause, "/nope");
  ASSERT_TRUE(store.set("/d", true, "").ok());
  auto dir = store.compare_and_swap("/d", "a", 0, "b");
  EXPECT_EQ(dir.error().code, 102);
  EXPECT_EQ(dir.error().cause, "/d");
}

TEST(StoreUpdate, KeepsCreatedIndexAndRefusesValueOnDirectory) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/k", false, "a").ok());
  auto r = store.update("/k", "b");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->action, Action::kUpdate);
  EXPECT_EQ(r->node.created_index, 4u);
  EXPECT_EQ(r->node.modified_index, 5u);
  ASSERT_TRUE(store.set("/d", true, "").ok());
  auto dir = store.update("/d", "value");
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().code, 102);
  EXPECT_TRUE(store.update("/d", "", {kT0 + 5000}).ok());  // a directory may get a TTL
  EXPECT_EQ(store.update("/missing", "x").error().code, 100);
}

TEST(StoreDelete, ReportsTheDeletedNodesCreatedIndex) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/k", false, "a").ok());                // 4
  ASSERT_TRUE(store.compare_and_swap("/k", "a", 0, "b").ok());  // 5
  auto r = store.remove("/k", false, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->action, Action::kDelete);
  EXPECT_EQ(r->node.modified_index, 6u);
  EXPECT_EQ(r->node.created_index, 4u);
  EXPECT_FALSE(r->node.value.has_value());
  EXPECT_EQ(r->prev_node->value, "b");
  EXPECT_EQ(store.get("/k", false).error().code, 100);
}

TEST(StoreDelete, DirectoriesNeedDirAndRecursive) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/d/a", false, "1").ok());
  auto not_dir = store.remove("/d", false, false);
  EXPECT_EQ(not_dir.error().code, 102);
  EXPECT_EQ(not_dir.error().cause, "/d");
  auto not_empty = store.remove("/d", true, false);
  EXPECT_EQ(not_empty.error().code, 108);
  EXPECT_EQ(not_empty.error().message, "Directory not empty");
  EXPECT_EQ(not_empty.error().cause, "/d");
  auto r = store.remove("/d", false, true);  // recursive implies dir
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->node.dir);
  EXPECT_EQ(store.get("/d/a", false).error().code, 100);
  EXPECT_EQ(store.node_count(), 0u);
  ASSERT_TRUE(store.set("/e", true, "").ok());
  EXPECT_TRUE(store.remove("/e", true, false).ok());  // empty directory with dir=true
}

TEST(StoreCompareAndDelete, ComparesThenDeletes) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/k", false, "a").ok());
  EXPECT_EQ(store.compare_and_delete("/k", "b", 0).error().cause, "[b != a]");
  EXPECT_EQ(store.compare_and_delete("/k", "", 7).error().cause, "[7 != 4]");
  auto r = store.compare_and_delete("/k", "a", 4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->action, Action::kCompareAndDelete);
  EXPECT_EQ(r->node.created_index, 4u);
  EXPECT_EQ(r->node.modified_index, 5u);
  ASSERT_TRUE(store.set("/d", true, "").ok());
  EXPECT_EQ(store.compare_and_delete("/d", "", 6).error().code, 102);
  EXPECT_EQ(store.compare_and_delete("/missing", "x", 0).error().code, 100);
}

TEST(StoreGet, ListsChildrenSortedAndRecursively) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/jobs/b", false, "2").ok());
  ASSERT_TRUE(store.set("/jobs/a", false, "1").ok());
  ASSERT_TRUE(store.set("/jobs/c/x", false, "3").ok());
  ASSERT_TRUE(store.set("/jobs/_hidden", false, "h").ok());
  auto flat = store.get("/jobs", false);
  ASSERT_TRUE(flat.ok());
  ASSERT_EQ(flat->node.nodes.size(), 3u);
  EXPECT_EQ(flat->node.nodes[0].key, "/jobs/a");
  EXPECT_EQ(flat->node.nodes[1].key, "/jobs/b");
  EXPECT_EQ(flat->node.nodes[2].key, "/jobs/c");
  EXPECT_TRUE(flat->node.nodes[2].dir);
  EXPECT_TRUE(flat->node.nodes[2].nodes.empty());  // not recursive
  auto deep = store.get("/jobs", true);
  ASSERT_EQ(deep->node.nodes[2].nodes.size(), 1u);
  EXPECT_EQ(deep->node.nodes[2].nodes[0].key, "/jobs/c/x");
  EXPECT_EQ(deep->node.nodes[2].nodes[0].value, "3");
  EXPECT_EQ(deep->etcd_index, store.index());
  // A hidden node is still readable by name.
  EXPECT_EQ(store.get("/jobs/_hidden", false)->node.value, "h");
}

TEST(StoreGet, MissingKeyCauseIsTheFirstMissingSegment) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/a/b", false, "1").ok());
  auto r = store.get("/a/x/y", false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 100);
  EXPECT_EQ(r.error().cause, "/a/x");
  EXPECT_EQ(r.error().index, 4u);
}

TEST(StoreTtl, ExpiresOnTheSimulatedClockWithAnExpireEvent) {
  Store store(kT0);
  ASSERT_TRUE(store.create("/job_manager_id", false, "jm", false, {kT0 + 65000}).ok());
  EXPECT_TRUE(store.advance_to(kT0 + 64999).empty());
  EXPECT_TRUE(store.get("/job_manager_id", false).ok());
  auto expired = store.advance_to(kT0 + 65000);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].action, Action::kExpire);
  EXPECT_EQ(expired[0].node.key, "/job_manager_id");
  EXPECT_EQ(expired[0].node.created_index, 4u);
  EXPECT_EQ(expired[0].node.modified_index, 5u);
  EXPECT_EQ(expired[0].prev_node->value, "jm");
  EXPECT_EQ(store.get("/job_manager_id", false).error().code, 100);
}

TEST(StoreTtl, ReportsTtlRoundedUpAndExpiration) {
  Store store(kT0);
  auto r = store.create("/w", false, "u", false, {kT0 + 60000});
  EXPECT_EQ(r->node.ttl_s, 60);
  EXPECT_EQ(r->node.expiration_ms, kT0 + 60000);
  store.advance_to(kT0 + 1);
  EXPECT_EQ(store.get("/w", false)->node.ttl_s, 60);  // 59.999 s rounds up
  store.advance_to(kT0 + 1000);
  EXPECT_EQ(store.get("/w", false)->node.ttl_s, 59);
}

TEST(StoreTtl, RefreshByCasMovesExpirationAndCasWithoutTtlMakesPermanent) {
  Store store(kT0);
  ASSERT_TRUE(store.create("/w", false, "u", false, {kT0 + 60000}).ok());
  store.advance_to(kT0 + 30000);
  ASSERT_TRUE(store.compare_and_swap("/w", "u", 0, "u", {kT0 + 90000}).ok());
  EXPECT_TRUE(store.advance_to(kT0 + 60000).empty());
  EXPECT_EQ(store.next_expiration_ms(), kT0 + 90000);
  ASSERT_TRUE(store.compare_and_swap("/w", "u", 0, "u").ok());
  EXPECT_FALSE(store.next_expiration_ms().has_value());
  EXPECT_TRUE(store.advance_to(kT0 + 1000000).empty());
  EXPECT_EQ(store.get("/w", false)->node.ttl_s, 0);
  EXPECT_FALSE(store.get("/w", false)->node.expiration_ms.has_value());
}

TEST(StoreTtl, RefreshKeepsValueAndTellsNoWatcher) {
  Store store(kT0);
  ASSERT_TRUE(store.create("/w", false, "u", false, {kT0 + 10000}).ok());  // 4
  auto w = store.watch("/w", false, false, 0);
  ASSERT_TRUE(w.ok());
  auto r = store.update("/w", "", {kT0 + 20000, true});  // 5, a refresh
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->refresh);
  EXPECT_EQ(r->node.value, "u");
  EXPECT_TRUE(store.take_deliveries().empty());
  EXPECT_TRUE(store.advance_to(kT0 + 15000).empty());
  auto expired = store.advance_to(kT0 + 20000);  // 6
  ASSERT_EQ(expired.size(), 1u);
  auto delivered = store.take_deliveries();
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].event.action, Action::kExpire);
  EXPECT_EQ(delivered[0].event.index(), 6u);
}

TEST(StoreTtl, SameExpirationExpiresInTheOrderTheTtlsWereSet) {
  Store store(kT0);
  ASSERT_TRUE(store.create("/b", false, "", false, {kT0 + 10}).ok());
  ASSERT_TRUE(store.create("/a", false, "", false, {kT0 + 10}).ok());
  ASSERT_TRUE(store.create("/c", false, "", false, {kT0 + 5}).ok());
  auto expired = store.advance_to(kT0 + 10);
  ASSERT_EQ(expired.size(), 3u);
  EXPECT_EQ(expired[0].node.key, "/c");
  EXPECT_EQ(expired[1].node.key, "/b");
  EXPECT_EQ(expired[2].node.key, "/a");
}

TEST(StoreTtl, ExpiringDirectoryTakesItsChildren) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/d", true, "", {kT0 + 1000}).ok());
  ASSERT_TRUE(store.create("/d/x", false, "1", false, {kT0 + 5000}).ok());
  auto expired = store.advance_to(kT0 + 1000);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_TRUE(expired[0].node.dir);
  EXPECT_FALSE(store.next_expiration_ms().has_value());
  EXPECT_EQ(store.node_count(), 0u);
}

TEST(StoreTtl, SetReplacingATtlKeyDropsTheOldTtl) {
  Store store(kT0);
  ASSERT_TRUE(store.create("/k", false, "a", false, {kT0 + 1000}).ok());
  ASSERT_TRUE(store.set("/k", false, "b").ok());
  EXPECT_TRUE(store.advance_to(kT0 + 5000).empty());
  EXPECT_EQ(store.get("/k", false)->node.value, "b");
}

TEST(StoreObserver, SeesEveryEventInIndexOrder) {
  Store store(kT0);
  std::vector<uint64_t> seen;
  store.set_observer([&](const Event& e) { seen.push_back(e.index()); });
  ASSERT_TRUE(store.set("/a", false, "1").ok());
  ASSERT_TRUE(store.create("/b", false, "1", false, {kT0 + 1}).ok());
  ASSERT_FALSE(store.create("/a", false, "1").ok());
  ASSERT_TRUE(store.update("/b", "", {kT0 + 2, true}).ok());
  store.advance_to(kT0 + 2);
  ASSERT_TRUE(store.remove("/a", false, false).ok());
  EXPECT_EQ(seen, (std::vector<uint64_t>{4, 5, 6, 7, 8}));
}

TEST(StoreFiles, ListsFileNodesSortedByKey) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/z", false, "1").ok());
  ASSERT_TRUE(store.set("/a/b", false, "2").ok());
  ASSERT_TRUE(store.set("/m", true, "").ok());
  auto files = store.files();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files.begin()->first, "/a/b");
  EXPECT_EQ(files.rbegin()->first, "/z");
}

TEST(StoreLimitsTest, NodeLimitIsAnErrorNamingTheLimit) {
  StoreLimits limits;
  limits.nodes_max = 2;
  Store store(kT0, limits);
  ASSERT_TRUE(store.set("/a", false, "1").ok());
  ASSERT_TRUE(store.set("/b", false, "1").ok());
  auto r = store.set("/c", false, "1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kModelLimit);
  EXPECT_NE(r.error().cause.find("nodes_max"), std::string::npos);
}

}  // namespace
}  // namespace esisim::etcd
