// Type declarations of mfcf, the WebAssembly build of the matrix-factorization
// engine (hand-written; the implementation is wasm/index.js and wasm/node.js).
/// <reference lib="esnext.disposable" />
// The declarations by concern: types/errors.d.ts, types/data.d.ts,
// types/training.d.ts, types/model.d.ts, types/grid.d.ts and types/ranking.d.ts, all re-exported here.
import type { MfError } from './types/errors.js';
import type { Dataset, Movie, Split } from './types/data.js';
import type { Algorithm, ResolvedOptions, StepResult, Trainer, TrainOptions } from './types/training.js';
import type { Model } from './types/model.js';
import type { GridCell, GridResult, GridSpec, GridSplits, Metrics } from './types/grid.js';
import type { Baseline, Baselines, RankingMetrics, RankingOptions } from './types/ranking.js';
import type { SparkFile, SparkImportOptions, SparkSource } from './types/spark.js';

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
  /**
   * Which build to load. `true` (the default): the threaded build
   * (`mfcf-core-threads.*`, one Web Worker per extra thread, started with the
   * module) where it can run, i.e. in node and in a cross-origin isolated page
   * or worker (`crossOriginIsolated`: served with `Cross-Origin-Opener-Policy:
   * same-origin` and `Cross-Origin-Embedder-Policy: require-corp`), on up to
   * the logical cores (at most 16); elsewhere the single-threaded build.
   * `false`: the single-threaded build. A number n: at most n threads (1: the
   * single-threaded build). Results do not depend on it: see
   * {@link TrainOptions.threads}. Without `threads`, a module given
   * `wasmBinary` or `instantiateWasm` loads the single-threaded build
   * (`mfcf-core.wasm`).
   */
  threads?: boolean | number;
  /**
   * Maps a file the module needs to its URL, e.g. for a CDN or a bundler's
   * asset URL: `'mfcf-core.wasm'`, or for the threaded build
   * `'mfcf-core-threads.wasm'` and `'mfcf-core-threads.worker.js'`.
   */
  locateFile?: (path: string, scriptDirectory: string) => string;
  /** The `.wasm` bytes of the build loaded, to skip fetching them. */
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
   * (x `spec.learningRates` for SGD) from the same split and seed, choosing
   * on a validation set: a share `spec.validationFraction` of the split's
   * training ratings is held out, every cell trains on the rest for
   * `spec.iterations` steps (default: the algorithm's own count) and is judged
   * on the held-out share after each step. The chosen cell is the one with the
   * lowest validation MSE at its best step; only it is then trained again for
   * that many steps and measured on the test set, once (`test`). Synchronous
   * and long: run it in a worker (or share the cells out with the parts
   * below, as the page's worker pool does).
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

  /**
   * The parts of {@link Mfcf.gridSearch}, for sharing cells out to workers:
   * the cells in order (factors-major, then regularization, then learning
   * rate), each with its options validated for `data`.
   */
  gridCells(data: Dataset, baseOptions: TrainOptions | undefined, spec: GridSpec): GridCell[];
  /**
   * The two splits of a grid search, from `split` (made from `data`): `tune`
   * trains on the training ratings but the validation share and is judged on
   * that share; `final` trains on the same ratings and tests on the test set.
   * Both are owned by the caller (delete them).
   */
  gridSplits(data: Dataset, split: Split, spec: Pick<GridSpec, 'validationFraction' | 'validationSeed'>): GridSplits;
  /**
   * `cell` with one more step added: `step` is a result of `Trainer.step()`
   * of a Trainer made with `cell.options` on the `tune` split.
   */
  recordStep(cell: GridCell, step: StepResult): GridCell;
  /** Index of the chosen cell: the first with the lowest best validation MSE among those that finished a step. */
  bestCell(cells: GridCell[]): number;
  /** The test metrics of `cell` trained on `splits.final` for its best number of steps (count 0: no test set). */
  testChosen(data: Dataset, splits: GridSplits, cell: GridCell): Metrics;

  /**
   * The quality of the top-k lists of a model or a baseline on the test set of
   * `split` (made from `data`), by the protocol of docs/ranking.md: a test
   * rating >= `threshold` is relevant (every one with `anyRatingRelevant`);
   * users without a relevant test rating are skipped and counted; each
   * other user's candidates are all items of `data` the user has no training
   * rating for, and the top `k` of them by score is the list. A model is
   * matched to `data` by raw id, so a loaded model works too. One call
   * scores every item for every evaluated user: on ml-latest-small about
   * as long as one ALS sweep at 40 factors (docs/ranking.md).
   * @throws MfError `InvalidArgument` naming the bad option.
   */
  evaluateRanking(scorer: Model | Baseline, data: Dataset, split: Split, options?: RankingOptions): RankingMetrics;
  /** The baselines of {@link Mfcf.evaluateRanking}: most popular and damped mean rating. */
  readonly baselines: Baselines;

  /**
   * movies.csv (`movieId,title,genres`, titles quoted as MovieLens writes
   * them) read by the engine's parser.
   * @param source the name messages use, e.g. the file name.
   * @throws MfError `Parse` naming the source and line of the first bad line.
   */
  parseMovies(text: string | Uint8Array, source: string): Movie[];

  /**
   * A model saved by Spark MLlib's ALS: the files of the folder
   * `ALSModel.save(path)` wrote (metadata, itemFactors and userFactors, their
   * parts Parquet), picked together, or the part files of
   * `itemFactors.write.json(path)`. In node, also a folder's path. The factors
   * come in bit for bit, without biases; rating counts are unknown (filters by
   * count let every item through). See docs/spark.md.
   * @throws MfError `CorruptModel` for files of no model, a missing part, a
   *   rank that differs, a non-finite value or a repeated id (naming the part,
   *   row and id); `Parse` for a bad JSON line; `Resource` over the memory limit.
   */
  importSpark(files: Iterable<SparkFile> | ArrayLike<SparkFile> | string, options?: SparkImportOptions): Promise<Model>;
  /** What a model from {@link Mfcf.importSpark} came from; null for any other model. */
  sparkSource(model: Model): SparkSource | null;

  /** The defaults of an algorithm (the C++ `default_options`), as a resolved options object. */
  defaultOptions(algorithm?: Algorithm): ResolvedOptions;

  /** Whether the threaded build is loaded (see {@link FactoryOptions.threads}). */
  readonly threadsAvailable: boolean;

  /** The most threads a training step runs on: 1 in the single-threaded build. */
  readonly maxThreads: number;

  /**
   * Debug helper: how many wasm-backed objects of each class exist and have not
   * been deleted. A count that keeps growing reveals a missing `delete()`.
   */
  liveObjects(): { Dataset: number; Split: number; Trainer: number; Model: number };

  /** Current size of the WebAssembly memory in bytes (it grows on demand and never shrinks). */
  heapBytes(): number;

  /** Bytes currently allocated inside the WebAssembly heap (malloc's in-use total): falls back when objects are deleted. */
  heapUsedBytes(): number;

  /** Bytes the WebAssembly heap can still take (up to its 2 GB maximum). */
  heapRoomBytes(): number;

  /**
   * Bytes that loading a ratings text of `bytes` bytes and `lines` lines (line
   * feeds + 1) needs at its peak besides the text, as the engine estimates it
   * (Dataset.fromBlob refuses a file when this is over what the heap can take).
   */
  loadMemoryBytes(bytes: number, lines: number): number;
}

export { MfError } from './types/errors.js';
export type { ErrorKind } from './types/errors.js';
export type * from './types/data.js';
export type * from './types/training.js';
export type * from './types/model.js';
export type * from './types/grid.js';
export type * from './types/ranking.js';
export type * from './types/spark.js';
