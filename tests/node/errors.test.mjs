// Every kind of failure reaches JS as an MfError (a real Error) carrying the
// engine's message, the same text the CLI prints, and the module keeps working
// afterwards, without leaking objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { MfError } from 'mfcf';
import { mfcf, path, runCli, smallArrays } from './helpers.mjs';

const dense = 'public/data/dense-subset/ratings.csv';

// Runs fn, which must throw an MfError of `kind`; then checks the module still
// trains and predicts and that no wasm object was left behind.
async function expectError(fn, kind, message) {
  const mf = await mfcf();
  const before = mf.liveObjects();
  let error;
  try {
    fn(mf);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error, `expected an Error, got ${typeof error}: ${error}`);
  assert.ok(error instanceof MfError, `expected an MfError, got ${error?.name}: ${error?.message}`);
  assert.equal(error.name, 'MfError');
  assert.equal(error.kind, kind, error.message);
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message) assert.match(error.message, message);
  assert.deepEqual(mf.liveObjects(), before, 'a failed call must not leave objects alive');
  stillWorks(mf);
  return error;
}

function stillWorks(mf) {
  const { users, items, ratings } = smallArrays();
  const data = mf.Dataset.fromArrays(users, items, ratings);
  const split = data.split({ testFraction: 0.2, seed: 1 });
  const trainer = new mf.Trainer(data, split, { factors: 4 });
  const step = trainer.step();
  assert.equal(step.status, 'ok');
  assert.ok(Number.isFinite(step.trainRmse));
  const model = trainer.model();
  assert.ok(Number.isFinite(model.predict(users[0], items[0]).value));
  for (const o of [model, trainer, split, data]) o.delete();
}

// The CLI's message for the same failure: its last stderr line without "mf: ".
function cliMessage(args) {
  const r = runCli(args);
  assert.notEqual(r.status, 0);
  return r.stderr.trim().split('\n').at(-1).replace(/^mf: /, '');
}

test('a bad CSV line is a Parse error with the CLI message (file and line)', async () => {
  const file = 'tests/data/ratings_bad_line4.csv';
  const expected = cliMessage(['train', file]);
  assert.match(expected, /line 4/);
  await expectError((mf) => mf.Dataset.fromCSV(readFileSync(path(file), 'utf8'), { source: file }), 'Parse', expected);
  await expectError((mf) => mf.Dataset.fromCSV('1,2,3\n1,2,x\n'), 'Parse', "ratings line 2: rating 'x' is not a number");
  await expectError((mf) => mf.Dataset.fromCSV(''), 'Parse', 'ratings: no ratings found: it is empty');
  await expectError((mf) => mf.Dataset.fromArrays([1, 2], [3, 4], [4, 9]), 'Parse', /arrays entry 1: rating 9 is outside the scale 0.5 .. 5/);
});

test('skipBadLines reports the bad lines instead of throwing', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV(readFileSync(path('tests/data/ratings_bad_line4.csv')), { skipBadLines: true });
  assert.equal(data.numRatings, 2);
  assert.equal(data.report.skipped, 1);
  assert.deepEqual(data.report.badLines.map((b) => b.line), [4]);
  data.delete();
});

