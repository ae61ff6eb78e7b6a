// What the page offers: the bundled data sets and the ready-made comparisons.

export const DATASETS = {
  dense: { name: 'dense subset', ratings: 'data/dense-subset/ratings.csv', movies: 'data/dense-subset/movies.csv', minRatings: 5 },
  small: { name: 'ml-latest-small', ratings: 'data/ml-latest-small/ratings.csv', movies: 'data/ml-latest-small/movies.csv', minRatings: 20 },
};

// The explorer's "at least N ratings" for an uploaded file.
export const UPLOAD_MIN_RATINGS = 5;

// A bundled data set as the worker loads it: absolute URLs (the worker's base is its own script's).
export function bundledRequest(key) {
  const d = DATASETS[key];
  const url = (file) => new URL(file, document.baseURI).href;
  // binUrl: the ratings' binary form, made when the site is built (lib/ratings-bin.js).
  return { key, name: d.name, ratingsUrl: url(d.ratings), binUrl: url(d.ratings.replace(/\.csv$/, '.bin')), moviesUrl: url(d.movies) };
}

// Each run is a change of settings (lib/state.js names) over the defaults of
// its algorithm; the note says what to look at (run 1 is drawn blue, run 2
// orange-red, run 3 green: lib/curves.js's palette after a clear).
export const PRESETS = {
  'als-sgd': {
    note: 'ALS (blue) against SGD (orange-red) on the same split, each with its own usual λ and iteration count. ' +
      'Compare the solid test lines: ALS gets low in a few expensive iterations, SGD needs many cheap ones to come close.',
    runs: [
      { algo: 'als', zero: false, biases: true },
      { algo: 'sgd', zero: false, biases: true },
    ],
  },
  overfit: {
    note: 'ALS with 40 factors, no biases, plain λ, 10 ratings of every user held out. Blue has no regularization: each user ' +
      'vector fits that user\'s ratings as closely as it can (with the shortest vectors that do so, which still grow large, ' +
      'since nothing charges for their length), so the dashed training line falls to about 0.2 while the solid test line ' +
      'climbs towards 1.7: what it learned from the noise does not carry over to the held-out ratings. Orange-red charges ' +
      'λ = 30 for every vector\'s length: its lines stay together, but high (too timid). Green, biased ALS-WR with λ = 0.1, ' +
      'is the default for reference.',
    runs: [
      { algo: 'als', zero: false, biases: false, scaling: 'none', k: 40, regU: 0, regI: 0, iters: 15, split: 'holdout', holdout: 10 },
      { algo: 'als', zero: false, biases: false, scaling: 'none', k: 40, regU: 30, regI: 30, iters: 15, split: 'holdout', holdout: 10 },
      { algo: 'als', zero: false, biases: true, scaling: 'count', k: 40, regU: 0.1, regI: 0.1, iters: 15, split: 'holdout', holdout: 10 },
    ],
  },
  zero: {
    note: 'The textbook ALS that treats every missing rating as 0 (blue) against ALS on the observed ratings only ' +
      '(orange-red), both with k = 10, plain λ = 0.1 and no biases; then biased ALS-WR (green). Compare the solid test ' +
      'lines: treating missing ratings as 0 stays more than 2 stars off.',
    runs: [
      { algo: 'als', zero: true, biases: false, scaling: 'none', k: 10, regU: 0.1, regI: 0.1, iters: 10 },
      { algo: 'als', zero: false, biases: false, scaling: 'none', k: 10, regU: 0.1, regI: 0.1, iters: 10 },
      { algo: 'als', zero: false, biases: true, scaling: 'count', k: 10, regU: 0.1, regI: 0.1, iters: 10 },
    ],
    summary: true,
  },
};
