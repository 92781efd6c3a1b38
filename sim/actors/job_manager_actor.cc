#include "sim/actors/job_manager_actor.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/util/time_format.h"

namespace esisim::sim {

namespace {
constexpr const char* kJobDirectories[] = {"/jobs/all", "/jobs/waiting", "/jobs/ready",
                                           "/jobs/working", "/jobs/finished"};
constexpr std::string_view kLeaseKey = "/job_manager_id";
constexpr std::string_view kHeatTemplates = "/config/v2.0/heat_templates/";

bool is_removal(etcd::Action action) {
  return action == etcd::Action::kDelete || action == etcd::Action::kCompareAndDelete ||
         action == etcd::Action::kExpire;
}

void collect_files(const etcd::NodeView& node, std::vector<const etcd::NodeView*>& out) {
  if (!node.dir) {
    out.push_back(&node);
    return;
  }
  for (const auto& child : node.nodes) collect_files(child, out);
}
}  // namespace

class JobManagerActor::EtcdState : public scheduler::StateReader {
 public:
  explicit EtcdState(SimEtcd& etcd) : etcd_(etcd) {}
  std::optional<int64_t> state_version(std::string_view key) override {
    auto got = etcd_.api().get(key, {});
    if (!got.ok() || !got->node.value) return std::nullopt;
    auto state = nlohmann::json::parse(*got->node.value, nullptr, false);
    if (!state.is_object() || !state.contains("version") || !state["version"].is_number_integer()) {
      return std::nullopt;
    }
    return state["version"].get<int64_t>();
  }

