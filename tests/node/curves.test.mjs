// The module's learning curves equal the native CLI's exactly: same data,
// split, settings and seed give the same doubles (compared with ===, from the
// CLI's %.17g output, which round-trips). The core makes this possible with its
// own RNG and distributions, fixed summation orders and -ffp-contract=off on
// both builds; any difference here is a real portability bug.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertWasmFresh, mfcf, movielens, path, runCli } from './helpers.mjs';

const small = path('public/data/dense-subset/ratings.csv');

// Each case is written once as JS options and translated to CLI flags.
const cases = [
  { name: 'ALS defaults, ml-latest-small 90/10', file: movielens, split: {}, options: { algorithm: 'als' } },
  { name: 'SGD defaults, ml-latest-small 90/10', file: movielens, split: {}, options: { algorithm: 'sgd' } },
  { name: 'ALS k=100, 3 sweeps', file: movielens, split: { testFraction: 0.2, seed: 3 }, options: { algorithm: 'als', factors: 100, iterations: 3 } },
  { name: 'ALS without biases, plain lambda, holdout split', file: small, split: { holdout: 5, seed: 9 },
    options: { algorithm: 'als', factors: 13, biases: false, regularizationScaling: 'none', regularization: 2, seed: 7 } },
  { name: 'ALS missing-as-zero', file: small, split: { testFraction: 0.1, seed: 42 }, options: { algorithm: 'als', factors: 8, missingAsZero: true, regularization: 0.5 } },
  { name: 'SGD per-term lambdas, odd k', file: small, split: { testFraction: 0.25, seed: 5 },
    options: { algorithm: 'sgd', factors: 13, iterations: 12, learningRate: 0.02, initStd: 0.05, seed: 123,
      regularization: { user: 0.02, item: 0.03, userBias: 0.01, itemBias: 0.04 } } },
  { name: 'SGD without biases', file: small, split: {}, options: { algorithm: 'sgd', factors: 5, biases: false, iterations: 8 } },
  { name: 'SGD diverging at step 5 (learning rate 0.22)', file: small, split: {}, options: { algorithm: 'sgd', learningRate: 0.22, iterations: 30 } },
  // lambda = 0: singular row systems, solved through the ridge floor.
  { name: 'ALS without regularization, k=40 (the page\'s overfitting run)', file: small, split: { holdout: 10 },
    options: { algorithm: 'als', factors: 40, biases: false, regularizationScaling: 'none', regularization: 0, iterations: 6 } },
  { name: 'ALS with biases, lambda=0, ml-latest-small', file: movielens, split: {}, options: { algorithm: 'als', factors: 20, regularization: 0, iterations: 3 } },
  { name: 'ALS missing-as-zero, lambda=0', file: small, split: {}, options: { algorithm: 'als', factors: 8, missingAsZero: true, regularization: 0, iterations: 4 } },
  // Implicit ALS: no rating error (empty in the CSV, null in the module), its objective bit for bit.
  { name: 'iALS defaults (CG, confidence rating)', file: small, split: {}, options: { algorithm: 'ials', iterations: 5 } },
  { name: 'iALS Cholesky, confidence constant', file: small, split: { holdout: 5, seed: 3 },
    options: { algorithm: 'ials', solver: 'cholesky', confidence: 'constant', factors: 16, iterations: 4, alpha: 4 } },
  { name: 'iALS CG, confidence log, positives >= 3.5', file: small, split: { testFraction: 0.2, seed: 8 },
    options: { algorithm: 'ials', solver: 'cg', confidence: 'log', epsilon: 0.5, alpha: 2, positiveThreshold: 3.5, cgSteps: 5, factors: 20, iterations: 4, seed: 11 } },
  { name: 'iALS Cholesky, confidence rating, plain lambda, ml-latest-small', file: movielens, split: {},
    options: { algorithm: 'ials', solver: 'cholesky', confidence: 'rating', regExponent: 0, regularization: 20, factors: 16, iterations: 3 } },
  { name: 'iALS CG, confidence constant, one CG step, ml-latest-small', file: movielens, split: {},
    options: { algorithm: 'ials', solver: 'cg', confidence: 'constant', cgSteps: 1, factors: 32, iterations: 3 } },
  { name: 'iALS Cholesky, confidence log', file: small, split: {},
    options: { algorithm: 'ials', solver: 'cholesky', confidence: 'log', epsilon: 2, factors: 12, iterations: 4, initStd: 0.05 } },
];

