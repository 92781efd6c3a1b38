// Test helper: a small deterministic stand-in for the simulated world, enough to drive the
// scenario runner (goldens, expects, at:, traces) without workers or Heat.
//
// Contract: create writes /config/v2.0/<type>s/<id> at once; `run` finishes every pending
// resource: /state/... with worker_state CREATE_COMPLETE (CREATE_FAILED when a heat.fail was
// armed), a /jobs/all/<job id> whose 5-character suffix and a Heat-made UUID depend on the
// seed, and a time; delete removes them on `run`. The trace is one line per applied step with
// the simulated time. Knobs: `fail_kind` makes apply() of that step kind fail;
// `nondeterministic` puts a counter shared by all worlds into the trace.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "sim/scenario/world.h"

namespace esisim::testing {

struct FakeWorldKnobs {
  std::string fail_kind;
  bool nondeterministic = false;
  std::atomic<int> worlds_made{0};
  std::atomic<int> counter{0};
};

class FakeWorld final : public scenario::ScenarioWorld {
 public:
  FakeWorld(uint64_t seed, FakeWorldKnobs& knobs) : seed_(seed), knobs_(knobs) {}

  Status<> apply(const scenario::Step& step) override {
    using namespace scenario;
    if (step.kind() == knobs_.fail_kind) return Error{1, "fake failure of " + step.kind()};
    trace_ += "{\"t\":" + std::to_string(now_) + ",\"step\":\"" + step.kind() + "\"";
    if (knobs_.nondeterministic) trace_ += ",\"n\":" + std::to_string(knobs_.counter++);
    trace_ += "}\n";
    if (const auto* s = std::get_if<CreateStep>(&step.body)) {
      keys_[config_key(s->resource)] = {{"body", s->body.dump()}, {"version", 1}};
      pending_.insert({s->resource.type, s->resource.id});
    } else if (const auto* s = std::get_if<DeleteStep>(&step.body)) {
      deleting_.insert({s->resource.type, s->resource.id});
    } else if (const auto* s = std::get_if<HeatFailStep>(&step.body)) {
      failing_.insert({s->resource.type, s->resource.id});
    } else if (const auto* s = std::get_if<AdvanceStep>(&step.body)) {
      now_ += s->duration;
    } else if (std::holds_alternative<RunStep>(step.body)) {
      now_ += 1000;
      for (const auto& [type, id] : pending_) finish(type, id);
      pending_.clear();
      for (const auto& [type, id] : deleting_) {
        for (const char* root : {"/config", "/state"}) {
          keys_.erase(root + std::string("/v2.0/") + type + "s/" + id);
        }
      }
      deleting_.clear();
    } else if (const auto* s = std::get_if<TemplatesStep>(&step.body)) {
      keys_["/config/v2.0/heat_templates/network"] = {{"body", "{\"id\":\"network\"}"},
                                                      {"version", 1}};
      (void)s;
    }
    return Unit{};
  }

  nlohmann::ordered_json keyspace(const std::vector<std::string>& prefixes) override {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& [key, value] : keys_) {
      bool wanted = prefixes.empty();
      for (const std::string& p : prefixes) wanted = wanted || key.rfind(p, 0) == 0;
      if (wanted) out[key] = value;
    }
    return out;
  }

  scenario::Millis now_ms() const override { return now_; }
  std::string trace_jsonl() const override { return trace_; }

 private:
  std::string config_key(const scenario::ResourceRef& r) const {
    return "/config/v2.0/" + r.type + "s/" + r.id;
  }

  std::string seeded(std::size_t n, const char* alphabet, std::size_t size) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
      state_ = state_ * 6364136223846793005ull + 1442695040888963407ull + seed_;
      out += alphabet[(state_ >> 33) % size];
    }
    return out;
  }

  void finish(const std::string& type, const std::string& id) {
    bool failed = failing_.count({type, id}) > 0;
    std::string uuid = seeded(8, "0123456789abcdef", 16) + "-" + seeded(4, "0123456789abcdef", 16) +
                       "-4" + seeded(3, "0123456789abcdef", 16) + "-a" +
                       seeded(3, "0123456789abcdef", 16) + "-" + seeded(12, "0123456789abcdef", 16);
    std::string job = "create:heat_worker:" + type + ":" + id +
                      ":1:" + seeded(5, "0123456789abcdefghijklmnopqrstuvwxyz", 36);
    nlohmann::ordered_json state = {
        {"error", failed ? "stack failed" : ""},
        {"state",
         {{"worker_state", failed ? "CREATE_FAILED" : "CREATE_COMPLETE"},
          {"heat_outputs", "[{\"output_key\": \"id\", \"output_value\": \"" + uuid + "\"}]"}}},
        {"updated_at", "2019-02-01T00:00:0" + std::to_string(now_ / 1000 % 10) + "Z"},
        {"version", 1}};
    keys_["/state/v2.0/" + type + "s/" + id] = state;
    keys_["/jobs/all/" + job] = nlohmann::ordered_json::array({"heat_worker", {{"id", job}}, 0});
  }

  uint64_t seed_;
  uint64_t state_ = 0;
  FakeWorldKnobs& knobs_;
  scenario::Millis now_ = 0;
  std::string trace_;
  std::map<std::string, nlohmann::ordered_json> keys_;
  std::set<std::pair<std::string, std::string>> pending_, deleting_, failing_;
};

inline scenario::WorldFactory fake_world_factory(FakeWorldKnobs& knobs) {
  return [&knobs](const scenario::Scenario&,
                  uint64_t seed) -> Result<std::unique_ptr<scenario::ScenarioWorld>> {
    ++knobs.worlds_made;
    return std::unique_ptr<scenario::ScenarioWorld>(new FakeWorld(seed, knobs));
  };
}

}  // namespace esisim::testing
