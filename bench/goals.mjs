// The goals the benchmark is judged against, as data, in one place. Each goal
// names the section whose results it needs, its target, whether the measured
// value must be at least (>=) or at most (<=) the target (and `also`, any
// further condition), how its value is read from the results (NaN or missing:
// no verdict) and how the measurement is shown. The verdicts are computed
// here, from the results; the report only prints them.
import { fmt } from './stats.mjs';

// What the host-speed calibration takes on this machine when it is quiet: the
// yardstick the report's prose gives for it.
export const QUIET_CALIBRATION_MS = 60;

const row = (r, algorithm, factors) => r.steps.rows.find((x) => x.algorithm === algorithm && x.factors === factors);
const defaultSet = (r) => r.page.sets.find((s) => s.isDefault) ?? r.page.sets[0];
const kb = (bytes) => bytes / 1024;

const wasmInChromium = (algorithm) => ({
  section: 'steps', op: '<=', target: 1.5, factors: 40,
  name: (g) => `wasm in Chromium within ${g.target}x of native, ${algorithm.toUpperCase()} k = ${g.factors}`,
  value: (r, g) => row(r, algorithm, g.factors)?.ratio['wasm-chromium/native'],
  shown: (r, g) => `${fmt(g.value(r, g))}x; fastest ${fmt(row(r, algorithm, g.factors)?.bestRatio['wasm-chromium/native'])}x`,
});

// The threads section: a data set's row of one algorithm.
const threadRow = (r, set, algorithm) => r.threads.sets.find((s) => s.name === set)?.rows.find((x) => x.algorithm === algorithm);
const stepOf = (algorithm) => (algorithm === 'sgd' ? 'SGD epoch' : 'ALS sweep');

// Judged on the median of the ratios of neighbouring samples (the counts take turns).
const threadSpeedup = (set, algorithm, target) => ({
  section: 'threads', op: '>=', target, factors: 40,
  name: (g, r) => {
    const [one, many] = r.threads.threads;
    return `native ${stepOf(algorithm)} k = ${g.factors} on ${set}: ${many} threads ${g.op} ${g.target}x faster than ${one}`;
  },
  value: (r) => threadRow(r, set, algorithm)?.speedup.pairs,
  shown: (r) => {
    const x = threadRow(r, set, algorithm)?.speedup;
    return `${fmt(x?.pairs)}x (pairs ${fmt(x?.min)}–${fmt(x?.max)}; of the medians ${fmt(x?.ofMedians)}x)`;
  },
});

// Cost per rating (x k for SGD, x k^2 for ALS) on the 10 M set over ml-latest-small's, at the
// section's `which`-th thread count (0: the first, 1 thread; 1: the second).
const perRating = (algorithm, which) => ({
  section: 'threads', op: '<=', target: 1.5, factors: 40,
  name: (g, r) => `native ${stepOf(algorithm)} k = ${g.factors} on ${r.threads.threads[which]} thread${r.threads.threads[which] === 1 ? '' : 's'}, ` +
    `10 M synthetic vs ml-latest-small: cost per rating x ${algorithm === 'sgd' ? 'k' : 'k²'} ${g.op} ${g.target}x`,
  value: (r) => r.threads.scaling.find((x) => x.algorithm === algorithm)?.ratio[which],
  shown: (r) => {
    const x = r.threads.scaling.find((y) => y.algorithm === algorithm);
    return `${fmt(x?.ratio[which])}x (${fmt(x?.large[which], 3)} vs ${fmt(x?.small[which], 3)} ns)`;
  },
});

// The ranking section: a scorer's NDCG@10 (keys: bench/sections/ranking.mjs).
const ndcg = (r, key) => r.ranking.rows.find((x) => x.key === key)?.metrics['ndcg@10'];
const overPopularity = (key, label, target) => ({
  section: 'ranking', op: '>=', target,
  name: (g) => `${label} NDCG@10 ${g.op} ${g.target}x the most-popular baseline's (ml-latest-small)`,
  value: (r) => ndcg(r, key) / ndcg(r, 'popularity'),
  shown: (r) => `${fmt(ndcg(r, key), 4)} vs ${fmt(ndcg(r, 'popularity'), 4)}: ${fmt(ndcg(r, key) / ndcg(r, 'popularity'))}x`,
});
const sweepRow = (r, algorithm) => r.ranking.sweep.rows.find((x) => x.algorithm === algorithm);

