// Test helper: a StateReader answering from a map of /state keys to versions.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/scheduler/job_manager.h"

namespace esisim::scheduler {

class MapStateReader : public StateReader {
 public:
  std::optional<int64_t> state_version(std::string_view key) override {
    auto it = versions.find(std::string(key));
    if (it == versions.end()) return std::nullopt;
    return it->second;
  }
  std::map<std::string, int64_t> versions;
};

}  // namespace esisim::scheduler
