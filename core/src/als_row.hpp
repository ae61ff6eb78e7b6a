// The ALS row solve, shared by training (als.cpp) and fold-in (recommend.cpp)
// so that folding in a user is exactly an ALS user step.
#pragma once

#include <algorithm>
#include <limits>
#include <vector>

#include "kernels.hpp"
#include "mf/dataset.hpp"
#include "mf/options.hpp"
#include "thread_pool.hpp"

namespace mf {

// The smallest ridge an ALS solve adds to an unknown, relative to the mean
// diagonal of its Gram matrix (trace / d). Below it a singular or nearly
// singular system (fewer ratings than unknowns, collinear vectors) cannot be
// told from a regular one in double precision: its Cholesky factorisation
// meets pivots that are rounding noise and amplifies the null-space component
// of the right-hand side without bound. So a smaller lambda' is raised to it:
// see Ridge. With the floor a singular solve gives the minimum-norm solution
// up to a relative error of about 1e-6 (test_als_paths.cpp); any lambda'
// above it is used exactly as given.
constexpr double kRelativeRidgeFloor = 1e-10;
// Times the ridge is raised a hundredfold before a solve gives up (only a
// matrix with non-finite entries fails that often).
constexpr int kRidgeAttempts = 8;
// Largest diagonal entry of the push-through matrix K = I + Y L^-1 Y^T that
// solve_few accepts (its condition number is at most n times that).
constexpr double kMaxPushThroughDiagonal = 1e6;

inline double ridge_floor(double trace, int d) {
  const double floor = kRelativeRidgeFloor * (trace / d);
  return floor > 0.0 ? floor : 1.0;  // an all-zero Gram matrix: any ridge gives 0
}

// The ridge a row solve uses: lambda' for the factors, lambda_b' for the bias.
// When one is below the floor, the positive ones are scaled up together until
// the smallest reaches it (so a tiny lambda keeps its proportions and the
// solve tends to the same limit as the exact problem) and zeros become the
// floor (minimum-norm in those unknowns). Above the floor: unchanged.
struct Ridge {
  double factors, bias;
  Ridge(double reg, double reg_bias, bool biases, double floor) : factors(reg), bias(biases ? reg_bias : reg) {
    const double smallest_positive = factors > 0.0 && bias > 0.0 ? std::min(factors, bias) : std::max(factors, bias);
    const double scale = smallest_positive > 0.0 && smallest_positive < floor ? floor / smallest_positive : 1.0;
    factors = std::max(factors * scale, floor);
    bias = std::max(bias * scale, floor);
  }
};

// Factors the d x d system `a` by Cholesky after add_ridge(0) has put its
// ridge on the diagonal. A failed factorisation overwrites a, so each retry
// calls rebuild() and then add_ridge(extra) with a hundredfold larger extra
// ridge, starting at `floor`. Returns false after kRidgeAttempts retries
// (only a matrix with non-finite entries fails that often).
template <typename AddRidge, typename Rebuild>
bool factor_ridged(double* a, int d, double floor, AddRidge add_ridge, Rebuild rebuild) {
  double extra = 0.0;
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) {
      rebuild();
      extra = attempt == 1 ? floor : extra * 100.0;
    }
    add_ridge(extra);
    if (kernels::cholesky(a, d)) return true;
    if (attempt == kRidgeAttempts) return false;
  }
}

// Lower triangle of X^T X in double (X: rows x k floats, row-major) into g,
// in a fixed order; returns its trace.
inline double gram_lower(const float* x, std::size_t rows, int k, std::vector<double>& g, std::vector<double>& row) {
  g.assign(std::size_t(k) * k, 0.0);
  row.resize(k);
  for (std::size_t i = 0; i < rows; ++i) {
    const float* q = x + i * k;
    for (int f = 0; f < k; ++f) row[f] = q[f];
    for (int j = 0; j < k; ++j)
      for (int l = 0; l <= j; ++l) g[std::size_t(j) * k + l] += row[j] * row[l];
  }
  double trace = 0.0;
  for (int f = 0; f < k; ++f) trace += g[std::size_t(f) * k + f];
  return trace;
}

// Regularization weight of a row with `count` training ratings.
inline double row_scale(const TrainOptions& o, std::size_t count) {
  const bool by_count = o.algorithm == Algorithm::SGD || o.reg_scaling == RegScaling::Count;
  return by_count ? double(count) : 1.0;
}

