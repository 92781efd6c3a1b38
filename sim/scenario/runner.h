// `esisim run`: validates and runs scenario files, compares checkpoints with goldens, evaluates
// expects, and reports one line per scenario and a total.
//
// Contract:
//   * Inputs are files or folders (searched recursively for *.yaml; a file or folder whose name
//     starts with '_' or '.' is not a scenario — keep included parts there), sorted by path;
//     --filter keeps scenarios whose name (file stem) matches the glob.
//   * Everything is parsed and validated first; any error (all are printed, each with
//     file:line:column) means exit 2 and nothing runs. --update-goldens with CI set is refused
//     with exit 2 before anything is read.
//   * Each scenario runs in its own world made by the factory, on up to `jobs` threads; the
//     output is printed in input order whatever `jobs` is, so it is the same for any -j.
//   * Per scenario: "PASS <name> (N checkpoints, M expects)" or "FAIL <name>: <first problem>"
//     followed by the places (file:line:column, step, seed) and diffs; notes about goldens
//     written and orphaned golden files are indented below. Last line:
//     "total: P passed, F failed". Exit 0 when all pass, 1 otherwise, 2 when a world step met
//     bad input (a step's error with code 2: a bad template, named with the rendered line).
//   * --dump-dir DIR writes DIR/<name>/<checkpoint>.json with the whole keyspace, unredacted;
//     --trace-out FILE writes the trace of the one scenario run, or DIR/<name>.jsonl each when
//     several run; --junit FILE writes junit.h's XML; --check-determinism runs every scenario a
//     second time in a fresh world and fails it unless the traces are byte-identical.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "sim/scenario/world.h"

namespace esisim::scenario {

inline constexpr unsigned kJobsMax = 64;
inline constexpr std::size_t kScenarioFilesMax = 10'000;

struct RunOptions {
  std::vector<std::string> paths;
  std::optional<uint64_t> seed;  // overrides every scenario's seed
  std::string filter;            // glob on the scenario name; "" = all
  std::string dump_dir;
  std::string junit_file;
  std::string trace_out;
  bool update_goldens = false;
  bool check_determinism = false;
  unsigned jobs = 1;
  std::string fixtures_dir;  // "" = the nearest fixtures/ above the first scenario, else ./fixtures
  std::string goldens_dir;   // "" = fixtures_dir
  bool colour = false;
  bool ci = false;  // the CI environment variable is set
};

int run_scenarios(const RunOptions& options, const WorldFactory& factory, std::ostream& out,
                  std::ostream& err);

// Scenario files named by `paths` (see the contract), or an error naming a missing path.
Result<std::vector<std::string>> collect_scenario_files(const std::vector<std::string>& paths);

// The nearest folder named fixtures/ holding esi/ at or above the folder of `file`, or "fixtures".
std::string discover_fixtures_dir(const std::string& file);

// One scenario file parsed and validated as `esisim run` does (fixtures_dir "" = discovered),
// for the commands that run a scenario their own way (esisim capacity); every error has its
// file:line:column.
Result<Scenario, std::vector<Error>> load_valid_scenario(const std::string& file,
                                                         const std::string& fixtures_dir);

}  // namespace esisim::scenario
