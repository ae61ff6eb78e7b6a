// The page's plain modules, without a browser: URL state and movie parsing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHash, toHash, defaults, normalize, trainerOptions, splitOptions, describe as label } from '../../web/lib/state.js';
import { parseMovies, splitCsvLine, yearOf } from '../../web/lib/movies.js';
import { thousands, tick } from '../../web/lib/format.js';

describe('settings in the URL hash', () => {
  it('round-trips every setting, the seed included', () => {
    const s = { ...defaults(), algo: 'sgd', k: 7, regU: 0.02, regI: 0.3, lr: 0.005, iters: 44, split: 'holdout', holdout: 3, seed: 123456, metric: 'mse', data: 'small' };
    const { settings, hidden } = parseHash(toHash(s));
    assert.deepEqual(settings, s);
    assert.equal(hidden.size, 0);
  });

  it('falls back to the default for unknown keys and bad values', () => {
    const { settings } = parseHash('#k=-3&algo=adam&regU=abc&seed=1.5&test=0.9&bogus=1&iters=20');
    const d = defaults();
    assert.equal(settings.k, d.k);
    assert.equal(settings.algo, d.algo);
    assert.equal(settings.regU, d.regU);
    assert.equal(settings.seed, d.seed);
    assert.equal(settings.test, d.test);
    assert.equal(settings.iters, 20);
  });

  it('reads "_hide" keys as controls to hide', () => {
    const { hidden } = parseHash('#algo=sgd&algo_hide&seed_hide=true&k_hide=false&nonsense_hide');
    assert.deepEqual([...hidden].sort(), ['algo', 'seed']);
    assert.match(toHash(defaults(), hidden), /&algo_hide&seed_hide$/);
  });

  it('makes missing = 0 consistent: ALS only, no biases, plain λ', () => {
    assert.deepEqual(
      (({ zero, biases, scaling }) => ({ zero, biases, scaling }))(normalize({ ...defaults(), zero: true })),
      { zero: true, biases: false, scaling: 'none' });
    assert.equal(normalize({ ...defaults(), zero: true, algo: 'sgd' }).zero, false);
  });

  it('maps settings to the wasm Trainer and split options', () => {
    const s = { ...defaults(), algo: 'sgd', k: 8, regU: 0.1, regI: 0.2, lr: 0.03, seed: 9 };
    assert.deepEqual(trainerOptions(s), {
      algorithm: 'sgd', factors: 8, iterations: s.iters,
      regularization: { user: 0.1, item: 0.2, userBias: 0.1, itemBias: 0.2 },
      regularizationScaling: 'none', learningRate: 0.03, biases: true, missingAsZero: false, seed: 9,
    });
    assert.deepEqual(splitOptions({ ...s, split: 'holdout', holdout: 4 }), { holdout: 4, seed: 9 });
    assert.deepEqual(splitOptions(s), { testFraction: s.test, seed: 9 });
  });

  it('labels runs by what differs between them', () => {
    assert.equal(label({ ...defaults() }), 'ALS k=20 λ=0.1');
    assert.equal(label(normalize({ ...defaults(), zero: true })), 'ALS missing=0 k=20 λ=0.1');
    assert.equal(label({ ...defaults(), algo: 'sgd', regI: 0.2 }), 'SGD k=20 λu=0.1 λi=0.2 η=0.01');
  });
});

describe('movies.csv', () => {
  it('splits quoted fields with commas and doubled quotes', () => {
    assert.deepEqual(splitCsvLine('11,"American President, The (1995)",Comedy|Drama|Romance'),
      ['11', 'American President, The (1995)', 'Comedy|Drama|Romance']);
    assert.deepEqual(splitCsvLine('7,"Say ""Hi"" (2001)",Drama'), ['7', 'Say "Hi" (2001)', 'Drama']);
  });

  it('reads ids, titles, years and genres, skipping bad lines', () => {
    const { movies, skipped } = parseMovies('movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n' +
      'x,broken\n2,Untitled,(no genres listed)\r\n3,"Babylon 5 (1994-1998)",Sci-Fi\n');
    assert.equal(skipped, 1);
    assert.deepEqual(movies.get(1), { id: 1, title: 'Toy Story (1995)', year: 1995, genres: ['Adventure', 'Animation'] });
    assert.deepEqual(movies.get(2), { id: 2, title: 'Untitled', year: null, genres: [] });
    assert.equal(yearOf(movies.get(3).title), 1994);
  });
});

describe('movies.csv fast path', () => {
  it('reads the bundled movies.csv exactly as the quote-aware splitter does, line by line', () => {
    const text = readFileSync(new URL('../../public/data/ml-latest-small/movies.csv', import.meta.url), 'utf8');
    const { movies } = parseMovies(text);
    let quoted = 0;
    for (const line of text.split(/\r?\n/).slice(1).filter((l) => l.trim())) {
      const f = splitCsvLine(line);
      if (line.includes('"')) quoted++;
      assert.equal(movies.get(Number(f[0]))?.title, f[1].trim(), line);
    }
    assert.ok(quoted > 100, 'the file has quoted titles to compare');
    assert.equal(movies.size, 9742);
  });
});

describe('number formatting', () => {
  it('groups thousands and trims float noise from ticks', () => {
    assert.equal(thousands(100836), '100,836');
    assert.equal(thousands(27), '27');
    assert.equal(tick(0.30000000000000004), '0.3');
    assert.equal(tick(1), '1');
  });
});
