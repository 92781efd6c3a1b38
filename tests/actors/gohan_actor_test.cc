// Gohan's /config records: every write is byte for byte go_json_marshal of the envelope
// {"body": go_json_marshal(body), "marked_for_deletion": b, "version": N}, whether the body's
// text was given (a template set's shared text) or made from the body, and a given text never
// outlives a change of the body.
#include "sim/actors/gohan_actor.h"

#include <gtest/gtest.h>

#include "core/json/go_json.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::sim {
namespace {

using nlohmann::ordered_json;

constexpr int64_t kT0 = 1548979200000;  // 2019-02-01T00:00:00Z

std::string expected_record(const ordered_json& body, bool marked, int64_t version) {
  ordered_json envelope;
  envelope["version"] = version;
  envelope["marked_for_deletion"] = marked;
  envelope["body"] = json::go_json_marshal(body).value();
  return json::go_json_marshal(envelope).value();
}

class GohanActorTest : public ::testing::Test {
 protected:
  GohanActorTest()
      : schemas_(
            domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"))
                .value()),
        loop_(kT0),
        etcd_(loop_),
        gohan_(loop_, etcd_, schemas_) {
    gohan_.start();
  }

  std::string stored(const std::string& key) {
    auto got = etcd_.store().get(key, false);
    EXPECT_TRUE(got.ok()) << key;
    return got.ok() ? std::string(*got->node.value) : std::string();
  }

  domain::SchemaCatalog schemas_;
  EventLoop loop_;
  SimEtcd etcd_;
  GohanActor gohan_;
};

TEST_F(GohanActorTest, RecordsAreTheGoEnvelopeOfTheirBodyAtEveryWrite) {
  // Escaped bytes of both levels: HTML characters, quotes, a backslash, a newline, non-ASCII.
  ordered_json body = {{"name", "a<b>&\"c\"\\\n\xc3\xa9\xe2\x80\xa8"},
                       {"nested", {{"z", 1}, {"a", {true, nullptr, 2.5}}}}};
  const std::string key = "/config/v2.0/networks/n1";
  ASSERT_TRUE(gohan_.create("network", "n1", body).ok());
  body["id"] = "n1";
  EXPECT_EQ(stored(key), expected_record(body, false, 1));

  ASSERT_TRUE(gohan_.update("network", "n1", {{"name", "x&y"}}, true).ok());
  body["name"] = "x&y";
  EXPECT_EQ(stored(key), expected_record(body, false, 2));

  ASSERT_TRUE(gohan_.remove("network", "n1", {{"admin_state_up", false}}).ok());
  body["admin_state_up"] = false;
  EXPECT_EQ(stored(key), expected_record(body, true, 3));
}

TEST_F(GohanActorTest, AGivenTemplateTextIsWrittenAndDroppedWhenTheBodyChanges) {
  const ordered_json body = {{"id", "tmpl"}, {"template_file", "a: <b>"}};
  const std::string key = "/config/v2.0/heat_templates/tmpl";
  const std::string text = json::go_json_marshal(body).value();
  ASSERT_TRUE(gohan_.put_template(body, text).ok());
  EXPECT_EQ(stored(key), expected_record(body, false, 1));
  ASSERT_TRUE(gohan_.put_template(body).ok());
  EXPECT_EQ(stored(key), expected_record(body, false, 2));

  // An update after a put with a given text writes the new body, not the text given before.
  ASSERT_TRUE(gohan_.put_template(body, text).ok());
  ASSERT_TRUE(gohan_.update("heat_template", "tmpl", {{"template_file", "c: d"}}, true).ok());
  ordered_json changed = body;
  changed["template_file"] = "c: d";
  EXPECT_EQ(stored(key), expected_record(changed, false, 4));
  ASSERT_TRUE(gohan_.put_template(body, text).ok());
  ASSERT_TRUE(gohan_.remove("heat_template", "tmpl", {{"x", 1}}).ok());
  changed = body;
  changed["x"] = 1;
  EXPECT_EQ(stored(key), expected_record(changed, true, 6));
}

}  // namespace
}  // namespace esisim::sim
