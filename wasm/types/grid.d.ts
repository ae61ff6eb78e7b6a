// The grid search of mfcf (see ../index.d.ts and core/include/mf/grid.hpp).
import type { Split } from './data.js';
import type { ResolvedOptions } from './training.js';

/** What {@link Mfcf.gridSearch} tries. */
export interface GridSpec {
  /** Factor counts (default: the base options' factors). */
  factors?: ArrayLike<number>;
  /** Regularization values, each applied to all four lambdas (default: the base options' user lambda). */
  regularization?: ArrayLike<number>;
  /** SGD learning rates (ignored for ALS; default: the base options'). */
  learningRates?: ArrayLike<number>;
  /** Steps per cell (default 0: the base options' iterations, so each algorithm's own count). */
  iterations?: number;
  /** Share of the split's training ratings held out to choose the cell and its step, 0 < f < 1 (default 0.1). */
  validationFraction?: number;
  /** Seed of that hold-out (default 42). */
  validationSeed?: number;
}

/** One cell of a grid search. */
export interface GridCell {
  /** k of this cell (= `options.factors`). */
  factors: number;
  /** The lambda of all four terms (= `options.regularization.user`). */
  regularization: number;
  /** The SGD learning rate (the base options' for ALS; = `options.learningRate`). */
  learningRate: number;
  /** Steps the cell trains (= `options.iterations`). */
  iterations: number;
  /** The cell's training options: the base with its factors, lambda, learning rate and iterations. */
  options: ResolvedOptions;
  /** 1-based step with the lowest validation MSE (0 if none finished). */
  bestIteration: number;
  /** Lowest validation MSE over the steps. */
  bestValidationMse: number;
  /** Its root. */
  bestValidationRmse: number;
  /** Training MSE at that step. */
  trainMseAtBest: number;
  /** Training diverged before `iterations`. */
  diverged: boolean;
  /** The validation RMSE after each step run. */
  validationRmse: number[];
}

/** Error metrics over a set of ratings. */
export interface Metrics {
  /** Mean squared error of the clipped predictions. */
  mse: number;
  /** Its root. */
  rmse: number;
  /** Mean absolute error. */
  mae: number;
  /** Ratings evaluated (0: none, e.g. no test set). */
  count: number;
  /** Of which predicted by the fallback (user or item unseen in training). */
  fallback: number;
}

/** What {@link Mfcf.gridSearch} returns. */
export interface GridResult {
  /** Factors-major, then regularization, then learning rate. */
  cells: GridCell[];
  /** Index of the chosen cell: the lowest best validation MSE. */
  best: number;
  /** The chosen cell, trained for its best number of steps, on the test set: measured once. */
  test: Metrics;
}

/** The splits of a grid search ({@link Mfcf.gridSplits}); both own WebAssembly memory. */
export interface GridSplits {
  /** Trains on the split's training ratings but the validation share; tests on that share. */
  tune: Split;
  /** Trains on the same ratings; tests on the split's test set. */
  final: Split;
}
