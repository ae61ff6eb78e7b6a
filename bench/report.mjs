// The benchmark's report: results (as bench/run.mjs collects them, or read
// back from bench/results.json) -> Markdown. Pure: no I/O, no clock, and every
// figure it states is read from the results. Run as a script, it rebuilds the
// report from the JSON without rerunning anything:
//   node bench/report.mjs [bench/results.json] > bench/RESULTS.md
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fmt, median } from './stats.mjs';
import { judgeGoals, QUIET_CALIBRATION_MS } from './goals.mjs';
import { rankingSection } from './report-ranking.mjs';

/** Parses results.json: NaN, which JSON writes as null, comes back as NaN. */
export const parseResults = (json) => JSON.parse(json, (key, value) => (value === null ? NaN : value));

const stepName = (algorithm) => (algorithm === 'sgd' ? 'SGD epoch' : 'ALS sweep');
const yes = (b) => (b ? 'yes' : 'NO');
const kb = (bytes, d) => fmt(bytes / 1024, d);
const splitName = ({ testFraction }) => `${Math.round(100 * (1 - testFraction))}/${Math.round(100 * testFraction)}`;

// A Markdown table; columns are [header, 'l' or 'r' (alignment), cell(row)].
function table(columns, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [
    line(columns.map(([header]) => header)).replace(/\| {2}\|/g, '| |'),
    `|${columns.map(([, align]) => (align === 'r' ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => line(columns.map(([, , cell]) => cell(row)))),
  ];
}

function heading({ host, steps, grid }) {
  const chromium = steps?.chromium || grid?.chromium;
  const loads = [['before', host.load.start], ['after the step timings', host.load.afterSteps], ['at the end', host.load.end]]
    .filter(([, l]) => l !== undefined);
  const lines = ['# Benchmark results', '',
    `\`npm run bench\` on ${host.finishedAt}: ${host.cpu}, ${host.cores} cores, node ${host.node}` +
    (chromium ? `, Chromium ${chromium}` : '') + '. ' +
    `Load average (1 min) ${loads.map(([label]) => label).join(' / ')}: ${loads.map(([, l]) => fmt(l, 1)).join(' / ')} ` +
    '(the machine is shared: figures under load are slower and noisier, ratios within a round less so).', ''];
  if (steps?.calibration.ms.length) {
    lines.push(`Host speed: a fixed chain of ${steps.calibration.multiplies / 1e6} M dependent multiplies took ${steps.calibration.ms.map((x) => fmt(x, 0)).join(', ')} ms at the start of each round ` +
      `(about ${QUIET_CALIBRATION_MS} ms when the machine is quiet; larger means this virtual machine got less of its CPU, which slows every figure of that round alike).`, '');
  }
  return lines;
}

const PLATFORMS = { native: 'native', 'wasm-node': 'wasm node', 'wasm-chromium': 'wasm Chromium', 'js-node': 'JS node', 'js-chromium': 'JS Chromium' };
const stepColumns = (figure) => [['step', 'l', (x) => stepName(x.algorithm)], ['k', 'r', (x) => x.factors],
  ...Object.entries(PLATFORMS).map(([p, header]) => [header, 'r', (x) => fmt(x[figure][p])])];
const ratioColumns = (figure) => [['wasm/native node', 'wasm-node/native'], ['wasm/native Chromium', 'wasm-chromium/native'],
  ['JS/wasm node', 'js-node/wasm-node'], ['JS/wasm Chromium', 'js-chromium/wasm-chromium']].map(([h, key]) => [h, 'r', (x) => fmt(x[figure][key])]);
const updatesColumn = (figure) => ['native M updates/s', 'r', (x) => (x.algorithm === 'sgd' ? fmt(x.updatesPerSecond[figure], 1) : '')];

