// Loaded by bench/browser-page.html (served from the repository root by the
// steps section, bench/sections/steps.mjs): times the same steps as the node
// side, in Chromium.
import createMfcf from '../wasm/index.js';
import { parseRatings, engineTrainSplit } from './data.mjs';
import { warmUp, plainStepper } from './timing.mjs';

let mf, data, split, plainData;

// { blob: true }: a large file, read by Dataset.fromBlob in chunks, without the plain-JS copy.
async function setup(ratingsUrl, { testFraction, seed }, { blob = false } = {}) {
  if (data) return;
  mf = await createMfcf({ threads: false });  // one thread, as native in the steps it is compared with
  const response = await fetch(ratingsUrl);
  if (blob) {
    data = await mf.Dataset.fromBlob(await response.blob());
  } else {
    const text = await response.text();
    data = mf.Dataset.fromCSV(text);
    plainData = engineTrainSplit(parseRatings(text), testFraction, seed);
  }
  split = data.split({ testFraction, seed });
}

// Step by step, for a driver that takes turns with other platforms:
// start({ kind, algorithm, factors, warmup }) then step() -> ms, as often as wanted.
let current = null;
function start({ kind, algorithm, factors, warmup }) {
  if (current?.trainer) current.trainer.delete();
  if (kind === 'wasm') {
    const trainer = new mf.Trainer(data, split, { algorithm, factors });
    current = { trainer, step: () => trainer.step().ms };
  } else {
    current = { step: plainStepper(plainData, algorithm, factors) };
  }
  warmUp(current.step, warmup);
  return true;
}

window.bench = { setup, start, step: () => current.step(), ready: true };
