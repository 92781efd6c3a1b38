// JobManagerCore on synthetic changes, with the real schemas and templates: the paths the
// recordings in fixtures/ do not exercise (reverse dependencies, modify, logical_delete,
// physical delete, the 2017 modify workflow) and the errors.
#include "core/scheduler/job_manager.h"

#include <gtest/gtest.h>

#include "core/json/go_json.h"
#include "tests/domain/fixture_reader.h"

namespace esisim::scheduler {
namespace {

using nlohmann::ordered_json;

std::string envelope(const ordered_json& body, int64_t version, bool marked = false) {
  ordered_json e;
  e["body"] = json::go_json_marshal(body).value();
  e["marked_for_deletion"] = marked;
  e["version"] = version;
  return json::go_json_marshal(e).value();
}

// The param called `name` of a job (null when it has none).
ordered_json param_named(const Job& job, const std::string& name) {
  for (const auto& p : job.params) {
    if (p["param"] == name) return p;
  }
  return nullptr;
}

std::string kinds(const std::vector<EtcdWrite>& writes) {
  std::string out;
  for (const auto& w : writes) {
    const char* k = w.kind == EtcdWrite::Kind::kSet              ? "set"
                    : w.kind == EtcdWrite::Kind::kCreate         ? "create"
                    : w.kind == EtcdWrite::Kind::kCompareAndSwap ? "cas"
                                                                 : "delete";
    out += std::string(k) + " " + w.key + "\n";
  }
  return out;
}

class JobManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schemas_ = std::make_unique<domain::SchemaCatalog>(
        domain::SchemaCatalog::from_json(esisim::testing::read_fixture_json("esi/schemas.json"))
            .value());
    auto mw = domain::TemplateMappings::from_json(
        esisim::testing::read_fixture_json("esi/template_mappings-2017.json"));
    core_ = std::make_unique<JobManagerCore>(
        *schemas_, domain::TemplateMappings::from_schemas(*schemas_), mw.value(),
        JobManagerOptions{}, [this] { return next_suffix(); });
  }

  std::string next_suffix() {
    std::string s = std::to_string(10000 + suffix_counter_++);
    return "s" + s.substr(1);
  }

  void load_template(const std::string& file) { load_template_into(*core_, file); }

  // Reads a fixture template record into `core` as Gohan's /config/v2.0/heat_templates write.
  static void load_template_into(JobManagerCore& core, const std::string& file) {
    ordered_json record = esisim::testing::read_fixture_json(file);
    if (record.contains("value")) record = record["value"];
    std::string id = record["body"]["id"];
    ordered_json stored = record;
    stored["body"] = json::go_json_marshal(record["body"]).value();
    auto r = core.read_config_set("/config/v2.0/heat_templates/" + id,
                                  json::go_json_marshal(stored).value());
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->kind, ReadOutcome::Kind::kTemplateLoaded);
  }

  // Reads a change and, when workable, schedules it; returns all writes.
  std::vector<EtcdWrite> change(const std::string& key, const ordered_json& body, int64_t version,
                                bool marked = false) {
    auto read = core_->read_config_set(key, envelope(body, version, marked));
    EXPECT_TRUE(read.ok()) << read.error().message;
    std::vector<EtcdWrite> writes = read.ok() ? read->writes : std::vector<EtcdWrite>{};
    while (core_->has_queued_workflow()) {
      auto scheduled = core_->schedule_next(state_);
      EXPECT_TRUE(scheduled.ok()) << scheduled.error().message;
      if (!scheduled.ok()) break;
      last_jobs_ = scheduled->job_ids;
      writes.insert(writes.end(), scheduled->writes.begin(), scheduled->writes.end());
    }
    return writes;
  }

  // Marks the resource's job finished (and its /state written, as the worker would).
  std::vector<EtcdWrite> finish(const std::string& job_id, const std::string& state_key,
                                int64_t version) {
    state_.versions[state_key] = version;
    return core_->job_finished(job_id);
  }

  const Job& job(const std::string& id) { return *core_->registry().find(id); }

  ordered_json network(const std::string& id, bool admin_up = true) {
    return ordered_json{
        {"admin_state_up", admin_up}, {"id", id}, {"name", "n"}, {"tenant_id", "t1"}};
  }
  ordered_json subnet(const std::string& id, const std::string& network_id) {
    return ordered_json{
        {"cidr", "10.0.0.0/24"}, {"id", id}, {"network_id", network_id}, {"tenant_id", "t1"}};
  }

  std::unique_ptr<domain::SchemaCatalog> schemas_;
  std::unique_ptr<JobManagerCore> core_;
  MapStateReader state_;
  int suffix_counter_ = 0;
  std::vector<std::string> last_jobs_;
};

