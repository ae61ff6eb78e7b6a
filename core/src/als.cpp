#include "mf/als.hpp"

#include "als_row.hpp"

namespace mf {

AlsSolver::AlsSolver(const TrainOptions& options, const Ratings& train, std::size_t n_users, std::size_t n_items)
    : Solver("try a larger regularization", options),
      options_(options),
      by_user_(rows_by_user(train, n_users)),
      by_item_(rows_by_item(train, n_items)) {}

double AlsSolver::memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
                               std::size_t n_ratings) {
  const double layouts = 2.0 * double(n_ratings) * double(sizeof(Index) + sizeof(float)) +
                         (double(n_users) + double(n_items) + 2.0) * double(sizeof(std::size_t));
  // RowSolver's d x d system and the push-through workspace, one per lane;
  // the objective's two k x k Gram matrices in the missing-as-zero mode.
  const double d = double(options.factors) + 1.0;
  const double workspace = d * d * 8 * 2 + d * 8 * 8;
  return layouts + workspace * double(resolved_threads(options));
}

void AlsSolver::step(Model& model, Rng&) {
  solve_users(model);
  solve_items(model);
}

void AlsSolver::solve_users(Model& m) const {
  solve_side(by_user_, {m.item_factors.data(), m.item_bias.data(), m.n_items()},
             {m.user_factors.data(), m.user_bias.data()}, {options_.reg_user, options_.reg_user_bias},
             m.global_mean);
}

void AlsSolver::solve_items(Model& m) const {
  solve_side(by_item_, {m.user_factors.data(), m.user_bias.data(), m.n_users()},
             {m.item_factors.data(), m.item_bias.data()}, {options_.reg_item, options_.reg_item_bias},
             m.global_mean);
}

void AlsSolver::solve_side(const SparseRows& rows, const FixedSide& other, const SolvedSide& out,
                           SideRegularization reg, double mu) const {
  if (options_.missing_as_zero) {
    // One Gram matrix of the whole other side, factored once; then every row
    // is a solve against it.
    solve_zero_filled(rows, other.factors, other.rows, options_.factors, reg.factors, out.factors, &pool());
    return;
  }
  // A row's cost in units of one rating of a d x d solve (d^2 / 2 multiply-
  // adds): its n ratings, then the Cholesky factorisation (d^3 / 6) and
  // solve (d^2); or, through the push-through identity (RowSolver::solve_few,
  // n < d with lambda > 0), its n x n kernel (n^2 d / 2) and about n d more.
  const int d = options_.factors + (options_.biases ? 1 : 0);
  const bool push_through = reg.factors > 0.0 && (!options_.biases || reg.bias > 0.0);
  const auto cost = [d, push_through](std::size_t n) {
    const double rows = double(n);
    return push_through && n < std::size_t(d) ? (rows * rows + 2 * rows) / d + 1 : rows + d / 3.0 + 2;
  };
  for_row_ranges(pool(), rows.offsets, cost, [&](std::size_t first, std::size_t last) {
    solve_rows(rows, first, last, other, out, reg, mu);
  });
}

void AlsSolver::solve_rows(const SparseRows& rows, std::size_t first, std::size_t last, const FixedSide& other,
                           const SolvedSide& out, SideRegularization reg, double mu) const {
  const int k = options_.factors;
  // Locals: the row solve's stores cannot reach them, so they stay in registers.
  const std::size_t* const offsets = rows.offsets.data();
  const Index* const cols = rows.cols.data();
  const float* const values = rows.values.data();
  const float* const other_factors = other.factors;
  const float* const other_bias = other.bias;
  float* const out_factors = out.factors;
  float* const out_bias = out.bias;
  RowSolver solver(k, options_.biases);
  for (std::size_t r = first; r < last; ++r) {
    const std::size_t begin = offsets[r], n = offsets[r + 1] - begin;
    const double s = row_scale(options_, n);
    solver.solve(cols + begin, values + begin, n, other_factors, other_bias, mu, reg.factors * s, reg.bias * s,
                 out_factors + r * k, out_bias + r);
  }
}

}  // namespace mf