function stepsSection({ dataset, rounds, repeats, warmup, rows }) {
  // The table of fastest samples has no columns for JS in node.
  const notJsNode = ([header]) => header !== 'JS node' && header !== 'JS/wasm node';
  return [`## Training steps on ${dataset.name} (${dataset.train.toLocaleString('en')} training ratings, ${dataset.users} users, ${dataset.items} movies)`, '',
    `Milliseconds per SGD epoch or ALS sweep (training only, evaluation excluded), median of ${rounds} rounds x ${repeats} steps, ` +
    `each after warm-up steps (${warmup.native.steps} native; in the JS engines at least ${warmup.js.steps} and ${warmup.js.ms} ms, as V8 swaps in optimized code only once a function is hot). wasm: the mfcf module (-O3 -msimd128); JS: bench/plain-js.mjs, the same SGD and ALS ` +
    'written directly in JavaScript on typed arrays, on the same training ratings. Native, wasm in node, wasm in Chromium and JS in node take turns, each turn an untimed step (which brings its data back into the caches) and a timed one; ' +
    'their ratios are medians of the ratios of neighbouring timed steps (JS/wasm in Chromium: of the rounds\' medians). ' +
    '"noise" is the interquartile range of the native samples over their median.', '',
    ...table([...stepColumns('median'), ...ratioColumns('ratio'), updatesColumn('median'), ['noise', 'r', (x) => `${fmt(100 * x.noise, 0)} %`]], rows), '',
    'The fastest sample of each (the machine undisturbed), and their ratios:', '',
    ...table([...stepColumns('best'), ...ratioColumns('bestRatio'), updatesColumn('best')].filter(notJsNode), rows), ''];
}

function syntheticSection({ generator, split, repeats, dataset, rows }, steps) {
  const small = (x) => steps?.rows.find((s) => s.algorithm === x.algorithm && s.factors === x.factors)?.median.native;
  return [`## Scaling: synthetic MovieLens-shaped data, ${dataset.train.toLocaleString('en')} training ratings (${dataset.users} users, ${dataset.items} movies)`, '',
    `Generated by bench/data.mjs from a seed (long-tailed users and movies, half-star ratings from a rank-${generator.rank} model plus noise), ` +
    `${splitName(split)} split; median of ${repeats} steps after a warm-up. "x small" is the time over the same step on ${steps?.dataset.name ?? 'ml-latest-small'} ` +
    `(${steps ? fmt(dataset.train / steps.dataset.train, 1) : '?'}x the ratings). SGD costs ~ ratings x k; ALS ~ ratings x k^2 + (users + items) x k^3.`, '',
    ...table([['step', 'l', (x) => stepName(x.algorithm)], ['k', 'r', (x) => x.factors], ['native ms', 'r', (x) => fmt(x.native)],
      ['wasm node ms', 'r', (x) => fmt(x.wasm)], ['wasm/native', 'r', (x) => fmt(x.wasmOverNative)], ['native x small', 'r', (x) => fmt(x.native / small(x), 1)],
      ['ns per rating x k (native)', 'r', (x) => (x.algorithm === 'sgd' ? fmt(x.nsPerUnit, 3) : `${fmt(x.nsPerUnit, 3)} (per rating x k²)`)],
      ['test RMSE', 'r', (x) => fmt(x.testRmse, 3)]], rows), ''];
}

function pageSection({ runs, gzipLevel, host, sets, bundled }) {
  return ['## The page (dist/, `npm run build`)', '',
    'Time from navigation to "ready to train" (the Train button enabled: engine loaded, data parsed, first run set up; ' +
    `web/main.js marks it as \`mfcf-ready-to-train\`), fresh Chromium profile each time (cold cache), served from ${host}; ` +
    `median of ${runs}. Bytes: everything the page fetched until then, gzipped (-${gzipLevel}).`, '',
    ...table([['data set', 'l', (s) => (s.isDefault ? `${s.name} (default)` : s.name)], ['ready ms', 'r', (s) => fmt(s.ms, 0)], ['noise', 'r', (s) => `${fmt(100 * s.noise, 0)} %`],
      ['JS gz KB', 'r', (s) => kb(s.gz.js, 1)], ['wasm gz KB', 'r', (s) => kb(s.gz.wasm, 1)], ['data gz KB', 'r', (s) => kb(s.gz.data, 1)],
      ['other (CSS, fonts) gz KB', 'r', (s) => kb(s.gz.other, 1)], ['JS + wasm raw KB', 'r', (s) => kb(s.bytes.js + s.bytes.wasm, 0)]], sets), '',
    'Bundled data files: ' + Object.entries(bundled).map(([f, s]) => `${f} ${kb(s.raw, 0)} KB (${kb(s.gz, 0)} KB gz)`).join(', ') + '.', ''];
}

