// Section 'ranking': how good each model's top-10 lists are on ml-latest-small
// (docs/ranking.md's protocol: the default split, 90/10 seed 42; relevant =
// a test rating >= 4; candidates = every movie the user has no training
// rating for), what one ranking evaluation costs, and what an implicit ALS
// sweep costs next to an explicit one.
//   quality  `mf train --save` then `mf evaluate --output json` for each
//            model and baseline, and the EASE reference (bench/ease.cpp,
//            mf_ease: not a shipped algorithm);
//   cost     `mf evaluate` of the ALS model (its stderr gives the ranking
//            time) and mf.evaluateRanking of the same model file in node;
//   sweeps   explicit and implicit ALS at k = 40, native (mf_bench --serve)
//            and wasm in node taking turns step by step.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from '../stats.mjs';
import { root, ratingsPath, log, wasmModule, nativeServer } from '../lib.mjs';

const cli = process.env.MF_BENCH_CLI ?? join(root, 'build/native/core/cli/mf');
const ease = process.env.MF_BENCH_EASE ?? join(root, 'build/native/bench/mf_ease');
const METRICS = ['ndcg@10', 'precision@10', 'recall@10', 'map@10', 'hit@10', 'auc', 'coverage@10'];
// EASE's setting: lambda 100 was the best of 30, 100 and 300; its dense
// inverse is over the movies with at least 5 training ratings (bench/ease.cpp).
export const EASE = { lambda: 100, minCount: 5 };

const run = (file, args) => new Promise((ok, fail) => execFile(file, args, { encoding: 'utf8', maxBuffer: 1 << 24 },
  (error, stdout, stderr) => (error ? fail(new Error(`${file} ${args.join(' ')}: ${stderr || error.message}`)) : ok({ stdout, stderr }))));

// The models trained, each with `mf train` options and a name for its file.
const MODELS = [
  { file: 'als', args: [] },
  { file: 'sgd', args: ['--algorithm', 'sgd'] },
  { file: 'ials-cg', args: ['--algorithm', 'ials'] },
  { file: 'ials-cholesky', args: ['--algorithm', 'ials', '--solver', 'cholesky'] },
];
// The rows of the quality table: a baseline or a model file, with `mf evaluate` options.
const SCORERS = [
  { name: 'most popular', args: ['--baseline', 'popularity'] },
  { name: 'damped mean rating (d = 10)', args: ['--baseline', 'damped-mean'] },
  { name: 'ALS by predicted rating (shrinkage 0)', model: 'als', explicit: true, args: ['--shrinkage', '0'] },
  { name: 'ALS, default top-N (shrinkage 500)', model: 'als', explicit: true, args: [] },
  { name: 'SGD by predicted rating (shrinkage 0)', model: 'sgd', explicit: true, args: ['--shrinkage', '0'] },
  { name: 'SGD, default top-N (shrinkage 500)', model: 'sgd', explicit: true, args: [] },
  { name: 'implicit ALS, conjugate gradient (default)', model: 'ials-cg', args: [] },
  { name: 'implicit ALS, Cholesky', model: 'ials-cholesky', args: [] },
];

const evaluate = async (args) => {
  const { stdout, stderr } = await run(cli, ['evaluate', '--ratings', ratingsPath, '--output', 'json', ...args]);
  const ms = Number(/ranked in ([\d.]+) ms/.exec(stderr)?.[1]);
  return { ...JSON.parse(stdout), ms };
};

