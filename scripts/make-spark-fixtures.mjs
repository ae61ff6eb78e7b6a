// Writes tests/data/spark/ (see its README.md): a model in the layout of
// Spark 3.5's ALSModel.save, and the same factors as JSON lines. Spark cannot
// run here, so the factors are trained by this library the way Spark's ALS
// trains explicit ratings (no biases, lambda scaled by each row's rating
// count: regParam 0.1, rank 8, 10 iterations) on the bundled dense subset,
// whose ids are MovieLens ids. Run after `npm run build:wasm`:
//   node scripts/make-spark-fixtures.mjs
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import createMfcf from '../wasm/node.js';
import { alsMetadata, byBlock, factorJsonLines, factorParquet, hadoopCrc, partFiles } from './spark-layout.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = `${root}tests/data/spark/`;
const RANK = 8;

const mf = await createMfcf();
const data = mf.Dataset.fromCSV(readFileSync(`${root}public/data/dense-subset/ratings.csv`), { source: 'ratings.csv' });
const split = data.split({ testFraction: 0.1, seed: 42 });
const trainer = new mf.Trainer(data, split, {
  algorithm: 'als', factors: RANK, biases: false, regularization: 0.1, regularizationScaling: 'count', iterations: 10, seed: 42,
});
for (let i = 0; i < 10; i++) trainer.step();
const model = trainer.model();

const rowsOf = (ids, factors) => Array.from(ids, (id, n) => ({ id, features: Array.from(factors.subarray(n * RANK, (n + 1) * RANK)) }));
const tables = {
  itemFactors: { rows: rowsOf(model.itemIds(), model.itemFactors()), uuid: '6f1c2b9e-0d4a-4c8e-9a51-3b7d2e5f8c10' },
  userFactors: { rows: rowsOf(model.userIds(), model.userFactors()), uuid: 'a84e0f37-52c1-4b9d-8e26-d19c7b3f0a52' },
};
for (const o of [model, trainer, split, data]) o.delete();

function writeFolder(folder, files) {
  mkdirSync(folder, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(`${folder}/${name}`, bytes);
}

rmSync(`${out}als-3.5`, { recursive: true, force: true });
rmSync(`${out}als-3.5-json`, { recursive: true, force: true });
// metadata/ is written by saveAsTextFile: part-00000, no job id in the name.
const metadata = new TextEncoder().encode(alsMetadata(RANK));
writeFolder(`${out}als-3.5/metadata`, {
  'part-00000': metadata, '.part-00000.crc': hadoopCrc(metadata), _SUCCESS: new Uint8Array(0), '._SUCCESS.crc': hadoopCrc(new Uint8Array(0)),
});
for (const [name, { rows, uuid }] of Object.entries(tables)) {
  const parts = byBlock(rows);
  writeFolder(`${out}als-3.5/${name}`, partFiles(parts.map((p) => factorParquet(p)), uuid, '.snappy.parquet'));
  const json = parts.map((p) => new TextEncoder().encode(factorJsonLines(p)));
  writeFolder(`${out}als-3.5-json/${name}`, partFiles(json, uuid.replace(/^./, 'c'), '.json'));
}
console.log(`wrote ${out}als-3.5 and ${out}als-3.5-json: ${tables.itemFactors.rows.length} items, ${tables.userFactors.rows.length} users, rank ${RANK}`);
