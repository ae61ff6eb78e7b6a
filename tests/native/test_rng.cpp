// mf::Rng: SplitMix64 and the distributions built on it (rng.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <vector>

#include "mf/rng.hpp"
#include "test_util.hpp"

TEST_CASE("Rng reproduces the published SplitMix64 sequence for seed 0", "[rng]") {
  // Reference values of SplitMix64 (Steele, Lea, Flood 2014) seeded with 0,
  // as printed by the reference implementation.
  mf::Rng rng(0);
  CHECK(rng.next_u64() == 0xE220A8397B1DCDAFull);
  CHECK(rng.next_u64() == 0x6E789E6AA1B965F4ull);
  CHECK(rng.next_u64() == 0x06C45D188009454Full);
}

TEST_CASE("Rng with the same seed gives the same sequence", "[rng]") {
  mf::Rng a(12345), b(12345), c(12346);
  bool any_difference_from_other_seed = false;
  for (int k = 0; k < 1000; ++k) {
    std::uint64_t x = a.next_u64();
    REQUIRE(x == b.next_u64());
    if (x != c.next_u64()) any_difference_from_other_seed = true;
  }
  CHECK(any_difference_from_other_seed);

  // Every derived draw is reproducible too.
  mf::Rng d(7), e(7);
  for (int k = 0; k < 200; ++k) {
    REQUIRE(d.uniform() == e.uniform());
    REQUIRE(d.below(97) == e.below(97));
    REQUIRE(d.normal() == e.normal());
  }
  // State can be saved and restored.
  mf::Rng f(99);
  f.next_u64();
  std::uint64_t saved = f.state();
  std::uint64_t next = f.next_u64();
  f.set_state(saved);
  CHECK(f.next_u64() == next);
}

TEST_CASE("Rng uniform lies in the unit interval and has mean one half", "[rng]") {
  mf::Rng rng(3);
  const int n = 100000;
  double sum = 0;
  for (int k = 0; k < n; ++k) {
    double x = rng.uniform();
    REQUIRE(x >= 0.0);
    REQUIRE(x < 1.0);
    sum += x;
  }
  // Standard error of the mean is sqrt(1/12/n) ~ 0.0009.
  CHECK(std::abs(sum / n - 0.5) < 0.005);
}

TEST_CASE("Rng below(n) stays in range and is roughly uniform", "[rng]") {
  mf::Rng rng(2024);
  SECTION("below(1) is always 0") {
    for (int k = 0; k < 100; ++k) REQUIRE(rng.below(1) == 0u);
  }
  SECTION("chi-square test over 10 buckets") {
    const int buckets = 10, n = 100000;
    std::vector<int> count(buckets, 0);
    for (int k = 0; k < n; ++k) {
      std::uint64_t x = rng.below(buckets);
      REQUIRE(x < std::uint64_t(buckets));
      ++count[x];
    }
    double expected = double(n) / buckets, chi2 = 0;
    for (int c : count) chi2 += (c - expected) * (c - expected) / expected;
    // 9 degrees of freedom: P(chi2 > 27.9) = 0.001.
    INFO("chi2 = " << chi2);
    CHECK(chi2 < 27.9);
  }
  SECTION("a bound that is not a power of two, e.g. 7") {
    std::vector<int> count(7, 0);
    const int n = 70000;
    for (int k = 0; k < n; ++k) ++count[rng.below(7)];
    double chi2 = 0;
    for (int c : count) chi2 += (c - 10000.0) * (c - 10000.0) / 10000.0;
    INFO("chi2 = " << chi2);
    CHECK(chi2 < 22.5);  // 6 degrees of freedom, P = 0.001
  }
  SECTION("huge bounds (rejection region near 2^64) stay in range") {
    const std::uint64_t big = (std::uint64_t(1) << 63) + 12345;  // about half of 2^64 rejected
    int upper_half = 0;
    for (int k = 0; k < 20000; ++k) {
      std::uint64_t x = rng.below(big);
      REQUIRE(x < big);
      if (x >= big / 2) ++upper_half;
    }
    // Uniform on [0, big): about half land in the upper half. A plain modulo
    // would put 3/4 of the draws in the lower half.
    CHECK(upper_half > 9500);
    CHECK(upper_half < 10500);
    const std::uint64_t max = ~std::uint64_t(0);
    for (int k = 0; k < 1000; ++k) REQUIRE(rng.below(max) < max);
  }
}

TEST_CASE("Rng normal has mean 0, variance 1 and support from -6 to 6", "[rng]") {
  mf::Rng rng(77);
  const int n = 200000;
  double sum = 0, sum2 = 0, sum4 = 0;
  for (int k = 0; k < n; ++k) {
    double x = rng.normal();
    REQUIRE(x >= -6.0);
    REQUIRE(x <= 6.0);
    sum += x;
    sum2 += x * x;
    sum4 += x * x * x * x;
  }
  double mean = sum / n, var = sum2 / n - mean * mean;
  INFO("mean = " << mean << ", variance = " << var);
  CHECK(std::abs(mean) < 0.01);         // standard error 0.0022
  CHECK(std::abs(var - 1.0) < 0.02);    // standard error ~0.003
  // Irwin-Hall(12) - 6 has fourth moment 3 - 1.2/12 = 2.9 (a Gaussian has 3).
  CHECK(std::abs(sum4 / n - 2.9) < 0.1);
}

