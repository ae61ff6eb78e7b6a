// Type declarations of mfcf, the WebAssembly build of the matrix-factorization
// engine (hand-written; the implementation is wasm/index.js and wasm/node.js).
/// <reference lib="esnext.disposable" />

/**
 * Loads the WebAssembly module and returns the API bound to it. Each call
 * makes a new, independent module instance with its own heap.
 *
 * In a page or worker the `.wasm` is fetched from next to `mfcf-core.js`
 * (`new URL('mfcf-core.wasm', import.meta.url)`); `locateFile` or
 * `wasmBinary` override that. In node the package's node entry reads the file
 * itself.
 *
 * @example
 * const mf = await createMfcf();
 * const data = mf.Dataset.fromCSV(text);
 * const split = data.split({ testFraction: 0.1, seed: 42 });
 * const trainer = new mf.Trainer(data, split, { algorithm: 'als', factors: 40 });
 * for (let i = 0; i < 10; i++) console.log(trainer.step().testRmse);
 * const model = trainer.model();
 * console.log(model.recommend(1, { n: 5, exclude: data }));
 * model.delete(); trainer.delete(); split.delete(); data.delete();
 */
export default function createMfcf(options?: FactoryOptions): Promise<Mfcf>;

/** Options of {@link createMfcf}; all optional. */
export interface FactoryOptions {
  /** Maps a file the module needs (`'mfcf-core.wasm'`) to its URL, e.g. for a CDN or a bundler's asset URL. */
  locateFile?: (path: string, scriptDirectory: string) => string;
  /** The `.wasm` bytes, to skip fetching them. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Receives the module's standard output (unused by the library; defaults to console.log). */
  print?: (text: string) => void;
  /** Receives the module's standard error (defaults to console.warn). */
  printErr?: (text: string) => void;
  /** Emscripten's hook to instantiate the module yourself (advanced). */
  instantiateWasm?: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => unknown;
  /** Called if the module aborts (a bug: library errors are thrown as {@link MfError}). */
  onAbort?: (what: unknown) => void;
}

/**
 * The class of a failure: the C++ engine's `mf::ErrorKind` names.
 * `InvalidArgument` is also used for type errors found in JS.
 */
export type ErrorKind =
  | 'Parse'
  | 'InvalidArgument'
  | 'UnknownId'
  | 'CorruptModel'
  | 'Io'
  | 'Resource'
  | 'Cancelled'
  | 'Error';

/**
 * Every error the library throws. `message` is the C++ engine's message, the
 * same text the `mf` command-line tool prints (it names the file and line, the
 * parameter and its value, or the unknown id), with options spelled as this
 * API names them where the tool writes its flags. After an MfError the module
 * keeps working.
 */
export declare class MfError extends Error {
  /** Made by the library; `kind` classifies, `message` explains. */
  constructor(kind: ErrorKind, message: string, parts?: string[]);
  /** Always `'MfError'`. */
  readonly name: 'MfError';
  /** What went wrong, as a stable name to branch on. */
  readonly kind: ErrorKind;
  /**
   * The option the error is about, as this API names it (`'learningRate'`,
   * `'regularization.user'`), or undefined. The message names it the same way.
   */
  readonly parameter?: string;
  /**
   * The message with every option it names spelled by `spell` (given this
   * API's name), e.g. a form's field label: the engine's words, your names.
   */
  messageWith(spell: (name: string) => string): string;
}

/** A raw id, as in the data (MovieLens userId / movieId): a safe integer. */
export type RawId = number;

/** The API of one module instance, returned by {@link createMfcf}. */
export interface Mfcf {
  /** Ratings data; made with `Dataset.fromCSV` or `Dataset.fromArrays`. */
  readonly Dataset: typeof Dataset;
  /** A train/test split; made with `Dataset.split`. */
  readonly Split: typeof Split;
  /** Step-wise training: `new mf.Trainer(data, split, options)`. */
  readonly Trainer: typeof Trainer;
  /** A trained model: from `Trainer.model()` or `Model.load(bytes)`. */
  readonly Model: typeof Model;
  /** The error class thrown by this instance (same as the package's `MfError` export). */
  readonly MfError: typeof MfError;

