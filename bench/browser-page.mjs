// Loaded by bench/browser-page.html (served from the repository root by
// bench/run.mjs): times the same steps as the node side, in Chromium.
import createMfcf from '../wasm/index.js';
import { parseRatings, engineTrainSplit } from './data.mjs';
import { createState, sgdEpoch, alsSweep } from './plain-js.mjs';

let mf, data, split, plainData;

async function setup(ratingsUrl) {
  if (data) return;
  mf = await createMfcf();
  const text = await (await fetch(ratingsUrl)).text();
  data = mf.Dataset.fromCSV(text);
  split = data.split({ testFraction: 0.1, seed: 42 });
  plainData = engineTrainSplit(parseRatings(text));
}

// Step by step, for a driver that takes turns with other platforms:
// start(kind, algorithm, k, warmupMs) then step() -> ms, as often as wanted.
let current = null;
function start({ kind, algorithm, factors, warmup, warmupMs, heavy }) {
  if (current?.trainer) current.trainer.delete();
  let step;
  if (kind === 'wasm') {
    const trainer = new mf.Trainer(data, split, { algorithm, factors });
    step = () => trainer.step().ms;
    current = { trainer, step };
  } else {
    const st = createState(plainData, factors);
    const run = algorithm === 'sgd' ? () => sgdEpoch(st) : () => alsSweep(st);
    step = () => {
      const t0 = performance.now();
      run();
      return performance.now() - t0;
    };
    current = { step };
  }
  const t0 = performance.now();
  if (heavy) step();
  else for (let w = 0; w < warmup || performance.now() - t0 < warmupMs; w++) step();
  return true;
}

window.bench = { setup, start, step: () => current.step(), ready: true };
