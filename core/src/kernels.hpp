// Inner loops shared by ALS, SGD and the recommenders.
//
// Floating-point sums are written with a fixed order that every compiler keeps
// (no -ffast-math, -ffp-contract=off): dot products use eight explicit lane
// accumulators combined in a fixed tree, so gcc's SSE2 code, clang's wasm
// SIMD code and plain scalar code all give the same bits.
//
// The float kernels are written on a four-lane vector type, f32x4, that maps
// to SSE2 natively (the x86-64 baseline: no -march flags needed), to
// WebAssembly SIMD under -msimd128, and to four plain floats elsewhere. Each
// lane does exactly the IEEE operations a scalar loop would do (multiply,
// then add: never fused), so the three give identical results; the vector
// types only make sure both compilers really use the vector units.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mf::kernels {

// Forced inline: clang keeps a called dot's accumulators in memory in wasm.
#define MF_INLINE inline __attribute__((always_inline))

#if defined(__wasm_simd128__)
struct f32x4 { v128_t v; };
MF_INLINE f32x4 load4(const float* p) { return {wasm_v128_load(p)}; }
MF_INLINE f32x4 load4_aligned(const float* p) { return {wasm_v128_load(p)}; }
MF_INLINE void store4(float* p, f32x4 a) { wasm_v128_store(p, a.v); }
MF_INLINE void store4_aligned(float* p, f32x4 a) { wasm_v128_store(p, a.v); }
MF_INLINE f32x4 splat4(float x) { return {wasm_f32x4_splat(x)}; }
MF_INLINE f32x4 make4(float a, float b, float c, float d) { return {wasm_f32x4_make(a, b, c, d)}; }
MF_INLINE f32x4 operator+(f32x4 a, f32x4 b) { return {wasm_f32x4_add(a.v, b.v)}; }
MF_INLINE f32x4 operator*(f32x4 a, f32x4 b) { return {wasm_f32x4_mul(a.v, b.v)}; }
// (v0 + v1) + (v2 + v3)
MF_INLINE float pair_sum(f32x4 a) {
  return (wasm_f32x4_extract_lane(a.v, 0) + wasm_f32x4_extract_lane(a.v, 1)) +
         (wasm_f32x4_extract_lane(a.v, 2) + wasm_f32x4_extract_lane(a.v, 3));
}
constexpr bool kAlignedLoadsMatter = false;  // wasm loads take any address at full speed
#elif defined(__SSE2__)
struct f32x4 { __m128 v; };
MF_INLINE f32x4 load4(const float* p) { return {_mm_loadu_ps(p)}; }
// Aligned loads let SSE fold the load into the arithmetic instruction.
MF_INLINE f32x4 load4_aligned(const float* p) { return {_mm_load_ps(p)}; }
MF_INLINE void store4(float* p, f32x4 a) { _mm_storeu_ps(p, a.v); }
MF_INLINE void store4_aligned(float* p, f32x4 a) { _mm_store_ps(p, a.v); }
MF_INLINE f32x4 splat4(float x) { return {_mm_set1_ps(x)}; }
MF_INLINE f32x4 make4(float a, float b, float c, float d) { return {_mm_setr_ps(a, b, c, d)}; }
MF_INLINE f32x4 operator+(f32x4 a, f32x4 b) { return {_mm_add_ps(a.v, b.v)}; }
MF_INLINE f32x4 operator*(f32x4 a, f32x4 b) { return {_mm_mul_ps(a.v, b.v)}; }
MF_INLINE float pair_sum(f32x4 a) {
  const __m128 s = _mm_add_ps(a.v, _mm_shuffle_ps(a.v, a.v, _MM_SHUFFLE(2, 3, 0, 1)));  // v0+v1, v1+v0, v2+v3, v3+v2
  return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehl_ps(s, s)));                          // (v0+v1) + (v2+v3)
}
constexpr bool kAlignedLoadsMatter = true;
#else
struct f32x4 { float v[4]; };
MF_INLINE f32x4 load4(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
MF_INLINE f32x4 load4_aligned(const float* p) { return load4(p); }
MF_INLINE void store4(float* p, f32x4 a) { for (int l = 0; l < 4; ++l) p[l] = a.v[l]; }
MF_INLINE void store4_aligned(float* p, f32x4 a) { store4(p, a); }
MF_INLINE f32x4 splat4(float x) { return {{x, x, x, x}}; }
MF_INLINE f32x4 make4(float a, float b, float c, float d) { return {{a, b, c, d}}; }
MF_INLINE f32x4 operator+(f32x4 a, f32x4 b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3]}}; }
MF_INLINE f32x4 operator*(f32x4 a, f32x4 b) { return {{a.v[0] * b.v[0], a.v[1] * b.v[1], a.v[2] * b.v[2], a.v[3] * b.v[3]}}; }
MF_INLINE float pair_sum(f32x4 a) { return (a.v[0] + a.v[1]) + (a.v[2] + a.v[3]); }
constexpr bool kAlignedLoadsMatter = false;
#endif

