// Builds the jobs of one workflow for one workable config change (domain-2017.md §2.1–2.2;
// the heat-only generation is the case with a single heat_worker template).
//
// Job list, with H the heat_worker template and M the other (monitoring) templates:
//   create:          create:H                      then create:M
//   modify:          delete:M (on_failure ignore)  then modify:H   then create:M
//   logical_delete:  delete:M (on_failure ignore)  then logical_delete:H
// is_first on job 0 only, is_last on the final job only. Every job gets its own template's
// params; delete:M params are evaluated on the previous body (and its version). Resource lists
// are multiplied as resource_multiplicity.h says. Jobs come without id and dependency.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/resource_lookup.h"
#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/domain/template_selection.h"
#include "core/scheduler/job.h"
#include "core/util/result.h"

namespace esisim::scheduler {

inline constexpr std::string_view kHeatHandler = "heat_worker";

enum class ChangeAction { kCreate, kModify, kLogicalDelete };

std::string_view change_action_name(ChangeAction action);  // create, modify, logical_delete

struct PreviousVersion {
  json::JsonRef body;
  int64_t version = 0;
};

struct ResourceChange {
  std::string resource_type;
  std::string resource_id;
  int64_t version = 0;
  ResourceInput body;                       // the new decoded body (resource_input), shared
  std::optional<PreviousVersion> previous;  // the Job Manager's copy before this change
  ChangeAction action = ChangeAction::kCreate;
};

struct WorkflowInputs {
  const domain::SchemaCatalog& schemas;
  const domain::TemplateCatalog& templates;
  const domain::ResourceLookup& lookup;
};

// The jobs of the workflow; an error names the template and param that could not be built.
Result<std::vector<Job>> build_workflow(const ResourceChange& change,
                                        const std::vector<domain::HandlerTemplate>& selected,
                                        const WorkflowInputs& inputs);

}  // namespace esisim::scheduler