  /**
   * Trains every combination of `spec.factors` x `spec.regularization`
   * (x `spec.learningRates` for SGD) from the same split and seed for
   * `spec.iterations` steps, keeping each cell's best test error. Needs a
   * non-empty test set. Synchronous and long: run it in a worker.
   *
   * @param onProgress called after every step with the steps done and the
   *   total; return `false` to cancel (an MfError of kind `Cancelled` is then
   *   thrown). An exception it throws cancels the search and is rethrown.
   */
  gridSearch(
    data: Dataset,
    split: Split,
    baseOptions: TrainOptions | undefined,
    spec: GridSpec,
    onProgress?: (done: number, total: number) => boolean | void,
  ): GridResult;

  /** The defaults of an algorithm (the C++ `default_options`), as a resolved options object. */
  defaultOptions(algorithm?: Algorithm): ResolvedOptions;

  /**
   * Debug helper: how many wasm-backed objects of each class exist and have not
   * been deleted. A count that keeps growing reveals a missing `delete()`.
   */
  liveObjects(): { Dataset: number; Split: number; Trainer: number; Model: number };

  /** Current size of the WebAssembly memory in bytes (it grows on demand and never shrinks). */
  heapBytes(): number;

  /** Bytes currently allocated inside the WebAssembly heap (malloc's in-use total): falls back when objects are deleted. */
  heapUsedBytes(): number;
}

/**
 * What every class backed by WebAssembly memory (Dataset, Split, Trainer,
 * Model) has.
 *
 * **WebAssembly memory is not garbage-collected.** Dropping the last JS
 * reference to one of these objects does not free its C++ side: call
 * `delete()` when done (or declare it with `using` where supported), or the
 * heap keeps growing. `liveObjects()` shows what is still alive.
 */
export interface WasmObject extends Disposable {
  /**
   * Frees the C++ object. Needed because the wasm heap is not garbage-collected.
   * Safe to call twice; any other use afterwards throws an MfError
   * (`InvalidArgument`, "this ... was deleted").
   */
  delete(): void;
  /** Same as `delete()`, for `using` declarations (explicit resource management). */
  [Symbol.dispose](): void;
  /** True once `delete()` has been called. */
  readonly isDeleted: boolean;
}

/** Ratings file formats; `auto` detects from the first data line. */
export type Format = 'auto' | 'csv' | 'tsv' | 'dat';

/** Options of {@link Dataset.fromCSV} and {@link Dataset.fromArrays}. Unknown keys throw. */
export interface LoadOptions {
  /** `csv` (ratings.csv), `tsv` (u.data), `dat` (ratings.dat, `::`) or `auto` (default). */
  format?: Format;
  /** A second rating of the same (user, item): `'error'` (default) or `'last'` (the later one replaces it). */
  duplicates?: 'error' | 'last';
  /** Skip malformed lines and list them in `report.badLines` instead of throwing (default false). */
  skipBadLines?: boolean;
  /** The rating scale `[min, max]` (default `[0.5, 5]`): ratings outside are errors, predictions are clipped to it. */
  scale?: [number, number];
  /** The name used in messages, e.g. the file name (default `'ratings'`, or `'arrays'` for fromArrays). */
  source?: string;
}

/** What loading did. */
export interface LoadReport {
  /** The format used (detected or given). */
  format: Format;
  /** Lines read (header and blank lines included), or entries for fromArrays. */
  lines: number;
  /** Ratings kept. */
  accepted: number;
  /** Duplicates replaced under `duplicates: 'last'`. */
  replaced: number;
  /** Bad lines skipped under `skipBadLines`. */
  skipped: number;
  /** The first 100 skipped lines: 1-based line (or 0-based entry) and the full message. */
  badLines: { line: number; message: string }[];
}

