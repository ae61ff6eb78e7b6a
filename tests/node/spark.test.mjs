// Spark ALS models (wasm/spark.js, core/include/mf/spark.hpp) on the fixtures
// of tests/data/spark (Spark 3.5's layout, see its README.md): the factors
// come in bit for bit from Parquet and from JSON lines; similar items and
// fold-in equal those of the same factors given to Model.fromFactors; fold-in
// solves Spark's user step; every malformed folder gets its message; the
// native CLI and the node script make the same model file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parquetReadObjects } from 'hyparquet';
import { mfcf, path, runCli } from './helpers.mjs';
import { alsMetadata, factorJsonLines, factorParquet, hadoopCrc } from '../../scripts/spark-layout.mjs';

const PARQUET = path('tests/data/spark/als-3.5');
const JSON_LINES = path('tests/data/spark/als-3.5-json');
const bits = (floats) => Array.from(new Uint32Array(Float32Array.from(floats).buffer));

// The rows of a fixture's table, read by hyparquet alone: id -> features.
async function parquetRows(table) {
  const rows = new Map();
  const dir = `${PARQUET}/${table}`;
  for (const name of readdirSync(dir).filter((n) => n.startsWith('part-'))) {
    const b = readFileSync(`${dir}/${name}`);
    for (const r of await parquetReadObjects({ file: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) })) rows.set(r.id, r.features);
  }
  return rows;
}

// The model's rows as id -> bit patterns of its features.
function modelRows(model, side) {
  const ids = model[`${side}Ids`](), f = model[`${side}Factors`](), k = model.numFactors;
  return new Map(Array.from(ids, (id, n) => [id, bits(f.subarray(n * k, (n + 1) * k))]));
}

// A writable copy of a fixture, changed by `change(dir)`.
function copyOf(fixture, change) {
  const dir = `${mkdtempSync(`${tmpdir()}/mfcf-spark-`)}/model`;
  cpSync(fixture, dir, { recursive: true });
  change(dir);
  return dir;
}
const itemPart = (dir, k) => `${dir}/itemFactors/${readdirSync(`${dir}/itemFactors`).filter((n) => n.startsWith('part-'))[k]}`;

test('a Spark model comes in with its factors bit for bit, from Parquet and from JSON lines', async () => {
  const mf = await mfcf();
  const model = await mf.importSpark(PARQUET);
  assert.equal(model.numFactors, 8);
  assert.deepEqual([model.numItems, model.numUsers], [300, 300]);
  for (const [side, table] of [['item', 'itemFactors'], ['user', 'userFactors']]) {
    const want = await parquetRows(table);
    const got = modelRows(model, side);
    assert.equal(got.size, want.size);
    for (const [id, features] of want) assert.deepEqual(got.get(id), bits(features), `${table} id ${id}`);
  }
  assert.ok(model.itemCounts().every((c) => c === 4294967295), 'rating counts unknown');
  assert.deepEqual(Array.from(model.itemBiases()).filter((b) => b !== 0), []);
  assert.equal(model.options.biases, false);
  assert.equal(model.options.regularizationScaling, 'count');
  const info = mf.sparkSource(model);
  assert.deepEqual([info.sparkVersion, info.rank, info.layout, info.format, info.regParam, info.implicitPrefs, info.coldStartStrategy],
    ['3.5.1', 8, 'ALSModel.save', 'parquet', 0.1, false, 'drop']);

  const json = await mf.importSpark(JSON_LINES);
  for (const side of ['item', 'user']) assert.deepEqual(modelRows(json, side), modelRows(model, side));
  assert.deepEqual(json.save(), model.save(), 'the same model file from either form');
  // Spark predicts the dot product.
  const [u, i] = [model.userIds()[0], model.itemIds()[0]];
  const dot = Array.from(model.userFactors().subarray(0, 8)).reduce((s, x, f) => Math.fround(s + Math.fround(x * model.itemFactors()[f])), 0);
  assert.ok(Math.abs(model.predict(u, i, { clip: false }).value - dot) < 1e-5);
  for (const m of [model, json]) m.delete();
});

