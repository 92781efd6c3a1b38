#include "core/etcd/json_repr.h"

#include <gtest/gtest.h>

#include "core/etcd/store.h"

namespace esisim::etcd {
namespace {

constexpr int64_t kT0 = 1549000000000;  // 2019-02-01T05:46:40Z

TEST(JsonRepr, SetResponseHasEtcdsShape) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/a", false, "1").ok());
  auto r = store.set("/a", false, "2");
  EXPECT_EQ(response_json(*r).dump(),
            R"({"action":"set","node":{"key":"/a","value":"2","modifiedIndex":5,"createdIndex":5},)"
            R"("prevNode":{"key":"/a","value":"1","modifiedIndex":4,"createdIndex":4}})");
  EXPECT_EQ(response_json(*r, true)["index"], 5);
}

TEST(JsonRepr, TtlNodeShowsExpirationAndTtl) {
  Store store(kT0);
  auto r = store.create("/w", false, "u", false, {kT0 + 60000});
  EXPECT_EQ(node_json(r->node).dump(),
            R"({"key":"/w","value":"u","expiration":"2019-02-01T05:47:40Z","ttl":60,)"
            R"("modifiedIndex":4,"createdIndex":4})");
}

TEST(JsonRepr, DirectoryListingAndDelete) {
  Store store(kT0);
  ASSERT_TRUE(store.set("/d/x", false, "").ok());
  auto g = store.get("/d", true);
  EXPECT_EQ(response_json(*g).dump(),
            R"({"action":"get","node":{"key":"/d","dir":true,"nodes":[{"key":"/d/x","value":"",)"
            R"("modifiedIndex":4,"createdIndex":4}],"modifiedIndex":4,"createdIndex":4}})");
  auto d = store.remove("/d", true, true);
  EXPECT_EQ(node_json(d->node).dump(),
            R"({"key":"/d","dir":true,"modifiedIndex":5,"createdIndex":4})");
}

TEST(JsonRepr, ErrorBody) {
  Store store(kT0);
  auto r = store.get("/missing", false);
  EXPECT_EQ(error_json(r.error()).dump(),
            R"({"errorCode":100,"message":"Key not found","cause":"/missing","index":3})");
}

}  // namespace
}  // namespace esisim::etcd
