// A scenario's steps applied to a SimWorld: what `esisim run` (make_default_world_factory in
// sim/scenario/world.h) and `esisim capacity` share.
//
// Contract:
// * world_config_for: the world a scenario asks for (template set, generation, schemas,
//   workers) with the given seed; callers may change fields (workers, record_trace) before
//   SimWorld::create.
// * apply_step performs one world step (create, update, delete, templates, advance, run,
//   heat.*, monitor.*); checkpoint and expect steps do nothing here, `at:` is the caller's.
#pragma once

#include <cstdint>

#include "core/util/result.h"
#include "sim/scenario/scenario.h"
#include "sim/world/sim_world.h"

namespace esisim::scenario {

sim::WorldConfig world_config_for(const Scenario& scenario, uint64_t seed);
Status<> apply_step(sim::SimWorld& world, const Step& step);

}  // namespace esisim::scenario
