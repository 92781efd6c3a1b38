// Golden redaction (see redaction.h). The three patterns are scanned by hand: linear, no
// regex backtracking on long values such as heat template files.
#include "sim/scenario/redaction.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace esisim::scenario {

namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool is_suffix_char(char c) { return is_digit(c) || (c >= 'a' && c <= 'z'); }

// Length of a UUID at `i`, or 0.
std::size_t uuid_at(std::string_view s, std::size_t i) {
  static constexpr std::size_t kGroups[] = {8, 4, 4, 4, 12};
  if (i > 0 && (is_hex(s[i - 1]) || s[i - 1] == '-')) return 0;
  std::size_t p = i;
  for (std::size_t g = 0; g < 5; ++g) {
    if (g > 0) {
      if (p >= s.size() || s[p] != '-') return 0;
      ++p;
    }
    for (std::size_t k = 0; k < kGroups[g]; ++k, ++p) {
      if (p >= s.size() || !is_hex(s[p])) return 0;
    }
  }
  if (p < s.size() && (is_hex(s[p]) || s[p] == '-')) return 0;
  return p - i;
}

bool digits_at(std::string_view s, std::size_t p, std::size_t n) {
  if (p + n > s.size()) return false;
  for (std::size_t k = 0; k < n; ++k) {
    if (!is_digit(s[p + k])) return false;
  }
  return true;
}

// Length of a time at `i` (YYYY-MM-DD[T ]hh:mm:ss[.f+][Z| ?+hh[:]mm[ UTC]]), or 0.
std::size_t time_at(std::string_view s, std::size_t i) {
  if (i > 0 && is_digit(s[i - 1])) return 0;
  std::size_t p = i;
  auto lit = [&](char c) {
    if (p < s.size() && s[p] == c) {
      ++p;
      return true;
    }
    return false;
  };
  if (!digits_at(s, p, 4)) return 0;
  p += 4;
  if (!lit('-') || !digits_at(s, p, 2)) return 0;
  p += 2;
  if (!lit('-') || !digits_at(s, p, 2)) return 0;
  p += 2;
  if (!(lit('T') || lit(' ')) || !digits_at(s, p, 2)) return 0;
  p += 2;
  if (!lit(':') || !digits_at(s, p, 2)) return 0;
  p += 2;
  if (!lit(':') || !digits_at(s, p, 2)) return 0;
  p += 2;
  if (p + 1 < s.size() && s[p] == '.' && is_digit(s[p + 1])) {
    ++p;
    while (p < s.size() && is_digit(s[p])) ++p;
  }
  if (lit('Z')) return p - i;
  std::size_t q = p;
  if (q < s.size() && s[q] == ' ') ++q;
  if (q < s.size() && (s[q] == '+' || s[q] == '-') && digits_at(s, q + 1, 2)) {
    q += 3;
    if (q < s.size() && s[q] == ':') ++q;
    if (digits_at(s, q, 2)) {
      q += 2;
      if (s.substr(q, 4) == " UTC") q += 4;
      return q - i;
    }
  }
  return p - i;
}

// Where the 5-character suffix of a job id starting at `i` is, or npos.
std::size_t job_suffix_at(std::string_view s, std::size_t i) {
  static constexpr std::string_view kActions[] = {
      "create:", "modify:", "logical_delete:", "delete:", "update:"};
  if (i > 0 && is_word(s[i - 1])) return std::string_view::npos;
  std::size_t p = std::string_view::npos;
  for (std::string_view action : kActions) {
    if (s.substr(i, action.size()) == action) {
      p = i + action.size();
      break;
    }
  }
  if (p == std::string_view::npos) return p;
  auto field = [&](auto accept, std::size_t max) {
    std::size_t start = p;
    while (p < s.size() && p - start < max && accept(s[p])) ++p;
    if (p == start || p >= s.size() || s[p] != ':') return false;
    ++p;
    return true;
  };
  auto id_char = [](char c) {
    return c != ':' && c != '/' && c != '"' && c != '\\' &&
           !std::isspace(static_cast<unsigned char>(c));
  };
  if (!field(is_word, 64) || !field(is_word, 64) || !field(id_char, 200) || !field(is_digit, 20)) {
    return std::string_view::npos;
  }
  for (std::size_t k = 0; k < 5; ++k) {
    if (p + k >= s.size() || !is_suffix_char(s[p + k])) return std::string_view::npos;
  }
  if (p + 5 < s.size() && is_suffix_char(s[p + 5])) return std::string_view::npos;
  return p;
}

bool valid_pointer(const std::string& path) {
  if (path.empty()) return true;
  if (path[0] != '/') return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '~' && (i + 1 >= path.size() || (path[i + 1] != '0' && path[i + 1] != '1'))) {
      return false;
    }
  }
  return true;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

void collect_uuids(const std::string& text, std::set<std::string>& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::size_t n = uuid_at(text, i)) {
      out.insert(lower(text.substr(i, n)));
      i += n - 1;
    }
  }
}

void collect_uuids(const nlohmann::ordered_json& value, std::set<std::string>& out) {
  if (value.is_string()) {
    collect_uuids(value.get_ref<const std::string&>(), out);
  } else if (value.is_structured()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (value.is_object()) collect_uuids(it.key(), out);
      collect_uuids(*it, out);
    }
  }
}

}  // namespace

