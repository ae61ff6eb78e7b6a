// Ranking evaluation of mfcf and its baselines (see ../index.d.ts and docs/ranking.md).

/** Options of {@link Mfcf.evaluateRanking}. Unknown keys throw. */
export interface RankingOptions {
  /** List length (default 10; 1..100000). */
  k?: number;
  /** A test rating at or above it is relevant (default 4). */
  threshold?: number;
  /**
   * Every test rating is relevant, as for implicit feedback (default: true
   * for a Dataset loaded with `implicit: true`, else false).
   */
  anyRatingRelevant?: boolean;
  /**
   * Models that predict ratings (ALS, SGD): rank by mu + b_u + w (b_i + p.q),
   * w = n_i / (n_i + shrinkage), n_i the item's training ratings (default
   * 500; 0 ranks by the predicted rating). Ignored by implicit ALS, which
   * ranks by p.q; not accepted with a baseline.
   */
  shrinkage?: number;
}

/** The quality of the top-k lists, each metric averaged over the users evaluated. */
export interface RankingMetrics {
  /** The list length. */
  k: number;
  /** Relevant items in the list / k. */
  precision: number;
  /** Relevant items in the list / min(k, relevant test items). */
  recall: number;
  /** Discounted gain of the hits over that of a perfect list. */
  ndcg: number;
  /** Mean of precision at each hit's rank, over min(k, relevant test items). */
  map: number;
  /** Share of users with at least one hit. */
  hitRate: number;
  /** Share of (relevant, non-relevant candidate) pairs ranked the right way round (ties one half). */
  auc: number;
  /** Distinct items in all lists / items in the data set. */
  coverage: number;
  /** Users with at least one relevant test rating. */
  usersEvaluated: number;
  /** Users with none (not evaluated). */
  usersSkipped: number;
}

/** A baseline recommender, fitted on the split's training ratings when evaluated (no WebAssembly memory). */
export type Baseline =
  | { readonly baseline: 'popularity' }
  | { readonly baseline: 'dampedMean'; readonly damping: number };

/** The baselines every comparison needs. */
export interface Baselines {
  /** Most popular: the items with the most training ratings. */
  popularity(): Baseline;
  /** Damped mean rating: (sum of the item's ratings + damping x mu) / (count + damping); damping default 10. */
  dampedMean(options?: { damping?: number }): Baseline;
}

/** How a test set of its own ({@link Split.fromDatasets}) was taken into the split. */
export interface TestSetReport {
  /** Test ratings in the split. */
  kept: number;
  /** Left out: their user or item is not in the training data. */
  unseen: number;
  /** Distinct user ids only in the test data. */
  unseenUsers: number;
  /** Distinct item ids only in the test data. */
  unseenItems: number;
  /** Left out: the training data rates the same (user, item). */
  inTrain: number;
}
