#include "sim/actors/worker_actor.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/util/time_format.h"

namespace esisim::sim {

namespace {
constexpr std::string_view kReady = "/jobs/ready/";
constexpr std::string_view kFinishedValueFailed = "FAILED";

std::string below(std::string_view root, const domain::SchemaInfo& schema, std::string_view id) {
  return std::string(root) + schema.path + "/" + std::string(id);
}
}  // namespace

struct WorkerActor::Running {
  uint64_t generation = 0;
  std::string job_id;
  std::string reservation;
  worker::WorkerJob job;
  const domain::SchemaInfo* schema = nullptr;
  JobSpan span;
  JobOutcome outcome;
  int64_t done_ms = 0;
  bool begun = false;
  nlohmann::ordered_json merged;  // job_state after the job's result (set by complete)
  std::string merged_text;
};

class WorkerActor::EtcdOutputs : public worker::OutputsLookup {
 public:
  EtcdOutputs(WorkerActor& owner) : owner_(owner) {}
  std::optional<nlohmann::ordered_json> outputs_of(std::string_view type,
                                                   std::string_view id) override {
    const domain::SchemaInfo* schema = owner_.schemas_.find_by_id(type);
    if (schema == nullptr) return std::nullopt;
    auto text = owner_.read_value(below("/esi-worker/heat_stacks", *schema, id));
    if (!text) return std::nullopt;
    auto record = nlohmann::ordered_json::parse(*text, nullptr, false);
    if (!record.is_object() || !record.contains("output")) return std::nullopt;
    return record["output"];
  }

