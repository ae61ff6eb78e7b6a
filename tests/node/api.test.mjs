// The JS API as a specification: datasets, splits, training, the model's uses,
// and save/load (round trip, and byte-compatibility with the CLI's files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { mfcf, movielens, path, runCli } from './helpers.mjs';

const dense = path('public/data/dense-subset/ratings.csv');

async function trained(options = {}, file = dense) {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV(readFileSync(file));
  const split = data.split({ testFraction: 0.1, seed: 42 });
  const trainer = new mf.Trainer(data, split, options);
  trainer.run();
  const model = trainer.model();
  const cleanup = () => [model, trainer, split, data].forEach((o) => o.delete());
  return { mf, data, split, trainer, model, cleanup };
}

test('datasets load from text, bytes and arrays alike', async () => {
  const mf = await mfcf();
  const text = readFileSync(path('tests/data/ratings_small.csv'), 'utf8');
  const a = mf.Dataset.fromCSV(text);
  const b = mf.Dataset.fromCSV(new TextEncoder().encode(text), { format: 'csv' });
  const c = mf.Dataset.fromArrays(Int32Array.from([1, 1, 2, 2, 3]), [31, 1029, 10, 31, 1029], new Float32Array([2.5, 3, 4, 5, 1]));
  for (const d of [a, b]) {
    assert.deepEqual([d.numUsers, d.numItems, d.numRatings], [a.numUsers, a.numItems, a.numRatings]);
    assert.deepEqual(d.userIds(), a.userIds());
    assert.deepEqual(d.itemIds(), a.itemIds());
  }
  assert.equal(a.report.format, 'csv');
  assert.equal(a.report.accepted, a.numRatings);
  assert.deepEqual(Array.from(a.ratedItems(1)), [31, 1029]);
  assert.deepEqual(Array.from(a.ratedItems(777)), []);
  assert.equal(a.itemCounts().reduce((s, x) => s + x, 0), a.numRatings);
  assert.equal(c.report.lines, 5);
  const dup = mf.Dataset.fromCSV('1,2,3\n1,2,4\n', { duplicates: 'last' });
  assert.equal(dup.report.replaced, 1);
  for (const d of [a, b, c, dup]) d.delete();
});

test('ratings() gives back every rating kept, in load order, with raw ids', async () => {
  const mf = await mfcf();
  const text = '1,10,4\n2,10,3.5\n1,11,5\n9007199254740991,-7,0.5\n2,10,1\n';
  const data = mf.Dataset.fromCSV(text, { duplicates: 'last' });
  const r = data.ratings();
  assert.ok(r.users instanceof Float64Array && r.items instanceof Float64Array && r.values instanceof Float32Array);
  // (2, 10) came twice: it stays in its first place with the later value.
  assert.deepEqual(Array.from(r.users), [1, 2, 1, 9007199254740991]);
  assert.deepEqual(Array.from(r.items), [10, 10, 11, -7]);
  assert.deepEqual(Array.from(r.values), [4, 1, 5, 0.5]);
  r.values[0] = 99;  // a copy: the dataset is untouched
  assert.equal(data.ratings().values[0], 4);
  data.delete();
});

test('splits: random fraction and per-user holdout', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV(readFileSync(dense));
  const random = data.split({ testFraction: 0.1, seed: 42 });
  assert.equal(random.numTest, Math.round(data.numRatings * 0.1));
  assert.equal(random.numTrain + random.numTest, data.numRatings);
  const holdout = data.split({ holdout: 3, seed: 1 });
  assert.equal(holdout.numTest, 3 * data.numUsers); // every dense-subset user has > 4 ratings
  for (const o of [random, holdout, data]) o.delete();
});

test('options resolve over the algorithm defaults', async () => {
  const mf = await mfcf();
  assert.deepEqual(mf.defaultOptions('sgd').regularization, { user: 0.05, item: 0.05, userBias: 0.05, itemBias: 0.05 });
  assert.equal(mf.defaultOptions().algorithm, 'als');
  const data = mf.Dataset.fromCSV('1,10,4\n2,10,3\n2,11,5\n3,12,1\n');
  const split = data.split({ testFraction: 0.25 });
  const t = new mf.Trainer(data, split, { algorithm: 'sgd', factors: 2, regularization: { item: 0.5 }, epochs: 3 });
  assert.deepEqual(t.options.regularization, { user: 0.05, item: 0.5, userBias: 0.05, itemBias: 0.05 });
  assert.equal(t.options.iterations, 3);
  assert.equal(t.run().length, 3);
  assert.equal(t.epoch, 3);
  const z = new mf.Trainer(data, split, { factors: 2, missingAsZero: true });
  assert.equal(z.options.biases, false);
  assert.equal(z.options.regularizationScaling, 'none');
  for (const o of [t, z, split, data]) o.delete();
});

