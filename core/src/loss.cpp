#include "loss.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "als_row.hpp"
#include "fixed_factors.hpp"
#include "kernels.hpp"
#include "mf/ials.hpp"
#include "mf/train.hpp"

namespace mf {

namespace {

// Regularization part of the loss: sum over rows of scale * (lambda |v|^2 + lambda_b b^2).
double penalty(const Model& m, const TrainOptions& o) {
  const int k = m.factors;
  auto side = [&](const std::vector<float>& vecs, const std::vector<float>& bias,
                  const std::vector<std::uint32_t>& count, double reg, double reg_bias) {
    double sum = 0.0;
    for (std::size_t r = 0; r < count.size(); ++r) {
      const double s = o.missing_as_zero ? 1.0 : row_scale(o, count[r]);
      double sq = 0.0;
      for (int f = 0; f < k; ++f) sq += double(vecs[r * k + f]) * vecs[r * k + f];
      sum += s * reg * sq;
      if (o.biases) sum += s * reg_bias * double(bias[r]) * bias[r];
    }
    return sum;
  };
  return side(m.user_factors, m.user_bias, m.user_count, o.reg_user, o.reg_user_bias) +
         side(m.item_factors, m.item_bias, m.item_count, o.reg_item, o.reg_item_bias);
}

// Squared error of the missing-as-zero fit: observed cells count (r - p.q)^2,
// every other cell (0 - p.q)^2. The sum over all cells of (p_u . q_i)^2 is
// sum_jl (P^T P)_jl (Q^T Q)_jl, so no loop over the whole matrix is needed;
// the unobserved part is that sum minus the observed cells' (p.q)^2. Every
// product is taken in double, so the subtraction loses at most about 1e-16 of
// the total (float scores lost 1e-7 and could make a near-exact fit's
// objective negative), and the part, a sum of squares, is never below 0.
double zero_filled_error(const Model& m, const Ratings& train) {
  double observed = 0.0, observed_pq2 = 0.0;
  for (std::size_t r = 0; r < train.size(); ++r) {
    const double pq = score_in_double(m, train.user[r], train.item[r]);
    const double e = double(train.value[r]) - pq;
    observed += e * e;
    observed_pq2 += pq * pq;
  }
  // Not std::max: a NaN must reach the divergence check.
  const double unobserved = all_pairs_squared_score(m) - observed_pq2;
  return observed + (unobserved < 0.0 ? 0.0 : unobserved);
}

// K > 0: the factor count fixed at compile time. The score is raw_score's
// (model.cpp), computed inline: the call per rating cost more than the sum.
template <int K>
__attribute__((noinline)) TrainPass score_training_k(const Model& m, const Ratings& train) {
  TrainPass out;
  out.metrics.count = train.size();
  double se = 0.0, ae = 0.0, raw = 0.0;
  const float lo = m.scale.min, hi = m.scale.max;
  const int k = K > 0 ? K : m.factors;
  const float* P = m.user_factors.data();
  const float* Q = m.item_factors.data();
  const float* bu = m.user_bias.data();
  const float* bi = m.item_bias.data();
  const float mu = m.global_mean;
  const bool biases = m.options.biases;
  const Index* users = train.user.data();
  const Index* items = train.item.data();
  const float* values = train.value.data();
  for (std::size_t r = 0; r < train.size(); ++r) {
    const Index u = users[r], i = items[r];
    const float dot = kernels::dot_k<K, false>(P + std::size_t(u) * k, Q + std::size_t(i) * k, k);
    const float score = biases ? ((mu + bu[u]) + bi[i]) + dot : dot;
    const double raw_e = double(values[r]) - double(score);
    raw += raw_e * raw_e;
    const double e = double(values[r]) - double(std::min(std::max(score, lo), hi));
    se += e * e;
    ae += std::fabs(e);
  }
  const double n = double(train.size());
  out.metrics.mse = se / n;
  out.metrics.rmse = std::sqrt(out.metrics.mse);
  out.metrics.mae = ae / n;
  out.raw_squared_error = raw;
  return out;
}

}  // namespace

double score_in_double(const Model& m, Index u, Index i) {
  const float* p = m.user_vector(u);
  const float* q = m.item_vector(i);
  double s = 0.0;
  for (int f = 0; f < m.factors; ++f) s += double(p[f]) * double(q[f]);
  return s;
}

double all_pairs_squared_score(const Model& m) {
  const int k = m.factors;
  std::vector<double> pp, qq, scratch;
  gram_lower(m.user_factors.data(), m.n_users(), k, pp, scratch);
  gram_lower(m.item_factors.data(), m.n_items(), k, qq, scratch);
  // Symmetric: the lower triangle twice, the diagonal once.
  double sum = 0.0;
  for (int j = 0; j < k; ++j)
    for (int l = 0; l <= j; ++l) sum += (j == l ? 1.0 : 2.0) * pp[std::size_t(j) * k + l] * qq[std::size_t(j) * k + l];
  return sum;
}

TrainPass score_training(const Model& m, const Ratings& train) {
  return with_fixed_factors(m.factors, [&](auto fixed) { return score_training_k<decltype(fixed)::value>(m, train); });
}

double regularized_loss(const Model& m, const Ratings& train, const TrainOptions& o, double raw_squared_error) {
  return (o.missing_as_zero ? zero_filled_error(m, train) : raw_squared_error) + penalty(m, o);
}

double objective(const Model& m, const Ratings& train, const TrainOptions& o) {
  if (!predicts_ratings(o.algorithm)) return implicit_objective(m, train, o);
  const double observed = o.missing_as_zero ? 0.0 : score_training(m, train).raw_squared_error;
  return regularized_loss(m, train, o, observed);
}

}  // namespace mf