test('a bad parameter is an InvalidArgument with the CLI message, each naming the setting its own way', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV(readFileSync(path(dense)));
  const split = data.split();
  try {
    // [JS options, the option's JS name, CLI flags, the flag the CLI names]
    const cases = [
      [{ factors: 0 }, 'factors', ['--factors', '0'], '--factors'],
      [{ algorithm: 'sgd', learningRate: -1 }, 'learningRate', ['--algorithm', 'sgd', '--lr', '-1'], '--lr'],
      [{ regularization: { user: -0.5 } }, 'regularization.user', ['--reg-user', '-0.5'], '--reg-user'],
      [{ iterations: 0 }, 'iterations', ['--iterations', '0'], '--iterations'],
      [{ regularizationScaling: 'square' }, 'regularizationScaling', ['--reg-scaling', 'square'], '--reg-scaling'],
      [{ algorithm: 'svd' }, 'algorithm', ['--algorithm', 'svd'], '--algorithm'],
    ];
    for (const [options, name, flags, flag] of cases) {
      const cli = cliMessage(['train', dense, ...flags]);
      assert.ok(cli.startsWith(flag + ' '), cli);
      const error = await expectError((mf) => new mf.Trainer(data, split, options), 'InvalidArgument', name + cli.slice(flag.length));
      assert.equal(error.parameter, name);
      assert.equal(error.messageWith((n) => `<${n}>`), `<${name}>` + cli.slice(flag.length));
    }
    await expectError((mf) => data.split({ testFraction: 1.5 }), 'InvalidArgument', /^testFraction must be between 0 and 1/);
  } finally {
    split.delete();
    data.delete();
  }
});

test('wrong option types and unknown keys name the key', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV('1,10,4\n2,10,3\n2,11,5\n');
  const split = data.split({ testFraction: 0.3 });
  try {
    await expectError(() => new mf.Trainer(data, split, { factor: 4 }), 'InvalidArgument', /unknown option 'factor'/);
    await expectError(() => new mf.Trainer(data, split, { factors: '4' }), 'InvalidArgument', "factors must be an integer (got '4')");
    await expectError(() => new mf.Trainer(data, split, { factors: 2.5 }), 'InvalidArgument', /factors must be an integer/);
    await expectError(() => new mf.Trainer(data, split, { biases: 1 }), 'InvalidArgument', /biases must be true or false/);
    await expectError(() => new mf.Trainer(data, split, { regularization: { users: 1 } }), 'InvalidArgument', /unknown regularization key 'users'/);
    await expectError(() => new mf.Trainer(data, split, { seed: -1 }), 'InvalidArgument', /seed must be an integer/);
    await expectError(() => mf.Dataset.fromCSV('1,2,3', { skipBad: true }), 'InvalidArgument', /unknown load option 'skipBad'/);
    await expectError(() => mf.Dataset.fromArrays([1.5], [2], [3]), 'InvalidArgument', 'users[0] must be a safe integer (got 1.5)');
    await expectError(() => mf.Dataset.fromArrays([2 ** 53], [2], [3]), 'InvalidArgument', /users\[0\] must be a safe integer/);
    await expectError(() => mf.Dataset.fromCSV('9007199254740993,1,4\n'), 'InvalidArgument', /beyond 2\^53 - 1/);
  } finally {
    split.delete();
    data.delete();
  }
});

// A tiny data set, its split, a trainer and its model; free() deletes them.
function tinyModel(mf, text, testFraction, factors) {
  const data = mf.Dataset.fromCSV(text);
  const split = data.split({ testFraction });
  const trainer = new mf.Trainer(data, split, { factors });
  const model = trainer.model();
  return { data, split, model, free: () => [model, trainer, split, data].forEach((o) => o.delete()) };
}

