// Models trained by Spark MLlib's ALS, opened with mfcf (see ../index.d.ts and
// docs/spark.md).
import type { IdArray } from './data.js';

/**
 * Spark's training settings, by Spark's names. An ALSModel's metadata names
 * none of them (Spark saves them with the estimator), so give the ones your
 * run set; the rest are Spark's defaults.
 */
export interface SparkSettings {
  /** Spark's regParam (default 0.1): lambda, scaled by each user's rating count (or positives) in fold-in. */
  regParam?: number;
  /** The model was trained with implicitPrefs (default false): fold-in then weighs ratings as confidences 1 + alpha r. */
  implicitPrefs?: boolean;
  /** Spark's alpha (default 1.0), for implicitPrefs. */
  alpha?: number;
  /** Spark's maxIter (default 10), kept as the model's iteration count. */
  maxIter?: number;
  /** The ratings fold-in accepts, [min, max] (default [0.5, 5]); explicit predictions are clipped to it. */
  scale?: [number, number];
}

/** Options of {@link Mfcf.importSpark}. */
export interface SparkImportOptions extends SparkSettings {
  /** Refuse, before reading any, parts that hold more bytes (default: what the heap can still grow to). */
  maxBytes?: number;
}

/**
 * A file of a Spark model folder: a `File` (a folder picker's, whose
 * `webkitRelativePath` names its place), or a path with a Blob or bytes.
 * Paths are relative and '/'-separated, e.g. `'als/itemFactors/part-00000-...-c000.snappy.parquet'`.
 */
export type SparkFile = File | { path: string; file: Blob } | { path: string; bytes: Uint8Array };

/** Factors already in memory, for {@link Model.fromFactors}. */
export interface FactorArrays extends SparkSettings {
  /** Item ids, one per row of itemFactors. */
  itemIds: IdArray;
  /** rank numbers per item, one item after another. */
  itemFactors: ArrayLike<number>;
  /** User ids (optional: items alone give similar items, the map and fold-in). */
  userIds?: IdArray;
  userFactors?: ArrayLike<number>;
  /** The rank (default: itemFactors.length / itemIds.length). */
  rank?: number;
}

/** What an imported model came from ({@link Mfcf.sparkSource}). */
export interface SparkSource {
  /** From the metadata (null without one). */
  sparkVersion: string | null;
  uid: string | null;
  coldStartStrategy: string | null;
  rank: number;
  /** The settings fold-in uses. */
  implicitPrefs: boolean;
  regParam: number;
  alpha: number;
  maxIter: number;
  /** 'ALSModel.save' (its folders) or 'JSON lines' (bare part files). */
  layout: 'ALSModel.save' | 'JSON lines';
  /** The model's folder as the paths give it ('' or 'name/'). */
  root: string;
  /** Part files read. */
  parts: number;
  format: 'parquet' | 'json';
}
