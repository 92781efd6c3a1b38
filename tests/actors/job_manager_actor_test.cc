// The Job Manager actor in the simulation: start-up, election and lease, /config watch, job
// life cycle with a scripted worker, takeover by a second Job Manager, determinism.
#include "sim/actors/job_manager_actor.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/json/go_json.h"
#include "sim/trace/trace_reader.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::sim {
namespace {

using nlohmann::ordered_json;

constexpr int64_t kT0 = 1548979200000;  // 2019-02-01T00:00:00Z

std::string envelope(const ordered_json& body, int64_t version) {
  ordered_json e;
  e["body"] = json::go_json_marshal(body).value();
  e["marked_for_deletion"] = false;
  e["version"] = version;
  return json::go_json_marshal(e).value();
}

std::string template_record(const std::string& file) {
  ordered_json record = esisim::testing::read_fixture_json(file)["value"];
  record["body"] = json::go_json_marshal(record["body"]).value();
  return json::go_json_marshal(record).value();
}

// A worker that reserves every ready job, and after `duration_ms` writes /state and finishes it.
class ScriptedWorker {
 public:
  ScriptedWorker(EventLoop& loop, SimEtcd& etcd, const domain::SchemaCatalog& schemas,
                 int64_t duration_ms)
      : loop_(loop), etcd_(etcd), schemas_(schemas), duration_ms_(duration_ms) {}

  void start() { watch(0); }
  int finished = 0;

 private:
  void watch(uint64_t from) {
    etcd::WaitOptions wait;
    wait.recursive = true;
    wait.wait_index = from;
    ASSERT_TRUE(etcd_
                    .watch("/jobs/ready", wait,
                           [this](const etcd::Event& e) {
                             bool below = e.node.key.rfind("/jobs/ready/", 0) == 0;
                             if (below && (e.action == etcd::Action::kSet ||
                                           e.action == etcd::Action::kCreate)) {
                               reserve(e.node.key.substr(std::string("/jobs/ready/").size()));
                             }
                             watch(e.index() + 1);
                           })
                    .ok());
  }

  void reserve(const std::string& id) {
    etcd::PutOptions create;
    create.prev_exist = false;
    create.ttl_s = 60;
    ASSERT_TRUE(etcd_.api().put("/jobs/working/" + id, "reservation", create).ok());
    ASSERT_TRUE(etcd_.api().remove("/jobs/ready/" + id, {}).ok());
    ASSERT_TRUE(loop_.schedule_after(duration_ms_, "worker", [this, id] { finish(id); }).ok());
  }

  void finish(const std::string& id) {
    auto all = etcd_.api().get("/jobs/all/" + id, {});
    ASSERT_TRUE(all.ok());
    auto job = ordered_json::parse(*all->node.value)[1];
    const auto* schema = schemas_.find_by_id(job["resource_type"].get<std::string>());
    ASSERT_NE(schema, nullptr);
    ordered_json state{{"error", ""},
                       {"state", {{"worker_state", "CREATE_COMPLETED"}}},
                       {"version", job["version"]}};
    std::string path = schema->path + "/" + job["resource_id"].get<std::string>();
    ASSERT_TRUE(etcd_.api().put("/state" + path, state.dump(), {}).ok());
    etcd::PutOptions create;
    create.prev_exist = false;
    ASSERT_TRUE(etcd_.api().put("/jobs/finished/" + id, "", create).ok());
    ASSERT_TRUE(etcd_.api().remove("/jobs/working/" + id, {}).ok());
    ++finished;
  }

  EventLoop& loop_;
  SimEtcd& etcd_;
  const domain::SchemaCatalog& schemas_;
  int64_t duration_ms_;
};

class JobManagerActorTest : public ::testing::Test {
 protected:
  JobManagerActorTest()
      : schemas_(
            domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"))
                .value()),
        mw_(domain::TemplateMappings::from_json(
                esisim::testing::read_fixture_json("esi/template_mappings-2017.json"))
                .value()) {}

  std::unique_ptr<JobManagerActor> make_jm(EventLoop& loop, SimEtcd& etcd, RandomStreams& streams) {
    return std::make_unique<JobManagerActor>(loop, etcd, streams, schemas_,
                                             domain::TemplateMappings::from_schemas(schemas_), mw_);
  }

