#include "core/etcd/path.h"

#include <cstring>

namespace esisim::etcd {

namespace {
// Whether clean_key(key) == key: a leading '/', and no empty, "." or ".." segment (so no
// "//" and no trailing '/'), or exactly "/". One memchr per segment.
bool is_clean(std::string_view key) {
  if (key.empty() || key.front() != '/') return false;
  const char* end = key.data() + key.size();
  for (const char* slash = key.data(); slash != nullptr;) {
    const char* segment = slash + 1;
    slash = static_cast<const char*>(std::memchr(segment, '/', end - segment));
    size_t size = (slash == nullptr ? end : slash) - segment;
    if (size == 0) return key.size() == 1;  // an empty segment: only "/" itself is clean
    if (segment[0] == '.' && (size == 1 || (size == 2 && segment[1] == '.'))) return false;
  }
  return true;
}
}  // namespace

std::string clean_key(std::string_view key) {
  if (is_clean(key)) return std::string(key);  // the common case: one copy, no segment list
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (pos <= key.size()) {
    size_t next = key.find('/', pos);
    if (next == std::string_view::npos) next = key.size();
    std::string_view part = key.substr(pos, next - pos);
    if (part.empty() || part == ".") {
      // skip
    } else if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else {
      parts.push_back(part);
    }
    pos = next + 1;
  }
  if (parts.empty()) return "/";
  std::string out;
  out.reserve(key.size() + 1);
  for (std::string_view part : parts) {
    out.push_back('/');
    out.append(part);
  }
  return out;
}

std::vector<std::string_view> split_key(std::string_view clean) {
  std::vector<std::string_view> parts;
  size_t pos = 1;
  while (pos < clean.size()) {
    size_t next = clean.find('/', pos);
    if (next == std::string_view::npos) next = clean.size();
    parts.push_back(clean.substr(pos, next - pos));
    pos = next + 1;
  }
  return parts;
}

bool is_hidden_below(std::string_view watch_path, std::string_view key) {
  // Mirrors etcd's isHidden: when deleting a directory the watch path may be deeper.
  if (watch_path.size() > key.size()) return false;
  std::string after = clean_key(key.substr(watch_path.size()));
  return after.find("/_") != std::string::npos;
}

}  // namespace esisim::etcd
