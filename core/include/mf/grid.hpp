// Grid search over factors, regularization and learning rate, tuned the way a
// model should be tuned: the test set is not looked at until the end.
//
// The training ratings of the split are divided once more: a seeded share
// `validation_fraction` of them is the validation set, the rest trains. Every
// cell trains on that rest for `iterations` steps and is judged on the
// validation set after every step; the cell with the lowest validation MSE
// at its best step wins. Only then is the test set used, once: the winning
// cell is trained again for its best number of steps and its test error is
// the grid's result. (Choosing the cell and the step by their test error, and
// reporting that error, would report a number tuned to the test set.)
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "mf/train.hpp"

namespace mf {

struct GridSpec {
  std::vector<int> factors;
  std::vector<double> regularization;  // applied to all four lambdas
  std::vector<double> learning_rates;  // SGD only; ignored (one value) for ALS
  int iterations = 0;                  // steps per cell; 0: the base options' iterations
  double validation_fraction = 0.1;    // share of the training ratings used to choose
  std::uint64_t validation_seed = 42;
};

struct GridCell {
  TrainOptions options;               // the base with this cell's factors, lambda and learning rate
  int best_iteration = 0;             // 1-based step with the lowest validation MSE (0: none finished)
  double best_validation_mse = 0;
  double best_validation_rmse = 0;
  double train_mse_at_best = 0;
  bool diverged = false;              // training diverged before `iterations`
  std::vector<double> validation_rmse;  // the validation curve, one value per step run
};

struct GridResult {
  std::vector<GridCell> cells;  // factors-major, then regularization, then learning rate
  std::size_t best = 0;         // the chosen cell (lowest best_validation_mse)
  Metrics test;                 // the chosen cell at its best step, on the test set (count 0: no test set)
};

// The two splits of a grid search, from the data set's train/test split:
// `tune` trains on the training ratings minus the validation share and
// evaluates on that share; `final` trains on the same ratings and evaluates
// on the test set.
struct GridSplits {
  Split tune;
  Split final;
};
GridSplits grid_splits(const Split& split, const GridSpec& spec);

// The cells in order, each with its options validated for `data` (every cell
// is checked before any trains). Throws InvalidArgument naming the bad value.
std::vector<GridCell> grid_cells(const Dataset& data, const TrainOptions& base, const GridSpec& spec);

// Adds one training step's result (evaluated on the validation set) to the cell.
void record_step(GridCell& cell, const StepResult& step);

// The chosen cell: the first with the lowest best_validation_mse among those
// that finished a step (0 if none did).
std::size_t best_cell(const std::vector<GridCell>& cells);

// The test metrics of `cell` trained on splits.final for its best number of steps.
Metrics test_chosen(const Dataset& data, const GridSplits& splits, const GridCell& cell);

// progress(done_steps, total_steps) after every step; return false to cancel
// (mf::Error(Cancelled) is then thrown).
using GridProgress = std::function<bool(std::size_t done, std::size_t total)>;

// All of the above in one thread.
GridResult grid_search(const Dataset& data, const Split& split, const TrainOptions& base,
                       const GridSpec& spec, const GridProgress& progress = {});

// Cell options: base with the cell's factors, regularization and learning rate.
TrainOptions cell_options(const TrainOptions& base, int factors, double reg, double lr);

}  // namespace mf
