// Test helper: reads a seed document (fixtures/seeds/*.txt, the investigators' Markdown notes
// of what etcd held at numbered points of a flow) and compares its entries with a golden
// snapshot of `esisim run`.
//
// Document format (all five seeds):
// * "### Checking stored data at the point of (N) in etcd" opens point N;
// * each ``` fence holds one entry: its first line is the etcd key, the rest the value as JSON;
// * a line "and then ..." between fences makes the next entries point "N-then" (a later value
//   of the same key);
// * anything else (titles, bullets such as "* Jobs for heat_worker", images) is prose.
// parse_seed_document() returns the entries in document order, or an error naming the line
// (a fence outside any point, an unterminated fence, a value that is not JSON).
//
// Golden comparison (matches_documented): both values are compared as decoded JSON; a string
// holding a JSON object or array (a /config body, state.heat_outputs, state_monitoring) is
// decoded first; numbers compare by value. A golden string may hold redaction placeholders
// (<uuid-N>, <time-N>, <job-suffix-N>, <NAME-N>): each matches some text of the documented
// string, and `Bindings` keeps every placeholder bound to one text and every text to one
// placeholder, across the whole golden file. Keys are matched the same way. The members
// `dependency` and `params` of a job are compared as multisets: their order is the real
// system's hash order (domain.md §11 item 14: "treat as unordered when comparing").
#pragma once

#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::testing {

struct SeedEntry {
  std::string point;  // "1", "6-then"
  std::string key;
  nlohmann::ordered_json value;
  int line = 0;  // of the key, 1-based
};

inline Result<std::vector<SeedEntry>> parse_seed_document(const std::string& text) {
  static const std::regex kPoint(R"(^#+ .*at the point of \((\d+)\))");
  std::vector<SeedEntry> out;
  std::istringstream in(text);
  std::string line;
  std::string point;
  bool then = false;
  bool inside = false;
  SeedEntry current;
  std::string body;
  int number = 0;
  int fence_line = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("```", 0) == 0) {
      if (!inside) {
        if (point.empty()) {
          return Error{1, "line " + std::to_string(number) + ": a block before any point"};
        }
        inside = true;
        fence_line = number;
        current = SeedEntry{then ? point + "-then" : point, "", nullptr, 0};
        body.clear();
        continue;
      }
      inside = false;
      if (current.key.empty()) {
        return Error{1, "line " + std::to_string(fence_line) + ": an empty block"};
      }
      current.value = nlohmann::ordered_json::parse(body, nullptr, false);
      if (current.value.is_discarded()) {
        return Error{1, "line " + std::to_string(current.line) + ": the value of " + current.key +
                            " is not JSON"};
      }
      out.push_back(std::move(current));
      continue;
    }
    if (inside) {
      if (current.key.empty()) {
        current.key = line;
        current.line = number;
      } else {
        body += line + "\n";
      }
      continue;
    }
    std::smatch m;
    if (std::regex_search(line, m, kPoint)) {
      point = m[1].str();
      then = false;
    } else if (line.rfind("and then", 0) == 0) {
      if (point.empty()) return Error{1, "line " + std::to_string(number) + ": 'and then' first"};
      then = true;
    }
  }
  if (inside) return Error{1, "line " + std::to_string(fence_line) + ": unterminated block"};
  return out;
}

// Placeholder <-> documented text, both ways, for one golden file.
struct Bindings {
  std::map<std::string, std::string> text_of;
  std::map<std::string, std::string> placeholder_of;
};

