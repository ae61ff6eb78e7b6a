// The grid search, whole (gridSearch) or in the parts a pool of workers
// shares out (core/include/mf/grid.hpp): the cells, the tuning and final
// splits, a step recorded in a cell, the chosen cell and its test error.
import { invalid } from './errors.js';
import { list } from './checks.js';

export function gridApi({ core, check, token, conv, dataHandle, dataAndSplit, Split, coreSteps }) {
  // The callback runs inside C++: it must not throw through it (destructors
  // would be skipped), so an exception cancels the search and is rethrown here.
  function gridSearch(data, split, baseOptions, spec, onProgress) {
    const [d, s] = dataAndSplit(data, split, 'gridSearch(data, split, ...)');
    if (onProgress !== undefined && typeof onProgress !== 'function') invalid('onProgress', ' must be a function');
    const base = conv.trainOptions(baseOptions);
    const grid = conv.gridSpec(spec, base);
    let thrown;
    const progress = onProgress && ((done, total) => {
      try {
        return onProgress(done, total) !== false;
      } catch (e) {
        thrown = { error: e };
        return false;
      }
    });
    const result = core._gridSearch(d, s, base, grid, progress);
    if (thrown) {
      core._takeError();
      throw thrown.error;
    }
    const { cells, best, test } = check(result);
    return { cells: cells.map(conv.gridCell), best, test: conv.toApi(test) };
  }

  // The cells of the grid in order, options validated for `data`.
  function gridCells(data, baseOptions, spec) {
    const d = dataHandle(data, 'gridCells(data, ...)');
    const base = conv.trainOptions(baseOptions);
    return check(core._gridCells(d, base, conv.gridSpec(spec, base))).map(conv.gridCell);
  }

  // { tune, final }: the splits each cell trains and is judged on, and the one the chosen cell is tested on.
  function gridSplits(data, split, spec) {
    const [, s] = dataAndSplit(data, split, 'gridSplits(data, split, spec)');
    const h = check(core._gridSplits(s, conv.gridSpec(spec)));
    try {
      return { tune: new Split(token, h.tune(), data), final: new Split(token, h.final(), data) };
    } finally {
      h.delete();
    }
  }

  // The cell with `step` (a result of Trainer.step() on the tuning split) added.
  function recordStep(cell, step) {
    const s = coreSteps.get(step);
    if (!s) invalid('step', ' must be a result of Trainer.step()');
    return conv.gridCell(core._recordStep(conv.coreCell(cell, 'cell'), s));
  }

  // Index of the chosen cell.
  function bestCell(cells) {
    return core._bestCell(Array.from(list(cells, 'cells', () => {}), (cell, k) => conv.coreCell(cell, `cells[${k}]`)));
  }

  // The test metrics of `cell` trained on splits.final for its best number of steps.
  function testChosen(data, splits, cell) {
    const [d, final] = dataAndSplit(data, splits?.final, 'testChosen(data, splits, cell)');
    const [, tune] = dataAndSplit(data, splits?.tune, 'testChosen(data, splits, cell)');
    return conv.toApi(check(core._testChosen(d, tune, final, conv.coreCell(cell, 'cell'))));
  }

  return { gridSearch, gridCells, gridSplits, recordStep, bestCell, testChosen };
}