test('item factors alone (bare write.json parts) and Spark 4\'s metadata part name open too', async () => {
  const mf = await mfcf();
  const full = await mf.importSpark(PARQUET);
  const bare = `${mkdtempSync(`${tmpdir()}/mfcf-spark-`)}/items-json`;
  cpSync(`${JSON_LINES}/itemFactors`, bare, { recursive: true });
  const items = await mf.importSpark(bare);
  assert.deepEqual([items.numUsers, items.numItems, items.numFactors], [0, 300, 8]);
  assert.equal(mf.sparkSource(items).layout, 'JSON lines');
  assert.deepEqual(items.similarItems(1, { n: 10 }), full.similarItems(1, { n: 10 }));
  assert.deepEqual(items.recommendFor([[1, 5], [260, 4]], { n: 10 }), full.recommendFor([[1, 5], [260, 4]], { n: 10 }));
  assert.equal(items.project().ids.length, 300, 'the movie map');
  // Spark 4 writes the metadata line with DataFrame.write.text: part-00000-<job>-c000.txt.
  const spark4 = copyOf(PARQUET, (d) => {
    for (const n of ['part-00000', '.part-00000.crc']) rmSync(`${d}/metadata/${n}`);
    writeFileSync(`${d}/metadata/part-00000-0b6c4e1a-7f2d-4e39-b8a5-2c9d1e0f3a47-c000.txt`, alsMetadata(8).replace('3.5.1', '4.0.0'));
  });
  const four = await mf.importSpark(spark4);
  assert.equal(mf.sparkSource(four).sparkVersion, '4.0.0');
  for (const m of [full, items, four]) m.delete();
});

test('similar items and fold-in equal those of the same factors given to Model.fromFactors', async () => {
  const mf = await mfcf();
  const items = await parquetRows('itemFactors'), users = await parquetRows('userFactors');
  const ratings = [[1, 5], [260, 4.5], [296, 2], [593, 4], [2571, 0.5]];
  for (const spark of [{}, { implicitPrefs: true, alpha: 2.5, regParam: 0.05 }]) {
    const imported = await mf.importSpark(PARQUET, spark);
    const direct = mf.Model.fromFactors({
      itemIds: [...items.keys()], itemFactors: [...items.values()].flat(),
      userIds: [...users.keys()], userFactors: [...users.values()].flat(), rank: 8, ...spark,
    });
    for (const id of [1, 260, 2571]) assert.deepEqual(imported.similarItems(id, { n: 10, minRatings: 50 }), direct.similarItems(id, { n: 10 }));
    assert.deepEqual(imported.recommendFor(ratings, { n: 10 }), direct.recommendFor(ratings, { n: 10 }));
    assert.deepEqual(imported.foldIn(ratings), direct.foldIn(ratings));
    assert.deepEqual(imported.recommend(users.keys().next().value, { n: 5 }), direct.recommend(users.keys().next().value, { n: 5 }));
    assert.equal(imported.similarItems(1, { n: 1000, minRatings: 1000 }).length, 299, 'unknown counts pass every filter');
    for (const m of [imported, direct]) m.delete();
  }
});

// Spark's user step solved here in double, by Gaussian elimination.
function sparkStep(items, ratings, { implicit = false, regParam = 0.1, alpha = 1 } = {}) {
  const k = 8, a = Array.from({ length: k }, () => new Array(k + 1).fill(0));
  const add = (y, w, target) => {
    for (let j = 0; j < k; j++) {
      for (let l = 0; l < k; l++) a[j][l] += w * y[j] * y[l];
      a[j][k] += target * y[j];
    }
  };
  if (implicit) for (const y of items.values()) add(y, 1, 0);
  for (const [id, r] of ratings) add(items.get(id), implicit ? alpha * r : 1, implicit ? 1 + alpha * r : r);
  for (let j = 0; j < k; j++) a[j][j] += regParam * ratings.length;
  for (let c = 0; c < k; c++)
    for (let r = c + 1; r < k; r++) {
      const f = a[r][c] / a[c][c];
      for (let l = c; l <= k; l++) a[r][l] -= f * a[c][l];
    }
  const x = new Array(k).fill(0);
  for (let r = k - 1; r >= 0; r--) x[r] = (a[r][k] - a[r].slice(r + 1, k).reduce((s, v, l) => s + v * x[r + 1 + l], 0)) / a[r][r];
  return x;
}

