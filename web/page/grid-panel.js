// The grid search panel (section 5): the grid read from its form, run on a
// pool of workers of its own (lib/grid-pool.js), drawn as heatmaps of the
// validation error; a click on a cell loads its settings into the form.
// Stale-reply token: `grids`. Cancel, or the engine stopping, drops the
// running grid: its progress and result are then ignored.
import { state, Latest } from './store.js';
import { $, showError } from './dom.js';
import { setButtons } from './buttons.js';
import { bundledRequest } from './config.js';
import { newRun, pausePlaying } from './training.js';
import { cancelQueue } from './comparisons.js';
import { GridPool } from '../lib/grid-pool.js';
import { renderGrid } from '../lib/grid.js';
import { setSettings } from './settings-form.js';
import { FIELDS, trainerOptions, splitOptions, withOptions, normalize } from '../lib/state.js';

const pool = new GridPool(() => new Worker(new URL('../workers/grid-worker.js', import.meta.url), { type: 'module' }));
const grids = new Latest();
let running = false;

// Read by the test hooks: workers (the pool size; undefined: one per core),
// timing ({ ms, workers, cells } of the last grid) and last ({ result, algorithm }).
export const gridState = { workers: undefined, timing: null, last: null };

function parseList(text, { type, min, max }, name) {
  const integer = type === 'int';
  const values = text.split(/[,\s;]+/).filter(Boolean).map(Number);
  if (!values.length) throw new Error(`${name}: enter at least one value`);
  for (const v of values) {
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      throw new Error(`${name}: '${v}' is not ${integer ? 'a whole number' : 'a number'} between ${min} and ${max}`);
    }
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

// The grid of the form; throws an Error saying what is wrong with it. Ranges
// are the settings' (lib/state.js), the iterations' those of their input.
// Without iterations, each cell trains as many as the training settings say
// (the algorithm's own count unless changed).
function readSpec(settings) {
  const iters = $('grid-iters');
  const spec = {
    factors: parseList($('grid-factors').value, FIELDS.k, 'Factors'),
    regularization: parseList($('grid-regs').value, FIELDS.regU, 'λ values'),
    learningRates: settings.algo === 'sgd' ? parseList($('grid-rates').value, FIELDS.lr, 'Learning rates') : [settings.lr],
  };
  if (iters.value.trim()) {
    spec.iterations = parseList(iters.value, { type: 'int', min: Number(iters.min), max: Number(iters.max) }, 'Iterations')[0];
  }
  const cells = spec.factors.length * spec.regularization.length * spec.learningRates.length;
  if (cells > 64) throw new Error(`${cells} combinations is too many for a page; keep it to 64`);
  return spec;
}

// What a grid worker needs to load the current data set itself.
function gridData() {
  const key = `${state.datasetKey}#${state.datasetVersion}`;
  if (state.datasetKey === 'upload') return { key, request: { ratingsFile: state.upload.ratingsFile } };
  const { ratingsUrl, binUrl } = bundledRequest(state.datasetKey);
  return { key, request: { ratingsUrl, binUrl } };
}

function showProgress(done, total) {
  $('grid-progress').max = total;
  $('grid-progress').value = done;
  $('grid-progress-text').textContent = `${done} of ${total} training steps`;
}

function finished(gridId) {
  if (!grids.isLatest(gridId)) return;
  running = false;
  state.busy = false;
  $('grid-cancel').hidden = true;
  setButtons();
}

async function runGrid() {
  const settings = state.settings;
  showError('grid-error', null);
  let spec;
  try {
    spec = readSpec(settings);
  } catch (error) {
    showError('grid-error', error.message);
    return;
  }
  cancelQueue();
  await pausePlaying();
  const gridId = grids.next();
  running = true;
  state.busy = true;
  setButtons();
  $('grid-cancel').hidden = false;
  $('grid-progress').value = 0;
  $('grid-progress-text').textContent = 'starting…';
  const started = performance.now();
  let lastDrawn = -Infinity;
  try {
    const result = await pool.run({
      gridId, data: gridData(), trainerOptions: trainerOptions(settings), splitOptions: splitOptions(settings), spec,
      workers: gridState.workers ?? GridPool.defaultSize(),
      // At most a few redraws a second: with every core training, each
      // repaint of the progress bar is time taken from a worker.
      onProgress: (done, total) => {
        const now = performance.now();
        if (!grids.isLatest(gridId) || (now - lastDrawn < 250 && done < total)) return;
        lastDrawn = now;
        showProgress(done, total);
      },
    });
    if (!grids.isLatest(gridId) || !result) return;
    gridState.timing = { ms: performance.now() - started, workers: result.workers, cells: result.cells.length };
    gridState.last = { result, algorithm: settings.algo };
    drawGrid();
    $('grid-progress-text').textContent = `done: ${result.cells.length} models` +
      ` in ${(gridState.timing.ms / 1000).toFixed(1)} s on ${result.workers} worker${result.workers > 1 ? 's' : ''}`;
  } catch (error) {
    if (grids.isLatest(gridId)) showError('grid-error', error.message);
  } finally {
    finished(gridId);
  }
}

// The grid workers stop after their current step; the training worker was never involved.
export function cancelGrid() {
  if (!running) return;
  pool.cancel(grids.token);
  grids.drop();
  running = false;
  state.busy = false;
  $('grid-cancel').hidden = true;
  $('grid-progress-text').textContent = 'cancelled';
  setButtons();
}

// A clicked cell's settings in the form, its best iteration as the iteration
// count, and a new run with them.
function loadCell(cell) {
  if (state.busy) return;
  cancelQueue();
  setSettings(normalize(withOptions(state.settings, { ...cell.options, iterations: cell.bestIteration })));
  newRun();
}

function drawGrid() {
  const { result, algorithm } = gridState.last;
  renderGrid($('grid-result'), result, { metric: state.settings.metric, algorithm, onPick: loadCell });
}

// The last grid again, in the metric just chosen.
export function redrawGrid() {
  if (gridState.last) drawGrid();
}

export function wireGrid() {
  $('grid-form').addEventListener('submit', (e) => e.preventDefault());
  $('grid-run').addEventListener('click', runGrid);
  $('grid-cancel').addEventListener('click', cancelGrid);
}
