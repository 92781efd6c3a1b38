// Test helper: every JSON text the fixtures hold, for the reader and writer equivalence tests.
//
// Contract: the text of every *.json file under fixtures/, every line of every *.jsonl file, and
// every string value inside those that is itself a JSON object or array (etcd values, Gohan
// bodies), each once, in a stable order. `same_tree` compares two trees exactly: kinds (signed,
// unsigned and float numbers told apart), values and member order.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/domain/fixture_reader.h"

namespace esisim::testing {

inline bool same_tree(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    auto x = a.begin();
    auto y = b.begin();
    for (; x != a.end(); ++x, ++y) {
      if (x.key() != y.key() || !same_tree(*x, *y)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t k = 0; k < a.size(); ++k) {
      if (!same_tree(a[k], b[k])) return false;
    }
    return true;
  }
  if (a.is_number_float()) {  // bit for bit (NaN never comes from JSON text)
    return a.get<double>() == b.get<double>() &&
           std::signbit(a.get<double>()) == std::signbit(b.get<double>());
  }
  return a == b;
}

namespace fixture_documents_detail {
inline void collect_nested(const nlohmann::ordered_json& value, std::set<std::string>& seen,
                           std::vector<std::string>& out) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (!text.empty() && (text.front() == '{' || text.front() == '[') && seen.insert(text).second) {
      out.push_back(text);
      auto parsed = nlohmann::ordered_json::parse(text, nullptr, false);
      if (!parsed.is_discarded()) collect_nested(parsed, seen, out);
    }
    return;
  }
  if (value.is_array() || value.is_object()) {
    for (const auto& element : value) collect_nested(element, seen, out);
  }
}
}  // namespace fixture_documents_detail

inline const std::vector<std::string>& fixture_json_texts() {
  static const std::vector<std::string> kTexts = [] {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(fixture_path(""))) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".json" || ext == ".jsonl")) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    std::set<std::string> seen;
    std::vector<std::string> out;
    auto add = [&](std::string text) {
      if (!seen.insert(text).second) return;
      out.push_back(text);
      auto parsed = nlohmann::ordered_json::parse(text, nullptr, false);
      if (!parsed.is_discarded()) fixture_documents_detail::collect_nested(parsed, seen, out);
    };
    const std::string root = fixture_path("");
    for (const auto& file : files) {
      const std::string relative = file.string().substr(root.size());
      const std::string text = read_fixture_text(relative);
      if (file.extension() == ".json") {
        add(text);
        continue;
      }
      std::istringstream lines(text);
      std::string line;
      while (std::getline(lines, line)) {
        if (!line.empty()) add(line);
      }
    }
    return out;
  }();
  return kTexts;
}

}  // namespace esisim::testing