test("fold-in of a Spark model solves Spark's user step, explicit and implicitPrefs", async () => {
  const mf = await mfcf();
  const items = await parquetRows('itemFactors');
  const ratings = [[1, 5], [260, 4.5], [296, 2], [593, 4], [2571, 0.5]];
  for (const spark of [{ regParam: 0.1 }, { implicitPrefs: true, alpha: 2.5, regParam: 0.05 }]) {
    const model = await mf.importSpark(PARQUET, spark);
    const got = model.foldIn(ratings).factors;
    const want = sparkStep(items, ratings, { implicit: spark.implicitPrefs, ...spark });
    want.forEach((w, f) => assert.ok(Math.abs(got[f] - w) <= 1e-5 * Math.max(1, Math.abs(w)), `factor ${f}: ${got[f]} vs ${w}`));
    model.delete();
  }
});

test('every malformed folder is refused with its message', async () => {
  const mf = await mfcf();
  const refused = async (dir, kind, text, options) => {
    await assert.rejects(mf.importSpark(dir, options), (e) => {
      assert.equal(e.kind, kind, e.message);
      assert.ok(e.message.includes(text), `${e.message}\n  lacks: ${text}`);
      return true;
    });
  };
  const rows = (n, k, first = 1) => Array.from({ length: n }, (_, r) => ({ id: first + r, features: Array.from({ length: k }, (_, f) => (r + f) / 10) }));
  const write = (file, bytes) => writeFileSync(file, bytes);

  await refused(path('public/data/dense-subset'), 'CorruptModel', 'no part files: expected the folder that ALSModel.save wrote');
  await refused(copyOf(PARQUET, (d) => write(`${d}/metadata/part-00000`, alsMetadata(8).replace('recommendation.ALSModel', 'feature.PCAModel'))),
    'CorruptModel', 'this is a org.apache.spark.ml.feature.PCAModel, not an ALS model');
  await refused(copyOf(PARQUET, (d) => rmSync(itemPart(d, 3))), 'CorruptModel', 'is missing (its checksum file .part-00003-');
  await refused(copyOf(PARQUET, (d) => rmSync(`${d}/itemFactors`, { recursive: true })), 'CorruptModel', 'the item factors are missing');
  await refused(copyOf(PARQUET, (d) => write(`${d}/metadata/part-00000`, alsMetadata(9))), 'CorruptModel',
    'has 8 features, but the rank is 9 (model/metadata/part-00000): the ranks do not match');
  await refused(copyOf(PARQUET, (d) => write(itemPart(d, 0), factorParquet(rows(3, 7, 90001)))), 'CorruptModel',
    'row 1 (id 90001) has 7 features, but the rank is 8');
  const nan = rows(2, 8, 90001);
  nan[1].features[2] = NaN;
  await refused(copyOf(PARQUET, (d) => write(itemPart(d, 0), factorParquet(nan))), 'CorruptModel', 'row 2 (id 90002): feature 3 is NaN, not a finite number');
  await refused(copyOf(JSON_LINES, (d) => write(itemPart(d, 0), factorJsonLines([{ id: 7, features: [1, 2, 3, 4, 5, 6, 7, Infinity] }]))),
    'CorruptModel', 'row 1 (id 7): feature 8 is infinite');
  await refused(copyOf(PARQUET, (d) => write(itemPart(d, 0), factorParquet(rows(2, 8, 1)))), 'CorruptModel', 'itemFactors: id 1 appears twice, in model/itemFactors/part-00000-');
  await refused(copyOf(PARQUET, (d) => write(itemPart(d, 0), factorParquet([{ id: 5, features: null }]))), 'CorruptModel', 'row 1 (id 5): its features are null');
  await refused(copyOf(PARQUET, (d) => write(itemPart(d, 0), factorParquet(rows(2, 8), { types: { element: { type: 'DOUBLE' } } }))),
    'CorruptModel', 'column features holds DOUBLE elements, not array<float> as Spark writes it');
  await refused(copyOf(PARQUET, (d) => write(itemPart(d, 0), factorParquet(rows(2, 8), { codec: 'ZSTD' }))), 'CorruptModel',
    "compressed with ZSTD; this reader takes snappy (Spark's default) and uncompressed parts");
  await refused(copyOf(PARQUET, (d) => write(itemPart(d, 0), new Uint8Array([80, 65, 82, 49, 1, 2, 3, 4, 5, 6, 7, 8]))), 'CorruptModel', 'not a readable Parquet file');
  await refused(copyOf(JSON_LINES, (d) => write(itemPart(d, 1), '{"id":3,"features":[1,2,3,4,5,6,7,8]}\n{"id":4,"features":[1,2}\n')),
    'Parse', "line 2: expected ',' or ']' at character 24");
  const two = copyOf(PARQUET, (d) => cpSync(`${d}/itemFactors`, `${d}/../other/itemFactors`, { recursive: true }));
  await refused(dirname(two), 'CorruptModel', "the files hold more than one model: '");
  // Over the memory limit: refused before anything is read, or (Parquet footers) decoded.
  await refused(PARQUET, 'Resource', 'over the memory limit of 0 MiB: not read', { maxBytes: 1000 });
  await refused(copyOf(PARQUET, (d) => write(itemPart(d, 0), factorParquet(rows(2, 8, 90001), { numRows: 2 ** 31 }))), 'Resource',
    'needs about 196608 MiB, over the memory limit');
  await refused(PARQUET, 'InvalidArgument', 'regParam must be a finite number >= 0 (got -1)', { regParam: -1 });
  await refused(PARQUET, 'InvalidArgument', 'scale must be finite numbers min < max', { scale: [5, 1] });
  await refused(path('tests/data/no-such-folder'), 'Io', "cannot open '");
  assert.deepEqual(mf.liveObjects(), { Dataset: 0, Split: 0, Trainer: 0, Model: 0 });
});