async function quality(dir) {
  for (const m of MODELS) {
    log(`ranking: training ${m.file}`);
    await run(cli, ['train', ratingsPath, ...m.args, '--save', join(dir, `${m.file}.mfm`), '--output', 'json']);
  }
  const rows = [];
  for (const s of SCORERS) {
    const modelArgs = s.model ? ['--model', join(dir, `${s.model}.mfm`)] : [];
    const metrics = [...METRICS, ...(s.explicit ? ['rmse'] : [])].join(',');
    const r = await evaluate([...modelArgs, ...s.args, '--metrics', metrics]);
    rows.push({ name: s.name, key: s.model ? `${s.model}${s.args.length ? '-raw' : ''}` : s.args[1], metrics: r.metrics,
      usersEvaluated: r.usersEvaluated, usersSkipped: r.usersSkipped });
  }
  log(`ranking: EASE reference (lambda ${EASE.lambda}, movies with >= ${EASE.minCount} training ratings)`);
  const { stdout } = await run(ease, [ratingsPath, '--lambda', String(EASE.lambda), '--min-count', String(EASE.minCount)]);
  const e = JSON.parse(stdout.trim().split('\n')[0]);
  rows.push({ name: `EASE reference (λ = ${e.lambda}, ${e.items} movies)`, key: 'ease', fitMs: e.fitMs, usersEvaluated: e.usersEvaluated,
    metrics: { 'ndcg@10': e.ndcg, 'precision@10': e.precision, 'recall@10': e.recall, 'map@10': e.map, 'hit@10': e.hitRate,
      auc: e.auc, 'coverage@10': e.coverage } });
  return rows;
}

// One ranking evaluation of the ALS model: natively (mf evaluate) and in node (mf.evaluateRanking), in turns.
async function cost(dir, repeats) {
  const mf = await wasmModule();
  const data = mf.Dataset.fromCSV(readFileSync(ratingsPath), { source: 'ratings.csv' });
  const split = data.split();
  const out = {};
  for (const which of ['als', 'popularity']) {
    const model = which === 'als' ? mf.Model.load(readFileSync(join(dir, 'als.mfm'))) : mf.baselines.popularity();
    const args = which === 'als' ? ['--model', join(dir, 'als.mfm')] : ['--baseline', 'popularity'];
    const native = [], wasm = [];
    for (let r = 0; r < repeats; r++) {
      native.push((await evaluate([...args, '--metrics', 'ndcg@10'])).ms);
      const start = performance.now();
      mf.evaluateRanking(model, data, split, { k: 10 });
      wasm.push(performance.now() - start);
    }
    if (which === 'als') model.delete();
    out[which] = { native: median(native), wasmNode: median(wasm), nativeMs: native, wasmNodeMs: wasm };
  }
  split.delete();
  data.delete();
  return out;
}

// Explicit and implicit ALS sweeps at k, natively and in node, taking turns.
async function sweeps(factors, repeats) {
  const mf = await wasmModule();
  const native = nativeServer();
  await native.info;
  const data = mf.Dataset.fromCSV(readFileSync(ratingsPath), { source: 'ratings.csv' });
  const split = data.split();
  const rows = [];
  for (const algorithm of ['als', 'ials']) {
    log(`ranking: ${algorithm} sweeps at k = ${factors}`);
    await native.ask(`new ${algorithm} ${factors}`);
    const t = new mf.Trainer(data, split, { algorithm, factors });
    t.step();
    const got = { native: [], wasmNode: [] };
    for (let r = 0; r < repeats; r++) {
      got.native.push(Number(await native.ask('step')));
      got.wasmNode.push(t.step().ms);
    }
    t.delete();
    const pairs = got.wasmNode.map((x, i) => x / got.native[i]);
    rows.push({ algorithm, factors, native: median(got.native), wasmNode: median(got.wasmNode), wasmOverNative: median(pairs), ms: got });
  }
  native.close();
  split.delete();
  data.delete();
  const [als, ials] = rows;
  return { rows, ialsOverAls: ials.native / als.native };
}

/** Runs the section. Options: repeats (evaluations and sweeps timed per platform), factors (of the sweeps). */
export async function runRanking({ repeats = 7, factors = 40 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mfcf-bench-ranking-'));
  try {
    const rows = await quality(dir);
    log('ranking: evaluation cost');
    const evaluation = await cost(dir, repeats);
    const sweep = await sweeps(factors, repeats);
    return { protocol: { split: { testFraction: 0.1, seed: 42 }, k: 10, threshold: 4 }, ease: EASE, rows, evaluation, sweep, repeats };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
