// npm run bench: the benchmark suite. Runs its sections, writes the raw
// results to bench/results.json and the report built from them to
// bench/RESULTS.md (and prints it). The sections, each in bench/sections/:
//   steps      training steps on ml-latest-small: native, wasm in node and in
//              Chromium, plain JS in node and in Chromium, taking turns
//   synthetic  scaling: a synthetic 1 M-rating set, native and wasm in node
//   page       the built page (dist/): time to "ready to train" and bytes loaded
//   grid       grid search in the page on 1 and on several workers
//   threads    native ALS sweeps and SGD epochs on 1 and 2 threads, on
//              ml-latest-small and a synthetic MovieLens-10M-shaped set
//   ranking    top-10 quality of every model, the baselines and the EASE
//              reference; the cost of a ranking evaluation and of an
//              implicit ALS sweep, native and wasm in node
//   large      the 10 M synthetic set loaded and trained (ALS sweep, SGD epoch, k = 40)
//              by wasm in node and in Chromium beside native: a few minutes,
//              MF_BENCH_SKIP=large leaves it out
//   threads-web  the threaded wasm build in Chromium (a cross-origin isolated
//              page's worker): ALS sweeps on 1 and 2 threads, ml-latest-small
// The report (bench/report.mjs) is a pure function of the results; to rebuild
// it from the JSON without rerunning: node bench/report.mjs bench/results.json
//
// node bench/run.mjs [--only SECTIONS] [--skip SECTIONS] [--out DIR]
//   SECTIONS: a comma list of the sections above, and for --skip also
//   `browser` (steps without Chromium) and `plain` (steps without plain JS).
//   --out DIR writes results.json and RESULTS.md there instead of bench/.
// Environment: MF_BENCH_ROUNDS (5), MF_BENCH_REPEATS (5), MF_BENCH_PAGE_RUNS (5),
// MF_BENCH_GRID_ROUNDS (5), MF_BENCH_THREADS_REPEATS (15, ml-latest-small),
// MF_BENCH_THREADS_LARGE_REPEATS (5, the 10 M set), MF_BENCH_RANKING_REPEATS (7), MF_BENCH_LARGE_REPEATS (1),
// MF_BENCH_THREADS_WEB_REPEATS (15),
// MF_BENCH_SKIP (as --skip),
// MF_BENCH_NATIVE, CHROMIUM.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runSteps } from './sections/steps.mjs';
import { runSynthetic } from './sections/synthetic.mjs';
import { runPage } from './sections/page.mjs';
import { runGrid } from './sections/grid.mjs';
import { runThreads } from './sections/threads.mjs';
import { runRanking } from './sections/ranking.mjs';
import { runLarge } from './sections/large.mjs';
import { runThreadsWeb } from './sections/threads-web.mjs';
import { renderReport, parseResults } from './report.mjs';
import { root, log } from './lib.mjs';

const { values: args } = parseArgs({ options: { only: { type: 'string' }, skip: { type: 'string' }, out: { type: 'string' } } });
const list = (s) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const skip = new Set([...list(process.env.MF_BENCH_SKIP), ...list(args.skip)]);
const env = (name, fallback) => Number(process.env[name] ?? fallback);

const SECTIONS = {
  steps: () => runSteps({ rounds: env('MF_BENCH_ROUNDS', 5), repeats: env('MF_BENCH_REPEATS', 5), browser: !skip.has('browser'), plain: !skip.has('plain') }),
  synthetic: () => runSynthetic(),
  page: () => runPage({ runs: env('MF_BENCH_PAGE_RUNS', 5) }),
  grid: () => runGrid({ rounds: env('MF_BENCH_GRID_ROUNDS', 5) }),
  threads: () => runThreads({ repeats: env('MF_BENCH_THREADS_REPEATS', 15), largeRepeats: env('MF_BENCH_THREADS_LARGE_REPEATS', 5) }),
  ranking: () => runRanking({ repeats: env('MF_BENCH_RANKING_REPEATS', 7) }),
  large: () => runLarge({ repeats: env('MF_BENCH_LARGE_REPEATS', 1) }),
  'threads-web': () => runThreadsWeb({ repeats: env('MF_BENCH_THREADS_WEB_REPEATS', 15) }),
};
const only = list(args.only);
for (const name of only) if (!(name in SECTIONS)) throw new Error(`--only: unknown section ${name}`);
for (const name of skip) if (!(name in SECTIONS) && name !== 'browser' && name !== 'plain') throw new Error(`--skip: unknown section ${name}`);
const selected = Object.keys(SECTIONS).filter((name) => (!only.length || only.includes(name)) && !skip.has(name));

const load = () => loadavg()[0];
const results = { host: { cpu: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length, node: process.version, load: { start: load() } } };
for (const name of selected) {
  log(`section ${name}`);
  results[name] = await SECTIONS[name]();
  if (name === 'steps') results.host.load.afterSteps = load();
}
results.host.load.end = load();
results.host.finishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

const outDir = resolve(args.out ?? join(root, 'bench'));
mkdirSync(outDir, { recursive: true });
const json = toJson(results) + '\n';
writeFileSync(join(outDir, 'results.json'), json);
// The report from the JSON as written, so that rebuilding it from the file gives the same text.
const report = renderReport(parseResults(json));
writeFileSync(join(outDir, 'RESULTS.md'), report);
process.stdout.write(report);

// JSON with small objects, lists of numbers and maps of such lists on one line each.
function toJson(value, indent = '') {
  const flat = JSON.stringify(value);
  const leaf = (x) => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object'));
  if (leaf(value) || flat.length <= 100 || Object.values(value).every(leaf)) return flat;
  const inner = indent + '  ';
  const items = Array.isArray(value)
    ? value.map((x) => inner + toJson(x, inner))
    : Object.entries(value).filter(([, x]) => x !== undefined).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${toJson(x, inner)}`);
  return Array.isArray(value) ? `[\n${items.join(',\n')}\n${indent}]` : `{\n${items.join(',\n')}\n${indent}}`;
}
