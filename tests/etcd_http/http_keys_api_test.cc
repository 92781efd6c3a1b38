// The same operations through HttpKeysApi on a fresh real etcd 3.4 and through ModelKeysApi on
// a fresh model: every answer (action, nodes, values, indices, X-Etcd-Index; error codes,
// messages, causes and indices) must be the same. TTLs differ only by the real clock: `ttl`
// may be a few seconds lower on the server, `expiration` is compared by presence only.
// One known difference: a get of the root names it "/" in the model, while etcd omits its key
// (read back as ""); that step checks both and then compares the rest.
// Skipped, with a message, when /usr/bin/etcd is not installed.
#include "sim/etcd_http/http_keys_api.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/etcd/json_repr.h"
#include "sim/etcd_http/etcd_answer.h"
#include "sim/etcd_http/temp_etcd.h"

namespace esisim::etcd_http {
namespace {

using etcd::DeleteOptions;
using etcd::EtcdResult;
using etcd::GetOptions;
using etcd::KeysApi;
using etcd::PutOptions;
using nlohmann::ordered_json;

constexpr int64_t kT0 = 1549000000000;
constexpr int64_t kTtlSlackS = 10;  // seconds the server's clock may move during the test

#define ESISIM_START_ETCD_OR_SKIP(var)                                             \
  if (!TempEtcd::available()) {                                                    \
    GTEST_SKIP() << "/usr/bin/etcd is not installed: run scripts/install-deps.sh"; \
  }                                                                                \
  auto var##_started = TempEtcd::start();                                          \
  ASSERT_TRUE(var##_started.ok()) << var##_started.error().message;                \
  TempEtcd& var = **var##_started

// Moves every `ttl` out of the node tree into `ttls` (pre-order) and replaces `expiration`
// by true, so the rest compares exactly.
void split_ttls(ordered_json& node, std::vector<int64_t>& ttls) {
  if (!node.is_object()) return;
  if (node.contains("ttl")) {
    ttls.push_back(node["ttl"].get<int64_t>());
    node.erase("ttl");
  }
  if (node.contains("expiration")) node["expiration"] = true;
  if (node.contains("nodes")) {
    for (ordered_json& child : node["nodes"]) split_ttls(child, ttls);
  }
}

struct Step {
  std::string name;
  std::function<EtcdResult(KeysApi&)> run;
  bool root_key_differs = false;
};

void expect_same(const Step& step, EtcdResult model, EtcdResult real) {
  SCOPED_TRACE(step.name);
  if (step.root_key_differs && model.ok() && real.ok()) {
    EXPECT_EQ(model->node.key, "/");
    EXPECT_EQ(real->node.key, "");
    real->node.key = model->node.key;
  }
  ASSERT_EQ(model.ok(), real.ok())
      << "model: "
      << (model.ok() ? etcd::response_json(*model, true).dump() : model.error().to_string())
      << "\nreal:  "
      << (real.ok() ? etcd::response_json(*real, true).dump() : real.error().to_string());
  if (!model.ok()) {
    EXPECT_EQ(model.error().code, real.error().code);
    EXPECT_EQ(model.error().message, real.error().message);
    EXPECT_EQ(model.error().cause, real.error().cause);
    EXPECT_EQ(model.error().index, real.error().index);
    return;
  }
  ordered_json model_json = etcd::response_json(*model, true);
  ordered_json real_json = etcd::response_json(*real, true);
  std::vector<int64_t> model_ttls;
  std::vector<int64_t> real_ttls;
  for (const char* part : {"node", "prevNode"}) {
    if (model_json.contains(part)) split_ttls(model_json[part], model_ttls);
    if (real_json.contains(part)) split_ttls(real_json[part], real_ttls);
  }
  EXPECT_EQ(model_json.dump(), real_json.dump());
  ASSERT_EQ(model_ttls.size(), real_ttls.size());
  for (size_t i = 0; i < model_ttls.size(); ++i) {
    EXPECT_LE(real_ttls[i], model_ttls[i]);
    EXPECT_GE(real_ttls[i], model_ttls[i] - kTtlSlackS);
  }
}

PutOptions with_prev(std::optional<std::string> value, std::optional<uint64_t> index) {
  PutOptions options;
  options.prev_value = std::move(value);
  options.prev_index = index;
  return options;
}

std::vector<Step> sequence() {
  PutOptions create;
  create.prev_exist = false;
  PutOptions update;
  update.prev_exist = true;
  PutOptions ttl;
  ttl.ttl_s = 600;
  PutOptions refresh;
  refresh.ttl_s = 900;
  refresh.refresh = true;
  refresh.prev_exist = true;
  PutOptions dir;
  dir.dir = true;
  PutOptions negative_ttl;
  negative_ttl.ttl_s = -1;
  GetOptions recursive;
  recursive.recursive = true;
  DeleteOptions dir_only;
  dir_only.dir = true;
  DeleteOptions dir_recursive;
  dir_recursive.dir = true;
  dir_recursive.recursive = true;
  DeleteOptions cad_value;
  cad_value.prev_value = "2";
  DeleteOptions cad_index;
  cad_index.prev_index = 1;
  return {
      {"set", [](KeysApi& api) { return api.put("/dir/a", "1", {}); }},
      {"get", [](KeysApi& api) { return api.get("/dir/a", {}); }},
      {"create on existing -> 105", [=](KeysApi& api) { return api.put("/dir/a", "x", create); }},
      {"CAS prevValue mismatch -> 101",
       [](KeysApi& api) { return api.put("/dir/a", "x", with_prev("zz", {})); }},
      {"CAS prevValue and prevIndex mismatch -> 101",
       [](KeysApi& api) { return api.put("/dir/a", "x", with_prev("zz", 99)); }},
      {"CAS prevIndex", [](KeysApi& api) { return api.put("/dir/a", "2", with_prev({}, 4)); }},
      {"update of a missing key -> 100",
       [=](KeysApi& api) { return api.put("/missing", "x", update); }},
      {"set with characters to encode",
       [](KeysApi& api) { return api.put("/dir/b", "{\"a\": \"b&c=d+\xc3\xa9 %\"}", {}); }},
      {"CAD prevValue", [=](KeysApi& api) { return api.remove("/dir/a", cad_value); }},
      {"CAD prevIndex mismatch -> 101",
       [=](KeysApi& api) { return api.remove("/dir/b", cad_index); }},
      {"delete dir non-recursive -> 108",
       [=](KeysApi& api) { return api.remove("/dir", dir_only); }},
      {"set with TTL", [=](KeysApi& api) { return api.put("/ttl/k", "t", ttl); }},
      {"refresh TTL", [=](KeysApi& api) { return api.put("/ttl/k", "", refresh); }},
      {"set below an implicit dir", [](KeysApi& api) { return api.put("/dir/c/d", "x", {}); }},
      {"value onto a dir -> 102", [](KeysApi& api) { return api.put("/dir/c", "v", {}); }},
      {"POST in-order key", [](KeysApi& api) { return api.post("/queue", "job", {}); }},
      {"set dir", [=](KeysApi& api) { return api.put("/dir/e", "", dir); }},
      {"recursive get sorted", [=](KeysApi& api) { return api.get("/dir", recursive); }},
      {"recursive get of a TTL dir", [=](KeysApi& api) { return api.get("/ttl", recursive); }},
      {"delete dir recursive", [=](KeysApi& api) { return api.remove("/dir/c", dir_recursive); }},
      {"negative TTL -> 202", [=](KeysApi& api) { return api.put("/k", "v", negative_ttl); }},
      {"empty prevValue -> 201",
       [](KeysApi& api) { return api.put("/dir/b", "v", with_prev("", {})); }},
      {"get of a missing key -> 100", [](KeysApi& api) { return api.get("/nope", {}); }},
      {"delete of a missing key -> 100", [](KeysApi& api) { return api.remove("/dir/c", {}); }},
      {"write to the root -> 107", [](KeysApi& api) { return api.put("/", "v", {}); }},
      {"recursive get of the root", [=](KeysApi& api) { return api.get("/", recursive); }, true},
      {"get after everything", [=](KeysApi& api) { return api.get("/dir", recursive); }},
  };
}

TEST(HttpKeysApiVsModel, SameAnswersForTheSameSequence) {
  ESISIM_START_ETCD_OR_SKIP(server);
  HttpKeysApi real(server.endpoint());
  etcd::Store store(kT0);
  etcd::ModelKeysApi model(store);
  bool first = true;
  for (const Step& step : sequence()) {
    EtcdResult model_answer = step.run(model);
    EtcdResult real_answer = step.run(real);
    if (first) {
      // A fresh etcd 3.4 with --enable-v2 gives the first client write index 4, as the model.
      ASSERT_TRUE(real_answer.ok()) << real_answer.error().to_string();
      EXPECT_EQ(real_answer->node.modified_index, 4u);
      first = false;
    }
    expect_same(step, std::move(model_answer), std::move(real_answer));
  }
}

TEST(HttpKeysApiVsModel, WaitAnswersFromTheHistoryAndTimesOut) {
  ESISIM_START_ETCD_OR_SKIP(server);
  HttpKeysApiOptions options;
  options.wait_timeout_ms = 300;
  HttpKeysApi real(server.endpoint(), options);
  etcd::Store store(kT0);
  etcd::ModelKeysApi model(store);
  for (KeysApi* api : {static_cast<KeysApi*>(&model), static_cast<KeysApi*>(&real)}) {
    ASSERT_TRUE(api->put("/w/a", "1", {}).ok());
    ASSERT_TRUE(api->put("/w/b", "2", {}).ok());
  }
  etcd::WaitOptions from_start;
  from_start.recursive = true;
  from_start.wait_index = 5;
  auto model_wait = model.wait("/w", from_start);
  auto real_wait = real.wait("/w", from_start);
  ASSERT_TRUE(model_wait.ok());
  ASSERT_TRUE(real_wait.ok()) << real_wait.error().to_string();
  ASSERT_TRUE(model_wait->immediate.has_value());
  ASSERT_TRUE(real_wait->immediate.has_value());
  EXPECT_EQ(etcd::response_json(*model_wait->immediate).dump(),
            etcd::response_json(*real_wait->immediate).dump());
  EXPECT_EQ(real_wait->immediate->node.key, "/w/b");

  etcd::WaitOptions future;
  future.wait_index = 100;
  auto timed_out = real.wait("/w/a", future);
  ASSERT_FALSE(timed_out.ok());
  EXPECT_EQ(timed_out.error().code, kEtcdWaitTimeout);
  EXPECT_NE(timed_out.error().cause.find("within 300 ms (wait_timeout_ms)"), std::string::npos);

  // The connection is usable again after a timed-out wait.
  auto after = real.get("/w/a", {});
  ASSERT_TRUE(after.ok()) << after.error().to_string();
  EXPECT_EQ(after->node.value, "1");

  etcd::WaitOptions stream;
  stream.stream = true;
  EXPECT_EQ(real.wait("/w", stream).error().code, kEtcdUnsupported);
}

TEST(HttpKeysApi, VersionAndTheStoppedServer) {
  ESISIM_START_ETCD_OR_SKIP(server);
  HttpKeysApiOptions options;
  options.request_timeout_ms = 2000;
  HttpKeysApi api(server.endpoint() + "/", options);
  EXPECT_EQ(api.endpoint(), server.endpoint());
  auto version = api.version();
  ASSERT_TRUE(version.ok()) << version.error().message;
  EXPECT_NE(version->find("\"etcdserver\":\"3.4."), std::string::npos) << *version;

  std::string dir = server.dir();
  pid_t pid = server.pid();
  ASSERT_TRUE(server.stop().ok());
  EXPECT_FALSE(std::filesystem::exists(dir)) << dir;
  EXPECT_NE(kill(pid, 0), 0) << "etcd pid " << pid << " still exists";
  EXPECT_TRUE(server.stop().ok());  // idempotent

  auto refused = api.get("/a", {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, kEtcdTransportError);
  EXPECT_NE(refused.error().cause.find("GET " + server.endpoint() + "/v2/keys/a?sorted=true: "),
            std::string::npos)
      << refused.error().cause;
}

TEST(TempEtcd, MissingBinaryIsAnErrorNamingIt) {
  TempEtcdOptions options;
  options.etcd_binary = "/nonexistent/etcd";
  EXPECT_FALSE(TempEtcd::available(options));
  auto started = TempEtcd::start(options);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().message,
            "/nonexistent/etcd is not an executable (run scripts/install-deps.sh)");
}

}  // namespace
}  // namespace esisim::etcd_http
