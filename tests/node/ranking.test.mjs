// Ranking evaluation through the module equals the CLI's (mf evaluate, JSON
// with %.17g doubles) bit for bit, for a trained or a loaded model and for the
// baselines; splits from two data sets (ml-100k's u1.base / u1.test) and from
// test positions; implicit files; implicit ALS through the module.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertWasmFresh, mfcf, movielens, path, runCli } from './helpers.mjs';

const dense = path('public/data/dense-subset/ratings.csv');
const base = path('tests/data/u1_small.base'), testFile = path('tests/data/u1_small.test');
const METRICS = ['precision', 'recall', 'ndcg', 'map', 'hit', 'auc', 'coverage'];
const JS_NAME = { hit: 'hitRate' };
let work;

before(() => {
  assertWasmFresh();
  work = mkdtempSync(join(tmpdir(), 'mf-ranking-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

// mf evaluate's JSON for `args`, with every ranking metric at list length k.
function cliEvaluate(args, k) {
  const metrics = METRICS.map((m) => (m === 'auc' ? m : `${m}@${k}`)).join(',');
  const r = runCli(['evaluate', '--output', 'json', '--metrics', metrics, ...args]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function assertSameMetrics(js, cli, k) {
  for (const m of METRICS) {
    const native = cli.metrics[m === 'auc' ? m : `${m}@${k}`];
    assert.ok(Object.is(js[JS_NAME[m] ?? m], native), `${m}: wasm ${js[JS_NAME[m] ?? m]} != native ${native}`);
  }
  assert.equal(js.k, k);
  assert.equal(js.usersEvaluated, cli.usersEvaluated);
  assert.equal(js.usersSkipped, cli.usersSkipped);
}

const free = (...objects) => objects.forEach((o) => o.delete());

for (const [name, trainArgs, options, evalArgs, k] of [
  ['ALS, default shrinkage', ['--factors', '10', '--iterations', '3'], { algorithm: 'als', factors: 10, iterations: 3 }, [], 10],
  ['ALS by predicted rating', ['--factors', '10', '--iterations', '3'], { algorithm: 'als', factors: 10, iterations: 3 }, ['--shrinkage', '0'], 5],
  ['SGD, threshold 3.5', ['--algorithm', 'sgd', '--iterations', '5'], { algorithm: 'sgd', iterations: 5 }, ['--threshold', '3.5', '--shrinkage', '20'], 20],
  ['iALS CG', ['--algorithm', 'ials', '--factors', '16', '--iterations', '3'], { algorithm: 'ials', factors: 16, iterations: 3 }, [], 10],
  ['iALS Cholesky, every test rating relevant', ['--algorithm', 'ials', '--solver', 'cholesky', '--factors', '8', '--iterations', '2'],
    { algorithm: 'ials', solver: 'cholesky', factors: 8, iterations: 2 }, ['--all-relevant'], 3],
]) {
  test(`evaluateRanking equals mf evaluate: ${name}`, async () => {
    const file = join(work, 'model.mfm');
    assert.equal(runCli(['train', dense, ...trainArgs, '--save', file]).status, 0);
    const cli = cliEvaluate(['--model', file, '--ratings', dense, ...evalArgs], k);
    const mf = await mfcf();
    const data = mf.Dataset.fromCSV(readFileSync(dense));
    const split = data.split();
    const loaded = mf.Model.load(new Uint8Array(readFileSync(file)));
    const trainer = new mf.Trainer(data, split, options);
    trainer.run();
    const trained = trainer.model();
    try {
      const o = { k };
      if (evalArgs.includes('--threshold')) o.threshold = 3.5;
      if (evalArgs.includes('--shrinkage')) o.shrinkage = Number(evalArgs[evalArgs.indexOf('--shrinkage') + 1]);
      if (evalArgs.includes('--all-relevant')) o.anyRatingRelevant = true;
      assertSameMetrics(mf.evaluateRanking(loaded, data, split, o), cli, k);
      assertSameMetrics(mf.evaluateRanking(trained, data, split, o), cli, k);
    } finally {
      free(trained, trainer, loaded, split, data);
    }
  });
}

test('the baselines equal mf evaluate --baseline, on a test file of its own', async () => {
  const mf = await mfcf();
  const train = mf.Dataset.fromCSV(readFileSync(base)), other = mf.Dataset.fromCSV(readFileSync(testFile));
  const split = mf.Split.fromDatasets(train, other);
  try {
    for (const [baseline, args] of [[mf.baselines.popularity(), ['--baseline', 'popularity']],
      [mf.baselines.dampedMean(), ['--baseline', 'damped-mean']], [mf.baselines.dampedMean({ damping: 0.5 }), ['--baseline', 'damped-mean', '--damping', '0.5']]]) {
      const cli = cliEvaluate([...args, '--ratings', base, '--test', testFile, '--threshold', '3'], 2);
      assertSameMetrics(mf.evaluateRanking(baseline, train, split, { k: 2, threshold: 3 }), cli, 2);
    }
    assert.deepEqual(mf.baselines.dampedMean(), { baseline: 'dampedMean', damping: 10 });
  } finally {
    free(split, other, train);
  }
});

test('Split.fromDatasets: a test file sharing the training ids, what it left out, and the CLI curve of mf train --test', async () => {
  const mf = await mfcf();
  const train = mf.Dataset.fromCSV(readFileSync(base)), other = mf.Dataset.fromCSV(readFileSync(testFile));
  const split = mf.Split.fromDatasets(train, other);
  const trainer = new mf.Trainer(train, split, { factors: 2, iterations: 3 });
  try {
    assert.equal(split.numTrain, train.numRatings);
    assert.equal(split.numTest, 3);
    assert.deepEqual(split.testSetReport, { kept: 3, unseen: 2, unseenUsers: 1, unseenItems: 1, inTrain: 1 });
    const cli = runCli(['train', base, '--test', testFile, '--factors', '2', '--iterations', '3', '--output', 'json']);
    assert.equal(cli.status, 0, cli.stderr);
    const steps = trainer.run();
    JSON.parse(cli.stdout).forEach((row, k) => assert.ok(Object.is(steps[k].testRmse, row.testRmse)));
    // A split made from the training data belongs to it, not to the test data.
    assert.throws(() => new mf.Trainer(other, split), /this split was made from another Dataset/);
    assert.equal(train.split().testSetReport, null);
  } finally {
    free(trainer, split, other, train);
  }
});

test('Split.fromTestIndices tests on the given positions', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV('1,10,4\n1,20,3\n2,10,5\n2,30,2\n3,20,4\n');
  const split = mf.Split.fromTestIndices(data, new Uint32Array([4, 1]));
  try {
    assert.equal(split.numTest, 2);
    assert.equal(split.numTrain, 3);
    assert.equal(split.testSetReport, null);
  } finally {
    free(split, data);
  }
});

test('Split.trainRatings / testRatings: the two halves of the ratings with raw ids, in load order', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV('1,10,4\n1,20,3\n2,10,5\n2,30,2\n3,20,4\n');
  const split = mf.Split.fromTestIndices(data, new Uint32Array([4, 1]));
  const dense = mf.Dataset.fromCSV(readFileSync(path('public/data/dense-subset/ratings.csv')));
  const random = dense.split({ testFraction: 0.1, seed: 42 });
  try {
    const test = split.testRatings(), train = split.trainRatings();
    assert.deepEqual([Array.from(test.users), Array.from(test.items), Array.from(test.values)], [[1, 3], [20, 20], [3, 4]]);
    assert.deepEqual([Array.from(train.users), Array.from(train.items), Array.from(train.values)], [[1, 2, 2], [10, 10, 30], [4, 5, 2]]);
    // A random split: the halves hold every rating once.
    const all = dense.ratings();
    const key = (r, n) => `${r.users[n]}|${r.items[n]}|${r.values[n]}`;
    const halves = [random.trainRatings(), random.testRatings()];
    assert.equal(halves[0].users.length, random.numTrain);
    assert.equal(halves[1].users.length, random.numTest);
    const seen = halves.flatMap((h) => Array.from(h.users, (_, n) => key(h, n))).sort();
    assert.deepEqual(seen, Array.from(all.users, (_, n) => key(all, n)).sort());
  } finally {
    free(split, data, random, dense);
  }
});

test('similarItems: the cosine by default, or the dot product; a measure of another name names measure', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV(readFileSync(movielens));
  const split = data.split({ testFraction: 0.1, seed: 42 });
  const trainer = new mf.Trainer(data, split, { algorithm: 'ials', factors: 16, iterations: 3 });
  const model = trainer.model();
  try {
    const ids = Array.from(model.itemIds(), Number), q = model.itemFactors(), k = model.numFactors;
    const row = (id) => q.subarray(ids.indexOf(id) * k, ids.indexOf(id) * k + k);
    const dot = (a, b) => a.reduce((sum, v, f) => sum + v * b[f], 0);
    const toy = row(1);
    const byDefault = model.similarItems(1, { n: 10, minRatings: 20 });
    assert.deepEqual(model.similarItems(1, { n: 10, minRatings: 20, measure: 'cosine' }), byDefault);
    const byDot = model.similarItems(1, { n: 10, minRatings: 20, measure: 'dot' });
    for (const { id, score } of byDefault) {
      const v = row(Number(id));
      assert.ok(Math.abs(score - dot(toy, v) / Math.sqrt(dot(toy, toy) * dot(v, v))) < 1e-4, `cosine of ${id}`);
    }
    for (const { id, score } of byDot) assert.ok(Math.abs(score - dot(toy, row(Number(id)))) < 1e-4, `dot of ${id}`);
    // The dot product's list is the best by q_1 . q_j among every movie with 20 ratings or more.
    const counts = model.itemCounts();
    const best = ids.filter((id, n) => id !== 1 && counts[n] >= 20).map((id) => [id, dot(toy, row(id))]).sort((a, b) => b[1] - a[1]);
    assert.deepEqual(byDot.map((e) => Number(e.id)), best.slice(0, 10).map(([id]) => id));
    assert.notDeepEqual(byDot.map((e) => e.id), byDefault.map((e) => e.id));
    assert.throws(() => model.similarItems(1, { measure: 'euclid' }),
      (e) => e instanceof mf.MfError && e.parameter === 'measure' && /measure must be 'cosine' or 'dot' \(got 'euclid'\)/.test(e.message));
    assert.throws(() => model.similarItems(1, { measure: 3 }), (e) => e instanceof mf.MfError && /measure/.test(e.message));
    // The CLI's mf similar --measure dot lists the same movies.
    const file = join(work, 'ials.mfm');
    writeFileSync(file, model.save());
    const r = runCli(['similar', '--model', file, '--item', '1', '--min-ratings', '20', '--measure', 'dot']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /rank +item +dot/);
    const cliIds = r.stdout.trim().split('\n').slice(2).map((line) => Number(line.trim().split(/\s+/)[1]));
    assert.deepEqual(cliIds, byDot.map((e) => Number(e.id)));
  } finally {
    free(model, trainer, split, data);
  }
});

test('implicit data: counts load, iALS trains on them with no rating error, every test interaction is relevant', async () => {
  const mf = await mfcf();
  const lines = ['user,item,count'];
  for (let u = 1; u <= 30; u++) for (let i = 1; i <= 20; i++) if ((u * 7 + i * 3) % 4 === 0 || i === u % 20 + 1) lines.push(i % 3 ? `${u},${i},${1 + (u + i) % 9}` : `${u},${i}`);
  const data = mf.Dataset.fromCSV(lines.join('\n'), { implicit: true });
  const split = data.split({ testFraction: 0.2, seed: 3 });
  const trainer = new mf.Trainer(data, split, { algorithm: 'ials', factors: 4, iterations: 3 });
  try {
    assert.equal(data.implicit, true);
    assert.equal(data.numRatings, lines.length - 1);
    const steps = trainer.run();
    for (const s of steps) {
      assert.equal(s.trainRmse, null);
      assert.equal(s.testRmse, null);
      assert.ok(Number.isFinite(s.objective));
    }
    assert.ok(steps[2].objective < steps[0].objective);
    assert.equal(trainer.options.algorithm, 'ials');
    assert.equal(trainer.options.solver, 'cg');
    const model = trainer.model();
    const all = mf.evaluateRanking(model, data, split, { k: 5 });
    const above = mf.evaluateRanking(model, data, split, { k: 5, anyRatingRelevant: false, threshold: 5 });
    // Implicit: every test interaction is relevant, so only users without one are skipped.
    assert.equal(all.usersEvaluated + all.usersSkipped, data.numUsers);
    assert.ok(above.usersSkipped > all.usersSkipped);
    model.delete();
  } finally {
    free(trainer, split, data);
  }
});
