// What the page offers: the bundled data sets and the ready-made comparisons.

export const DATASETS = {
  dense: { name: 'dense subset (300 × 300)', ratings: 'data/dense-subset/ratings.csv', movies: 'data/dense-subset/movies.csv', minRatings: 5 },
  small: { name: 'ml-latest-small', ratings: 'data/ml-latest-small/ratings.csv', movies: 'data/ml-latest-small/movies.csv', minRatings: 20 },
};

// The explorer's "at least N ratings" for an uploaded file.
export const UPLOAD_MIN_RATINGS = 5;

// A bundled data set as the worker loads it: absolute URLs (the worker's base is its own script's).
export function bundledRequest(key) {
  const d = DATASETS[key];
  const url = (file) => new URL(file, document.baseURI).href;
  return { key, name: d.name, ratingsUrl: url(d.ratings), moviesUrl: url(d.movies) };
}

// Each run is a change of settings (lib/state.js names) over the defaults of its algorithm.
export const PRESETS = {
  'als-sgd': {
    note: 'ALS and SGD with the same factors on the same split, each with its usual regularization and iteration count.',
    runs: [
      { algo: 'als', zero: false, biases: true },
      { algo: 'sgd', zero: false, biases: true },
    ],
  },
  overfit: {
    note: 'The seeds\' experiment: ALS with 40 factors, no biases, plain λ, 10 ratings of every user held out; ' +
      'first without any regularization, then with λ = 30, then the biased ALS-WR default for reference.',
    runs: [
      { algo: 'als', zero: false, biases: false, scaling: 'none', k: 40, regU: 0, regI: 0, iters: 15, split: 'holdout', holdout: 10 },
      { algo: 'als', zero: false, biases: false, scaling: 'none', k: 40, regU: 30, regI: 30, iters: 15, split: 'holdout', holdout: 10 },
      { algo: 'als', zero: false, biases: true, scaling: 'count', k: 40, regU: 0.1, regI: 0.1, iters: 15, split: 'holdout', holdout: 10 },
    ],
  },
  zero: {
    note: 'Missing = 0 ALS against ALS on the observed ratings only, same k = 10 and plain λ = 0.1, no biases; then biased ALS-WR.',
    runs: [
      { algo: 'als', zero: true, biases: false, scaling: 'none', k: 10, regU: 0.1, regI: 0.1, iters: 10 },
      { algo: 'als', zero: false, biases: false, scaling: 'none', k: 10, regU: 0.1, regI: 0.1, iters: 10 },
      { algo: 'als', zero: false, biases: true, scaling: 'count', k: 10, regU: 0.1, regI: 0.1, iters: 10 },
    ],
    summary: true,
  },
};
