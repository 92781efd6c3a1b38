// Request options mapped onto the store primitives as etcd's HTTP layer maps them.
#include "core/etcd/keys_api.h"

#include <gtest/gtest.h>

namespace esisim::etcd {
namespace {

constexpr int64_t kT0 = 1549000000000;

class KeysApiTest : public ::testing::Test {
 protected:
  Store store{kT0};
  ModelKeysApi api{store};
};

TEST_F(KeysApiTest, PutDispatchesOnPrevExistAndConditions) {
  PutOptions create;
  create.prev_exist = false;
  auto c = api.put("/job_manager_id", "jm", create);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->action, Action::kCreate);
  EXPECT_EQ(api.put("/job_manager_id", "jm", create).error().code, 105);

  PutOptions update;
  update.prev_exist = true;
  EXPECT_EQ(api.put("/job_manager_id", "jm2", update)->action, Action::kUpdate);
  EXPECT_EQ(api.put("/missing", "x", update).error().code, 100);

  PutOptions cas;
  cas.prev_exist = true;
  cas.prev_value = "jm2";
  EXPECT_EQ(api.put("/job_manager_id", "jm3", cas)->action, Action::kCompareAndSwap);

  PutOptions by_index;
  by_index.prev_index = store.index();
  EXPECT_EQ(api.put("/job_manager_id", "jm4", by_index)->action, Action::kCompareAndSwap);

  EXPECT_EQ(api.put("/plain", "v", {})->action, Action::kSet);
  PutOptions zero_index;
  zero_index.prev_index = 0;  // etcd treats prevIndex=0 as absent
  EXPECT_EQ(api.put("/plain", "v", zero_index)->action, Action::kSet);
}

TEST_F(KeysApiTest, TtlCountsFromTheStoresNow) {
  PutOptions ttl;
  ttl.ttl_s = 65;
  auto r = api.put("/job_manager_id", "jm", ttl);
  EXPECT_EQ(r->node.expiration_ms, kT0 + 65000);
  EXPECT_EQ(r->node.ttl_s, 65);
}

TEST_F(KeysApiTest, BadArgumentsGetEtcdsRequestErrors) {
  PutOptions negative;
  negative.ttl_s = -1;
  auto r = api.put("/k", "v", negative);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 202);
  EXPECT_EQ(r.error().message, "The given TTL in POST form is not a number");
  EXPECT_EQ(r.error().cause, "invalid value for \"ttl\"");
  EXPECT_EQ(r.error().index, 0u);

  PutOptions empty_prev;
  empty_prev.prev_value = "";
  EXPECT_EQ(api.put("/k", "v", empty_prev).error().code, 201);
  DeleteOptions delete_empty_prev;
  delete_empty_prev.prev_value = "";
  EXPECT_EQ(api.remove("/k", delete_empty_prev).error().code, 201);

  PutOptions refresh_value;
  refresh_value.refresh = true;
  refresh_value.ttl_s = 5;
  EXPECT_EQ(api.put("/k", "v", refresh_value).error().code, 211);
  PutOptions refresh_no_ttl;
  refresh_no_ttl.refresh = true;
  auto no_ttl = api.put("/k", "", refresh_no_ttl);
  EXPECT_EQ(no_ttl.error().code, 212);
  EXPECT_EQ(no_ttl.error().message, "A TTL must be provided on refresh");
  EXPECT_EQ(store.index(), 3u);
}

TEST_F(KeysApiTest, ValueOnADirectoryIsNotAFile) {
  PutOptions dir;
  dir.dir = true;
  ASSERT_TRUE(api.put("/jobs/all", "", dir).ok());
  EXPECT_EQ(api.put("/jobs/all", "x", {}).error().code, 102);
  PutOptions update;
  update.prev_exist = true;
  EXPECT_EQ(api.put("/jobs/all", "x", update).error().code, 102);
  // As in etcd, a value sent along with dir=true is ignored.
  auto d = api.put("/jobs/ready", "ignored", dir);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->node.dir);
  EXPECT_FALSE(d->node.value.has_value());
}

TEST_F(KeysApiTest, RefreshKeepsTheValue) {
  PutOptions ttl;
  ttl.ttl_s = 10;
  ASSERT_TRUE(api.put("/k", "v", ttl).ok());
  PutOptions refresh;
  refresh.refresh = true;
  refresh.prev_exist = true;
  refresh.ttl_s = 20;
  auto r = api.put("/k", "", refresh);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->node.value, "v");
  EXPECT_EQ(r->node.ttl_s, 20);
}

TEST_F(KeysApiTest, DeleteDispatchesToCompareAndDelete) {
  ASSERT_TRUE(api.put("/k", "v", {}).ok());
  DeleteOptions cad;
  cad.prev_index = 4;
  EXPECT_EQ(api.remove("/k", cad)->action, Action::kCompareAndDelete);
  ASSERT_TRUE(api.put("/k", "v", {}).ok());
  EXPECT_EQ(api.remove("/k", {})->action, Action::kDelete);
}

TEST_F(KeysApiTest, PostCreatesInOrderKeys) {
  auto a = api.post("/queue", "a", {});
  auto b = api.post("/queue", "b", {});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LT(a->node.key, b->node.key);
  auto list = api.get("/queue", {});
  ASSERT_EQ(list->node.nodes.size(), 2u);
  EXPECT_EQ(list->node.nodes[0].value, "a");
}

TEST_F(KeysApiTest, WaitIsTheStoresWatch) {
  WaitOptions wait;
  wait.recursive = true;
  auto w = api.wait("/config", wait);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(api.put("/config/x", "1", {}).ok());
  EXPECT_EQ(store.take_deliveries().size(), 1u);
}

}  // namespace
}  // namespace esisim::etcd
