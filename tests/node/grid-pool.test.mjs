// The page's parallel grid search (web/lib/grid-pool.js) splits a grid into
// cells that workers train with Trainer.step(); its cell list, per-cell
// summary and best cell must give exactly what mf.gridSearch gives. Checked
// here without workers: each cell trained in this process, in the pool's
// largest-first order, and compared with gridSearch field by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mfcf, path } from './helpers.mjs';
import { gridCells, cellOptions, summarizeCell, bestCell } from '../../web/lib/grid-pool.js';

const dense = path('public/data/dense-subset/ratings.csv');

function trainCell(mf, data, split, base, cell, iterations) {
  const t = new mf.Trainer(data, split, cellOptions(base, cell, iterations));
  const points = [];
  try {
    for (let it = 0; it < iterations; it++) {
      const r = t.step();
      points.push({ epoch: r.epoch, status: r.status, testMse: r.testMse, testRmse: r.testRmse, trainMse: r.trainMse });
      if (r.status === 'diverged') break;
    }
  } finally {
    t.delete();
  }
  return summarizeCell(cell, points);
}

const cases = [
  { name: 'SGD with a diverging learning rate', base: { algorithm: 'sgd', factors: 10, learningRate: 0.01, seed: 4 },
    spec: { factors: [2, 9], regularization: [0.02, 0.2], learningRates: [0.01, 0.3], iterations: 6 } },
  { name: 'ALS, count-scaled λ', base: { algorithm: 'als', factors: 10, seed: 42, learningRate: 0.01 },
    spec: { factors: [3, 8, 13], regularization: [0.05, 0.5], learningRates: [0.01], iterations: 4 } },
  { name: 'ALS without biases, plain λ (and a λ = 0 cell)', base: { algorithm: 'als', biases: false, regularizationScaling: 'none', seed: 7, learningRate: 0.01 },
    spec: { factors: [4], regularization: [0, 1, 30], iterations: 3 } },
];

for (const c of cases) {
  test(`pool cells equal mf.gridSearch: ${c.name}`, async () => {
    const mf = await mfcf();
    const data = mf.Dataset.fromCSV(readFileSync(dense));
    const split = data.split({ testFraction: 0.1, seed: 3 });
    try {
      const reference = mf.gridSearch(data, split, c.base, c.spec);
      const cells = gridCells(c.spec, c.base);
      const results = new Array(cells.length);
      // The pool's order: largest k first; results stay in grid order.
      const order = cells.map((_, i) => i).sort((a, b) => cells[b].factors - cells[a].factors || a - b);
      for (const i of order) results[i] = trainCell(mf, data, split, c.base, cells[i], c.spec.iterations);
      assert.equal(results.length, reference.cells.length);
      results.forEach((cell, i) => {
        const ref = reference.cells[i];
        assert.deepEqual({ ...cell, testRmse: Array.from(cell.testRmse) }, {
          factors: ref.factors, regularization: ref.regularization, learningRate: ref.learningRate,
          bestIteration: ref.bestIteration, bestTestRmse: ref.bestTestRmse, bestTestMse: ref.bestTestMse,
          trainMseAtBest: ref.trainMseAtBest, diverged: ref.diverged, testRmse: Array.from(ref.testRmse),
        }, `cell ${i}`);
      });
      assert.equal(bestCell(results), reference.best);
      if (c.base.algorithm === 'sgd') assert.ok(results.some((r) => r.diverged), 'a diverged cell is covered');
    } finally {
      split.delete();
      data.delete();
    }
  });
}