Redactor::Redactor(const std::vector<Redaction>& redactions, std::set<std::string> kept_uuids)
    : kept_uuids_(std::move(kept_uuids)) {
  for (const Redaction& r : redactions) {
    switch (r.kind) {
      case Redaction::Kind::kJobSuffix:
        job_suffix_ = true;
        break;
      case Redaction::Kind::kHeatUuid:
        heat_uuid_ = true;
        break;
      case Redaction::Kind::kTime:
        time_ = true;
        break;
      case Redaction::Kind::kCustom:
        // The parser has checked the regex and the pointer; a bad one redacts nothing.
        if (auto regex = SearchRegex::compile(r.key_regex); regex.ok() && valid_pointer(r.path)) {
          customs_.push_back(
              Custom{std::move(regex.value()), nlohmann::ordered_json::json_pointer(r.path), r.as});
        }
        break;
    }
  }
}

std::string Redactor::placeholder(const std::string& kind, const std::string& original) {
  auto& table = assigned_[kind];
  auto it = table.find(original);
  if (it != table.end()) return it->second;
  std::string text = "<" + kind + "-" + std::to_string(table.size() + 1) + ">";
  table.emplace(original, text);
  return text;
}

std::string Redactor::redact_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::string_view s = text;
  for (std::size_t i = 0; i < s.size();) {
    if (job_suffix_ && (s[i] == 'c' || s[i] == 'm' || s[i] == 'l' || s[i] == 'd' || s[i] == 'u')) {
      std::size_t sfx = job_suffix_at(s, i);
      if (sfx != std::string_view::npos) {
        out.append(s.substr(i, sfx - i));
        out += placeholder("job-suffix", std::string(s.substr(sfx, 5)));
        i = sfx + 5;
        continue;
      }
    }
    if (heat_uuid_ && is_hex(s[i])) {
      if (std::size_t n = uuid_at(s, i)) {
        std::string uuid(s.substr(i, n));
        out += kept_uuids_.count(lower(uuid)) ? uuid : placeholder("uuid", lower(uuid));
        i += n;
        continue;
      }
    }
    if (time_ && is_digit(s[i])) {
      if (std::size_t n = time_at(s, i)) {
        out += placeholder("time", std::string(s.substr(i, n)));
        i += n;
        continue;
      }
    }
    out += s[i];
    ++i;
  }
  return out;
}

void Redactor::redact_value(nlohmann::ordered_json& value) {
  if (value.is_string()) {
    value = redact_text(value.get_ref<const std::string&>());
    return;
  }
  if (value.is_array()) {
    for (auto& item : value) redact_value(item);
    return;
  }
  if (!value.is_object()) return;
  std::vector<std::string> names;
  for (auto it = value.begin(); it != value.end(); ++it) names.push_back(it.key());
  std::sort(names.begin(), names.end());
  // Member names may hold redacted text too; rebuild in the original order with new names.
  std::map<std::string, std::string> renamed;
  for (const std::string& name : names) {
    renamed[name] = redact_text(name);
    redact_value(value[name]);
  }
  nlohmann::ordered_json rebuilt = nlohmann::ordered_json::object();
  for (auto it = value.begin(); it != value.end(); ++it) rebuilt[renamed[it.key()]] = *it;
  value = std::move(rebuilt);
}

nlohmann::ordered_json Redactor::redact(const nlohmann::ordered_json& keyspace) {
  std::vector<std::string> keys;
  for (auto it = keyspace.begin(); it != keyspace.end(); ++it) keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  std::map<std::string, nlohmann::ordered_json> out;
  for (const std::string& key : keys) {
    std::string new_key = redact_text(key);
    nlohmann::ordered_json value = keyspace.at(key);
    for (const Custom& c : customs_) {
      if (!c.key_regex.search(key)) continue;
      if (!value.contains(c.path)) continue;
      nlohmann::ordered_json& target = value[c.path];
      target = placeholder(c.as, target.dump());
    }
    redact_value(value);
    out[new_key] = std::move(value);
  }
  nlohmann::ordered_json result = nlohmann::ordered_json::object();
  for (auto& [key, value] : out) result[key] = std::move(value);
  return result;
}

std::set<std::string> scenario_uuids(const Scenario& scenario) {
  std::set<std::string> out;
  auto ref = [&](const ResourceRef& r) { collect_uuids(r.id, out); };
  for (const Step& step : scenario.steps) {
    if (const auto* s = std::get_if<CreateStep>(&step.body)) {
      ref(s->resource);
      collect_uuids(s->body, out);
    } else if (const auto* s = std::get_if<UpdateStep>(&step.body)) {
      ref(s->resource);
      collect_uuids(s->body, out);
    } else if (const auto* s = std::get_if<DeleteStep>(&step.body)) {
      ref(s->resource);
      collect_uuids(s->set, out);
    } else if (const auto* s = std::get_if<HeatPinStep>(&step.body)) {
      collect_uuids(s->value, out);
    }
  }
  return out;
}

}  // namespace esisim::scenario
