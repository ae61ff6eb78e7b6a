// The hostile-input corpus (tests/corpus/manifest.json) through the
// WebAssembly module: every input gives the outcome the native test expects
// (tests/native/test_corpus.cpp), or the entry's "wasm" override where JS
// differs (ids beyond 2^53 - 1). After every error the error is an MfError of
// the expected kind with the engine's message, no wasm object is left alive,
// and the module still trains and predicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createMfcf, { MfError } from '../../wasm/node.js';
import { loadManifest, materialize, sourceName } from '../corpus/corpus.mjs';

const manifest = loadManifest();
let instance;
const module = async () => (instance ??= await createMfcf());

// A small dataset trained and used end to end: the module is still healthy.
function stillWorks(mf) {
  const users = [], items = [], ratings = [];
  for (let u = 0; u < 12; u++)
    for (let i = 0; i < 8; i++)
      if ((u + i) % 3 !== 0) {
        users.push(u + 1);
        items.push(100 + i);
        ratings.push(1 + ((u * 7 + i * 3) % 9) / 2);
      }
  const data = mf.Dataset.fromArrays(users, items, ratings);
  const split = data.split({ testFraction: 0.2, seed: 1 });
  const trainer = new mf.Trainer(data, split, { factors: 3 });
  const step = trainer.step();
  assert.equal(step.status, 'ok');
  assert.ok(Number.isFinite(step.trainRmse));
  const model = trainer.model();
  assert.ok(Number.isFinite(model.predict(1, 101).value));
  for (const o of [model, trainer, split, data]) o.delete();
}

function loadOptions(e) {
  return { source: sourceName(e), ...(e.options ?? {}) };
}

// What the module does with one entry: returns what it made (an object to
// delete, or a list), or throws.
function load(mf, e, bytes) {
  if (e.type === 'ratings') return mf.Dataset.fromCSV(bytes, loadOptions(e));
  if (e.type === 'model') return mf.Model.load(bytes);
  if (e.type === 'movies') return Object.assign(mf.parseMovies(bytes, sourceName(e)), { delete() {} });
  throw new Error(`no JS API for ${e.type}`);
}

function checkAccepted(e, object) {
  if (e.type === 'ratings') {
    if (e.ratings !== undefined) assert.equal(object.numRatings, e.ratings, 'ratings');
    if (e.users !== undefined) assert.equal(object.numUsers, e.users, 'users');
    if (e.items !== undefined) assert.equal(object.numItems, e.items, 'items');
    if (e.skipped !== undefined) assert.equal(object.report.skipped, e.skipped, 'skipped');
    if (e.replaced !== undefined) assert.equal(object.report.replaced, e.replaced, 'replaced');
  } else if (e.type === 'movies') {
    if (e.movies !== undefined) assert.equal(object.length, e.movies, 'movies');
    // Byte for byte: markup is data, not HTML.
    for (const [id, title] of Object.entries(e.titles ?? {})) assert.equal(object.find((m) => m.id === Number(id))?.title, title);
  } else {
    if (e.users !== undefined) assert.equal(object.numUsers, e.users, 'users');
    if (e.items !== undefined) assert.equal(object.numItems, e.items, 'items');
    if (e.factors !== undefined) assert.equal(object.numFactors, e.factors, 'factors');
  }
}

test('the corpus manifest has at least 30 inputs', () => {
  assert.ok(manifest.entries.length >= 30, `${manifest.entries.length} entries`);
});

// Ratings, models and movies.csv: what the JS API reads (the page reads its movies through it).
const entries = manifest.entries.filter((e) => ['ratings', 'model', 'movies'].includes(e.type));

for (const entry of entries) {
  const e = { ...entry, ...(entry.wasm ?? {}) };
  const name = sourceName(entry);
  const label = `${entry.type} ${name}${entry.options ? ' ' + JSON.stringify(entry.options) : ''}: ${e.expect}`;
  test(label, async () => {
    const mf = await module();
    const bytes = materialize(entry);
    const before = mf.liveObjects();
    if (e.expect === 'accepted') {
      const object = load(mf, e, bytes);
      try {
        checkAccepted(e, object);
        if (e.type === 'model') {
          // The current format saves back to the same bytes; an older one saves
          // as the current format, which loads and saves back unchanged.
          const saved = object.save();
          const version = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
          if (version === new DataView(saved.buffer).getUint32(8, true)) assert.deepEqual(saved, bytes, 'an accepted model saves back to the same bytes');
          const again = mf.Model.load(saved);
          assert.deepEqual(again.save(), saved, 'a re-saved model loads and saves back unchanged');
          again.delete();
        }
      } finally {
        object.delete();
      }
    } else {
      let error;
      try {
        load(mf, e, bytes).delete();
      } catch (err) {
        error = err;
      }
      assert.ok(error, `expected ${e.expect}, but it was accepted`);
      assert.ok(error instanceof MfError, `expected an MfError, got ${error?.name}: ${error?.message}`);
      assert.equal(error.kind, e.expect, error.message);
      assert.ok(error.message.includes(e.message), `message ${JSON.stringify(error.message)} lacks ${JSON.stringify(e.message)}`);
      assert.ok(!error.message.includes('\uFFFD'), 'the message is valid UTF-8');
    }
    assert.deepEqual(mf.liveObjects(), before, 'nothing left alive');
    stillWorks(mf);
  });
}

test('text inputs give the same outcome as a string and as bytes', async () => {
  const mf = await module();
  for (const entry of entries) {
    if (entry.type !== 'ratings' || entry.wasm || !entry.file?.endsWith('.csv')) continue;
    const bytes = materialize(entry);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    // Only inputs that are valid UTF-8 survive the trip through a JS string.
    if (!Buffer.from(text, 'utf8').equals(Buffer.from(bytes))) continue;
    let outcome;
    try {
      const d = mf.Dataset.fromCSV(text, loadOptions(entry));
      outcome = `accepted ${d.numRatings}`;
      d.delete();
    } catch (err) {
      assert.ok(err instanceof MfError, `${entry.file}: ${err}`);
      outcome = `${err.kind}: ${err.message}`;
    }
    if (entry.expect === 'accepted') assert.equal(outcome, `accepted ${entry.ratings}`, entry.file);
    else assert.ok(outcome.startsWith(`${entry.expect}: `) && outcome.includes(entry.message), `${entry.file}: ${outcome}`);
  }
  stillWorks(mf);
});
