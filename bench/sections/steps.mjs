// Section 1, training steps on ml-latest-small: SGD epoch and ALS sweep at
// each k, native (mf_bench --serve, one thread), the wasm module in node and
// in headless Chromium, and the plain-JS baseline (bench/plain-js.mjs, on
// exactly the engine's training ratings) in node and in Chromium.
//
// In each round, for each configuration, the platforms take turns, each turn
// an untimed step that warms the caches again and a timed one, so that load
// from other processes hits all alike. The figures are medians of all rounds'
// samples; the ratios are medians of the ratios of neighbouring timed steps.
// The fastest samples are kept too: the host's slow spells only ever add time.
import { readFileSync } from 'node:fs';
import { serveStatic } from '../../tests/browser/server.mjs';
import { parseRatings, engineTrainSplit } from '../data.mjs';
import { median, spread, fastest } from '../stats.mjs';
import { WARMUP, ONE_STEP, warmUp, plainStepper } from '../timing.mjs';
import { root, ratingsPath, SPLIT, log, wasmModule, launchBrowser, nativeServer } from '../lib.mjs';

const PLATFORMS = ['native', 'wasm-node', 'wasm-chromium', 'js-node', 'js-chromium'];
// Ratios [slower, faster]; the first three are of paired steps (taken in turn).
const RATIOS = [['wasm-node', 'native'], ['wasm-chromium', 'native'], ['js-node', 'wasm-node'], ['js-chromium', 'wasm-chromium']];
// The plain-JS ALS sweep at k >= 100 takes seconds: one warm-up and one timed
// sweep, in the first two rounds only.
const isHeavy = (algorithm, factors) => algorithm === 'als' && factors >= 100;
const HEAVY_ROUNDS = 2;

// Chromium on bench/browser-page.html, the data set loaded and split.
async function benchPage() {
  const server = await serveStatic(root, { prefix: '/' });
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  await page.goto(`${server.url}bench/browser-page.html`);
  await page.waitForFunction(() => window.bench?.ready);
  await page.evaluate(([url, split]) => window.bench.setup(url, split), [`${server.url}public/data/ml-latest-small/ratings.csv`, SPLIT]);
  const close = async () => { await browser.close(); await server.close(); };
  return { page, version: browser.version, close };
}

/**
 * Runs the section. Options: rounds, repeats (timed steps per platform and
 * round), ks, algorithms, browser (false: no Chromium), plain (false: no plain JS).
 */
