// The float kernels (kernels.hpp) promise the same bits as the scalar loops
// they replace, for every factor count, fixed or not, at aligned and
// unaligned addresses: the SGD step of a pair of rows uses the old p and q on
// both right-hand sides, and the dot product adds in its documented order.
#include <cstdint>
#include <vector>

#include "../../core/src/kernels.hpp"
#include "mf/rng.hpp"
#include "test_util.hpp"

namespace {

// Rows of n floats at a 16-byte aligned address plus `offset` floats.
struct Rows {
  std::vector<float> storage;
  float* p;
  float* q;
  Rows(int n, int offset, mf::Rng& rng) : storage(2 * std::size_t(n) + 16) {
    float* base = storage.data();
    while (reinterpret_cast<std::uintptr_t>(base) % 16 != 0) ++base;
    p = base + offset;
    q = p + ((n + 3) / 4 * 4 + 4);  // also 16-byte aligned plus offset
    for (int f = 0; f < n; ++f) {
      p[f] = float(rng.normal());
      q[f] = float(rng.normal());
    }
  }
};

// The scalar step, written out: both updates read the old values.
void sgd_rows_scalar(float* p, float* q, int n, float ap, float aq, float g) {
  for (int f = 0; f < n; ++f) {
    const float pf = p[f], qf = q[f];
    p[f] = ap * pf + g * qf;
    q[f] = aq * qf + g * pf;
  }
}

// The documented order: lane l (0..7) sums elements l, l + 8, ...; then
// ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)).
float dot_scalar(const float* a, const float* b, int n) {
  float lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (int f = 0; f < n; ++f) lane[f % 8] = lane[f % 8] + a[f] * b[f];
  return ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
}

template <int K, bool Aligned>
void check_kernels(int n, int offset, mf::Rng& rng) {
  INFO("n " << n << ", K " << K << ", aligned " << Aligned << ", offset " << offset);
  Rows got(n, offset, rng), want = got;
  want.p = want.storage.data() + (got.p - got.storage.data());
  want.q = want.storage.data() + (got.q - got.storage.data());
  CHECK(mf::kernels::dot_k<K, Aligned>(got.p, got.q, n) == dot_scalar(want.p, want.q, n));
  const float ap = 0.993f, aq = 0.987f, g = 0.0371f;
  mf::kernels::sgd_rows<K, Aligned>(got.p, got.q, n, ap, aq, g);
  sgd_rows_scalar(want.p, want.q, n, ap, aq, g);
  for (int f = 0; f < n; ++f) {
    INFO("element " << f);
    REQUIRE(got.p[f] == want.p[f]);
    REQUIRE(got.q[f] == want.q[f]);
  }
}

}  // namespace

TEST_CASE("the SGD row kernel and the dot product give the scalar loop's bits", "[kernels][regression]") {
  mf::Rng rng(11);
  for (int n = 1; n <= 43; ++n)
    for (int offset : {0, 1, 2, 3}) check_kernels<0, false>(n, offset, rng);
  for (int offset : {0, 1, 3}) {
    check_kernels<10, false>(10, offset, rng);
    check_kernels<20, false>(20, offset, rng);
    check_kernels<40, false>(40, offset, rng);
    check_kernels<50, false>(50, offset, rng);
    check_kernels<100, false>(100, offset, rng);
  }
  // The aligned variants, as the trainer uses them (k % 4 == 0, aligned rows).
  check_kernels<0, true>(4, 0, rng);
  check_kernels<0, true>(24, 0, rng);
  check_kernels<20, true>(20, 0, rng);
  check_kernels<40, true>(40, 0, rng);
  check_kernels<100, true>(100, 0, rng);
}
