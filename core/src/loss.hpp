// The regularized training loss (train.hpp's objective) and the pass over the
// training ratings that measures the fit: the one place both are computed,
// for the learning curve, the divergence check and mf::objective.
#pragma once

#include "mf/model.hpp"

namespace mf {

// One pass over the training ratings: metrics of the clipped predictions and
// the squared error of the unclipped ones (the loss, and the divergence check).
struct TrainPass {
  Metrics metrics;
  double raw_squared_error = 0.0;
};
TrainPass score_training(const Model& m, const Ratings& train);

// objective() of train.hpp, with the squared error over the training ratings
// given: `raw_squared_error`, a TrainPass's (ignored in the missing-as-zero
// mode, whose error counts every cell of the matrix).
double regularized_loss(const Model& m, const Ratings& train, const TrainOptions& o, double raw_squared_error);

}  // namespace mf
