// Trained models of mfcf and their uses (see ../index.d.ts).
import type { Dataset, IdArray, RawId, WasmObject } from './data.js';
import type { ResolvedOptions } from './training.js';
import type { FactorArrays } from './spark.js';

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

/** How {@link Model.similarItems} compares two item vectors. */
export type Similarity = 'cosine' | 'dot';

/** A scored item, highest score first in every list. */
export interface Scored {
  /** The item's raw id. */
  id: RawId;
  /** Ranking score (recommend; the predicted rating with shrinkage 0, a preference for implicit ALS) or the similarity (similarItems: cosine, or the dot product). */
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
  /**
   * ALS and SGD models rank by mu + b_u + w (b_i + p.q), w = n_i / (n_i +
   * shrinkage), so that items with few ratings do not top the list (default
   * 500, docs/ranking.md); 0 ranks by the predicted rating. Implicit ALS
   * ranks by p.q.
   */
  shrinkage?: number;
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
  /**
   * A model of factors trained elsewhere (Spark's ALS): no biases, rating
   * counts unknown, fold-in as Spark's user step (see docs/spark.md).
   * @throws MfError `CorruptModel` naming the row of a bad value, a rank that differs or a repeated id.
   */
  static fromFactors(factors: FactorArrays): Model;
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
  /** The options it was trained with (a copy), less the thread count, which a model file does not keep. */
  readonly options: Omit<ResolvedOptions, 'threads'>;
  /** Predicted rating; unknown ids give a flagged fallback, never NaN. */
  predict(userId: RawId, itemId: RawId, options?: { clip?: boolean }): Prediction;
  /**
   * Top-N items for a known user by ranking score (see `shrinkage`). Rated items are
   * excluded only if given in `exclude` (the model does not store who rated what).
   * @throws MfError `UnknownId` for a user without training ratings.
   */
  recommend(userId: RawId, options?: RecommendOptions): Scored[];
  /**
   * Items most similar by the cosine of the item factors (`measure: 'cosine'`,
   * default) or by their dot product (`'dot'`, which grows with the vectors'
   * lengths and so favours popular items). @throws MfError `UnknownId`;
   * `InvalidArgument` naming `measure` for another name.
   */
  similarItems(itemId: RawId, options?: { n?: number; minRatings?: number; measure?: Similarity }): Scored[];
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
  /** The model as bytes (format MFMODEL version 2, see core/include/mf/io.hpp). */
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

export type { Model };
