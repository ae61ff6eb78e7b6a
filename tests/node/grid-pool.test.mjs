// The page's parallel grid search (web/lib/grid-pool.js) shares the cells of
// a grid out to workers that train them with the engine's grid parts; put
// together, the parts must give exactly what mf.gridSearch gives. Checked
// here without workers: the cells from mf.gridCells trained in this process
// by the workers' own code (web/lib/grid-cell.js), in the pool's largest-first
// order, then the chosen cell and its test error, compared field by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mfcf, path } from './helpers.mjs';
import { cellOrder, trainCell } from '../../web/lib/grid-cell.js';

const dense = path('public/data/dense-subset/ratings.csv');

const cases = [
  { name: 'SGD with a diverging learning rate', base: { algorithm: 'sgd', factors: 10, learningRate: 0.01, seed: 4 },
    spec: { factors: [2, 9], regularization: [0.02, 0.2], learningRates: [0.01, 0.3], iterations: 6 } },
  { name: 'ALS, count-scaled λ', base: { algorithm: 'als', factors: 10, seed: 42, learningRate: 0.01 },
    spec: { factors: [3, 8, 13], regularization: [0.05, 0.5], learningRates: [0.01], iterations: 4 } },
  { name: 'ALS without biases, plain λ (and a λ = 0 cell)', base: { algorithm: 'als', biases: false, regularizationScaling: 'none', seed: 7, learningRate: 0.01 },
    spec: { factors: [4], regularization: [0, 1, 30], iterations: 3 } },
  { name: "SGD with its own iteration count and another validation share", base: { algorithm: 'sgd', factors: 5, seed: 2 },
    spec: { factors: [3], regularization: [0.05], validationFraction: 0.2, validationSeed: 9 } },
];

for (const c of cases) {
  test(`pool cells equal mf.gridSearch: ${c.name}`, async () => {
    const mf = await mfcf();
    const data = mf.Dataset.fromCSV(readFileSync(dense));
    const split = data.split({ testFraction: 0.1, seed: 3 });
    const splits = mf.gridSplits(data, split, c.spec);
    try {
      const reference = mf.gridSearch(data, split, c.base, c.spec);
      const cells = mf.gridCells(data, c.base, c.spec);
      const results = new Array(cells.length);
      let steps = 0;
      for (const i of cellOrder(cells)) {
        const { cell, stopped } = await trainCell(mf, data, splits.tune, cells[i], { onStep: () => steps++ });
        assert.equal(stopped, false);
        results[i] = cell;
      }
      assert.deepEqual(results, reference.cells);
      const best = mf.bestCell(results);
      assert.equal(best, reference.best);
      assert.deepEqual(mf.testChosen(data, splits, results[best]), reference.test);
      assert.ok(reference.test.count > 0 && reference.test.rmse > 0.5, JSON.stringify(reference.test));
      if (c.base.algorithm === 'sgd' && c.spec.learningRates) assert.ok(results.some((r) => r.diverged), 'a diverged cell is covered');
      if (c.spec.iterations === undefined) assert.ok(results.every((r) => r.iterations === mf.defaultOptions('sgd').iterations));
      assert.ok(steps <= results.reduce((n, r) => n + r.iterations, 0));
    } finally {
      for (const o of [splits.tune, splits.final, split, data]) o.delete();
    }
  });
}

test('a cell is judged on the validation share of the training ratings, not on the test set', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV(readFileSync(dense));
  const split = data.split({ testFraction: 0.1, seed: 3 });
  const { tune, final } = mf.gridSplits(data, split, { validationFraction: 0.25 });
  try {
    assert.equal(tune.numTrain + tune.numTest, split.numTrain);
    assert.equal(tune.numTest, Math.round(split.numTrain * 0.25));
    assert.equal(final.numTrain, tune.numTrain);
    assert.equal(final.numTest, split.numTest);
    const [cell] = mf.gridCells(data, { factors: 4 }, { factors: [4], regularization: [0.1], iterations: 2 });
    const trainer = new mf.Trainer(data, tune, cell.options);
    const step = trainer.step();
    const recorded = mf.recordStep(cell, step);
    assert.deepEqual(recorded.validationRmse, [step.testRmse]);
    assert.equal(recorded.bestIteration, 1);
    assert.throws(() => mf.recordStep(cell, { ...step }), (e) => e.kind === 'InvalidArgument' && e.parameter === 'step');
    trainer.delete();
  } finally {
    for (const o of [tune, final, split, data]) o.delete();
  }
});