TEST_CASE("shuffle gives a seed-deterministic permutation", "[rng]") {
  std::vector<int> base(50);
  std::iota(base.begin(), base.end(), 0);

  std::vector<int> a = base, b = base, c = base;
  mf::Rng ra(5), rb(5), rc(6);
  mf::shuffle(a, ra);
  mf::shuffle(b, rb);
  mf::shuffle(c, rc);

  CHECK(a == b);  // same seed, same permutation
  CHECK(a != c);  // another seed, another permutation (1 in 50! to coincide)
  CHECK(a != base);

  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == base);  // a permutation: every element exactly once

  SECTION("every position is reachable: first element spread over positions") {
    std::vector<int> where(5, 0);
    mf::Rng r(11);
    for (int k = 0; k < 5000; ++k) {
      std::vector<int> v{0, 1, 2, 3, 4};
      mf::shuffle(v, r);
      ++where[std::find(v.begin(), v.end(), 0) - v.begin()];
    }
    for (int w : where) CHECK(std::abs(w - 1000) < 150);
  }
  SECTION("empty and single-element vectors are left alone") {
    std::vector<int> empty, one{42};
    mf::Rng r(1);
    mf::shuffle(empty, r);
    mf::shuffle(one, r);
    CHECK(empty.empty());
    CHECK(one == std::vector<int>{42});
  }
}

TEST_CASE("shuffle draws 32-bit Lemire indices, two per generator step, bit for bit", "[rng]") {
  // rng.hpp documents the method so that every platform shuffles alike; the
  // reference here is written out with plain 64-bit arithmetic.
  auto reference = [](std::vector<int> v, mf::Rng& r) {
    std::vector<std::uint32_t> pending;  // 32-bit words not used yet, next one last
    auto word = [&]() {
      if (pending.empty()) {
        const std::uint64_t x = r.next_u64();
        pending = {std::uint32_t(x), std::uint32_t(x >> 32)};
      }
      const std::uint32_t w = pending.back();
      pending.pop_back();
      return w;
    };
    for (std::uint64_t i = v.size(); i > 1; --i) {
      std::uint64_t m = std::uint64_t(word()) * i;
      const std::uint64_t threshold = ((std::uint64_t(1) << 32) - i) % i;  // 2^32 mod i
      while ((m & 0xFFFFFFFFu) < threshold) m = (r.next_u64() >> 32) * i;  // a fresh high half
      std::swap(v[i - 1], v[m >> 32]);
    }
    return v;
  };
  for (int n : {0, 1, 2, 3, 7, 64, 1000, 100000}) {
    std::vector<int> base(static_cast<std::size_t>(n));
    std::iota(base.begin(), base.end(), 0);
    mf::Rng a(2024), b(2024);
    std::vector<int> shuffled = base;
    mf::shuffle(shuffled, a);
    INFO("n = " << n);
    REQUIRE(shuffled == reference(base, b));
  }
}

TEST_CASE("shuffle makes every permutation of 4 elements equally likely", "[rng]") {
  std::map<std::vector<int>, int> count;
  mf::Rng r(99);
  const int trials = 48000;  // 2000 expected for each of the 24 permutations
  for (int t = 0; t < trials; ++t) {
    std::vector<int> v{0, 1, 2, 3};
    mf::shuffle(v, r);
    ++count[v];
  }
  REQUIRE(count.size() == 24);
  double chi2 = 0;
  for (const auto& [perm, c] : count) chi2 += double(c - 2000) * (c - 2000) / 2000.0;
  CHECK(chi2 < 49.7);  // the 0.999 quantile of chi-square with 23 degrees of freedom
}

TEST_CASE("Rng below is Lemire's multiply-shift with rejection, bit for bit", "[rng]") {
  // rng.hpp documents the method, so that every platform draws the same
  // integers: x * n as a 128-bit product, reject while the low half is below
  // 2^64 mod n, return the high half. Reference written out here.
  auto reference_below = [](mf::Rng& r, std::uint64_t n) {
    for (;;) {
      const unsigned __int128 m = (unsigned __int128)r.next_u64() * n;
      const std::uint64_t low = std::uint64_t(m);
      if (low < n) {
        const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
        if (low < threshold) continue;
      }
      return std::uint64_t(m >> 64);
    }
  };
  for (std::uint64_t n : {std::uint64_t(1), std::uint64_t(2), std::uint64_t(3), std::uint64_t(7),
                          std::uint64_t(1000), std::uint64_t(1) << 40, (std::uint64_t(1) << 63) + 12345,
                          ~std::uint64_t(0)}) {
    mf::Rng a(31337), b(31337);
    for (int k = 0; k < 2000; ++k) {
      INFO("n = " << n << ", draw " << k);
      REQUIRE(a.below(n) == reference_below(b, n));
    }
    CHECK(a.state() == b.state());  // the same number of draws was consumed
  }
}