// Solves one ALS row: the normal equations of als.hpp for the row's ratings
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
    const bool solved = n < std::size_t(d) && reg > 0.0 && (!biases || reg_bias > 0.0) &&
                        solve_few(cols, values, n, other, other_bias, mu, reg, reg_bias);
    if (!solved) solve_full(cols, values, n, other, other_bias, mu, reg, reg_bias);
    const int off = biases ? 1 : 0;
    if (biases) *out_bias = static_cast<float>(b[0]);
    for (int f = 0; f < k; ++f) out_vec[f] = static_cast<float>(b[off + f]);
  }

  // Accumulates the lower triangle of sum_r y_r y_r^T into a and sum_r t_r y_r
  // into b, four ratings at a time: a quarter of the loads and stores of a
  // one-at-a-time loop. The bracketing is explicit, so every compiler adds in
  // the same order. Returns the trace of a.
  double accumulate(const Index* cols, const float* values, std::size_t n, const float* other,
                    const float* other_bias, double mu) {
    std::fill(a.begin(), a.end(), 0.0);
    std::fill(b.begin(), b.end(), 0.0);
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
    double trace = 0.0;
    for (int j = 0; j < d; ++j) trace += a[std::size_t(j) * d + j];
    return trace;
  }

  // The d x d normal equations, factored by Cholesky. Each unknown's ridge is
  // at least ridge_floor(): with lambda' = 0 (or below the floor) the system
  // is singular or nearly so whenever the row has fewer ratings than unknowns
  // or they are collinear, and the floor then picks the minimum-norm solution
  // (up to rounding). Leaves the solution in b.
  void solve_full(const Index* cols, const float* values, std::size_t n, const float* other,
                  const float* other_bias, double mu, double reg, double reg_bias) {
    const double floor = ridge_floor(accumulate(cols, values, n, other, other_bias, mu), d);
    const int off = biases ? 1 : 0;
    const Ridge ridge(reg, reg_bias, biases, floor);
    const bool factored = factor_ridged(
        a.data(), d, floor,
        [&](double extra) {
          if (biases) a[0] += ridge.bias + extra;
          for (int f = off; f < d; ++f) a[std::size_t(f) * d + f] += ridge.factors + extra;
        },
        [&] { accumulate(cols, values, n, other, other_bias, mu); });
    if (factored)
      kernels::cholesky_solve(a.data(), d, b.data());
    else
      std::fill(b.begin(), b.end(), std::numeric_limits<double>::quiet_NaN());
  }

  // A row with fewer ratings n than unknowns d (most items of a long-tailed
  // catalogue) is solved through the push-through identity
  //   (L + Y^T Y)^-1 Y^T t = L^-1 Y^T (I + Y L^-1 Y^T)^-1 t,   L = diag(lambda_b', lambda', ...),
  // an n x n system instead of d x d: the same solution for a fraction of the
  // work. Needs L invertible (lambda > 0) and not tiny: when Y L^-1 Y^T
  // drowns the identity (a diagonal entry of K over kMaxPushThroughDiagonal)
  // K is as ill-conditioned as L is small, and its Cholesky can fail in
  // floating point although K is positive definite. Then it returns false and
  // the caller solves the d x d system. Leaves the solution in b.
  bool solve_few(const Index* cols, const float* values, std::size_t n, const float* other,
                 const float* other_bias, double mu, double reg, double reg_bias) {
    const int m = int(n);
    rows.resize(n * std::size_t(d));
    kernel.assign(n * n, 0.0);
    target.resize(n);
    inv_l.resize(d);
    for (int j = 0; j < d; ++j) inv_l[j] = 1.0 / reg;
    if (biases) inv_l[0] = 1.0 / reg_bias;
    for (int r = 0; r < m; ++r) {
      target[r] = load(0, cols[r], values[r], other, other_bias, mu);
      std::copy(y.begin(), y.begin() + d, rows.begin() + std::ptrdiff_t(r) * d);
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
    for (int r = 0; r < m; ++r)
      if (!(kernel[std::size_t(r) * n + r] <= kMaxPushThroughDiagonal)) return false;
    if (!kernels::cholesky(kernel.data(), m)) return false;
    kernels::cholesky_solve(kernel.data(), m, target.data());
    std::fill(b.begin(), b.end(), 0.0);
    for (int r = 0; r < m; ++r) {
      const double* sr = &scaled[std::size_t(r) * d];
      for (int j = 0; j < d; ++j) b[j] += sr[j] * target[r];
    }
    return true;
  }

  std::vector<double> rows, scaled, kernel, target, inv_l;  // solve_few workspace
};

// Missing-as-zero ALS: one shared Gram matrix G = Q^T Q + lambda I over every
// row of the other side, factored once (in a fixed order, on the calling
// thread); each row is then p = G^-1 sum_{i in I(u)} r_ui q_i, rows apart
// from each other: with a pool, contiguous ranges of rows run on its lanes,
// each with its own right-hand side, for the same bits. A lambda below the
// ridge floor is raised to it, as in RowSolver (lambda = 0 with more factors
// than rows on the other side makes Q^T Q singular).
inline void solve_zero_filled(const SparseRows& rows, const float* other, std::size_t n_other, int k,
                              double reg, float* out, ThreadPool* pool = nullptr) {
  std::vector<double> g, y;
  const double floor = ridge_floor(gram_lower(other, n_other, k, g, y), k);
  const double ridge = Ridge(reg, reg, false, floor).factors;
  const bool factored = factor_ridged(
      g.data(), k, floor, [&](double extra) { for (int f = 0; f < k; ++f) g[std::size_t(f) * k + f] += ridge + extra; },
      [&] { gram_lower(other, n_other, k, g, y); });
  if (!factored) {
    std::fill(out, out + rows.rows() * k, std::numeric_limits<float>::quiet_NaN());
    return;
  }
  auto solve_range = [&](std::size_t first, std::size_t last) {
    std::vector<double> b(k);
    for (std::size_t r = first; r < last; ++r) {
      std::fill(b.begin(), b.end(), 0.0);
      for (std::size_t e = rows.offsets[r]; e < rows.offsets[r + 1]; ++e) {
        const float* q = other + std::size_t(rows.cols[e]) * k;
        const double v = rows.values[e];
        for (int f = 0; f < k; ++f) b[f] += v * double(q[f]);
      }
      kernels::cholesky_solve(g.data(), k, b.data());
      for (int f = 0; f < k; ++f) out[r * k + f] = static_cast<float>(b[f]);
    }
  };
  // Per row: k multiply-adds an entry, about k^2 for the solve.
  if (pool)
    for_row_ranges(*pool, rows.offsets, [k](std::size_t n) { return double(n) + k; }, solve_range);
  else
    solve_range(0, rows.rows());
}

}  // namespace mf
