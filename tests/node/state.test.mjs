// The page's settings (web/lib/state.js) without a browser: the URL hash with
// the JS API's option names as keys, old links with the short keys, and the
// defaults taken from the library's mf.defaultOptions().
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mfcf } from './helpers.mjs';
import {
  FIELDS, parseHash, toHash, defaults, withAlgorithm, normalize, trainerOptions, resolvedSettings, withOptions, splitOptions, describe as label,
  settingOf, labelOf, changedBy, algorithmFields,
} from '../../web/lib/state.js';

let D;  // { als, sgd, ials }, as the training worker sends them
let I;  // implicit ALS's own settings at its defaults, as setting names
before(async () => {
  const mf = await mfcf();
  D = { als: mf.defaultOptions('als'), sgd: mf.defaultOptions('sgd'), ials: mf.defaultOptions('ials') };
  I = {
    alpha: D.ials.alpha, confidence: D.ials.confidence, epsilon: D.ials.epsilon, positiveThreshold: D.ials.positiveThreshold,
    regExponent: D.ials.regExponent, solver: D.ials.solver, cgSteps: D.ials.cgSteps,
  };
});

describe('settings in the URL hash', () => {
  it('takes the training defaults from the library, k = 20 and the split from the page', () => {
    assert.deepEqual(defaults(D), {
      data: 'dense', algo: 'als', k: 20, regU: D.als.regularization.user, regI: D.als.regularization.item,
      scaling: D.als.regularizationScaling, biases: D.als.biases, zero: D.als.missingAsZero, lr: D.als.learningRate,
      iters: D.als.iterations, threads: D.als.threads, split: 'fraction', test: 0.1, holdout: 10, seed: D.als.seed, metric: 'rmse', ...I,
    });
  });

  it('writes the JS API option names as keys', () => {
    assert.equal(toHash(defaults(D)),
      '#data=dense&algorithm=als&factors=20&regularization.user=0.1&regularization.item=0.1&regularizationScaling=count' +
      '&biases=true&missingAsZero=false&learningRate=0.01&iterations=10&threads=0&split=fraction&testFraction=0.1&holdout=10&seed=42&metric=rmse');
  });

  it('round-trips every setting, the seed included', () => {
    const s = { ...defaults(D), algo: 'sgd', k: 7, regU: 0.02, regI: 0.3, lr: 0.005, iters: 44, split: 'holdout', holdout: 3, seed: 123456, metric: 'mse', data: 'small' };
    const { settings, hidden } = parseHash(toHash(s), D);
    assert.deepEqual(settings, s);
    assert.equal(hidden.size, 0);
  });

  it('still opens an old link with the short keys', () => {
    const old = '#data=dense&algo=sgd&k=8&regU=0.05&regI=0.07&scaling=none&biases=false&zero=false&lr=0.02&iters=5' +
      '&split=holdout&test=0.2&holdout=5&seed=7&metric=mse&algo_hide&seed_hide=true';
    const { settings, hidden } = parseHash(old, D);
    assert.deepEqual(settings, {
      data: 'dense', algo: 'sgd', k: 8, regU: 0.05, regI: 0.07, scaling: 'none', biases: false, zero: false, lr: 0.02,
      iters: 5, threads: D.sgd.threads, split: 'holdout', test: 0.2, holdout: 5, seed: 7, metric: 'mse', ...I,
    });
    assert.deepEqual([...hidden].sort(), ['algo', 'seed']);
    assert.equal(parseHash(toHash(settings, hidden), D).settings.k, 8);
    assert.match(toHash(settings, hidden), /&algorithm_hide&seed_hide$/);
  });

  it('ignores unknown keys, names the values no control can hold, and leaves numbers to the engine', () => {
    const { settings, replaced } = parseHash('#factors=-3&algorithm=adam&regularization.user=abc&seed=1.5&data=foo&bogus=1&iterations=20', D);
    const d = defaults(D);
    assert.equal(settings.algo, d.algo);
    assert.equal(settings.data, d.data);
    assert.deepEqual(replaced.map((r) => [r.key, r.value, r.reason]), [
      ['algorithm', 'adam', 'must be one of als, sgd, ials'], ['data', 'foo', 'must be one of dense, small'],
    ]);
    // Numbers as given (NaN for none): the engine checks their range (page/settings-form.js, checkLink).
    assert.deepEqual([settings.k, settings.regU, settings.seed, settings.iters], [-3, NaN, 1.5, 20]);
  });

  it('names the setting an engine error is about, in the page\'s words', () => {
    assert.equal(settingOf('factors'), 'k');
    assert.equal(settingOf('regularization.userBias'), 'regU');
    assert.equal(settingOf('testFraction'), 'test');
    assert.equal(settingOf(undefined), undefined);
    assert.equal(labelOf('learningRate'), 'Learning rate η');
  });

  it('reads "_hide" keys, old and new, as controls to hide', () => {
    const { hidden } = parseHash('#algorithm=sgd&algorithm_hide&seed_hide=true&factors_hide=false&k_hide=false&nonsense_hide', D);
    assert.deepEqual([...hidden].sort(), ['algo', 'seed']);
  });

  it('has a URL key for every setting, none the same as another setting\'s name', () => {
    const keys = Object.values(FIELDS).map((f) => f.key);
    assert.equal(new Set(keys).size, keys.length);
    for (const [name, f] of Object.entries(FIELDS)) if (f.key !== name) assert.ok(!(f.key in FIELDS), f.key);
  });
});

