// A small, fully specified random number generator and the distributions built
// on it. The standard library's distributions are implementation-defined
// (libstdc++ natively and libc++ in WebAssembly give different numbers for the
// same seed), so the engine uses only these, which give the same bits everywhere.
#pragma once

#include <cstdint>
#include <vector>

namespace mf {

// SplitMix64 (Steele, Lea, Flood 2014): a 64-bit state advanced by a Weyl
// sequence and mixed by a fixed bijection. Passes BigCrush; trivially seedable.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) : state_(seed) {}

  std::uint64_t next_u64() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1) with 53 random bits: exact, no rounding differences.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Uniform integer in [0, n) without bias (Lemire's multiply-shift with rejection). n > 0.
  // Inline: it is the inner step of the SGD shuffle, where a call per draw
  // was a sixth of an epoch.
  std::uint64_t below(std::uint64_t n);

  // Approximately standard normal: the Irwin-Hall sum of 12 uniforms minus 6
  // (mean 0, variance 1, support [-6, 6]). Uses only additions, so unlike
  // Box-Muller it does not depend on the platform's log/cos implementations.
  double normal();

  std::uint64_t state() const { return state_; }
  void set_state(std::uint64_t s) { state_ = s; }

 private:
  std::uint64_t state_;
};

namespace detail {

// Full 64 x 64 -> 128-bit product as (high, low) words. wasm32 has no 128-bit
// multiply (clang calls a helper), so there it is assembled from 32-bit halves;
// both forms give the same words.
inline void mul_64x64(std::uint64_t a, std::uint64_t b, std::uint64_t& hi, std::uint64_t& lo) {
#if defined(__wasm__) || !defined(__SIZEOF_INT128__)
  const std::uint64_t a_lo = a & 0xFFFFFFFFu, a_hi = a >> 32, b_lo = b & 0xFFFFFFFFu, b_hi = b >> 32;
  const std::uint64_t p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo, p3 = a_hi * b_hi;
  const std::uint64_t mid = (p0 >> 32) + (p1 & 0xFFFFFFFFu) + (p2 & 0xFFFFFFFFu);
  hi = p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
  lo = a * b;
#else
  __extension__ typedef unsigned __int128 u128;
  const u128 m = u128(a) * b;
  hi = std::uint64_t(m >> 64);
  lo = std::uint64_t(m);
#endif
}

}  // namespace detail

inline std::uint64_t Rng::below(std::uint64_t n) {
  // Lemire's multiply-shift (2019): the high word of x * n is uniform in
  // [0, n) once the few low words below 2^64 mod n are rejected. It avoids a
  // 64-bit division per draw.
  std::uint64_t hi, lo;
  detail::mul_64x64(next_u64(), n, hi, lo);
  if (lo < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (lo < threshold) detail::mul_64x64(next_u64(), n, hi, lo);
  }
  return hi;
}

// Uniform in [0, n) for 0 < n < 2^32 from the 32 random bits `x`: Lemire's
// multiply-shift on 32-bit words, a 32 x 32 -> 64-bit product that is cheap
// everywhere (wasm32 has no 128-bit one). A rejected low word is replaced by
// the high half of a fresh draw from `rng`.
inline std::uint32_t below32(std::uint32_t x, std::uint32_t n, Rng& rng) {
  std::uint64_t m = std::uint64_t(x) * n;
  if (std::uint32_t(m) < n) {
    const std::uint32_t threshold = std::uint32_t(0u - n) % n;  // 2^32 mod n
    while (std::uint32_t(m) < threshold) m = std::uint64_t(rng.next_u64() >> 32) * n;
  }
  return std::uint32_t(m >> 32);
}

// Fisher-Yates: for i = size down to 2, swap v[i - 1] with v[j], j uniform in
// [0, i). While i < 2^32, j comes from below32 on 32 random bits, two per
// generator step (the high half, then the low half); above, from Rng::below.
// Half the draws of one per step and no 64 x 64-bit product: in wasm, where
// that product is built from 32-bit halves, the SGD shuffle took a third less
// time. Same permutation on every platform.
template <typename T>
void shuffle(std::vector<T>& v, Rng& rng) {
  // Local copies of the generator and the data pointer: the swaps' stores
  // cannot touch them, so both stay in registers (clang for wasm otherwise
  // reloads and stores the generator state at every draw).
  Rng r = rng;
  T* const data = v.data();
  std::size_t i = v.size();
  for (; i > 0xFFFFFFFFu; --i) {
    const std::size_t j = static_cast<std::size_t>(r.below(i));
    T tmp = data[i - 1];
    data[i - 1] = data[j];
    data[j] = tmp;
  }
  std::uint64_t bits = 0;
  bool low_half_left = false;
  for (; i > 1; --i) {
    std::uint32_t x;
    if (low_half_left) {
      x = std::uint32_t(bits);
    } else {
      bits = r.next_u64();
      x = std::uint32_t(bits >> 32);
    }
    low_half_left = !low_half_left;
    const std::size_t j = below32(x, std::uint32_t(i), r);
    T tmp = data[i - 1];
    data[i - 1] = data[j];
    data[j] = tmp;
  }
  rng = r;
}

}  // namespace mf
