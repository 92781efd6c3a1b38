// Update and delete bursts (see topology_bursts.h for the contract).
#include "sim/topology/topology_bursts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "sim/random.h"

namespace esisim::sim::topology {
namespace {

using nlohmann::ordered_json;

// A resource of a unit with its current body.
struct Resource {
  std::string type;
  std::string path;
  std::string id;
  ordered_json body;
};

// The unit's resources in creation order, each with its last body.
std::vector<Resource> resources_of(const TopologyUnit& unit) {
  std::vector<Resource> out;
  std::map<std::string, size_t> index;  // id -> position
  for (const GohanRequest& request : unit.requests) {
    if (request.op == GohanRequest::Op::kCreate) {
      index[request.id] = out.size();
      out.push_back(Resource{request.type, request.path, request.id, request.body});
    } else if (request.op == GohanRequest::Op::kUpdate && index.contains(request.id)) {
      out[index[request.id]].body = request.body;
    }
  }
  return out;
}

void collect_strings(const ordered_json& value, std::vector<std::string>& out) {
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_structured()) {
    for (const auto& member : value) collect_strings(member, out);
  }
}

// The deletion wave of each resource of a unit: 0 for those no later resource references, else
// one more than the latest wave of the later resources referencing it (any string of a body
// equal to its id). References to later resources (a port's ese_logical_port_id, set by
// Gohan after the logical port exists) are not followed, so the waves are always defined.
std::vector<size_t> deletion_waves(const std::vector<Resource>& unit) {
  std::map<std::string, size_t, std::less<>> index;
  for (size_t i = 0; i < unit.size(); ++i) index.emplace(unit[i].id, i);
  std::vector<size_t> wave(unit.size(), 0);
  for (size_t x = unit.size(); x-- > 0;) {
    std::vector<std::string> strings;
    collect_strings(unit[x].body, strings);
    for (const std::string& text : strings) {
      auto it = index.find(text);
      if (it != index.end() && it->second < x) {
        wave[it->second] = std::max(wave[it->second], wave[x] + 1);
      }
    }
  }
  return wave;
}

bool updatable(const Resource& r) {
  return r.body.contains("description") || r.body.contains("name");
}

// The body after this burst's change (see the header).
ordered_json updated(const Resource& r, size_t burst) {
  ordered_json body = r.body;
  const bool logical_port = r.type == "port" && body.contains("attached") &&
                            body.contains("ese_logical_port_id") &&
                            body["ese_logical_port_id"].is_string();
  if (logical_port) {
    body["attached"] = !body["attached"].get<bool>();
  } else if (body.contains("description")) {
    body["description"] = fmt::format("{} updated in burst {}", r.type, burst + 1);
  } else {
    body["name"] = fmt::format("{}-burst-{}", r.type, burst + 1);
  }
  if (body.contains("orchestration_state")) body["orchestration_state"] = "UPDATE_IN_PROGRESS";
  if (body.contains("orchestration_state") && body.contains("status")) {
    body["status"] = "PENDING_UPDATE";
  }
  return body;
}

// `count` distinct indices of 0..size-1, drawn uniformly, in the order drawn.
std::vector<size_t> draw_distinct(size_t size, size_t count, Xoshiro256StarStar& random) {
  count = std::min(count, size);
  if (count * 4 <= size) {  // few of many: redraw the repeats instead of shuffling all
    std::set<size_t> seen;
    std::vector<size_t> out;
    while (out.size() < count) {
      const size_t x = random.uniform(size);
      if (seen.insert(x).second) out.push_back(x);
    }
    return out;
  }
  std::vector<size_t> all(size);
  for (size_t i = 0; i < size; ++i) all[i] = i;
  for (size_t i = 0; i < count; ++i) {
    std::swap(all[i], all[i + random.uniform(size - i)]);
  }
  all.resize(count);
  return all;
}

std::vector<size_t> sample_ascending(size_t size, size_t count, Xoshiro256StarStar& random) {
  std::vector<size_t> picked = draw_distinct(size, count, random);
  std::sort(picked.begin(), picked.end());
  return picked;
}

}  // namespace

Status<> append_bursts(const std::vector<TopologyUnit>& units, const TopologyOptions& options,
                       std::vector<GohanRequest>& out) {
  if (options.updates_percent == 0 && options.deletes_percent == 0) return Unit{};
  if (options.bursts == 0) return Error{2, "topology: bursts must be at least 1"};
  RandomStreams streams(options.seed);
  Xoshiro256StarStar& random = streams.stream("topology.bursts");
  std::vector<std::vector<Resource>> resources;
  size_t created = 0;
  for (const TopologyUnit& unit : units) {
    resources.push_back(resources_of(unit));
    created += resources.back().size();
  }
  const size_t bursts = options.bursts;
  const size_t updates = created * options.updates_percent / 100;
  const size_t deletes = units.size() * options.deletes_percent / 100;
  // deleted_in[u]: the burst that deletes unit u (bursts when never).
  const std::vector<size_t> deleted_order = draw_distinct(units.size(), deletes, random);
  std::vector<size_t> deleted_in(units.size(), bursts);
  for (size_t b = 0; b < bursts; ++b) {
    for (size_t k = deletes * b / bursts; k < deletes * (b + 1) / bursts; ++k) {
      deleted_in[deleted_order[k]] = b;
    }
  }
  for (size_t b = 0; b < bursts; ++b) {
    const size_t first = out.size();
    std::vector<std::pair<size_t, size_t>> candidates;  // (unit, resource)
    for (size_t u = 0; u < units.size(); ++u) {
      if (deleted_in[u] <= b) continue;
      for (size_t r = 0; r < resources[u].size(); ++r) {
        if (updatable(resources[u][r])) candidates.emplace_back(u, r);
      }
    }
    const size_t share = updates * (b + 1) / bursts - updates * b / bursts;
    for (size_t pick : sample_ascending(candidates.size(), share, random)) {
      Resource& r = resources[candidates[pick].first][candidates[pick].second];
      r.body = updated(r, b);
      out.push_back(GohanRequest{GohanRequest::Op::kUpdate, r.type, r.path, r.id, r.body, false});
    }
    if (out.size() > first) out[first].settle_before = true;
    // Deletes wave by wave, each wave after the last one is gone (Gohan refuses to delete a
    // resource others still reference, and a delete job reads the resources it references).
    const size_t begin = deletes * b / bursts;
    const size_t end = deletes * (b + 1) / bursts;
    std::vector<std::vector<size_t>> waves_of;
    for (size_t k = begin; k < end; ++k) {
      waves_of.push_back(deletion_waves(resources[deleted_order[k]]));
    }
    for (size_t wave = 0; begin < end; ++wave) {
      const size_t wave_first = out.size();
      bool deeper = false;
      for (size_t k = begin; k < end; ++k) {
        const std::vector<Resource>& unit = resources[deleted_order[k]];
        const std::vector<size_t>& waves = waves_of[k - begin];
        for (size_t i = unit.size(); i-- > 0;) {
          deeper = deeper || waves[i] > wave;
          if (waves[i] != wave) continue;
          out.push_back(GohanRequest{GohanRequest::Op::kDelete, unit[i].type, unit[i].path,
                                     unit[i].id, ordered_json(), false});
        }
      }
      if (out.size() > wave_first) out[wave_first].settle_before = true;
      if (!deeper) break;
    }
  }
  return Unit{};
}

}  // namespace esisim::sim::topology