/** An array of raw ids: plain numbers or a typed array holding integers. */
export type IdArray = ArrayLike<number>;

/** Ratings with raw user and item ids. Owns WebAssembly memory: call `delete()`. */
declare class Dataset implements WasmObject {
  private constructor();
  /**
   * Parses ratings text: MovieLens `ratings.csv` (`userId,movieId,rating[,timestamp]`,
   * header optional), `u.data` (tab-separated) or `ratings.dat` (`::`).
   * @param text the file's text, or its bytes (UTF-8) as a Uint8Array.
   * @throws MfError `Parse` naming the source and line; `InvalidArgument` for bad options
   *   or ids beyond 2^53 - 1.
   */
  static fromCSV(text: string | Uint8Array, options?: LoadOptions): Dataset;
  /**
   * Builds a dataset from parallel arrays, checked like file lines ("entry 3: ...").
   * @param users raw user ids (safe integers)
   * @param items raw item ids (safe integers)
   * @param ratings the ratings, same length
   */
  static fromArrays(users: IdArray, items: IdArray, ratings: ArrayLike<number>, options?: LoadOptions): Dataset;
  /** Distinct users. */
  readonly numUsers: number;
  /** Distinct items. */
  readonly numItems: number;
  /** Ratings kept. */
  readonly numRatings: number;
  /** What loading did (a copy). */
  readonly report: LoadReport;
  /** Raw user ids in order of first appearance (a copy). */
  userIds(): Float64Array;
  /** Raw item ids in order of first appearance (a copy). */
  itemIds(): Float64Array;
  /** Raw ids of the items this user rated (empty for an unknown user). */
  ratedItems(userId: RawId): Float64Array;
  /** Ratings per item, in `itemIds()` order. */
  itemCounts(): Uint32Array;
  /**
   * Every rating kept, in load order, as three parallel arrays (copies): raw user
   * ids, raw item ids and values. A duplicate replaced under `duplicates: 'last'`
   * appears once, with the later value, at the place of the first.
   */
  ratings(): { users: Float64Array; items: Float64Array; values: Float32Array };
  /**
   * A seeded train/test split: `{ testFraction, seed }` puts round(n x testFraction)
   * random ratings in test (default 0.1, seed 42); `{ holdout, seed, minTrain }`
   * puts `holdout` ratings of every user with at least `holdout + minTrain`
   * (default 1) ratings in test.
   */
  split(options?: SplitOptions): Split;
  /**
   * Frees the C++ side of this Dataset. The WebAssembly heap is not garbage-collected:
   * without delete() the memory stays allocated after the JS object is gone.
   * Safe to call twice; other uses afterwards throw.
   */
  delete(): void;
  /** Same as `delete()`, for `using` declarations. */
  [Symbol.dispose](): void;
  /** True once `delete()` has been called. */
  readonly isDeleted: boolean;
}

/** Options of {@link Dataset.split}. */
export interface SplitOptions {
  /** Share of ratings in test, 0 < f < 1 (default 0.1). */
  testFraction?: number;
  /** Per-user holdout: this many ratings of every user go to test (instead of testFraction). */
  holdout?: number;
  /** Holdout only: users keep at least this many training ratings (default 1). */
  minTrain?: number;
  /** Seed of the shuffle (default 42). */
  seed?: number;
}

/** A train/test split of one Dataset (use it only with that dataset). Owns WebAssembly memory: call `delete()`. */
declare class Split implements WasmObject {
  private constructor();
  /** Ratings in the training set. */
  readonly numTrain: number;
  /** Ratings in the test set (0: no test set; then test metrics are null). */
  readonly numTest: number;
  /**
   * Frees the C++ side of this Split. The WebAssembly heap is not garbage-collected:
   * without delete() the memory stays allocated after the JS object is gone.
   * Safe to call twice; other uses afterwards throw.
   */
  delete(): void;
  /** Same as `delete()`, for `using` declarations. */
  [Symbol.dispose](): void;
  /** True once `delete()` has been called. */
  readonly isDeleted: boolean;
}