TEST_F(JobManagerTest, NonWorkableGetsReadCompleteThenTheCacheAtOnce) {
  ordered_json body{{"id", "pp1"}, {"name", "xe-0/0/1"}, {"tenant_id", "t1"}};
  auto first = change("/config/v2.0/physical_ports/pp1", body, 1);
  EXPECT_EQ(kinds(first),
            "set /state/v2.0/physical_ports/pp1\n"
            "create /esi-worker/config/v2.0/physical_ports/pp1\n");
  EXPECT_EQ(first[0].value,
            R"({"error": "", "state": {"worker_state": "READ_COMPLETE"}, "version": 1})");
  EXPECT_EQ(first[1].value,
            R"({"body": {"id": "pp1", "name": "xe-0/0/1", "tenant_id": "t1"}, "deleted": false, )"
            R"("version": 1})");
  auto second = change("/config/v2.0/physical_ports/pp1", body, 2);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[1].kind, EtcdWrite::Kind::kCompareAndSwap);
  EXPECT_EQ(second[1].prev_value, first[1].value);
  EXPECT_FALSE(core_->has_queued_workflow());
}

TEST_F(JobManagerTest, WorkableCreateWritesTheWorkflowInOrder) {
  load_template("esi/heat_templates/network.json");
  auto writes = change("/config/v2.0/networks/n1", network("n1"), 1);
  EXPECT_EQ(kinds(writes),
            "set /worker-workflow-jobs\n"
            "create /esi-worker/config/v2.0/networks/n1\n"
            "set /jobs/all/create:heat_worker:network:n1:1:s0000\n"
            "set /jobs/ready/create:heat_worker:network:n1:1:s0000\n"
            "delete /worker-workflow-jobs\n");
  EXPECT_EQ(writes[3].value, "heat_worker");
  EXPECT_EQ(writes[2].value.rfind(R"(["heat_worker", {"is_first": true, "version": 1, )", 0), 0u)
      << writes[2].value;
  const Job& j = job("create:heat_worker:network:n1:1:s0000");
  EXPECT_TRUE(j.is_first && j.is_last);
  EXPECT_EQ(j.on_failure, "fail");
  EXPECT_TRUE(j.dependency.empty());
}

TEST_F(JobManagerTest, ForwardDependencyWaitsAndIsPromotedWhenItFinishes) {
  load_template("esi/heat_templates/network.json");
  load_template("esi/heat_templates/subnet.json");
  change("/config/v2.0/networks/n1", network("n1"), 1);
  std::string network_job = last_jobs_.at(0);
  auto writes = change("/config/v2.0/subnets/s1", subnet("s1", "n1"), 1);
  std::string subnet_job = last_jobs_.at(0);
  EXPECT_NE(kinds(writes).find("set /jobs/waiting/" + subnet_job), std::string::npos);
  EXPECT_EQ(job(subnet_job).dependency, std::vector<std::string>{network_job});
  EXPECT_NE(writes[0].value.find(R"("dependencies": [{"action": "create")"), std::string::npos);
  auto finished = finish(network_job, "/state/v2.0/networks/n1", 1);
  EXPECT_EQ(kinds(finished), "delete /jobs/all/" + network_job + "\n" + "delete /jobs/finished/" +
                                 network_job + "\n" + "create /jobs/ready/" + subnet_job + "\n" +
                                 "delete /jobs/waiting/" + subnet_job + "\n");
  EXPECT_FALSE(core_->registry().is_waiting(subnet_job));
}