test('without a test set the test metrics are null', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV('1,10,4\n2,10,3\n2,11,5\n3,12,1\n');
  const split = data.split({ testFraction: 0.01 });
  assert.equal(split.numTest, 0);
  const t = new mf.Trainer(data, split, { factors: 2 });
  const s = t.step();
  assert.equal(s.status, 'ok');
  assert.equal(s.testRmse, null);
  assert.equal(s.testFallback, null);
  assert.ok(Number.isFinite(s.trainRmse));
  for (const o of [t, split, data]) o.delete();
});

test('trainer.model() is a snapshot owned by the caller', async () => {
  const { trainer, model, cleanup } = await trained({ factors: 5, iterations: 2 });
  const before = model.userFactors();
  trainer.step();
  assert.deepEqual(model.userFactors(), before);
  cleanup();
});

test('predict, recommend, similar items, fold-in, projection', async () => {
  const { data, model, cleanup } = await trained({ factors: 10 });
  try {
    const [user] = data.userIds();
    const rated = data.ratedItems(user);
    const p = model.predict(user, rated[0]);
    assert.equal(p.fallback, false);
    assert.ok(p.value >= 0.5 && p.value <= 5);
    const raw = model.predict(user, rated[0], { clip: false }).value;
    assert.equal(p.value, Math.min(5, Math.max(0.5, raw)));

    const all = model.recommend(user, { n: 20 });
    const fresh = model.recommend(user, { n: 20, exclude: data });
    assert.equal(fresh.length, 20);
    assert.ok(fresh.every((s) => !rated.includes(s.id)), 'exclude: data skips what the user rated');
    assert.ok(all.every((s, k) => k === 0 || all[k - 1].score >= s.score), 'highest first');
    assert.deepEqual(model.recommend(user, { n: 5, exclude: rated }), fresh.slice(0, 5));

    const similar = model.similarItems(rated[0], { n: 5 });
    assert.equal(similar.length, 5);
    assert.ok(similar.every((s) => s.id !== rated[0] && s.score <= 1 + 1e-6));

    const mine = [[rated[0], 5], [rated[1], 1]];
    const v = model.foldIn(mine);
    assert.equal(v.factors.length, 10);
    const recs = model.recommendFor(mine, { n: 300 });
    assert.ok(recs.length > 0);
    assert.ok(recs.every((s) => s.id !== rated[0] && s.id !== rated[1]), 'recommendFor never returns the rated items');

    const pr = model.project({ minRatings: 20 });
    assert.equal(pr.x.length, pr.ids.length);
    assert.equal(pr.y.length, pr.ids.length);
    assert.ok(pr.explained[0] >= pr.explained[1] && pr.explained[0] <= 1);

    assert.equal(model.userFactors().length, model.numUsers * model.numFactors);
    assert.equal(model.itemBiases().length, model.numItems);
    assert.deepEqual(model.itemIds(), data.itemIds());
  } finally {
    cleanup();
  }
});

test('save/load round trip keeps every value', async () => {
  const { mf, data, model, cleanup } = await trained({ algorithm: 'sgd', factors: 7, iterations: 4 });
  try {
    const bytes = model.save();
    const loaded = mf.Model.load(bytes);
    assert.deepEqual(loaded.save(), bytes);
    assert.deepEqual(loaded.options, model.options);
    for (const f of ['userFactors', 'itemFactors', 'userBiases', 'itemBiases', 'userIds', 'itemIds', 'userCounts', 'itemCounts'])
      assert.deepEqual(loaded[f](), model[f](), f);
    assert.equal(loaded.globalMean, model.globalMean);
    const [user] = data.userIds();
    assert.deepEqual(loaded.recommend(user, { exclude: data }), model.recommend(user, { exclude: data }));
    loaded.delete();
  } finally {
    cleanup();
  }
});

test("a model trained in wasm is byte-identical to the CLI's saved model", async () => {
  const file = `${mkdtempSync(`${tmpdir()}/mfcf-`)}/cli.mfm`;
  const r = runCli(['train', movielens, '--algorithm', 'sgd', '--iterations', '5', '--save', file]);
  assert.equal(r.status, 0, r.stderr);
  const { mf, model, cleanup } = await trained({ algorithm: 'sgd', iterations: 5 }, movielens);
  try {
    const cliBytes = new Uint8Array(readFileSync(file));
    assert.deepEqual(model.save(), cliBytes);
    const loaded = mf.Model.load(cliBytes);
    assert.deepEqual(loaded.recommend(1, { n: 10 }), model.recommend(1, { n: 10 }));
    loaded.delete();
  } finally {
    cleanup();
  }
});
