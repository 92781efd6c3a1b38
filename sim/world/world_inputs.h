// The input files of a SimWorld (schema catalogue, 2017 template mappings, heat template
// records), read and parsed once so that many worlds can share them: benchmarks and repeated
// runs of one scenario need not re-read the same files for every world.
//
// Contract:
// * load_world_inputs(config) reads what SimWorld::create and load_templates(all) would read
//   for `config`, with the same errors (file names in the messages); a template record that
//   is not a valid one is left out (load_templates reads it and reports it when it is used).
// * A world given inputs (WorldConfig::inputs) behaves byte for byte as one that reads the
//   files: it copies the catalogue and mappings, and writes the same template bodies. A
//   template name the inputs lack is read from templates_dir as before.
// * What every world would make again from a template body is made once here: its Go JSON text
//   (the /config record's body) and its parsed template_file (when it parses; a bad one is
//   left for load_templates to report).
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/schema_catalog.h"
#include "core/domain/template_catalog.h"
#include "core/heat/jinja.h"
#include "core/util/result.h"

namespace esisim::sim {

struct WorldConfig;

struct WorldInputs {
  domain::SchemaCatalog schemas;
  domain::TemplateMappings mw2017;          // empty for the heat-only generation
  std::vector<std::string> template_names;  // every <name>.json of templates_dir, sorted
  struct Template {
    nlohmann::ordered_json body;               // the record's {"value": {"body": ...}}
    std::string body_text;                     // json::go_json_marshal(body)
    std::optional<heat::JinjaTemplate> jinja;  // body.template_file parsed, when it parses
  };
  // The valid ones of those records by name.
  std::map<std::string, Template> templates;
};

Result<std::shared_ptr<const WorldInputs>> load_world_inputs(const WorldConfig& config);

// One heat template record file (`{"value": {"body": {template}}}` or `{"body": ...}`): its body.
Result<nlohmann::ordered_json> read_template_body(const std::string& path);

// A JSON file parsed, or an error naming it.
Result<nlohmann::ordered_json> read_json_file(const std::string& path);

}  // namespace esisim::sim
