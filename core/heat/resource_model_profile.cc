#include "core/heat/resource_model_profile.h"

#include <string>

#include "core/heat/hot_template.h"

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

Error bad(const std::string& path, const std::string& expected) {
  return Error{kHotErrorBadTemplate, "backend profile " + path + ": expected " + expected};
}

bool is_comment(const std::string& key) { return !key.empty() && key[0] == '_'; }

Result<CannedObject> parse_object(const std::string& path, const ordered_json& value) {
  if (!value.is_object()) return bad(path, "an object");
  CannedObject out;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string member = path + "." + it.key();
    if (is_comment(it.key())) continue;
    if (it.key() == "id") {
      if (!it->is_string()) return bad(member, "a string");
      out.id = it->get<std::string>();
    } else if (it.key() == "attributes") {
      if (!it->is_object()) return bad(member, "an object {attribute: value}");
      out.attributes = *it;
    } else if (it.key() == "attribute_errors") {
      if (!it->is_object()) return bad(member, "an object {attribute: message}");
      for (auto e = it->begin(); e != it->end(); ++e) {
        if (!e->is_string()) return bad(member + "." + e.key(), "a string");
        out.attribute_errors[e.key()] = e->get<std::string>();
      }
    } else {
      return bad(member, "one of id, attributes, attribute_errors");
    }
  }
  return out;
}

}  // namespace

Result<BackendProfile> parse_backend_profile(const nlohmann::ordered_json& document) {
  if (!document.is_object()) return bad("$", "an object");
  BackendProfile out;
  for (auto it = document.begin(); it != document.end(); ++it) {
    const std::string path = "$." + it.key();
    if (is_comment(it.key())) continue;
    if (it.key() == "monitoring_link_base" || it.key() == "project_name") {
      if (!it->is_string()) return bad(path, "a string");
      (it.key() == "project_name" ? out.project_name : out.monitoring_link_base) =
          it->get<std::string>();
    } else if (it.key() == "objects") {
      if (!it->is_object()) return bad(path, "an object {object type: canned object}");
      for (auto o = it->begin(); o != it->end(); ++o) {
        if (is_comment(o.key())) continue;
        auto object = parse_object(path + "." + o.key(), *o);
        if (!object.ok()) return object.error();
        out.objects[o.key()] = std::move(object.value());
      }
    } else {
      return bad(path, "one of monitoring_link_base, project_name, objects");
    }
  }
  return out;
}

}  // namespace esisim::heat
