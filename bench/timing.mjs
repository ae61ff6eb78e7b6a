// How the JS engines' steps are warmed up and timed, node and Chromium alike
// (imported by the steps section and by bench/browser-page.mjs).
import { createState, sgdEpoch, alsSweep } from './plain-js.mjs';

// V8 first runs wasm and JS in its baseline tier and swaps in optimized code
// once a function is hot: at least 3 steps and 300 ms before timing.
export const WARMUP = { steps: 3, ms: 300 };
// For steps that take seconds (the plain-JS ALS sweep at k = 100): one.
export const ONE_STEP = { steps: 1, ms: 0 };

/** Runs step() untimed: at least `steps` times and for at least `ms`. */
export function warmUp(step, { steps, ms }) {
  const start = performance.now();
  for (let w = 0; w < steps || performance.now() - start < ms; w++) step();
}

/** The plain-JS baseline on dense training triples: a function that runs one SGD epoch or ALS sweep and returns its ms. */
export function plainStepper(trainData, algorithm, factors) {
  const state = createState(trainData, factors);
  const run = algorithm === 'sgd' ? () => sgdEpoch(state) : () => alsSweep(state);
  return () => {
    const start = performance.now();
    run();
    return performance.now() - start;
  };
}
