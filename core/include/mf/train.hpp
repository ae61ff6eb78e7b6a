// Step-wise training: one call to step() runs one step of the algorithm the
// options name (an ALS sweep, an SGD epoch) and reports the learning-curve
// point. Training can stop and resume at will. The algorithms and the
// formulas they implement: als.hpp, sgd.hpp; what a Trainer asks of each:
// solver.hpp.
//
// Every step is checked: when the model's values become infinite or NaN, or
// the unclipped training MSE exceeds 100 times the squared width of the
// rating scale, the step is undone and reported as diverged.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mf/model.hpp"
#include "mf/rng.hpp"
#include "mf/solver.hpp"
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

 private:
  StepResult evaluate_step(double ms);
  // Marks r as diverged, saying why and what to try.
  void diverge(StepResult& r, const std::string& why) const;

  TrainOptions options_;
  Split split_;
  Model model_;
  Rng rng_;
  std::unique_ptr<Solver> solver_;  // the options' algorithm, prepared on split_.train
  std::vector<StepResult> history_;
  bool diverged_ = false;
  // The parameters before the current step (step() restores them on divergence).
  struct Saved {
    std::vector<float> user_factors, item_factors, user_bias, item_bias;
  } saved_;
};

// Regularized loss of `m` on `train` under `options` (biases and scaling as
// trained): the squared error of the unclipped predictions over `train`, plus
// sum over rows of scale * (lambda |v|^2 + lambda_b b^2), scale being the
// row's training count where the algorithm scales by it (SGD, ALS under
// RegScaling::Count), else 1. In the missing-as-zero mode the error counts
// every cell of the matrix, each unrated one as a rating of 0.
double objective(const Model& m, const Ratings& train, const TrainOptions& options);

}  // namespace mf
