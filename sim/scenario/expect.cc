// Evaluation of expect checks (see expect.h).
#include "sim/scenario/expect.h"

#include <vector>

#include "sim/scenario/golden.h"
#include "sim/scenario/search_regex.h"

namespace esisim::scenario {

namespace {

using Json = nlohmann::ordered_json;

std::string unescape(const std::string& token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

std::vector<std::string> pointer_tokens(const std::string& path) {
  std::vector<std::string> tokens;
  if (path.empty()) return tokens;
  std::size_t start = 1;
  while (true) {
    std::size_t slash = path.find('/', start);
    tokens.push_back(unescape(path.substr(start, slash - start)));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return tokens;
}

// The value at `path` inside `value`, or nullopt; `missing` says where the walk stopped.
std::optional<Json> resolve(const Json& value, const std::string& path, std::string& missing) {
  Json current = value;
  std::string walked;
  for (const std::string& token : pointer_tokens(path)) {
    if (current.is_string()) {
      Json decoded = Json::parse(current.get_ref<const std::string&>(), nullptr, false);
      if (!decoded.is_discarded() && decoded.is_structured()) current = std::move(decoded);
    }
    walked += "/" + token;
    if (current.is_object() && current.contains(token)) {
      Json next = current.at(token);
      current = std::move(next);
      continue;
    }
    if (current.is_array() && !token.empty() &&
        token.find_first_not_of("0123456789") == std::string::npos && token.size() < 10 &&
        std::stoul(token) < current.size()) {
      Json next = current[std::stoul(token)];
      current = std::move(next);
      continue;
    }
    missing = walked;
    return std::nullopt;
  }
  return current;
}

std::string cut(const std::string& text) {
  return text.size() > 200 ? text.substr(0, 200) + "..." : text;
}

// The keys under `prefix` (a key ending in '/'), in order.
std::vector<std::string> keys_under(const Json& keyspace, const std::string& prefix) {
  std::vector<std::string> keys;
  if (!keyspace.is_object()) return keys;
  for (const auto& [key, value] : keyspace.items()) {
    if (key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0) {
      keys.push_back(key);
    }
  }
  return keys;
}

}  // namespace

std::optional<std::string> check_expectation(const Expectation& check, const Json& keyspace) {
  std::string where = check.key + (check.path.empty() ? "" : " " + check.path);
  // A key ending in '/' without a path names every key under it (exists: some; absent: none).
  if (!check.key.empty() && check.key.back() == '/' && check.path.empty() &&
      (check.kind == Expectation::Kind::kExists || check.kind == Expectation::Kind::kAbsent)) {
    std::vector<std::string> under = keys_under(keyspace, check.key);
    if (check.kind == Expectation::Kind::kExists && under.empty()) {
      return "expected a key under " + check.key + ", there is none";
    }
    if (check.kind == Expectation::Kind::kAbsent && !under.empty()) {
      return "expected no key under " + check.key + ", found " + std::to_string(under.size()) +
             " (first " + under.front() + ")";
    }
    return std::nullopt;
  }
  bool key_present = keyspace.is_object() && keyspace.contains(check.key);
  std::optional<Json> value;
  std::string missing;
  if (key_present) value = resolve(keyspace.at(check.key), check.path, missing);
  switch (check.kind) {
    case Expectation::Kind::kExists:
      if (!key_present) return "expected " + check.key + " to exist, it is absent";
      if (!value) return "expected " + where + " to exist, " + missing + " is absent";
      return std::nullopt;
    case Expectation::Kind::kAbsent:
      if (value) return "expected " + where + " to be absent, found " + cut(value->dump());
      return std::nullopt;
    case Expectation::Kind::kEquals:
      if (!key_present)
        return "expected " + check.key + " to equal " + cut(check.equals.dump()) +
               ", the key is absent";
      if (!value)
        return "expected " + where + " to equal " + cut(check.equals.dump()) + ", " + missing +
               " is absent";
      if (!same_json(*value, check.equals)) {
        return "expected " + where + " to equal " + cut(check.equals.dump()) + ", found " +
               cut(value->dump());
      }
      return std::nullopt;
    case Expectation::Kind::kMatches: {
      if (!key_present || !value) {
        return "expected " + where + " to match /" + check.pattern + "/, " +
               (key_present ? missing : check.key) + " is absent";
      }
      std::string text = value->is_string() ? value->get<std::string>() : value->dump();
      if (text.size() > kMatchTextMax) {
        return "the value of " + where + " is longer than " + std::to_string(kMatchTextMax) +
               " bytes, too long for matches (narrow it with path, or use equals)";
      }
      auto regex = SearchRegex::compile(check.pattern);
      if (!regex.ok()) return "cannot match /" + check.pattern + "/: " + regex.error().message;
      if (regex.value().search(text)) return std::nullopt;
      return "expected " + where + " to match /" + check.pattern + "/, found " + cut(text);
    }
  }
  return std::nullopt;
}

}  // namespace esisim::scenario
