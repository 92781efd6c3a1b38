// Which loaded template a worker runs for a job: the job's handler's entry of the template
// selection (domain.md §4.3, domain-2017.md §1.5) evaluated on the job's resource_input, looked
// up in the templates the Job Manager loaded from /config/v2.0/heat_templates. The job value
// does not name its template, so a worker selects it as the Job Manager did.
#pragma once

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/util/result.h"
#include "core/worker/worker_job.h"

namespace esisim::sim {

Result<const domain::HeatTemplate*> choose_template(const worker::WorkerJob& job,
                                                    const domain::TemplateMappings& mappings,
                                                    const domain::SchemaCatalog& schemas,
                                                    const domain::TemplateCatalog& templates);

}  // namespace esisim::sim