test('the native CLI and the node script make the same model file, and use it', async () => {
  const dir = mkdtempSync(`${tmpdir()}/mfcf-spark-cli-`);
  const fromJson = runCli(['import-spark', JSON_LINES, '--save', `${dir}/native.mfm`]);
  assert.equal(fromJson.status, 0, fromJson.stderr);
  assert.match(fromJson.stdout, /rank 8, 300 items, 300 users/);
  const script = execFileSync(process.execPath, [path('wasm/import-spark.js'), PARQUET, '--save', `${dir}/node.mfm`], { encoding: 'utf8' });
  assert.match(script, /Spark ALS model \(Spark 3\.5\.1\): rank 8, 300 items, 300 users/);
  assert.deepEqual(readFileSync(`${dir}/node.mfm`), readFileSync(`${dir}/native.mfm`));

  const parquet = runCli(['import-spark', PARQUET, '--save', `${dir}/x.mfm`]);
  assert.equal(parquet.status, 1);
  assert.match(parquet.stderr, /is a Parquet file, which this tool does not read: convert the folder with 'node wasm\/import-spark\.js/);
  const bad = runCli(['import-spark', JSON_LINES, '--save', `${dir}/x.mfm`, '--reg-param', '-2']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--reg-param must be a finite number >= 0 \(got -2\)/);

  const similar = runCli(['similar', '--model', `${dir}/node.mfm`, '--item', '1', '--min-ratings', '100']);
  const mf = await mfcf();
  const model = mf.Model.load(new Uint8Array(readFileSync(`${dir}/node.mfm`)));
  const ids = model.similarItems(1, { n: 10 }).map((s) => s.id);
  assert.deepEqual(similar.stdout.trim().split('\n').slice(2).map((line) => Number(line.trim().split(/\s+/)[1])), ids);
  const foldin = runCli(['foldin', '--model', `${dir}/native.mfm`, '--rate', '1:5', '--rate', '260:4']);
  assert.equal(foldin.status, 0, foldin.stderr);
  model.delete();
});
