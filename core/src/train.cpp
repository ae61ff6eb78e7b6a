#include "mf/train.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>

#include "als_row.hpp"
#include "kernels.hpp"
#include "mf/error.hpp"

namespace mf {

#ifndef MF_PREFETCH
#define MF_PREFETCH 1
#endif
constexpr bool kPrefetch = MF_PREFETCH;

const char* to_string(Status s) { return s == Status::Ok ? "ok" : "diverged"; }

namespace {

double mean_rating(const Ratings& r) {
  double sum = 0.0;
  for (float v : r.value) sum += v;
  return r.size() ? sum / double(r.size()) : 0.0;
}

}  // namespace

Trainer::Trainer(const Dataset& data, Split split, const TrainOptions& options)
    : options_(options), split_(std::move(split)), rng_(options.seed) {
  validate(options_, data.n_users(), data.n_items());
  if (split_.train.size() == 0)
    fail(ErrorKind::InvalidArgument, "the training set is empty: nothing to learn from");
  const std::size_t nu = data.n_users(), ni = data.n_items();
  if (options_.memory_limit > 0) {
    const std::size_t need = training_memory_bytes(nu, ni, split_.train.size() + split_.test.size(), options_.factors);
    if (need > options_.memory_limit)
      fail(ErrorKind::Resource, "training needs about " + std::to_string((need >> 20) + 1) + " MiB (" +
                                    std::to_string(nu) + " users, " + std::to_string(ni) + " items, " +
                                    std::to_string(split_.train.size()) + " ratings, factors = " +
                                    std::to_string(options_.factors) + "), over the memory limit of " +
                                    std::to_string(options_.memory_limit >> 20) + " MiB");
  }
  for (std::size_t k = 0; k < split_.train.size(); ++k)
    if (split_.train.user[k] >= nu || split_.train.item[k] >= ni)
      fail(ErrorKind::InvalidArgument, "the split does not belong to this dataset (index out of range)");
  by_user_ = rows_by_user(split_.train, nu);
  by_item_ = rows_by_item(split_.train, ni);

  Model& m = model_;
  m.users = data.users;
  m.items = data.items;
  m.scale = data.scale;
  m.options = options_;
  m.factors = options_.factors;
  m.global_mean = static_cast<float>(mean_rating(split_.train));
  const int k = m.factors;
  m.user_count.resize(nu);
  m.item_count.resize(ni);
  for (std::size_t u = 0; u < nu; ++u) m.user_count[u] = static_cast<std::uint32_t>(by_user_.count(u));
  for (std::size_t i = 0; i < ni; ++i) m.item_count[i] = static_cast<std::uint32_t>(by_item_.count(i));
  m.user_bias.assign(nu, 0.0f);
  m.item_bias.assign(ni, 0.0f);
  m.user_factors.resize(nu * k);
  m.item_factors.resize(ni * k);
  // Rows without training ratings stay zero: they carry no information.
  for (std::size_t u = 0; u < nu; ++u)
    for (int f = 0; f < k; ++f)
      m.user_factors[u * k + f] = static_cast<float>(options_.init_std * rng_.normal()) * (m.user_count[u] > 0);
  for (std::size_t i = 0; i < ni; ++i)
    for (int f = 0; f < k; ++f)
      m.item_factors[i * k + f] = static_cast<float>(options_.init_std * rng_.normal()) * (m.item_count[i] > 0);
  order_.resize(split_.train.size());
  for (std::size_t r = 0; r < order_.size(); ++r)
    order_[r] = {split_.train.user[r], split_.train.item[r], split_.train.value[r]};
}

void Trainer::als_solve_users() {
  Model& m = model_;
  if (options_.missing_as_zero) {
    solve_zero_filled(by_user_, m.item_factors.data(), m.n_items(), m.factors, options_.reg_user,
                      m.user_factors.data());
    return;
  }
  RowSolver solver(m.factors, options_.biases);
  for (std::size_t u = 0; u < by_user_.rows(); ++u) {
    const std::size_t begin = by_user_.offsets[u], n = by_user_.count(u);
    const double s = row_scale(options_, n);
    solver.solve(by_user_.cols.data() + begin, by_user_.values.data() + begin, n,
                 m.item_factors.data(), m.item_bias.data(), m.global_mean, options_.reg_user * s,
                 options_.reg_user_bias * s, m.user_factors.data() + u * m.factors, &m.user_bias[u]);
  }
}

void Trainer::als_solve_items() {
  Model& m = model_;
  if (options_.missing_as_zero) {
    solve_zero_filled(by_item_, m.user_factors.data(), m.n_users(), m.factors, options_.reg_item,
                      m.item_factors.data());
    return;
  }
  RowSolver solver(m.factors, options_.biases);
  for (std::size_t i = 0; i < by_item_.rows(); ++i) {
    const std::size_t begin = by_item_.offsets[i], n = by_item_.count(i);
    const double s = row_scale(options_, n);
    solver.solve(by_item_.cols.data() + begin, by_item_.values.data() + begin, n,
                 m.user_factors.data(), m.user_bias.data(), m.global_mean, options_.reg_item * s,
                 options_.reg_item_bias * s, m.item_factors.data() + i * m.factors, &m.item_bias[i]);
  }
}

void Trainer::sgd_epoch() {
  Model& m = model_;
  shuffle(order_, rng_);
  const int k = m.factors;
  const bool biases = options_.biases;
  const float lr = static_cast<float>(options_.learning_rate);
  const float reg_u = static_cast<float>(options_.reg_user), reg_i = static_cast<float>(options_.reg_item);
  const float reg_ub = static_cast<float>(options_.reg_user_bias);
  const float reg_ib = static_cast<float>(options_.reg_item_bias);
  const float mu = m.global_mean;
  float* P = m.user_factors.data();
  float* Q = m.item_factors.data();
  float* bu = m.user_bias.data();
  float* bi = m.item_bias.data();
  const std::size_t n = order_.size();
  for (std::size_t idx = 0; idx < n; ++idx) {
    const Entry& r = order_[idx];
    const Index u = r.user, i = r.item;
    // The visiting order is random, so the item rows come from all over memory:
    // ask for the rows of a few ratings ahead (a no-op where unsupported).
    if (kPrefetch && idx + 8 < n) {
      const float* ahead = Q + std::size_t(order_[idx + 8].item) * k;
      for (int f = 0; f < k; f += 16) __builtin_prefetch(ahead + f);
      __builtin_prefetch(P + std::size_t(order_[idx + 8].user) * k);
    }
    // p and q are rows of different matrices: tell the compiler they never alias.
    float* __restrict p = P + std::size_t(u) * k;
    float* __restrict q = Q + std::size_t(i) * k;
    const float dot = kernels::dot(p, q, k);
    const float pred = biases ? ((mu + bu[u]) + bi[i]) + dot : dot;
    const float e = r.value - pred;
    if (biases) {
      bu[u] += lr * (e - reg_ub * bu[u]);
      bi[i] += lr * (e - reg_ib * bi[i]);
    }
    for (int f = 0; f < k; ++f) {
      const float pf = p[f], qf = q[f];
      p[f] = pf + lr * (e * qf - reg_u * pf);
      q[f] = qf + lr * (e * pf - reg_i * qf);
    }
  }
}

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
// sum_jl (P^T P)_jl (Q^T Q)_jl, so no loop over the whole matrix is needed.
double zero_filled_error(const Model& m, const Ratings& train) {
  const int k = m.factors;
  double loss = 0.0;
  for (std::size_t r = 0; r < train.size(); ++r) {
    const double pq = raw_score(m, train.user[r], train.item[r]);
    const double e = double(train.value[r]) - pq;
    loss += e * e - pq * pq;
  }
  std::vector<double> pp(std::size_t(k) * k, 0.0), qq(std::size_t(k) * k, 0.0);
  auto gram = [k](const std::vector<float>& x, std::size_t rows, std::vector<double>& g) {
    for (std::size_t r = 0; r < rows; ++r)
      for (int j = 0; j < k; ++j)
        for (int l = 0; l < k; ++l) g[std::size_t(j) * k + l] += double(x[r * k + j]) * x[r * k + l];
  };
  gram(m.user_factors, m.n_users(), pp);
  gram(m.item_factors, m.n_items(), qq);
  for (std::size_t e = 0; e < pp.size(); ++e) loss += pp[e] * qq[e];
  return loss;
}

// One pass over the training ratings: metrics of the clipped predictions and
// the squared error of the unclipped ones (the loss, and the divergence check).
struct TrainPass {
  Metrics metrics;
  double raw_squared_error = 0.0;
};

TrainPass score_training(const Model& m, const Ratings& train) {
  TrainPass out;
  out.metrics.count = train.size();
  double se = 0.0, ae = 0.0, raw = 0.0;
  const float lo = m.scale.min, hi = m.scale.max;
  for (std::size_t r = 0; r < train.size(); ++r) {
    const float score = raw_score(m, train.user[r], train.item[r]);
    const double raw_e = double(train.value[r]) - double(score);
    raw += raw_e * raw_e;
    const double e = double(train.value[r]) - double(std::min(std::max(score, lo), hi));
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

double objective(const Model& m, const Ratings& train, const TrainOptions& o) {
  double error = 0.0;
  if (o.missing_as_zero) {
    error = zero_filled_error(m, train);
  } else {
    for (std::size_t r = 0; r < train.size(); ++r) {
      const double e = double(train.value[r]) - double(raw_score(m, train.user[r], train.item[r]));
      error += e * e;
    }
  }
  return error + penalty(m, o);
}

double Trainer::objective() const { return mf::objective(model_, split_.train, options_); }

StepResult Trainer::step() {
  if (diverged_) return history_.back();
  const std::vector<float> saved_p = model_.user_factors, saved_q = model_.item_factors;
  const std::vector<float> saved_bu = model_.user_bias, saved_bi = model_.item_bias;

  const auto start = std::chrono::steady_clock::now();
  if (options_.algorithm == Algorithm::ALS) {
    als_solve_users();
    als_solve_items();
  } else {
    sgd_epoch();
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  StepResult result = evaluate_step(ms);
  if (result.status == Status::Diverged) {
    model_.user_factors = saved_p;
    model_.item_factors = saved_q;
    model_.user_bias = saved_bu;
    model_.item_bias = saved_bi;
    diverged_ = true;
    // Report the metrics of the model that is kept, never those of the wreck.
    result.objective = objective();
    result.train = evaluate(model_, split_.train);
    result.test = evaluate(model_, split_.test);
  }
  history_.push_back(result);
  return result;
}

StepResult Trainer::evaluate_step(double ms) {
  StepResult r;
  r.epoch = epoch() + 1;
  r.ms = ms;
  // A model can explode while its clipped predictions still look fine: the
  // divergence check reads the unclipped error.
  const TrainPass pass = score_training(model_, split_.train);
  r.objective = (options_.missing_as_zero ? zero_filled_error(model_, split_.train) : pass.raw_squared_error) +
                penalty(model_, options_);
  const double raw_mse = pass.raw_squared_error / double(split_.train.size());
  const double range = double(model_.scale.max) - double(model_.scale.min);
  const double limit = 100.0 * range * range;
  if (!std::isfinite(r.objective) || !std::isfinite(raw_mse) || raw_mse > limit) {
    std::ostringstream os;
    os << "training diverged at iteration " << r.epoch << ": ";
    if (!std::isfinite(raw_mse) || !std::isfinite(r.objective))
      os << "the model's values became infinite or NaN";
    else
      os << "the unclipped training MSE reached " << raw_mse << " (limit " << limit << ")";
    if (options_.algorithm == Algorithm::SGD)
      os << "; try a smaller learning rate (now " << options_.learning_rate << ")";
    else
      os << "; try a larger regularization";
    os << ". The model of iteration " << r.epoch - 1 << " is kept.";
    r.status = Status::Diverged;
    r.message = os.str();
    return r;
  }
  r.train = pass.metrics;
  r.test = evaluate(model_, split_.test);
  return r;
}

}  // namespace mf