namespace seed_detail {

inline bool bind_text(Bindings& b, const std::string& placeholder, const std::string& text) {
  auto p = b.text_of.find(placeholder);
  if (p != b.text_of.end()) return p->second == text;
  auto t = b.placeholder_of.find(text);
  if (t != b.placeholder_of.end()) return false;
  b.text_of[placeholder] = text;
  b.placeholder_of[text] = placeholder;
  return true;
}

// Does the golden text (with placeholders) match the documented text? Binds on success only.
inline bool match_text(const std::string& golden, const std::string& documented, Bindings& b) {
  static const std::regex kPlaceholder(R"(<[a-z_]+(-[a-z_]+)*-\d+>)");
  std::vector<std::string> names;
  std::string pattern = "^";
  auto begin = std::sregex_iterator(golden.begin(), golden.end(), kPlaceholder);
  size_t at = 0;
  static const std::regex kSpecial(R"([.^$|()\[\]{}*+?\\])");
  auto literal = [](const std::string& s) { return std::regex_replace(s, kSpecial, R"(\$&)"); };
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    pattern += literal(golden.substr(at, static_cast<size_t>(it->position()) - at));
    names.push_back(it->str());
    pattern += "(.+?)";
    at = static_cast<size_t>(it->position() + it->length());
  }
  if (names.empty()) return golden == documented;
  pattern += literal(golden.substr(at)) + "$";
  std::smatch m;
  if (!std::regex_match(documented, m, std::regex(pattern))) return false;
  Bindings trial = b;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!bind_text(trial, names[i], m[i + 1].str())) return false;
  }
  b = std::move(trial);
  return true;
}

inline nlohmann::ordered_json decoded(const nlohmann::ordered_json& v) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (!s.empty() && (s[0] == '{' || s[0] == '[')) {
      auto parsed = nlohmann::ordered_json::parse(s, nullptr, false);
      if (!parsed.is_discarded()) return parsed;
    }
  }
  return v;
}

inline bool match_value(const nlohmann::ordered_json& golden_raw,
                        const nlohmann::ordered_json& documented_raw, Bindings& b,
                        bool unordered = false);

// Each documented element matches a distinct golden element (first fit, in order).
inline bool match_unordered(const nlohmann::ordered_json& golden,
                            const nlohmann::ordered_json& documented, Bindings& b) {
  std::vector<bool> used(golden.size(), false);
  for (const auto& element : documented) {
    bool found = false;
    for (size_t i = 0; i < golden.size() && !found; ++i) {
      if (used[i]) continue;
      Bindings trial = b;
      if (!match_value(golden[i], element, trial)) continue;
      used[i] = true;
      b = std::move(trial);
      found = true;
    }
    if (!found) return false;
  }
  return true;
}

inline bool match_value(const nlohmann::ordered_json& golden_raw,
                        const nlohmann::ordered_json& documented_raw, Bindings& b, bool unordered) {
  nlohmann::ordered_json golden = decoded(golden_raw);
  nlohmann::ordered_json documented = decoded(documented_raw);
  if (golden.is_number() && documented.is_number()) {
    return golden.get<double>() == documented.get<double>();
  }
  if (golden.type() != documented.type()) return false;
  if (golden.is_string()) {
    return match_text(golden.get<std::string>(), documented.get<std::string>(), b);
  }
  if (golden.is_array()) {
    if (golden.size() != documented.size()) return false;
    if (unordered) return match_unordered(golden, documented, b);
    for (size_t i = 0; i < golden.size(); ++i) {
      if (!match_value(golden[i], documented[i], b)) return false;
    }
    return true;
  }
  if (golden.is_object()) {
    if (golden.size() != documented.size()) return false;
    for (auto it = documented.begin(); it != documented.end(); ++it) {
      if (!golden.contains(it.key())) return false;
      bool set_like = it.key() == "dependency" || it.key() == "params";
      if (!match_value(golden[it.key()], it.value(), b, set_like)) return false;
    }
    return true;
  }
  return golden == documented;
}

}  // namespace seed_detail

// Finds the golden key matching `entry.key` whose value matches the documented value; binds
// its placeholders. Returns the golden key, or nothing (bindings unchanged).
inline std::optional<std::string> matches_documented(const nlohmann::ordered_json& golden_file,
                                                     const SeedEntry& entry, Bindings& b) {
  for (auto it = golden_file.begin(); it != golden_file.end(); ++it) {
    Bindings trial = b;
    if (!seed_detail::match_text(it.key(), entry.key, trial)) continue;
    if (!seed_detail::match_value(it.value(), entry.value, trial)) continue;
    b = std::move(trial);
    return it.key();
  }
  return std::nullopt;
}

}  // namespace esisim::testing
