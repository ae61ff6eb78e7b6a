#include "mf/ials.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "als_row.hpp"
#include "kernels.hpp"
#include "loss.hpp"

namespace mf {

double implicit_extra_confidence(const TrainOptions& o, float r) {
  if (!(double(r) >= o.positive_threshold)) return -1.0;
  switch (o.confidence) {
    case Confidence::Constant: return o.alpha;
    case Confidence::Rating: return o.alpha * double(r);
    case Confidence::Log: return o.alpha * std::log1p(double(r) / o.epsilon);
  }
  return o.alpha;
}

namespace {

// The positives of `train` and their c - 1, as coordinates.
Ratings positives(const TrainOptions& o, const Ratings& train) {
  Ratings p;
  for (std::size_t k = 0; k < train.size(); ++k) {
    const double extra = implicit_extra_confidence(o, train.value[k]);
    if (extra >= 0.0) p.push_back(train.user[k], train.item[k], float(extra));
  }
  return p;
}

// Solves one row: A x = b with
//   A = G + sum_e extra_e y_e y_e^T + lambda_r I,  b = sum_e (1 + extra_e) y_e,
// G the other side's Gram matrix (lower triangle), y_e its rows.
class RowSystem {
 public:
  RowSystem(int k, const std::vector<double>& gram, const float* other) : k_(k), gram_(gram), other_(other) {
    full_ = gram;
    for (int j = 0; j < k; ++j)
      for (int l = 0; l < j; ++l) full_[std::size_t(l) * k + j] = gram[std::size_t(j) * k + l];
    a_.resize(std::size_t(k) * k);
    b_.resize(k);
    x_.resize(k);
    r_.resize(k);
    p_.resize(k);
    ap_.resize(k);
    y_.resize(k);
  }

  // Sets b and the row's lambda_r = lambda * (n_other + sum extra)^nu, or
  // (by_count: reg_scaling Count, as Spark's ALS) lambda * n.
  void prepare(const Index* cols, const float* extra, std::size_t n, double lambda, double nu, std::size_t n_other,
               bool by_count) {
    cols_ = cols;
    extra_ = extra;
    n_ = n;
    std::fill(b_.begin(), b_.end(), 0.0);
    double total = double(n_other);
    for (std::size_t e = 0; e < n; ++e) {
      const float* y = other_ + std::size_t(cols[e]) * k_;
      const double c = 1.0 + double(extra[e]);
      for (int f = 0; f < k_; ++f) b_[f] += c * double(y[f]);
      total += double(extra[e]);
    }
    lambda_ = by_count ? lambda * double(n) : nu == 0.0 ? lambda : lambda * std::pow(total, nu);
  }

  // Exactly, by Cholesky (the ridge floor of als_row.hpp when lambda_r is tiny).
  void solve_exact(float* out) {
    const double floor = ridge_floor(build(), k_);
    const double ridge = Ridge(lambda_, lambda_, false, floor).factors;
    const bool ok = factor_ridged(
        a_.data(), k_, floor, [&](double extra) { for (int f = 0; f < k_; ++f) a_[std::size_t(f) * k_ + f] += ridge + extra; },
        [&] { build(); });
    if (!ok) {
      std::fill(out, out + k_, std::numeric_limits<float>::quiet_NaN());
      return;
    }
    x_ = b_;
    kernels::cholesky_solve(a_.data(), k_, x_.data());
    for (int f = 0; f < k_; ++f) out[f] = float(x_[f]);
  }

  // `steps` steps of conjugate gradient from the row's current value `out`.
  void solve_cg(float* out, int steps) {
    for (int f = 0; f < k_; ++f) x_[f] = out[f];
    multiply(x_, r_);
    double rr = 0.0;
    for (int f = 0; f < k_; ++f) {
      r_[f] = b_[f] - r_[f];
      p_[f] = r_[f];
      rr += r_[f] * r_[f];
    }
    for (int s = 0; s < steps && rr > 0.0; ++s) {
      multiply(p_, ap_);
      double pap = 0.0;
      for (int f = 0; f < k_; ++f) pap += p_[f] * ap_[f];
      if (!(pap > 0.0)) break;
      const double step = rr / pap;
      double next = 0.0;
      for (int f = 0; f < k_; ++f) {
        x_[f] += step * p_[f];
        r_[f] -= step * ap_[f];
        next += r_[f] * r_[f];
      }
      const double beta = next / rr;
      for (int f = 0; f < k_; ++f) p_[f] = r_[f] + beta * p_[f];
      rr = next;
    }
    for (int f = 0; f < k_; ++f) out[f] = float(x_[f]);
  }

