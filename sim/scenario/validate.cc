// Validation of a parsed scenario (see validate.h).
#include "sim/scenario/validate.h"

#include <map>

#include "sim/scenario/diagnostics.h"
#include "sim/scenario/parser.h"

namespace esisim::scenario {

namespace {

std::string step_note(const Step& step) {
  if (step.included_from.empty()) return "";
  return " (included from " + step.included_from.back().text() + ")";
}

class Validator {
 public:
  Validator(const Scenario& scenario, const ValidationContext& context)
      : scenario_(scenario), context_(context) {
    if (context.catalog) {
      for (const domain::SchemaInfo& s : context.catalog->schemas()) type_names_.push_back(s.id);
    }
  }

  std::vector<Error> run() {
    std::optional<Millis> last_at;
    for (const Step& step : scenario_.steps) {
      note_ = step_note(step);
      if (step.at) {
        if (last_at && *step.at < *last_at) {
          diag_.add(step.mark,
                    "'at' goes back in time (an earlier step is at a later time)" + note_);
        }
        last_at = step.at;
      }
      std::visit([&](const auto& body) { check(step, body); }, step.body);
    }
    return diag_.take();
  }

 private:
  using Key = std::pair<std::string, std::string>;

  // Checks the type; returns the schema id ("" when unknown or unchecked).
  std::string type_of(const ResourceRef& ref) {
    if (!context_.catalog) return ref.type;
    std::string id = schema_id_of(*context_.catalog, ref.type);
    if (id.empty()) {
      std::string hint = closest_name(ref.type, type_names_);
      diag_.add(ref.mark, "unknown resource type '" + ref.type + "' (not in the schema catalogue " +
                              context_.catalog_source + ")" +
                              (hint.empty() ? "" : "; did you mean '" + hint + "'?") + note_);
    }
    return id;
  }

  void check(const Step&, const CreateStep& s) {
    std::string type = type_of(s.resource);
    if (type.empty()) return;
    Key key{type, s.resource.id};
    if (live_.count(key)) {
      diag_.add(s.resource.mark, "create of " + type + " '" + s.resource.id +
                                     "', which an earlier step already creates (at " +
                                     live_[key].text() + ")" + note_);
      return;
    }
    live_[key] = s.resource.mark;
  }
  void check(const Step& step, const UpdateStep& s) { must_exist(step, s.resource, "update"); }
  void check(const Step& step, const DeleteStep& s) {
    std::string type = must_exist(step, s.resource, "delete");
    if (!type.empty()) live_.erase(Key{type, s.resource.id});
  }
  void check(const Step& step, const TemplatesStep& s) {
    if (!context_.template_names || s.all) return;
    std::vector<std::string> known(context_.template_names->begin(),
                                   context_.template_names->end());
    for (const std::string& name : s.names) {
      if (context_.template_names->count(name)) continue;
      std::string hint = closest_name(name, known);
      diag_.add(step.mark, "unknown template '" + name + "' (not in the template set " +
                               context_.templates_source + ")" +
                               (hint.empty() ? "" : "; did you mean '" + hint + "'?") + note_);
    }
  }
  void check(const Step&, const AdvanceStep&) {}
  void check(const Step&, const RunStep&) {}
  void check(const Step&, const HeatFailStep& s) { type_of(s.resource); }
  void check(const Step&, const HeatTimeoutStep& s) { type_of(s.resource); }
  void check(const Step&, const HeatDurationStep& s) { type_of(s.resource); }
  void check(const Step&, const HeatOutputErrorStep& s) { type_of(s.resource); }
  void check(const Step&, const HeatPinStep& s) { type_of(s.resource); }
  void check(const Step&, const MonitorScriptStep& s) { type_of(s.resource); }
  void check(const Step&, const MonitorFlapStep& s) {
    type_of(s.first);
    type_of(s.second);
  }
  void check(const Step& step, const CheckpointStep& s) {
    auto [it, fresh] = checkpoints_.emplace(s.name, step.mark);
    if (!fresh) {
      diag_.add(step.mark, "second checkpoint named '" + s.name + "' (the first is at " +
                               it->second.text() + "; each names one golden file)" + note_);
    }
  }
  void check(const Step&, const ExpectStep&) {}

  std::string must_exist(const Step&, const ResourceRef& ref, const std::string& verb) {
    std::string type = type_of(ref);
    if (type.empty()) return type;
    if (!live_.count(Key{type, ref.id})) {
      diag_.add(ref.mark, verb + " of " + type + " '" + ref.id +
                              "', which no earlier step creates (or an earlier step deletes)" +
                              note_);
      return "";
    }
    return type;
  }

  const Scenario& scenario_;
  const ValidationContext& context_;
  std::vector<std::string> type_names_;
  std::map<Key, SourceMark> live_;
  std::map<std::string, SourceMark> checkpoints_;
  std::string note_;
  Diagnostics diag_;
};

}  // namespace

std::string schema_id_of(const domain::SchemaCatalog& catalog, const std::string& type) {
  if (catalog.find_by_id(type)) return type;
  for (const domain::SchemaInfo& s : catalog.schemas()) {
    if (s.singular == type) return s.id;
  }
  return "";
}

std::vector<Error> validate_scenario(const Scenario& scenario, const ValidationContext& context) {
  return Validator(scenario, context).run();
}

}  // namespace esisim::scenario
