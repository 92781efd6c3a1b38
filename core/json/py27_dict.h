// Iteration order of CPython 2.7 dicts and sets (64-bit build, hash randomisation off).
//
// Contract: `py27_dict_order(keys)` returns the keys in the order a CPython 2.7 dict (or set)
// iterates after inserting `keys` one by one in the given order, with no deletion. A repeated
// key is inserted only once (first occurrence), as dict/set insertion does. Strings are hashed
// as Python 2 hashes str/unicode, one code point at a time (a wide-unicode build; for ASCII,
// str and unicode agree). Exact for any number of keys up to `kPy27DictKeysMax`.
//
// The algorithm (spec/domain.md §4.4 "Addition (order)"): table of 8 slots; a key goes to slot
// h mod size, else probes i = 5i + perturb + 1 with perturb >>= 5 after each probe; when
// 3 * fill >= 2 * size after an insertion the table is rebuilt with the smallest power of two
// greater than 4 * used, re-inserting in old slot order; iteration is slot order.
//
// Example: py27_dict_order({"admin_state_up", "heat_timeout", "name", "uuid"})
//   == {"uuid", "heat_timeout", "name", "admin_state_up"}   (the recorded network job).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"

namespace esisim::json {

inline constexpr std::size_t kPy27DictKeysMax = 1 << 20;

// Python 2.7 hash() of a str/unicode given as UTF-8, as an unsigned 64-bit value.
std::uint64_t py27_string_hash(std::string_view utf8);

// Distinct keys in CPython 2.7 iteration order (see above). Requires keys.size() <= the max.
std::vector<std::string> py27_dict_order(const std::vector<std::string>& keys_in_insertion_order);

// The same order as indexes into `keys` (an index per distinct key, its first occurrence),
// memoised per thread by key list: the writers ask for the same few key lists over and over.
// At most kPy27OrderCacheEntriesMax lists of at most kPy27OrderCachedKeysMax keys are kept (the
// cache restarts when full; longer lists are computed each time). The reference is valid until
// the next call on the same thread.
inline constexpr std::size_t kPy27OrderCacheEntriesMax = 4096;
inline constexpr std::size_t kPy27OrderCachedKeysMax = 64;
const std::vector<std::uint32_t>& py27_dict_order_indexes(
    const std::vector<std::string_view>& keys);

// The object's members reordered as a Python 2.7 dict would iterate them after inserting the
// keys in their current order. Non-objects are returned unchanged. Only the top level.
nlohmann::ordered_json py27_reorder_object(const nlohmann::ordered_json& value);

// Like Py27ReorderObject, applied to every object at every depth (inside arrays too). This is
// the order of a value that Python's json.loads built from text whose keys were in the
// current order (Gohan's bodies: sorted), then written back with json.dumps.
nlohmann::ordered_json py27_reorder_recursive(const nlohmann::ordered_json& value);

}  // namespace esisim::json
