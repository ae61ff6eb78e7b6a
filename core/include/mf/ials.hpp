// Alternating least squares for implicit feedback (Hu, Koren and Volinsky
// 2008, "Collaborative Filtering for Implicit Feedback Datasets").
//
// Every (user, item) pair is fitted. A rating (or count) r_ui >=
// positive_threshold makes the pair a positive, p_ui = 1, with confidence
// c_ui = 1 + alpha * w(r_ui) (w per Confidence: 1, r, or log(1 + r / epsilon));
// every other pair has p_ui = 0 and confidence 1. The model minimises
//   sum_{u,i} c_ui (p_ui - x_u . y_i)^2 + sum_u lambda_u |x_u|^2 + sum_i lambda_i |y_i|^2,
//   lambda_u = lambda * (sum_i c_ui)^nu = lambda * (n_items + alpha * sum_{i in P(u)} w(r_ui))^nu
// (nu = reg_exponent: frequency-scaled regularization as in Rendle, Krichene,
// Zhang and Koren 2021, "Revisiting the Performance of iALS on Item
// Recommendation Benchmarks"; the same for items over users), or with
// reg_scaling Count (nu = 0) lambda_u = lambda * |P(u)|, the count-scaled
// lambda of Spark's ALS (spark.hpp). With the items
// fixed, each user's x_u solves
//   (Y^T Y + sum_{i in P(u)} (c_ui - 1) y_i y_i^T + lambda_u I) x_u = sum_{i in P(u)} c_ui y_i,
// where Y^T Y, the sum over every item, is computed once per half-sweep: a
// row costs O(|P(u)| k^2 + k^3) solved exactly (Cholesky) and
// O(cg_steps (k^2 + |P(u)| k)) by conjugate gradient started from the row's
// current x_u, whose product with the matrix never forms it (Takacs, Pilaszy
// and Tikk 2011, "Applications of the conjugate gradient method for implicit
// feedback collaborative filtering"). Then the same for every item with the
// users fixed. A prediction x_u . y_i is a preference, not a rating: rank by it.
//
// Threads: Y^T Y is summed once per half-sweep, in row order, on the calling
// thread; then the rows, each reading only Y^T Y, Y and its own positives
// and writing only its x_u, are cut into contiguous ranges solved on the
// solver's pool, each range with a RowSystem of its own (as in als.hpp):
// every thread count gives the same bits.
#pragma once

#include <cstddef>
#include <vector>

#include "mf/dataset.hpp"
#include "mf/solver.hpp"

namespace mf {

class IalsSolver final : public Solver {
 public:
  // Groups the positives of `train` by user and by item with their c - 1.
  IalsSolver(const TrainOptions& options, const Ratings& train, std::size_t n_users, std::size_t n_items);
  // One sweep: every user re-solved with the items fixed, then every item.
  void step(Model& model, Rng& rng) override;
  // The two groupings and the per-row workspace, in bytes.
  static double memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
                             std::size_t n_ratings);

  // One half-sweep: every row of `positives` (columns: rows of `other`,
  // values: c - 1) solved into its row of `out`.
  void solve_side(const SparseRows& positives, const float* other, std::size_t n_other, double lambda,
                  float* out) const;

 private:
  TrainOptions options_;
  SparseRows by_user_;  // positives, values c_ui - 1
  SparseRows by_item_;
};

// The weighted loss above of `m`, whose positives are the ratings of `train`
// at or above the threshold.
double implicit_objective(const Model& m, const Ratings& train, const TrainOptions& options);

// The confidence weight c - 1 = alpha * w(r) of a rating r, or a negative
// number when r is not a positive (below the threshold).
double implicit_extra_confidence(const TrainOptions& options, float r);

// x_u for a user with `positives` (columns: items, values: c - 1) against the
// model's fixed items, solved exactly: implicit ALS's user step (fold-in).
std::vector<float> implicit_user_vector(const Model& m, const SparseRows& positives);

}  // namespace mf
