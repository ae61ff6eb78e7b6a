// Stochastic gradient descent (biased, Funk-style).
//
// For each training rating in a freshly shuffled order, with
// e = r_ui - r_hat(u, i) (unclipped) and learning rate eta:
//   b_u <- b_u + eta (e - lambda_ub b_u)
//   b_i <- b_i + eta (e - lambda_ib b_i)
//   p_u <- p_u + eta (e q_i - lambda_u p_u)
//   q_i <- q_i + eta (e p_u - lambda_i q_i)      (old p_u and q_i on the right)
// (computed as p_u <- (1 - eta lambda_u) p_u + (eta e) q_i, and likewise for
// the others: the same step in three operations per element instead of four)
// which is a step along minus the gradient of
//   (r_ui - r_hat)^2 + lambda_u |p_u|^2 + lambda_i |q_i|^2 + lambda_ub b_u^2 + lambda_ib b_i^2
// with the factor 2 folded into eta. One epoch visits every training rating
// once.
#pragma once

#include <cstddef>
#include <vector>

#include "mf/solver.hpp"

namespace mf {

class SgdSolver final : public Solver {
 public:
  // Copies `train` into the visiting order.
  SgdSolver(const TrainOptions& options, const Ratings& train, std::size_t n_users, std::size_t n_items);
  // The visiting order.
  static double memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
                             std::size_t n_ratings);
  // One epoch: shuffles the visiting order with `rng`, then updates the
  // model rating by rating in that order.
  void step(Model& model, Rng& rng) override;

  // A training rating. The ratings themselves are shuffled (not indices into
  // them), so an epoch reads them sequentially.
  struct Entry {
    Index user, item;
    float value;
  };

 private:
  TrainOptions options_;
  std::vector<Entry> order_;  // reshuffled in place every epoch
};

}  // namespace mf
