// Golden comparison, diff rendering and golden files (see golden.h).
#include "sim/scenario/golden.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace esisim::scenario {

namespace {

using Json = nlohmann::ordered_json;

bool numbers_equal(const Json& a, const Json& b) {
  if (a.is_number_float() || b.is_number_float()) return a.get<double>() == b.get<double>();
  if (a.is_number_unsigned() && b.is_number_unsigned()) {
    return a.get<uint64_t>() == b.get<uint64_t>();
  }
  if (a.is_number_unsigned() || b.is_number_unsigned()) {
    const Json& u = a.is_number_unsigned() ? a : b;
    const Json& s = a.is_number_unsigned() ? b : a;
    return s.get<int64_t>() >= 0 && static_cast<uint64_t>(s.get<int64_t>()) == u.get<uint64_t>();
  }
  return a.get<int64_t>() == b.get<int64_t>();
}

bool is_identifier(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

std::string member_path(const std::string& base, const std::string& name) {
  if (is_identifier(name)) return base + "." + name;
  return base + "[" + Json(name).dump() + "]";
}

void diff_values(const std::string& key, const std::string& path, const Json& golden,
                 const Json& actual, std::vector<Difference>& out) {
  if (golden.is_number() && actual.is_number()) {
    if (!numbers_equal(golden, actual)) out.push_back({key, path, golden, actual});
    return;
  }
  if (golden.type() != actual.type()) {
    out.push_back({key, path, golden, actual});
    return;
  }
  if (golden.is_object()) {
    std::set<std::string> names;
    for (auto it = golden.begin(); it != golden.end(); ++it) names.insert(it.key());
    for (auto it = actual.begin(); it != actual.end(); ++it) names.insert(it.key());
    for (const std::string& name : names) {
      std::string p = member_path(path, name);
      bool in_golden = golden.contains(name);
      bool in_actual = actual.contains(name);
      if (in_golden && in_actual) {
        diff_values(key, p, golden.at(name), actual.at(name), out);
      } else if (in_golden) {
        out.push_back({key, p, golden.at(name), std::nullopt});
      } else {
        out.push_back({key, p, std::nullopt, actual.at(name)});
      }
    }
    return;
  }
  if (golden.is_array()) {
    std::size_t n = std::max(golden.size(), actual.size());
    for (std::size_t i = 0; i < n; ++i) {
      std::string p = path + "[" + std::to_string(i) + "]";
      if (i < golden.size() && i < actual.size()) {
        diff_values(key, p, golden[i], actual[i], out);
      } else if (i < golden.size()) {
        out.push_back({key, p, golden[i], std::nullopt});
      } else {
        out.push_back({key, p, std::nullopt, actual[i]});
      }
    }
    return;
  }
  if (golden != actual) out.push_back({key, path, golden, actual});
}

std::string shown(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kDiffValueCharsMax) {
    text =
        text.substr(0, kDiffValueCharsMax) + "... (" + std::to_string(text.size()) + " characters)";
  }
  return text;
}

constexpr const char* kRed = "\x1b[31m";
constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kYellow = "\x1b[33m";
constexpr const char* kReset = "\x1b[0m";

}  // namespace

std::vector<Difference> compare_keyspaces(const Json& actual, const Json& golden) {
  std::vector<Difference> out;
  std::set<std::string> keys;
  for (auto it = golden.begin(); it != golden.end(); ++it) keys.insert(it.key());
  for (auto it = actual.begin(); it != actual.end(); ++it) keys.insert(it.key());
  for (const std::string& key : keys) {
    bool in_golden = golden.contains(key);
    bool in_actual = actual.contains(key);
    if (in_golden && in_actual) {
      diff_values(key, "", golden.at(key), actual.at(key), out);
    } else if (in_golden) {
      out.push_back({key, "", golden.at(key), std::nullopt});
    } else {
      out.push_back({key, "", std::nullopt, actual.at(key)});
    }
  }
  return out;
}

bool same_json(const Json& a, const Json& b) {
  std::vector<Difference> out;
  diff_values("", "", a, b, out);
  return out.empty();
}