function cliArgs(file, split, o) {
  const a = ['train', file, '--output', 'csv'];
  if (split.holdout !== undefined) a.push('--holdout', String(split.holdout));
  if (split.testFraction !== undefined) a.push('--test-fraction', String(split.testFraction));
  if (split.seed !== undefined) a.push('--split-seed', String(split.seed));
  const flags = { algorithm: '--algorithm', factors: '--factors', iterations: '--iterations', learningRate: '--lr',
    initStd: '--init-std', seed: '--seed', regularizationScaling: '--reg-scaling', alpha: '--alpha', confidence: '--confidence',
    epsilon: '--epsilon', regExponent: '--reg-exponent', positiveThreshold: '--positive-threshold', solver: '--solver', cgSteps: '--cg-steps' };
  for (const [key, flag] of Object.entries(flags)) if (o[key] !== undefined) a.push(flag, String(o[key]));
  if (typeof o.regularization === 'number') a.push('--reg', String(o.regularization));
  else if (o.regularization) {
    const r = o.regularization;
    a.push('--reg-user', String(r.user), '--reg-item', String(r.item), '--reg-user-bias', String(r.userBias), '--reg-item-bias', String(r.itemBias));
  }
  if (o.biases === false) a.push('--no-biases');
  if (o.missingAsZero) a.push('--missing-zero');
  return a;
}

const columns = ['trainMse', 'trainRmse', 'trainMae', 'testMse', 'testRmse', 'testMae', 'objective'];

before(assertWasmFresh);

for (const c of cases) {
  test(`learning curve equals the CLI's: ${c.name}`, async () => {
    const cli = runCli(cliArgs(c.file, c.split, c.options));
    assert.ok(cli.status === 0 || cli.status === 3, `CLI failed: ${cli.stderr}`);
    const [header, ...lines] = cli.stdout.trim().split('\n');
    // The CLI names its columns as the module names a step's fields (the step number: iteration).
    assert.deepEqual(header.split(','), ['iteration', ...columns, 'ms', 'status']);
    const rows = lines.map((line) => line.split(','));

    const mf = await mfcf();
    const data = mf.Dataset.fromCSV(readFileSync(c.file));
    const split = data.split(c.split);
    const trainer = new mf.Trainer(data, split, c.options);
    try {
      const steps = trainer.run();
      const ok = steps.filter((s) => s.status === 'ok');
      assert.equal(ok.length, rows.length, 'number of completed steps');
      assert.ok(rows.length > 0);
      rows.forEach((row, k) => {
        const s = ok[k];
        assert.equal(s.epoch, Number(row[0]));
        columns.forEach((name, col) => {
          const native = row[col + 1] === '' ? null : Number(row[col + 1]);  // empty: no such metric (null)
          if (c.options.algorithm === 'ials' && name !== 'objective') assert.equal(native, null, `${name} of iALS`);
          assert.ok(Object.is(s[name], native),
            `step ${s.epoch} ${name}: wasm ${s[name]} != native ${row[col + 1]}`);
        });
      });
      if (cli.status === 3) {
        const last = steps.at(-1);
        assert.equal(last.status, 'diverged');
        assert.ok(cli.stderr.includes(last.message), `CLI said: ${cli.stderr}\nwasm said: ${last.message}`);
      }
    } finally {
      trainer.delete();
      split.delete();
      data.delete();
    }
  });
}
