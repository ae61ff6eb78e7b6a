#include "mf/grid.hpp"

#include "mf/error.hpp"
#include "text.hpp"

namespace mf {

TrainOptions cell_options(const TrainOptions& base, int factors, double reg, double lr) {
  TrainOptions o = base;
  o.factors = factors;
  o.reg_user = o.reg_item = o.reg_user_bias = o.reg_item_bias = reg;
  o.learning_rate = lr;
  return o;
}

GridSplits grid_splits(const Split& split, const GridSpec& spec) {
  if (!(spec.validation_fraction > 0.0 && spec.validation_fraction < 1.0))
    fail(ErrorKind::InvalidArgument, param("validation_fraction") << " must be between 0 and 1, exclusive (got "
                                                                  << shortest_text(spec.validation_fraction) << ")");
  GridSplits s;
  s.tune = split_ratings(split.train, spec.validation_fraction, spec.validation_seed);
  if (s.tune.test.size() == 0 || s.tune.train.size() == 0)
    fail(ErrorKind::InvalidArgument,
         Message("grid search needs ratings to train and to validate on: a ") << param("validation_fraction")
             << " of " << shortest_text(spec.validation_fraction) << " of " << std::to_string(split.train.size())
             << " training ratings leaves " << std::to_string(s.tune.test.size()) << " for validation");
  s.final.train = s.tune.train;
  s.final.test = split.test;
  return s;
}

std::vector<GridCell> grid_cells(const Dataset& data, const TrainOptions& base, const GridSpec& spec) {
  if (!predicts_ratings(base.algorithm))
    fail(ErrorKind::InvalidArgument, Message("grid search compares rating errors, which implicit ALS does not "
                                             "predict: choose its settings by a ranking metric (evaluate) instead; ")
                                         << param("algorithm") << " is '" << to_string(base.algorithm) << "'");
  if (spec.factors.empty())
    fail(ErrorKind::InvalidArgument, Message("grid search needs at least one ") << param("factors") << " value");
  if (spec.regularization.empty())
    fail(ErrorKind::InvalidArgument, Message("grid search needs at least one ") << param("regularization") << " value");
  const std::vector<double> rates = base.algorithm == Algorithm::SGD && !spec.learning_rates.empty()
                                        ? spec.learning_rates
                                        : std::vector<double>{base.learning_rate};
  std::vector<GridCell> cells;
  for (int f : spec.factors)
    for (double reg : spec.regularization)
      for (double lr : rates) {
        GridCell cell;
        cell.options = cell_options(base, f, reg, lr);
        if (spec.iterations > 0) cell.options.iterations = spec.iterations;
        validate(cell.options, data.n_users(), data.n_items());
        cells.push_back(cell);
      }
  return cells;
}

void record_step(GridCell& cell, const StepResult& s) {
  if (s.status == Status::Diverged) {
    cell.diverged = true;
    return;
  }
  cell.validation_rmse.push_back(s.test.rmse);
  if (cell.best_iteration == 0 || s.test.mse < cell.best_validation_mse) {
    cell.best_iteration = s.epoch;
    cell.best_validation_mse = s.test.mse;
    cell.best_validation_rmse = s.test.rmse;
    cell.train_mse_at_best = s.train.mse;
  }
}

std::size_t best_cell(const std::vector<GridCell>& cells) {
  std::size_t best = 0;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const GridCell& a = cells[c];
    const GridCell& b = cells[best];
    const bool a_ok = a.best_iteration > 0, b_ok = b.best_iteration > 0;
    if (a_ok && (!b_ok || a.best_validation_mse < b.best_validation_mse)) best = c;
  }
  return best;
}

Metrics test_chosen(const Dataset& data, const GridSplits& splits, const GridCell& cell) {
  if (cell.best_iteration == 0) return {};
  Trainer trainer(data, splits.final, cell.options);
  StepResult s;
  for (int it = 0; it < cell.best_iteration; ++it) s = trainer.step();
  return s.test;
}

GridResult grid_search(const Dataset& data, const Split& split, const TrainOptions& base, const GridSpec& spec,
                       const GridProgress& progress) {
  GridResult result;
  result.cells = grid_cells(data, base, spec);
  const GridSplits splits = grid_splits(split, spec);
  std::size_t total = 0, done = 0;
  for (const GridCell& cell : result.cells) total += std::size_t(cell.options.iterations);
  auto report = [&] {
    if (progress && !progress(done, total)) fail(ErrorKind::Cancelled, "grid search cancelled");
  };
  for (GridCell& cell : result.cells) {
    Trainer trainer(data, splits.tune, cell.options);
    for (int it = 0; it < cell.options.iterations; ++it) {
      const StepResult s = trainer.step();
      record_step(cell, s);
      ++done;
      if (cell.diverged) {
        done += std::size_t(cell.options.iterations - it - 1);
        report();
        break;
      }
      report();
    }
  }
  result.best = best_cell(result.cells);
  result.test = test_chosen(data, splits, result.cells[result.best]);
  return result;
}

}  // namespace mf