test('argument errors found in JS name their option as MfError.parameter too, for a form to show them by their field', async () => {
  const mf = await mfcf();
  const { data, split, model, free } = tinyModel(mf, '1,10,4\n2,10,3\n2,11,5\n', 0.3, 1);
  try {
    // [what throws, the parameter, the message]
    const cases = [
      [() => new mf.Trainer(data, split, { factors: '4' }), 'factors', "factors must be an integer (got '4')"],
      [() => new mf.Trainer(data, split, { learningRate: 'fast' }), 'learningRate', "learningRate must be a number (got 'fast')"],
      [() => new mf.Trainer(data, split, { regularization: { user: null } }), 'regularization.user', 'regularization.user must be a number (got null)'],
      [() => new mf.Trainer(data, split, { regularization: 'strong' }), 'regularization', "regularization must be a number or an object (got 'strong')"],
      [() => new mf.Trainer(data, split, { factor: 4 }), 'factor', /^unknown option 'factor' \(known: /],
      [() => new mf.Trainer(data, split, { iterations: 3, epochs: 3 }), 'iterations', "give 'iterations' or its alias 'epochs', not both"],
      [() => data.split({ testFraction: 0.1, holdout: 2 }), 'testFraction', "give 'testFraction' or 'holdout', not both"],
      [() => data.split({ minTrain: 2 }), 'minTrain', "'minTrain' applies to a holdout split only"],
      [() => data.split({ holdout: -1 }), 'holdout', 'holdout must be an integer from 0 to 4294967295 (got -1)'],
      [() => mf.Dataset.fromCSV('1,2,3', { scale: [1] }), 'scale', 'scale must be [min, max] (got an array)'],
      [() => mf.Dataset.fromArrays([1.5], [2], [3]), 'users', 'users[0] must be a safe integer (got 1.5)'],
      [() => mf.Dataset.fromCSV(5), 'text', 'ratings text must be a string or a Uint8Array (got 5)'],
      [() => model.recommend(1, { n: -1 }), 'n', 'n must be an integer >= 0 (got -1)'],
      [() => mf.gridSearch(data, split, {}, { factors: [1.5] }), 'factors', 'factors[0] must be an integer (got 1.5)'],
      [() => mf.parseMovies('1,a,b\n', 7), 'source', 'source must be a string (got 7)'],
    ];
    for (const [fn, parameter, message] of cases) {
      const error = await expectError(fn, 'InvalidArgument', message);
      assert.equal(error.parameter, parameter, error.message);
      assert.ok(error.messageWith((n) => `<${n}>`).includes(`<${parameter}>`), error.messageWith((n) => `<${n}>`));
    }
  } finally {
    free();
  }
});

test('unknown ids are UnknownId errors with the CLI message; predictions fall back instead', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV(readFileSync(path(dense)));
  const split = data.split();
  const trainer = new mf.Trainer(data, split, { factors: 8 });
  trainer.step();
  const model = trainer.model();
  const file = `${mkdtempSync(`${tmpdir()}/mfcf-`)}/model.mfm`;
  writeFileSync(file, model.save());
  try {
    const expected = cliMessage(['recommend', '--model', file, '--user', '999999', '--include-rated']);
    await expectError(() => model.recommend(999999), 'UnknownId', expected);
    await expectError(() => model.similarItems(-5), 'UnknownId', cliMessage(['similar', '--model', file, '--item', '-5']));
    await expectError(() => model.foldIn([[424242, 4]]), 'UnknownId', cliMessage(['foldin', '--model', file, '--rate', '424242:4']));
    await expectError(() => model.foldIn([[1, 9]]), 'InvalidArgument', /rating 9 for item 1 is outside the scale/);
    const p = model.predict(999999, 424242);
    assert.deepEqual({ ...p, value: undefined }, { value: undefined, userKnown: false, itemKnown: false, fallback: true });
    assert.ok(Math.abs(p.value - model.globalMean) < 1e-6);
  } finally {
    for (const o of [model, trainer, split, data]) o.delete();
  }
});

test('corrupt and truncated model bytes are CorruptModel errors', async () => {
  const mf = await mfcf();
  const { model, free } = tinyModel(mf, '1,10,4\n2,10,3\n2,11,5\n3,11,2\n', 0.25, 2);
  const bytes = model.save();
  free();
  const flipped = bytes.slice();
  flipped[bytes.length - 20] ^= 0x40;
  const version = bytes.slice();
  version[8] = 7;
  await expectError((mf) => mf.Model.load(bytes.slice(0, bytes.length - 10)), 'CorruptModel', /^invalid model: truncated/);
  await expectError((mf) => mf.Model.load(bytes.slice(0, 40)), 'CorruptModel', /^invalid model: truncated/);
  await expectError((mf) => mf.Model.load(flipped), 'CorruptModel', 'invalid model: checksum mismatch: the data is damaged');
  await expectError((mf) => mf.Model.load(version), 'CorruptModel', /format version 7 is not supported/);
  await expectError((mf) => mf.Model.load(new TextEncoder().encode('hello, world, this is no model')), 'CorruptModel', /not a model file/);
  await expectError((mf) => mf.Model.load(new Uint8Array(0)), 'CorruptModel', /too short/);
  await expectError((mf) => mf.Model.load('bytes'), 'InvalidArgument', /needs a Uint8Array/);
});