 private:
  WorkerActor& owner_;
};

WorkerActor::WorkerActor(EventLoop& loop, SimEtcd& etcd, RandomStreams& streams,
                         const domain::SchemaCatalog& schemas, JobRunner& runner,
                         WorkerActorOptions options)
    : loop_(loop),
      etcd_(etcd),
      rng_(streams.stream(options.handler)),
      schemas_(schemas),
      runner_(runner),
      options_(std::move(options)) {
  slots_.resize(static_cast<size_t>(std::max(1, options_.slots)));
}

WorkerActor::~WorkerActor() = default;

void WorkerActor::at(int64_t delay_ms, std::string label, std::function<void()> fn) {
  auto id = loop_.schedule_after(delay_ms, options_.handler + " " + label, std::move(fn));
  if (!id.ok()) {
    std::fprintf(stderr, "esisim: %s: %s\n", options_.handler.c_str(), id.error().message.c_str());
    std::abort();  // the loop's queue limit: the run cannot go on faithfully
  }
}

void WorkerActor::fail(std::string what) {
  errors_.push_back(format_iso_millis(loop_.now_ms()) + " " + options_.handler + ": " +
                    std::move(what));
}

std::optional<std::string> WorkerActor::read_value(const std::string& key) {
  auto got = etcd_.api().get(key, {});
  if (!got.ok() || !got->node.value) return std::nullopt;
  return std::string(*got->node.value);
}

int WorkerActor::busy_slots() const {
  return static_cast<int>(
      std::count_if(slots_.begin(), slots_.end(), [](const auto& s) { return s != nullptr; }));
}

void WorkerActor::start() {
  at(0, "start", [this] {
    etcd::GetOptions all;
    all.recursive = true;
    auto got = etcd_.api().get("/jobs/ready", all);
    uint64_t from = 0;
    if (got.ok()) {
      std::vector<const etcd::NodeView*> ready;
      for (const auto& child : got->node.nodes) ready.push_back(&child);
      std::sort(ready.begin(), ready.end(),
                [](const auto* a, const auto* b) { return a->created_index < b->created_index; });
      for (const auto* node : ready) {
        if (node->value && *node->value == options_.handler) {
          saw_ready(node->key.substr(kReady.size()));
        }
      }
      from = got->etcd_index + 1;
    } else {
      from = got.error().index + 1;
    }
    watch_ready(from);
  });
}

void WorkerActor::stop() { stopped_ = true; }

void WorkerActor::watch_ready(uint64_t from_index) {
  if (stopped_) return;
  etcd::WaitOptions wait;
  wait.recursive = true;
  wait.wait_index = from_index;
  auto w = etcd_.watch("/jobs/ready", wait, [this](const etcd::Event& e) {
    if (stopped_) return;
    bool child = e.node.key.size() > kReady.size() && e.node.key.rfind(kReady, 0) == 0;
    bool written = e.action == etcd::Action::kCreate || e.action == etcd::Action::kSet;
    if (child && written && e.node.value && *e.node.value == options_.handler) {
      saw_ready(e.node.key.substr(kReady.size()));
    }
    watch_ready(e.index() + 1);
  });
  if (!w.ok()) {
    fail("watch /jobs/ready from index " + std::to_string(from_index) + ": " +
         w.error().to_string());
  }
}

void WorkerActor::saw_ready(const std::string& job_id) {
  if (pending_.size() >= options_.pending_max) {
    fail("more than " + std::to_string(options_.pending_max) +
         " ready jobs waiting for a slot (pending_max); dropped " + job_id);
    return;
  }
  pending_.push_back(job_id);
  ready_seen_ms_[job_id] = loop_.now_ms();
  try_reserve();
}

void WorkerActor::try_reserve() {
  if (reserve_armed_ || stopped_ || pending_.empty()) return;
  if (busy_slots() == static_cast<int>(slots_.size())) return;
  reserve_armed_ = true;
  at(options_.reserve_delay_ms, "reserve", [this] {
    reserve_armed_ = false;
    for (size_t slot = 0; slot < slots_.size() && !pending_.empty() && !stopped_; ++slot) {
      if (slots_[slot] != nullptr) continue;
      std::string job_id = std::move(pending_.front());
      pending_.pop_front();
      reserve(static_cast<int>(slot), std::move(job_id));
    }
  });
}

void WorkerActor::reserve(int slot, std::string job_id) {
  int64_t ready_ms = loop_.now_ms();
  if (auto seen = ready_seen_ms_.find(job_id); seen != ready_seen_ms_.end()) {
    ready_ms = seen->second;
    ready_seen_ms_.erase(seen);
  }
  std::optional<std::string> recorded;
  if (options_.reservation_id) recorded = options_.reservation_id(job_id);
  std::string uuid = recorded ? *recorded : rng_.uuid4();
  etcd::PutOptions create;
  create.prev_exist = false;
  create.ttl_s = options_.working_ttl_s;
  auto reserved = etcd_.api().put("/jobs/working/" + job_id, uuid, create);
  if (!reserved.ok()) {
    if (reserved.error().code != etcd::kNodeExist) {
      fail("reserve " + job_id + ": " + reserved.error().to_string());
    }
    return;  // another worker holds it
  }
  auto removed = etcd_.api().remove("/jobs/ready/" + job_id, {});
  if (!removed.ok() && removed.error().code != etcd::kKeyNotFound) {
    fail("delete /jobs/ready/" + job_id + ": " + removed.error().to_string());
  }
  auto run = std::make_unique<Running>();
  run->generation = ++generation_;
  run->job_id = job_id;
  run->reservation = uuid;
  run->span.job_id = job_id;
  run->span.slot = slot;
  run->span.ready_ms = ready_ms;
  run->span.reserved_ms = loop_.now_ms();
  auto stored = read_value("/jobs/all/" + job_id);
  auto parsed = stored ? worker::parse_worker_job(*stored)
                       : Result<worker::WorkerJob>(Error{1, "no /jobs/all/" + job_id});
  if (parsed.ok()) run->schema = schemas_.find_by_id(parsed->resource_type);
  if (!parsed.ok() || run->schema == nullptr) {
    fail("job " + job_id + ": " +
         (parsed.ok() ? "unknown resource type " + parsed->resource_type : parsed.error().message));
    etcd_.api().remove("/jobs/working/" + job_id, {});
    return;
  }
  run->job = std::move(parsed.value());
  uint64_t generation = run->generation;
  slots_[static_cast<size_t>(slot)] = std::move(run);
  at(options_.working_refresh_ms, "working refresh",
     [this, slot, generation] { refresh(slot, generation); });
  at(options_.start_delay_ms, "start job", [this, slot] { begin(slot); });
}

void WorkerActor::begin(int slot) {
  Running& run = *slots_[static_cast<size_t>(slot)];
  const worker::WorkerJob& job = run.job;
  if (job.is_first) {
    auto set =
        etcd_.api().put(below("/esi-worker/job_state", *run.schema, job.resource_id), "{}", {});
    if (!set.ok()) fail("set job_state of " + job.id + ": " + set.error().to_string());
  }
  EtcdOutputs outputs(*this);
  auto params = worker::resolve_params(job.params, outputs);
  run.outcome = runner_.run(job, params, loop_.now_ms());
  run.begun = true;
  run.span.started_ms = loop_.now_ms();
  run.done_ms = loop_.now_ms() + std::max<int64_t>(0, run.outcome.duration_ms);
  uint64_t generation = run.generation;
  at(run.done_ms - loop_.now_ms(), "complete job",
     [this, slot, generation] { complete(slot, generation); });
}

void WorkerActor::refresh(int slot, uint64_t generation) {
  auto& run = slots_[static_cast<size_t>(slot)];
  if (run == nullptr || run->generation != generation) return;
  if (run->begun && loop_.now_ms() >= run->done_ms) return;  // the final CAS comes with the end
  etcd::PutOptions cas;
  cas.prev_value = run->reservation;
  cas.ttl_s = options_.working_ttl_s;
  auto r = etcd_.api().put("/jobs/working/" + run->job_id, run->reservation, cas);
  if (!r.ok()) fail("refresh /jobs/working/" + run->job_id + ": " + r.error().to_string());
  at(options_.working_refresh_ms, "working refresh",
     [this, slot, generation] { refresh(slot, generation); });
}

void WorkerActor::complete(int slot, uint64_t generation) {
  auto& held = slots_[static_cast<size_t>(slot)];
  if (held == nullptr || held->generation != generation) return;
  Running& run = *held;
  const worker::WorkerJob& job = run.job;
  const JobOutcome& outcome = run.outcome;
  auto check = [&](const etcd::EtcdResult& r, const std::string& what) {
    if (!r.ok()) fail(what + " for " + job.id + ": " + r.error().to_string());
  };

  nlohmann::ordered_json result = nlohmann::ordered_json::object();
  if (outcome.stack) {
    auto record = worker::heat_stack_record(job, *outcome.stack);
    if (record.ok()) {
      check(etcd_.api().put(below("/esi-worker/heat_stacks", *run.schema, job.resource_id),
                            record.value(), {}),
            "set heat_stacks");
    } else {
      fail("heat_stacks record of " + job.id + ": " + record.error().message);
    }
    result = worker::heat_job_result(*outcome.stack, options_.with_orchestration_state);
  } else if (outcome.job_state_result) {
    result = *outcome.job_state_result;
  }
  std::string job_state_key = below("/esi-worker/job_state", *run.schema, job.resource_id);
  auto old_text = read_value(job_state_key);
  nlohmann::ordered_json old = nlohmann::ordered_json::object();
  if (old_text) {
    old = nlohmann::ordered_json::parse(*old_text, nullptr, false);
    if (!old.is_object()) old = nlohmann::ordered_json::object();
  }
  nlohmann::ordered_json merged = worker::merge_job_state(std::move(old), result);
  std::string merged_text = worker::job_state_text(merged).value();
  etcd::PutOptions swap;
  if (old_text) {
    swap.prev_value = *old_text;
  } else {
    swap.prev_exist = false;
  }
  check(etcd_.api().put(job_state_key, merged_text, swap), "CAS job_state");

  run.merged = std::move(merged);
  run.merged_text = std::move(merged_text);
  if (options_.state_delay_ms <= 0) {
    finish(slot, generation);
    return;
  }
  at(options_.state_delay_ms, "finish job", [this, slot, generation] { finish(slot, generation); });
}

void WorkerActor::finish(int slot, uint64_t generation) {
  auto& held = slots_[static_cast<size_t>(slot)];
  if (held == nullptr || held->generation != generation) return;
  Running& run = *held;
  const worker::WorkerJob& job = run.job;
  const JobOutcome& outcome = run.outcome;
  auto check = [&](const etcd::EtcdResult& r, const std::string& what) {
    if (!r.ok()) fail(what + " for " + job.id + ": " + r.error().to_string());
  };
  std::string job_state_key = below("/esi-worker/job_state", *run.schema, job.resource_id);
  const nlohmann::ordered_json& merged = run.merged;
  const std::string& merged_text = run.merged_text;
  etcd::PutOptions cas;
  cas.prev_value = run.reservation;
  cas.ttl_s = options_.working_ttl_s;
  check(etcd_.api().put("/jobs/working/" + job.id, run.reservation, cas), "CAS /jobs/working");

  std::string error = outcome.error;
  if (error.empty() && outcome.stack && outcome.stack->failed()) {
    error = outcome.stack->status_reason.empty() ? outcome.stack->stack_status
                                                 : outcome.stack->status_reason;
  }
  bool failed = !error.empty();
  bool ends_workflow = job.is_last || (failed && job.on_failure != "ignore");
  if (ends_workflow) {
    auto state = worker::state_text(job, merged, error);
    if (state.ok()) {
      check(etcd_.api().put(below("/state", *run.schema, job.resource_id), state.value(), {}),
            "set /state");
    } else {
      fail("/state of " + job.id + ": " + state.error().message);
    }
  }
  etcd::PutOptions create;
  create.prev_exist = false;
  check(etcd_.api().put("/jobs/finished/" + job.id,
                        failed ? std::string(kFinishedValueFailed) : std::string(), create),
        "create /jobs/finished");
  check(etcd_.api().remove("/jobs/working/" + job.id, {}), "delete /jobs/working");
  if (ends_workflow) {
    etcd::DeleteOptions cad;
    cad.prev_value = merged_text;
    check(etcd_.api().remove(job_state_key, cad), "CAD job_state");
  }
  run.span.finished_ms = loop_.now_ms();
  run.span.failed = failed;
  spans_.push_back(run.span);
  release(slot);
}

void WorkerActor::release(int slot) {
  slots_[static_cast<size_t>(slot)].reset();
  try_reserve();
}

}  // namespace esisim::sim
