// The capacity report's arithmetic on a hand-made job timeline (etcd events as the Job Manager
// and the workers write them): makespan, queue-wait percentiles, slot use, the critical path,
// and the timeline and DAG renderings.
#include "sim/capacity/capacity_report.h"

#include <gtest/gtest.h>

#include <string>

namespace esisim::sim::capacity {
namespace {

etcd::Event write(const std::string& key, const std::string& value,
                  etcd::Action action = etcd::Action::kSet) {
  etcd::Event e;
  e.action = action;
  e.node.key = key;
  e.node.value = value;
  return e;
}

std::string job_value(const std::vector<std::string>& deps) {
  std::string list;
  for (const auto& d : deps) list += (list.empty() ? "\"" : ",\"") + d + "\"";
  return "[\"heat_worker\", {\"dependency\": [" + list + "]}, 0]";
}

// Three jobs: a (t 0..100), b (no deps, queued 10 .. 50..250), c waits for a and b
// (ready 250, started 300, finished 400). Two slots.
JobTimeline three_jobs() {
  JobTimeline t;
  const std::string a = "create:heat_worker:network:n1:1:aaaaa";
  const std::string b = "create:heat_worker:network:n2:1:bbbbb";
  const std::string c = "create:heat_worker:subnet:s1:1:ccccc";
  auto at = [&t](int64_t ms, etcd::Event e) { ASSERT_TRUE(t.observe(e, ms).ok()); };
  at(0, write("/config/v2.0/heat_templates/network", "{}"));
  at(5, write("/config/v2.0/networks/n1", "{}"));
  at(5, write("/jobs/all/" + a, job_value({})));
  at(5, write("/jobs/ready/" + a, "heat_worker", etcd::Action::kCreate));
  at(5, write("/jobs/working/" + a, "w", etcd::Action::kCreate));
  at(10, write("/jobs/all/" + b, job_value({})));
  at(10, write("/jobs/ready/" + b, "heat_worker", etcd::Action::kCreate));
  at(12, write("/jobs/all/" + c, job_value({a, b})));
  at(50, write("/jobs/working/" + b, "w", etcd::Action::kCreate));
  etcd::Event refresh = write("/jobs/working/" + b, "w", etcd::Action::kCompareAndSwap);
  refresh.refresh = true;
  at(80, refresh);
  at(100, write("/jobs/finished/" + a, "", etcd::Action::kCreate));
  at(250, write("/jobs/finished/" + b, "", etcd::Action::kCreate));
  at(250, write("/jobs/ready/" + c, "heat_worker", etcd::Action::kCreate));
  at(300, write("/jobs/working/" + c, "w", etcd::Action::kCreate));
  at(400, write("/jobs/finished/" + c, "FAILED", etcd::Action::kCreate));
  at(410, write("/state/v2.0/subnets/s1", "{}"));
  at(900, write("/monitoring/v2.0/ports/p1", "{}"));
  t.set_slot(a, 0);
  t.set_slot(b, 1);
  t.set_slot(c, 0);
  return t;
}

TEST(CapacityReport, MakespanWaitsUseAndCriticalPath) {
  JobTimeline t = three_jobs();
  ASSERT_EQ(t.jobs().size(), 3u);
  EXPECT_EQ(t.first_request_ms(), 5) << "heat templates are not requests";
  EXPECT_EQ(t.last_activity_ms(), 410) << "monitoring and refreshes are not back-end work";
  CapacityReport r = analyse(t, 2);
  EXPECT_EQ(r.makespan_ms, 405);
  EXPECT_EQ(r.jobs, 3u);
  EXPECT_EQ(r.jobs_failed, 1u);
  EXPECT_EQ(r.jobs_unfinished, 0u);
  // Waits 0, 40, 50: nearest-rank median 40, p95 50.
  EXPECT_EQ(r.queue_wait.jobs, 3u);
  EXPECT_EQ(r.queue_wait.median_ms, 40);
  EXPECT_EQ(r.queue_wait.p95_ms, 50);
  EXPECT_EQ(r.queue_wait.max_ms, 50);
  EXPECT_EQ(r.heat_busy_slot_ms, 95 + 200 + 100);
  EXPECT_DOUBLE_EQ(r.heat_utilisation, 395.0 / (2 * 405.0));
  // c was held by b (finished 250), not a (finished 100).
  ASSERT_EQ(r.critical_path.size(), 2u);
  EXPECT_EQ(r.critical_path[0].job_id, "create:heat_worker:network:n2:1:bbbbb");
  EXPECT_EQ(r.critical_path[1].job_id, "create:heat_worker:subnet:s1:1:ccccc");
  EXPECT_EQ(r.critical_path_ms, 400 - 10);
}

TEST(CapacityReport, TimelineHasASpanPerJobAndAFlowPerDependency) {
  JobTimeline t = three_jobs();
  CapacityReport r = analyse(t, 2);
  auto doc = timeline_json(t, r);
  size_t spans = 0, starts = 0, ends = 0;
  for (const auto& e : doc["traceEvents"]) {
    std::string ph = e["ph"];
    if (ph == "X") {
      ++spans;
      EXPECT_GE(e["ts"].get<int64_t>(), 0);
    }
    if (ph == "s") ++starts;
    if (ph == "f") {
      ++ends;
      EXPECT_EQ(e["ts"], (300 - 5) * 1000) << "the flow ends where c starts";
    }
  }
  EXPECT_EQ(spans, 3u);
  EXPECT_EQ(starts, 2u);
  EXPECT_EQ(ends, 2u);
}

TEST(CapacityReport, DagDrawsEveryDependencyAndTheCriticalPath) {
  JobTimeline t = three_jobs();
  CapacityReport r = analyse(t, 2);
  std::string dot = dag_dot(t, r);
  EXPECT_NE(dot.find("j0 -> j2;"), std::string::npos) << dot;
  EXPECT_NE(dot.find("j1 -> j2 [penwidth=3];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("color=red"), std::string::npos) << "the failed job";
}

TEST(CapacityReport, TableListsEachWorkerCountAndItsPath) {
  JobTimeline t = three_jobs();
  std::vector<CapacityReport> reports = {analyse(t, 1), analyse(t, 2)};
  std::string table = render_table("title", reports, 1);
  EXPECT_NE(table.find("critical path with 1 workers (2 jobs, 0.4 s)"), std::string::npos) << table;
  EXPECT_NE(table.find("... 1 more"), std::string::npos) << table;
  auto json = report_json("title", reports);
  ASSERT_EQ(json["runs"].size(), 2u);
  EXPECT_EQ(json["runs"][1]["queue_wait_ms"]["p95"], 50);
}

TEST(JobTimeline, AMalformedJobRecordIsAnErrorNamingTheKey) {
  JobTimeline t;
  auto s = t.observe(write("/jobs/all/x", "[1,2]"), 0);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("/jobs/all/x"), std::string::npos);
}

}  // namespace
}  // namespace esisim::sim::capacity