/** Alternating least squares or stochastic gradient descent. */
export type Algorithm = 'als' | 'sgd';

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
 * 40 factors, 30 epochs, lambda 0.05, learning rate 0.01). Unknown keys and
 * wrong types throw an MfError naming the key; out-of-range values throw the
 * engine's message.
 */
export interface TrainOptions {
  /** `'als'` (default) or `'sgd'`. */
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
}

/** Options with every default filled in, as `Trainer.options` and `Model.options` report them. */
export interface ResolvedOptions {
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
}

/** One point of the learning curve, returned by {@link Trainer.step}. */
export interface StepResult {
  /** 1-based number of the step just run. */
  epoch: number;
  /** Mean squared error of the clipped predictions on the training set. */
  trainMse: number;
  /** Root of trainMse. */
  trainRmse: number;
  /** Mean absolute error on the training set. */
  trainMae: number;
  /** Test-set MSE; null when the split has no test set (also for the two below). */
  testMse: number | null;
  /** Test-set RMSE. */
  testRmse: number | null;
  /** Test-set mean absolute error. */
  testMae: number | null;
  /** The regularized training loss after the step. */
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

/** A prediction. */
export interface Prediction {
  /** The predicted rating (clipped to the scale unless `clip: false`). */
  value: number;
  /** The model has training ratings for this user. */
  userKnown: boolean;
  /** The model has training ratings for this item. */
  itemKnown: boolean;
  /** True when user or item is unknown: the value is mu plus whatever bias is known. */
  fallback: boolean;
}

/** A scored item, highest score first in every list. */
export interface Scored {
  /** The item's raw id. */
  id: RawId;
  /** Predicted rating (recommend) or cosine similarity (similarItems). */
  score: number;
}

/** Options of {@link Model.recommend} and {@link Model.recommendFor}. */
export interface RecommendOptions {
  /** How many items (default 10). */
  n?: number;
  /**
   * Items never to return: raw ids, or a Dataset whose ratings by this user are
   * excluded (e.g. the training data, to skip what the user already rated).
   * recommendFor accepts raw ids only.
   */
  exclude?: IdArray | Dataset;
  /** Skip items with fewer training ratings (default 1). */
  minRatings?: number;
}

/** A new user's vector solved against the fixed item factors. */
export interface UserVector {
  /** b_u (0 without biases). */
  bias: number;
  /** p_u, numFactors values. */
  factors: Float32Array;
}

/** A 2-D PCA map of the item factors. */
export interface Projection {
  /** Raw ids of the items shown. */
  ids: Float64Array;
  /** First principal coordinate of each item. */
  x: Float32Array;
  /** Second principal coordinate of each item. */
  y: Float32Array;
  /** Share of the variance along each axis. */
  explained: [number, number];
}

/**
 * A trained factorization: r_hat(u, i) = mu + b_u + b_i + p_u . q_i (or p_u . q_i
 * without biases). Owns WebAssembly memory: call `delete()`.
 */
declare class Model implements WasmObject {
  private constructor();
  /**
   * Reads a model written by `save()` or `mf train --save`.
   * @throws MfError `CorruptModel` for truncated, damaged or foreign bytes.
   */
  static load(bytes: Uint8Array): Model;
  /** k. */
  readonly numFactors: number;
  /** Users in the model (rows of userFactors). */
  readonly numUsers: number;
  /** Items in the model (rows of itemFactors). */
  readonly numItems: number;
  /** mu, the mean training rating. */
  readonly globalMean: number;
  /** The rating scale [min, max] predictions are clipped to. */
  readonly scale: [number, number];
  /** The options it was trained with (a copy). */
  readonly options: ResolvedOptions;
  /** Predicted rating; unknown ids give a flagged fallback, never NaN. */
  predict(userId: RawId, itemId: RawId, options?: { clip?: boolean }): Prediction;
  /**
   * Top-N items for a known user by unclipped predicted rating. Rated items are
   * excluded only if given in `exclude` (the model does not store who rated what).
   * @throws MfError `UnknownId` for a user without training ratings.
   */
  recommend(userId: RawId, options?: RecommendOptions): Scored[];
  /** Items most similar by cosine of item factors. @throws MfError `UnknownId`. */
  similarItems(itemId: RawId, options?: { n?: number; minRatings?: number }): Scored[];
  /**
   * A new user's vector from `[itemId, rating]` pairs, solved in closed form
   * against the item factors (exactly an ALS user step).
   * @throws MfError `UnknownId` for an unknown item, `InvalidArgument` for a rating off the scale.
   */
  foldIn(ratings: [RawId, number][]): UserVector;
  /** Fold-in and recommend for a new user; never returns the items in `ratings`. */
  recommendFor(ratings: [RawId, number][], options?: RecommendOptions): Scored[];
  /** User factors, numUsers x numFactors, row-major in `userIds()` order (a copy). */
  userFactors(): Float32Array;
  /** Item factors, numItems x numFactors, row-major in `itemIds()` order (a copy). */
  itemFactors(): Float32Array;
  /** User biases b_u (zeros without biases; a copy). */
  userBiases(): Float32Array;
  /** Item biases b_i (a copy). */
  itemBiases(): Float32Array;
  /** Raw user ids, the rows of `userFactors()`. */
  userIds(): Float64Array;
  /** Raw item ids, the rows of `itemFactors()`. */
  itemIds(): Float64Array;
  /** Training ratings per user. */
  userCounts(): Uint32Array;
  /** Training ratings per item. */
  itemCounts(): Uint32Array;
  /** PCA of the item factors of items with at least `minRatings` (default 1) training ratings. */
  project(options?: { minRatings?: number }): Projection;
  /** The model as bytes (format MFMODEL version 1, see core/include/mf/io.hpp). */
  save(): Uint8Array;
  /**
   * Frees the C++ side of this Model. The WebAssembly heap is not garbage-collected:
   * without delete() the memory stays allocated after the JS object is gone.
   * Safe to call twice; other uses afterwards throw.
   */
  delete(): void;
  /** Same as `delete()`, for `using` declarations. */
  [Symbol.dispose](): void;
  /** True once `delete()` has been called. */
  readonly isDeleted: boolean;
}

/** What {@link Mfcf.gridSearch} tries. */
export interface GridSpec {
  /** Factor counts (default: the base options' factors). */
  factors?: number[];
  /** Regularization values, each applied to all four lambdas (default: the base options' user lambda). */
  regularization?: number[];
  /** SGD learning rates (ignored for ALS; default: the base options'). */
  learningRates?: number[];
  /** Steps per cell (default: the base options' iterations). */
  iterations?: number;
}

/** One cell of a grid search. */
export interface GridCell {
  /** k of this cell. */
  factors: number;
  /** The lambda of all four terms. */
  regularization: number;
  /** The SGD learning rate (the base options' for ALS). */
  learningRate: number;
  /** 1-based step with the lowest test MSE (0 if the first step diverged). */
  bestIteration: number;
  /** Lowest test MSE over the steps. */
  bestTestMse: number;
  /** Its root. */
  bestTestRmse: number;
  /** Training MSE at that step. */
  trainMseAtBest: number;
  /** Training diverged before `iterations`. */
  diverged: boolean;
  /** The test RMSE after each step run. */
  testRmse: number[];
}

/** What {@link Mfcf.gridSearch} returns. */
export interface GridResult {
  /** Factors-major, then regularization, then learning rate. */
  cells: GridCell[];
  /** Index of the cell with the lowest best test MSE. */
  best: number;
}

// The classes exist per module instance (mf.Dataset, ...), not as exports of
// the package: export their types only.
export type { Dataset, Split, Trainer, Model };