TEST_F(JobManagerTest, ReverseDependencyOnAJobThatReferencesTheResource) {
  load_template("esi/heat_templates/network.json");
  load_template("esi/heat_templates/subnet.json");
  change("/config/v2.0/networks/n1", network("n1"), 1);
  finish(last_jobs_.at(0), "/state/v2.0/networks/n1", 1);
  change("/config/v2.0/subnets/s1", subnet("s1", "n1"), 1);
  std::string subnet_job = last_jobs_.at(0);
  // The network changes while the subnet job (which references it) is unfinished: rule (b).
  auto writes = change("/config/v2.0/networks/n1", network("n1", false), 2);
  std::string modify_job = last_jobs_.at(0);
  EXPECT_EQ(modify_job.rfind("modify:heat_worker:network:n1:2:", 0), 0u);
  EXPECT_EQ(job(modify_job).dependency, std::vector<std::string>{subnet_job});
  EXPECT_NE(kinds(writes).find("cas /esi-worker/config/v2.0/networks/n1"), std::string::npos);
}

TEST_F(JobManagerTest, ANewVersionWaitsForTheUnfinishedJobOfTheSameResource) {
  load_template("esi/heat_templates/network.json");
  change("/config/v2.0/networks/n1", network("n1"), 1);
  std::string create_job = last_jobs_.at(0);
  state_.versions["/state/v2.0/networks/n1"] = 1;  // as if v1 were done, but its job is not
  change("/config/v2.0/networks/n1", network("n1", false), 2);
  EXPECT_EQ(job(last_jobs_.at(0)).dependency, std::vector<std::string>{create_job});
  EXPECT_TRUE(core_->registry().is_waiting(last_jobs_.at(0)));
}

TEST_F(JobManagerTest, ModifyDoublesResourcesAndMarkedIsLogicalDelete) {
  load_template("esi/heat_templates/network.json");
  load_template("esi/heat_templates/subnet.json");
  change("/config/v2.0/networks/n1", network("n1"), 1);
  finish(last_jobs_.at(0), "/state/v2.0/networks/n1", 1);
  change("/config/v2.0/subnets/s1", subnet("s1", "n1"), 1);
  finish(last_jobs_.at(0), "/state/v2.0/subnets/s1", 1);
  change("/config/v2.0/subnets/s1", subnet("s1", "n1"), 2);
  const Job& modify = job(last_jobs_.at(0));
  EXPECT_EQ(modify.action, "modify");
  EXPECT_EQ(param_named(modify, "network_id")["resources"].size(), 2u);
  finish(last_jobs_.at(0), "/state/v2.0/subnets/s1", 2);
  change("/config/v2.0/subnets/s1", subnet("s1", "n1"), 3, true);
  EXPECT_EQ(job(last_jobs_.at(0)).action, "logical_delete");
  EXPECT_EQ(last_jobs_.at(0).rfind("logical_delete:heat_worker:subnet:s1:3:", 0), 0u);
}

TEST_F(JobManagerTest, SameVersionAsStateIsNoChange) {
  load_template("esi/heat_templates/network.json");
  state_.versions["/state/v2.0/networks/n1"] = 4;
  auto read = core_->read_config_set("/config/v2.0/networks/n1", envelope(network("n1"), 4));
  ASSERT_TRUE(read.ok());
  auto scheduled = core_->schedule_next(state_);
  ASSERT_TRUE(scheduled.ok());
  EXPECT_TRUE(scheduled->writes.empty());
  EXPECT_NE(scheduled->note.find("no change"), std::string::npos);
}

