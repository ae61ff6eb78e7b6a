// Large files: Dataset.fromBlob reads a ratings Blob in chunks with the
// engine's parser (the same data set as fromCSV, progress per phase, a file
// refused up front when its loading would not fit), and the bundled ratings'
// binary form (web/lib/ratings-bin.js, made at build time by
// scripts/vite-ratings-bin.mjs) gives exactly the data set of its CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openAsBlob, readFileSync } from 'node:fs';
import { mfcf, movielens, path, assertWasmFresh } from './helpers.mjs';
import { decodeRatings } from '../../web/lib/ratings-bin.js';
import { ratingsBin } from '../../scripts/vite-ratings-bin.mjs';

assertWasmFresh();

// Everything a data set holds, comparable with deepEqual.
const contents = (d) => ({
  users: d.numUsers, items: d.numItems, ratings: d.numRatings,
  userIds: Array.from(d.userIds()), itemIds: Array.from(d.itemIds()),
  all: Object.fromEntries(Object.entries(d.ratings()).map(([k, v]) => [k, Array.from(v)])),
});

test('fromBlob in chunks gives the data set fromCSV gives, with progress through both phases', async () => {
  const mf = await mfcf();
  const whole = mf.Dataset.fromCSV(readFileSync(movielens), { source: 'ratings.csv' });
  const seen = [];
  // 64 KiB chunks: lines are cut between chunks hundreds of times.
  const chunked = await mf.Dataset.fromBlob(await openAsBlob(movielens), {
    source: 'ratings.csv', chunkBytes: 1 << 16, onProgress: (p) => seen.push(p),
  });
  assert.deepEqual(contents(chunked), contents(whole));
  assert.deepEqual(chunked.report, whole.report);
  const total = readFileSync(movielens).length;
  for (const phase of ['count', 'parse']) {
    const of = seen.filter((p) => p.phase === phase);
    assert.ok(of.length > 10, `${phase}: ${of.length} progress calls`);
    assert.ok(of.every((p, k) => p.total === total && p.done > (k ? of[k - 1].done : 0)), `${phase}: done grows`);
    assert.equal(of.at(-1).done, total);
  }
  assert.ok(seen.findLastIndex((p) => p.phase === 'count') < seen.findIndex((p) => p.phase === 'parse'), 'count, then parse');
  whole.delete();
  chunked.delete();
});

test('fromBlob: a bad line cut between chunks is named as fromCSV names it; the name of a File is the source', async () => {
  const mf = await mfcf();
  const text = 'userId,movieId,rating\n1,2,3\n1,3,4\n2,7,4.5\n3,x1,4\n';
  const expected = 'bad.csv line 5: item id \'x1\' is not an integer';
  assert.throws(() => mf.Dataset.fromCSV(text, { source: 'bad.csv' }), { message: expected });
  for (const chunkBytes of [1, 3, 7, 1000]) {
    await assert.rejects(mf.Dataset.fromBlob(new File([text], 'bad.csv'), { chunkBytes }), { kind: 'Parse', message: expected });
  }
  assert.deepEqual(mf.liveObjects(), { Dataset: 0, Split: 0, Trainer: 0, Model: 0 });
});

test('fromBlob refuses a file whose loading needs more than the limit, naming the file, the MiB needed and the limit', async () => {
  const mf = await mfcf();
  const text = 'x,1,4\n' + Array.from({ length: 20000 }, (_, k) => `${k},${k % 97},4`).join('\n');
  const lines = 20001;
  const need = mf.loadMemoryBytes(text.length, lines);
  assert.ok(need > 20000 * 16, `${need} bytes for 20000 ratings`);
  let parsed = false;
  // A limit of 1 MiB: the bad first line is never reached, nothing is parsed.
  await assert.rejects(mf.Dataset.fromBlob(new File([text], 'big.csv'), {
    memoryLimit: 1 << 20, onProgress: (p) => { parsed ||= p.phase === 'parse'; },
  }), (e) => {
    assert.equal(e.kind, 'Resource');
    assert.equal(e.message, `big.csv: ${lines} lines (0 MiB) need about ${Math.round(need / 2 ** 20)} MiB of memory to load, over the memory limit of 1 MiB`);
    return true;
  });
  assert.equal(parsed, false);
  // Without the test's limit, the limit is what the heap can still take: far more.
  assert.ok(mf.heapRoomBytes() > need);
  await assert.rejects(mf.Dataset.fromBlob(new File([text], 'big.csv')), { kind: 'Parse', message: /big\.csv line 1: user id 'x'/ });
  await assert.rejects(mf.Dataset.fromBlob('1,2,3\n'), { kind: 'InvalidArgument', parameter: 'blob' });
});

test('ratings.bin holds exactly the data set of its CSV (ml-latest-small and the dense subset)', async () => {
  const mf = await mfcf();
  for (const folder of ['ml-latest-small', 'dense-subset']) {
    const csv = readFileSync(path(`public/data/${folder}/ratings.csv`));
    const fromCsv = mf.Dataset.fromCSV(csv, { source: 'ratings.csv' });
    const bin = decodeRatings(ratingsBin(mf, csv, 'ratings.csv'), 'ratings.bin');
    const fromBin = mf.Dataset.fromArrays(bin.users, bin.items, bin.ratings, { source: 'ratings.csv' });
    assert.deepEqual(contents(fromBin), contents(fromCsv), folder);
    assert.equal(bin.lines, fromCsv.report.lines);
    assert.equal(bin.format, fromCsv.report.format);
    // The same split, to the rating.
    const a = fromCsv.split({ testFraction: 0.1, seed: 42 }), b = fromBin.split({ testFraction: 0.1, seed: 42 });
    assert.equal(a.numTest, b.numTest);
    for (const o of [a, b, fromCsv, fromBin]) o.delete();
  }
  assert.throws(() => decodeRatings(new Uint8Array(30), 'x.bin'), /x\.bin is not a ratings\.bin/);
});
