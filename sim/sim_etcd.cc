#include "sim/sim_etcd.h"

#include <cstdio>
#include <cstdlib>

namespace esisim::sim {

SimEtcd::SimEtcd(EventLoop& loop, trace::TraceRecorder* recorder, etcd::StoreLimits limits)
    : loop_(loop),
      recorder_(recorder),
      store_(loop.now_ms(), limits),
      model_api_(store_),
      api_(*this) {
  store_.set_observer([this](const etcd::Event& e) {
    if (recorder_ != nullptr) recorder_->record(e, loop_.now_ms());
    for (const EventObserver& observer : observers_) observer(e, loop_.now_ms());
  });
}

void SimEtcd::schedule_or_die(int64_t at_ms, std::string label, std::function<void()> fn) {
  auto id = loop_.schedule_at(at_ms, std::move(label), std::move(fn));
  if (!id.ok()) {
    // The loop's queue limit was reached: the run cannot go on faithfully.
    std::fprintf(stderr, "esisim: %s\n", id.error().message.c_str());
    std::abort();
  }
}

void SimEtcd::before_call() { store_.advance_to(loop_.now_ms()); }

void SimEtcd::after_call() {
  for (auto& delivery : store_.take_deliveries()) {
    schedule_or_die(
        loop_.now_ms(), "etcd watch delivery",
        [this, id = delivery.watcher, ev = std::move(delivery.event)] { dispatch(id, ev); });
  }
  auto next = store_.next_expiration_ms();
  if (next && (!expiry_armed_ms_ || *next < *expiry_armed_ms_)) {
    expiry_armed_ms_ = *next;
    schedule_or_die(std::max(*next, loop_.now_ms()), "etcd TTL expiry", [this] {
      expiry_armed_ms_.reset();
      before_call();
      after_call();
    });
  }
}

void SimEtcd::dispatch(etcd::WatcherId id, const etcd::Event& event) {
  auto it = callbacks_.find(id);
  if (it == callbacks_.end()) return;  // cancelled meanwhile
  WatchCallback callback = it->second.first;
  if (!it->second.second) callbacks_.erase(it);
  callback(event);
}

Result<etcd::WatcherId, etcd::EtcdError> SimEtcd::watch(std::string_view key,
                                                        const etcd::WaitOptions& options,
                                                        WatchCallback callback) {
  auto outcome = api_.wait(key, options);
  if (!outcome.ok()) return outcome.error();
  if (outcome->immediate) {
    schedule_or_die(loop_.now_ms(), "etcd watch answer",
                    [callback, ev = std::move(*outcome->immediate)] { callback(ev); });
    return etcd::WatcherId{0};
  }
  callbacks_[outcome->watcher] = {std::move(callback), options.stream};
  return outcome->watcher;
}

bool SimEtcd::cancel_watch(etcd::WatcherId id) {
  callbacks_.erase(id);
  return store_.cancel_watch(id);
}

etcd::EtcdResult SimEtcd::TimedApi::get(std::string_view key, const etcd::GetOptions& options) {
  return timed([&] { return owner_.model_api_.get(key, options); });
}

etcd::EtcdResult SimEtcd::TimedApi::put(std::string_view key, std::string_view value,
                                        const etcd::PutOptions& options) {
  return timed([&] { return owner_.model_api_.put(key, value, options); });
}

etcd::EtcdResult SimEtcd::TimedApi::post(std::string_view dir_key, std::string_view value,
                                         const etcd::PutOptions& options) {
  return timed([&] { return owner_.model_api_.post(dir_key, value, options); });
}

etcd::EtcdResult SimEtcd::TimedApi::remove(std::string_view key,
                                           const etcd::DeleteOptions& options) {
  return timed([&] { return owner_.model_api_.remove(key, options); });
}

Result<etcd::WatchOutcome, etcd::EtcdError> SimEtcd::TimedApi::wait(
    std::string_view key, const etcd::WaitOptions& options) {
  return timed([&] { return owner_.model_api_.wait(key, options); });
}

}  // namespace esisim::sim