DiffCounts count_keys(const std::vector<Difference>& differences) {
  DiffCounts counts;
  std::string last;
  bool first = true;
  for (const Difference& d : differences) {
    if (!first && d.key == last) continue;
    first = false;
    last = d.key;
    if (d.path.empty() && !d.golden) {
      ++counts.added;
    } else if (d.path.empty() && !d.actual) {
      ++counts.removed;
    } else {
      ++counts.changed;
    }
  }
  return counts;
}

std::string render_diff(const std::vector<Difference>& differences, bool colour,
                        const std::string& indent) {
  std::ostringstream out;
  auto paint = [&](const char* code, const std::string& text) {
    return colour ? std::string(code) + text + kReset : text;
  };
  std::string current_key;
  bool have_key = false;
  std::size_t shown_entries = 0;
  for (const Difference& d : differences) {
    if (shown_entries == kDiffEntriesShownMax) {
      out << indent << "... " << differences.size() - shown_entries
          << " more differences not shown\n";
      break;
    }
    ++shown_entries;
    if (d.path.empty() && !d.golden) {
      out << indent << paint(kGreen, "+ " + d.key) << "  (only in the actual keyspace)\n"
          << indent << "    " << paint(kGreen, shown(*d.actual)) << "\n";
      have_key = false;
      continue;
    }
    if (d.path.empty() && !d.actual) {
      out << indent << paint(kRed, "- " + d.key) << "  (only in the golden)\n"
          << indent << "    " << paint(kRed, shown(*d.golden)) << "\n";
      have_key = false;
      continue;
    }
    if (!have_key || d.key != current_key) {
      out << indent << paint(kYellow, "~ " + d.key) << "\n";
      current_key = d.key;
      have_key = true;
    }
    std::string where = d.path.empty() ? "(value)" : d.path;
    if (!d.actual) {
      out << indent << "    " << paint(kRed, "- " + where + ": " + shown(*d.golden))
          << "  (only in the golden)\n";
    } else if (!d.golden) {
      out << indent << "    " << paint(kGreen, "+ " + where + ": " + shown(*d.actual))
          << "  (only in the actual keyspace)\n";
    } else {
      out << indent << "    " << where << ": golden " << paint(kRed, shown(*d.golden))
          << ", actual " << paint(kGreen, shown(*d.actual)) << "\n";
    }
  }
  return out.str();
}

bool use_colour(bool stdout_is_terminal, bool no_color_set, bool ci_set) {
  return stdout_is_terminal && !no_color_set && !ci_set;
}

std::string golden_path(const std::string& goldens_dir, const std::string& scenario,
                        const std::string& checkpoint) {
  return goldens_dir + "/" + scenario + "/" + checkpoint + ".json";
}

std::string golden_text(const Json& keyspace) {
  std::map<std::string, const Json*> sorted;
  for (auto it = keyspace.begin(); it != keyspace.end(); ++it) sorted[it.key()] = &*it;
  Json ordered = Json::object();
  for (const auto& [key, value] : sorted) ordered[key] = *value;
  return ordered.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<std::optional<Json>> read_golden(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<Json>{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{2, path + ": cannot open the golden file"};
  std::ostringstream text;
  text << in.rdbuf();
  Json parsed = Json::parse(text.str(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Error{2, path +
                        ": the golden file is not a JSON object (rewrite it with "
                        "--update-goldens)"};
  }
  return std::optional<Json>(std::move(parsed));
}

Status<> write_text_file(const std::string& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  if (ec) return Error{2, path + ": cannot create its folder: " + ec.message()};
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !(out << text) || !out.flush()) return Error{2, path + ": cannot write the file"};
  return Unit{};
}

std::vector<std::string> find_orphans(const std::string& goldens_dir, const std::string& scenario,
                                      const std::vector<std::string>& checkpoints) {
  std::vector<std::string> out;
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::path(goldens_dir) / scenario;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".json") continue;
    std::string stem = entry.path().stem().string();
    if (std::find(checkpoints.begin(), checkpoints.end(), stem) == checkpoints.end()) {
      out.push_back(golden_path(goldens_dir, scenario, stem));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace esisim::scenario
