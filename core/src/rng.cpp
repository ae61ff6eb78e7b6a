#include "mf/rng.hpp"

namespace mf {

namespace {

// Full 64 x 64 -> 128-bit product as (high, low) words. wasm32 has no 128-bit
// multiply (clang calls a helper), so there it is assembled from 32-bit halves;
// both forms give the same words.
inline void mul_64x64(std::uint64_t a, std::uint64_t b, std::uint64_t& hi, std::uint64_t& lo) {
#if defined(__wasm__)
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

}  // namespace

std::uint64_t Rng::below(std::uint64_t n) {
  // Lemire's multiply-shift (2019): the high word of x * n is uniform in
  // [0, n) once the few low words below 2^64 mod n are rejected. It avoids a
  // 64-bit division per draw, which dominated the SGD shuffle.
  std::uint64_t hi, lo;
  mul_64x64(next_u64(), n, hi, lo);
  if (lo < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (lo < threshold) mul_64x64(next_u64(), n, hi, lo);
  }
  return hi;
}

double Rng::normal() {
  double sum = 0.0;
  for (int i = 0; i < 12; ++i) sum += uniform();
  return sum - 6.0;
}

}  // namespace mf
