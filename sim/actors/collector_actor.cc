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
  return collector_.script(plural, id, std::move(statuses));
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
  auto scheduled = loop_.schedule_after(period, "collector poll",
                                        [this, target_id, period] { poll(target_id, period); });
  if (!scheduled.ok()) errors_.push_back("collector: " + scheduled.error().message);
}

void CollectorActor::remove(const std::string& target_id) {
  for (const auto& write : collector_.unregister_target(target_id)) perform(write);
}

void CollectorActor::poll(const std::string& target_id, int64_t period_ms) {
  if (stopped_ || !collector_.has_target(target_id)) return;
  if (auto write = collector_.poll(target_id, loop_.now_ms())) perform(*write);
  auto scheduled = loop_.schedule_after(
      period_ms, "collector poll", [this, target_id, period_ms] { poll(target_id, period_ms); });
  if (!scheduled.ok()) errors_.push_back("collector: " + scheduled.error().message);
}

void CollectorActor::perform(const monitoring::MonitoringWrite& write) {
  auto r = write.value ? etcd_.api().put(write.key, *write.value, {})
                       : etcd_.api().remove(write.key, {});
  if (!r.ok() && r.error().code != etcd::kKeyNotFound) {
    errors_.push_back("collector: " + write.key + ": " + r.error().to_string());
  }
}

}  // namespace esisim::sim
