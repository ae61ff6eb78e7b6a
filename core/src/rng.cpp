#include "mf/rng.hpp"

namespace mf {

std::uint64_t Rng::below(std::uint64_t n) {
  // Reject the top partial block of 2^64 so every residue is equally likely.
  const std::uint64_t limit = (~std::uint64_t(0)) - ((~std::uint64_t(0)) % n + 1) % n;
  for (;;) {
    std::uint64_t x = next_u64();
    if (x <= limit) return x % n;
  }
}

double Rng::normal() {
  double sum = 0.0;
  for (int i = 0; i < 12; ++i) sum += uniform();
  return sum - 6.0;
}

}  // namespace mf
