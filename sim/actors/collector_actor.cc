#include "sim/actors/collector_actor.h"

namespace esisim::sim {

using nlohmann::ordered_json;

CollectorActor::CollectorActor(EventLoop& loop, SimEtcd& etcd, const domain::SchemaCatalog& schemas,
                               CollectorActorOptions options)
    : loop_(loop), etcd_(etcd), schemas_(schemas), options_(std::move(options)) {}

void CollectorActor::on_stack_changes(const worker::WorkerJob&,
                                      const std::vector<heat::MonitoringChange>& changes,
                                      int64_t at_ms) {
  for (const auto& change : changes) {
    auto scheduled = loop_.schedule_at(std::max(at_ms, loop_.now_ms()), "collector target change",
                                       [this, change] {
                                         if (stopped_) return;
                                         switch (change.kind) {
                                           case heat::MonitoringChangeKind::kCreated:
                                             add(change.properties, change.target_id);
                                             break;
                                           case heat::MonitoringChangeKind::kReplaced:
                                             remove(change.previous_target_id);
                                             add(change.properties, change.target_id);
                                             break;
                                           case heat::MonitoringChangeKind::kDeleted:
                                             remove(change.target_id);
                                             break;
                                         }
                                       });
    if (!scheduled.ok()) errors_.push_back("collector: " + scheduled.error().message);
  }
}

Status<> CollectorActor::script(const std::string& plural, const std::string& id,
                                std::vector<ordered_json> statuses, int64_t every_ms) {
  if (every_ms > 0) period_by_resource_[{plural, id}] = every_ms;
  auto scripted = collector_.script(plural, id, std::move(statuses));
  if (auto sleepers = sleeping_by_resource_.find({plural, id});
      sleepers != sleeping_by_resource_.end()) {
    std::set<std::string> ids = sleepers->second;
    for (const std::string& target_id : ids) wake(target_id);
  }
  return scripted;
}

void CollectorActor::add(const ordered_json& properties, const std::string& target_id) {
  monitoring::TargetSpec spec;
  spec.target_id = target_id;
  spec.type = properties.value("type", "");
  spec.resource_type = properties.value("resource_type", "");
  spec.resource_id = properties.value("resource_id", "");
  spec.field_name = properties.value("field_name", "");
  if (auto v = properties.find("version"); v != properties.end() && v->is_number()) {
    spec.version = v->get<int64_t>();
  } else if (v != properties.end() && v->is_string()) {
    spec.version = std::atoll(v->get<std::string>().c_str());
  }
  // hold_options sits under syncer_properties.etcd (templates) or .etcd.status (spec text).
  const ordered_json* hold = nullptr;
  if (auto sp = properties.find("syncer_properties"); sp != properties.end() && sp->is_object()) {
    if (auto etcd = sp->find("etcd"); etcd != sp->end() && etcd->is_object()) {
      if (auto h = etcd->find("hold_options"); h != etcd->end()) hold = &*h;
      if (auto st = etcd->find("status"); st != etcd->end() && st->is_object()) {
        if (auto h = st->find("hold_options"); h != st->end()) hold = &*h;
      }
    }
  }
  if (hold != nullptr && hold->is_object()) {
    monitoring::HoldOptions options;
    if (auto p = hold->find("positive_status"); p != hold->end() && p->is_array()) {
      for (const auto& s : *p) options.positive_status.push_back(s);
    } else if (p != hold->end() && !p->is_null()) {
      options.positive_status.push_back(*p);  // one status value, e.g. a VRRP map
    }
    if (auto t = hold->find("time_seconds"); t != hold->end() && t->is_number()) {
      options.time_ms = static_cast<int64_t>(t->get<double>() * 1000);
    }
    spec.hold = options;
  }
  const domain::SchemaInfo* schema = schemas_.find_by_plural(spec.resource_type);
  if (schema == nullptr || spec.field_name.empty()) {
    errors_.push_back("collector: target " + target_id + " names no known resource type (" +
                      spec.resource_type + ") or no field_name");
    return;
  }
  spec.monitoring_key = "/monitoring" + schema->path + "/" + spec.resource_id;
  int64_t period = options_.poll_ms;
  if (auto p = options_.poll_ms_by_type.find(spec.type); p != options_.poll_ms_by_type.end()) {
    period = p->second;
  }
  if (auto p = period_by_resource_.find({spec.resource_type, spec.resource_id});
      p != period_by_resource_.end()) {
    period = p->second;
  }
  auto registered = collector_.register_target(spec, loop_.now_ms());
  if (!registered.ok()) {
    errors_.push_back("collector: " + registered.error().message);
    return;
  }
  schedule_poll(target_id, period, loop_.now_ms() + period);
}

void CollectorActor::schedule_poll(const std::string& target_id, int64_t period_ms, int64_t at_ms) {
  auto scheduled = loop_.schedule_at(at_ms, "collector poll",
                                     [this, target_id, period_ms] { poll(target_id, period_ms); });
  if (!scheduled.ok()) errors_.push_back("collector: " + scheduled.error().message);
}

void CollectorActor::remove(const std::string& target_id) {
  std::string key;
  if (const monitoring::TargetSpec* spec = collector_.spec(target_id)) key = spec->monitoring_key;
  wake(target_id, /*poll_again=*/false);  // a removed target leaves the sleepers
  for (const auto& write : collector_.unregister_target(target_id)) perform(write);
  if (!key.empty()) wake_key(key, target_id);
}

void CollectorActor::poll(const std::string& target_id, int64_t period_ms) {
  if (stopped_ || !collector_.has_target(target_id) || sleeping_.count(target_id)) return;
  ++polls_;
  if (auto write = collector_.poll(target_id, loop_.now_ms())) {
    perform(*write);
    wake_key(write->key, target_id);
  }
  if (options_.sleep_settled_targets && collector_.settled(target_id)) {
    sleep(target_id, period_ms);
    return;
  }
  schedule_poll(target_id, period_ms, loop_.now_ms() + period_ms);
}

void CollectorActor::sleep(const std::string& target_id, int64_t period_ms) {
  const monitoring::TargetSpec* spec = collector_.spec(target_id);
  if (spec == nullptr) return;
  sleeping_[target_id] = Sleeper{period_ms, loop_.now_ms()};
  sleeping_by_key_[spec->monitoring_key].insert(target_id);
  sleeping_by_resource_[{spec->resource_type, spec->resource_id}].insert(target_id);
}

void CollectorActor::wake(const std::string& target_id, bool poll_again) {
  auto it = sleeping_.find(target_id);
  if (it == sleeping_.end()) return;
  Sleeper sleeper = it->second;
  sleeping_.erase(it);
  if (const monitoring::TargetSpec* spec = collector_.spec(target_id)) {
    auto erase_from = [&target_id](auto& index, const auto& key) {
      auto found = index.find(key);
      if (found == index.end()) return;
      found->second.erase(target_id);
      if (found->second.empty()) index.erase(found);
    };
    erase_from(sleeping_by_key_, spec->monitoring_key);
    erase_from(sleeping_by_resource_, std::make_pair(spec->resource_type, spec->resource_id));
  }
  if (!poll_again || !collector_.has_target(target_id) || stopped_) return;
  // The first poll of its phase strictly after now (a poll due now has already run).
  int64_t now = loop_.now_ms();
  int64_t periods = (now - sleeper.last_poll_ms) / sleeper.period_ms + 1;
  schedule_poll(target_id, sleeper.period_ms, sleeper.last_poll_ms + periods * sleeper.period_ms);
}

void CollectorActor::wake_key(const std::string& key, const std::string& writer) {
  auto sleepers = sleeping_by_key_.find(key);
  if (sleepers == sleeping_by_key_.end()) return;
  std::set<std::string> ids = sleepers->second;
  for (const std::string& target_id : ids) {
    if (target_id != writer) wake(target_id);
  }
}

void CollectorActor::perform(const monitoring::MonitoringWrite& write) {
  auto r = write.value ? etcd_.api().put(write.key, *write.value, {})
                       : etcd_.api().remove(write.key, {});
  if (!r.ok() && r.error().code != etcd::kKeyNotFound) {
    errors_.push_back("collector: " + write.key + ": " + r.error().to_string());
  }
}

}  // namespace esisim::sim
