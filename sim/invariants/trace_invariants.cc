#include "sim/invariants/trace_invariants.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>

namespace esisim::sim {

namespace {

constexpr std::array<std::string_view, 4> kQueues = {"/jobs/waiting/", "/jobs/ready/",
                                                     "/jobs/working/", "/jobs/finished/"};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_removal(const std::string& action) {
  return action == "delete" || action == "compareAndDelete" || action == "expire";
}

}  // namespace

std::vector<std::string> check_trace_invariants(const std::vector<trace::TraceEvent>& events) {
  std::vector<std::string> out;
  auto fail = [&](const trace::TraceEvent& e, const std::string& what) {
    out.push_back("trace event " + std::to_string(e.seq) + " (" + e.action + " " + e.key +
                  "): " + what);
  };
  std::optional<uint64_t> last_index;
  std::map<std::string, std::vector<std::string>> dependencies;  // job id -> its dependency
  std::set<std::string> in_all;
  std::map<std::string, std::set<int>> queues_of;  // job id -> queue positions it is in
  std::map<std::string, int> furthest;             // job id -> furthest queue reached
  for (const auto& e : events) {
    if (e.index) {
      if (last_index && *e.index != *last_index + 1) {
        fail(e, "index " + std::to_string(*e.index) + " after " + std::to_string(*last_index));
      }
      last_index = e.index;
    }
    if (starts_with(e.key, "/jobs/all/")) {
      std::string id = e.key.substr(10);
      if (is_removal(e.action)) {
        in_all.erase(id);
        for (int q : queues_of[id]) {
          if (q != 3) fail(e, "deleted while the job is still in " + std::string(kQueues[q]));
        }
      } else {
        in_all.insert(id);
        std::vector<std::string> deps;
        if (e.value.is_array() && e.value.size() == 3 && e.value[1].is_object()) {
          for (const auto& d : e.value[1].value("dependency", nlohmann::ordered_json::array())) {
            if (d.is_string()) deps.push_back(d.get<std::string>());
          }
        }
        dependencies[id] = std::move(deps);
      }
      continue;
    }
    for (int q = 0; q < static_cast<int>(kQueues.size()); ++q) {
      if (!starts_with(e.key, kQueues[q]) || e.key.size() == kQueues[q].size()) continue;
      std::string id = e.key.substr(kQueues[q].size());
      auto& in = queues_of[id];
      if (is_removal(e.action)) {
        in.erase(q);
        break;
      }
      if (in.count(q) > 0) break;  // a refresh (compareAndSwap) of the same queue key
      if (q != 3 && in_all.count(id) == 0) fail(e, "a job queued without its /jobs/all record");
      auto reached = furthest.find(id);
      if (reached != furthest.end() && q < reached->second) {
        fail(e, "back to " + std::string(kQueues[q]) + " after " +
                    std::string(kQueues[reached->second]));
      }
      // The next queue is created before the previous one is deleted (§5.3): a job may sit
      // in a few queues at once, all earlier ones, the one just before among them.
      for (int other : in) {
        if (other > q) fail(e, "also in the later " + std::string(kQueues[other]));
      }
      if (q >= 2 && in.count(q - 1) == 0) {
        fail(e, "not coming from " + std::string(kQueues[q - 1]));
      }
      in.insert(q);
      furthest[id] = std::max(q, reached == furthest.end() ? q : reached->second);
      if (q == 2) {  // reserved: every dependency has finished
        for (const auto& dep : dependencies[id]) {
          bool finished = in_all.count(dep) == 0 || furthest[dep] == 3;
          if (!finished) fail(e, "reserved before its dependency " + dep + " finished");
        }
      }
      break;
    }
  }
  return out;
}

std::vector<std::string> check_quiescent(const nlohmann::ordered_json& keyspace) {
  std::vector<std::string> out;
  for (const auto& [key, value] : keyspace.items()) {
    if (starts_with(key, "/jobs/")) {
      out.push_back(key + ": left under /jobs at quiescence");
      continue;
    }
    if (!starts_with(key, "/config/") || starts_with(key, "/config/v2.0/heat_templates/")) {
      continue;
    }
    std::string state_key = "/state/" + key.substr(8);
    if (!keyspace.contains(state_key)) {
      out.push_back(key + ": no " + state_key + " at quiescence");
    } else if (keyspace[state_key].value("version", int64_t{-1}) !=
               value.value("version", int64_t{-2})) {
      out.push_back(state_key + ": version " + keyspace[state_key]["version"].dump() +
                    " while the config is at " + value["version"].dump());
    }
  }
  return out;
}

}  // namespace esisim::sim
