// The v2 HTTP request built for each KeysApi call (no server needed).
#include "sim/etcd_http/v2_request.h"

#include <gtest/gtest.h>

namespace esisim::etcd_http {
namespace {

TEST(HttpV2Request, PercentEncodingKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(percent_encode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(percent_encode("{\"a\": \"b&c=d+\xc3\xa9\"}"),
            "%7B%22a%22%3A%20%22b%26c%3Dd%2B%C3%A9%22%7D");
  EXPECT_EQ(percent_encode(""), "");
}

TEST(HttpV2Request, KeysAreCleanedAndEncodedPerSegment) {
  EXPECT_EQ(key_path("/a/b"), "/v2/keys/a/b");
  EXPECT_EQ(key_path("a//b/"), "/v2/keys/a/b");
  EXPECT_EQ(key_path("/a/../c d"), "/v2/keys/c%20d");
  EXPECT_EQ(key_path(""), "/v2/keys/");
  EXPECT_EQ(key_path("/a/.."), "/v2/keys/");
}

TEST(HttpV2Request, PutSendsOnlyTheOptionsThatAreSet) {
  V2Request plain = put_request("/k", "v 1", {});
  EXPECT_EQ(plain.method, "PUT");
  EXPECT_EQ(plain.path_and_query, "/v2/keys/k");
  EXPECT_EQ(plain.form_body, "value=v%201");

  etcd::PutOptions all;
  all.ttl_s = 65;
  all.dir = true;
  all.prev_exist = false;
  all.prev_value = "old";
  all.prev_index = 0;
  all.refresh = true;
  EXPECT_EQ(put_request("/k", "", all).form_body,
            "value=&ttl=65&dir=true&prevExist=false&prevValue=old&prevIndex=0&refresh=true");

  etcd::PutOptions empty_prev;
  empty_prev.prev_value = "";  // etcd answers 201, as the model does
  EXPECT_EQ(put_request("/k", "v", empty_prev).form_body, "value=v&prevValue=");
}

TEST(HttpV2Request, PostIgnoresConditions) {
  etcd::PutOptions options;
  options.prev_exist = true;
  options.ttl_s = 5;
  V2Request post = post_request("/queue", "x", options);
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.path_and_query, "/v2/keys/queue");
  EXPECT_EQ(post.form_body, "value=x&ttl=5");
}

TEST(HttpV2Request, GetDeleteAndWaitUseTheQuery) {
  EXPECT_EQ(get_request("/d", {}).path_and_query, "/v2/keys/d?sorted=true");
  etcd::GetOptions unsorted;
  unsorted.sorted = false;
  EXPECT_EQ(get_request("/d", unsorted).path_and_query, "/v2/keys/d");
  etcd::GetOptions recursive;
  recursive.recursive = true;
  EXPECT_EQ(get_request("/d", recursive).path_and_query, "/v2/keys/d?recursive=true&sorted=true");

  etcd::DeleteOptions cad;
  cad.prev_value = "a&b";
  cad.prev_index = 7;
  V2Request del = delete_request("/k", cad);
  EXPECT_EQ(del.method, "DELETE");
  EXPECT_EQ(del.path_and_query, "/v2/keys/k?prevValue=a%26b&prevIndex=7");
  etcd::DeleteOptions dir;
  dir.dir = true;
  dir.recursive = true;
  EXPECT_EQ(delete_request("/d", dir).path_and_query, "/v2/keys/d?dir=true&recursive=true");
  EXPECT_TRUE(delete_request("/d", dir).form_body.empty());

  etcd::WaitOptions wait;
  EXPECT_EQ(wait_request("/w", wait).path_and_query, "/v2/keys/w?wait=true");
  wait.recursive = true;
  wait.wait_index = 12;
  EXPECT_EQ(wait_request("/w", wait).path_and_query,
            "/v2/keys/w?wait=true&recursive=true&waitIndex=12");
  EXPECT_EQ(wait_request("/w", wait).method, "GET");
}

}  // namespace
}  // namespace esisim::etcd_http
