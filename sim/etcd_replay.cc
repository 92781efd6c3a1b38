#include "sim/etcd_replay.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/etcd/store.h"
#include "core/util/time_format.h"

namespace esisim {

namespace {

using etcd::Action;

// Keys written with a null value that later have keys below them: directories.
std::set<std::string> directory_keys(const std::vector<trace::TraceEvent>& events) {
  std::set<std::string> all_keys;
  for (const auto& ev : events) all_keys.insert(ev.key);
  std::set<std::string> dirs;
  for (const auto& ev : events) {
    if ((ev.action != "set" && ev.action != "create") || !ev.value.is_null()) continue;
    std::string prefix = ev.key + "/";
    auto below = all_keys.lower_bound(prefix);
    if (below != all_keys.end() && below->compare(0, prefix.size(), prefix) == 0) {
      dirs.insert(ev.key);
    }
  }
  return dirs;
}

// "/esi-worker/config/v2.0/x" -> "/esi-worker/config".
std::string two_segment_prefix(const std::string& key) {
  size_t first = key.find('/', 1);
  if (first == std::string::npos) return key;
  size_t second = key.find('/', first + 1);
  return second == std::string::npos ? key : key.substr(0, second);
}

nlohmann::json decode(const std::string& stored) {
  auto parsed = nlohmann::json::parse(stored, nullptr, false);
  if (parsed.is_discarded()) return stored;
  return parsed;
}

class Replayer {
 public:
  Replayer(const std::vector<trace::TraceEvent>& events, EtcdReplayOptions options)
      : events_(events),
        options_(options),
        dirs_(directory_keys(events)),
        store_(events.empty() ? 0 : events.front().time_ms) {
    store_.set_observer([this](const etcd::Event& e) {
      if (e.action == Action::kExpire) expired_.push_back(e);
    });
  }

  EtcdReplayReport run(const std::optional<nlohmann::json>& dump) {
    report_.events = events_.size();
    for (const auto& ev : events_) apply(ev);
    if (!expired_.empty()) flush_unexpected_expiries();
    if (dump) compare_dump(*dump);
    return std::move(report_);
  }

 private:
  void detail(std::string line) {
    if (report_.details.size() < options_.details_max) report_.details.push_back(std::move(line));
  }

  std::string where(const trace::TraceEvent& ev) const {
    return "line " + std::to_string(ev.line) + " (seq " + std::to_string(ev.seq) + ", " +
           ev.action + " " + ev.key + ")";
  }

  void flush_unexpected_expiries() {
    for (const auto& e : expired_) {
      ++report_.unexpected_expiries;
      detail("the model expired " + e.node.key + " at index " +
             std::to_string(e.node.modified_index) + " but the trace does not");
    }
    expired_.clear();
  }

  etcd::TtlOptions ttl_of(const trace::TraceEvent& ev) const {
    etcd::TtlOptions ttl;
    if (ev.expiration_ms) {
      ttl.expire_at_ms = *ev.expiration_ms;
    } else if (ev.ttl_s > 0) {
      ttl.expire_at_ms = ev.time_ms + ev.ttl_s * 1000;
    }
    return ttl;
  }

  uint64_t prev_index(const trace::TraceEvent& ev) const {
    auto it = last_index_.find(ev.key);
    if (it != last_index_.end()) return it->second;
    auto node = store_.get(ev.key, false);
    return node.ok() ? node->node.modified_index : 0;
  }

  Result<etcd::Event, etcd::EtcdError> perform(const trace::TraceEvent& ev) {
    bool dir = dirs_.count(ev.key) > 0;
    std::string value = dir ? std::string() : ev.stored_value();
    Action action = *etcd::parse_action(ev.action);
    switch (action) {
      case Action::kSet:
        return store_.set(ev.key, dir, value, ttl_of(ev));
      case Action::kCreate:
        return store_.create(ev.key, dir, value, false, ttl_of(ev));
      case Action::kUpdate:
        return store_.update(ev.key, value, ttl_of(ev));
      case Action::kCompareAndSwap:
        return store_.compare_and_swap(ev.key, "", prev_index(ev), value, ttl_of(ev));
      case Action::kCompareAndDelete:
        return store_.compare_and_delete(ev.key, "", prev_index(ev));
      case Action::kDelete:
        return store_.remove(ev.key, dir, dir);
      case Action::kExpire:
      case Action::kGet:
        break;
    }
    return etcd::make_error(0, "not a write", store_.index());
  }

  // On an index-less event a refused operation is applied as the nearest unconditional one.
  Result<etcd::Event, etcd::EtcdError> perform_leniently(const trace::TraceEvent& ev) {
    bool dir = dirs_.count(ev.key) > 0;
    std::string value = dir ? std::string() : ev.stored_value();
    Action action = *etcd::parse_action(ev.action);
    if (action == Action::kDelete || action == Action::kCompareAndDelete) {
      return store_.remove(ev.key, true, true);
    }
    return store_.set(ev.key, dir, value, ttl_of(ev));
  }

