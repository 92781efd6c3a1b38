// The scenario runner (see runner.h).
#include "sim/scenario/runner.h"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "core/domain/schema_catalog.h"
#include "sim/scenario/diagnostics.h"
#include "sim/scenario/expect.h"
#include "sim/scenario/golden.h"
#include "sim/scenario/junit.h"
#include "sim/scenario/parser.h"
#include "sim/scenario/redaction.h"
#include "sim/scenario/validate.h"

namespace esisim::scenario {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

bool hidden_name(const fs::path& p) {
  std::string name = p.filename().string();
  return !name.empty() && (name[0] == '_' || name[0] == '.');
}

// ---- validation context, shared by scenarios naming the same files ----

struct LoadedSet {
  std::optional<domain::SchemaCatalog> catalog;
  std::set<std::string, std::less<>> template_names;
};

class ContextCache {
 public:
  // Loads (once) what validating `scenario` needs; problems go to `diag` at this scenario's
  // `schemas` or template-set place.
  const LoadedSet& get(const Scenario& scenario, Diagnostics& diag) {
    const std::string key =
        scenario.schemas + "\n" + scenario.templates.dir + "\n" + scenario.templates.mappings;
    auto it = sets_.find(key);
    if (it == sets_.end()) it = sets_.emplace(key, load(scenario)).first;
    for (const LoadProblem& p : it->second.problems) {
      diag.add(p.about_schemas ? scenario.schemas_mark : scenario.templates.mark, p.message);
    }
    return it->second.set;
  }

 private:
  struct LoadProblem {
    bool about_schemas = false;
    std::string message;
  };
  struct Entry {
    LoadedSet set;
    std::vector<LoadProblem> problems;
  };

  Entry load(const Scenario& scenario) const {
    Entry entry;
    auto text = loader_.read(scenario.schemas);
    if (!text.ok()) {
      entry.problems.push_back({true, "cannot read the schema catalogue: " + text.error().message});
    } else {
      Json parsed = Json::parse(text.value(), nullptr, false);
      auto catalog = parsed.is_discarded() ? Result<domain::SchemaCatalog>(Error{2, "not JSON"})
                                           : domain::SchemaCatalog::from_json(parsed);
      if (catalog.ok()) {
        entry.set.catalog = std::move(catalog.value());
      } else {
        entry.problems.push_back({true, "the schema catalogue " + scenario.schemas +
                                            " is not usable: " + catalog.error().message});
      }
    }
    const std::string& dir = scenario.templates.dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      entry.problems.push_back({false, "template folder " + dir + " does not exist"});
    } else {
      for (const auto& file : fs::directory_iterator(dir, ec)) {
        if (file.path().extension() == ".json") {
          entry.set.template_names.insert(file.path().stem().string());
        }
      }
      if (entry.set.template_names.empty()) {
        entry.problems.push_back({false, "template folder " + dir + " has no *.json"});
      }
    }
    auto mappings = loader_.read(scenario.templates.mappings);
    if (!mappings.ok()) {
      entry.problems.push_back(
          {false, "cannot read the template mappings: " + mappings.error().message});
    } else if (Json::parse(mappings.value(), nullptr, false).is_discarded()) {
      entry.problems.push_back(
          {false, "the template mappings " + scenario.templates.mappings + " are not JSON"});
    }
    return entry;
  }

  FileSourceLoader loader_;
  std::map<std::string, Entry> sets_;
};

// Validates `scenario` against the schemas and templates it names; problems go to `diag`.
void validate_in_context(const Scenario& scenario, ContextCache& contexts, Diagnostics& diag) {
  const LoadedSet& set = contexts.get(scenario, diag);
  ValidationContext context;
  context.catalog = set.catalog ? &*set.catalog : nullptr;
  context.catalog_source = scenario.schemas;
  context.template_names = set.template_names.empty() ? nullptr : &set.template_names;
  context.templates_source = scenario.templates.dir;
  diag.append(validate_scenario(scenario, context));
}

// ---- one run of one scenario ----

struct Problem {
  std::string summary;     // first line
  std::string place;       // "at file:line:col (step i: ...), seed S"
  std::string plain;       // diff or details, plain
  std::string colour;      // the same, coloured when asked
  bool bad_input = false;  // the world met bad input (a bad template): exit 2, not 1
};