function gridSection(g) {
  const perRound = (xs) => xs.map((x) => fmt(x)).join(', ');
  const { ceiling } = g;
  return ['## Grid search in the page', '',
    `${g.grid.dataset}, ${g.grid.algorithm.toUpperCase()}, ${g.cells} cells (k = ${g.grid.factors.join(', ')} x λ = ${g.grid.regularization.join(', ')}) x ${g.grid.iterations} sweeps, ` +
    `started from the page's Grid search button; wall time until the heatmap is drawn, median of ${g.rounds} rounds (1 worker, then ${g.workers}) after a warm-up run ` +
    `(workers started, data loaded). navigator.hardwareConcurrency = ${g.cores}.`, '',
    ...table([['workers', 'r', (x) => x.workers], ['wall s', 'r', (x) => fmt(x.ms / 1000)], ['speedup', 'r', (x) => x.speedup],
      ['cells identical across runs', 'l', () => yes(g.identical)], ['same as mf.gridSearch in one worker', 'l', () => yes(g.sameAsGridSearch)]],
    [{ workers: 1, ms: g.one, speedup: fmt(1) }, { workers: g.workers, ms: g.parallel, speedup: `${fmt(g.speedup)} (per round: ${perRound(g.speedups)})` }]), '',
    `For scale, the machine's own parallel speedup on this work: ${ceiling.processes} native processes each running ${ceiling.warmupSteps + ceiling.timedSteps} ` +
    `${ceiling.algorithm.toUpperCase()} sweeps at k = ${ceiling.factors} (mf_bench: ${ceiling.warmupSteps} warm-up, ${ceiling.timedSteps} timed) ` +
    `took ${fmt(ceiling.speedup)}x less time side by side than one after the other (per round: ${perRound(ceiling.speedups)}).`, ''];
}