template <bool Aligned>
MF_INLINE f32x4 load4_as(const float* p) {
  return Aligned ? load4_aligned(p) : load4(p);
}
template <bool Aligned>
MF_INLINE void store4_as(float* p, f32x4 a) {
  if (Aligned) store4_aligned(p, a); else store4(p, a);
}

// Lanes 0..r-1 of a[0..r) * b[0..r) (r < 4), zero elsewhere. Adding a zero
// lane to an accumulator changes nothing: the accumulators start at +0 and a
// sum is -0 only if both terms are.
MF_INLINE f32x4 partial_products(const float* a, const float* b, int r) {
  return make4(r > 0 ? a[0] * b[0] : 0.0f, r > 1 ? a[1] * b[1] : 0.0f, r > 2 ? a[2] * b[2] : 0.0f, 0.0f);
}

// Dot product with eight lane accumulators, lane l summing the products of
// the elements l, l + 8, l + 16, ..., combined as
// ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)).
// K > 0 fixes n at compile time (fully unrolled); Aligned promises 16-byte
// aligned a and b (only used with K % 4 == 0).
template <int K = 0, bool Aligned = false>
MF_INLINE float dot_k(const float* a, const float* b, int n) {
  if (K > 0) n = K;
  f32x4 lo = splat4(0.0f), hi = splat4(0.0f);
  int k = 0;
  for (; k + 8 <= n; k += 8) {
    lo = lo + load4_as<Aligned>(a + k) * load4_as<Aligned>(b + k);
    hi = hi + load4_as<Aligned>(a + k + 4) * load4_as<Aligned>(b + k + 4);
  }
  const int r = n - k;  // 0..7 elements left: lanes 0..r-1
  if (r >= 4) {
    lo = lo + load4_as<Aligned>(a + k) * load4_as<Aligned>(b + k);
    if (r > 4) hi = hi + partial_products(a + k + 4, b + k + 4, r - 4);
  } else if (r > 0) {
    lo = lo + partial_products(a + k, b + k, r);
  }
  return pair_sum(lo + hi);
}

MF_INLINE float dot(const float* a, const float* b, int n) { return dot_k<0, false>(a, b, n); }

// The SGD step of a pair of factor rows, both from their old values:
//   p <- ap p + g q,   q <- aq q + g p
// (ap = 1 - eta lambda_u, aq = 1 - eta lambda_i, g = eta e). p and q never alias.
template <int K = 0, bool Aligned = false>
MF_INLINE void sgd_rows(float* __restrict p, float* __restrict q, int n, float ap, float aq, float g) {
  if (K > 0) n = K;
  const f32x4 vap = splat4(ap), vaq = splat4(aq), vg = splat4(g);
  int f = 0;
  for (; f + 4 <= n; f += 4) {
    const f32x4 pf = load4_as<Aligned>(p + f), qf = load4_as<Aligned>(q + f);
    store4_as<Aligned>(p + f, vap * pf + vg * qf);
    store4_as<Aligned>(q + f, vaq * qf + vg * pf);
  }
  for (; f < n; ++f) {
    const float pf = p[f], qf = q[f];
    p[f] = ap * pf + g * qf;
    q[f] = aq * qf + g * pf;
  }
}

MF_INLINE double dot(const double* a, const double* b, int n) {
  double acc[4] = {0, 0, 0, 0};
  int k = 0;
  for (; k + 4 <= n; k += 4)
    for (int l = 0; l < 4; ++l) acc[l] += a[k + l] * b[k + l];
  for (int l = 0; l < 4; ++l)
    if (l < n - k) acc[l] += a[k + l] * b[k + l];
  return (acc[0] + acc[2]) + (acc[1] + acc[3]);
}

// Cholesky factorisation in place of the symmetric positive definite n x n
// matrix `a` (row-major, lower triangle read and written): a = L L^T.
// Returns false if a pivot is not positive.
inline bool cholesky(double* a, int n) {
  for (int j = 0; j < n; ++j) {
    double* row_j = a + std::size_t(j) * n;
    double d = row_j[j] - dot(row_j, row_j, j);
    if (!(d > 0.0)) return false;
    d = std::sqrt(d);
    row_j[j] = d;
    const double inv = 1.0 / d;
    for (int i = j + 1; i < n; ++i) {
      double* row_i = a + std::size_t(i) * n;
      row_i[j] = (row_i[j] - dot(row_i, row_j, j)) * inv;
    }
  }
  return true;
}

// Solves L L^T x = b in place of b, with L from cholesky().
inline void cholesky_solve(const double* l, int n, double* b) {
  for (int i = 0; i < n; ++i) {
    const double* row = l + std::size_t(i) * n;
    b[i] = (b[i] - dot(row, b, i)) / row[i];
  }
  for (int i = n - 1; i >= 0; --i) {
    double s = b[i];
    for (int k = i + 1; k < n; ++k) s -= l[std::size_t(k) * n + i] * b[k];
    b[i] = s / l[std::size_t(i) * n + i];
  }
}

}  // namespace mf::kernels