struct Played {
  std::vector<Problem> problems;
  std::vector<std::string> notes;
  std::string trace;
  bool stopped = false;  // a step failed; later steps did not run
};

struct Outcome {
  const Scenario* scenario = nullptr;
  uint64_t seed = 1;
  Played played;
  std::string determinism_problem;
};

class ScenarioPlayer {
 public:
  ScenarioPlayer(const Scenario& scenario, uint64_t seed, const RunOptions& options,
                 const WorldFactory& factory, const std::string& goldens_dir, bool record)
      : scenario_(scenario),
        seed_(seed),
        options_(options),
        factory_(factory),
        goldens_dir_(goldens_dir),
        record_(record),
        seed_text_("seed " + std::to_string(seed)) {}

  Played play() {
    auto world = factory_(scenario_, seed_);
    if (!world.ok()) {
      fail(nullptr, 0, "cannot start the simulated world: " + world.error().message);
      played_.stopped = true;
      return std::move(played_);
    }
    world_ = std::move(world.value());
    std::string extra = world_->describe_seed();
    if (!extra.empty()) seed_text_ += " (" + extra + ")";
    for (std::size_t i = 0; i < scenario_.steps.size(); ++i) {
      if (!play_step(scenario_.steps[i], i + 1)) {
        played_.stopped = true;
        break;
      }
    }
    played_.trace = world_->trace_jsonl();
    if (record_) note_orphans();
    return std::move(played_);
  }

 private:
  std::string place_of(const Step* step, std::size_t number) const {
    if (!step) return "in " + scenario_.file + ", " + seed_text_;
    std::string text = "at " + step->mark.text() + " (step " + std::to_string(number) + ": " +
                       step->describe() + ")";
    for (auto it = step->included_from.rbegin(); it != step->included_from.rend(); ++it) {
      text += ", included from " + it->text();
    }
    return text + ", " + seed_text_;
  }

  void fail(const Step* step, std::size_t number, const std::string& summary,
            const std::string& plain = "", const std::string& colour = "", bool bad_input = false) {
    played_.problems.push_back(Problem{summary, place_of(step, number), plain, colour, bad_input});
  }

  bool play_step(const Step& step, std::size_t number) {
    if (step.at) {
      Millis now = world_->now_ms();
      if (*step.at < now) {
        fail(&step, number,
             "step " + std::to_string(number) + " is at " + std::to_string(*step.at) +
                 " ms but the simulated clock already reads " + std::to_string(now) + " ms");
        return false;
      }
      if (*step.at > now) {
        Step advance;
        advance.body = AdvanceStep{*step.at - now};
        advance.mark = step.mark;
        advance.included_from = step.included_from;
        auto applied = world_->apply(advance);
        if (!applied.ok()) {
          fail(&step, number, "advancing to 'at' failed: " + applied.error().message);
          return false;
        }
      }
    }
    if (const auto* checkpoint = std::get_if<CheckpointStep>(&step.body)) {
      do_checkpoint(step, number, *checkpoint);
      return true;
    }
    if (const auto* expect = std::get_if<ExpectStep>(&step.body)) {
      do_expect(step, number, *expect);
      return true;
    }
    auto applied = world_->apply(step);
    if (!applied.ok()) {
      fail(&step, number, step.kind() + " failed: " + applied.error().message, "", "",
           applied.error().code == kBadInputCode);
      return false;
    }
    return true;
  }

