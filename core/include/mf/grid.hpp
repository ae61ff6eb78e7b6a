// Grid search over factors, regularization and learning rate (the seeds'
// experiment): every cell trains from the same split and seed for up to
// `iterations` steps and keeps its best test error and the step it occurred at.
#pragma once

#include <functional>
#include <vector>

#include "mf/train.hpp"

namespace mf {

struct GridSpec {
  std::vector<int> factors;
  std::vector<double> regularization;  // applied to all four lambdas
  std::vector<double> learning_rates;  // SGD only; ignored (one value) for ALS
  int iterations = 15;
};

struct GridCell {
  int factors = 0;
  double regularization = 0;
  double learning_rate = 0;
  int best_iteration = 0;       // 1-based step with the lowest test MSE
  double best_test_mse = 0;
  double best_test_rmse = 0;
  double train_mse_at_best = 0;
  bool diverged = false;        // training diverged before `iterations`
  std::vector<double> test_rmse;  // the test curve, one value per step run
};

struct GridResult {
  std::vector<GridCell> cells;  // factors-major, then regularization, then learning rate
  std::size_t best = 0;         // index of the cell with the lowest best_test_mse
};

// progress(done_steps, total_steps) after every step; return false to cancel
// (mf::Error(Cancelled) is then thrown).
using GridProgress = std::function<bool(std::size_t done, std::size_t total)>;

// Validates every cell's options before training any. Needs a non-empty test set.
GridResult grid_search(const Dataset& data, const Split& split, const TrainOptions& base,
                       const GridSpec& spec, const GridProgress& progress = {});

// Cell options: base with the cell's factors, regularization and learning rate.
TrainOptions cell_options(const TrainOptions& base, int factors, double reg, double lr);

}  // namespace mf
