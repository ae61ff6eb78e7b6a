// A grid-search worker: one of the pool of lib/grid-pool.js. It holds its own
// copy of the ratings and trains whole cells of a grid step by step with
// Trainer.step(), exactly as mf.gridSearch does, yielding between steps so
// that a cancel gets in. Pushes { type: 'grid-step', gridId, cell, epoch }
// after every step.
import { serve, loadEngine, mf, post } from './serve.js';
import { readRatings } from './ratings.js';

let grid = null;  // { key, data, split, splitKey }
const cancelled = new Set();  // gridIds

// A task boundary without the clamping nested timers get (4 ms each after a few).
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const nextTask = () => new Promise((resolve) => {
  waiting.push(resolve);
  channel.port2.postMessage(0);
});

serve({
  async init() {
    await loadEngine();
    return { ready: true };
  },
  // Loads the ratings of data set `key` ({ ratingsUrl } or { ratingsFile }) unless held already.
  async gridData({ key, ...request }) {
    if (grid?.key === key) return { key, loaded: false };
    const data = await readRatings(request);
    grid?.split?.delete();
    grid?.data.delete();
    grid = { key, data, split: null, splitKey: null };
    return { key, loaded: true };
  },
  async gridCell({ gridId, key, cell, trainerOptions, splitOptions, iterations }) {
    if (!grid || grid.key !== key) throw new Error('the grid data set is not loaded');
    const splitKey = JSON.stringify(splitOptions);
    if (grid.splitKey !== splitKey) {
      grid.split?.delete();
      grid.split = null;
      grid.split = grid.data.split(splitOptions);
      grid.splitKey = splitKey;
    }
    // As mf.gridSearch: cells are compared by their test error.
    if (grid.split.numTest === 0) throw new Error('grid search needs a non-empty test set to compare cells');
    const points = [];
    const trainer = new mf.Trainer(grid.data, grid.split, trainerOptions);
    try {
      for (let it = 0; it < iterations; it++) {
        if (cancelled.has(gridId)) return { cell, cancelled: true, points };
        const r = trainer.step();
        points.push({ epoch: r.epoch, status: r.status, testMse: r.testMse, testRmse: r.testRmse, trainMse: r.trainMse });
        post({ type: 'grid-step', gridId, cell, epoch: r.epoch });
        if (r.status === 'diverged') break;
        if (it + 1 < iterations) await nextTask();
      }
    } finally {
      trainer.delete();
    }
    return { cell, cancelled: false, points };
  },
}, {
  gridCancel: ({ gridId }) => cancelled.add(gridId),
});