  void do_checkpoint(const Step& step, std::size_t number, const CheckpointStep& checkpoint) {
    Json keyspace = world_->keyspace(checkpoint.prefixes);
    if (!record_) return;
    if (!options_.dump_dir.empty()) {
      Json whole = checkpoint.prefixes.empty() ? keyspace : world_->keyspace({});
      std::string path = options_.dump_dir + "/" + scenario_.name + "/" + checkpoint.name + ".json";
      auto written = write_text_file(path, golden_text(whole));
      if (!written.ok()) fail(&step, number, written.error().message);
    }
    Redactor redactor(scenario_.redactions, scenario_uuids(scenario_));
    Json actual = redactor.redact(keyspace);
    std::string path = golden_path(goldens_dir_, scenario_.name, checkpoint.name);
    auto golden = read_golden(path);
    if (!golden.ok()) {
      if (!options_.update_goldens) {
        fail(&step, number, golden.error().message);
        return;
      }
      golden = std::optional<Json>{};
    }
    if (!golden.value()) {
      if (options_.update_goldens) {
        write_golden(step, number, path, actual,
                     "created " + path + " (" + std::to_string(actual.size()) + " keys)");
      } else {
        fail(&step, number,
             "checkpoint '" + checkpoint.name + "' has no golden " + path +
                 " (write it with esisim run --update-goldens)");
      }
      return;
    }
    std::vector<Difference> differences = compare_keyspaces(actual, *golden.value());
    if (differences.empty()) return;
    DiffCounts counts = count_keys(differences);
    std::string count_text = "+" + std::to_string(counts.added) + " -" +
                             std::to_string(counts.removed) + " ~" +
                             std::to_string(counts.changed) + " keys";
    if (options_.update_goldens) {
      write_golden(step, number, path, actual, "updated " + path + " (" + count_text + ")");
      played_.notes.push_back(render_diff(differences, options_.colour, "      "));
      return;
    }
    fail(&step, number,
         "checkpoint '" + checkpoint.name + "' differs from " + path + " (" + count_text + ")",
         render_diff(differences, false, "    "),
         render_diff(differences, options_.colour, "    "));
  }

  void write_golden(const Step& step, std::size_t number, const std::string& path,
                    const Json& actual, const std::string& note) {
    auto written = write_text_file(path, golden_text(actual));
    if (!written.ok()) {
      fail(&step, number, written.error().message);
      return;
    }
    played_.notes.push_back("    " + note + "\n");
  }

  void do_expect(const Step& step, std::size_t number, const ExpectStep& expect) {
    std::vector<std::string> keys;
    for (const Expectation& check : expect.checks) keys.push_back(check.key);
    Json keyspace = world_->keyspace(keys);
    if (!record_) return;
    for (const Expectation& check : expect.checks) {
      if (auto problem = check_expectation(check, keyspace)) {
        fail(&step, number, "expect at " + check.mark.text() + ": " + *problem);
      }
    }
  }

  void note_orphans() {
    std::vector<std::string> names;
    for (const Step& s : scenario_.steps) {
      if (const auto* c = std::get_if<CheckpointStep>(&s.body)) names.push_back(c->name);
    }
    for (const std::string& orphan : find_orphans(goldens_dir_, scenario_.name, names)) {
      played_.notes.push_back("    orphan " + orphan + ": no checkpoint of that name in " +
                              scenario_.file + "\n");
    }
  }

  const Scenario& scenario_;
  uint64_t seed_;
  const RunOptions& options_;
  const WorldFactory& factory_;
  const std::string& goldens_dir_;
  bool record_;
  std::unique_ptr<ScenarioWorld> world_;
  std::string seed_text_;
  Played played_;
};

std::string first_trace_difference(const std::string& a, const std::string& b) {
  std::istringstream first(a);
  std::istringstream second(b);
  std::string line_a;
  std::string line_b;
  for (std::size_t line = 1;; ++line) {
    bool more_a = static_cast<bool>(std::getline(first, line_a));
    bool more_b = static_cast<bool>(std::getline(second, line_b));
    if (!more_a && !more_b) return "the traces differ only in their line ends";
    if (!more_a || !more_b || line_a != line_b) {
      auto cut = [](const std::string& s) { return s.size() > 200 ? s.substr(0, 200) + "..." : s; };
      return "first difference at trace line " + std::to_string(line) +
             ":\n    first run:  " + (more_a ? cut(line_a) : "(end of trace)") +
             "\n    second run: " + (more_b ? cut(line_b) : "(end of trace)") + "\n";
    }
  }
}

Outcome run_one(const Scenario& scenario, const RunOptions& options, const WorldFactory& factory,
                const std::string& goldens_dir) {
  Outcome outcome;
  outcome.scenario = &scenario;
  outcome.seed = options.seed.value_or(scenario.seed);
  try {
    outcome.played =
        ScenarioPlayer(scenario, outcome.seed, options, factory, goldens_dir, true).play();
    if (options.check_determinism && !outcome.played.stopped) {
      Played again =
          ScenarioPlayer(scenario, outcome.seed, options, factory, goldens_dir, false).play();
      if (again.trace != outcome.played.trace) {
        outcome.determinism_problem = first_trace_difference(outcome.played.trace, again.trace);
      }
    }
  } catch (const std::exception& e) {
    outcome.played.problems.push_back(
        Problem{std::string("internal error: ") + e.what(),
                "in " + scenario.file + ", seed " + std::to_string(outcome.seed), "", ""});
  }
  return outcome;
}

