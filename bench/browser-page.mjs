// Loaded by bench/browser-page.html (served from the repository root by the
// steps section, bench/sections/steps.mjs): times the same steps as the node
// side, in Chromium.
import createMfcf from '../wasm/index.js';
import { parseRatings, engineTrainSplit } from './data.mjs';
import { warmUp, plainStepper } from './timing.mjs';

let mf, data, split, plainData;

async function setup(ratingsUrl, { testFraction, seed }) {
  if (data) return;
  mf = await createMfcf();
  const text = await (await fetch(ratingsUrl)).text();
  data = mf.Dataset.fromCSV(text);
  split = data.split({ testFraction, seed });
  plainData = engineTrainSplit(parseRatings(text), testFraction, seed);
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
