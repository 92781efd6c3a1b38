// The parameter_mappings mini-language of the Job Manager (domain.md §4.4, domain-2017.md §1.4).
//
// Contract: `evaluate_mapping` turns one mapping into one job param for the current resource
// (type, id, decoded body, config version), reading other resources only through
// `ResourceLookup` and following relations of `SchemaCatalog`. Pure: no clock, no IO.
// `evaluate_parameter_mappings` evaluates a whole template and returns the params in the order the
// real Job Manager lists them: CPython 2.7 dict order of the names inserted in stored order.
// Resource lists are the "create-style" ones; the non-create multiplication is a separate step
// (resource_multiplicity.h).
//
// Forms. Top-level strings (and the parts of `A`) are read by their first character:
//   P<field>  body[field]                       C<text>  the string text ("C13" -> "13")
//   V<x>      config version (int)               O<a>:<b> body[a][b]
//   M<type>:<field>:<key>  output_key of resource (type, body[field]), resources [it]
//   F<t1>+<f1>:<t2>+<f2>:...:<field>  walk hops, value = last body[field], resources = hops
//   A<m1>&<m2>&...  concatenation of string parts, resources concatenated
// Objects: {"constant": c} (c keeps its JSON type), {"version": ...}, {"field": f},
//   {"field": f, "path": [...]}, {"path": [...], "output_key": k}, {"output_key": k} (own
//   outputs), "ignore_missing": true, {"if_mapping": {"equal"|"regexp": [m1, m2]},
//   "then_mapping": m, "else_mapping": m}, {"for_field": F, "for_mapping": M},
//   {"concatenate": [...]}, {"nested": [a, b, ...]}. Inside objects a bare string is a literal
//   (a relation field name inside `path`). Path elements: a relation field name, {"type": T,
//   "id": field} ("id": "" = the for_field element itself), or a mapping yielding a field name.
// {"field": f} without path adds [target] to resources when f is a relation field of the
// current type with a non-null value. An absent field reads as null.
//
// Errors (codes below): a malformed mapping; a reference whose id is absent/null or whose
// resource the lookup does not know, unless "ignore_missing" (then value "" and no resources);
// the message names the param, the mapping, and the missing type and id.
//
// Example: {"for_field": "fixed_ips", "for_mapping": {"path": [{"type": "subnet", "id":
// "subnet_id"}], "output_key": "id"}} on a port with one fixed IP gives
//   {"param": "jinja_subnets", "type": "list", "value": [{"resources": [], "type":
//    "output_key", "value": {"output_key": "id", "resource_type": "subnet", "resource_id":
//    "<sid>"}, "param": "jinja_subnets"}], "resources": [{"resource_type": "subnet",
//    "resource_id": "<sid>"}]}
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/resource_lookup.h"
#include "core/domain/schema_catalog.h"
#include "core/json/json_doc.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::domain {

inline constexpr int kMappingErrorInvalid = 2;           // the mapping itself is malformed
inline constexpr int kMappingErrorMissingReference = 3;  // a referenced resource is unknown
inline constexpr int kMappingErrorBadValue = 4;          // a value has the wrong JSON type

inline constexpr std::size_t kMappingDepthMax = 32;           // nesting of structured forms
inline constexpr std::size_t kMappingPathHopsMax = 16;        // hops of one path / F form
inline constexpr std::size_t kMappingListElementsMax = 4096;  // for_field elements, A parts

enum class ParamType { kValue, kOutputKey, kList };

std::string_view param_type_name(ParamType type);

struct ResourceRef {
  std::string resource_type;
  std::string resource_id;
  bool operator==(const ResourceRef&) const = default;
};

struct Param {
  std::string param;
  ParamType type = ParamType::kValue;
  // For kList: the nested params, already in JSON form (key order resources, type, value,
  // param). For kOutputKey: {"output_key", "resource_type", "resource_id"}.
  nlohmann::ordered_json value;
  std::vector<ResourceRef> resources;

  // {"param", "type", "value", "resources": [{"resource_type", "resource_id"}...]}
  nlohmann::ordered_json to_json() const;
};

struct MappingContext {
  std::string_view resource_type;
  std::string_view resource_id;
  json::JsonRef body;  // decoded config body (resource_input): an ordered_json or a JsonDoc
  std::int64_t version = 0;
  const SchemaCatalog& schemas;
  const ResourceLookup& lookup;
};

Result<Param> evaluate_mapping(std::string_view param_name, const nlohmann::ordered_json& mapping,
                               const MappingContext& context);

// All params of `parameter_mappings` ({name: mapping}, stored order) in CPython 2.7 dict order.
Result<std::vector<Param>> evaluate_parameter_mappings(
    const nlohmann::ordered_json& parameter_mappings, const MappingContext& context);

// Mappings prepared once for repeated evaluation: the forms are read and checked when compiled,
// so an evaluation only reads the resources. Evaluating a compiled mapping gives exactly what
// evaluating its JSON gives, results and errors alike (errors stay lazy: a malformed branch
// that is not taken is no error). A compiled mapping holds its own copy of the JSON.
class CompiledMapping;
class CompiledParameterMappings;
std::shared_ptr<const CompiledMapping> compile_mapping(const nlohmann::ordered_json& mapping);
Result<Param> evaluate_compiled_mapping(std::string_view param_name, const CompiledMapping& mapping,
                                        const MappingContext& context);
// An error when `parameter_mappings` is not an object.
Result<std::shared_ptr<const CompiledParameterMappings>> compile_parameter_mappings(
    const nlohmann::ordered_json& parameter_mappings);
Result<std::vector<Param>> evaluate_compiled_parameter_mappings(
    const CompiledParameterMappings& mappings, const MappingContext& context);

// The params as the job's "params" JSON list.
nlohmann::ordered_json params_to_json(const std::vector<Param>& params);

}  // namespace esisim::domain