  // Gohan: templates at +1 s, then a network, its subnet and a port in one burst at +10 s.
  void gohan(EventLoop& loop, SimEtcd& etcd) {
    ASSERT_TRUE(
        loop.schedule_at(
                kT0 + 1000, "gohan templates",
                [&etcd] {
                  for (const char* t : {"network", "subnet", "port"}) {
                    ASSERT_TRUE(
                        etcd.api()
                            .put(std::string("/config/v2.0/heat_templates/") + t,
                                 template_record(std::string("esi/heat_templates/") + t + ".json"),
                                 {})
                            .ok());
                  }
                })
            .ok());
    ASSERT_TRUE(
        loop.schedule_at(
                kT0 + 10000, "gohan resources",
                [&etcd] {
                  ordered_json net{{"admin_state_up", true}, {"id", "n1"}, {"tenant_id", "t"}};
                  ordered_json sub{{"cidr", "10.0.0.0/24"},
                                   {"id", "s1"},
                                   {"network_id", "n1"},
                                   {"tenant_id", "t"}};
                  ordered_json port{{"device_owner", ""},
                                    {"id", "p1"},
                                    {"network_id", "n1"},
                                    {"fixed_ips", {{{"subnet_id", "s1"}}}},
                                    {"tenant_id", "t"}};
                  ordered_json phys{{"id", "pp1"}, {"tenant_id", "t"}};
                  auto& api = etcd.api();
                  ASSERT_TRUE(api.put("/config/v2.0/networks/n1", envelope(net, 1), {}).ok());
                  ASSERT_TRUE(api.put("/config/v2.0/subnets/s1", envelope(sub, 1), {}).ok());
                  ASSERT_TRUE(api.put("/config/v2.0/ports/p1", envelope(port, 1), {}).ok());
                  ASSERT_TRUE(
                      api.put("/config/v2.0/physical_ports/pp1", envelope(phys, 1), {}).ok());
                })
            .ok());
  }

