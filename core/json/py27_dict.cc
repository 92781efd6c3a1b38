#include "core/json/py27_dict.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <unordered_map>

#include "core/json/utf8.h"

namespace esisim::json {
namespace {

constexpr std::size_t kMinSize = 8;
constexpr unsigned kPerturbShift = 5;

struct Entry {
  std::uint64_t hash = 0;
  std::size_t key_index = 0;  // into the caller's key list
};

// An open-addressing table with CPython 2.7's probing and growth. Without deletions fill ==
// used, so dummies are not modelled.
class Table {
 public:
  Table() : slots_(kMinSize) {}

  // Inserts unless an equal key is present; `equal(key_index)` compares with the new key.
  template <typename Equal>
  void insert_key(std::uint64_t hash, std::size_t key_index, Equal equal) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = static_cast<std::size_t>(hash);
    std::uint64_t perturb = hash;
    std::size_t slot = i & mask;
    while (slots_[slot].has_value()) {
      if (slots_[slot]->hash == hash && equal(slots_[slot]->key_index)) return;
      i = (i << 2) + i + static_cast<std::size_t>(perturb) + 1;
      slot = i & mask;
      perturb >>= kPerturbShift;
    }
    slots_[slot] = Entry{hash, key_index};
    ++used_;
    if (used_ * 3 >= slots_.size() * 2) resize_table(used_ > 50000 ? used_ * 2 : used_ * 4);
  }

  std::vector<std::size_t> iteration_order() const {
    std::vector<std::size_t> order;
    order.reserve(used_);
    for (const auto& slot : slots_) {
      if (slot.has_value()) order.push_back(slot->key_index);
    }
    return order;
  }

 private:
  void resize_table(std::size_t used_min) {
    std::size_t size = kMinSize;
    while (size <= used_min) size <<= 1;
    std::vector<std::optional<Entry>> old = std::move(slots_);
    slots_.assign(size, std::nullopt);
    const std::size_t mask = size - 1;
    for (const auto& entry : old) {
      if (!entry.has_value()) continue;
      std::size_t i = static_cast<std::size_t>(entry->hash);
      std::uint64_t perturb = entry->hash;
      std::size_t slot = i & mask;
      while (slots_[slot].has_value()) {
        i = (i << 2) + i + static_cast<std::size_t>(perturb) + 1;
        slot = i & mask;
        perturb >>= kPerturbShift;
      }
      slots_[slot] = entry;
    }
  }

  std::vector<std::optional<Entry>> slots_;
  std::size_t used_ = 0;
};

std::vector<std::size_t> order_of(const std::vector<std::string_view>& keys) {
  assert(keys.size() <= kPy27DictKeysMax);
  Table table;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    table.insert_key(py27_string_hash(keys[k]), k,
                     [&](std::size_t other) { return keys[other] == keys[k]; });
  }
  return table.iteration_order();
}

}  // namespace

std::uint64_t py27_string_hash(std::string_view utf8) {
  if (utf8.empty()) return 0;
  if (std::all_of(utf8.begin(), utf8.end(), [](char c) { return (c & 0x80) == 0; })) {
    std::uint64_t x = static_cast<std::uint64_t>(static_cast<unsigned char>(utf8.front())) << 7;
    for (char c : utf8) x = (x * 1000003ULL) ^ static_cast<std::uint64_t>(c);
    x ^= static_cast<std::uint64_t>(utf8.size());
    if (x == static_cast<std::uint64_t>(-1)) x = static_cast<std::uint64_t>(-2);
    return x;
  }
  std::vector<char32_t> code_points;
  code_points.reserve(utf8.size());
  for (std::size_t offset = 0; offset < utf8.size();) {
    const DecodedRune rune = decode_utf8_rune(utf8, offset);
    code_points.push_back(rune.code_point);
    offset += rune.size_bytes;
  }
  if (code_points.empty()) return 0;
  std::uint64_t x = static_cast<std::uint64_t>(code_points.front()) << 7;
  for (char32_t c : code_points) x = (x * 1000003ULL) ^ static_cast<std::uint64_t>(c);
  x ^= static_cast<std::uint64_t>(code_points.size());
  if (x == static_cast<std::uint64_t>(-1)) x = static_cast<std::uint64_t>(-2);
  return x;
}

std::vector<std::string> py27_dict_order(const std::vector<std::string>& keys_in_insertion_order) {
  std::vector<std::string_view> views(keys_in_insertion_order.begin(),
                                      keys_in_insertion_order.end());
  std::vector<std::string> out;
  for (std::size_t index : order_of(views)) out.push_back(keys_in_insertion_order[index]);
  return out;
}

const std::vector<std::uint32_t>& py27_dict_order_indexes(
    const std::vector<std::string_view>& keys) {
  struct Cache {
    std::unordered_map<std::string, std::vector<std::uint32_t>> orders;
    std::string lookup_key;
    std::vector<std::uint32_t> uncached;
  };
  thread_local Cache cache;
  auto compute = [&](std::vector<std::uint32_t>& out) {
    out.clear();
    for (std::size_t index : order_of(keys)) out.push_back(static_cast<std::uint32_t>(index));
  };
  if (keys.size() > kPy27OrderCachedKeysMax) {
    compute(cache.uncached);
    return cache.uncached;
  }
  // Length-prefixed keys: distinct lists give distinct lookup keys.
  cache.lookup_key.clear();
  for (std::string_view key : keys) {
    const auto size = static_cast<std::uint32_t>(key.size());
    cache.lookup_key.append(reinterpret_cast<const char*>(&size), sizeof size);
    cache.lookup_key.append(key);
  }
  if (auto it = cache.orders.find(cache.lookup_key); it != cache.orders.end()) return it->second;
  if (cache.orders.size() >= kPy27OrderCacheEntriesMax) cache.orders.clear();
  auto& slot = cache.orders[cache.lookup_key];
  compute(slot);
  return slot;
}

nlohmann::ordered_json py27_reorder_object(const nlohmann::ordered_json& value) {
  if (!value.is_object()) return value;
  std::vector<std::string_view> keys;
  std::vector<const nlohmann::ordered_json*> members;
  keys.reserve(value.size());
  members.reserve(value.size());
  for (auto it = value.begin(); it != value.end(); ++it) {
    keys.push_back(it.key());
    members.push_back(&*it);
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t index : order_of(keys)) out[std::string(keys[index])] = *members[index];
  return out;
}

nlohmann::ordered_json py27_reorder_recursive(const nlohmann::ordered_json& value) {
  if (value.is_array()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& element : value) out.push_back(py27_reorder_recursive(element));
    return out;
  }
  if (!value.is_object()) return value;
  nlohmann::ordered_json reordered = py27_reorder_object(value);
  for (auto it = reordered.begin(); it != reordered.end(); ++it) *it = py27_reorder_recursive(*it);
  return reordered;
}

}  // namespace esisim::json
