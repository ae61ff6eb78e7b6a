// Training options and step-wise training of mfcf (see ../index.d.ts).
import type { Dataset, Split, WasmObject } from './data.js';
import type { Model } from './model.js';

/** Alternating least squares, stochastic gradient descent, or implicit-feedback ALS. */
export type Algorithm = 'als' | 'sgd' | 'ials';
/** Implicit ALS: the weight w(r) in a positive's confidence 1 + alpha w(r): 1, r, or log(1 + r / epsilon). */
export type Confidence = 'constant' | 'rating' | 'log';
/** Implicit ALS: each row solved exactly, or by `cgSteps` steps of conjugate gradient. */
export type ImplicitSolver = 'cholesky' | 'cg';

/** The settings of implicit ALS (`algorithm: 'ials'`); kept, unused, by the other algorithms. */
export interface ImplicitSettings {
  /** A positive's confidence is 1 + alpha w(r) (default 0.5; 0..1e6). */
  alpha: number;
  /** w(r) (default `'rating'`). */
  confidence: Confidence;
  /** epsilon of `confidence: 'log'` (default 1; > 0). */
  epsilon: number;
  /** Each row's lambda times its total confidence to this power (default 0.5; 0..2, 0: plain lambda). */
  regExponent: number;
  /** Ratings (or counts) at or above it are the positives (default 0: all). */
  positiveThreshold: number;
  /** Default `'cg'`. */
  solver: ImplicitSolver;
  /** Conjugate-gradient steps per row (default 3; 1..100). */
  cgSteps: number;
}

/** The four regularization weights (lambda). */
export interface Regularization {
  /** Of the user factors p_u. */
  user: number;
  /** Of the item factors q_i. */
  item: number;
  /** Of the user biases b_u. */
  userBias: number;
  /** Of the item biases b_i. */
  itemBias: number;
}

/**
 * Training options. Missing keys take the defaults of the algorithm (the C++
 * `default_options`: ALS 40 factors, 10 sweeps, lambda 0.1 count-scaled; SGD
 * 40 factors, 30 epochs, lambda 0.05, learning rate 0.01; implicit ALS 64
 * factors, 15 sweeps, lambda 0.5, no biases, regularizationScaling 'none').
 * Unknown keys and wrong types throw an MfError naming the key; out-of-range
 * values throw the engine's message.
 */
export interface TrainOptions extends Partial<ImplicitSettings> {
  /** `'als'` (default), `'sgd'` or `'ials'`. */
  algorithm?: Algorithm;
  /** k, the length of each user and item vector (1..1024, at most max(users, items)). */
  factors?: number;
  /** ALS sweeps or SGD epochs that `Trainer.run()` and `gridSearch` do by default. */
  iterations?: number;
  /** Alias of `iterations`. */
  epochs?: number;
  /** One lambda for all four terms, or some of them by name. */
  regularization?: number | Partial<Regularization>;
  /** ALS: plain lambda (`'none'`) or lambda x the row's rating count (`'count'`, ALS-WR; default). */
  regularizationScaling?: 'none' | 'count';
  /** SGD step size eta (default 0.01). */
  learningRate?: number;
  /** Predict mu + b_u + b_i + p.q (true, default) or p.q alone. */
  biases?: boolean;
  /**
   * ALS teaching mode: fit every unrated cell as a rating of 0. Implies
   * `biases: false` and `regularizationScaling: 'none'` unless given.
   */
  missingAsZero?: boolean;
  /** Standard deviation of the initial factors (default 0.1). */
  initStd?: number;
  /** Seed of the initialisation and the SGD order (default 42); an integer 0..2^53-1. */
  seed?: number;
  /**
   * Threads a step runs on, 0..256; 0: all cores (`defaultOptions`: ALS and
   * implicit ALS 0, SGD 1). ALS gives the same model for every count. SGD on
   * more than 1 runs a stratified epoch whose curve depends on the count (and
   * only on it: the same on every machine and in both builds). The
   * single-threaded build (`mf.threadsAvailable` false) runs any count on one
   * thread, with the same results; the threaded one on at most `mf.maxThreads`.
   */
  threads?: number;
}

