#include "sim/world/sim_world.h"

#include <filesystem>
#include <fstream>

#include "core/heat/jinja.h"

namespace esisim::sim {

using nlohmann::ordered_json;

namespace {

void collect_files(const etcd::NodeView& node, std::vector<const etcd::NodeView*>& out) {
  if (!node.dir) {
    out.push_back(&node);
    return;
  }
  for (const auto& child : node.nodes) collect_files(child, out);
}

constexpr uint64_t kEventsPerStepMax = 50'000'000;
constexpr int64_t kStateDelayMs = 20;

}  // namespace

Result<std::unique_ptr<SimWorld>> SimWorld::create(const WorldConfig& config) {
  if (config.inputs) {
    return std::unique_ptr<SimWorld>(
        new SimWorld(config, config.inputs->schemas, config.inputs->mw2017));
  }
  auto schemas_json = read_json_file(config.schemas_path);
  if (!schemas_json.ok()) return schemas_json.error();
  auto schemas = domain::SchemaCatalog::from_json(schemas_json.value());
  if (!schemas.ok()) return Error{2, config.schemas_path + ": " + schemas.error().message};
  domain::TemplateMappings mw2017;
  if (!config.mappings_path.empty()) {
    auto mappings_json = read_json_file(config.mappings_path);
    if (!mappings_json.ok()) return mappings_json.error();
    auto mappings = domain::TemplateMappings::from_json(mappings_json.value());
    if (!mappings.ok()) return Error{2, config.mappings_path + ": " + mappings.error().message};
    mw2017 = std::move(mappings.value());
  }
  if (!std::filesystem::is_directory(config.templates_dir)) {
    return Error{2, config.templates_dir + ": not a folder of heat templates"};
  }
  return std::unique_ptr<SimWorld>(
      new SimWorld(config, std::move(schemas.value()), std::move(mw2017)));
}

SimWorld::SimWorld(const WorldConfig& config, domain::SchemaCatalog schemas,
                   domain::TemplateMappings mw2017)
    : config_(config),
      schemas_(std::move(schemas)),
      mw2017_(std::move(mw2017)),
      heat_only_(domain::TemplateMappings::from_schemas(schemas_)),
      loop_(config.start_ms),
      recorder_(trace_text_),
      etcd_(loop_, config.record_trace ? &recorder_ : nullptr),
      streams_(config.seed) {
  JobManagerActorOptions jm;
  jm.core.generation =
      config.mw2017 ? scheduler::Generation::kMw2017 : scheduler::Generation::kHeatOnly;
  gohan_ = std::make_unique<GohanActor>(loop_, etcd_, schemas_);
  job_manager_ =
      std::make_unique<JobManagerActor>(loop_, etcd_, streams_, schemas_, heat_only_, mw2017_, jm);
  const domain::TemplateMappings& mappings = config.mw2017 ? mw2017_ : heat_only_;
  heat_runner_ = std::make_unique<FakeHeatRunner>(job_manager_->core().templates(), mappings,
                                                  schemas_, streams_.stream("heat"));
  monitoring_runner_ =
      std::make_unique<MonitoringRunner>(job_manager_->core().templates(), mappings, schemas_);
  CollectorActorOptions collector_options;
  collector_options.sleep_settled_targets = config.collector_sleep;
  collector_ = std::make_unique<CollectorActor>(loop_, etcd_, schemas_, collector_options);
  // The 2017 collector: a monitoring job's items appear in /monitoring after the first check.
  monitoring_runner_->set_record_listener(
      [this](const worker::WorkerJob& job, const std::string& value, int64_t at_ms) {
        const domain::SchemaInfo* schema = schemas_.find_by_id(job.resource_type);
        if (schema == nullptr) return;
        std::string key = "/monitoring" + schema->path + "/" + job.resource_id;
        auto scheduled = loop_.schedule_at(std::max(at_ms, loop_.now_ms()), "mw collector",
                                           [this, key, value] { etcd_.api().put(key, value, {}); });
        (void)scheduled;
      });
  heat_runner_->set_monitoring_listener(
      [this](const worker::WorkerJob& job, const std::vector<heat::MonitoringChange>& changes,
             int64_t at_ms) { collector_->on_stack_changes(job, changes, at_ms); });
  WorkerActorOptions heat;
  heat.handler = "heat_worker";
  heat.slots = config.workers;
  heat.with_orchestration_state = !config.mw2017;
  // The recorded gap between a job's job_state CAS and its /state write (domain.md §5.3: e.g.
  // history/01 seq 577 -> 594, 737 -> 762 span 17-36 ms): the result stays observable there.
  heat.state_delay_ms = kStateDelayMs;
  heat_worker_ =
      std::make_unique<WorkerActor>(loop_, etcd_, streams_, schemas_, *heat_runner_, heat);
  WorkerActorOptions monitoring = heat;
  monitoring.handler = "monitoring_worker";
  monitoring.slots = 8;
  monitoring.with_orchestration_state = false;
  monitoring_worker_ = std::make_unique<WorkerActor>(loop_, etcd_, streams_, schemas_,
                                                     *monitoring_runner_, monitoring);
  gohan_->start();
  job_manager_->start();
  heat_worker_->start();
  monitoring_worker_->start();
}

SimWorld::~SimWorld() = default;

Status<> SimWorld::run_to(int64_t at_ms) {
  auto ran = loop_.run_until(at_ms, kEventsPerStepMax);
  if (!ran.ok()) return ran.error();
  events_run_ += ran.value();
  return Unit{};
}

Status<> SimWorld::load_templates(const std::vector<std::string>& names, bool all) {
  std::vector<std::string> chosen = names;
  if (all && config_.inputs) {
    chosen = config_.inputs->template_names;
  } else if (all) {
    chosen.clear();
    for (const auto& entry : std::filesystem::directory_iterator(config_.templates_dir)) {
      if (entry.path().extension() == ".json") chosen.push_back(entry.path().stem().string());
    }
    std::sort(chosen.begin(), chosen.end());
  }
  for (const auto& name : chosen) {
    std::string path = config_.templates_dir + "/" + name + ".json";
    const WorldInputs::Template* prepared = nullptr;
    if (config_.inputs) {
      auto found = config_.inputs->templates.find(name);
      if (found != config_.inputs->templates.end()) prepared = &found->second;
    }
    Result<ordered_json> read = ordered_json();
    const ordered_json* body = nullptr;
    if (prepared != nullptr) {
      body = &prepared->body;
    } else {
      read = read_template_body(path);
      if (!read.ok()) return read.error();
      body = &read.value();
    }
    // A Jinja syntax error is found when the set is loaded, not when a job first renders it.
    auto file = body->find("template_file");
    if (file != body->end() && file->is_string()) {
      const std::string& text = file->get_ref<const std::string&>();
      std::optional<heat::JinjaTemplate> jinja;
      if (prepared != nullptr) jinja = prepared->jinja;
      if (!jinja) {
        auto parsed = heat::parse_jinja(name, text);
        if (!parsed.ok()) {
          return Error{2, path + ": bad template_file: " + parsed.error().message};
        }
        jinja = std::move(parsed.value());
      }
      auto handler = body->find("handler");
      if (handler != body->end() && *handler == "monitoring_worker") {
        monitoring_runner_->adopt_parsed(name, text, std::move(*jinja));
      } else {
        heat_runner_->adopt_parsed(name, text, std::move(*jinja));
      }
    }
    auto put = gohan_->put_template(
        *body, prepared != nullptr ? std::string_view(prepared->body_text) : std::string_view());
    if (!put.ok()) return Error{put.error().code, path + ": " + put.error().message};
  }
  return run_to(loop_.now_ms());
}

Status<> SimWorld::create(const std::string& type, const std::string& id, ordered_json body) {
  auto r = gohan_->create(type, id, std::move(body));
  if (!r.ok()) return r;
  return run_to(loop_.now_ms());
}

Status<> SimWorld::update(const std::string& type, const std::string& id, const ordered_json& body,
                          bool merge) {
  auto r = gohan_->update(type, id, body, merge);
  if (!r.ok()) return r;
  return run_to(loop_.now_ms());
}

Status<> SimWorld::remove(const std::string& type, const std::string& id, const ordered_json& set) {
  auto r = gohan_->remove(type, id, set);
  if (!r.ok()) return r;
  return run_to(loop_.now_ms());
}

Status<> SimWorld::advance(int64_t ms) {
  if (ms < 0) return Error{2, "advance: a negative duration"};
  return run_to(loop_.now_ms() + ms);
}

bool SimWorld::is_quiescent() const {
  if (!job_manager_->idle() || !heat_worker_->idle() || !monitoring_worker_->idle()) return false;
  if (gohan_->pending_removals() > 0) return false;
  const auto& registry = job_manager_->core().registry();
  for (const scheduler::Job* job : registry.in_creation_order()) {
    if (!registry.is_waiting(job->id)) return false;  // ready or running
  }
  return true;
}

std::string SimWorld::busy() const {
  std::string out;
  size_t jobs = job_manager_->core().registry().size();
  out += std::to_string(jobs) + " unfinished jobs, " +
         std::to_string(job_manager_->core().queued_workflows()) + " queued workflows, " +
         std::to_string(heat_worker_->busy_slots()) + " busy heat_worker slots";
  return out;
}

Status<> SimWorld::run_until_quiescent(int64_t limit_ms) {
  constexpr int64_t kStepMs = 100;
  int64_t deadline = loop_.now_ms() + limit_ms;
  // Let what was just written be read before judging.
  auto first = run_to(loop_.now_ms() + 1);
  if (!first.ok()) return first;
  while (!is_quiescent()) {
    if (loop_.now_ms() >= deadline) {
      return Error{1,
                   "still busy after the limit of " + std::to_string(limit_ms) + " ms: " + busy()};
    }
    auto r = run_to(std::min(deadline, loop_.now_ms() + kStepMs));
    if (!r.ok()) return r;
  }
  return Unit{};
}

std::vector<std::string> SimWorld::problems() const {
  std::vector<std::string> out;
  for (const auto* list :
       {&job_manager_->errors(), &heat_worker_->errors(), &monitoring_worker_->errors(),
        &heat_runner_->errors(), &monitoring_runner_->errors(), &collector_->errors(),
        &gohan_->errors()}) {
    out.insert(out.end(), list->begin(), list->end());
  }
  return out;
}

std::size_t SimWorld::template_error_count() const {
  return heat_runner_->template_errors().size() + monitoring_runner_->template_errors().size();
}

std::vector<std::string> SimWorld::template_errors() const {
  std::vector<std::string> out = heat_runner_->template_errors();
  const auto& monitoring = monitoring_runner_->template_errors();
  out.insert(out.end(), monitoring.begin(), monitoring.end());
  return out;
}

ordered_json SimWorld::keyspace(const std::vector<std::string>& prefixes) {
  etcd::GetOptions all;
  all.recursive = true;
  all.sorted = true;
  auto got = etcd_.api().get("/", all);
  std::vector<const etcd::NodeView*> files;
  if (got.ok()) collect_files(got->node, files);
  std::sort(files.begin(), files.end(),
            [](const auto* a, const auto* b) { return a->key < b->key; });
  ordered_json out = ordered_json::object();
  for (const etcd::NodeView* file : files) {
    bool wanted = prefixes.empty();
    for (const auto& p : prefixes) wanted = wanted || file->key.rfind(p, 0) == 0;
    if (!wanted) continue;
    std::string_view text = file->value.value_or("");
    auto parsed = ordered_json::parse(text, nullptr, false);
    out[file->key] = parsed.is_discarded() ? ordered_json(text) : parsed;
  }
  return out;
}

}  // namespace esisim::sim
