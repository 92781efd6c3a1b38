// Where scenario text comes from: the scenario files, the files they include and body files.
//
// Contract: `read` returns a file's bytes or an error naming the path. FileSourceLoader reads
// the file system and refuses files over kSourceBytesMax; MemorySourceLoader serves texts put in
// it (tests, documentation examples) and is otherwise empty. Both are safe to share between
// threads once filled. `resolve_relative` gives the path of `relative` as seen from the folder
// of `base_file` (absolute paths unchanged), lexically normalised, so that the same file reached
// two ways has one name (include cycles are found by name).
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "core/util/result.h"

namespace esisim::scenario {

inline constexpr std::size_t kSourceBytesMax = 16 * 1024 * 1024;

class SourceLoader {
 public:
  virtual ~SourceLoader() = default;
  virtual Result<std::string> read(const std::string& path) const = 0;
};

class FileSourceLoader final : public SourceLoader {
 public:
  Result<std::string> read(const std::string& path) const override;
};

class MemorySourceLoader final : public SourceLoader {
 public:
  void put(const std::string& path, std::string text) { files_[path] = std::move(text); }
  Result<std::string> read(const std::string& path) const override;

 private:
  std::map<std::string, std::string, std::less<>> files_;
};

std::string resolve_relative(const std::string& base_file, const std::string& relative);

// The file name without folder and without its last extension: "a/b/port.yaml" -> "port".
std::string file_stem(const std::string& path);

}  // namespace esisim::scenario
