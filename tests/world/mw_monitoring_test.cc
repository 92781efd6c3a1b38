// The 2017 collector's /monitoring records from rendered monitoring templates.
#include "sim/workers/mw_monitoring.h"

#include <gtest/gtest.h>

namespace esisim::sim {
namespace {

TEST(MwMonitoring, OneItemInTheSpacedFormAfterAPoll) {
  auto r = mw_monitoring_record("ese_device_monitoring", "switch:\n  type: switch\n", 1);
  ASSERT_TRUE(r.ok() && r.value());
  EXPECT_EQ(r.value()->value, R"({ "switch" : "UP", "version" : 1 })");
  EXPECT_EQ(r.value()->delay_ms, 60'000);
}

TEST(MwMonitoring, SeveralItemsCompactAndSortedVrrpUpperCase) {
  auto r = mw_monitoring_record("gw_interface_monitoring",
                                "secondary:\n  type: vrrp_session\n  wanted_status: backup\n"
                                "primary:\n  type: vrrp_session\n  wanted_status: master\n",
                                2);
  ASSERT_TRUE(r.ok() && r.value());
  EXPECT_EQ(r.value()->value, R"({"primary":"MASTER","secondary":"BACKUP","version":2})");
}

TEST(MwMonitoring, VmiAtOnceReadersAndUplinksLeftOut) {
  auto vmi =
      mw_monitoring_record("port_monitoring", "vmi:\n  type: virtual_machine_interface\n", 2);
  ASSERT_TRUE(vmi.ok() && vmi.value());
  EXPECT_EQ(vmi.value()->delay_ms, 1'500);
  auto ha =
      mw_monitoring_record("ha_router_monitoring",
                           "primary:\n  type: etcd_reader\nsecondary:\n  type: etcd_reader\n", 1);
  ASSERT_TRUE(ha.ok());
  EXPECT_FALSE(ha.value().has_value());
  auto vpn = mw_monitoring_record(
      "vpn_interface_monitoring",
      "primary:\n  type: bgp_session\nprimary_uplink:\n  type: logical_port\n", 1);
  ASSERT_TRUE(vpn.ok() && vpn.value());
  EXPECT_EQ(vpn.value()->value, R"({ "primary" : "ESTABLISHED", "version" : 1 })");
  auto empty = mw_monitoring_record("port_monitoring", "\n", 1);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty.value().has_value());
  EXPECT_FALSE(mw_monitoring_record("x", "[1, 2", 1).ok());
}

}  // namespace
}  // namespace esisim::sim
