// Golden snapshots: comparison of a (redacted) keyspace with its golden file, the readable
// diff, golden files and orphans.
//
// Contract: a golden is fixtures/<scenario>/<checkpoint>.json, a JSON object {key: value} with
// keys in ascending order, written with two-space indentation and a final newline. Comparison
// is of decoded JSON: object member order does not matter, array order does, 1 and 1.0 are equal
// numbers. Differences come key by key in ascending key order and, inside a key present on both
// sides, JSON path by path (".state.worker_state", "[2]", "[\"odd key\"]") depth first.
// Rendering is plain text, with ANSI colour only when asked (use_colour decides: a terminal and
// neither NO_COLOR nor CI set). File functions return errors naming the path, never throw.
//
// Example rendering (plain):
//   ~ /state/v2.0/networks/n1
//       .state.worker_state: golden "CREATE_COMPLETE", actual "CREATE_FAILED"
//   + /monitoring/v2.0/ports/p1  (only in the actual keyspace)
//       {"version":1,"vmi":"UP"}
//   - /jobs/ready/create:heat_worker:port:p1:1:<job-suffix-1>  (only in the golden)
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::scenario {

inline constexpr std::size_t kDiffEntriesShownMax = 200;
inline constexpr std::size_t kDiffValueCharsMax = 300;

struct Difference {
  std::string key;
  std::string path;  // "" when the whole key differs (added, removed, or a different kind)
  std::optional<nlohmann::ordered_json> golden;  // absent: only in the actual keyspace
  std::optional<nlohmann::ordered_json> actual;  // absent: only in the golden
};

std::vector<Difference> compare_keyspaces(const nlohmann::ordered_json& actual,
                                          const nlohmann::ordered_json& golden);

// Counts for summaries: keys only in actual (+), only in golden (-), in both but different (~).
struct DiffCounts {
  std::size_t added = 0;
  std::size_t removed = 0;
  std::size_t changed = 0;
};
DiffCounts count_keys(const std::vector<Difference>& differences);

// The diff, each line starting with `indent`, at most kDiffEntriesShownMax entries.
std::string render_diff(const std::vector<Difference>& differences, bool colour,
                        const std::string& indent = "  ");

bool use_colour(bool stdout_is_terminal, bool no_color_set, bool ci_set);

// Equality of decoded JSON as compare_keyspaces sees it (member order ignored, 1 == 1.0).
bool same_json(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b);

std::string golden_path(const std::string& goldens_dir, const std::string& scenario,
                        const std::string& checkpoint);
std::string golden_text(const nlohmann::ordered_json& keyspace);
// nullopt when the file does not exist; an error when it cannot be read or is not a JSON object.
Result<std::optional<nlohmann::ordered_json>> read_golden(const std::string& path);
Status<> write_text_file(const std::string& path, const std::string& text);

// *.json files of goldens_dir/<scenario>/ whose stem is not one of `checkpoints`, sorted.
std::vector<std::string> find_orphans(const std::string& goldens_dir, const std::string& scenario,
                                      const std::vector<std::string>& checkpoints);

}  // namespace esisim::scenario