TEST_F(JobManagerTest, PhysicalDeleteCleansUpTheWorkerRecords) {
  load_template("esi/heat_templates/network.json");
  change("/config/v2.0/networks/n1", network("n1"), 1);
  auto r = core_->read_config_delete("/config/v2.0/networks/n1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(kinds(r->writes),
            "delete /esi-worker/config/v2.0/networks/n1\n"
            "delete /esi-worker/heat_stacks/v2.0/networks/n1\n");
  auto unknown = core_->read_config_delete("/config/v2.0/networks/never-seen");
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->writes.empty());
}

TEST_F(JobManagerTest, Generation2017ModifyIsDeleteMonitoringModifyHeatCreateMonitoring) {
  load_template("esi/heat_templates-2017/network.json");
  load_template("esi/heat_templates-2017/network_monitoring.json");
  load_template("esi/heat_templates-2017/port.json");
  load_template("esi/heat_templates-2017/port_monitoring.json");
  EXPECT_EQ(core_->generation(), Generation::kMw2017);
  change("/config/v2.0/networks/n1", network("n1"), 1);
  ASSERT_EQ(last_jobs_.size(), 2u);
  EXPECT_EQ(last_jobs_[0].rfind("create:heat_worker:network:n1:1:", 0), 0u);
  EXPECT_EQ(last_jobs_[1].rfind("create:monitoring_worker:network:n1:1:", 0), 0u);
  EXPECT_EQ(job(last_jobs_[1]).dependency, std::vector<std::string>{last_jobs_[0]});
  EXPECT_FALSE(job(last_jobs_[0]).is_last);
  finish(last_jobs_[0], "/state/v2.0/networks/n1", 0);
  finish(last_jobs_[1], "/state/v2.0/networks/n1", 1);

  ordered_json port{
      {"attached", false},  {"device_owner", "compute:nova"},     {"id", "p1"},
      {"network_id", "n1"}, {"fixed_ips", ordered_json::array()}, {"tenant_id", "t1"}};
  change("/config/v2.0/ports/p1", port, 1);
  for (const auto& id : last_jobs_) finish(id, "/state/v2.0/ports/p1", 1);
  port["attached"] = true;
  change("/config/v2.0/ports/p1", port, 2);
  ASSERT_EQ(last_jobs_.size(), 3u);
  const Job& del = job(last_jobs_[0]);
  const Job& mod = job(last_jobs_[1]);
  const Job& cre = job(last_jobs_[2]);
  EXPECT_EQ(last_jobs_[0].rfind("delete:monitoring_worker:port:p1:2:", 0), 0u);
  EXPECT_EQ(del.on_failure, "ignore");
  EXPECT_TRUE(del.is_first && !del.is_last);
  EXPECT_EQ(last_jobs_[1].rfind("modify:heat_worker:port:p1:2:", 0), 0u);
  EXPECT_EQ(last_jobs_[2].rfind("create:monitoring_worker:port:p1:2:", 0), 0u);
  EXPECT_TRUE(cre.is_last);
  // Delete-monitoring params read the previous body; resource_input is the new one.
  EXPECT_EQ(param_named(del, "attached")["value"], false);
  EXPECT_EQ(param_named(cre, "attached")["value"], true);
  EXPECT_EQ(del.resource_input["attached"], true);
  // Chain: job k depends on all jobs before it.
  EXPECT_EQ(mod.dependency, std::vector<std::string>{last_jobs_[0]});
  EXPECT_EQ(cre.dependency.size(), 2u);
  // virtual_network (Mnetwork:network_id:id) of the heat modify: resources x2.
  EXPECT_EQ(param_named(mod, "virtual_network")["resources"].size(), 2u);
}

TEST_F(JobManagerTest, BadSuffixIsAnError) {
  load_template("esi/heat_templates/network.json");
  JobManagerCore core(*schemas_, domain::TemplateMappings::from_schemas(*schemas_),
                      domain::TemplateMappings::from_schemas(*schemas_), {},
                      [] { return std::string("TOO-LONG"); });
  load_template_into(core, "esi/heat_templates/network.json");
  ASSERT_TRUE(core.read_config_set("/config/v2.0/networks/n1", envelope(network("n1"), 1)).ok());
  auto r = core.schedule_next(state_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("TOO-LONG"), std::string::npos);
}