  domain::SchemaCatalog schemas_;
  domain::TemplateMappings mw_;
};

TEST_F(JobManagerActorTest, RunsAFlowToTheEndWithElectionLeaseAndCleanup) {
  EventLoop loop(kT0);
  std::ostringstream out;
  trace::TraceRecorder recorder(out);
  SimEtcd etcd(loop, &recorder);
  RandomStreams streams(7);
  auto jm = make_jm(loop, etcd, streams);
  ScriptedWorker worker(loop, etcd, schemas_, 1000);
  jm->start();
  worker.start();
  gohan(loop, etcd);
  ASSERT_TRUE(loop.run_until(kT0 + 95'000, 100'000).ok());
  EXPECT_TRUE(jm->errors().empty()) << jm->errors().front();
  EXPECT_TRUE(jm->stuck_jobs().empty());
  EXPECT_EQ(worker.finished, 3);
  EXPECT_EQ(jm->core().registry().size(), 0u);

  std::istringstream in(out.str());
  auto events = trace::read_trace(in, "sim").value();
  // The five directories first, at indices 4..8.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(events[i].index, uint64_t(4 + i));
    EXPECT_EQ(events[i].action, "set");
  }
  EXPECT_EQ(events[0].key, "/jobs/all");
  // Election: create, then CAS at the next index at once, then every 30 s.
  std::vector<trace::TraceEvent> lease;
  for (const auto& e : events) {
    if (e.key == "/job_manager_id") lease.push_back(e);
  }
  ASSERT_EQ(lease.size(), 5u);
  EXPECT_EQ(lease[0].action, "create");
  EXPECT_EQ(lease[0].ttl_s, 65);
  EXPECT_EQ(lease[0].value.get<std::string>(), jm->worker_id());
  EXPECT_EQ(lease[1].action, "compareAndSwap");
  EXPECT_EQ(*lease[1].index, *lease[0].index + 1);
  EXPECT_EQ(lease[1].time_ms, lease[0].time_ms);
  EXPECT_EQ(lease[2].time_ms - lease[0].time_ms, 30'000);
  EXPECT_EQ(lease[4].time_ms - lease[0].time_ms, 90'000);
  // The subnet job waited for the network job; nothing is left under /jobs.
  bool subnet_waited = false;
  for (const auto& e : events) {
    if (e.key.rfind("/jobs/waiting/create:heat_worker:subnet:s1:1:", 0) == 0) subnet_waited = true;
  }
  EXPECT_TRUE(subnet_waited);
  etcd::GetOptions recursive;
  recursive.recursive = true;
  auto jobs = etcd.api().get("/jobs", recursive);
  for (const auto& dir : jobs->node.nodes) EXPECT_TRUE(dir.nodes.empty()) << dir.key;
  // Non-workable physical port: READ_COMPLETE.
  auto state = etcd.api().get("/state/v2.0/physical_ports/pp1", {});
  ASSERT_TRUE(state.ok());
  EXPECT_NE(state->node.value->find("READ_COMPLETE"), std::string::npos);
  EXPECT_TRUE(etcd.api().get("/esi-worker/config/v2.0/ports/p1", {}).ok());
}

TEST_F(JobManagerActorTest, EventsOnTheFinishedDirectoryItselfAreIgnored) {
  EventLoop loop(kT0);
  SimEtcd etcd(loop);
  RandomStreams streams(5);
  auto jm = make_jm(loop, etcd, streams);
  ScriptedWorker worker(loop, etcd, schemas_, 1000);
  jm->start();
  worker.start();
  // Somebody removes and recreates /jobs/finished while the Job Manager watches below it.
  ASSERT_TRUE(loop.schedule_at(kT0 + 5000, "operator",
                               [&etcd] {
                                 etcd::DeleteOptions recursive;
                                 recursive.recursive = true;
                                 ASSERT_TRUE(etcd.api().remove("/jobs/finished", recursive).ok());
                                 etcd::PutOptions dir;
                                 dir.dir = true;
                                 ASSERT_TRUE(etcd.api().put("/jobs/finished", "", dir).ok());
                               })
                  .ok());
  gohan(loop, etcd);
  ASSERT_TRUE(loop.run_until(kT0 + 40'000, 100'000).ok());
  EXPECT_TRUE(jm->errors().empty()) << jm->errors().front();
  EXPECT_EQ(worker.finished, 3);
  EXPECT_EQ(jm->core().registry().size(), 0u);
}

TEST_F(JobManagerActorTest, ASecondJobManagerTakesOverWhenTheLeaseExpires) {
  EventLoop loop(kT0);
  SimEtcd etcd(loop);
  RandomStreams streams_a(1), streams_b(2);
  auto a = make_jm(loop, etcd, streams_a);
  auto b = make_jm(loop, etcd, streams_b);
  a->start();
  ASSERT_TRUE(loop.schedule_at(kT0 + 5000, "b", [&] { b->start(); }).ok());
  ASSERT_TRUE(loop.run_until(kT0 + 40'000, 100'000).ok());
  EXPECT_TRUE(a->is_master());
  EXPECT_FALSE(b->is_master());
  a->stop();  // a stops refreshing at 40 s; its last refresh was at 30 s, so it expires at 95 s
  ASSERT_TRUE(loop.run_until(kT0 + 94'999, 100'000).ok());
  EXPECT_FALSE(b->is_master());
  ASSERT_TRUE(loop.run_until(kT0 + 95'000, 100'000).ok());
  EXPECT_TRUE(b->is_master());
  EXPECT_EQ(*etcd.api().get("/job_manager_id", {})->node.value, b->worker_id());
}

TEST_F(JobManagerActorTest, SameSeedSameTrace) {
  auto run = [&](uint64_t seed) {
    EventLoop loop(kT0);
    std::ostringstream out;
    trace::TraceRecorder recorder(out);
    SimEtcd etcd(loop, &recorder);
    RandomStreams streams(seed);
    auto jm = make_jm(loop, etcd, streams);
    ScriptedWorker worker(loop, etcd, schemas_, 700);
    jm->start();
    worker.start();
    gohan(loop, etcd);
    EXPECT_TRUE(loop.run_until(kT0 + 20'000, 100'000).ok());
    return out.str();
  };
  std::string first = run(3);
  EXPECT_EQ(first, run(3));
  EXPECT_NE(first, run(4));  // other JobsWorker id and job suffixes
}

TEST_F(JobManagerActorTest, AChangeThatCannotBeScheduledIsReportedNotHung) {
  EventLoop loop(kT0);
  SimEtcd etcd(loop);
  RandomStreams streams(1);
  auto jm = make_jm(loop, etcd, streams);
  jm->start();
  ASSERT_TRUE(
      loop.schedule_at(kT0 + 1000, "gohan",
                       [&] {
                         // A template whose mapping names an operator that does not exist.
                         ordered_json body{{"handler", "heat_worker"},
                                           {"id", "network"},
                                           {"parameter_mappings", {{"name", "Xbogus"}}},
                                           {"template_file", ""},
                                           {"watch", ordered_json::array()}};
                         ordered_json record{{"body", json::go_json_marshal(body).value()},
                                             {"marked_for_deletion", false},
                                             {"version", 1}};
                         ASSERT_TRUE(etcd.api()
                                         .put("/config/v2.0/heat_templates/network",
                                              json::go_json_marshal(record).value(), {})
                                         .ok());
                         ordered_json net{{"id", "n1"}, {"tenant_id", "t"}};
                         ASSERT_TRUE(
                             etcd.api().put("/config/v2.0/networks/n1", envelope(net, 1), {}).ok());
                       })
          .ok());
  ASSERT_TRUE(loop.run_until(kT0 + 5000, 10'000).ok());
  ASSERT_EQ(jm->errors().size(), 1u);
  const std::string& error = jm->errors()[0];
  EXPECT_NE(error.find("network:n1"), std::string::npos) << error;
  EXPECT_NE(error.find("template network"), std::string::npos) << error;
  EXPECT_NE(error.find("\"name\""), std::string::npos) << error;
  EXPECT_NE(error.find("Xbogus"), std::string::npos) << error;
}

}  // namespace
}  // namespace esisim::sim