function threadsSection({ sets, scaling, repeats, threads, warmupSteps, split, scheduleOnly, ceiling }) {
  const perUnit = (algorithm) => (algorithm === 'sgd' ? 'k' : 'k²');
  const lines = [`## Threads (native, ${threads.join(' vs ')} threads)`, '',
    `mf_bench with TrainOptions::threads = ${threads.join(' and ')}: one trainer per count (same seed), timed in turns after ${warmupSteps} warm-up step each; ` +
    `${repeats.small} steps per count on ml-latest-small, ${repeats.large} on the synthetic set, ${splitName(split)} split. ` +
    'ms: training only (StepResult::ms); CPU: all threads over the whole step (training and the one-threaded evaluation); ' +
    '"noise" the interquartile range over the median; the speedup is the median of the ratios of neighbouring samples (range in brackets) ' +
    'and, beside it, the ratio of the medians. ALS gives the same model on any count; SGD on 2 threads runs the stratified schedule of core/include/mf/sgd.hpp.', ''];
  for (const set of sets) {
    const gen = set.generator ? ` (bench/synthetic-large.mjs, ${set.generator.ratings.toLocaleString('en')} ratings asked, seed ${set.generator.seed})` : '';
    lines.push(`### ${set.name}${gen}: ${set.dataset.train.toLocaleString('en')} training ratings, ${set.dataset.users} users, ${set.dataset.items} movies`, '',
      `Host calibration ${fmt(set.calibrationMs, 0)} ms (about ${QUIET_CALIBRATION_MS} quiet); ${set.cores} cores. Memory resident: ${fmt(set.memory.rssLoadedMb, 0)} MB ` +
      `with the data loaded and split, ${set.rows.map((r) => `${fmt(r.rssMb, 0)} MB with the ${r.byThreads.length} ${stepName(r.algorithm).split(' ')[0]} trainers`).join(', ')} ` +
      `(training_memory_bytes() estimates ${set.rows.map((r) => `${fmt(r.estimatedMb, 0)} MB`).join(' and ')} per trainer, its split included); ` +
      `peak ${fmt(set.memory.peakRssMb, 0)} MB, while the file was parsed.`, '',
      ...table([['step', 'l', (x) => stepName(x.algorithm)], ['k', 'r', (x) => x.factors], ['threads', 'r', (x) => x.t.threads],
        ['median ms', 'r', (x) => fmt(x.t.median)], ['min–max', 'r', (x) => `${fmt(x.t.min)}–${fmt(x.t.max)}`], ['noise', 'r', (x) => `${fmt(100 * x.t.noise, 0)} %`],
        ['CPU ms', 'r', (x) => fmt(x.t.cpu)], ['ns per rating x k or k²', 'r', (x) => `${fmt(x.t.nsPerUnit, 3)} (x ${perUnit(x.algorithm)})`],
        ['speedup', 'r', (x) => (x.first ? '' : `${fmt(x.speedup.pairs)}x (${fmt(x.speedup.min)}–${fmt(x.speedup.max)}); ${fmt(x.speedup.ofMedians)}x`)],
        ['test RMSE', 'r', (x) => fmt(x.testRmse[x.i], 4)]],
      set.rows.flatMap((r) => r.byThreads.map((t, i) => ({ ...r, t, i, first: i === 0 })))), '');
  }
  lines.push('Cost per rating (ns per rating x k for SGD, x k² for ALS, training ms medians) on the synthetic set over ml-latest-small:', '',
    ...table([['step', 'l', (x) => stepName(x.algorithm)], ['k', 'r', (x) => x.factors], ['threads', 'r', (x) => x.threads[x.i]],
      ['ml-latest-small ns', 'r', (x) => fmt(x.small[x.i], 3)], ['synthetic ns', 'r', (x) => fmt(x.large[x.i], 3)], ['ratio', 'r', (x) => fmt(x.ratio[x.i])]],
    scaling.flatMap((x) => x.threads.map((t, i) => ({ ...x, i })))), '');
  if (scheduleOnly) {
    const [one, many] = scheduleOnly.byThreads;
    lines.push(`SGD's stratified schedule by itself (synthetic set, mf_bench --lanes 1: the ${many.threads}-thread schedule run on one thread, as a build without threads runs it): ` +
      `${fmt(many.median)} ms per epoch against ${fmt(one.median)} ms for the 1-thread epoch in the same run, ${fmt(scheduleOnly.speedup.pairs)}x ` +
      `(${fmt(scheduleOnly.speedup.min)}–${fmt(scheduleOnly.speedup.max)}): its smaller blocks are shuffled and updated with fewer cache misses; the threads do the rest.`, '');
  }
  if (ceiling) {
    lines.push(`For scale, the machine's own parallel speedup: ${ceiling.processes} one-thread mf_bench processes of ${ceiling.warmupSteps + ceiling.timedSteps} ` +
      `${ceiling.algorithm.toUpperCase()} sweeps at k = ${ceiling.factors} on ml-latest-small took ${fmt(ceiling.speedup)}x less time side by side than one after the other ` +
      `(per round: ${ceiling.speedups.map((x) => fmt(x)).join(', ')}).`, '');
  }
  return lines;
}

