// Alternating least squares for explicit ratings.
//
// With the item side fixed, each user's unknowns z_u = [b_u, p_u] (or p_u
// alone without biases) minimise
//   sum_{i in I(u)} (r_ui - mu - b_i - [1, q_i] . z_u)^2 + lambda_b' b_u^2 + lambda' |p_u|^2
// whose normal equations are
//   (sum_i y_i y_i^T + diag(lambda_b', lambda', ..., lambda')) z_u = sum_i (r_ui - mu - b_i) y_i,
//   y_i = [1, q_i],
// solved by Cholesky; lambda' = lambda * |I(u)| under RegScaling::Count. Then
// the same for every item with the user side fixed: one sweep is the two
// half-sweeps, users first. With lambda = 0 (or a lambda' below 1e-10 of the
// mean diagonal of sum_i y_i y_i^T) a row with fewer ratings than unknowns,
// or with collinear y_i, has no unique solution: the ridge is then raised to
// that floor, which gives the minimum-norm solution (the smallest z_u that
// fits the row best) up to rounding, instead of one blown up by rounding
// noise (als_row.hpp). The missing-as-zero mode solves
// p_u = (Q^T Q + lambda I)^-1 sum_{i in I(u)} r_ui q_i, i.e. the zero-filled
// row r_u Q (Q^T Q + lambda I)^-1 of the textbook ALS that treats every
// missing rating as 0 (same floor for lambda = 0).
//
// Threads: a row's solve reads only the fixed side and the row's own ratings
// and writes only the row, so a half-sweep's rows are cut into contiguous
// ranges of about equal cost (ratings plus a per-row term), kPiecesPerLane
// per lane of the solver's pool, which its lanes take in turn, each range
// with a workspace of its own. Nothing is summed across rows (the
// missing-as-zero Gram matrix Q^T Q is summed once, in row order, on the
// calling thread), so every thread count gives the same bits; threads = 1
// runs the single-threaded loop itself.
#pragma once

#include <cstddef>

#include "mf/dataset.hpp"
#include "mf/solver.hpp"

namespace mf {

// A side of the model (users or items) as an ALS half-sweep reads it, held
// fixed, or writes it.
struct FixedSide {
  const float* factors;  // rows x k
  const float* bias;     // rows
  std::size_t rows;
};
struct SolvedSide {
  float* factors;
  float* bias;
};
// lambda and lambda_b of the side being solved, before row scaling.
struct SideRegularization {
  double factors, bias;
};

class AlsSolver final : public Solver {
 public:
  // Groups `train` by user and by item.
  AlsSolver(const TrainOptions& options, const Ratings& train, std::size_t n_users, std::size_t n_items);
  // The two groupings and the row solve's workspace.
  static double memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
                             std::size_t n_ratings);

  // The half-sweeps: every user (item) re-solved with the other side fixed.
  void solve_users(Model& model) const;
  void solve_items(Model& model) const;
  // One sweep: solve_users(), then solve_items(). Draws nothing.
  void step(Model& model, Rng& rng) override;

  // One half-sweep: row r of `rows` (its ratings against the other side)
  // solved into row r of `out`, ranges of rows on the pool's lanes.
  void solve_side(const SparseRows& rows, const FixedSide& other, const SolvedSide& out,
                  SideRegularization reg, double mu) const;

 private:
  void solve_rows(const SparseRows& rows, std::size_t first, std::size_t last, const FixedSide& other,
                  const SolvedSide& out, SideRegularization reg, double mu) const;

  TrainOptions options_;
  SparseRows by_user_;
  SparseRows by_item_;
};

}  // namespace mf
