// What scripts outside the page read from it: the browser tests
// (tests/browser) and the benchmark (bench/run.mjs). Nothing else in the page
// uses these.
//
// - `<html data-ready-to-train="true|false">` and, the first time the page can
//   train, the performance mark 'mfcf-ready-to-train' (its startTime counts
//   from navigation);
// - `window.mfcfPage`: what the chart shows without reaching into Chart.js,
//   the page's state, the grid search's pool size and timing, and requests the
//   training worker answers for tests only (workers/test-actions.js).
import { state } from './store.js';
import { trainerOptions, splitOptions } from '../lib/state.js';
import { mapState } from './movie-map.js';
import { rankingHooks } from './ranking-panel.js';
import { normState } from './norm-scatter.js';

let marked = false;
// Returns true the first time the page can train.
export function markReadyToTrain(canTrain) {
  document.documentElement.dataset.readyToTrain = String(canTrain);
  if (!canTrain || marked) return false;
  marked = true;
  performance.mark('mfcf-ready-to-train');
  return true;
}

// chart(): the LearningCurves; client: the training worker's; grid: grid-panel.js's gridState.
export function installTestHooks({ chart, client, grid }) {
  window.mfcfPage = {
    series: () => chart().series(),
    runs: () => chart().summary(),
    // Each run's learning curve: its label and [epoch, train MSE, test MSE] per point.
    curves: () => chart().runs.map((r) => ({ label: r.label, points: r.points.map((p) => [p.epoch, p.trainMse, p.testMse]) })),
    // From the Play click to the end of the last iteration's drawing.
    state: () => ({
      runId: state.runId, epoch: state.epoch, target: state.target, playing: state.playing,
      ready: state.ready, busy: state.busy, runReady: state.runReady, last: state.lastPoint,
      diverged: state.diverged, explored: state.explored, invalid: Object.fromEntries(state.invalid), threads: state.threads,
      opened: state.opened && { runId: state.opened.runId, name: state.opened.name, kind: state.opened.kind, numItems: state.opened.numItems },
    }),
    map: mapState,
    // Section 6: the comparison's result (the numbers behind the table) and chart; the norm scatter.
    ranking: rankingHooks,
    norms: normState,
    crashWorker: () => client.request('crashForTest'),
    // Grid search: the pool size (undefined: one worker per core), the last
    // run's wall time, and the same grid run by mf.gridSearch in the training
    // worker (the reference).
    setGridWorkers: (n) => { grid.workers = n; },
    gridTiming: () => grid.timing,
    lastGrid: () => grid.last?.result ?? null,
    gridReference: (spec) => client.request('gridReference', {
      trainerOptions: trainerOptions(state.settings), splitOptions: splitOptions(state.settings), spec,
    }),
    liveObjects: () => client.request('liveObjects'),
    heapBytes: () => client.request('heapBytes'),
    // A lower memory limit for loading ratings files (0: the module's own).
    setLoadMemoryLimit: (bytes) => client.request('setLoadMemoryLimit', { bytes }),
  };
}
