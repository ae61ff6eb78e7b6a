#include "mf/grid.hpp"

#include "mf/error.hpp"

namespace mf {

TrainOptions cell_options(const TrainOptions& base, int factors, double reg, double lr) {
  TrainOptions o = base;
  o.factors = factors;
  o.reg_user = o.reg_item = o.reg_user_bias = o.reg_item_bias = reg;
  o.learning_rate = lr;
  return o;
}

GridResult grid_search(const Dataset& data, const Split& split, const TrainOptions& base,
                       const GridSpec& spec, const GridProgress& progress) {
  if (spec.factors.empty()) fail(ErrorKind::InvalidArgument, Message("grid search needs at least one ") << param("factors") << " value");
  if (spec.regularization.empty())
    fail(ErrorKind::InvalidArgument, Message("grid search needs at least one ") << param("regularization") << " value");
  if (split.test.size() == 0)
    fail(ErrorKind::InvalidArgument, "grid search needs a non-empty test set to compare cells");
  const std::vector<double> rates =
      base.algorithm == Algorithm::SGD && !spec.learning_rates.empty() ? spec.learning_rates
                                                                       : std::vector<double>{base.learning_rate};
  GridResult result;
  for (int f : spec.factors)
    for (double reg : spec.regularization)
      for (double lr : rates) {
        TrainOptions o = cell_options(base, f, reg, lr);
        o.iterations = spec.iterations;
        validate(o, data.n_users(), data.n_items());
        GridCell cell;
        cell.factors = f;
        cell.regularization = reg;
        cell.learning_rate = lr;
        result.cells.push_back(cell);
      }
  const std::size_t total = result.cells.size() * std::size_t(spec.iterations);
  std::size_t done = 0;
  for (GridCell& cell : result.cells) {
    TrainOptions o = cell_options(base, cell.factors, cell.regularization, cell.learning_rate);
    Trainer trainer(data, split, o);
    for (int it = 0; it < spec.iterations; ++it) {
      const StepResult s = trainer.step();
      ++done;
      if (s.status == Status::Diverged) {
        cell.diverged = true;
        done += std::size_t(spec.iterations - it - 1);
        if (progress && !progress(done, total)) fail(ErrorKind::Cancelled, "grid search cancelled");
        break;
      }
      cell.test_rmse.push_back(s.test.rmse);
      if (cell.best_iteration == 0 || s.test.mse < cell.best_test_mse) {
        cell.best_iteration = s.epoch;
        cell.best_test_mse = s.test.mse;
        cell.best_test_rmse = s.test.rmse;
        cell.train_mse_at_best = s.train.mse;
      }
      if (progress && !progress(done, total)) fail(ErrorKind::Cancelled, "grid search cancelled");
    }
  }
  for (std::size_t c = 0; c < result.cells.size(); ++c) {
    const GridCell& a = result.cells[c];
    const GridCell& b = result.cells[result.best];
    const bool a_ok = a.best_iteration > 0, b_ok = b.best_iteration > 0;
    if (a_ok && (!b_ok || a.best_test_mse < b.best_test_mse)) result.best = c;
  }
  return result;
}

}  // namespace mf