struct Report {
  std::string console;
  JunitCase junit;
  bool passed = true;
  bool bad_input = false;
};

Report report_of(const Outcome& outcome, const RunOptions& options) {
  const Scenario& s = *outcome.scenario;
  Report report;
  report.junit.name = s.name;
  report.junit.file = s.file;
  std::ostringstream console;
  std::ostringstream plain;
  std::vector<Problem> problems = outcome.played.problems;
  if (!outcome.determinism_problem.empty()) {
    problems.push_back(
        Problem{"the trace differs between two runs with seed " + std::to_string(outcome.seed),
                "in " + s.file + ", seed " + std::to_string(outcome.seed),
                "    " + outcome.determinism_problem, "    " + outcome.determinism_problem});
  }
  report.passed = problems.empty();
  for (const Problem& p : problems) report.bad_input = report.bad_input || p.bad_input;
  if (report.passed) {
    console << "PASS " << s.name << " (" << s.checkpoint_count() << " checkpoints, "
            << s.expect_count() << " expects"
            << (options.check_determinism ? "; trace identical on two runs" : "") << ")\n";
  } else {
    console << "FAIL " << s.name << ": " << problems.front().summary << "\n";
    for (std::size_t i = 0; i < problems.size(); ++i) {
      const Problem& p = problems[i];
      if (i > 0) {
        console << "  " << p.summary << "\n";
        plain << p.summary << "\n";
      }
      console << "  " << p.place << "\n" << p.colour;
      plain << "  " << p.place << "\n" << p.plain;
    }
    report.junit.passed = false;
    report.junit.message = problems.front().summary;
    report.junit.details = plain.str();
  }
  for (const std::string& note : outcome.played.notes) console << note;
  report.console = console.str();
  return report;
}

}  // namespace

Result<std::vector<std::string>> collect_scenario_files(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      auto it = fs::recursive_directory_iterator(path, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (hidden_name(it->path())) {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec) && it->path().extension() == ".yaml") {
          found.push_back(it->path().generic_string());
        }
        if (found.size() > kScenarioFilesMax) {
          return Error{
              2, path + ": more than " + std::to_string(kScenarioFilesMax) + " scenario files"};
        }
      }
      if (ec) return Error{2, path + ": cannot list the folder: " + ec.message()};
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec)) {
      out.push_back(path);
    } else {
      return Error{2, path + ": no such file or folder"};
    }
  }
  if (out.size() > kScenarioFilesMax) {
    return Error{2, "more than " + std::to_string(kScenarioFilesMax) + " scenario files"};
  }
  return out;
}

std::string discover_fixtures_dir(const std::string& file) {
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(file), ec).parent_path();
  for (int depth = 0; depth < 64 && !dir.empty(); ++depth) {
    if (fs::is_directory(dir / "fixtures" / "esi", ec)) return (dir / "fixtures").generic_string();
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return "fixtures";
}

