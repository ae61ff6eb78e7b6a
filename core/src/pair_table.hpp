// A hash table from (user, item) pairs of dense indices to a position (the
// index of the pair's rating), for the duplicate check of loading: open
// addressing with linear probing in a power-of-two table at most half full.
// A node-based map allocated and freed one node per rating, a third of the
// parse.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "mf/dataset.hpp"

namespace mf {

class PairTable {
 public:
  // Room for n pairs without rehashing.
  void reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    if (cap > keys_.size()) rehash(cap);
  }

  // The value stored for (u, i), or -1.
  std::int64_t find(Index u, Index i) const { return find_key(key(u, i)); }

  // Stores `value` for (u, i), which must not be in the table yet.
  void insert(Index u, Index i, std::size_t value) { insert_key(key(u, i), value); }

  std::size_t size() const { return size_; }

 private:
  static std::uint64_t key(Index u, Index i) { return (std::uint64_t(u) << 32) | i; }
  // Dense indices are below 2^31, so no key has all bits set.
  static constexpr std::uint64_t kEmpty = ~std::uint64_t(0);

  std::size_t slot(std::uint64_t k) const {
    k ^= k >> 31;
    k *= 0x9E3779B97F4A7C15ull;  // Fibonacci hashing: the top bits are well mixed
    return std::size_t(k >> 32) & (keys_.size() - 1);
  }
  std::int64_t find_key(std::uint64_t k) const {
    if (keys_.empty()) return -1;
    for (std::size_t s = slot(k);; s = (s + 1) & (keys_.size() - 1)) {
      if (keys_[s] == kEmpty) return -1;
      if (keys_[s] == k) return std::int64_t(values_[s]);
    }
  }
  void insert_key(std::uint64_t k, std::size_t value) {
    if (2 * (size_ + 1) > keys_.size()) rehash(std::max<std::size_t>(16, 2 * keys_.size()));
    std::size_t s = slot(k);
    while (keys_[s] != kEmpty) s = (s + 1) & (keys_.size() - 1);
    keys_[s] = k;
    values_[s] = value;
    ++size_;
  }
  void rehash(std::size_t cap) {
    std::vector<std::uint64_t> keys(cap, kEmpty);
    std::vector<std::size_t> values(cap);
    keys.swap(keys_);
    values.swap(values_);
    size_ = 0;
    for (std::size_t s = 0; s < keys.size(); ++s)
      if (keys[s] != kEmpty) insert_key(keys[s], values[s]);
  }

  std::vector<std::uint64_t> keys_;
  std::vector<std::size_t> values_;
  std::size_t size_ = 0;
};

}  // namespace mf
