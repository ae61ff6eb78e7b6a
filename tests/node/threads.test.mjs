// The two builds (wasm/threads.js): the threaded one (mfcf-core-threads.*,
// which node always runs) and the single-threaded one give the same learning
// curves, bit for bit: ALS for any thread count, SGD for the same seed and
// thread count, equal to the native CLI's too. And `threads` is an option like
// any other: checked by the engine, its defaults the module's.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import createMfcf from 'mfcf';
import { assertWasmFresh, movielens, path, runCli } from './helpers.mjs';

const small = path('public/data/dense-subset/ratings.csv');
let threaded, single;
before(async () => {
  assertWasmFresh();
  threaded = await createMfcf({ threads: 2 });
  single = await createMfcf({ threads: false });
});

const columns = ['trainMse', 'trainRmse', 'trainMae', 'testMse', 'testRmse', 'testMae', 'objective'];
// A curve as the values of its steps (ms aside), which === compares bit for bit.
function curve(mf, file, options, split = {}) {
  const data = mf.Dataset.fromCSV(readFileSync(file));
  const s = data.split(split);
  const trainer = new mf.Trainer(data, s, options);
  try {
    return trainer.run().map((step) => columns.map((c) => step[c]));
  } finally {
    for (const o of [trainer, s, data]) o.delete();
  }
}

test('node loads the threaded build by default; threads: false or 1 the single-threaded one', async () => {
  assert.equal(threaded.threadsAvailable, true);
  assert.equal(threaded.maxThreads, 2);
  assert.equal(single.threadsAvailable, false);
  assert.equal(single.maxThreads, 1);
  const one = await createMfcf({ threads: 1 });
  assert.deepEqual([one.threadsAvailable, one.maxThreads], [false, 1]);
  const auto = await createMfcf();
  assert.equal(auto.threadsAvailable, true);
  assert.ok(auto.maxThreads >= 2);
});

test('ALS: the same curve on 1 and 2 threads, in the threaded and the single-threaded build', () => {
  const options = { algorithm: 'als', factors: 30, iterations: 4 };
  const reference = curve(single, movielens, { ...options, threads: 1 });
  assert.equal(reference.length, 4);
  for (const [mf, threads] of [[threaded, 1], [threaded, 2], [threaded, 0], [single, 2]])
    assert.deepEqual(curve(mf, movielens, { ...options, threads }), reference, `${mf === threaded ? 'threaded' : 'single'} build, ${threads} threads`);
});

test('implicit ALS and missing = 0 ALS: the same curve on 2 threads as on 1', () => {
  for (const options of [{ algorithm: 'ials', factors: 16, iterations: 3 }, { algorithm: 'als', missingAsZero: true, factors: 8, iterations: 3 }]) {
    const reference = curve(single, small, { ...options, threads: 1 });
    assert.deepEqual(curve(threaded, small, { ...options, threads: 2 }), reference, options.algorithm);
  }
});

test("SGD on 2 threads: the same curve in both builds and the native CLI's, another than on 1 thread", () => {
  const options = { algorithm: 'sgd', factors: 12, iterations: 6, seed: 5, threads: 2 };
  const split = { testFraction: 0.2, seed: 3 };
  const two = curve(threaded, small, options, split);
  assert.deepEqual(curve(single, small, options, split), two, 'single-threaded build');
  assert.notDeepEqual(curve(threaded, small, { ...options, threads: 1 }, split), two, 'the thread count reaches the engine');

  const cli = runCli(['train', small, '--output', 'csv', '--algorithm', 'sgd', '--factors', '12', '--iterations', '6', '--seed', '5',
    '--threads', '2', '--test-fraction', '0.2', '--split-seed', '3']);
  assert.equal(cli.status, 0, cli.stderr);
  const rows = cli.stdout.trim().split('\n').slice(1).map((line) => line.split(',').slice(1, 1 + columns.length).map(Number));
  assert.deepEqual(rows, two, "the CLI's curve");
});

test('threads is checked by the engine and named as this API names it; its defaults are the module\'s', () => {
  const data = threaded.Dataset.fromArrays([1, 2, 3, 3], [7, 8, 7, 9], [4, 3, 5, 2]);
  const split = data.split({ testFraction: 0.25, seed: 1 });
  try {
    for (const mf of [threaded, single]) {
      assert.equal(mf.defaultOptions('als').threads, 0);
      assert.equal(mf.defaultOptions('sgd').threads, 1);
    }
    assert.throws(() => new threaded.Trainer(data, split, { factors: 2, threads: -1 }),
      { name: 'MfError', kind: 'InvalidArgument', parameter: 'threads', message: 'threads must be between 0 (all cores) and 256 (got -1)' });
    assert.throws(() => new threaded.Trainer(data, split, { factors: 2, threads: 1.5 }), { parameter: 'threads', message: 'threads must be an integer (got 1.5)' });
    const trainer = new threaded.Trainer(data, split, { factors: 2, threads: 3 });
    assert.equal(trainer.options.threads, 3);
    assert.ok(!('threads' in trainer.model().options), 'a model does not keep its thread count');
    trainer.delete();
  } finally {
    split.delete();
    data.delete();
  }
});

test('the factory option threads takes true, false or a count >= 1', async () => {
  for (const threads of [0, -2, 1.5, 'two'])
    await assert.rejects(createMfcf({ threads }), { name: 'MfError', parameter: 'threads' });
});

test('trainers alive together share the workers and give them back (no thread stack is lost)', () => {
  const data = threaded.Dataset.fromCSV(readFileSync(small));
  const split = data.split();
  try {
    const run = () => {
      const trainers = [0, 1, 2].map(() => new threaded.Trainer(data, split, { factors: 4, threads: 2 }));
      for (const t of trainers) t.step();
      for (const t of trainers) t.delete();
    };
    run();
    const used = threaded.heapUsedBytes();
    for (let k = 0; k < 20; ++k) run();
    assert.equal(threaded.heapUsedBytes(), used);
  } finally {
    split.delete();
    data.delete();
  }
});
