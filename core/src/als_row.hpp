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
  std::vector<double> a, b, y;  // y: four rows of d values

  RowSolver(int factors, bool with_bias)
      : k(factors), biases(with_bias), d(factors + (with_bias ? 1 : 0)),
        a(std::size_t(d) * d), b(d), y(4 * std::size_t(d)) {}

  // Writes y = [1, q] (or q) of the rating's other-side row into slot s of y
  // and returns its target r - mu - b (or r).
  double load(int s, Index col, float value, const float* other, const float* other_bias, double mu) {
    double* ys = &y[std::size_t(s) * d];
    const float* q = other + std::size_t(col) * k;
    const int off = biases ? 1 : 0;
    if (biases) ys[0] = 1.0;
    for (int f = 0; f < k; ++f) ys[off + f] = q[f];
    return biases ? (double(value) - mu) - double(other_bias[col]) : double(value);
  }

  void solve(const Index* cols, const float* values, std::size_t n, const float* other,
             const float* other_bias, double mu, double reg, double reg_bias, float* out_vec,
             float* out_bias) {
    if (n == 0) {
      std::fill(out_vec, out_vec + k, 0.0f);
      if (biases) *out_bias = 0.0f;
      return;
    }
    const int off = biases ? 1 : 0;
    if (n < std::size_t(d) && reg > 0.0 && (!biases || reg_bias > 0.0)) {
      solve_few(cols, values, n, other, other_bias, mu, reg, reg_bias);
      if (biases) *out_bias = static_cast<float>(b[0]);
      for (int f = 0; f < k; ++f) out_vec[f] = static_cast<float>(b[off + f]);
      return;
    }
    std::fill(a.begin(), a.end(), 0.0);
    std::fill(b.begin(), b.end(), 0.0);
    // Accumulate sum_r y_r y_r^T (lower triangle) and sum_r t_r y_r, four ratings
    // at a time: a quarter of the loads and stores of a one-at-a-time loop. The
    // bracketing is explicit, so every compiler adds in the same order.
    std::size_t r = 0;
    for (; r + 4 <= n; r += 4) {
      double t[4];
      for (int s = 0; s < 4; ++s) t[s] = load(s, cols[r + s], values[r + s], other, other_bias, mu);
      const double *y0 = &y[0], *y1 = &y[d], *y2 = &y[2 * d], *y3 = &y[3 * d];
      for (int j = 0; j < d; ++j) {
        double* row = a.data() + std::size_t(j) * d;
        const double a0 = y0[j], a1 = y1[j], a2 = y2[j], a3 = y3[j];
        for (int l = 0; l <= j; ++l) row[l] += (a0 * y0[l] + a1 * y1[l]) + (a2 * y2[l] + a3 * y3[l]);
        b[j] += (t[0] * a0 + t[1] * a1) + (t[2] * a2 + t[3] * a3);
      }
    }
    for (; r < n; ++r) {
      const double t = load(0, cols[r], values[r], other, other_bias, mu);
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

  // A row with fewer ratings n than unknowns d (most items of a long-tailed
  // catalogue) is solved through the push-through identity
  //   (L + Y^T Y)^-1 Y^T t = L^-1 Y^T (I + Y L^-1 Y^T)^-1 t,   L = diag(lambda_b', lambda', ...),
  // an n x n system instead of d x d: the same solution for a fraction of the
  // work. Needs L invertible (lambda > 0). Leaves the solution in b.
  void solve_few(const Index* cols, const float* values, std::size_t n, const float* other,
                 const float* other_bias, double mu, double reg, double reg_bias) {
    const int m = int(n);
    rows.resize(n * std::size_t(d));
    kernel.assign(n * n, 0.0);
    target.resize(n);
    inv_l.resize(d);
    for (int j = 0; j < d; ++j) inv_l[j] = 1.0 / reg;
    if (biases) inv_l[0] = 1.0 / reg_bias;
    for (int r = 0; r < m; ++r) {
      double* yr = &rows[std::size_t(r) * d];
      const float* q = other + std::size_t(cols[r]) * k;
      const int off = biases ? 1 : 0;
      if (biases) yr[0] = 1.0;
      for (int f = 0; f < k; ++f) yr[off + f] = q[f];
      target[r] = biases ? (double(values[r]) - mu) - double(other_bias[cols[r]]) : double(values[r]);
    }
    // scaled[j] = y_r[j] / L_j, then K_rs = [r == s] + scaled_r . y_s (lower triangle).
    scaled.resize(n * std::size_t(d));
    for (int r = 0; r < m; ++r) {
      const double* yr = &rows[std::size_t(r) * d];
      double* sr = &scaled[std::size_t(r) * d];
      for (int j = 0; j < d; ++j) sr[j] = yr[j] * inv_l[j];  // (no e % d: a division per element was 1/6 of a sweep)
    }
    for (int r = 0; r < m; ++r)
      for (int c = 0; c <= r; ++c)
        kernel[std::size_t(r) * n + c] =
            (r == c ? 1.0 : 0.0) + kernels::dot(&scaled[std::size_t(r) * d], &rows[std::size_t(c) * d], d);
    // K is I + PSD, so its Cholesky factorisation always succeeds.
    kernels::cholesky(kernel.data(), m);
    kernels::cholesky_solve(kernel.data(), m, target.data());
    std::fill(b.begin(), b.end(), 0.0);
    for (int r = 0; r < m; ++r) {
      const double* sr = &scaled[std::size_t(r) * d];
      for (int j = 0; j < d; ++j) b[j] += sr[j] * target[r];
    }
  }

  std::vector<double> rows, scaled, kernel, target, inv_l;  // solve_few workspace

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
