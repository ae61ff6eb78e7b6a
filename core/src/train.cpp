#include "mf/train.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <sstream>

#include "loss.hpp"
#include "mf/error.hpp"

namespace mf {

const char* to_string(Status s) { return s == Status::Ok ? "ok" : "diverged"; }

namespace {

double mean_rating(const Ratings& r) {
  double sum = 0.0;
  for (float v : r.value) sum += v;
  return r.size() ? sum / double(r.size()) : 0.0;
}

// Training ratings per row: index[k] names the row of rating k.
std::vector<std::uint32_t> count_per_row(const std::vector<Index>& index, std::size_t rows) {
  std::vector<std::uint32_t> count(rows, 0);
  for (Index r : index) ++count[r];
  return count;
}

// Rows without training ratings stay zero: they carry no information.
void init_factors(std::vector<float>& factors, const std::vector<std::uint32_t>& count, int k, double init_std,
                  Rng& rng) {
  factors.resize(count.size() * k);
  for (std::size_t r = 0; r < count.size(); ++r)
    for (int f = 0; f < k; ++f) factors[r * k + f] = static_cast<float>(init_std * rng.normal()) * (count[r] > 0);
}

}  // namespace

Trainer::Trainer(const Dataset& data, Split split, const TrainOptions& options)
    : options_(options), split_(std::move(split)), rng_(options.seed) {
  validate(options_, data.n_users(), data.n_items());
  if (split_.train.size() == 0)
    fail(ErrorKind::InvalidArgument, "the training set is empty: nothing to learn from");
  const std::size_t nu = data.n_users(), ni = data.n_items();
  if (options_.memory_limit > 0) {
    const std::size_t need = training_memory_bytes(options_, nu, ni, split_.train.size() + split_.test.size());
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

  Model& m = model_;
  m.users = data.users;
  m.items = data.items;
  m.scale = data.scale;
  m.options = options_;
  m.factors = options_.factors;
  m.global_mean = static_cast<float>(mean_rating(split_.train));
  m.user_count = count_per_row(split_.train.user, nu);
  m.item_count = count_per_row(split_.train.item, ni);
  m.user_bias.assign(nu, 0.0f);
  m.item_bias.assign(ni, 0.0f);
  init_factors(m.user_factors, m.user_count, m.factors, options_.init_std, rng_);
  init_factors(m.item_factors, m.item_count, m.factors, options_.init_std, rng_);

  solver_ = make_solver(options_, split_.train, nu, ni);
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
  solver_->step(model_, rng_);
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
    if (predicts_ratings(options_.algorithm)) {
      result.train = evaluate(model_, split_.train);
      result.test = evaluate(model_, split_.test);
    }
  }
  history_.push_back(result);
  return result;
}

StepResult Trainer::evaluate_step(double ms) {
  StepResult r;
  r.epoch = epoch() + 1;
  r.ms = ms;
  if (!predicts_ratings(options_.algorithm)) {
    // A preference model: no rating error to measure (train and test count
    // 0); its own loss is the curve and the divergence check.
    r.objective = objective();
    if (!std::isfinite(r.objective)) diverge(r, "the model's values became infinite or NaN");
    return r;
  }
  // A model can explode while its clipped predictions still look fine: the
  // divergence check reads the unclipped error.
  const TrainPass pass = score_training(model_, split_.train);
  r.objective = regularized_loss(model_, split_.train, options_, pass.raw_squared_error);
  const double raw_mse = pass.raw_squared_error / double(split_.train.size());
  const double range = double(model_.scale.max) - double(model_.scale.min);
  const double limit = 100.0 * range * range;
  if (!std::isfinite(r.objective) || !std::isfinite(raw_mse) || raw_mse > limit) {
    std::ostringstream why;
    if (!std::isfinite(raw_mse) || !std::isfinite(r.objective))
      why << "the model's values became infinite or NaN";
    else
      why << "the unclipped training MSE reached " << raw_mse << " (limit " << limit << ")";
    diverge(r, why.str());
    return r;
  }
  r.train = pass.metrics;
  r.test = evaluate(model_, split_.test);
  return r;
}

void Trainer::diverge(StepResult& r, const std::string& why) const {
  r.status = Status::Diverged;
  r.message = "training diverged at iteration " + std::to_string(r.epoch) + ": " + why + "; " +
              solver_->divergence_hint() + ". The model of iteration " + std::to_string(r.epoch - 1) + " is kept.";
}

}  // namespace mf
