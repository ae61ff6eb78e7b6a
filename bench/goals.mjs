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