test('a model too large for the wasm heap is a Resource error, before allocating', async () => {
  const n = 300000;
  const users = Float64Array.from({ length: n }, (_, k) => k);
  const items = new Float64Array(n).fill(1);
  const ratings = new Float32Array(n).fill(3);
  const mf = await mfcf();
  const data = mf.Dataset.fromArrays(users, items, ratings);
  const split = data.split({ testFraction: 0.01 });
  const heap = mf.heapBytes();
  try {
    // The core's estimate (training_memory_bytes) against what the heap can still grow to.
    const error = await expectError(() => new mf.Trainer(data, split, { factors: 1024 }), 'Resource',
      /^factors = 1024 needs about \d+ MiB for 300000 users and 1 items, over the memory limit of \d+ MiB$/);
    assert.equal(error.parameter, 'factors');
    assert.ok(mf.heapBytes() - heap < 64 << 20, 'the refusal must come before a large allocation');
  } finally {
    split.delete();
    data.delete();
  }
});

test('a grid search cancelled by its callback is a Cancelled error; a throwing callback rethrows its own error', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV(readFileSync(path(dense)));
  const split = data.split();
  try {
    const spec = { factors: [2, 4], regularization: [0.1], iterations: 3 };
    let calls = 0;
    await expectError(() => mf.gridSearch(data, split, {}, spec, () => ++calls < 2), 'Cancelled', 'grid search cancelled');
    assert.equal(calls, 2);
    const mine = new Error('stop from the callback');
    assert.throws(() => mf.gridSearch(data, split, {}, spec, () => { throw mine; }), (e) => e === mine);
    stillWorks(mf);
    const result = mf.gridSearch(data, split, {}, spec);
    assert.equal(result.cells.length, 2);
  } finally {
    split.delete();
    data.delete();
  }
});

test('using a deleted object throws instead of touching freed memory', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV('1,10,4\n2,10,3\n2,11,5\n');
  data.delete();
  data.delete(); // twice is fine
  assert.equal(data.isDeleted, true);
  await expectError(() => data.numRatings, 'InvalidArgument', 'this Dataset was deleted');
  await expectError(() => data.split(), 'InvalidArgument', 'this Dataset was deleted');
});

test('a split is only usable with the dataset it was made from', async () => {
  const mf = await mfcf();
  const a = mf.Dataset.fromCSV('1,10,4\n2,10,3\n2,11,5\n');
  const b = mf.Dataset.fromCSV('1,10,4\n2,10,3\n2,11,5\n');
  const split = a.split({ testFraction: 0.3 });
  try {
    await expectError(() => new mf.Trainer(b, split, { factors: 1 }), 'InvalidArgument', 'this split was made from another Dataset');
  } finally {
    for (const o of [split, a, b]) o.delete();
  }
});