function largeSection({ generator, split, repeats, warmupSteps, factors, dataset, loadMs, rows }) {
  const perUnit = (algorithm) => (algorithm === 'sgd' ? 'k' : 'k²');
  return [`## The 10 M synthetic set in wasm: ${dataset.train.toLocaleString('en')} training ratings (${dataset.users} users, ${dataset.items} movies)`, '',
    `bench/synthetic-large.mjs (seed ${generator.seed}, rank-${generator.rank} model plus noise), ${splitName(split)} split; one thread everywhere; ` +
    `${repeats} timed step${repeats === 1 ? '' : 's'} after ${warmupSteps} untimed, native (mf_bench), the wasm module in node and in Chromium (its main thread) in the same run. ` +
    `Loading the CSV with Dataset.fromBlob took ${fmt(loadMs.node / 1000, 1)} s in node and ${fmt(loadMs.chromium / 1000, 1)} s in Chromium (fetch included). ` +
    'Skipped with MF_BENCH_SKIP=large.', '',
    ...table([['step', 'l', (x) => stepName(x.algorithm)], ['k', 'r', (x) => x.factors],
      ['native ms', 'r', (x) => fmt(median(x.ms.native))], ['wasm node ms', 'r', (x) => fmt(median(x.ms['wasm-node']))], ['wasm Chromium ms', 'r', (x) => fmt(median(x.ms['wasm-chromium']))],
      ['ns per rating x k or k² (native / node / Chromium)', 'r', (x) => `${['native', 'wasm-node', 'wasm-chromium'].map((p) => fmt(x.nsPerUnit[p], 3)).join(' / ')} (x ${perUnit(x.algorithm)})`],
      ['wasm/native node', 'r', (x) => fmt(x.ratio['wasm-node/native'])], ['wasm/native Chromium', 'r', (x) => fmt(x.ratio['wasm-chromium/native'])],
      ['test RMSE (native)', 'r', (x) => fmt(x.testRmse, 4)]], rows), ''];
}

function threadsWebSection(w) {
  const [one, many] = w.byThreads;
  return [`## Threads in WebAssembly (Chromium ${w.browser}, threaded build)`, '',
    `bench/threads-page.html served with Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy (crossOriginIsolated: ${yes(w.isolated)}; ` +
    `threaded build loaded: ${yes(w.threadsAvailable)}, up to ${w.maxThreads} threads, navigator.hardwareConcurrency = ${w.cores}); ` +
    `in its module worker, ${w.algorithm.toUpperCase()} k = ${w.factors} on ml-latest-small (${splitName(w.split)} split), one trainer per thread count, ` +
    `${w.repeats} steps each in turns after ${w.warmupSteps} warm-up step; ms: training only. Same curve on ${many.threads} threads as on 1: ${yes(w.sameCurve)}.`, '',
    ...table([['threads', 'r', (x) => x.threads], ['median ms', 'r', (x) => fmt(x.median)], ['min–max', 'r', (x) => `${fmt(x.min)}–${fmt(x.max)}`],
      ['noise', 'r', (x) => `${fmt(100 * x.noise, 0)} %`]], [one, many]), '',
    `Speedup: ${fmt(w.speedup.pairs)}x (median of the neighbouring pairs, ${fmt(w.speedup.min)}–${fmt(w.speedup.max)}); of the medians ${fmt(w.speedup.ofMedians)}x.`, ''];
}

function goalsSection(results) {
  const mark = (met) => (met === null ? '–' : met ? 'met' : '**missed**');
  return ['## Goals', '', ...table([['goal', 'l', (g) => g.name], ['measured', 'l', (g) => g.measured], ['', 'l', (g) => mark(g.met)]], judgeGoals(results)), ''];
}

/** The whole report: Markdown for the sections that ran, and the goals. */
export function renderReport(results) {
  const { steps, synthetic, page, grid, threads, ranking, large } = results;
  const threadsWeb = results['threads-web'];
  return [
    ...heading(results),
    ...(steps ? stepsSection(steps) : []),
    ...(synthetic ? syntheticSection(synthetic, steps) : []),
    ...(page ? pageSection(page) : []),
    ...(grid ? gridSection(grid) : []),
    ...(threads ? threadsSection(threads) : []),
    ...(ranking ? rankingSection(ranking) : []),
    ...(large ? largeSection(large) : []),
    ...(threadsWeb ? threadsWebSection(threadsWeb) : []),
    ...goalsSection(results),
  ].join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2] ?? fileURLToPath(new URL('results.json', import.meta.url));
  process.stdout.write(renderReport(parseResults(readFileSync(file, 'utf8'))));
}
