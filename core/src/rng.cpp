#include "mf/rng.hpp"

namespace mf {

std::uint64_t Rng::below(std::uint64_t n) {
  // Lemire's multiply-shift (2019): the high word of x * n is uniform in
  // [0, n) once the few low words below 2^64 mod n are rejected. It avoids a
  // 64-bit division per draw, which dominated the SGD shuffle.
  __extension__ typedef unsigned __int128 u128;
  u128 m = u128(next_u64()) * n;
  std::uint64_t low = std::uint64_t(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      m = u128(next_u64()) * n;
      low = std::uint64_t(m);
    }
  }
  return std::uint64_t(m >> 64);
}

double Rng::normal() {
  double sum = 0.0;
  for (int i = 0; i < 12; ++i) sum += uniform();
  return sum - 6.0;
}

}  // namespace mf
