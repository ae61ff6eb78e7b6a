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
//
// Threads (t = resolved_threads(options)):
//   t = 1: one Fisher-Yates shuffle (shuffle(), rng.hpp) of every training
//     rating with the Trainer's generator, then the updates in that order.
//   t > 1: stratified blocks. When the solver is built, the users are put
//     in t groups of about equal rating counts: cut into 16 t ranges of
//     consecutive users holding about equal shares of the ratings
//     (balanced_ranges in core/src/thread_pool.hpp), the ranges dealt by
//     decreasing rating count (ties: the earlier range first) each to the
//     group with the fewest ratings so far (ties: the lowest group). Likewise
//     the items. Consecutive rows keep two threads off each other's cache
//     lines of the factor and bias arrays but at the ranges' ends. This cuts
//     the ratings into t x t blocks: block (g, h) holds the ratings of group
//     g's users on group h's items, in training order at first. Each epoch draws
//     from the Trainer's generator, in this order:
//       sigma, a permutation of the item groups: shuffle() of 0, 1, ..., t-1;
//       rho, a permutation of the strata: shuffle() of 0, 1, ..., t-1;
//       t^2 block seeds: next_u64() for blocks 0, 1, ..., t^2 - 1 (block
//         (g, h) is number g t + h);
//     then runs t sub-epochs s = 0, ..., t-1. Sub-epoch s takes, for every
//     user group g, block (g, sigma[(g + rho[s]) mod t]): shuffle() of its
//     ratings with an Rng seeded with its block seed, then its updates in
//     that order. The t blocks of a sub-epoch share no user and no item, so
//     they run at the same time on t threads with no two writing the same
//     row; a sub-epoch starts when the previous one is done. Over the t
//     sub-epochs each block, hence each rating, is visited exactly once.
//   The curve depends on t (the grid and the draws) but on nothing else:
//   not on which thread runs which block nor on how many threads really run
//   (a build without threads runs the blocks of a sub-epoch one after
//   another), so the same seed and t give the same bits on every machine,
//   natively and in WebAssembly.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "mf/solver.hpp"

namespace mf {

class SgdSolver final : public Solver {
 public:
  // Copies `train` into the visiting order (t > 1: into its blocks).
  SgdSolver(const TrainOptions& options, const Ratings& train, std::size_t n_users, std::size_t n_items);
  // The visiting order.
  static double memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
                             std::size_t n_ratings);
  // One epoch, as above: draws from `rng`, reshuffles the visiting order and
  // updates the model rating by rating in that order.
  void step(Model& model, Rng& rng) override;

  // A training rating. The ratings themselves are shuffled (not indices into
  // them), so an epoch reads them sequentially.
  struct Entry {
    Index user, item;
    float value;
  };

  // The t of the schedule: blocks() is t x t (1 for t = 1).
  int groups() const { return groups_; }
  // For tests: one epoch's schedule without the updates. Draws from `rng`
  // and reshuffles exactly as step() does, and calls visit(sub_epoch, block,
  // ratings, count) for every block in place of its updates (blocks of one
  // sub-epoch at the same time, on the pool's lanes: visit must write only
  // to state of its own block). t = 1: one call, sub-epoch 0, block 0.
  using Visit = std::function<void(int sub_epoch, int block, const Entry* ratings, std::size_t count)>;
  void visit_epoch(Rng& rng, const Visit& visit);

 private:
  template <typename Run>
  void epoch(Rng& rng, Run&& run);

  TrainOptions options_;
  int groups_ = 1;
  std::vector<std::vector<Entry>> blocks_;  // each reshuffled in place every epoch
};

}  // namespace mf
