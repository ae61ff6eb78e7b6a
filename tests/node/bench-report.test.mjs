// The benchmark's report (bench/report.mjs) is a pure function of the results:
// a small hand-made results object must come out with its figures and with
// goal verdicts computed from them (and the same after a trip through JSON,
// as bench/results.json stores it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport, parseResults } from '../../bench/report.mjs';
import { GOALS } from '../../bench/goals.mjs';

const platforms = (native, wasmNode, wasmChromium, jsNode, jsChromium) =>
  ({ native, 'wasm-node': wasmNode, 'wasm-chromium': wasmChromium, 'js-node': jsNode, 'js-chromium': jsChromium });
const ratios = (wasmNode, wasmChromium, jsNode, jsChromium) =>
  ({ 'wasm-node/native': wasmNode, 'wasm-chromium/native': wasmChromium, 'js-node/wasm-node': jsNode, 'js-chromium/wasm-chromium': jsChromium });

function results() {
  return {
    host: { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', finishedAt: '2030-01-02T03:04:05Z', load: { start: 1.25, afterSteps: 2.5, end: 0.75 } },
    steps: {
      dataset: { name: 'tiny', train: 100_000, test: 10_000, users: 7, items: 11 },
      split: { testFraction: 0.1, seed: 42 }, rounds: 4, repeats: 6, ks: [40], algorithms: ['sgd', 'als'],
      warmup: { native: { steps: 2 }, js: { steps: 9, ms: 123 } }, chromium: '999.1',
      calibration: { multiplies: 50_000_000, ms: [61.2, 77.8] },
      rows: [
        // SGD: 100,000 ratings in 2 ms = 50 M/s (goal >= 40: met); wasm/native in Chromium 1.6 (goal <= 1.5: missed);
        // JS/wasm in Chromium 2.9 (goal >= 3: missed).
        { algorithm: 'sgd', factors: 40, median: platforms(2, 3, 3.2, 20, 9.28), best: platforms(1.6, 2.4, 2.56, 16, 8),
          ratio: ratios(1.5, 1.6, 6.67, 2.9), bestRatio: ratios(1.5, 1.6, 6.67, 3.125), noise: 0.123,
          updatesPerSecond: { median: 50, best: 62.5 } },
        // ALS: 80 ms exactly (goal <= 80: met); wasm/native in Chromium 1.5 exactly (goal <= 1.5: met).
        { algorithm: 'als', factors: 40, median: platforms(80, 100, 120, 900, 800), best: platforms(70, 90, 100, 850, 700),
          ratio: ratios(1.25, 1.5, 9, 6.67), bestRatio: ratios(1.29, 1.43, 9.44, 7), noise: 0.3, updatesPerSecond: { median: null, best: null } },
      ],
    },
    synthetic: {
      generator: { ratings: 1000, users: 10, items: 20, rank: 5, seed: 1 }, split: { testFraction: 0.2, seed: 42 }, repeats: 7,
      dataset: { train: 400_000, test: 100_000, users: 10, items: 20 },
      rows: [{ algorithm: 'sgd', factors: 40, native: 10, wasm: 15, wasmOverNative: 1.5, nsPerUnit: 0.625, testRmse: 0.8512 }],
    },
    page: {
      runs: 3, gzipLevel: 9, host: '10.1.2.3',
      sets: [
        { key: 'dense', name: 'dense subset', isDefault: true, ms: 900, noise: 0.1, bytes: { js: 300 * 1024, wasm: 200 * 1024, data: 0, other: 0 },
          gz: { js: 100 * 1024, wasm: 140 * 1024, data: 50 * 1024, other: 10 * 1024 } },
        { key: 'small', name: 'ml-latest-small', isDefault: false, ms: 1100, noise: 0.2, bytes: { js: 300 * 1024, wasm: 200 * 1024, data: 0, other: 0 },
          gz: { js: 100 * 1024, wasm: 140 * 1024, data: 900 * 1024, other: 10 * 1024 } },
      ],
      bundled: { 'a/ratings.csv': { raw: 2048, gz: 1024 } },
    },
    grid: {
      grid: { dataset: 'tiny', algorithm: 'als', factors: [5, 10], regularization: [0.1, 0.3], iterations: 4 },
      cells: 4, rounds: 3, cores: 2, workers: 2, one: 6000, parallel: 3000, speedups: [2, 1.9, 2.1], speedup: 2,
      identical: true, sameAsGridSearch: false, chromium: '999.1',
      ceiling: { algorithm: 'als', factors: 40, timedSteps: 10, warmupSteps: 1, processes: 2, rounds: 3, speedups: [1.5, 1.6, 1.7], speedup: 1.6 },
    },
  };
}

// The goals table's rows: goal text -> [measured, verdict].
function goalRows(md) {
  const section = md.slice(md.indexOf('## Goals'));
  return Object.fromEntries(section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| goal'))
    .map((l) => l.slice(2, -2).split(' | ')).map(([goal, measured, verdict]) => [goal, [measured, verdict]]));
}

test('the report states the figures of the results', () => {
  const md = renderReport(results());
  assert.match(md, /^# Benchmark results\n/);
  assert.match(md, /on 2030-01-02T03:04:05Z: Test CPU, 2 cores, node v20\.0\.0, Chromium 999\.1\./);
  assert.match(md, /before \/ after the step timings \/ at the end: 1\.3 \/ 2\.5 \/ 0\.8 /);
  assert.match(md, /a fixed chain of 50 M dependent multiplies took 61, 78 ms/);
  assert.match(md, /## Training steps on tiny \(100,000 training ratings, 7 users, 11 movies\)/);
  assert.match(md, /median of 4 rounds x 6 steps, each after warm-up steps \(2 native; in the JS engines at least 9 and 123 ms/);
  assert.ok(md.includes('| SGD epoch | 40 | 2.00 | 3.00 | 3.20 | 20.00 | 9.28 | 1.50 | 1.60 | 6.67 | 2.90 | 50.0 | 12 % |'));
  assert.ok(md.includes('| ALS sweep | 40 | 80.00 | 100.00 | 120.00 | 900.00 | 800.00 | 1.25 | 1.50 | 9.00 | 6.67 |  | 30 % |'));
  assert.ok(md.includes('| SGD epoch | 40 | 1.60 | 2.40 | 2.56 | 8.00 | 1.50 | 1.60 | 3.13 | 62.5 |'));
  // Synthetic: 4x the ratings; "x small" = 10 ms / 2 ms.
  assert.match(md, /400,000 training ratings \(10 users, 20 movies\)/);
  assert.match(md, /rank-5 model plus noise\), 80\/20 split; median of 7 steps after a warm-up\. "x small" is the time over the same step on tiny \(4\.0x the ratings\)/);
  assert.ok(md.includes('| SGD epoch | 40 | 10.00 | 15.00 | 1.50 | 5.0 | 0.625 | 0.851 |'));
  assert.match(md, /served from 10\.1\.2\.3; median of 3\. Bytes: everything the page fetched until then, gzipped \(-9\)\./);
  assert.ok(md.includes('| dense subset (default) | 900 | 10 % | 100.0 | 140.0 | 50.0 | 10.0 | 500 |'));
  assert.ok(md.includes('Bundled data files: a/ratings.csv 2 KB (1 KB gz).'));
  assert.match(md, /tiny, ALS, 4 cells \(k = 5, 10 x λ = 0\.1, 0\.3\) x 4 sweeps, .* median of 3 rounds \(1 worker, then 2\)/);
  assert.ok(md.includes('| 2 | 3.00 | 2.00 (per round: 2.00, 1.90, 2.10) | yes | NO |'));
  assert.match(md, /2 native processes each running 11 ALS sweeps at k = 40 \(mf_bench: 1 warm-up, 10 timed\) took 1\.60x less time .*\(per round: 1\.50, 1\.60, 1\.70\)/);
});

test('goal verdicts are computed from the figures', () => {
  assert.deepEqual(goalRows(renderReport(results())), {
    'native SGD >= 40 M updates/s at k = 40': ['50.0 M/s (2.00 ms/epoch); fastest 62.5 M/s', 'met'],
    'native ALS sweep <= 80 ms at k = 40': ['80.0 ms; fastest 70.0 ms', 'met'],
    'wasm in Chromium within 1.5x of native, SGD k = 40': ['1.60x; fastest 1.60x', '**missed**'],
    'wasm in Chromium within 1.5x of native, ALS k = 40': ['1.50x; fastest 1.43x', 'met'],
    'wasm SGD >= 3x faster than plain JS (k = 40)': ['2.90x in Chromium, 6.67x in node', '**missed**'],
    'page ready to train <= 1 s': ['900 ms (dense subset), 1100 ms (ml-latest-small)', '**missed**'],
    'JS + wasm <= 250 KB gzipped': ['240.0 KB', 'met'],
    'bundled data loaded <= 1 MB gzipped': ['900 KB (largest: ml-latest-small ratings + movies)', 'met'],
    'grid search speedup >= 1.7x on 2 cores, same results': ['2.00x, identical: no', '**missed**'],
  });
  // The other side of each threshold.
  const r = results();
  r.steps.rows[0].updatesPerSecond.median = 39.9;
  r.steps.rows[1].median.native = 80.1;
  r.steps.rows[0].ratio['wasm-chromium/native'] = 1.5;
  r.steps.rows[0].ratio['js-chromium/wasm-chromium'] = 3;
  r.page.sets[1].ms = 1000;
  r.page.sets[0].gz.wasm = 151 * 1024;
  r.page.sets[1].gz.data = 1025 * 1024;
  r.grid.sameAsGridSearch = true;
  const verdicts = Object.values(goalRows(renderReport(r))).map(([, v]) => v);
  assert.deepEqual(verdicts, ['**missed**', '**missed**', 'met', 'met', 'met', 'met', '**missed**', '**missed**', 'met']);
});

test('no figure, no verdict; sections that did not run are left out', () => {
  const r = results();
  r.steps.rows[0].ratio['wasm-chromium/native'] = NaN;  // no Chromium
  delete r.page;
  delete r.grid;
  const rows = goalRows(renderReport(r));
  assert.deepEqual(rows['wasm in Chromium within 1.5x of native, SGD k = 40'], ['–x; fastest 1.60x', '–']);
  assert.equal(Object.keys(rows).length, GOALS.filter((g) => g.section === 'steps').length);
  assert.doesNotMatch(renderReport(r), /## The page|## Grid search/);
});

test('the report rebuilt from the JSON is the same', () => {
  const r = results();
  r.steps.rows[1].median['js-node'] = NaN;
  const md = renderReport(r);
  assert.equal(renderReport(parseResults(JSON.stringify(r))), md);
  assert.ok(md.includes('| ALS sweep | 40 | 80.00 | 100.00 | 120.00 | – |'));
});
