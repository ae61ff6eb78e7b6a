// One cell of a grid search trained step by step, as mf.gridSearch trains it
// (core/src/grid.cpp): a Trainer with the cell's options on the tuning split,
// each step recorded in the cell by the engine's recordStep. Shared by the
// grid worker (workers/grid-worker.js) and the node test of the pool.

// The order a pool hands cells out: largest k first (cost grows with k), so
// the last cells to finish are short ones and no worker idles long at the end.
export function cellOrder(cells) {
  return cells.map((_, index) => index).sort((a, b) => cells[b].factors - cells[a].factors || a - b);
}

// Trains `cell` (from mf.gridCells) on `tune` (mf.gridSplits(...).tune) of
// `data`. hooks: onStep(cell) after every step, between(): awaited between
// steps, stop(): true to stop early. Resolves to { cell, steps, stopped },
// steps: how many ran (fewer than the cell's iterations after a divergence).
export async function trainCell(mf, data, tune, cell, { onStep, between, stop } = {}) {
  const trainer = new mf.Trainer(data, tune, cell.options);
  let steps = 0;
  try {
    while (steps < cell.iterations && !cell.diverged) {
      if (steps > 0) await between?.();
      if (stop?.()) return { cell, steps, stopped: true };
      cell = mf.recordStep(cell, trainer.step());
      steps++;
      onStep?.(cell);
    }
  } finally {
    trainer.delete();
  }
  return { cell, steps, stopped: false };
}
