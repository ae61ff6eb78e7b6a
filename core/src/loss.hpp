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

// p_u . q_i in double, the precision the objectives are summed in.
double score_in_double(const Model& m, Index u, Index i);

// The sum over every (user, item) pair of (p_u . q_i)^2, computed as
// sum_jl (P^T P)_jl (Q^T Q)_jl without visiting the pairs.
double all_pairs_squared_score(const Model& m);

// objective() of train.hpp, with the squared error over the training ratings
// given: `raw_squared_error`, a TrainPass's (ignored in the missing-as-zero
// mode, whose error counts every cell of the matrix).
double regularized_loss(const Model& m, const Ratings& train, const TrainOptions& o, double raw_squared_error);

}  // namespace mf
