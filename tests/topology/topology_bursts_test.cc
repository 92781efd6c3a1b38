// Update and delete bursts: counts from the percentages, a settle point starting each burst and
// each deletion wave, updates that change something and never touch a unit being deleted, whole
// units deleted, each resource after everything referencing it, nothing after a resource's
// delete, deterministic from the seed.
#include "sim/topology/topology_bursts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace esisim::sim::topology {
namespace {

using nlohmann::ordered_json;

TopologyOptions options(Shape shape, uint32_t updates, uint32_t deletes, uint32_t bursts,
                        uint64_t seed = 4) {
  TopologyOptions o{seed, 400, shape};
  o.updates_percent = updates;
  o.deletes_percent = deletes;
  o.bursts = bursts;
  return o;
}

size_t creation_requests(const TopologyOptions& o) {
  size_t n = 0;
  const std::vector<TopologyUnit> units = generate_units(o).value();
  for (const TopologyUnit& unit : units) n += unit.requests.size();
  return n;
}

TEST(TopologyBursts, NoPercentagesNoBursts) {
  auto o = options(Shape::kMixed, 0, 0, 5);
  auto requests = generate_requests(o).value();
  EXPECT_EQ(requests.size(), creation_requests(o));
  for (const GohanRequest& r : requests) {
    EXPECT_FALSE(r.settle_before);
    EXPECT_NE(r.op, GohanRequest::Op::kDelete);
  }
}

TEST(TopologyBursts, CountsFollowThePercentagesAndEachBurstSettlesFirst) {
  auto o = options(Shape::kMixed, 25, 40, 3);
  auto units = generate_units(o).value();
  size_t created = 0;
  for (const TopologyUnit& unit : units) {
    for (const GohanRequest& r : unit.requests) created += r.op == GohanRequest::Op::kCreate;
  }
  auto requests = generate_requests(o).value();
  const size_t first_burst = creation_requests(o);
  ASSERT_LT(first_burst, requests.size());
  EXPECT_TRUE(requests[first_burst].settle_before);
  size_t updates = 0;
  size_t deletes = 0;
  size_t settles = 0;
  for (size_t i = first_burst; i < requests.size(); ++i) {
    updates += requests[i].op == GohanRequest::Op::kUpdate;
    deletes += requests[i].op == GohanRequest::Op::kDelete;
    settles += requests[i].settle_before;
  }
  EXPECT_GT(settles, 3u);  // each burst, and each of its deletion waves
  EXPECT_EQ(updates, created * 25 / 100);
  // Whole units: the deleted resources are exactly those of units.size() * 40 / 100 units.
  std::set<std::string> deleted;
  for (size_t i = first_burst; i < requests.size(); ++i) {
    if (requests[i].op == GohanRequest::Op::kDelete) deleted.insert(requests[i].id);
  }
  EXPECT_EQ(deleted.size(), deletes);
  size_t whole_units = 0;
  for (const TopologyUnit& unit : units) {
    size_t in = 0;
    size_t total = 0;
    for (const GohanRequest& r : unit.requests) {
      if (r.op != GohanRequest::Op::kCreate) continue;
      ++total;
      in += deleted.contains(r.id);
    }
    EXPECT_TRUE(in == 0 || in == total) << "a unit is deleted whole or not at all";
    whole_units += in == total;
  }
  EXPECT_EQ(whole_units, units.size() * 40 / 100);
}

// A resource is deleted only in a wave (requests between two settle points) after every
// later-created resource of its unit that references it; no request touches a resource after
// its delete; an update changes the body, and a port bound to a logical port flips `attached`.
TEST(TopologyBursts, DeletesInWavesAfterEverythingReferencingThemAndNothingAfter) {
  for (Shape shape : {Shape::kLogicalNetwork, Shape::kGateway, Shape::kLoadBalancer,
                      Shape::kFirewall, Shape::kMixed}) {
    SCOPED_TRACE(std::string(shape_name(shape)));
    const TopologyOptions o = options(shape, 50, 50, 4);
    std::map<std::string, size_t> unit_of;
    std::vector<std::vector<std::string>> unit_ids;  // creation order
    const std::vector<TopologyUnit> units = generate_units(o).value();
    for (const TopologyUnit& unit : units) {
      unit_ids.emplace_back();
      for (const GohanRequest& r : unit.requests) {
        if (r.op != GohanRequest::Op::kCreate) continue;
        unit_of[r.id] = unit_ids.size() - 1;
        unit_ids.back().push_back(r.id);
      }
    }
    auto requests = generate_requests(o).value();
    std::map<std::string, ordered_json> body;
    std::map<std::string, size_t> deleted_in_wave;
    size_t wave = 0;
    size_t flips = 0;
    size_t waves_with_deletes = 0;
    for (const GohanRequest& r : requests) {
      ASSERT_FALSE(deleted_in_wave.contains(r.id)) << "request after the delete of " << r.id;
      if (r.settle_before) ++wave;
      switch (r.op) {
        case GohanRequest::Op::kCreate:
          body[r.id] = r.body;
          break;
        case GohanRequest::Op::kUpdate:
          ASSERT_TRUE(body.contains(r.id));
          EXPECT_NE(nlohmann::json(r.body), nlohmann::json(body[r.id])) << r.type << " " << r.id;
          if (r.type == "port" && r.body["attached"] != body[r.id]["attached"]) ++flips;
          body[r.id] = r.body;
          break;
        case GohanRequest::Op::kDelete: {
          ASSERT_TRUE(unit_of.contains(r.id));
          const std::vector<std::string>& ids = unit_ids[unit_of[r.id]];
          auto at = std::find(ids.begin(), ids.end(), r.id);
          for (auto later = at + 1; later != ids.end(); ++later) {
            if (body[*later].dump().find("\"" + r.id + "\"") == std::string::npos) continue;
            ASSERT_TRUE(deleted_in_wave.contains(*later))
                << r.type << " " << r.id << " deleted before " << *later << " that references it";
            EXPECT_LT(deleted_in_wave[*later], wave);
          }
          if (deleted_in_wave.empty() || r.settle_before) ++waves_with_deletes;
          deleted_in_wave[r.id] = wave;
          break;
        }
      }
    }
    EXPECT_FALSE(deleted_in_wave.empty());
    EXPECT_GT(waves_with_deletes, 4u) << "waves in each of the 4 bursts";
    if (shape == Shape::kLogicalNetwork || shape == Shape::kGateway) {
      EXPECT_GT(flips, 0u);
    }
  }
}

TEST(TopologyBursts, SameSeedSameBurstsOtherSeedOthers) {
  auto a = generate_requests(options(Shape::kMixed, 30, 30, 2, 11)).value();
  auto b = generate_requests(options(Shape::kMixed, 30, 30, 2, 11)).value();
  auto c = generate_requests(options(Shape::kMixed, 30, 30, 2, 12)).value();
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

}  // namespace
}  // namespace esisim::sim::topology
