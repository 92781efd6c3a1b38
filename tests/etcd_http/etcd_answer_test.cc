// etcd v2 answers (bodies as etcd 3.4.23 sent them) read into events and errors.
#include "sim/etcd_http/etcd_answer.h"

#include <gtest/gtest.h>

#include "core/etcd/json_repr.h"

namespace esisim::etcd_http {
namespace {

TEST(EtcdAnswer, WriteWithPrevNodeAndTtl) {
  auto r = parse_keys_answer(
      200,
      R"({"action":"update","node":{"key":"/t","value":"2","expiration":)"
      R"("2026-11-23T18:11:10.683591839Z","ttl":30,"modifiedIndex":10,"createdIndex":7},)"
      R"("prevNode":{"key":"/t","value":"2","ttl":14,"modifiedIndex":7,"createdIndex":7}})",
      10);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->action, etcd::Action::kUpdate);
  EXPECT_EQ(r->etcd_index, 10u);
  EXPECT_EQ(r->node.key, "/t");
  EXPECT_EQ(r->node.value, "2");
  EXPECT_EQ(r->node.ttl_s, 30);
  ASSERT_TRUE(r->node.expiration_ms.has_value());
  EXPECT_EQ(etcd::node_json(r->node)["expiration"], "2026-11-23T18:11:10.683Z");
  EXPECT_EQ(r->node.modified_index, 10u);
  EXPECT_EQ(r->node.created_index, 7u);
  ASSERT_TRUE(r->prev_node.has_value());
  EXPECT_EQ(r->prev_node->modified_index, 7u);
}

TEST(EtcdAnswer, RecursiveListingOfTheRoot) {
  auto r = parse_keys_answer(
      200,
      R"({"action":"get","node":{"dir":true,"nodes":[{"key":"/d","dir":true,"nodes":[)"
      R"({"key":"/d/x","value":"2","modifiedIndex":5,"createdIndex":5}],"modifiedIndex":5,)"
      R"("createdIndex":5}]}})",
      std::nullopt);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->etcd_index, 0u);
  EXPECT_EQ(r->node.key, "");  // etcd omits the root's key
  EXPECT_TRUE(r->node.dir);
  ASSERT_EQ(r->node.nodes.size(), 1u);
  EXPECT_TRUE(r->node.nodes[0].dir);
  ASSERT_EQ(r->node.nodes[0].nodes.size(), 1u);
  EXPECT_EQ(r->node.nodes[0].nodes[0].key, "/d/x");
  EXPECT_FALSE(r->node.nodes[0].value.has_value());
}

TEST(EtcdAnswer, ErrorsKeepCodeMessageCauseAndIndex) {
  auto r = parse_keys_answer(
      412,
      R"({"errorCode":101,"message":"Compare failed","cause":"[zz != 1] [99 != 4]","index":4})", 4);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 101);
  EXPECT_EQ(r.error().message, "Compare failed");
  EXPECT_EQ(r.error().cause, "[zz != 1] [99 != 4]");
  EXPECT_EQ(r.error().index, 4u);
}

TEST(EtcdAnswer, AnythingElseIsABadAnswerNamingTheProblem) {
  auto not_json = parse_keys_answer(502, "<html>bad gateway</html>", std::nullopt);
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().code, kEtcdBadAnswer);
  EXPECT_EQ(not_json.error().cause, "HTTP 502: not JSON in <html>bad gateway</html>");

  auto unknown = parse_keys_answer(200, R"({"action":"explode","node":{}})", 1);
  EXPECT_EQ(unknown.error().cause, R"(HTTP 200: unknown action in {"action":"explode","node":{}})");

  auto mistyped =
      parse_keys_answer(200, R"({"action":"get","node":{"key":"/a","modifiedIndex":-1}})", 1);
  EXPECT_EQ(mistyped.error().code, kEtcdBadAnswer);
  EXPECT_NE(mistyped.error().cause.find("\"modifiedIndex\" of /a"), std::string::npos);

  auto no_code = parse_keys_answer(404, R"({"message":"x"})", 1);
  EXPECT_NE(no_code.error().cause.find("no integer \"errorCode\""), std::string::npos);

  std::string long_body(1000, 'x');
  auto cut = parse_keys_answer(500, long_body, 1);
  EXPECT_EQ(cut.error().cause.size(), std::string("HTTP 500: not JSON in ").size() + 203);
}

TEST(EtcdAnswer, NestingBeyondTheLimitIsRefused) {
  std::string body = R"({"action":"get","node":)";
  for (int i = 0; i <= kNodeDepthMax + 1; ++i) body += R"({"key":"/a","nodes":[)";
  body += "{}";
  for (int i = 0; i <= kNodeDepthMax + 1; ++i) body += "]}";
  body += "}";
  auto r = parse_keys_answer(200, body, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().cause.find("kNodeDepthMax (256)"), std::string::npos);
}

TEST(EtcdAnswer, ClientErrorsHaveTheirOwnMessages) {
  EXPECT_EQ(client_error(kEtcdWaitTimeout, "c").to_string(), "952: Wait timed out (c) [0]");
  EXPECT_EQ(client_error(kEtcdTransportError, "c").message, "Transport error");
  EXPECT_EQ(client_error(kEtcdUnsupported, "c").message, "Not supported by the HTTP client");
}

}  // namespace
}  // namespace esisim::etcd_http
