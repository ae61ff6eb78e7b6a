// Step-wise training: one call to step() runs one ALS sweep or one SGD epoch
// and reports the learning-curve point. Training can stop and resume at will.
//
// ALS (explicit ratings). With the item side fixed, each user's unknowns
// z_u = [b_u, p_u] (or p_u alone without biases) minimise
//   sum_{i in I(u)} (r_ui - mu - b_i - [1, q_i] . z_u)^2 + lambda_b' b_u^2 + lambda' |p_u|^2
// whose normal equations are
//   (sum_i y_i y_i^T + diag(lambda_b', lambda', ..., lambda')) z_u = sum_i (r_ui - mu - b_i) y_i,
//   y_i = [1, q_i],
// solved by Cholesky; lambda' = lambda * |I(u)| under RegScaling::Count. Then
// the same for every item with the user side fixed. With lambda = 0 (or a
// lambda' below 1e-10 of the mean diagonal of sum_i y_i y_i^T) a row with
// fewer ratings than unknowns, or with collinear y_i, has no unique solution:
// the ridge is then raised to that floor, which gives the minimum-norm
// solution (the smallest z_u that fits the row best) up to rounding, instead
// of one blown up by rounding noise (als_row.hpp). The missing-as-zero mode
// solves p_u = (Q^T Q + lambda I)^-1 sum_{i in I(u)} r_ui q_i, i.e. the
// zero-filled row r_u Q (Q^T Q + lambda I)^-1 of the textbook ALS that treats
// every missing rating as 0 (same floor for lambda = 0).
//
// SGD (biased, Funk-style). For each training rating in a freshly shuffled
// order, with e = r_ui - r_hat(u, i) (unclipped) and learning rate eta:
//   b_u <- b_u + eta (e - lambda_ub b_u)
//   b_i <- b_i + eta (e - lambda_ib b_i)
//   p_u <- p_u + eta (e q_i - lambda_u p_u)
//   q_i <- q_i + eta (e p_u - lambda_i q_i)      (old p_u and q_i on the right)
// (computed as p_u <- (1 - eta lambda_u) p_u + (eta e) q_i, and likewise for
// the others: the same step in three operations per element instead of four)
// which is a step along minus the gradient of
//   (r_ui - r_hat)^2 + lambda_u |p_u|^2 + lambda_i |q_i|^2 + lambda_ub b_u^2 + lambda_ib b_i^2
// with the factor 2 folded into eta.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mf/model.hpp"
#include "mf/rng.hpp"
#include "mf/split.hpp"

namespace mf {

enum class Status {
  Ok,        // the step ran and the model is finite
  Diverged,  // the step made the model non-finite or exploding; the previous model was kept
};
const char* to_string(Status s);

struct StepResult {
  int epoch = 0;         // 1-based number of the step just run
  Metrics train;
  Metrics test;          // count == 0 when there is no test set
  double objective = 0;  // regularized training loss after the step
  double ms = 0;         // wall time of the step (training only, not evaluation)
  Status status = Status::Ok;
  std::string message;   // reason when diverged
};

class Trainer {
 public:
  // Validates the options (mf::Error naming the parameter) and initialises
  // the model from options.seed. `split` holds dense indices of `data`.
  Trainer(const Dataset& data, Split split, const TrainOptions& options);

  // Runs one sweep/epoch. After a divergence, further calls do nothing and
  // return the diverged result again.
  StepResult step();

  const Model& model() const { return model_; }
  const TrainOptions& options() const { return options_; }
  const std::vector<StepResult>& history() const { return history_; }
  int epoch() const { return static_cast<int>(history_.size()); }
  bool diverged() const { return diverged_; }
  const Split& split() const { return split_; }

  // Regularized training loss of the current model (what ALS minimises).
  double objective() const;

  // ALS half-steps, exposed for tests: re-solve every user (or item) with the
  // other side fixed.
  void als_solve_users();
  void als_solve_items();

 private:
  void sgd_epoch();
  StepResult evaluate_step(double ms);

  TrainOptions options_;
  Split split_;
  SparseRows by_user_;
  SparseRows by_item_;
  Model model_;
  Rng rng_;
  // SGD visits the training ratings in this order, reshuffled in place each
  // epoch; the ratings themselves are shuffled (not indices) so the loop reads
  // them sequentially.
  struct Entry {
    Index user, item;
    float value;
  };
  std::vector<Entry> order_;
  std::vector<StepResult> history_;
  bool diverged_ = false;
  // The parameters before the current step (step() restores them on divergence).
  struct Saved {
    std::vector<float> user_factors, item_factors, user_bias, item_bias;
  } saved_;
};

// Regularized loss of `m` on `train` under `options` (biases and scaling as trained).
double objective(const Model& m, const Ratings& train, const TrainOptions& options);

}  // namespace mf