  void check_indices(const trace::TraceEvent& ev, const etcd::Event& got) {
    if (!ev.index && !ev.created) return;
    ++report_.indexed_events;
    bool ok = (!ev.index || *ev.index == got.node.modified_index) &&
              (!ev.created || *ev.created == got.node.created_index);
    if (ok) return;
    ++report_.index_mismatches;
    detail(where(ev) + ": recorded modifiedIndex " + (ev.index ? std::to_string(*ev.index) : "-") +
           " createdIndex " + (ev.created ? std::to_string(*ev.created) : "-") + ", model " +
           std::to_string(got.node.modified_index) + " / " +
           std::to_string(got.node.created_index));
  }

  void apply(const trace::TraceEvent& ev) {
    clock_ms_ = std::max(clock_ms_, ev.time_ms);
    store_.advance_to(clock_ms_);
    Action action = *etcd::parse_action(ev.action);
    if (action == Action::kGet) return;
    if (action == Action::kExpire) {
      apply_expire(ev);
      return;
    }
    if (!expired_.empty()) flush_unexpected_expiries();
    auto got = perform(ev);
    if (!got.ok()) {
      if (!ev.index && !ev.created) {
        ++report_.lenient_operations;
        got = perform_leniently(ev);
      }
    }
    if (!got.ok()) {
      if (ev.index || ev.created) {
        ++report_.indexed_events;
        ++report_.index_mismatches;
      }
      detail(where(ev) + ": the model refused it: " + got.error().to_string());
      return;
    }
    if (ev.index) last_index_[ev.key] = *ev.index;
    check_indices(ev, got.value());
  }

  void apply_expire(const trace::TraceEvent& ev) {
    for (auto it = expired_.begin(); it != expired_.end(); ++it) {
      if (it->node.key != ev.key) continue;
      check_indices(ev, *it);
      expired_.erase(it);
      return;
    }
    if (ev.index || ev.created) {
      ++report_.indexed_events;
      ++report_.index_mismatches;
    }
    detail(where(ev) + ": the trace expires the key here but the model did not");
  }

  void compare_dump(const nlohmann::json& dump) {
    std::set<std::string> recorded_prefixes;
    for (const auto& ev : events_) recorded_prefixes.insert(two_segment_prefix(ev.key));
    std::map<std::string, std::string> files = store_.files();
    for (const auto& [key, expected] : dump.items()) {
      ++report_.final_keys_compared;
      auto it = files.find(key);
      if (it == files.end()) {
        ++report_.final_key_mismatches;
        if (recorded_prefixes.count(two_segment_prefix(key)) == 0) {
          ++report_.final_key_mismatches_unrecorded_prefix;
        }
        detail("final key " + key + ": in the dump, missing from the model");
        continue;
      }
      nlohmann::json got = decode(it->second);
      if (got != expected) {
        ++report_.final_key_mismatches;
        detail("final key " + key + ": dump " + expected.dump().substr(0, 200) + ", model " +
               got.dump().substr(0, 200));
      }
    }
    for (const auto& [key, value] : files) {
      if (dump.contains(key)) continue;
      ++report_.final_key_mismatches;
      detail("final key " + key + ": in the model, missing from the dump");
    }
  }

  const std::vector<trace::TraceEvent>& events_;
  EtcdReplayOptions options_;
  std::set<std::string> dirs_;
  etcd::Store store_;
  int64_t clock_ms_ = INT64_MIN;
  std::map<std::string, uint64_t> last_index_;
  std::vector<etcd::Event> expired_;
  EtcdReplayReport report_;
};

}  // namespace

std::string EtcdReplayReport::summary_line() const {
  return "etcd-replay: " + std::to_string(events) + " events, " + std::to_string(index_mismatches) +
         " index mismatches, " + std::to_string(final_key_mismatches) + " final-key mismatches";
}

EtcdReplayReport replay_etcd_trace(const std::vector<trace::TraceEvent>& events,
                                   const std::optional<nlohmann::json>& dump,
                                   EtcdReplayOptions options) {
  Replayer replayer(events, options);
  return replayer.run(dump);
}

Result<nlohmann::json> read_dump_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{2, path + ": cannot open the dump file"};
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  nlohmann::json dump;
  try {
    dump = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return Error{2, path + ":" + std::to_string(line) + ":" + std::to_string(column) +
                        ": expected a JSON object of key to value: " + e.what()};
  }
  if (!dump.is_object()) {
    return Error{2, path + ":1:1: expected a JSON object of key to value, got a " +
                        std::string(dump.type_name())};
  }
  return dump;
}

}  // namespace esisim