const RANKING_GOALS = [
  overPopularity('ials-cg', 'implicit ALS (defaults)', 2),
  {
    section: 'ranking', op: '>=', target: 0.9,
    name: (g) => `implicit ALS NDCG@10 within 10 % of the EASE reference (>= ${g.target}x)`,
    value: (r) => ndcg(r, 'ials-cg') / ndcg(r, 'ease'),
    shown: (r) => `${fmt(ndcg(r, 'ials-cg'), 4)} vs ${fmt(ndcg(r, 'ease'), 4)}: ${fmt(ndcg(r, 'ials-cg') / ndcg(r, 'ease'))}x`,
  },
  overPopularity('als', 'explicit ALS default top-N', 1),
  overPopularity('sgd', 'explicit SGD default top-N', 1),
  {
    section: 'ranking', op: '<=', target: 2, factors: 40,
    name: (g) => `native implicit ALS sweep (CG) ${g.op} ${g.target}x an explicit ALS sweep, k = ${g.factors}`,
    value: (r) => r.ranking.sweep.ialsOverAls,
    shown: (r) => `${fmt(r.ranking.sweep.ialsOverAls)}x (${fmt(sweepRow(r, 'ials')?.native, 1)} vs ${fmt(sweepRow(r, 'als')?.native, 1)} ms)`,
  },
  {
    section: 'ranking', op: '<=', target: 1.5, factors: 40,
    name: (g) => `implicit ALS sweep, wasm in node within ${g.target}x of native, k = ${g.factors}`,
    value: (r) => sweepRow(r, 'ials')?.wasmOverNative,
    shown: (r, g) => `${fmt(g.value(r, g))}x`,
  },
  {
    section: 'ranking', op: '<=', target: 300,
    name: (g) => `a full ranking evaluation of ml-latest-small natively ${g.op} ${g.target / 1000} s`,
    value: (r) => r.ranking.evaluation.als.native,
    shown: (r) => `${fmt(r.ranking.evaluation.als.native, 0)} ms (wasm in node ${fmt(r.ranking.evaluation.als.wasmNode, 0)} ms)`,
  },
];
// The large section: wasm (node or Chromium) over native, per rating x k or k², on the 10 M set.
const largeRow = (r, algorithm) => r.large.rows.find((x) => x.algorithm === algorithm);
const largeWasm = (algorithm, where) => ({
  section: 'large', op: '<=', target: 1.5, factors: 40,
  name: (g) => `wasm in ${where === 'wasm-node' ? 'node' : 'Chromium'} within ${g.target}x of native per rating x ${algorithm === 'sgd' ? 'k' : 'k²'}, ` +
    `${stepOf(algorithm)} k = ${g.factors} on the 10 M synthetic set`,
  value: (r) => largeRow(r, algorithm)?.ratio[`${where}/native`],
  shown: (r) => {
    const x = largeRow(r, algorithm);
    return `${fmt(x?.ratio[`${where}/native`])}x (${fmt(x?.nsPerUnit[where], 3)} vs ${fmt(x?.nsPerUnit.native, 3)} ns)`;
  },
});

// The threaded wasm build in Chromium (section threads-web), judged as the native threads.
const webThreadSpeedup = (target) => ({
  section: 'threads-web', op: '>=', target, factors: 40,
  name: (g, r) => `wasm in Chromium (threaded build), ALS sweep k = ${g.factors} on ml-latest-small: ` +
    `${r['threads-web'].byThreads[1].threads} threads ${g.op} ${g.target}x faster than 1`,
  value: (r) => r['threads-web'].speedup.pairs,
  // The threaded build ran, and its 2-thread curve was the 1-thread one.
  also: (r) => r['threads-web'].threadsAvailable && r['threads-web'].sameCurve,
  shown: (r) => {
    const x = r['threads-web'].speedup;
    return `${fmt(x.pairs)}x (pairs ${fmt(x.min)}–${fmt(x.max)}; of the medians ${fmt(x.ofMedians)}x)`;
  },
});

