// Inner loops shared by ALS, SGD and the recommenders.
//
// Floating-point sums are written with a fixed order that every compiler keeps
// (no -ffast-math, -ffp-contract=off): dot products use eight explicit lane
// accumulators combined in a fixed tree, so gcc's SSE/AVX code, clang's wasm
// SIMD code and plain scalar code all give the same bits.
#pragma once

#include <cmath>
#include <cstddef>

namespace mf::kernels {

// Forced inline: clang keeps a called dot's accumulators in memory in wasm.
// The tail is written with a fixed trip count so the accumulators stay in
// registers; it adds the same products to the same lanes as a plain tail loop.
#define MF_INLINE inline __attribute__((always_inline))

MF_INLINE float dot(const float* a, const float* b, int n) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int k = 0;
  for (; k + 8 <= n; k += 8)
    for (int l = 0; l < 8; ++l) acc[l] += a[k + l] * b[k + l];
  for (int l = 0; l < 8; ++l)
    if (l < n - k) acc[l] += a[k + l] * b[k + l];
  return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
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
