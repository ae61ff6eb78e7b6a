// The ALS row solve, shared by training (train.cpp) and fold-in (recommend.cpp)
// so that folding in a user is exactly an ALS user step.
#pragma once

#include <algorithm>
#include <vector>

#include "kernels.hpp"
#include "mf/dataset.hpp"
#include "mf/options.hpp"

namespace mf {

// Regularization weight of a row with `count` training ratings.
inline double row_scale(const TrainOptions& o, std::size_t count) {
  const bool by_count = o.algorithm == Algorithm::SGD || o.reg_scaling == RegScaling::Count;
  return by_count ? double(count) : 1.0;
}

// Solves one ALS row: the normal equations of train.hpp for the row's ratings
// `cols`/`values` against the fixed vectors `other` (and biases `other_bias`).
// `out_vec` gets the factors, `out_bias` the bias (when biases are on).
struct RowSolver {
  int k;
  bool biases;
  int d;  // unknowns: k, or k + 1 with the bias first
  std::vector<double> a, b, y;

  RowSolver(int factors, bool with_bias)
      : k(factors), biases(with_bias), d(factors + (with_bias ? 1 : 0)),
        a(std::size_t(d) * d), b(d), y(d) {}

  void solve(const Index* cols, const float* values, std::size_t n, const float* other,
             const float* other_bias, double mu, double reg, double reg_bias, float* out_vec,
             float* out_bias) {
    if (n == 0) {
      std::fill(out_vec, out_vec + k, 0.0f);
      if (biases) *out_bias = 0.0f;
      return;
    }
    std::fill(a.begin(), a.end(), 0.0);
    std::fill(b.begin(), b.end(), 0.0);
    const int off = biases ? 1 : 0;
    if (biases) y[0] = 1.0;
    for (std::size_t r = 0; r < n; ++r) {
      const float* q = other + std::size_t(cols[r]) * k;
      for (int f = 0; f < k; ++f) y[off + f] = q[f];
      const double t = biases ? (double(values[r]) - mu) - double(other_bias[cols[r]]) : double(values[r]);
      for (int j = 0; j < d; ++j) {
        double* row = a.data() + std::size_t(j) * d;
        const double yj = y[j];
        for (int l = 0; l <= j; ++l) row[l] += yj * y[l];
        b[j] += t * yj;
      }
    }
    if (biases) a[0] += reg_bias;
    for (int f = off; f < d; ++f) a[std::size_t(f) * d + f] += reg;
    factor_and_solve();
    if (biases) *out_bias = static_cast<float>(b[0]);
    for (int f = 0; f < k; ++f) out_vec[f] = static_cast<float>(b[off + f]);
  }

  // With lambda = 0 and fewer ratings than unknowns the system is singular:
  // then a tiny ridge (relative to the diagonal) is added until it factors.
  void factor_and_solve() {
    std::vector<double> original;
    double jitter = 0.0;
    for (int attempt = 0;; ++attempt) {
      if (attempt == 1) {
        // a was destroyed by the failed attempt: rebuild from the saved copy.
        double trace = 0.0;
        for (int j = 0; j < d; ++j) trace += original[std::size_t(j) * d + j];
        jitter = 1e-10 * (trace / d + 1.0);
      }
      if (attempt > 0) {
        a = original;
        for (int j = 0; j < d; ++j) a[std::size_t(j) * d + j] += jitter;
        jitter *= 100.0;
      } else {
        original = a;
      }
      if (kernels::cholesky(a.data(), d)) break;
      if (attempt > 12) {  // cannot happen for a finite symmetric PSD matrix
        std::fill(b.begin(), b.end(), 0.0);
        return;
      }
    }
    kernels::cholesky_solve(a.data(), d, b.data());
  }
};

// Missing-as-zero ALS: one shared Gram matrix (Q^T Q + lambda I), factored once.
inline void solve_zero_filled(const SparseRows& rows, const float* other, std::size_t n_other, int k,
                       double reg, float* out) {
  std::vector<double> g(std::size_t(k) * k, 0.0), y(k), b(k);
  for (std::size_t i = 0; i < n_other; ++i) {
    const float* q = other + i * k;
    for (int f = 0; f < k; ++f) y[f] = q[f];
    for (int j = 0; j < k; ++j)
      for (int l = 0; l <= j; ++l) g[std::size_t(j) * k + l] += y[j] * y[l];
  }
  for (int f = 0; f < k; ++f) g[std::size_t(f) * k + f] += reg;
  if (!kernels::cholesky(g.data(), k)) {
    double trace = 0.0;
    for (int f = 0; f < k; ++f) trace += g[std::size_t(f) * k + f];
    for (int f = 0; f < k; ++f) g[std::size_t(f) * k + f] += 1e-10 * (trace / k + 1.0);
    kernels::cholesky(g.data(), k);
  }
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    std::fill(b.begin(), b.end(), 0.0);
    for (std::size_t e = rows.offsets[r]; e < rows.offsets[r + 1]; ++e) {
      const float* q = other + std::size_t(rows.cols[e]) * k;
      const double v = rows.values[e];
      for (int f = 0; f < k; ++f) b[f] += v * double(q[f]);
    }
    kernels::cholesky_solve(g.data(), k, b.data());
    for (int f = 0; f < k; ++f) out[r * k + f] = static_cast<float>(b[f]);
  }
}

}  // namespace mf
