#include "mf/train.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <sstream>
#include <type_traits>

#include "als_row.hpp"
#include "kernels.hpp"
#include "mf/error.hpp"

namespace mf {

#ifndef MF_PREFETCH
#define MF_PREFETCH 1
#endif
constexpr bool kPrefetch = MF_PREFETCH;
// Ratings ahead whose rows SGD prefetches: far enough to cover a miss to the
// shared L3 when other tenants load it (on this shared machine 16 was never
// worse than 8 and sometimes much better; the figures drift too much to say more).
#ifndef MF_PREFETCH_DISTANCE
#define MF_PREFETCH_DISTANCE 16
#endif
constexpr std::size_t kPrefetchDistance = MF_PREFETCH_DISTANCE;

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

namespace {

// Calls f(std::integral_constant<int, K>{}) with K = k for the factor counts
// that get fixed-size loops (the page's and the benchmark's; measured about
// 10 % faster than the run-time count at k = 40), K = 0 for the rest.
template <typename F>
decltype(auto) with_fixed_factors(int k, F&& f) {
  switch (k) {
    case 10: return f(std::integral_constant<int, 10>{});
    case 20: return f(std::integral_constant<int, 20>{});
    case 40: return f(std::integral_constant<int, 40>{});
    case 50: return f(std::integral_constant<int, 50>{});
    case 100: return f(std::integral_constant<int, 100>{});
    default: return f(std::integral_constant<int, 0>{});
  }
}

struct SgdConstants {
  float mu, lr;
  float keep_u, keep_i, keep_ub, keep_ib;  // 1 - eta lambda
  bool biases;
};

// One pass of SGD over `order`. K > 0: the factor count fixed at compile time
// (unrolled loops); Aligned: factor rows are 16-byte aligned (K % 4 == 0 and
// aligned arrays), so SSE folds the loads into the arithmetic.
// Never inlined: each instantiation stays a small function of its own (V8
// compiles and optimizes wasm function by function, so only the one in use
// is compiled by its optimizing tier, and quickly).
template <int K, bool Aligned, typename E>
__attribute__((noinline)) void sgd_pass(const E* order, std::size_t n, int k, float* P, float* Q, float* bu, float* bi,
              const SgdConstants constants) {
  if (K > 0) k = K;
  // A local copy: stores to the factor rows cannot touch it, so the compiler
  // keeps the constants in registers instead of reloading them every rating.
  const SgdConstants c = constants;
  const std::size_t row_bytes = std::size_t(k) * sizeof(float);
  for (std::size_t idx = 0; idx < n; ++idx) {
    const E& r = order[idx];
    const Index u = r.user, i = r.item;
    // The visiting order is random, so the rows come from all over memory:
    // ask for the rows of a rating a few steps ahead (a no-op in wasm).
    if (kPrefetch && idx + kPrefetchDistance < n) {
      const char* q_ahead = reinterpret_cast<const char*>(Q + std::size_t(order[idx + kPrefetchDistance].item) * k);
      const char* p_ahead = reinterpret_cast<const char*>(P + std::size_t(order[idx + kPrefetchDistance].user) * k);
      // Every cache line of the row, and no address past its last byte.
      for (std::size_t b = 0; b < row_bytes; b += 64) __builtin_prefetch(q_ahead + b);
      __builtin_prefetch(q_ahead + row_bytes - 1);
      __builtin_prefetch(p_ahead);
      __builtin_prefetch(p_ahead + row_bytes - 1);
    }
    float* p = P + std::size_t(u) * k;
    float* q = Q + std::size_t(i) * k;
    const float dot = kernels::dot_k<K, Aligned>(p, q, k);
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    // gcc would keep all of p and q in registers from the dot product to the
    // update, run out of SSE registers and spill them to the stack; reading
    // them again from L1 is cheaper.
    asm volatile("" ::: "memory");
#endif
    const float pred = c.biases ? ((c.mu + bu[u]) + bi[i]) + dot : dot;
    const float g = c.lr * (r.value - pred);
    if (c.biases) {
      bu[u] = c.keep_ub * bu[u] + g;
      bi[i] = c.keep_ib * bi[i] + g;
    }
    kernels::sgd_rows<K, Aligned>(p, q, k, c.keep_u, c.keep_i, g);
  }
}

}  // namespace

void Trainer::sgd_epoch() {
  Model& m = model_;
  shuffle(order_, rng_);
  const int k = m.factors;
  const float lr = static_cast<float>(options_.learning_rate);
  auto keep = [lr](double reg) { return 1.0f - lr * static_cast<float>(reg); };
  const SgdConstants c{m.global_mean,          lr,
                       keep(options_.reg_user), keep(options_.reg_item),
                       keep(options_.reg_user_bias), keep(options_.reg_item_bias),
                       options_.biases};
  float* P = m.user_factors.data();
  float* Q = m.item_factors.data();
  float* bu = m.user_bias.data();
  float* bi = m.item_bias.data();
  const std::size_t n = order_.size();
  const Entry* o = order_.data();
  const bool aligned = kernels::kAlignedLoadsMatter && k % 4 == 0 &&
                       reinterpret_cast<std::uintptr_t>(P) % 16 == 0 &&
                       reinterpret_cast<std::uintptr_t>(Q) % 16 == 0;
  with_fixed_factors(k, [&](auto fixed) {
    constexpr int K = decltype(fixed)::value;
    if (aligned) sgd_pass<K, true>(o, n, k, P, Q, bu, bi, c);
    else sgd_pass<K, false>(o, n, k, P, Q, bu, bi, c);
  });
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
// sum_jl (P^T P)_jl (Q^T Q)_jl, so no loop over the whole matrix is needed;
// the unobserved part is that sum minus the observed cells' (p.q)^2. Every
// product is taken in double, so the subtraction loses at most about 1e-16 of
// the total (float scores lost 1e-7 and could make a near-exact fit's
// objective negative), and the part, a sum of squares, is never below 0.
double zero_filled_error(const Model& m, const Ratings& train) {
  const int k = m.factors;
  double observed = 0.0, observed_pq2 = 0.0;
  for (std::size_t r = 0; r < train.size(); ++r) {
    const float* p = m.user_vector(train.user[r]);
    const float* q = m.item_vector(train.item[r]);
    double pq = 0.0;
    for (int f = 0; f < k; ++f) pq += double(p[f]) * double(q[f]);
    const double e = double(train.value[r]) - pq;
    observed += e * e;
    observed_pq2 += pq * pq;
  }
  std::vector<double> pp(std::size_t(k) * k, 0.0), qq(std::size_t(k) * k, 0.0);
  auto gram = [k](const std::vector<float>& x, std::size_t rows, std::vector<double>& g) {
    for (std::size_t r = 0; r < rows; ++r)
      for (int j = 0; j < k; ++j)
        for (int l = 0; l < k; ++l) g[std::size_t(j) * k + l] += double(x[r * k + j]) * x[r * k + l];
  };
  gram(m.user_factors, m.n_users(), pp);
  gram(m.item_factors, m.n_items(), qq);
  double all_pq2 = 0.0;
  for (std::size_t e = 0; e < pp.size(); ++e) all_pq2 += pp[e] * qq[e];
  // Not std::max: a NaN must reach the divergence check.
  const double unobserved = all_pq2 - observed_pq2;
  return observed + (unobserved < 0.0 ? 0.0 : unobserved);
}

// One pass over the training ratings: metrics of the clipped predictions and
// the squared error of the unclipped ones (the loss, and the divergence check).
struct TrainPass {
  Metrics metrics;
  double raw_squared_error = 0.0;
};

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

TrainPass score_training(const Model& m, const Ratings& train) {
  return with_fixed_factors(m.factors, [&](auto fixed) { return score_training_k<decltype(fixed)::value>(m, train); });
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
  // The model before the step, kept to roll back a divergence; the buffers
  // are reused from step to step (no allocation after the first).
  saved_.user_factors = model_.user_factors;
  saved_.item_factors = model_.item_factors;
  saved_.user_bias = model_.user_bias;
  saved_.item_bias = model_.item_bias;

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
    model_.user_factors = saved_.user_factors;
    model_.item_factors = saved_.item_factors;
    model_.user_bias = saved_.user_bias;
    model_.item_bias = saved_.item_bias;
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