TEST_F(JobManagerTest, MalformedConfigRecordIsAnErrorNamingTheKey) {
  auto r = core_->read_config_set("/config/v2.0/networks/n1", "{\"body\": 3}");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("/config/v2.0/networks/n1"), std::string::npos);
  EXPECT_NE(r.error().message.find("expected a Gohan record"), std::string::npos);
}

TEST_F(JobManagerTest, UnfinishedJobLimitIsAnError) {
  load_template("esi/heat_templates/network.json");
  JobManagerOptions options;
  options.jobs_max = 1;
  JobManagerCore core(*schemas_, domain::TemplateMappings::from_schemas(*schemas_),
                      domain::TemplateMappings::from_schemas(*schemas_), options,
                      [this] { return next_suffix(); });
  load_template_into(core, "esi/heat_templates/network.json");
  ASSERT_TRUE(core.read_config_set("/config/v2.0/networks/a", envelope(network("a"), 1)).ok());
  ASSERT_TRUE(core.read_config_set("/config/v2.0/networks/b", envelope(network("b"), 1)).ok());
  ASSERT_TRUE(core.schedule_next(state_).ok());
  auto second = core.schedule_next(state_);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("its limit"), std::string::npos);
}

}  // namespace
}  // namespace esisim::scheduler

namespace esisim::scheduler {
namespace {

// Schedules one network with a one-param template whose mapping is `mapping`; the error.
std::string error_for(JobManagerCore& core, const ordered_json& mapping) {
  ordered_json body{{"handler", "heat_worker"},
                    {"id", "network"},
                    {"parameter_mappings", {{"bad_param", mapping}}},
                    {"template_file", ""},
                    {"watch", ordered_json::array()}};
  ordered_json record{{"body", json::go_json_marshal(body).value()},
                      {"marked_for_deletion", false},
                      {"version", 1}};
  EXPECT_TRUE(core.read_config_set("/config/v2.0/heat_templates/network",
                                   json::go_json_marshal(record).value())
                  .ok());
  ordered_json net{{"id", "n1"}, {"name", "x"}, {"tenant_id", "t"}};
  EXPECT_TRUE(core.read_config_set("/config/v2.0/networks/n1", envelope(net, 1)).ok());
  MapStateReader state;
  auto r = core.schedule_next(state);
  EXPECT_FALSE(r.ok());
  return r.ok() ? std::string() : r.error().message;
}

TEST_F(JobManagerTest, BadMappingsNameTheTemplateTheParamAndTheProblem) {
  const std::vector<std::pair<ordered_json, std::string>> cases = {
      {"Xbogus", "operator"},                                                     // unknown
      {{{"field", "id"}, {"path", {"no_such_relation"}}}, "no_such_relation"},    // bad path
      {{{"if_mapping", {{"regexp", {{{"field", "id"}}, {{"constant", "(["}}}}}},  // regexp
        {"then_mapping", {{"constant", 1}}},
        {"else_mapping", {{"constant", 2}}}},
       "(["},
      {{{"for_field", "name"}, {"for_mapping", {{"field", "x"}}}}, "does not yield a list"},
  };
  for (const auto& [mapping, problem] : cases) {
    JobManagerCore core(*schemas_, domain::TemplateMappings::from_schemas(*schemas_),
                        domain::TemplateMappings::from_schemas(*schemas_), {},
                        [this] { return next_suffix(); });
    std::string error = error_for(core, mapping);
    EXPECT_NE(error.find("template network"), std::string::npos) << error;
    EXPECT_NE(error.find("bad_param"), std::string::npos) << error;
    EXPECT_NE(error.find(problem), std::string::npos) << error;
    std::cout << mapping.dump() << "\n  -> " << error << "\n";
  }
}

}  // namespace
}  // namespace esisim::scheduler
