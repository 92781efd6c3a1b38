// The world `esisim run` uses (sim/scenario/world.h): a SimWorld per scenario run, each step
// mapped to the world's operations. The 2017 generation is chosen by `product: 2017` (or a
// template set whose mappings name monitoring_worker templates); otherwise heat-only.
#include "sim/world/scenario_world.h"

#include <fstream>

#include "sim/scenario/diagnostics.h"
#include "sim/scenario/world.h"

namespace esisim::scenario {

namespace {

using nlohmann::ordered_json;

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

bool mappings_have_monitoring_worker(const std::string& path) {
  if (path.empty()) return false;
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find("monitoring_worker") != std::string::npos;
}

std::string stack_action(HeatAction action) {
  switch (action) {
    case HeatAction::kCreate:
      return "CREATE";
    case HeatAction::kUpdate:
      return "UPDATE";
    case HeatAction::kDelete:
      return "DELETE";
  }
  return "CREATE";
}

std::string plural_of(const sim::SimWorld& world, const std::string& type) {
  const domain::SchemaInfo* schema = world.schemas().find_by_id(type);
  return schema == nullptr ? type : schema->plural;
}

}  // namespace

Status<> apply_step(sim::SimWorld& w, const Step& step) {
  return std::visit(
      Overloaded{
          [&](const CreateStep& s) { return w.create(s.resource.type, s.resource.id, s.body); },
          [&](const UpdateStep& s) {
            return w.update(s.resource.type, s.resource.id, s.body,
                            s.mode == UpdateStep::Mode::kMerge);
          },
          [&](const DeleteStep& s) { return w.remove(s.resource.type, s.resource.id, s.set); },
          [&](const TemplatesStep& s) { return w.load_templates(s.names, s.all); },
          [&](const AdvanceStep& s) { return w.advance(s.duration); },
          [&](const RunStep& s) { return w.run_until_quiescent(s.limit); },
          [&](const HeatFailStep& s) -> Status<> {
            w.heat().arm_fault(s.resource.type, s.resource.id,
                               {sim::HeatFaultKind::kFail, stack_action(s.action), s.reason});
            return Unit{};
          },
          [&](const HeatTimeoutStep& s) -> Status<> {
            w.heat().arm_fault(s.resource.type, s.resource.id,
                               {sim::HeatFaultKind::kTimeout, stack_action(s.action), ""});
            return Unit{};
          },
          [&](const HeatDurationStep& s) -> Status<> {
            w.heat().arm_duration(s.resource.type, s.resource.id, stack_action(s.action), s.takes);
            return Unit{};
          },
          [&](const HeatOutputErrorStep& s) -> Status<> {
            w.heat().output_error(s.resource.type, s.resource.id, s.output, s.message);
            return Unit{};
          },
          [&](const HeatPinStep& s) -> Status<> {
            w.heat().pin_output(s.resource.type, s.resource.id, s.output, s.value);
            return Unit{};
          },
          [&](const MonitorScriptStep& s) -> Status<> {
            std::vector<ordered_json> statuses(s.statuses.begin(), s.statuses.end());
            return w.collector().script(plural_of(w, s.resource.type), s.resource.id,
                                        std::move(statuses), s.every);
          },
          [&](const MonitorFlapStep& s) -> Status<> {
            // Lock-step HA pair: the first starts UP, the second FAIL, swapping every poll.
            std::vector<ordered_json> first;
            std::vector<ordered_json> second;
            for (uint64_t k = 0; k < s.times; ++k) {
              first.push_back(k % 2 == 0 ? "UP" : "FAIL");
              second.push_back(k % 2 == 0 ? "FAIL" : "UP");
            }
            auto a = w.collector().script(plural_of(w, s.first.type), s.first.id, first, s.every);
            if (!a.ok()) return a;
            return w.collector().script(plural_of(w, s.second.type), s.second.id, second, s.every);
          },
          [&](const CheckpointStep&) -> Status<> { return Unit{}; },
          [&](const ExpectStep&) -> Status<> { return Unit{}; },
      },
      step.body);
}

namespace {

class SimScenarioWorld : public ScenarioWorld {
 public:
  SimScenarioWorld(std::unique_ptr<sim::SimWorld> world, uint64_t seed)
      : world_(std::move(world)), seed_(seed) {}

  // A bad template met during the step fails it as bad input (exit 2), naming the template
  // and the line of the rendered text; the stack itself failed as Heat would have failed it.
  Status<> apply(const Step& step) override {
    std::size_t known = world_->template_error_count();
    auto applied = apply_step(*world_, step);
    if (!applied.ok() || world_->template_error_count() == known) return applied;
    std::vector<std::string> errors = world_->template_errors();
    std::string message = "bad template: " + errors[known];
    if (errors.size() > known + 1) {
      message += "\n  (and " + std::to_string(errors.size() - known - 1) + " more)";
    }
    return Error{kBadInputCode, std::move(message)};
  }

  ordered_json keyspace(const std::vector<std::string>& prefixes) override {
    return world_->keyspace(prefixes);
  }
  Millis now_ms() const override { return world_->now_ms(); }
  std::string trace_jsonl() const override { return world_->trace_jsonl(); }
  std::string describe_seed() const override {
    return "streams of seed " + std::to_string(seed_) +
           ": job_manager, heat_worker, monitoring_worker, heat";
  }

 private:
  std::unique_ptr<sim::SimWorld> world_;
  uint64_t seed_;
};

}  // namespace

sim::WorldConfig world_config_for(const Scenario& scenario, uint64_t seed) {
  sim::WorldConfig config;
  config.mw2017 = scenario.templates.product == "2017" ||
                  (scenario.templates.product.empty() &&
                   mappings_have_monitoring_worker(scenario.templates.mappings));
  config.templates_dir = scenario.templates.dir;
  config.mappings_path = config.mw2017 ? scenario.templates.mappings : std::string();
  config.schemas_path = scenario.schemas;
  config.seed = seed;
  config.workers = static_cast<int>(scenario.workers);
  return config;
}

WorldFactory make_default_world_factory() {
  return [](const Scenario& scenario, uint64_t seed) -> Result<std::unique_ptr<ScenarioWorld>> {
    auto world = sim::SimWorld::create(world_config_for(scenario, seed));
    if (!world.ok()) return world.error();
    return std::unique_ptr<ScenarioWorld>(
        std::make_unique<SimScenarioWorld>(std::move(world.value()), seed));
  };
}

}  // namespace esisim::scenario