export async function runSteps({ rounds = 5, repeats = 5, ks = [10, 40, 100], algorithms = ['sgd', 'als'], browser = true, plain = true } = {}) {
  const text = readFileSync(ratingsPath, 'utf8');
  const mf = await wasmModule();
  const data = mf.Dataset.fromCSV(text);
  const split = data.split(SPLIT);
  const plainData = engineTrainSplit(parseRatings(text), SPLIT.testFraction, SPLIT.seed);
  if (plainData.ratings.length !== split.numTrain) throw new Error(`the JS split has ${plainData.ratings.length} training ratings, the engine's ${split.numTrain}`);
  const native = nativeServer();
  const info = await native.info;
  if (info.train !== split.numTrain) throw new Error(`mf_bench's split has ${info.train} training ratings, the engine's ${split.numTrain}`);
  const chromium = browser ? await benchPage() : null;

  // samples[platform][`${algorithm} ${k}`] = [ms, ...]; perRound likewise, one median per round;
  // pairs[`${a}/${b}`][key] = ratios of a's and b's timed steps of the same turn.
  const samples = {}, perRound = {}, pairs = {}, calibrationMs = [];
  const add = (platform, key, ms, round) => {
    ((samples[platform] ??= {})[key] ??= []).push(...ms);
    ((perRound[platform] ??= {})[key] ??= [])[round] = median(ms);
  };
  for (let round = 0; round < rounds; round++) {
    log(`ml-latest-small, round ${round + 1} of ${rounds}`);
    calibrationMs.push(Number(await native.ask('calibrate')));
    for (const algorithm of algorithms) {
      for (const factors of ks) {
        const key = `${algorithm} ${factors}`;
        const heavy = isHeavy(algorithm, factors);
        const withPlain = plain && !(heavy && round >= HEAVY_ROUNDS);
        const jsWarmup = heavy ? ONE_STEP : WARMUP;
        // Set up and warm up every platform for this configuration.
        await native.ask(`new ${algorithm} ${factors}`);
        const t = new mf.Trainer(data, split, { algorithm, factors });
        warmUp(() => t.step(), WARMUP);
        const spec = { algorithm, factors, warmup: jsWarmup };
        if (chromium) await chromium.page.evaluate((sp) => window.bench.start({ ...sp, kind: 'wasm' }), spec);
        const plainStep = withPlain ? plainStepper(plainData, algorithm, factors) : null;
        if (plainStep) warmUp(plainStep, jsWarmup);
        const got = { native: [], 'wasm-node': [], 'wasm-chromium': [], 'js-node': [] };
        // Each turn is two steps, the first untimed: it brings the platform's
        // data back into the caches the other platforms' steps have just used,
        // as it is when a page trains epoch after epoch.
        for (let r = 0; r < repeats; r++) {
          await native.ask('step');
          got.native.push(Number(await native.ask('step')));
          t.step();
          got['wasm-node'].push(t.step().ms);
          if (chromium) got['wasm-chromium'].push(await chromium.page.evaluate(() => { window.bench.step(); return window.bench.step(); }));
          if (plainStep && !heavy) {
            plainStep();
            got['js-node'].push(plainStep());
          } else if (plainStep && r === 0) {
            got['js-node'].push(plainStep());
          }
        }
        t.delete();
        for (const [platform, ms] of Object.entries(got)) if (ms.length) add(platform, key, ms, round);
        for (const [a, b] of RATIOS.slice(0, 3)) {
          got[a].forEach((x, i) => { if (got[b][i] !== undefined) ((pairs[`${a}/${b}`] ??= {})[key] ??= []).push(x / got[b][i]); });
        }
        // The plain JS in Chromium last (its own page state), after the wasm steps.
        if (withPlain && chromium) {
          await chromium.page.evaluate((sp) => window.bench.start({ ...sp, kind: 'js' }), spec);
          const ms = [];
          for (let r = 0; r < (heavy ? 1 : repeats); r++) ms.push(await chromium.page.evaluate(() => window.bench.step()));
          add('js-chromium', key, ms, round);
        }
      }
    }
  }
  native.close();
  await chromium?.close();
  split.delete();
  data.delete();
  const raw = {
    dataset: { name: 'ml-latest-small', train: info.train, test: info.test, users: info.users, items: info.items },
    split: SPLIT, rounds, repeats, ks, algorithms,
    warmup: { native: { steps: info.warmupSteps }, js: WARMUP },
    chromium: chromium?.version ?? '',
    calibration: { multiplies: info.calibrationMultiplies, ms: calibrationMs },
    samples, perRound, pairs,
  };
  return { ...raw, rows: summarizeSteps(raw) };
}

/**
 * The figures of each configuration from the raw samples (pure): medians,
 * fastest samples, ratios, the noise of the native samples and native SGD
 * updates per second (millions), from medians and from the fastest samples.
 */
export function summarizeSteps({ dataset, ks, algorithms, samples, perRound, pairs }) {
  // The median of the paired ratios where the platforms took turns; otherwise
  // the median over rounds of the ratio of the two platforms' medians in that round.
  const ratio = (a, b, key) => (pairs[`${a}/${b}`]?.[key]
    ? median(pairs[`${a}/${b}`][key])
    : median((perRound[a]?.[key] ?? []).map((x, r) => x / perRound[b]?.[key]?.[r])));
  const rows = [];
  for (const algorithm of algorithms) {
    for (const factors of ks) {
      const key = `${algorithm} ${factors}`;
      const of = (f) => Object.fromEntries(PLATFORMS.map((p) => [p, f(samples[p]?.[key] ?? [])]));
      const med = of(median), best = of(fastest);
      const updates = (ms) => (algorithm === 'sgd' ? dataset.train / ms / 1000 : null);
      rows.push({
        algorithm, factors, median: med, best,
        ratio: Object.fromEntries(RATIOS.map(([a, b]) => [`${a}/${b}`, ratio(a, b, key)])),
        bestRatio: Object.fromEntries(RATIOS.map(([a, b]) => [`${a}/${b}`, best[a] / best[b]])),
        noise: spread(samples.native?.[key] ?? []),
        updatesPerSecond: { median: updates(med.native), best: updates(best.native) },
      });
    }
  }
  return rows;
}