describe('settings and the library', () => {
  it('brings along the library\'s defaults of an algorithm when it is chosen', () => {
    const sgd = withAlgorithm({ ...defaults(D), k: 12, scaling: 'none' }, 'sgd', D);
    assert.deepEqual([sgd.regU, sgd.regI, sgd.iters, sgd.lr, sgd.k], [D.sgd.regularization.user, D.sgd.regularization.item, D.sgd.iterations, D.sgd.learningRate, 12]);
    const als = withAlgorithm({ ...sgd, zero: true }, 'als', D);
    assert.deepEqual([als.regU, als.iters, als.scaling, als.zero], [D.als.regularization.user, D.als.iterations, D.als.regularizationScaling, D.als.missingAsZero]);
  });

  it('brings back the settings last used with an algorithm, and names what a switch changed', () => {
    const als = { ...defaults(D), iters: 12 };
    const remembered = { als: algorithmFields(als) };
    const sgd = withAlgorithm(als, 'sgd', D, remembered);
    assert.equal(sgd.iters, D.sgd.iterations);
    // (The thread count too: SGD's default is 1, ALS's all cores.)
    assert.deepEqual(changedBy(als, sgd).map((c) => c.name), ['regU', 'regI', 'iters', 'threads']);
    assert.equal(withAlgorithm(sgd, 'als', D, remembered).iters, 12);
  });

  it('turns missing = 0 off for SGD', () => {
    assert.equal(normalize({ ...defaults(D), zero: true, algo: 'sgd' }).zero, false);
    assert.equal(normalize({ ...defaults(D), zero: true }).zero, true);
  });

  it('maps settings to the wasm Trainer and split options', () => {
    const s = { ...defaults(D), algo: 'sgd', k: 8, regU: 0.1, regI: 0.2, lr: 0.03, seed: 9 };
    assert.deepEqual(trainerOptions(s), {
      algorithm: 'sgd', factors: 8, iterations: s.iters,
      regularization: { user: 0.1, item: 0.2, userBias: 0.1, itemBias: 0.2 },
      regularizationScaling: 'none', learningRate: 0.03, biases: true, missingAsZero: false, seed: 9, threads: s.threads,
    });
    assert.deepEqual(splitOptions({ ...s, split: 'holdout', holdout: 4 }), { holdout: 4, seed: 9 });
    assert.deepEqual(splitOptions(s), { testFraction: s.test, seed: 9 });
  });

  it('leaves biases and λ scaling to the library with missing = 0, and shows what it chose', async () => {
    const mf = await mfcf();
    const s = { ...defaults(D), zero: true, k: 2 };
    const o = trainerOptions(s);
    assert.equal(o.missingAsZero, true);
    assert.ok(!('biases' in o) && !('regularizationScaling' in o));
    const data = mf.Dataset.fromArrays([1, 1, 2, 2, 3], [10, 11, 10, 12, 11], [4, 3, 5, 2, 1]);
    const split = data.split({ testFraction: 0.2, seed: 1 });
    const trainer = new mf.Trainer(data, split, o);
    try {
      const shown = resolvedSettings(s, trainer.options);
      assert.deepEqual([shown.biases, shown.scaling], [false, 'none']);
      assert.deepEqual(resolvedSettings({ ...s, zero: false }, trainer.options), { ...s, zero: false });
    } finally {
      trainer.delete();
      split.delete();
      data.delete();
    }
  });

  it("takes a grid cell's options as settings: its factors, λ, learning rate and iterations", async () => {
    const mf = await mfcf();
    const data = mf.Dataset.fromArrays([1, 1, 2, 2, 3], [10, 11, 10, 12, 11], [4, 3, 5, 2, 1]);
    try {
      const s = { ...defaults(D), algo: 'sgd', k: 3, seed: 5 };
      const [cell] = mf.gridCells(data, trainerOptions(s), { factors: [2], regularization: [0.3], learningRates: [0.02] });
      const loaded = withOptions(s, { ...cell.options, iterations: 4 });
      // (The page sends SGD plain λ: regularizationScaling 'none'.)
      assert.deepEqual(loaded, { ...s, k: 2, regU: 0.3, regI: 0.3, lr: 0.02, iters: 4, scaling: 'none' });
    } finally {
      data.delete();
    }
  });

  it('labels runs by what differs between them', () => {
    assert.equal(label(defaults(D)), 'ALS k=20 λ=0.1');
    assert.equal(label({ ...defaults(D), zero: true }), 'ALS missing=0 k=20 λ=0.1');
    assert.equal(label({ ...defaults(D), algo: 'sgd', regI: 0.2, threads: 1 }), 'SGD k=20 λu=0.1 λi=0.2 η=0.01');
    // More threads change SGD's curve, never ALS's.
    assert.equal(label({ ...defaults(D), algo: 'sgd', threads: 2 }), 'SGD k=20 λ=0.1 η=0.01 2 threads');
    assert.equal(label({ ...defaults(D), threads: 2 }), 'ALS k=20 λ=0.1');
  });
});