/** Options with every default filled in, as `Trainer.options` (and, less `threads`, `Model.options`) report them. */
export interface ResolvedOptions extends ImplicitSettings {
  /** See {@link TrainOptions.algorithm}. */
  algorithm: Algorithm;
  /** See {@link TrainOptions.factors}. */
  factors: number;
  /** See {@link TrainOptions.iterations}. */
  iterations: number;
  /** All four lambdas. */
  regularization: Regularization;
  /** See {@link TrainOptions.regularizationScaling}. */
  regularizationScaling: 'none' | 'count';
  /** See {@link TrainOptions.learningRate} (kept, unused, for ALS). */
  learningRate: number;
  /** See {@link TrainOptions.biases}. */
  biases: boolean;
  /** See {@link TrainOptions.missingAsZero}. */
  missingAsZero: boolean;
  /** See {@link TrainOptions.initStd}. */
  initStd: number;
  /** See {@link TrainOptions.seed}. */
  seed: number;
  /** See {@link TrainOptions.threads}. Not in `Model.options`: a model file does not keep it. */
  threads: number;
}

/** One point of the learning curve, returned by {@link Trainer.step}. */
export interface StepResult {
  /** 1-based number of the step just run. */
  epoch: number;
  /** Mean squared error of the clipped predictions on the training set; null for implicit ALS, which predicts no ratings (also for the two below). */
  trainMse: number | null;
  /** Root of trainMse. */
  trainRmse: number | null;
  /** Mean absolute error on the training set. */
  trainMae: number | null;
  /** Test-set MSE; null when the split has no test set (also for the two below). */
  testMse: number | null;
  /** Test-set RMSE. */
  testRmse: number | null;
  /** Test-set mean absolute error. */
  testMae: number | null;
  /** The regularized training loss after the step (implicit ALS: its weighted loss, ials.hpp). */
  objective: number;
  /** Wall time of the step in ms (training only, not evaluation). */
  ms: number;
  /** `'diverged'` when the step made the model non-finite or exploding; the previous model is kept. */
  status: 'ok' | 'diverged';
  /** Why it diverged (empty when ok). */
  message: string;
  /** Test ratings predicted by the fallback (user or item unseen in training); null without a test set. */
  testFallback: number | null;
}

/** Step-wise training of one model. Owns WebAssembly memory: call `delete()`. */
declare class Trainer implements WasmObject {
  /**
   * Validates the options and initialises the model from `options.seed`. The
   * trainer copies what it needs: `data` and `split` may be deleted afterwards.
   * @throws MfError `InvalidArgument` naming the bad option; `Resource` when
   *   the model would not fit in the WebAssembly heap.
   */
  constructor(data: Dataset, split: Split, options?: TrainOptions);
  /** Runs one ALS sweep or SGD epoch and reports the learning-curve point. After a divergence it returns that result again. */
  step(): StepResult;
  /** Runs up to `iterations` steps (default: `options.iterations`), stopping after a divergence. */
  run(iterations?: number): StepResult[];
  /** Steps run so far. */
  readonly epoch: number;
  /** True once a step diverged (training stops; the last good model is kept). */
  readonly diverged: boolean;
  /** The options in use, defaults filled in (a copy). */
  readonly options: ResolvedOptions;
  /** A copy of the current model, owned by the caller (delete it too). */
  model(): Model;
  /**
   * Frees the C++ side of this Trainer. The WebAssembly heap is not garbage-collected:
   * without delete() the memory stays allocated after the JS object is gone.
   * Safe to call twice; other uses afterwards throw.
   */
  delete(): void;
  /** Same as `delete()`, for `using` declarations. */
  [Symbol.dispose](): void;
  /** True once `delete()` has been called. */
  readonly isDeleted: boolean;
}

export type { Trainer };
