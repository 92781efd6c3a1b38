// The validating pass over a parsed scenario, against the schema catalogue and the template set,
// run on every scenario before any of them runs.
//
// Contract: pure (the catalogue and the template names are passed in, nothing is read). Returns
// every problem as "file:line:column: ..." (empty when the scenario is valid):
//   * a resource type that is neither a schema id nor a Gohan singular of the catalogue;
//   * a template name (templates: {load: [...]}) not in the template set;
//   * update or delete of a resource that no earlier step creates (or that an earlier step
//     deletes), create of a resource that already exists;
//   * two checkpoints of one name (one golden file each);
//   * `at:` times that go back (each must be at or after the previous one).
// A null catalogue or template list skips those checks.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/domain/schema_catalog.h"
#include "core/util/result.h"
#include "sim/scenario/scenario.h"

namespace esisim::scenario {

struct ValidationContext {
  const domain::SchemaCatalog* catalog = nullptr;
  std::string catalog_source;  // named in messages, e.g. fixtures/esi/schemas.json
  const std::set<std::string, std::less<>>* template_names = nullptr;
  std::string templates_source;  // e.g. fixtures/esi/heat_templates
};

std::vector<Error> validate_scenario(const Scenario& scenario, const ValidationContext& context);

// The schema id a scenario's type names (the id itself, or the id of a Gohan singular), or "".
std::string schema_id_of(const domain::SchemaCatalog& catalog, const std::string& type);

}  // namespace esisim::scenario