int run_scenarios(const RunOptions& options, const WorldFactory& factory, std::ostream& out,
                  std::ostream& err) {
  if (options.update_goldens && options.ci) {
    err << "esisim run: --update-goldens refused: CI is set (goldens are rewritten on a "
           "developer's machine and reviewed, never by CI)\n";
    return kBadInputCode;
  }
  if (options.jobs == 0 || options.jobs > kJobsMax) {
    err << "esisim run: -j expects 1 to " << kJobsMax << "\n";
    return kBadInputCode;
  }
  auto files = collect_scenario_files(options.paths);
  if (!files.ok()) {
    err << "esisim run: " << files.error().message << "\n";
    return kBadInputCode;
  }
  std::vector<std::string> selected;
  for (const std::string& file : files.value()) {
    if (options.filter.empty() ||
        fnmatch(options.filter.c_str(), file_stem(file).c_str(), 0) == 0) {
      selected.push_back(file);
    }
  }
  if (selected.empty()) {
    err << "esisim run: no scenario files" << (options.filter.empty() ? "" : " match the filter")
        << " (folders are searched for *.yaml)\n";
    return kBadInputCode;
  }
  std::string fixtures_dir =
      options.fixtures_dir.empty() ? discover_fixtures_dir(selected.front()) : options.fixtures_dir;
  std::string goldens_dir = options.goldens_dir.empty() ? fixtures_dir : options.goldens_dir;

  // Validating pass: every file, every error, before anything runs.
  FileSourceLoader loader;
  ParseOptions parse_options{fixtures_dir};
  ContextCache contexts;
  Diagnostics diag;
  std::vector<Scenario> scenarios;
  std::map<std::string, std::string> names;
  std::size_t bad_files = 0;
  for (const std::string& file : selected) {
    std::size_t before = diag.size();
    auto parsed = parse_scenario_file(file, loader, parse_options);
    if (!parsed.ok()) {
      diag.append(parsed.error());
      ++bad_files;
      continue;
    }
    Scenario& scenario = parsed.value();
    auto [it, fresh] = names.emplace(scenario.name, file);
    if (!fresh) {
      diag.add_plain(file + ": scenario name '" + scenario.name + "' is also the name of " +
                     it->second + " (goldens live in " + goldens_dir + "/<name>/)");
    }
    validate_in_context(scenario, contexts, diag);
    if (diag.size() != before) ++bad_files;
    scenarios.push_back(std::move(scenario));
  }
  if (!diag.empty()) {
    for (const Error& e : diag.errors()) err << e.message << "\n";
    err << "esisim run: " << diag.size() << (diag.size() == 1 ? " error" : " errors") << " in "
        << bad_files << (bad_files == 1 ? " file" : " files") << "; nothing was run\n";
    return kBadInputCode;
  }

  // Run, up to `jobs` at once; print in input order as results arrive.
  std::vector<std::optional<Outcome>> outcomes(scenarios.size());
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    while (true) {
      std::size_t i = next.fetch_add(1);
      if (i >= scenarios.size()) return;
      Outcome outcome = run_one(scenarios[i], options, factory, goldens_dir);
      std::lock_guard lock(mutex);
      outcomes[i] = std::move(outcome);
      ready.notify_all();
    }
  };
  unsigned thread_count =
      static_cast<unsigned>(std::min<std::size_t>(options.jobs, scenarios.size()));
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < thread_count; ++t) threads.emplace_back(worker);

  std::size_t passed = 0;
  std::size_t failed = 0;
  std::vector<JunitCase> cases;
  bool io_failed = false;
  bool bad_input = false;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    Outcome outcome;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return outcomes[i].has_value(); });
      outcome = std::move(*outcomes[i]);
      outcomes[i].reset();
    }
    Report report = report_of(outcome, options);
    out << report.console << std::flush;
    (report.passed ? passed : failed) += 1;
    bad_input = bad_input || report.bad_input;
    cases.push_back(std::move(report.junit));
    if (!options.trace_out.empty()) {
      std::string path = scenarios.size() == 1
                             ? options.trace_out
                             : options.trace_out + "/" + scenarios[i].name + ".jsonl";
      auto written = write_text_file(path, outcome.played.trace);
      if (!written.ok()) {
        err << "esisim run: " << written.error().message << "\n";
        io_failed = true;
      }
    }
  }
  for (std::thread& t : threads) t.join();
  out << "total: " << passed << " passed, " << failed << " failed\n";
  if (!options.junit_file.empty()) {
    auto written = write_text_file(options.junit_file, junit_xml(cases));
    if (!written.ok()) {
      err << "esisim run: " << written.error().message << "\n";
      io_failed = true;
    }
  }
  if (io_failed || bad_input) return kBadInputCode;
  return failed == 0 ? 0 : 1;
}

Result<Scenario, std::vector<Error>> load_valid_scenario(const std::string& file,
                                                         const std::string& fixtures_dir) {
  FileSourceLoader loader;
  ParseOptions parse_options{fixtures_dir.empty() ? discover_fixtures_dir(file) : fixtures_dir};
  auto parsed = parse_scenario_file(file, loader, parse_options);
  if (!parsed.ok()) return parsed.error();
  Scenario& scenario = parsed.value();
  ContextCache contexts;
  Diagnostics diag;
  validate_in_context(scenario, contexts, diag);
  if (!diag.empty()) return diag.errors();
  return std::move(scenario);
}

}  // namespace esisim::scenario
