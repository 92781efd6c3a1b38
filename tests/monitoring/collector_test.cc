// The collector state machine: writes on change, hold windows, scripts, removal.
#include "core/monitoring/collector.h"

#include <gtest/gtest.h>

namespace esisim::monitoring {
namespace {

using nlohmann::ordered_json;

TargetSpec vmi(std::string id, int64_t version, bool with_hold) {
  TargetSpec t;
  t.target_id = std::move(id);
  t.type = "virtual_machine_interface";
  t.resource_type = "ports";
  t.resource_id = "p1";
  t.field_name = "vmi";
  t.version = version;
  t.monitoring_key = "/monitoring/v2.0/ports/p1";
  if (with_hold) t.hold = HoldOptions{{"UP", "DOWN"}, 210'000};
  return t;
}

TargetSpec vrrp(std::string id, const std::string& plural) {
  TargetSpec t;
  t.target_id = std::move(id);
  t.type = "vrrp_pool";
  t.resource_type = plural;
  t.resource_id = "g";
  t.field_name = "status";
  t.version = 1;
  t.monitoring_key = "/monitoring/v2.0/" + plural + "/g";
  return t;
}

std::string value_of(const std::optional<MonitoringWrite>& w) {
  return w && w->value ? *w->value : std::string("-");
}

TEST(Collector, WritesOnlyOnChangeInTheRecordedFormat) {
  Collector c;
  ASSERT_TRUE(c.register_target(vmi("t1", 2, false), 0).ok());
  ASSERT_TRUE(c.script("ports", "p1", {"UP", "UP", "FAIL", "UP"}).ok());
  EXPECT_EQ(value_of(c.poll("t1", 60'000)), R"({"version":2,"vmi":"UP"})");
  EXPECT_EQ(value_of(c.poll("t1", 120'000)), "-");  // unchanged: skipped
  EXPECT_EQ(value_of(c.poll("t1", 180'000)), R"({"version":2,"vmi":"FAIL"})");
  EXPECT_EQ(value_of(c.poll("t1", 240'000)), R"({"version":2,"vmi":"UP"})");
  EXPECT_EQ(value_of(c.poll("t1", 300'000)), "-");  // the last value repeats
}

TEST(Collector, SettledOnlyWhenNoPollCouldWriteUntilSomethingChanges) {
  Collector c;
  ASSERT_TRUE(c.register_target(vmi("t1", 2, true), 0).ok());
  EXPECT_FALSE(c.settled("t1")) << "nothing written yet";
  ASSERT_TRUE(c.script("ports", "p1", {"FAIL", "UP", "UP"}).ok());
  EXPECT_EQ(value_of(c.poll("t1", 5'000)), "-");  // withheld by the hold window
  EXPECT_FALSE(c.settled("t1")) << "the hold window is open";
  EXPECT_EQ(value_of(c.poll("t1", 10'000)), R"({"version":2,"vmi":"UP"})");
  EXPECT_FALSE(c.settled("t1")) << "a scripted value is left";
  EXPECT_EQ(value_of(c.poll("t1", 15'000)), "-");
  EXPECT_TRUE(c.settled("t1")) << "script used up, UP written, window closed";
  ASSERT_TRUE(c.script("ports", "p1", {"FAIL"}).ok());
  EXPECT_FALSE(c.settled("t1")) << "a new script";
  EXPECT_EQ(value_of(c.poll("t1", 20'000)), R"({"version":2,"vmi":"FAIL"})");
  EXPECT_TRUE(c.settled("t1"));
  // Another target writing the same key takes it over: t1 would write again.
  TargetSpec other = vmi("t2", 3, false);
  ASSERT_TRUE(c.register_target(other, 20'000).ok());
  EXPECT_EQ(value_of(c.poll("t2", 25'000)), R"({"version":3,"vmi":"FAIL"})");
  EXPECT_FALSE(c.settled("t1"));
  EXPECT_FALSE(c.settled("nope"));
}

TEST(Collector, HoldWindowWithholdsNegativesAndAPositiveEndsIt) {
  Collector c;
  ASSERT_TRUE(c.register_target(vmi("t1", 1, true), 0).ok());
  ASSERT_TRUE(c.script("ports", "p1", {"FAIL", "FAIL", "UP", "FAIL"}).ok());
  EXPECT_EQ(value_of(c.poll("t1", 60'000)), "-");   // FAIL withheld in the window
  EXPECT_EQ(value_of(c.poll("t1", 120'000)), "-");  // still withheld
  EXPECT_EQ(value_of(c.poll("t1", 180'000)), R"({"version":1,"vmi":"UP"})");  // ends the hold
  EXPECT_EQ(value_of(c.poll("t1", 200'000)), R"({"version":1,"vmi":"FAIL"})");
}

TEST(Collector, NegativeIsWrittenOnceTheWindowHasPassed) {
  Collector c;
  ASSERT_TRUE(c.register_target(vmi("t1", 1, true), 0).ok());
  ASSERT_TRUE(c.script("ports", "p1", {"FAIL"}).ok());
  EXPECT_EQ(value_of(c.poll("t1", 209'999)), "-");
  EXPECT_EQ(value_of(c.poll("t1", 210'000)), R"({"version":1,"vmi":"FAIL"})");
}

TEST(Collector, RemovingTheWriterDeletesTheKeyOnce) {
  Collector c;
  ASSERT_TRUE(c.register_target(vmi("t1", 1, false), 0).ok());
  ASSERT_TRUE(c.poll("t1", 60'000).has_value());
  ASSERT_TRUE(c.register_target(vmi("t2", 2, false), 70'000).ok());  // replacement
  auto removed = c.unregister_target("t1");
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_FALSE(removed[0].value.has_value());
  EXPECT_EQ(value_of(c.poll("t2", 130'000)), R"({"version":2,"vmi":"UP"})");
  EXPECT_TRUE(c.unregister_target("t2").size() == 1u);
  EXPECT_TRUE(c.unregister_target("t2").empty());  // unknown now
}

TEST(Collector, DefaultsPerTypeAndNestedStatus) {
  Collector c;
  ASSERT_TRUE(c.register_target(vrrp("g", "gw_interfaces"), 0).ok());
  EXPECT_EQ(value_of(c.poll("g", 60'000)),
            R"({"status":{"primary":"MASTER","secondary":"BACKUP"},"version":1})");
}

// A common function gateway's vrrp_pool target declares its healthy per-VRID map as its
// positive status (domain.md §7.3): a healthy target reports that map, at its first poll, and
// the hold window ends there (recorded: target 04:50:20, /monitoring 04:51:20).
TEST(Collector, AHealthyTargetReportsTheStatusItsHoldDeclaresPositive) {
  ordered_json vrids = {{"primary_vrid1", "MASTER"},
                        {"secondary_vrid1", "BACKUP"},
                        {"primary_vrid2", "MASTER"},
                        {"secondary_vrid2", "BACKUP"}};
  TargetSpec cfg = vrrp("c", "common_function_gateways");
  cfg.hold = HoldOptions{{vrids}, 360'000};
  EXPECT_EQ(Collector::healthy_status(cfg), vrids);
  Collector c;
  ASSERT_TRUE(c.register_target(cfg, 0).ok());
  EXPECT_EQ(value_of(c.poll("c", 60'000)),
            R"({"status":{"primary_vrid1":"MASTER","primary_vrid2":"MASTER",)"
            R"("secondary_vrid1":"BACKUP","secondary_vrid2":"BACKUP"},"version":1})");
  EXPECT_TRUE(c.settled("c"));
  // A positive list that holds the type's default keeps the default.
  TargetSpec port = vmi("t", 1, true);
  EXPECT_EQ(Collector::healthy_status(port), "UP");
}

TEST(Collector, LimitsAreNamed) {
  Collector c(CollectorLimits{1, 2});
  ASSERT_TRUE(c.register_target(vmi("t1", 1, false), 0).ok());
  auto second = c.register_target(vmi("t2", 1, false), 0);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("targets_max"), std::string::npos);
  EXPECT_FALSE(c.script("ports", "p1", {"UP", "UP", "UP"}).ok());
}

}  // namespace
}  // namespace esisim::monitoring