 private:
  // a = G + sum_e extra_e y_e y_e^T (lower triangle); returns its trace.
  double build() {
    std::copy(gram_.begin(), gram_.end(), a_.begin());
    for (std::size_t e = 0; e < n_; ++e) {
      const float* y = other_ + std::size_t(cols_[e]) * k_;
      for (int f = 0; f < k_; ++f) y_[f] = y[f];
      const double w = extra_[e];
      for (int j = 0; j < k_; ++j) {
        const double wy = w * y_[j];
        double* row = a_.data() + std::size_t(j) * k_;
        for (int l = 0; l <= j; ++l) row[l] += wy * y_[l];
      }
    }
    double trace = 0.0;
    for (int f = 0; f < k_; ++f) trace += a_[std::size_t(f) * k_ + f];
    return trace;
  }

  // out = A v without forming A: G v + sum_e extra_e (y_e . v) y_e + lambda_r v
  // (G is symmetric: row j of its full form is its column j).
  void multiply(const std::vector<double>& v, std::vector<double>& out) const {
    for (int j = 0; j < k_; ++j) out[j] = kernels::dot(&full_[std::size_t(j) * k_], v.data(), k_) + lambda_ * v[j];
    for (std::size_t e = 0; e < n_; ++e) {
      const float* y = other_ + std::size_t(cols_[e]) * k_;
      double yv = 0.0;
      for (int f = 0; f < k_; ++f) yv += double(y[f]) * v[f];
      const double w = double(extra_[e]) * yv;
      for (int f = 0; f < k_; ++f) out[f] += w * double(y[f]);
    }
  }

  int k_;
  const std::vector<double>& gram_;
  const float* other_;
  const Index* cols_ = nullptr;
  const float* extra_ = nullptr;
  std::size_t n_ = 0;
  double lambda_ = 0.0;
  std::vector<double> full_, a_, b_, x_, r_, p_, ap_, y_;
};

}  // namespace

IalsSolver::IalsSolver(const TrainOptions& options, const Ratings& train, std::size_t n_users, std::size_t n_items)
    : Solver("try a larger regularization", options), options_(options) {
  const Ratings p = positives(options, train);
  by_user_ = rows_by_user(p, n_users);
  by_item_ = rows_by_item(p, n_items);
}

double IalsSolver::memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
                                std::size_t n_ratings) {
  const double layouts = 3.0 * double(n_ratings) * double(sizeof(Index) + sizeof(float)) +
                         (double(n_users) + double(n_items) + 2.0) * double(sizeof(std::size_t));
  // The Gram matrix, and each lane's RowSystem.
  const double k = double(options.factors);
  return layouts + k * k * 8 + (k * k * 8 * 2 + k * 8 * 8) * double(resolved_threads(options));
}

void IalsSolver::step(Model& m, Rng&) {
  solve_side(by_user_, m.item_factors.data(), m.n_items(), options_.reg_user, m.user_factors.data());
  solve_side(by_item_, m.user_factors.data(), m.n_users(), options_.reg_item, m.item_factors.data());
}

void IalsSolver::solve_side(const SparseRows& rows, const float* other, std::size_t n_other, double lambda,
                            float* out) const {
  const int k = options_.factors;
  std::vector<double> gram, scratch;
  gram_lower(other, n_other, k, gram, scratch);  // once, in row order, on this thread
  const bool exact = options_.solver == ImplicitSolver::Cholesky;
  // Per row beyond its positives: the k x k product with G of each CG step,
  // or the Cholesky factorisation, in units of one positive (k^2 / 2 or
  // cg_steps * 2k operations).
  const double fixed = exact ? double(k) / 3 + 2 : double(k) / 2;
  const auto cost = [fixed](std::size_t n) { return double(n) + fixed; };
  const bool by_count = options_.reg_scaling == RegScaling::Count;
  for_row_ranges(pool(), rows.offsets, cost, [&](std::size_t first, std::size_t last) {
    RowSystem system(k, gram, other);
    for (std::size_t r = first; r < last; ++r) {
      const std::size_t begin = rows.offsets[r], n = rows.count(r);
      system.prepare(rows.cols.data() + begin, rows.values.data() + begin, n, lambda, options_.reg_exponent, n_other,
                     by_count);
      if (exact)
        system.solve_exact(out + r * k);
      else
        system.solve_cg(out + r * k, options_.cg_steps);
    }
  });
}

