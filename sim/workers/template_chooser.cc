#include "sim/workers/template_chooser.h"

#include "core/domain/resource_lookup.h"
#include "core/domain/template_selection.h"

namespace esisim::sim {

Result<const domain::HeatTemplate*> choose_template(const worker::WorkerJob& job,
                                                    const domain::TemplateMappings& mappings,
                                                    const domain::SchemaCatalog& schemas,
                                                    const domain::TemplateCatalog& templates) {
  domain::MapResourceLookup nobody;
  domain::MappingContext context{job.resource_type, job.resource_id, job.resource_input,
                                 job.version,       schemas,         nobody};
  auto selected = domain::select_templates(mappings, context);
  if (!selected.ok()) {
    return Error{selected.error().code,
                 job.id + ": template selection: " + selected.error().message};
  }
  for (const auto& s : selected.value()) {
    if (s.handler != job.handler) continue;
    const domain::HeatTemplate* found = templates.find(s.template_id);
    if (found == nullptr) {
      return Error{1, job.id + ": template \"" + s.template_id + "\" is not loaded"};
    }
    return found;
  }
  return Error{1, job.id + ": no " + job.handler + " template for " + job.resource_type};
}

}  // namespace esisim::sim