export const GOALS = [
  {
    // Judged on the medians; the fastest samples are shown beside them.
    section: 'steps', op: '>=', target: 40, factors: 40,
    name: (g) => `native SGD ${g.op} ${g.target} M updates/s at k = ${g.factors}`,
    value: (r, g) => row(r, 'sgd', g.factors)?.updatesPerSecond.median,
    shown: (r, g) => {
      const x = row(r, 'sgd', g.factors);
      return `${fmt(x?.updatesPerSecond.median, 1)} M/s (${fmt(x?.median.native)} ms/epoch); fastest ${fmt(x?.updatesPerSecond.best, 1)} M/s`;
    },
  },
  {
    section: 'steps', op: '<=', target: 80, factors: 40,
    name: (g) => `native ALS sweep ${g.op} ${g.target} ms at k = ${g.factors}`,
    value: (r, g) => row(r, 'als', g.factors)?.median.native,
    shown: (r, g) => `${fmt(g.value(r, g), 1)} ms; fastest ${fmt(row(r, 'als', g.factors)?.best.native, 1)} ms`,
  },
  wasmInChromium('sgd'),
  wasmInChromium('als'),
  {
    // Judged in Chromium; node shown beside.
    section: 'steps', op: '>=', target: 3, factors: 40,
    name: (g) => `wasm SGD ${g.op} ${g.target}x faster than plain JS (k = ${g.factors})`,
    value: (r, g) => row(r, 'sgd', g.factors)?.ratio['js-chromium/wasm-chromium'],
    shown: (r, g) => `${fmt(g.value(r, g))}x in Chromium, ${fmt(row(r, 'sgd', g.factors)?.ratio['js-node/wasm-node'])}x in node`,
  },
  {
    // Every data set the page was opened on.
    section: 'page', op: '<=', target: 1000,
    name: (g) => `page ready to train ${g.op} ${g.target / 1000} s`,
    value: (r) => Math.max(...r.page.sets.map((s) => s.ms)),
    shown: (r) => r.page.sets.map((s) => `${fmt(s.ms, 0)} ms (${s.name})`).join(', '),
  },
  {
    section: 'page', op: '<=', target: 250,
    name: (g) => `JS + wasm ${g.op} ${g.target} KB gzipped`,
    value: (r) => kb(defaultSet(r).gz.js + defaultSet(r).gz.wasm),
    shown: (r, g) => `${fmt(g.value(r, g), 1)} KB`,
  },
  {
    section: 'page', op: '<=', target: 1024,
    name: (g) => `bundled data loaded ${g.op} ${g.target / 1024} MB gzipped`,
    value: (r) => kb(Math.max(...r.page.sets.map((s) => s.gz.data))),
    shown: (r, g) => {
      const largest = r.page.sets.reduce((a, s) => (s.gz.data > a.gz.data ? s : a));
      return `${fmt(g.value(r, g), 0)} KB (largest: ${largest.name} ratings + movies)`;
    },
  },
  {
    section: 'grid', op: '>=', target: 1.7,
    name: (g, r) => `grid search speedup ${g.op} ${g.target}x on ${r.grid.cores} cores, same results`,
    value: (r) => r.grid.speedup,
    also: (r) => r.grid.identical && r.grid.sameAsGridSearch,
    shown: (r) => `${fmt(r.grid.speedup)}x, identical: ${r.grid.identical && r.grid.sameAsGridSearch ? 'yes' : 'no'}`,
  },
  threadSpeedup('ml-latest-small', 'als', 1.8),
  threadSpeedup('synthetic 10 M', 'als', 1.8),
  threadSpeedup('synthetic 10 M', 'sgd', 1.6),
  perRating('als', 0),
  perRating('sgd', 0),
  perRating('als', 1),
  perRating('sgd', 1),
  ...RANKING_GOALS,
  largeWasm('als', 'wasm-node'),
  largeWasm('als', 'wasm-chromium'),
  largeWasm('sgd', 'wasm-node'),
  largeWasm('sgd', 'wasm-chromium'),
  webThreadSpeedup(1.7),
];

/** true (met), false (missed) or null (no figure to judge). */
export function verdict(goal, results) {
  const value = goal.value(results, goal);
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const met = goal.op === '>=' ? value >= goal.target : value <= goal.target;
  return met && (goal.also?.(results) ?? true);
}

/** The goals whose section ran: name, measurement and verdict of each. */
export function judgeGoals(results) {
  return GOALS.filter((g) => results[g.section]).map((g) => ({ name: g.name(g, results), measured: g.shown(results, g), met: verdict(g, results) }));
}