 private:
  SimEtcd& etcd_;
};

JobManagerActor::JobManagerActor(EventLoop& loop, SimEtcd& etcd, RandomStreams& streams,
                                 const domain::SchemaCatalog& schemas,
                                 domain::TemplateMappings heat_only,
                                 domain::TemplateMappings mw2017, JobManagerActorOptions options)
    : loop_(loop),
      etcd_(etcd),
      rng_(streams.stream("job_manager")),
      options_(options),
      worker_id_(options_.worker_id ? *options_.worker_id : rng_.uuid4()),
      core_(schemas, std::move(heat_only), std::move(mw2017), options.core,
            [this] {
              if (options_.job_suffix) return options_.job_suffix();
              return rng_.random_string(scheduler::kJobSuffixAlphabet, scheduler::kJobSuffixLength);
            }),
      state_(std::make_unique<EtcdState>(etcd)) {}

JobManagerActor::~JobManagerActor() = default;

void JobManagerActor::at(int64_t delay_ms, std::string label, std::function<void()> fn) {
  auto id = loop_.schedule_after(delay_ms, std::move(label), std::move(fn));
  if (!id.ok()) {
    std::fprintf(stderr, "esisim: job manager: %s\n", id.error().message.c_str());
    std::abort();  // the loop's queue limit: the run cannot go on faithfully
  }
}

void JobManagerActor::fail(std::string what) {
  errors_.push_back(format_iso_millis(loop_.now_ms()) + " job manager: " + std::move(what));
}

void JobManagerActor::start() {
  at(0, "job manager start", [this] {
    etcd::PutOptions dir;
    dir.dir = true;
    for (const char* key : kJobDirectories) {
      auto r = etcd_.api().put(key, "", dir);
      if (!r.ok() && r.error().code != etcd::kNotFile) fail(r.error().to_string());
    }
    elect();
  });
}

void JobManagerActor::stop() { stopped_ = true; }

void JobManagerActor::elect() {
  if (stopped_) return;
  etcd::PutOptions create;
  create.prev_exist = false;
  create.ttl_s = options_.lease_ttl_s;
  auto created = etcd_.api().put(kLeaseKey, worker_id_, create);
  if (created.ok()) {
    become_master(created->node.created_index);
    return;
  }
  if (created.error().code != etcd::kNodeExist) fail(created.error().to_string());
  watch_lease();  // somebody else is master: wait for the key to go
}

void JobManagerActor::become_master(uint64_t) {
  master_ = true;
  lease_created_ms_ = loop_.now_ms();
  refresh_lease();  // the first refresh comes at once, at the next index
  watch_lease();
  sync_config();
}

void JobManagerActor::refresh_lease() {
  if (stopped_ || !master_) return;
  etcd::PutOptions cas;
  cas.prev_value = worker_id_;
  cas.ttl_s = options_.lease_ttl_s;
  auto r = etcd_.api().put(kLeaseKey, worker_id_, cas);
  if (!r.ok()) {
    master_ = false;
    fail("lost the master lease: " + r.error().to_string());
    elect();
    return;
  }
  // Refreshes follow at create + 30 s x k.
  int64_t elapsed = loop_.now_ms() - lease_created_ms_;
  int64_t next = (elapsed / options_.lease_refresh_ms + 1) * options_.lease_refresh_ms;
  at(next - elapsed, "job manager lease refresh", [this] { refresh_lease(); });
}

void JobManagerActor::watch_lease() {
  if (stopped_) return;
  auto w = etcd_.watch(kLeaseKey, {}, [this](const etcd::Event& e) {
    if (stopped_) return;
    if (is_removal(e.action)) {
      master_ = false;
      elect();
    } else {
      watch_lease();
    }
  });
  if (!w.ok()) fail("watch " + std::string(kLeaseKey) + ": " + w.error().to_string());
}

void JobManagerActor::sync_config() {
  etcd::GetOptions all;
  all.recursive = true;
  auto got = etcd_.api().get("/config", all);
  uint64_t from = 0;
  if (got.ok()) {
    std::vector<const etcd::NodeView*> files;
    collect_files(got->node, files);
    // Heat templates first (they decide what is workable), then etcd order.
    std::stable_sort(files.begin(), files.end(),
                     [](const etcd::NodeView* a, const etcd::NodeView* b) {
                       bool ta = a->key.rfind(kHeatTemplates, 0) == 0;
                       bool tb = b->key.rfind(kHeatTemplates, 0) == 0;
                       if (ta != tb) return ta;
                       return a->modified_index < b->modified_index;
                     });
    for (const etcd::NodeView* file : files) {
      etcd::Event e;
      e.action = etcd::Action::kSet;
      e.node = *file;
      read_event(e);
    }
    from = got->etcd_index + 1;
  } else if (got.error().code == etcd::kKeyNotFound) {
    from = got.error().index + 1;
  } else {
    fail("read /config: " + got.error().to_string());
    return;
  }
  watch_config(from);
  watch_finished(from);
}

void JobManagerActor::read_event(const etcd::Event& e) {
  Result<scheduler::ReadOutcome> read =
      is_removal(e.action) ? core_.read_config_delete(e.node.key)
                           : core_.read_config_set(e.node.key, e.node.value.value_or(""));
  if (!read.ok()) {
    fail(read.error().message);
    return;
  }
  perform_now(read->writes);
  if (read->kind == scheduler::ReadOutcome::Kind::kQueued) {
    enqueue([this]() -> std::vector<scheduler::EtcdWrite> {
      auto scheduled = core_.schedule_next(*state_);
      if (!scheduled.ok()) {
        fail("not scheduled: " + scheduled.error().message);
        return {};
      }
      return scheduled->writes;
    });
  }
}

void JobManagerActor::watch_config(uint64_t from_index) {
  if (stopped_) return;
  etcd::WaitOptions wait;
  wait.recursive = true;
  wait.wait_index = from_index;
  auto w = etcd_.watch("/config", wait, [this](const etcd::Event& e) {
    if (stopped_) return;
    read_event(e);
    watch_config(e.index() + 1);
  });
  if (!w.ok()) {
    // 401: the Job Manager fell behind the 1000-event window; the real one stops reading
    // there. Report it: changes in the gap are lost to it, as they would be.
    fail("watch /config from index " + std::to_string(from_index) + ": " + w.error().to_string());
  }
}

void JobManagerActor::watch_finished(uint64_t from_index) {
  if (stopped_) return;
  etcd::WaitOptions wait;
  wait.recursive = true;
  wait.wait_index = from_index;
  auto w = etcd_.watch("/jobs/finished", wait, [this](const etcd::Event& e) {
    if (stopped_) return;
    constexpr std::string_view kFinished = "/jobs/finished/";
    bool below = e.node.key.size() > kFinished.size() && e.node.key.rfind(kFinished, 0) == 0;
    if (below && (e.action == etcd::Action::kCreate || e.action == etcd::Action::kSet)) {
      std::string id = e.node.key.substr(kFinished.size());
      if (e.node.value.value_or("") == "FAILED") {
        enqueue([this, id] { return core_.job_failed(id); });
      } else {
        enqueue([this, id] { return core_.job_finished(id); });
      }
    }
    watch_finished(e.index() + 1);
  });
  if (!w.ok()) {
    fail("watch /jobs/finished from index " + std::to_string(from_index) + ": " +
         w.error().to_string());
  }
}

void JobManagerActor::perform_now(const std::vector<scheduler::EtcdWrite>& writes) {
  for (const auto& w : writes) perform(w);
}

void JobManagerActor::enqueue(std::function<std::vector<scheduler::EtcdWrite>()> task) {
  tasks_.push_back(std::move(task));
  if (!pumping_) {
    pumping_ = true;
    at(options_.write_interval_ms, "job manager reactor", [this] { pump(); });
  }
}

void JobManagerActor::pump() {
  while (writes_.empty() && !tasks_.empty()) {
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    for (auto& w : task()) writes_.push_back(std::move(w));
  }
  if (writes_.empty()) {
    pumping_ = false;
    return;
  }
  scheduler::EtcdWrite w = std::move(writes_.front());
  writes_.pop_front();
  perform(w);
  at(options_.write_interval_ms, "job manager reactor", [this] { pump(); });
}

void JobManagerActor::perform(const scheduler::EtcdWrite& w) {
  etcd::EtcdResult r = etcd::make_error(0, "", 0);
  switch (w.kind) {
    case scheduler::EtcdWrite::Kind::kSet:
      r = etcd_.api().put(w.key, w.value, {});
      break;
    case scheduler::EtcdWrite::Kind::kCreate: {
      etcd::PutOptions create;
      create.prev_exist = false;
      r = etcd_.api().put(w.key, w.value, create);
      break;
    }
    case scheduler::EtcdWrite::Kind::kCompareAndSwap: {
      etcd::PutOptions cas;
      cas.prev_value = w.prev_value;
      r = etcd_.api().put(w.key, w.value, cas);
      break;
    }
    case scheduler::EtcdWrite::Kind::kDelete:
      r = etcd_.api().remove(w.key, {});
      // A cleanup delete of a key that was never written (no stack yet) is not a problem.
      if (!r.ok() && r.error().code == etcd::kKeyNotFound) return;
      break;
  }
  if (!r.ok()) fail("write " + w.key + ": " + r.error().to_string());
}

std::vector<std::string> JobManagerActor::stuck_jobs() const {
  std::vector<std::string> out;
  const auto& registry = core_.registry();
  for (const scheduler::Job* job : registry.in_creation_order()) {
    if (!registry.is_waiting(job->id)) continue;
    std::string line = job->id + " waits for";
    for (const auto& dep : job->dependency) {
      if (registry.find(dep) != nullptr) line += " " + dep;
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace esisim::sim
