// `npm pack`, install the tarball into an empty project, import it there and
// train: what a user of the published package gets. Packs with --ignore-scripts
// (prepack would rebuild the wasm; the tests run after npm run build:wasm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { assertWasmFresh, path, root } from './helpers.mjs';

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('the packed tarball installs into an empty project, imports, trains and type-checks', () => {
  assertWasmFresh();
  const dir = mkdtempSync(`${tmpdir()}/mfcf-pack-`);
  const [info] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root));
  const files = info.files.map((f) => f.path).sort();
  const modules = ['checks', 'data', 'errors', 'grid', 'import-spark', 'index', 'model', 'node', 'options', 'ranking', 'spark', 'threads',
    'threads-pre', 'threads-shell', 'training'].map((m) => `wasm/${m}.js`);
  const threaded = ['js', 'wasm', 'worker.js', 'worker.cjs'].map((ext) => `wasm/dist/mfcf-core-threads.${ext}`);
  const types = ['data', 'errors', 'grid', 'model', 'ranking', 'spark', 'training'].map((m) => `wasm/types/${m}.d.ts`);
  assert.deepEqual(files, ['LICENSE', 'README.md', 'package.json', 'wasm/dist/mfcf-core.js', 'wasm/dist/mfcf-core.wasm',
    ...threaded, 'wasm/index.d.ts', ...modules, ...types].sort(), 'files shipped');

  const project = `${dir}/project`;
  execFileSync('mkdir', [project]);
  writeFileSync(`${project}/package.json`, JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  npm(['install', '--offline', '--no-audit', '--no-fund', `${dir}/${info.filename}`], project);

  writeFileSync(`${project}/smoke.mjs`, `
    import createMfcf, { MfError } from 'mfcf';
    import { readFileSync } from 'node:fs';
    const mf = await createMfcf();
    const data = mf.Dataset.fromCSV(readFileSync(${JSON.stringify(path('public/data/dense-subset/ratings.csv'))}));
    const split = data.split({ testFraction: 0.1, seed: 42 });
    const trainer = new mf.Trainer(data, split, { algorithm: 'sgd', factors: 10 });
    const curve = trainer.run(3).map((s) => s.testRmse);
    let kind;
    try { mf.Model.load(new Uint8Array(4)); } catch (e) { kind = e instanceof MfError && e.kind; }
    trainer.delete(); split.delete(); data.delete();
    // Spark models: hyparquet, a dependency, comes with the package.
    const spark = await mf.importSpark(${JSON.stringify(path('tests/data/spark/als-3.5'))});
    const similar = spark.similarItems(1, { n: 3 }).length;
    spark.delete();
    console.log(JSON.stringify({ curve, kind, similar, live: mf.liveObjects(), threaded: mf.threadsAvailable }));
  `);
  const out = JSON.parse(execFileSync(process.execPath, ['smoke.mjs'], { cwd: project, encoding: 'utf8' }));
  assert.equal(out.curve.length, 3);
  assert.ok(out.curve.every((x) => x > 0.5 && x < 1.2), `test RMSE ${out.curve}`);
  assert.ok(out.curve[2] < out.curve[0], 'training lowers the test error');
  assert.equal(out.kind, 'CorruptModel');
  assert.equal(out.similar, 3);
  assert.deepEqual(out.live, { Dataset: 0, Split: 0, Trainer: 0, Model: 0 });
  // Node runs the threaded build from the installed files (and the process ends: its workers do not hold it).
  assert.equal(out.threaded, true);

  // The types resolve from the installed package through its "exports".
  writeFileSync(`${project}/check.ts`, `
    import createMfcf, { type StepResult } from 'mfcf';
    const mf = await createMfcf();
    const d = mf.Dataset.fromArrays([1, 2], [3, 4], [5, 4]);
    const s: StepResult['status'] = 'ok';
    export { d, s };
  `);
  writeFileSync(`${project}/tsconfig.json`, JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] },
    files: ['check.ts'],
  }));
  execFileSync(process.execPath, [path('node_modules/typescript/bin/tsc'), '-p', project], { encoding: 'utf8' });
});
