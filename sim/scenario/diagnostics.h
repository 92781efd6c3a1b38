// Error collection for the scenario front end: every message is "file:line:column: what was
// expected", and a validating pass gathers all of them before anything runs.
//
// Contract: add() keeps at most kDiagnosticsMax messages; past that it records one final
// "too many errors" message and drops the rest, so bad input cannot grow the list without
// bound. Messages keep the order they were added in.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "sim/scenario/scenario.h"

namespace esisim::scenario {

inline constexpr std::size_t kDiagnosticsMax = 100;
inline constexpr int kBadInputCode = 2;

class Diagnostics {
 public:
  void add(const SourceMark& mark, const std::string& message);
  // A message with no place (a file that cannot be read names itself in the message).
  void add_plain(const std::string& message);
  void append(const std::vector<Error>& errors);
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  const std::vector<Error>& errors() const { return errors_; }
  std::vector<Error> take() { return std::move(errors_); }

 private:
  std::vector<Error> errors_;
  bool truncated_ = false;
};

}  // namespace esisim::scenario
