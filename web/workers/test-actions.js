// Requests only the browser tests and bench/run.mjs make (through the page's
// window.mfcfPage, see web/page/test-hooks.js).
import { mf } from './serve.js';
import { session, requireDataset } from './session.js';
import { loadLimits } from './ratings.js';

export const testActions = {
  // The grid of the page's grid search, run by mf.gridSearch in this one
  // worker: the reference the pool of grid workers must match.
  gridReference({ trainerOptions, splitOptions, spec }) {
    const { data } = requireDataset();
    if (session.run) session.run.playing = false;
    const split = data.split(splitOptions);
    try {
      return mf.gridSearch(data, split, trainerOptions, spec);
    } finally {
      split.delete();
    }
  },
  // Wasm objects not deleted yet and the heap in use (runs must not leak).
  liveObjects() {
    return { ...mf.liveObjects(), heapUsedBytes: mf.heapUsedBytes() };
  },
  // The module's memory, which never shrinks: the most it has needed so far.
  heapBytes() {
    return mf.heapBytes();
  },
  // A lower memory limit for the next ratings files (0: the module's own), so
  // that a test can see an over-limit file refused without making one of gigabytes.
  setLoadMemoryLimit({ bytes }) {
    loadLimits.memoryLimit = bytes;
    return loadLimits.memoryLimit;
  },
  // A worker that crashes, to check that the page reports it.
  crashForTest() {
    setTimeout(() => { throw new Error('worker crash requested by a test'); }, 0);
    return { crashing: true };
  },
};
