// The simulated world a scenario runs in, as the scenario runner sees it.
//
// Contract for implementations:
//   * One world per scenario run, driven from one thread; the runner makes a fresh world for
//     each run (and a second one for --check-determinism), so a world needs no locking.
//   * apply(step) performs one world step: create, update, delete, templates, advance, run,
//     heat.*, monitor.*. The runner never passes checkpoint or expect steps (it answers them
//     from keyspace()) and handles `at:` itself (it sends an AdvanceStep of the difference
//     first), so a world may ignore Step::at. The parser has put a `templates` step first when
//     the scenario has none. An error value fails the scenario with the step's place; the
//     message should say what happened ("run: still busy after limit 10m: 3 jobs pending").
//   * keyspace(prefixes) returns every etcd key whose text starts with one of the prefixes (all
//     keys when the list is empty; expect passes its keys themselves as prefixes) as {key: decoded
//     value}, keys in ascending order, values decoded as the recorded dumps show them
//     (fixtures/dumps/*.json): a JSON value is decoded, a /config record's `body` stays the
//     JSON-encoded string it is in etcd, `state.heat_outputs` stays a string; a value that is not
//     JSON is a JSON string; directories are left out.
//   * now_ms() is the simulated time since the start of the run.
//   * trace_jsonl() is the run's trace (the etcd events and whatever else the world records),
//     one JSON object per line; the same scenario and seed must give the same bytes.
//   * describe_seed() may add to the seed in failure messages (e.g. derived stream seeds).
//
// The factory is called from the runner's threads (-j), possibly at the same time: it must be
// safe to call concurrently, and the worlds it makes must share nothing mutable.
//
// make_default_world_factory() is the world `esisim run` uses: the simulated back-end
// (sim/world/scenario_world.cc over sim/world/sim_world.h).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"
#include "sim/scenario/scenario.h"

namespace esisim::scenario {

class ScenarioWorld {
 public:
  virtual ~ScenarioWorld() = default;
  virtual Status<> apply(const Step& step) = 0;
  virtual nlohmann::ordered_json keyspace(const std::vector<std::string>& prefixes) = 0;
  virtual Millis now_ms() const = 0;
  virtual std::string trace_jsonl() const = 0;
  virtual std::string describe_seed() const { return {}; }
};

using WorldFactory =
    std::function<Result<std::unique_ptr<ScenarioWorld>>(const Scenario&, uint64_t seed)>;

WorldFactory make_default_world_factory();

}  // namespace esisim::scenario
