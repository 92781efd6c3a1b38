// Scenario sources from files or memory (see source_loader.h).
#include "sim/scenario/source_loader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace esisim::scenario {

Result<std::string> FileSourceLoader::read(const std::string& path) const {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Error{2, path + ": is a folder, expected a file"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{2, path + ": cannot open the file"};
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kSourceBytesMax) {
      return Error{2, path + ": larger than " + std::to_string(kSourceBytesMax) + " bytes"};
    }
  }
  if (in.bad()) return Error{2, path + ": cannot read the file"};
  return text;
}

Result<std::string> MemorySourceLoader::read(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return Error{2, path + ": cannot open the file"};
  return it->second;
}

std::string resolve_relative(const std::string& base_file, const std::string& relative) {
  std::filesystem::path rel(relative);
  if (rel.is_absolute()) return rel.lexically_normal().generic_string();
  std::filesystem::path base = std::filesystem::path(base_file).parent_path();
  return (base / rel).lexically_normal().generic_string();
}

std::string file_stem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

}  // namespace esisim::scenario
