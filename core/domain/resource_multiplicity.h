// The "resources doubling" quirk of non-create workflows (domain.md §4.4.3, domain-2017.md
// §2.2), kept apart from the mapping evaluation so the scheduler applies it explicitly.
//
// Contract: in a create workflow every param keeps its resource list (factor 1). In a modify
// or logical_delete workflow each template's mappings are evaluated once on the previous body
// and once more for every job built from that template, and a param's resource list
// accumulates across those evaluations. With identical lists (all recorded cases) the factor
// is 2 + the number of earlier jobs of the same workflow that use the same template:
//   heat-only modify/logical_delete: x2;
//   2017 modify: delete:monitoring_worker x2, modify:heat_worker x2, create:monitoring_worker x3.
// `multiply_resources` repeats each param's top-level `resources` list; nested params of a
// `list` param keep their own (empty) lists. Note: the 2017 delete:monitoring_worker job's
// params are evaluated on the previous body; that choice belongs to the caller.
#pragma once

#include <cstddef>
#include <vector>

#include "core/domain/mapping.h"

namespace esisim::domain {

inline constexpr std::size_t kResourceMultiplicityMax = 16;

enum class WorkflowAction { kCreate, kModify, kLogicalDelete };

// `earlier_jobs_same_template` = jobs before this one in the workflow built from the same
// template (0 for the first).
std::size_t resource_multiplicity(WorkflowAction action, std::size_t earlier_jobs_same_template);

// Each param's resources become `factor` copies of the list, concatenated (factor >= 1 and
// <= kResourceMultiplicityMax).
void multiply_resources(std::vector<Param>& params, std::size_t factor);

}  // namespace esisim::domain