namespace {

// The penalty of reg_scaling Count: sum_r lambda * |P(r)| * |x_r|^2 on both sides.
double count_penalty(const Model& m, const Ratings& positives, const TrainOptions& o) {
  std::vector<double> user_n(m.n_users(), 0.0), item_n(m.n_items(), 0.0);
  for (std::size_t e = 0; e < positives.size(); ++e) {
    user_n[positives.user[e]] += 1.0;
    item_n[positives.item[e]] += 1.0;
  }
  auto side = [&](const std::vector<float>& v, const std::vector<double>& n, double lambda) {
    double sum = 0.0;
    for (std::size_t r = 0; r < n.size(); ++r)
      for (int f = 0; f < m.factors; ++f) sum += lambda * n[r] * double(v[r * m.factors + f]) * double(v[r * m.factors + f]);
    return sum;
  };
  return side(m.user_factors, user_n, o.reg_user) + side(m.item_factors, item_n, o.reg_item);
}

}  // namespace

double implicit_objective(const Model& m, const Ratings& train, const TrainOptions& o) {
  const int k = m.factors;
  const Ratings p = positives(o, train);
  // Per row: its total confidence beyond 1 (for lambda_r) ...
  std::vector<double> user_extra(m.n_users(), 0.0), item_extra(m.n_items(), 0.0);
  // ... and over the positives, sum c (1 - s)^2 and sum s^2.
  double fit = 0.0, positive_s2 = 0.0;
  for (std::size_t e = 0; e < p.size(); ++e) {
    const double s = score_in_double(m, p.user[e], p.item[e]);
    const double c = 1.0 + double(p.value[e]);
    fit += c * (1.0 - s) * (1.0 - s);
    positive_s2 += s * s;
    user_extra[p.user[e]] += p.value[e];
    item_extra[p.item[e]] += p.value[e];
  }
  const double unobserved = all_pairs_squared_score(m) - positive_s2;  // not std::max: NaN must show
  auto penalty = [&](const std::vector<float>& v, const std::vector<double>& extra, double lambda, std::size_t n_other) {
    double sum = 0.0;
    for (std::size_t r = 0; r < extra.size(); ++r) {
      double sq = 0.0;
      for (int f = 0; f < k; ++f) sq += double(v[r * k + f]) * double(v[r * k + f]);
      const double total = double(n_other) + extra[r];
      sum += (o.reg_exponent == 0.0 ? lambda : lambda * std::pow(total, o.reg_exponent)) * sq;
    }
    return sum;
  };
  const double penalties = o.reg_scaling == RegScaling::Count
                              ? count_penalty(m, p, o)
                              : penalty(m.user_factors, user_extra, o.reg_user, m.n_items()) +
                                    penalty(m.item_factors, item_extra, o.reg_item, m.n_users());
  return fit + (unobserved < 0.0 ? 0.0 : unobserved) + penalties;
}

std::vector<float> implicit_user_vector(const Model& m, const SparseRows& positives) {
  const int k = m.factors;
  std::vector<double> gram, scratch;
  gram_lower(m.item_factors.data(), m.n_items(), k, gram, scratch);
  RowSystem system(k, gram, m.item_factors.data());
  const TrainOptions& o = m.options;
  system.prepare(positives.cols.data(), positives.values.data(), positives.cols.size(), o.reg_user, o.reg_exponent,
                 m.n_items(), o.reg_scaling == RegScaling::Count);
  std::vector<float> x(k, 0.0f);
  system.solve_exact(x.data());
  return x;
}

}  // namespace mf
