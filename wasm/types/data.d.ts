// Ratings data, splits and movie lists of mfcf (see ../index.d.ts).
/// <reference lib="esnext.disposable" />
import type { TestSetReport } from './ranking.js';

/** A raw id, as in the data (MovieLens userId / movieId): a safe integer. */
export type RawId = number;
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
  /**
   * Implicit feedback: lines are `user,item[,count]` (2 or 3 fields, count 1
   * when absent), a count any number > 0 up to 1e9, not held to `scale`
   * (default false). Ranking evaluation then counts every test rating as relevant.
   */
  implicit?: boolean;
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

/** Where {@link Dataset.fromBlob} is: counting lines, then parsing; `done` of `total` bytes. */
export interface LoadProgress {
  phase: 'count' | 'parse';
  done: number;
  total: number;
}

/** Options of {@link Dataset.fromBlob}: the load options and how to read. */
export interface BlobLoadOptions extends LoadOptions {
  /** Called after each chunk of each phase. */
  onProgress?: (progress: LoadProgress) => void;
  /** Bytes read at a time (default 4 MiB). */
  chunkBytes?: number;
  /** Refuse a file whose loading would need more bytes than this (default: what the module's memory can still grow by). */
  memoryLimit?: number;
}

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
   * Parses a ratings Blob or File (in node: `fs.openAsBlob(path)`) chunk by chunk,
   * as fromCSV parses text: the file never sits whole in memory. It counts the
   * lines first and refuses a file whose loading would not fit before parsing it.
   * `source` defaults to the File's name.
   * @throws MfError `Resource` naming the file, the memory it needs and the limit;
   *   `Parse` naming the source and line.
   */
  static fromBlob(blob: Blob, options?: BlobLoadOptions): Promise<Dataset>;
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
  /** Loaded with `implicit: true`. */
  readonly implicit: boolean;
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
  ratings(): RatingArrays;
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

/** Ratings as parallel arrays: raw user ids, raw item ids, values. */
export interface RatingArrays {
  users: Float64Array;
  items: Float64Array;
  values: Float32Array;
}

/** A train/test split of one Dataset (use it only with that dataset). Owns WebAssembly memory: call `delete()`. */
declare class Split implements WasmObject {
  private constructor();
  /**
   * Trains on every rating of `train` and tests on those of `test`, a data
   * set of its own that shares train's raw ids (MovieLens 100K's `u1.base`
   * and `u1.test`). Test ratings whose user or item `train` lacks, or whose
   * (user, item) `train` also rates, are left out and counted in
   * `testSetReport`. The split belongs to `train`.
   * @throws MfError `InvalidArgument` when no test rating is left.
   */
  static fromDatasets(train: Dataset, test: Dataset): Split;
  /**
   * Tests on the ratings at `testIndices` (positions in `data.ratings()`, each
   * once) and trains on the others.
   * @throws MfError `InvalidArgument` naming `testIndices` for a position out of range or given twice.
   */
  static fromTestIndices(data: Dataset, testIndices: ArrayLike<number>): Split;
  /** What {@link Split.fromDatasets} left out (a copy); null for other splits. */
  readonly testSetReport: TestSetReport | null;
  /** Ratings in the training set. */
  readonly numTrain: number;
  /** Ratings in the test set (0: no test set; then test metrics are null). */
  readonly numTest: number;
  /** The training ratings with raw ids, in load order (copies). */
  trainRatings(): RatingArrays;
  /** The test ratings with raw ids, in load order (copies): which movies each user's held-out ratings are. */
  testRatings(): RatingArrays;
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

/** A movie of movies.csv, as {@link Mfcf.parseMovies} reads it. */
export interface Movie {
  /** movieId, a raw item id. */
  id: RawId;
  /** The title as written, quotes undone (`American President, The (1995)`). */
  title: string;
  /** The genres field as written, e.g. `Adventure|Animation` or `(no genres listed)`. */
  genres: string;
}

export type { Dataset, Split };