test('a huge holdout or minTrain is an error naming the value, not a wrapped count that corrupts the heap', async () => {
  // holdout 1e10 used to be clamped to 2^32 - 1, and holdout + minTrain then
  // wrapped around in the engine's 32-bit size_t: the split wrote outside its
  // buffers. Each value is either refused here or by the engine's check.
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV(readFileSync(path(dense)));
  try {
    await expectError(() => data.split({ holdout: 1e10 }), 'InvalidArgument',
      'holdout must be an integer from 0 to 4294967295 (got 10000000000)');
    await expectError(() => data.split({ holdout: 2, minTrain: 2 ** 40 }), 'InvalidArgument', /minTrain must be an integer from 0 to 4294967295/);
    const most = Math.max(...countsPerUser(data.ratings().users).values());
    const cli = cliMessage(['train', dense, '--holdout', '100000']);
    const tail = ` leaves the test set empty: the most ratings any user has is ${most}`;
    assert.ok(cli.startsWith('--holdout = 100000 with ') && cli.endsWith(tail), cli);
    await expectError(() => data.split({ holdout: 100000 }), 'InvalidArgument', `holdout = 100000 with minTrain = 1${tail}`);
    await expectError(() => data.split({ holdout: 4294967295 }), 'InvalidArgument', /leaves the test set empty/);
    await expectError(() => data.split({ holdout: 4294967295, minTrain: 4294967295 }), 'InvalidArgument',
      /^holdout = 4294967295 with minTrain = 4294967295 leaves the test set empty/);
    await expectError(() => data.split({ holdout: 1, minTrain: 4294967295 }), 'InvalidArgument', /leaves the test set empty/);
    const edge = data.split({ holdout: most - 1, minTrain: 1 });
    assert.ok(edge.numTest > 0);
    edge.delete();
  } finally {
    data.delete();
  }
});

function countsPerUser(users) {
  const counts = new Map();
  for (const u of users) counts.set(u, (counts.get(u) ?? 0) + 1);
  return counts;
}

