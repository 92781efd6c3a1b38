// A hash index from a node's full key to the node, so finding "/a/b/c" is one probe sequence
// instead of one hash-map lookup per path level.
//
// Contract: holds pointers it does not own; `T` has `std::string_view key() const`, which must
// not change while the node is indexed. Keys are unique (insert asserts the key is absent).
// Each slot also keeps a `hint`, an address the owner expects to read right after finding the
// node (the store: its value): find() starts loading it as soon as the slot is read, so that
// load overlaps the node's instead of following it. A hint is only a prefetch: a stale or
// dangling one costs time, never correctness.
// Open addressing with linear probing over a power-of-two table kept at most 3/4 full, removal
// by backward shift (no tombstones). A slot keeps its key's full hash, so keys are compared only
// on a hash match and growing never touches the nodes. Iteration order (for_each) is arbitrary:
// use it only where order cannot be seen (freeing the nodes). The caller bounds the size.
// hash() is a fixed function of the bytes (no seed), fast rather than collision-resistant: the
// simulator's keys are not chosen by an adversary.
#pragma once

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
    for (size_t i = key_hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.node == nullptr) return nullptr;
      if (slot.hash == key_hash) {
        if (slot.hint != nullptr) __builtin_prefetch(slot.hint);
        if (slot.node->key() == key) return slot.node;
      }
    }
  }
  T* find(std::string_view key) const { return find(key, hash(key)); }

  // Indexes `node`, whose key (hashing to `key_hash`) is not indexed yet.
  void insert(T* node, uint64_t key_hash, const void* hint = nullptr) {
    assert(node != nullptr && find(node->key(), key_hash) == nullptr);
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    place(Slot{key_hash, node, hint});
    ++size_;
  }

  // Replaces the hint of `node`, which is indexed under `key_hash`.
  void set_hint(const T* node, uint64_t key_hash, const void* hint) {
    slots_[position(node, key_hash)].hint = hint;
  }

  // Removes `node`, which is indexed under `key_hash`.
  void erase(const T* node, uint64_t key_hash) {
    size_t hole = position(node, key_hash);
    // Backward shift: move up every later slot of the run whose home is not after the hole.
    for (size_t i = (hole + 1) & mask_; slots_[i].node != nullptr; i = (i + 1) & mask_) {
      size_t home = slots_[i].hash & mask_;
      if (((i - home) & mask_) >= ((i - hole) & mask_)) {
        slots_[hole] = slots_[i];
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
  struct Slot {
    uint64_t hash = 0;
    T* node = nullptr;  // nullptr: empty
    const void* hint = nullptr;
  };

  size_t position(const T* node, uint64_t key_hash) const {
    size_t i = key_hash & mask_;
    while (slots_[i].node != node) {
      assert(slots_[i].node != nullptr);
      i = (i + 1) & mask_;
    }
    return i;
  }

  static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

  void place(Slot slot) {
    size_t i = slot.hash & mask_;
    while (slots_[i].node != nullptr) i = (i + 1) & mask_;
    slots_[i] = slot;
  }

  void grow() {
    std::vector<Slot> old(slots_.empty() ? 16 : slots_.size() * 2);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.node != nullptr) place(slot);
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace esisim::etcd
