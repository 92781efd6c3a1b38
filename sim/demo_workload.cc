#include "sim/demo_workload.h"

#include <string>

#include "sim/event_loop.h"
#include "sim/random.h"
#include "sim/sim_etcd.h"

namespace esisim {

namespace {

constexpr int64_t kLeaseTtlS = 10;
constexpr int64_t kLeaseRefreshMs = 5000;
constexpr uint64_t kKeyCount = 64;

class Demo {
 public:
  Demo(const DemoOptions& options, std::ostream& out)
      : options_(options),
        loop_(options.start_ms),
        recorder_(out),
        etcd_(loop_, &recorder_),
        streams_(options.seed) {}

  Result<DemoSummary> run() {
    auto start = loop_.schedule_at(options_.start_ms, "client", [this] { client_step(); });
    if (!start.ok()) return start.error();
    auto lease = loop_.schedule_at(options_.start_ms, "lease", [this] { lease_step(); });
    if (!lease.ok()) return lease.error();
    watch_from(0);
    auto ran = loop_.run_until_idle(options_.operations * 50 + 10000);
    if (!ran.ok()) return ran.error();
    summary_.events_recorded = recorder_.count();
    summary_.final_index = etcd_.store().index();
    summary_.end_ms = loop_.now_ms();
    return summary_;
  }

 private:
  void count(const etcd::EtcdResult& r) {
    if (!r.ok()) ++summary_.errors_by_code[r.error().code];
  }

  std::string random_key(sim::Xoshiro256StarStar& rng) {
    return "/demo/keys/k" + std::to_string(rng.uniform(kKeyCount));
  }

  void client_step() {
    auto& rng = streams_.stream("client");
    etcd::KeysApi& api = etcd_.api();
    std::string key = random_key(rng);
    uint64_t dice = rng.uniform(100);
    if (dice < 50) {
      etcd::PutOptions put;
      if (rng.bernoulli(1, 5)) put.ttl_s = rng.uniform_range(1, 20);
      count(api.put(key, rng.random_string("abcdefghijklmnopqrstuvwxyz0123456789", 8), put));
    } else if (dice < 65) {
      auto current = api.get(key, {});
      count(current);
      etcd::PutOptions cas;
      cas.prev_index = current.ok() ? current->node.modified_index : 1;
      count(api.put(key, "swapped", cas));
    } else if (dice < 75) {
      count(api.remove(key, {}));
    } else if (dice < 85) {
      etcd::PutOptions create;
      create.prev_exist = false;
      count(api.put(key, "created", create));
    } else {
      etcd::GetOptions get;
      get.recursive = true;
      count(api.get("/demo", get));
    }
    if (++summary_.operations < options_.operations) {
      auto next =
          loop_.schedule_after(rng.uniform_range(1, 400), "client", [this] { client_step(); });
      if (!next.ok()) summary_.errors_by_code[-1]++;
    } else {
      client_done_ = true;
    }
  }

  void lease_step() {
    auto& rng = streams_.stream("lease");
    etcd::PutOptions put;
    put.ttl_s = kLeaseTtlS;
    if (lease_value_.empty()) {
      lease_value_ = rng.uuid4();
      put.prev_exist = false;
    } else {
      put.prev_value = lease_value_;
    }
    count(etcd_.api().put("/demo/lease", lease_value_, put));
    if (client_done_) return;  // stop refreshing: the lease expires on its own
    auto next = loop_.schedule_after(kLeaseRefreshMs, "lease", [this] { lease_step(); });
    if (!next.ok()) summary_.errors_by_code[-1]++;
  }

  void watch_from(uint64_t index) {
    etcd::WaitOptions wait;
    wait.recursive = true;
    wait.wait_index = index;
    auto w = etcd_.watch("/demo/keys", wait, [this](const etcd::Event& e) {
      ++summary_.watch_notifications;
      if (!client_done_) watch_from(e.index() + 1);
    });
    if (!w.ok()) {
      // 401: the watcher fell out of the history window; resync from now, as clients do.
      ++summary_.watch_resyncs;
      watch_from(0);
    }
  }

  DemoOptions options_;
  sim::EventLoop loop_;
  trace::TraceRecorder recorder_;
  sim::SimEtcd etcd_;
  sim::RandomStreams streams_;
  DemoSummary summary_;
  std::string lease_value_;
  bool client_done_ = false;
};

}  // namespace

Result<DemoSummary> run_demo(const DemoOptions& options, std::ostream& trace_out) {
  Demo demo(options, trace_out);
  return demo.run();
}

}  // namespace esisim
