// WebAssembly memory is not garbage-collected: objects are freed by delete().
// Many create/train/recommend/delete cycles must leave the heap where it was,
// failed calls must not leak, and a forgotten delete() must be visible in
// liveObjects().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mfcf, smallArrays } from './helpers.mjs';

const zero = { Dataset: 0, Split: 0, Trainer: 0, Model: 0 };

function cycle(mf, arrays, k) {
  const data = mf.Dataset.fromArrays(arrays.users, arrays.items, arrays.ratings);
  const split = data.split({ testFraction: 0.2, seed: k });
  const trainer = new mf.Trainer(data, split, { algorithm: k % 2 ? 'sgd' : 'als', factors: 5, seed: k });
  trainer.step();
  const model = trainer.model();
  const top = model.recommend(arrays.users[0], { n: 5, exclude: data });
  assert.equal(top.length, 5);
  model.recommendFor([[arrays.items[0], 4]], { n: 3 });
  const copy = mf.Model.load(model.save());
  for (const o of [copy, model, trainer, split, data]) o.delete();
}

test('1000 create/train/recommend/delete cycles leave the heap flat and no live objects', async () => {
  const mf = await mfcf();
  const arrays = smallArrays(40, 25);
  for (let k = 0; k < 20; ++k) cycle(mf, arrays, k); // warm-up: the heap reaches its working size
  const heap = mf.heapBytes(), used = mf.heapUsedBytes();
  for (let k = 0; k < 1000; ++k) cycle(mf, arrays, k);
  assert.deepEqual(mf.liveObjects(), zero);
  assert.equal(mf.heapBytes(), heap, 'the wasm memory grew');
  assert.equal(mf.heapUsedBytes(), used, 'malloc in-use bytes changed');
});

test('1000 failing calls leak nothing either', async () => {
  const mf = await mfcf();
  const arrays = smallArrays(40, 25);
  const data = mf.Dataset.fromArrays(arrays.users, arrays.items, arrays.ratings);
  const split = data.split();
  const trainer = new mf.Trainer(data, split, { factors: 3 });
  const model = trainer.model();
  const bad = model.save().slice(0, 200);
  const failures = [
    () => mf.Dataset.fromCSV('1,2,3\n1,2,x\n'),
    () => mf.Model.load(bad),
    () => model.recommend(-1),
    () => new mf.Trainer(data, split, { factors: 0 }),
    () => mf.gridSearch(data, split, {}, { factors: [2], iterations: 1 }, () => false),
  ];
  const run = (n) => {
    for (let k = 0; k < n; ++k) assert.throws(failures[k % failures.length], mf.MfError);
  };
  run(50);
  const heap = mf.heapBytes(), used = mf.heapUsedBytes();
  run(1000);
  assert.equal(mf.heapBytes(), heap);
  assert.equal(mf.heapUsedBytes(), used);
  for (const o of [model, trainer, split, data]) o.delete();
  assert.deepEqual(mf.liveObjects(), zero);
});

test('a missing delete() shows in liveObjects() and heapUsedBytes()', async () => {
  const mf = await mfcf();
  const arrays = smallArrays();
  const used = mf.heapUsedBytes();
  const data = mf.Dataset.fromArrays(arrays.users, arrays.items, arrays.ratings);
  const split = data.split();
  assert.deepEqual(mf.liveObjects(), { ...zero, Dataset: 1, Split: 1 });
  assert.ok(mf.heapUsedBytes() > used);
  split[Symbol.dispose](); // what `using` calls
  data.delete();
  assert.deepEqual(mf.liveObjects(), zero);
  assert.equal(mf.heapUsedBytes(), used);
});

test('bulk results are copies: they survive heap growth and deletion', async () => {
  const mf = await mfcf();
  const arrays = smallArrays();
  const data = mf.Dataset.fromArrays(arrays.users, arrays.items, arrays.ratings);
  const split = data.split();
  const trainer = new mf.Trainer(data, split, { factors: 4 });
  const model = trainer.model();
  const factors = model.itemFactors();
  const kept = model.itemFactors();
  const expected = Float32Array.from(kept);
  factors[0] += 1; // writing a copy does not touch the model
  assert.deepEqual(model.itemFactors(), expected);
  for (const o of [model, trainer, split, data]) o.delete();
  // Grow the wasm memory: a view into it would now be detached (length 0).
  const heap = mf.heapBytes();
  const n = 2_000_000;
  const big = mf.Dataset.fromArrays(Float64Array.from({ length: n }, (_, k) => k % 5000),
    Float64Array.from({ length: n }, (_, k) => Math.floor(k / 5000)), new Float32Array(n).fill(3));
  big.delete();
  assert.ok(mf.heapBytes() > heap, 'the test needs the heap to grow');
  assert.deepEqual(kept, expected);
});
