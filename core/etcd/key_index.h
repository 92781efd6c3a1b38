// A hash index from a node's full key to the node, so finding "/a/b/c" is one probe sequence
// instead of one hash-map lookup per path level.
//
// Contract: holds pointers it does not own; `T` has `std::string_view key() const` and a
// member `uint64_t key_hash` equal to hash(key()), neither changing while the node is indexed.
// Keys are unique (insert asserts the key is absent). Iteration order (for_each) is arbitrary:
// use it only where order cannot be seen (freeing the nodes). The caller bounds the size.
// Each slot also keeps a `hint`, an address the owner expects to read right after finding the
// node (the store: its value): find() starts loading it as soon as the slot is read, so that
// load overlaps the node's instead of following it. A hint is only a prefetch: a stale or
// dangling one costs time, never correctness; one that does not fit in 48 bits is dropped.
// Layout: open addressing with linear probing over a power-of-two table kept at most 3/4 full,
// removal by backward shift (no tombstones). A slot is 16 bytes: the node and, packed in one
// word, the hint, 8 bits of the key's hash (so a lookup compares keys almost only on a match)
// and the slot's distance from its key's home slot (so a removal rarely reads a node; growing
// reads each node's key_hash once).
// hash() is a fixed function of the bytes (no seed), fast rather than collision-resistant: the
// simulator's keys are not chosen by an adversary.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace esisim::etcd {

template <typename T>
class KeyIndex {
 public:
  // Eight bytes at a time (multiply, rotate; the last word overlaps the one before it when the
  // size is not a multiple of 8), then MurmurHash3's 64-bit finaliser.
  static uint64_t hash(std::string_view key) {
    constexpr uint64_t kMul1 = 0x9e3779b97f4a7c15ULL;
    constexpr uint64_t kMul2 = 0xc2b2ae3d27d4eb4fULL;
    const char* p = key.data();
    size_t n = key.size();
    uint64_t h = n * kMul1;
    uint64_t word = 0;
    if (n >= 8) {
      for (; n > 8; p += 8, n -= 8) {
        std::memcpy(&word, p, 8);
        h = rotl(h ^ (word * kMul1), 29) * kMul2;
      }
      std::memcpy(&word, p + n - 8, 8);  // the last 8 bytes, overlapping the previous word
    } else {
      for (size_t i = 0; i < n; ++i) word = (word << 8) | static_cast<unsigned char>(p[i]);
    }
    h = rotl(h ^ (word * kMul1), 29) * kMul2;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
  }

  // The node whose key is `key` (`key_hash` is hash(key)), or nullptr.
  T* find(std::string_view key, uint64_t key_hash) const {
    if (size_ == 0) return nullptr;
    const uint64_t tag = tag_of(key_hash);
    for (size_t i = key_hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.node == nullptr) return nullptr;
      if ((slot.bits & kTagMask) == tag) {
        if (const void* hint = slot.hint()) __builtin_prefetch(hint);
        if (slot.node->key() == key) return slot.node;
      }
    }
  }
  T* find(std::string_view key) const { return find(key, hash(key)); }

  // Indexes `node`, whose key is not indexed yet.
  void insert(T* node, const void* hint = nullptr) {
    assert(node != nullptr && find(node->key(), node->key_hash) == nullptr);
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    place(node, hint);
    ++size_;
  }

  // Replaces the hint of `node`, which is indexed.
  void set_hint(const T* node, const void* hint) {
    Slot& slot = slots_[position(node)];
    slot.bits = (slot.bits & ~kHintMask) | packed_hint(hint);
  }

  // Removes `node`, which is indexed.
  void erase(const T* node) {
    size_t hole = position(node);
    // Backward shift: move up every later slot of the run whose home is not after the hole.
    for (size_t i = (hole + 1) & mask_; slots_[i].node != nullptr; i = (i + 1) & mask_) {
      size_t distance = distance_at(i);
      size_t gap = (i - hole) & mask_;
      if (distance >= gap) {
        slots_[hole] = slots_[i];
        slots_[hole].set_distance(distance - gap);
        hole = i;
      }
    }
    slots_[hole] = Slot{};
    --size_;
  }

  size_t size() const { return size_; }

  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& slot : slots_) {
      if (slot.node != nullptr) f(slot.node);
    }
  }

 private:
  static constexpr uint64_t kHintMask = (uint64_t{1} << 48) - 1;
  static constexpr uint64_t kTagMask = uint64_t{0xff} << 48;
  static constexpr size_t kFar = 255;  // a stored distance of kFar: ask the node

  struct Slot {
    T* node = nullptr;  // nullptr: empty
    uint64_t bits = 0;  // hint (bits 0-47), hash tag (48-55), distance from home (56-63)

    const void* hint() const { return reinterpret_cast<const void*>(bits & kHintMask); }
    size_t distance() const { return bits >> 56; }
    void set_distance(size_t distance) {
      bits = (bits & ~(uint64_t{0xff} << 56)) | (uint64_t{std::min(distance, kFar)} << 56);
    }
  };

  static uint64_t tag_of(uint64_t key_hash) { return (key_hash >> 8) & kTagMask; }
  static uint64_t packed_hint(const void* hint) {
    auto address = reinterpret_cast<uintptr_t>(hint);
    return (address & ~kHintMask) == 0 ? address : 0;
  }
  static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

  size_t position(const T* node) const {
    size_t i = node->key_hash & mask_;
    while (slots_[i].node != node) {
      assert(slots_[i].node != nullptr);
      i = (i + 1) & mask_;
    }
    return i;
  }

  size_t distance_at(size_t i) const {
    size_t distance = slots_[i].distance();
    if (distance < kFar) return distance;
    return (i - (slots_[i].node->key_hash & mask_)) & mask_;
  }

  void place(T* node, const void* hint) {
    size_t i = node->key_hash & mask_;
    size_t distance = 0;
    for (; slots_[i].node != nullptr; i = (i + 1) & mask_) ++distance;
    slots_[i].node = node;
    slots_[i].bits = packed_hint(hint) | tag_of(node->key_hash);
    slots_[i].set_distance(distance);
  }

  void grow() {
    std::vector<Slot> old(slots_.empty() ? 16 : slots_.size() * 2);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.node != nullptr) place(slot.node, slot.hint());
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace esisim::etcd
