// A grid-search worker: one of the pool of lib/grid-pool.js. It holds its own
// copy of the ratings and answers with the engine's grid parts: the cells
// (mf.gridCells), one cell trained on the tuning split step by step
// (lib/grid-cell.js), and at the end the chosen cell and its test error
// (mf.bestCell, mf.testChosen). It yields between steps so that a cancel gets
// in, and pushes { type: 'grid-step', gridId, cell: index, epoch } after every step.
import { serve, loadEngine, mf, post } from './serve.js';
import { replaceHeld } from './ratings.js';
import { trainCell } from '../lib/grid-cell.js';
import { nextTask } from './next-task.js';

let grid = null;  // { key, data, splits, splitsKey }
const cancelled = new Set();  // gridIds


function loaded(key) {
  if (!grid || grid.key !== key) throw new Error('the grid data set is not loaded');
  return grid;
}

function freeSplits() {
  grid?.splits?.tune.delete();
  grid?.splits?.final.delete();
  if (grid) grid.splits = null;
}

// The tuning and final splits of the page's split (splitOptions) and the grid's validation share (spec).
function splits(key, splitOptions, spec) {
  const g = loaded(key);
  const splitsKey = JSON.stringify([splitOptions, spec.validationFraction, spec.validationSeed]);
  if (g.splitsKey !== splitsKey) {
    freeSplits();
    g.splitsKey = null;
    const split = g.data.split(splitOptions);
    try {
      g.splits = mf.gridSplits(g.data, split, { validationFraction: spec.validationFraction, validationSeed: spec.validationSeed });
    } finally {
      split.delete();
    }
    g.splitsKey = splitsKey;
  }
  return g.splits;
}

serve({
  // One thread per grid worker: the pool itself runs the cells side by side.
  async init() {
    await loadEngine({ threads: false });
    return { ready: true };
  },
  // Loads the ratings of data set `key` ({ ratingsUrl } or { ratingsFile }) unless held already.
  async gridData({ key, ...request }) {
    const next = await replaceHeld(grid, key, request, freeSplits);
    if (next === grid) return { key, loaded: false };
    grid = { ...next, splits: null, splitsKey: null };
    return { key, loaded: true };
  },
  gridCells({ key, trainerOptions, spec }) {
    return mf.gridCells(loaded(key).data, trainerOptions, spec);
  },
  async gridCell({ gridId, key, index, cell, splitOptions, spec }) {
    const { tune } = splits(key, splitOptions, spec);
    let epoch = 0;
    const { cell: trained, steps, stopped } = await trainCell(mf, grid.data, tune, cell, {
      onStep: () => post({ type: 'grid-step', gridId, cell: index, epoch: ++epoch }),
      between: nextTask,
      stop: () => cancelled.has(gridId),
    });
    return { index, cell: trained, steps, cancelled: stopped };
  },
  // The chosen cell of `cells` and its test metrics, measured once.
  gridFinish({ key, splitOptions, spec, cells }) {
    const best = mf.bestCell(cells);
    return { best, test: mf.testChosen(loaded(key).data, splits(key, splitOptions, spec), cells[best]) };
  },
}, {
  gridCancel: ({ gridId }) => cancelled.add(gridId),
});