describe('implicit ALS in the settings', () => {
  it('takes its defaults from mf.defaultOptions(\'ials\') and keeps the other algorithms\' settings for their return', () => {
    const als = { ...defaults(D), biases: true, scaling: 'count', zero: false };
    const s = withAlgorithm(als, 'ials', D);
    assert.equal(s.algo, 'ials');
    assert.equal(s.regU, D.ials.regularization.user);
    assert.equal(s.iters, D.ials.iterations);
    for (const [name, value] of Object.entries(I)) assert.equal(s[name], value, name);
    assert.equal(s.biases, true, 'an explicit setting stays for when ALS comes back');
  });

  it('sends only implicit ALS\'s options, under the JS API names, and none of the explicit models\'', () => {
    const s = { ...withAlgorithm(defaults(D), 'ials', D), alpha: 2, solver: 'cholesky', positiveThreshold: 4 };
    assert.deepEqual(trainerOptions(s), {
      algorithm: 'ials', factors: 20, iterations: D.ials.iterations, regularization: { user: D.ials.regularization.user, item: D.ials.regularization.item },
      seed: D.ials.seed, alpha: 2, confidence: D.ials.confidence, epsilon: D.ials.epsilon, positiveThreshold: 4,
      regExponent: D.ials.regExponent, solver: 'cholesky', cgSteps: D.ials.cgSteps,
    });
    // The library's resolved options (no biases) do not turn the biases off for ALS.
    assert.equal(resolvedSettings({ ...s, biases: true }, { ...D.ials, factors: 20 }).biases, true);
  });

  it('writes its settings to the link, with the JS API names, only for an implicit ALS run, and reads them back', () => {
    const s = { ...withAlgorithm(defaults(D), 'ials', D), alpha: 3, confidence: 'log', epsilon: 2, regExponent: 0, solver: 'cholesky', cgSteps: 5, positiveThreshold: 3.5, seed: 9 };
    const hash = toHash(s);
    assert.match(hash, /&algorithm=ials&/);
    assert.match(hash, /&alpha=3&confidence=log&epsilon=2&positiveThreshold=3\.5&regExponent=0&solver=cholesky&cgSteps=5&/);
    assert.deepEqual(parseHash(hash, D).settings, s);
    assert.doesNotMatch(toHash(defaults(D)), /alpha|solver|cgSteps/);
    assert.deepEqual(parseHash('#algorithm=ials&solver=lu', D).replaced.map((r) => [r.key, r.value, r.reason]), [['solver', 'lu', 'must be one of cholesky, cg']]);
  });

  it('labels an implicit ALS run by its own settings', () => {
    const s = { ...withAlgorithm(defaults(D), 'ials', D), alpha: 2, solver: 'cholesky' };
    assert.equal(label(s), `iALS k=20 λ=${D.ials.regularization.user} α=2 w=${D.ials.confidence} ν=${D.ials.regExponent} exact`);
  });
});
