// Section 'large': the synthetic MovieLens-10M-shaped set (bench/synthetic-large.mjs,
// ~10 M ratings, generated from a seed into build/bench-data/, never
// committed) trained by the wasm module in node and in Chromium (one thread,
// the page's build) beside native mf_bench in the same run: one ALS sweep and
// one SGD epoch at k = 40 each, after one untimed warm-up step, compared per
// rating (x k^2 for ALS, x k for SGD). Takes a few minutes; skip it with
// MF_BENCH_SKIP=large (or --skip large).
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { serveStatic } from '../../tests/browser/server.mjs';
import { LARGE, largeSet } from '../synthetic-large.mjs';
import { median } from '../stats.mjs';
import { ONE_STEP, warmUp } from '../timing.mjs';
import { root, SPLIT, log, wasmModule, runNativeBench, launchBrowser } from '../lib.mjs';

/** Runs the section. Options: repeats (timed steps per platform), factors, algorithms. */
export async function runLarge({ repeats = 1, factors = 40, algorithms = ['als', 'sgd'] } = {}) {
  const path = largeSet(LARGE, log);
  log('large: native');
  const native = await runNativeBench([path, String(repeats), String(factors), '--algorithms', algorithms.join(','),
    '--test-fraction', String(SPLIT.testFraction)]);

  log('large: wasm in node');
  const mf = await wasmModule();
  let start = performance.now();
  const data = await mf.Dataset.fromBlob(await openAsBlob(path), { source: basename(path) });
  const nodeLoadMs = performance.now() - start;
  const split = data.split(SPLIT);
  if (native.train !== split.numTrain) throw new Error(`mf_bench's split has ${native.train} training ratings, the engine's ${split.numTrain}`);
  const nodeMs = {};
  for (const algorithm of algorithms) {
    const t = new mf.Trainer(data, split, { algorithm, factors });
    warmUp(() => t.step(), ONE_STEP);
    nodeMs[algorithm] = Array.from({ length: repeats }, () => t.step().ms);
    t.delete();
  }
  split.delete();
  data.delete();

  log('large: wasm in Chromium');
  const server = await serveStatic(root, { prefix: '/' });
  const browser = await launchBrowser();
  let chromiumMs = {}, chromiumLoadMs = NaN;
  try {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => log('page error:', e.message));
    await page.goto(`${server.url}bench/browser-page.html`);
    await page.waitForFunction(() => window.bench?.ready);
    start = performance.now();
    await page.evaluate(([url, s]) => window.bench.setup(url, s, { blob: true }), [`${server.url}${path.slice(root.length + 1)}`, SPLIT]);
    chromiumLoadMs = performance.now() - start;
    for (const algorithm of algorithms) {
      await page.evaluate((sp) => window.bench.start(sp), { kind: 'wasm', algorithm, factors, warmup: ONE_STEP });
      chromiumMs[algorithm] = [];
      for (let r = 0; r < repeats; r++) chromiumMs[algorithm].push(await page.evaluate(() => window.bench.step()));
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const rows = algorithms.map((algorithm) => {
    const r = native.results.find((x) => x.algorithm === algorithm);
    // ns per rating x k (SGD) or x k^2 (ALS): the leading terms of their costs.
    const unit = native.train * factors * (algorithm === 'sgd' ? 1 : factors);
    const ns = (ms) => (1e6 * median(ms)) / unit;
    const figures = { native: ns(r.ms), 'wasm-node': ns(nodeMs[algorithm]), 'wasm-chromium': ns(chromiumMs[algorithm]) };
    return {
      algorithm, factors, ms: { native: r.ms, 'wasm-node': nodeMs[algorithm], 'wasm-chromium': chromiumMs[algorithm] }, nsPerUnit: figures,
      ratio: { 'wasm-node/native': figures['wasm-node'] / figures.native, 'wasm-chromium/native': figures['wasm-chromium'] / figures.native },
      testRmse: r.testRmse,
    };
  });
  return {
    generator: LARGE, split: SPLIT, repeats, warmupSteps: 1, factors,
    dataset: { train: native.train, test: native.test, users: native.users, items: native.items },
    loadMs: { node: nodeLoadMs, chromium: chromiumLoadMs }, memory: { nativePeakRssMb: native.peakRssMb }, rows,
  };
}
