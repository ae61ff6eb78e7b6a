// Section 4, grid search in the page: wall time on one worker and on one
// worker per core (at least 2, at most 8), the speedup, whether the cells are
// identical across runs and to mf.gridSearch in one worker; and for scale the
// machine's own parallel speedup on the same kind of work, native.
import { serveStatic } from '../../tests/browser/server.mjs';
import { median } from '../stats.mjs';
import { ratingsPath, SPLIT, log, distDir, launchBrowser, runNativeBench } from '../lib.mjs';

// The grid, as the page's form takes it (ml-latest-small, ALS).
const GRID = { dataset: 'ml-latest-small', hash: '#data=small&algo=als', algorithm: 'als', factors: [5, 10, 20, 40], regularization: [0.01, 0.05, 0.1, 0.3], iterations: 10 };
// The native ceiling: two processes of mf_bench, ALS at k = 40, this many timed sweeps each.
const CEILING = { algorithm: 'als', factors: 40, timedSteps: 10, processes: 2, rounds: 3 };

// Runs the grid from the page's button on `workers` workers: wall ms and the cells as JSON.
async function runGridOnce(page, workers) {
  await page.evaluate((n) => window.mfcfPage.setGridWorkers(n), workers);
  const before = await page.evaluate(() => window.mfcfPage.gridTiming());
  await page.click('#grid-run');
  await page.waitForFunction((prev) => {
    const t = window.mfcfPage.gridTiming();
    return t && t !== prev && JSON.stringify(t) !== JSON.stringify(prev) && document.documentElement.dataset.readyToTrain === 'true';
  }, before, { timeout: 600000, polling: 50 });
  const t = await page.evaluate(() => window.mfcfPage.gridTiming());
  const cells = await page.evaluate(() => {
    const { best, test, cells } = window.mfcfPage.lastGrid();
    return JSON.stringify({ best, test, cells });
  });
  return { ms: t.ms, cells };
}

// The machine's own ceiling: the native ALS sweeps of the processes run one
// after the other, then at the same time; the speedup of each round.
export async function nativeCeiling() {
  const args = [ratingsPath, String(CEILING.timedSteps), String(CEILING.factors), '--algorithms', CEILING.algorithm, '--test-fraction', String(SPLIT.testFraction)];
  const speedups = [];
  let warmupSteps = NaN;
  for (let r = 0; r < CEILING.rounds; r++) {
    log(`native parallel ceiling, round ${r + 1} of ${CEILING.rounds}`);
    let t0 = performance.now();
    for (let p = 0; p < CEILING.processes; p++) warmupSteps = (await runNativeBench(args)).warmupSteps;
    const sequential = performance.now() - t0;
    t0 = performance.now();
    await Promise.all(Array.from({ length: CEILING.processes }, () => runNativeBench(args)));
    speedups.push(sequential / (performance.now() - t0));
  }
  return { ...CEILING, warmupSteps, speedups, speedup: median(speedups) };
}

/** Runs the section. Options: rounds (timed runs on each worker count). */
export async function runGrid({ rounds = 5 } = {}) {
  const site = await serveStatic(distDir(), { prefix: '/mfcf/' });
  const b = await launchBrowser();
  const page = await b.context.newPage();
  await page.goto(`${site.url}${GRID.hash}`);
  await page.waitForFunction(() => document.documentElement.dataset.readyToTrain === 'true', null, { timeout: 120000 });
  await page.fill('#grid-factors', GRID.factors.join(', '));
  await page.fill('#grid-regs', GRID.regularization.join(', '));
  await page.fill('#grid-iters', String(GRID.iterations));
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const workers = Math.max(2, Math.min(cores, 8));
  // A first run of each warms the workers up (wasm compiled, data loaded).
  log('grid: warm-up');
  await runGridOnce(page, 1);
  await runGridOnce(page, workers);
  const one = [], par = [];
  let identical = true, reference = null;
  for (let r = 0; r < rounds; r++) {
    log(`grid: round ${r + 1} of ${rounds}`);
    for (const [list, n] of [[one, 1], [par, workers]]) {
      const g = await runGridOnce(page, n);
      list.push(g.ms);
      reference ??= g.cells;
      identical &&= g.cells === reference;
    }
  }
  // The training worker's mf.gridSearch on the same grid: the reference result.
  const fields = (r) => JSON.stringify({ best: r.best, test: r.test, cells: r.cells });
  const single = await page.evaluate(({ factors, regularization, iterations }) => window.mfcfPage.gridReference({ factors, regularization, learningRates: [], iterations }), GRID);
  const cells = JSON.parse(reference).cells.length;
  const sameAsGridSearch = fields(single) === fields(JSON.parse(reference));
  const ceiling = await nativeCeiling();
  await b.close();
  await site.close();
  const speedups = one.map((x, r) => x / par[r]);
  return {
    grid: GRID, cells, rounds, cores, workers, oneMs: one, parallelMs: par, one: median(one), parallel: median(par),
    speedups, speedup: median(speedups), identical, sameAsGridSearch, chromium: b.version, ceiling,
  };
}
