// Update and delete bursts after a generated topology's creations: what a live deployment sees
// once it is built (renames, port attach flips, whole units torn down).
//
// Contract: deterministic from options.seed (the "topology.bursts" stream only). Nothing is
// appended when updates_percent and deletes_percent are both 0. Otherwise `bursts` bursts
// follow the creations; burst b gets an even share (b*T/K .. (b+1)*T/K) of
//   * the updates, T = resources created * updates_percent / 100 (rounded down): distinct
//     resources within a burst, drawn uniformly from the units still there after the burst,
//     written in creation order. A port attached to an ese_logical_port flips `attached`;
//     any other resource gets a new `description` (or `name` when it has no description).
//     Resources without either (tenants) are never updated. The body is the whole current body
//     with that change and, where the body has them, orchestration_state UPDATE_IN_PROGRESS
//     and status PENDING_UPDATE, as Gohan writes updates;
//   * the unit deletions, T = units * deletes_percent / 100 (rounded down), units drawn without
//     replacement, deleted whole in reverse dependency order, in waves: wave 0 holds the
//     resources no other resource of the unit references (a string of its body equal to the
//     id), wave k+1 those referenced only by waves up to k (references to resources created
//     later, such as a port's ese_logical_port_id, are not followed: the waves are reverse
//     creation order's refinement), the tenant last. Each wave starts with settle_before, so
//     a resource is deleted only once everything referencing it is gone: Gohan refuses to
//     delete a referenced resource, and a delete job reads the resources it references.
//     Within a wave, units in drawn order, each unit's resources in reverse creation order.
// Updates come before deletes within a burst. The first request of every non-empty burst, and
// of every deletion wave, has settle_before (the world runs until quiescent first).
#pragma once

#include <vector>

#include "core/util/result.h"
#include "sim/topology/gohan_request.h"
#include "sim/topology/synthetic_topology.h"

namespace esisim::sim::topology {

Status<> append_bursts(const std::vector<TopologyUnit>& units, const TopologyOptions& options,
                       std::vector<GohanRequest>& out);

}  // namespace esisim::sim::topology
