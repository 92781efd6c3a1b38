// The world `esisim run` uses (see world.h). Placeholder until the simulated world (workers,
// Gohan model, fake Heat, collector) exists: every scenario fails with a clear message.
#include "sim/scenario/world.h"

namespace esisim::scenario {

WorldFactory make_default_world_factory() {
  return [](const Scenario&, uint64_t) -> Result<std::unique_ptr<ScenarioWorld>> {
    return Error{1, "simulated world not available yet"};
  };
}

}  // namespace esisim::scenario
