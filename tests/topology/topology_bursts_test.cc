// Update and delete bursts: counts from the percentages, one settle point per burst, updates
// that change something and never touch a unit being deleted, whole units deleted in reverse
// creation order, nothing after a resource's delete, deterministic from the seed.
#include "sim/topology/topology_bursts.h"

#include <gtest/gtest.h>

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
  for (const TopologyUnit& unit : generate_units(o).value()) n += unit.requests.size();
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
  EXPECT_EQ(settles, 3u);
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

// Deletes of a unit come in reverse creation order; no request touches a resource after its
// delete; an update changes the body, and a port bound to a logical port flips `attached`.
TEST(TopologyBursts, DeletesInReverseCreationOrderAndNothingAfterThem) {
  for (Shape shape : {Shape::kLogicalNetwork, Shape::kGateway, Shape::kLoadBalancer,
                      Shape::kFirewall, Shape::kMixed}) {
    auto requests = generate_requests(options(shape, 50, 50, 4)).value();
    std::map<std::string, size_t> created_at;
    std::map<std::string, ordered_json> body;
    std::set<std::string> deleted;
    size_t flips = 0;
    size_t last_delete_rank = SIZE_MAX;
    bool in_unit = false;  // the previous request deleted a resource of a unit not yet done
    for (size_t i = 0; i < requests.size(); ++i) {
      const GohanRequest& r = requests[i];
      ASSERT_FALSE(deleted.contains(r.id)) << "request after the delete of " << r.id;
      if (r.op != GohanRequest::Op::kDelete) {
        EXPECT_FALSE(in_unit) << "a unit's deletes are interrupted";
        in_unit = false;
      }
      switch (r.op) {
        case GohanRequest::Op::kCreate:
          created_at[r.id] = i;
          body[r.id] = r.body;
          break;
        case GohanRequest::Op::kUpdate:
          ASSERT_TRUE(body.contains(r.id));
          EXPECT_NE(nlohmann::json(r.body), nlohmann::json(body[r.id])) << r.type << " " << r.id;
          if (r.type == "port" && r.body["attached"] != body[r.id]["attached"]) ++flips;
          body[r.id] = r.body;
          break;
        case GohanRequest::Op::kDelete: {
          ASSERT_TRUE(created_at.contains(r.id));
          if (in_unit && !r.settle_before) {  // a unit's deletes end with its tenant
            EXPECT_LT(created_at[r.id], last_delete_rank) << "reverse creation order";
          }
          in_unit = r.type != "tenant";
          last_delete_rank = created_at[r.id];
          deleted.insert(r.id);
          break;
        }
      }
    }
    EXPECT_FALSE(deleted.empty()) << shape_name(shape);
    if (shape == Shape::kLogicalNetwork || shape == Shape::kGateway) {
      EXPECT_GT(flips, 0u) << shape_name(shape);
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