test('implicit ALS, ranking and split settings: range errors from the engine, spelled as this API names them', async () => {
  const mf = await mfcf();
  const data = mf.Dataset.fromCSV(readFileSync(path(dense)));
  const split = data.split();
  const { model, free } = tinyModel(mf, '1,10,4\n2,10,3\n2,11,5\n', 0.3, 1);
  try {
    // [JS options, CLI flags, the CLI's flag -> this API's name]: the same message, each in its own words.
    const names = { '--alpha': 'alpha', '--epsilon': 'epsilon', '--reg-exponent': 'regExponent', '--positive-threshold': 'positiveThreshold',
      '--cg-steps': 'cgSteps', '--confidence': 'confidence', '--solver': 'solver', '--reg-scaling': 'regularizationScaling' };
    const cases = [
      [{ alpha: -1 }, ['--alpha', '-1']],
      [{ epsilon: 0 }, ['--epsilon', '0']],
      [{ regExponent: 3 }, ['--reg-exponent', '3']],
      [{ positiveThreshold: 1e10 }, ['--positive-threshold', '1e10']],
      [{ cgSteps: 0 }, ['--cg-steps', '0']],
      [{ cgSteps: 101 }, ['--cg-steps', '101']],
      [{ confidence: 'linear' }, ['--confidence', 'linear']],
      [{ solver: 'lu' }, ['--solver', 'lu']],
      [{ regularizationScaling: 'count' }, ['--reg-scaling', 'count']],
    ];
    for (const [options, flags] of cases) {
      const cli = cliMessage(['train', dense, '--algorithm', 'ials', ...flags]);
      const expected = cli.replace(/--[a-z-]+/g, (flag) => names[flag] ?? flag);
      const error = await expectError((mf) => new mf.Trainer(data, split, { algorithm: 'ials', ...options }), 'InvalidArgument', expected);
      assert.equal(error.parameter, names[flags[0]] === 'regularizationScaling' ? 'regExponent' : names[flags[0]]);
    }
    await expectError(() => new mf.Trainer(data, split, { algorithm: 'ials', cgSteps: 2.5 }), 'InvalidArgument', 'cgSteps must be an integer (got 2.5)');
    await expectError(() => model.recommend(1, { shrinkage: -1 }), 'InvalidArgument',
      cliMessage(['recommend', '--model', 'tests/corpus/model_valid.model', '--user', '1', '--include-rated', '--shrinkage', '-1']).replace('--', ''));
    await expectError(() => model.recommendFor([[10, 4]], { shrinkage: NaN }), 'InvalidArgument', 'shrinkage must be a number (got NaN)');
    // Ranking: the engine checks k, the damping and the shrinkage; the CLI says the same of --damping.
    const evaluate = (scorer, options) => () => mf.evaluateRanking(scorer, data, split, options);
    const pop = mf.baselines.popularity();
    for (const [fn, parameter, message] of [
      [evaluate(pop, { k: 0 }), 'k', 'k must be between 1 and 100000 (got 0)'],
      [evaluate(pop, { k: 100001 }), 'k', 'k must be between 1 and 100000 (got 100001)'],
      [evaluate(pop, { k: 1.5 }), 'k', 'k must be an integer (got 1.5)'],
      [evaluate(pop, { threshold: Infinity }), 'threshold', 'threshold must be a finite rating'],
      [evaluate(pop, { anyRatingRelevant: 1 }), 'anyRatingRelevant', 'anyRatingRelevant must be true or false (got 1)'],
      [evaluate(pop, { shrinkage: 5 }), 'shrinkage', "'shrinkage' applies to a Model only, not to a baseline"],
      [evaluate(pop, { kk: 5 }), 'kk', /^unknown evaluateRanking option 'kk'/],
      [evaluate(mf.baselines.dampedMean({ damping: -1 }), {}), 'damping',
        cliMessage(['evaluate', '--ratings', dense, '--baseline', 'damped-mean', '--damping', '-1']).replace('--', '')],
      [() => mf.baselines.dampedMean({ damping: 'x' }), 'damping', "damping must be a number (got 'x')"],
      [evaluate({ baseline: 'median' }), 'scorer', "evaluateRanking(scorer, data, split, options): scorer must be a Model or one of mf.baselines (got an object)"],
      [() => mf.Split.fromTestIndices(data, [3, 3]), 'testIndices', 'testIndices[1] = 3 is given twice'],
      [() => mf.Split.fromTestIndices(data, [data.numRatings]), 'testIndices', `testIndices[0] = ${data.numRatings} is not a rating's position (the data set has ${data.numRatings} ratings)`],
      [() => mf.Split.fromTestIndices(data, [-1]), 'testIndices', 'testIndices[0] must be an integer from 0 to 4294967295 (got -1)'],
      [() => mf.Split.fromDatasets(data, 'x'), 'test', 'Split.fromDatasets(train, test): test must be a Dataset'],
    ]) {
      const error = await expectError(fn, 'InvalidArgument', message);
      assert.equal(error.parameter, parameter, error.message);
    }
    const error = await expectError(() => mf.evaluateRanking(model, data, split, { shrinkage: -2 }), 'InvalidArgument', 'shrinkage must be a finite number >= 0 (got -2)');
    assert.equal(error.parameter, 'shrinkage');
  } finally {
    free();
    split.delete();
    data.delete();
  }
});

test('a test file that shares nothing with the training data, and bad counts of an implicit file, say so as the CLI does', async () => {
  const base = 'tests/data/u1_small.base';
  await expectError((mf) => {
    const a = mf.Dataset.fromCSV(readFileSync(path(base)));
    try {
      mf.Split.fromDatasets(a, a);
    } finally {
      a.delete();
    }
  }, 'InvalidArgument', cliMessage(['train', base, '--test', base]));
  await expectError((mf) => mf.Dataset.fromCSV('1,2,3\n1,3,0\n', { implicit: true }), 'Parse', 'ratings line 2: count 0 must be greater than 0 and at most 1e9');
  await expectError((mf) => mf.Dataset.fromArrays([1], [2], [-1], { implicit: true }), 'Parse', 'arrays entry 0: count -1 must be greater than 0 and at most 1e9');
  await expectError((mf) => mf.Dataset.fromCSV('1,2\n', { implicit: 'yes' }), 'InvalidArgument', "implicit must be true or false (got 'yes')");
});
