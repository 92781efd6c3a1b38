// Diagnostics and the small helpers of scenario.h (see both headers).
#include "sim/scenario/diagnostics.h"

#include "sim/scenario/duration.h"

namespace esisim::scenario {

std::string SourceMark::text() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

void Diagnostics::add(const SourceMark& mark, const std::string& message) {
  add_plain(mark.text() + ": " + message);
}

void Diagnostics::add_plain(const std::string& message) {
  if (truncated_) return;
  if (errors_.size() + 1 >= kDiagnosticsMax) {
    errors_.push_back(Error{kBadInputCode, "too many errors (more than " +
                                               std::to_string(kDiagnosticsMax - 1) +
                                               "), the rest are not shown"});
    truncated_ = true;
    return;
  }
  errors_.push_back(Error{kBadInputCode, message});
}

void Diagnostics::append(const std::vector<Error>& errors) {
  for (const Error& e : errors) add_plain(e.message);
}

std::string heat_action_name(HeatAction action) {
  switch (action) {
    case HeatAction::kCreate:
      return "create";
    case HeatAction::kUpdate:
      return "update";
    case HeatAction::kDelete:
      return "delete";
  }
  return "create";
}

namespace {
struct KindVisitor {
  std::string operator()(const CreateStep&) const { return "create"; }
  std::string operator()(const UpdateStep&) const { return "update"; }
  std::string operator()(const DeleteStep&) const { return "delete"; }
  std::string operator()(const TemplatesStep&) const { return "templates"; }
  std::string operator()(const AdvanceStep&) const { return "advance"; }
  std::string operator()(const RunStep&) const { return "run"; }
  std::string operator()(const HeatFailStep&) const { return "heat.fail"; }
  std::string operator()(const HeatTimeoutStep&) const { return "heat.timeout"; }
  std::string operator()(const HeatDurationStep&) const { return "heat.duration"; }
  std::string operator()(const HeatOutputErrorStep&) const { return "heat.output_error"; }
  std::string operator()(const HeatPinStep&) const { return "heat.pin"; }
  std::string operator()(const MonitorScriptStep&) const { return "monitor"; }
  std::string operator()(const MonitorFlapStep&) const { return "monitor.flap"; }
  std::string operator()(const CheckpointStep&) const { return "checkpoint"; }
  std::string operator()(const ExpectStep&) const { return "expect"; }
};

std::string ref_text(const ResourceRef& r) { return r.type + " " + r.id; }

struct SummaryVisitor {
  std::string operator()(const CreateStep& s) const { return ref_text(s.resource); }
  std::string operator()(const UpdateStep& s) const { return ref_text(s.resource); }
  std::string operator()(const DeleteStep& s) const { return ref_text(s.resource); }
  std::string operator()(const TemplatesStep& s) const {
    return s.all ? "all" : std::to_string(s.names.size()) + " templates";
  }
  std::string operator()(const AdvanceStep& s) const { return format_duration(s.duration); }
  std::string operator()(const RunStep& s) const {
    return "until quiescent, limit " + format_duration(s.limit);
  }
  std::string operator()(const HeatFailStep& s) const {
    return ref_text(s.resource) + " " + heat_action_name(s.action);
  }
  std::string operator()(const HeatTimeoutStep& s) const {
    return ref_text(s.resource) + " " + heat_action_name(s.action);
  }
  std::string operator()(const HeatDurationStep& s) const {
    return ref_text(s.resource) + " " + heat_action_name(s.action) + " takes " +
           std::to_string(s.takes) + " ms";
  }
  std::string operator()(const HeatOutputErrorStep& s) const {
    return ref_text(s.resource) + " output " + s.output;
  }
  std::string operator()(const HeatPinStep& s) const {
    return ref_text(s.resource) + " output " + s.output;
  }
  std::string operator()(const MonitorScriptStep& s) const { return ref_text(s.resource); }
  std::string operator()(const MonitorFlapStep& s) const {
    return ref_text(s.first) + " / " + ref_text(s.second);
  }
  std::string operator()(const CheckpointStep& s) const { return s.name; }
  std::string operator()(const ExpectStep& s) const {
    return std::to_string(s.checks.size()) + (s.checks.size() == 1 ? " check" : " checks");
  }
};
}  // namespace

std::string Step::kind() const { return std::visit(KindVisitor{}, body); }

std::string Step::describe() const {
  std::string text = kind() + " " + std::visit(SummaryVisitor{}, body);
  if (!label.empty()) text += " '" + label + "'";
  return text;
}

std::size_t Scenario::checkpoint_count() const {
  std::size_t n = 0;
  for (const Step& s : steps) n += std::holds_alternative<CheckpointStep>(s.body) ? 1 : 0;
  return n;
}

std::size_t Scenario::expect_count() const {
  std::size_t n = 0;
  for (const Step& s : steps) {
    if (const auto* e = std::get_if<ExpectStep>(&s.body)) n += e->checks.size();
  }
  return n;
}

}  // namespace esisim::scenario
