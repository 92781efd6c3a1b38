#include "core/domain/resource_multiplicity.h"

#include <cassert>

namespace esisim::domain {

std::size_t resource_multiplicity(WorkflowAction action, std::size_t earlier_jobs_same_template) {
  if (action == WorkflowAction::kCreate) return 1;
  return 2 + earlier_jobs_same_template;
}

void multiply_resources(std::vector<Param>& params, std::size_t factor) {
  assert(factor >= 1 && factor <= kResourceMultiplicityMax);
  if (factor == 1) return;
  for (Param& param : params) {
    const std::vector<ResourceRef> once = param.resources;
    param.resources.reserve(once.size() * factor);
    for (std::size_t copy = 1; copy < factor; ++copy) {
      param.resources.insert(param.resources.end(), once.begin(), once.end());
    }
  }
}

}  // namespace esisim::domain
