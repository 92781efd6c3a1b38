// SimEtcd: the etcd model living inside the event loop, as the actors see it.
//
// Contract:
// * Every call through api() first brings the store to the loop's now (expiring TTL nodes
//   whose time has come) and afterwards arms one loop event at the next expiration, so
//   keys expire on the simulated clock even when nobody writes.
// * Watch callbacks run as loop events at the time of the event that fired them, in etcd's
//   notification order, never inside the write that fired them.
// * Every store event is handed to the recorder (if any) with the loop's time, then to each
//   event observer (add_event_observer) in the order they were added.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "core/etcd/keys_api.h"
#include "sim/event_loop.h"
#include "sim/trace/trace_recorder.h"

namespace esisim::sim {

using WatchCallback = std::function<void(const etcd::Event&)>;
// Sees every store event (writes, deletes, expiries) as it happens, with the loop's time.
using EventObserver = std::function<void(const etcd::Event&, int64_t time_ms)>;

class SimEtcd {
 public:
  SimEtcd(EventLoop& loop, trace::TraceRecorder* recorder = nullptr, etcd::StoreLimits limits = {});
  SimEtcd(const SimEtcd&) = delete;
  SimEtcd& operator=(const SimEtcd&) = delete;

  etcd::KeysApi& api() { return api_; }
  etcd::Store& store() { return store_; }

  // Waits on `key` as etcd's GET ?wait=true does; `callback` runs once (or per event for a
  // stream watch) as a loop event. Returns the watcher id, or etcd's error (e.g. 401).
  Result<etcd::WatcherId, etcd::EtcdError> watch(std::string_view key,
                                                 const etcd::WaitOptions& options,
                                                 WatchCallback callback);
  bool cancel_watch(etcd::WatcherId id);

  // Observers must not write to the store.
  void add_event_observer(EventObserver observer) { observers_.push_back(std::move(observer)); }

 private:
  // KeysApi decorator that keeps the store in step with the loop around every call.
  class TimedApi final : public etcd::KeysApi {
   public:
    explicit TimedApi(SimEtcd& owner) : owner_(owner) {}
    etcd::EtcdResult get(std::string_view key, const etcd::GetOptions& options) override;
    etcd::EtcdResult put(std::string_view key, std::string_view value,
                         const etcd::PutOptions& options) override;
    etcd::EtcdResult post(std::string_view dir_key, std::string_view value,
                          const etcd::PutOptions& options) override;
    etcd::EtcdResult remove(std::string_view key, const etcd::DeleteOptions& options) override;
    Result<etcd::WatchOutcome, etcd::EtcdError> wait(std::string_view key,
                                                     const etcd::WaitOptions& options) override;

   private:
    // Brings the store to the loop's time, makes the call, then delivers and arms expiry.
    template <typename Call>
    auto timed(Call&& call) {
      owner_.before_call();
      auto result = call();
      owner_.after_call();
      return result;
    }
    SimEtcd& owner_;
  };

  void before_call();
  void after_call();
  void dispatch(etcd::WatcherId id, const etcd::Event& event);
  void schedule_or_die(int64_t at_ms, std::string label, std::function<void()> fn);

  EventLoop& loop_;
  trace::TraceRecorder* recorder_;
  std::vector<EventObserver> observers_;
  etcd::Store store_;
  etcd::ModelKeysApi model_api_;
  TimedApi api_;
  std::map<etcd::WatcherId, std::pair<WatchCallback, bool>> callbacks_;  // callback, stream
  std::optional<int64_t> expiry_armed_ms_;
};

}  // namespace esisim::sim
