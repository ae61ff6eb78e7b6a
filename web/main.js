// The page: settings <-> URL hash, the training controls, the learning-curve
// chart, the comparisons, the grid search and the model explorer. All parsing
// and training happens in worker.js; this file only asks and draws.
import { Chart, ScatterController, PointElement, LinearScale, Legend, Tooltip } from 'chart.js';
import { WorkerClient } from './lib/client.js';
import { LearningCurves } from './lib/curves.js';
import { renderGrid } from './lib/grid.js';
import { GridPool } from './lib/grid-pool.js';
import { drawRatings, drawFactors, drawProduct } from './lib/matrix.js';
import { Combobox } from './lib/combobox.js';
import { thousands, tick } from './lib/format.js';
import { revealMath } from './lib/math.js';
import {
  FIELDS, ALGORITHM_DEFAULTS, parseHash, toHash, normalize, trainerOptions, splitOptions, splitKey, describe,
} from './lib/state.js';

Chart.register(ScatterController, PointElement, LinearScale, Legend, Tooltip);

const $ = (id) => document.getElementById(id);

const DATASETS = {
  dense: { name: 'dense subset (300 × 300)', ratings: 'data/dense-subset/ratings.csv', movies: 'data/dense-subset/movies.csv', minRatings: 5 },
  small: { name: 'ml-latest-small', ratings: 'data/ml-latest-small/ratings.csv', movies: 'data/ml-latest-small/movies.csv', minRatings: 20 },
};

const PRESETS = {
  'als-sgd': {
    note: 'ALS and SGD with the same factors on the same split, each with its usual regularization and iteration count.',
    runs: [
      { algo: 'als', zero: false, biases: true, ...ALGORITHM_DEFAULTS.als },
      { algo: 'sgd', zero: false, biases: true, ...ALGORITHM_DEFAULTS.sgd },
    ],
  },
  overfit: {
    note: 'The seeds\' experiment: ALS with 40 factors, no biases, plain λ, 10 ratings of every user held out; ' +
      'first without any regularization, then with λ = 30, then the biased ALS-WR default for reference.',
    runs: [
      { algo: 'als', zero: false, biases: false, scaling: 'none', k: 40, regU: 0, regI: 0, iters: 15, split: 'holdout', holdout: 10 },
      { algo: 'als', zero: false, biases: false, scaling: 'none', k: 40, regU: 30, regI: 30, iters: 15, split: 'holdout', holdout: 10 },
      { algo: 'als', zero: false, biases: true, scaling: 'count', k: 40, regU: 0.1, regI: 0.1, iters: 15, split: 'holdout', holdout: 10 },
    ],
  },
  zero: {
    note: 'Missing = 0 ALS against ALS on the observed ratings only, same k = 10 and plain λ = 0.1, no biases; then biased ALS-WR.',
    runs: [
      { algo: 'als', zero: true, biases: false, scaling: 'none', k: 10, regU: 0.1, regI: 0.1, iters: 10 },
      { algo: 'als', zero: false, biases: false, scaling: 'none', k: 10, regU: 0.1, regI: 0.1, iters: 10 },
      { algo: 'als', zero: false, biases: true, scaling: 'count', k: 10, regU: 0.1, regI: 0.1, iters: 10 },
    ],
    summary: true,
  },
};

const page = {
  settings: null,
  hidden: new Set(),
  ready: false,          // worker up and a data set loaded
  busy: false,           // a data set load or grid search holds the worker
  dataset: null,         // the loaded data set's summary (items, picture, ...)
  datasetKey: null,      // 'dense' | 'small' | 'upload'
  upload: null,          // { ratingsFile, moviesFile } of the loaded upload
  items: new Map(),      // id -> { id, title, genres, count }
  runCounter: 0,
  runId: 0,              // the current run; messages of other runs are dropped
  runReady: false,
  playing: false,
  epoch: 0,
  target: 0,
  lastPoint: null,
  queue: null,           // { name, runs, index, results }
  gridId: 0,
  gridRunning: false,
  exploreToken: 0,
  similarItem: null,
  myRatings: new Map(),  // id -> rating
  lastWall: [],
};

const client = new WorkerClient(() => new Worker(new URL('./workers/training-worker.js', import.meta.url), { type: 'module' }));
// Grid search runs its cells on a pool of workers of its own, one per core.
const gridPool = new GridPool(() => new Worker(new URL('./workers/grid-worker.js', import.meta.url), { type: 'module' }));
let curves = null;
// The learning-curve chart, made on first use: at start-up that is while the
// worker parses the data (see main()).
function chart() {
  if (!curves) {
    curves = new LearningCurves($('curve-canvas'));
    curves.setMetric(page.settings.metric);
  }
  return curves;
}
let mapChart = null;
let similarBox, rateBox;

// ---- settings <-> controls <-> hash -----------------------------------------

const CONTROL_IDS = ['algo', 'k', 'regU', 'regI', 'scaling', 'lr', 'biases', 'zero', 'iters', 'split', 'test', 'holdout', 'seed'];

function writeControls(s) {
  for (const id of CONTROL_IDS) {
    const input = $(id);
    if (input.type === 'checkbox') input.checked = s[id];
    else input.value = String(s[id]);
  }
  document.querySelector(`input[name="data"][value="${page.datasetKey === 'upload' ? 'upload' : s.data}"]`).checked = true;
  document.querySelector(`input[name="metric"][value="${s.metric}"]`).checked = true;
  applyVisibility(s);
}

// Reads one control into the settings; an invalid number keeps the old value
// and marks the field.
function readControl(id, s) {
  const input = $(id);
  const field = FIELDS[id];
  if (input.type === 'checkbox') { s[id] = input.checked; return true; }
  if (field.type === 'enum') { s[id] = input.value; return true; }
  const v = Number(input.value);
  const ok = input.value.trim() !== '' && Number.isFinite(v) && v >= field.min && v <= field.max &&
    (field.type !== 'int' || Number.isInteger(v));
  input.setAttribute('aria-invalid', ok ? 'false' : 'true');
  if (ok) s[id] = v;
  return ok;
}

function applyVisibility(s) {
  document.body.classList.toggle('algo-sgd', s.algo === 'sgd');
  document.body.classList.toggle('algo-als', s.algo === 'als');
  document.body.classList.toggle('split-holdout', s.split === 'holdout');
  $('biases').disabled = s.zero;
  $('scaling').disabled = s.zero;
  for (const node of document.querySelectorAll('[data-field]')) {
    node.hidden = page.hidden.has(node.dataset.field);
  }
}

function writeHash() {
  const hash = toHash(page.settings, page.hidden);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

function onControlChange(event) {
  const id = event.target.id;
  const next = { ...page.settings };
  if (!readControl(id, next)) return;
  if (id === 'algo') Object.assign(next, ALGORITHM_DEFAULTS[next.algo]);
  const normalized = normalize(next);
  // A field left by a click fires change again without a new value.
  if (CONTROL_IDS.every((key) => normalized[key] === page.settings[key])) return;
  page.settings = normalized;
  writeControls(page.settings);
  writeHash();
  cancelQueue();
  newRun();
}

window.addEventListener('hashchange', () => {
  const { settings, hidden } = parseHash(location.hash);
  const dataChanged = settings.data !== page.settings.data && page.datasetKey !== 'upload';
  page.settings = settings;
  page.hidden = hidden;
  writeControls(settings);
  chart().setMetric(settings.metric);
  cancelQueue();
  if (dataChanged) loadBundled(settings.data);
  else newRun();
});

// ---- messages and errors --------------------------------------------------------

function showError(id, message) {
  const box = $(id);
  box.textContent = message ?? '';
  box.hidden = !message;
}

function setStatus(text) {
  $('engine-status').textContent = text;
}

function setButtons() {
  const canTrain = page.ready && !page.busy && page.runReady;
  // "Ready to train" for scripts (bench/run.mjs): an attribute, and a
  // performance mark the first time (its startTime counts from navigation).
  document.documentElement.dataset.readyToTrain = String(canTrain);
  if (canTrain && !page.markedReady) {
    page.markedReady = true;
    performance.mark('mfcf-ready-to-train');
    setTimeout(revealMath, 0);
  }
  $('play').disabled = !canTrain;
  $('step').disabled = !canTrain || page.playing;
  $('reset').disabled = !page.ready || page.busy;
  $('grid-run').disabled = !page.ready || page.busy;
  $('load-file').disabled = !page.ready || page.busy;
  for (const b of document.querySelectorAll('.preset')) b.disabled = !page.ready || page.busy;
  for (const r of document.querySelectorAll('input[name="data"]')) r.disabled = r.value === 'upload' ? page.datasetKey !== 'upload' : page.busy;
  const done = page.epoch >= page.target && page.epoch > 0;
  $('play').textContent = page.playing ? 'Pause' : done ? 'Continue' : page.epoch > 0 ? 'Resume' : 'Play';
  $('play').setAttribute('aria-pressed', page.playing ? 'true' : 'false');
  document.body.classList.toggle('playing', page.playing);
}

// ---- data -------------------------------------------------------------------------

async function loadBundled(key) {
  const d = DATASETS[key];
  const base = document.baseURI;
  await loadDataset({
    key, name: d.name,
    ratingsUrl: new URL(d.ratings, base).href,
    moviesUrl: new URL(d.movies, base).href,
  });
}

async function loadUpload() {
  const ratingsFile = $('ratings-file').files[0];
  const moviesFile = $('movies-file').files[0] ?? null;
  if (!ratingsFile) {
    showError('data-error', 'Choose a ratings file first.');
    return;
  }
  await loadDataset({ key: 'upload', name: ratingsFile.name, ratingsFile, moviesFile });
}

async function loadDataset(request) {
  cancelQueue();
  await pausePlaying();
  page.busy = true;
  setButtons();
  showError('data-error', null);
  setStatus(`Loading ${request.name}…`);
  let started = null;
  // Once only: a later load may have started by the time this one ends.
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    page.busy = false;
    setButtons();
  };
  try {
    const summary = await client.request('loadDataset', request);
    // Earlier runs stay on the chart when the same data comes back (a restarted worker).
    const sameData = request.key !== 'upload' && request.key === page.datasetKey;
    page.dataset = summary;
    page.datasetKey = request.key;
    page.datasetVersion = (page.datasetVersion ?? 0) + 1;
    page.upload = request.key === 'upload' ? { ratingsFile: request.ratingsFile, moviesFile: request.moviesFile } : null;
    if (request.key !== 'upload') page.settings = { ...page.settings, data: request.key };
    page.ready = true;
    page.myRatings.clear();
    page.similarItem = null;
    $('min-ratings').value = String(request.key === 'upload' ? 5 : DATASETS[request.key].minRatings);
    // The new run is set up in the worker while the page takes in the data set.
    if (!sameData) chart().clear(true, { render: false });
    started = newRun();
    showDataset(summary);
    writeHash();
    page.items = itemsFrom(summary.items);
    setStatus(`Engine ready · ${summary.name}: ${thousands(summary.numRatings)} ratings.`);
    // Training can start: the explorers and the matrix picture follow, each in a task of its own.
    release();
    await nextTask();
    setupExplorers();
    if (summary.hasPicture) drawPicture(summary);
  } catch (error) {
    // The worker keeps its previous data set; so does the page.
    showError('data-error', `Could not load ${request.name}: ${error.message}\nThe previous data set is kept.`);
    setStatus(page.dataset ? `Engine ready · ${page.dataset.name} (unchanged)` : 'No data loaded.');
    writeControls(page.settings);
  } finally {
    release();
  }
  // (After a failed load, a fresh run on the data set that stays.)
  if (started) await started;
  else if (page.ready) await newRun();
}

// The rating matrix of a small data set, drawn once the worker has made it.
async function drawPicture(summary) {
  try {
    const picture = await client.request('picture');
    if (page.dataset !== summary || !picture) return;
    summary.picture = picture;
    drawRatings($('ratings-canvas'), picture);
  } catch { /* a restarted worker loads the data set again, picture included */ }
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

// The worker sends the movies as columns (see worker.js).
function itemsFrom({ ids, counts, titles, genres }) {
  const t = titles.split('\n'), g = genres.split('\n');
  const items = new Map();
  for (let n = 0; n < ids.length; n++) {
    items.set(ids[n], { id: ids[n], title: t[n], genres: g[n] ? g[n].split('|') : [], count: counts[n] });
  }
  return items;
}

function showDataset(s) {
  const dl = $('data-stats');
  dl.replaceChildren();
  const density = s.numRatings / (s.numUsers * s.numItems);
  const rows = [
    ['data set', s.name],
    ['users', thousands(s.numUsers)],
    ['movies', thousands(s.numItems)],
    ['ratings', thousands(s.numRatings)],
    ['cells filled', `${(100 * density).toFixed(2)} % (${(100 * (1 - density)).toFixed(2)} % unknown)`],
    ['format', s.format],
  ];
  if (s.titled < s.numItems) rows.push(['titles', `${thousands(s.titled)} of ${thousands(s.numItems)} movies have a title`]);
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
  const fig = $('matrix-figure');
  fig.hidden = !s.hasPicture;
  $('matrix-note').hidden = s.hasPicture;
  $('matrix-note').textContent = s.hasPicture ? '' : `No picture for this data set: at one pixel per cell it would be ${thousands(s.numItems)} × ${thousands(s.numUsers)} pixels, almost all of them white. Choose the dense subset to see one.`;
  $('factor-panel').hidden = true;
  $('data-upload-radio').disabled = page.datasetKey !== 'upload';
  document.querySelector(`input[name="data"][value="${page.datasetKey}"]`).checked = true;
}

// ---- training ------------------------------------------------------------------------

// Starts a new run; page.pendingRun lets a Play pressed meanwhile wait for it
// (typing a value and clicking Play fires the field's change first).
function newRun() {
  page.pendingRun = startRun();
  return page.pendingRun;
}

async function startRun() {
  if (!page.ready) return false;
  if (page.playing) {
    page.playing = false;
    client.request('pause', { runId: page.runId }).catch(() => {});
  }
  const runId = ++page.runCounter;
  const settings = page.settings;
  page.runId = runId;
  page.runReady = false;
  page.epoch = 0;
  page.target = settings.iters;
  page.lastPoint = null;
  page.lastWall = [];
  chart().startRun(runId, describe(settings));
  $('curve-table').tBodies[0].replaceChildren();
  if (page.exploreToken > 0) {
    $('explore-status').textContent = 'A new run has started: what you see below is the previous model until the new one has trained.';
  }
  updateProgress();
  showError('train-error', null);
  setButtons();
  try {
    const result = await client.request('reset', {
      runId, trainerOptions: trainerOptions(settings), splitOptions: splitOptions(settings), splitKey: splitKey(settings),
    });
    if (runId !== page.runId) return false;
    page.runReady = true;
    // Baselines the worker has not computed yet follow: training can start without them.
    chart().setBaselines(result.baselines);
    setButtons();
    if (!result.baselines) {
      client.request('baselines', { runId }).then((b) => {
        if (b && runId === page.runId) chart().setBaselines(b);
      }, () => {});  // a restarted worker: the run is set up again
    }
    return true;
  } catch (error) {
    if (runId !== page.runId) return false;
    showError('train-error', error.message);
    setButtons();
    return false;
  }
}

function updateProgress() {
  const bar = $('progress');
  bar.max = Math.max(page.target, 1);
  bar.value = Math.min(page.epoch, page.target);
  const p = page.lastPoint;
  let text = page.epoch === 0 ? 'not started' : `iteration ${page.epoch} of ${page.target}`;
  if (p) {
    // Averages over the last few iterations: single timings jitter.
    const mean = (key) => page.lastWall.reduce((sum, q) => sum + q[key], 0) / page.lastWall.length;
    text += ` · ${mean('wallMs').toFixed(0)} ms per iteration (${mean('ms').toFixed(0)} ms training, the rest measuring the error)`;
  }
  $('progress-text').textContent = text;
  const m = page.settings.metric === 'mse' ? 'Mse' : 'Rmse';
  $('readout').textContent = p
    ? `train ${page.settings.metric.toUpperCase()} ${p[`train${m}`].toFixed(4)} · test ${page.settings.metric.toUpperCase()} ${p[`test${m}`].toFixed(4)}`
    : '';
}

function addPoint(point) {
  page.epoch = point.epoch;
  if (point.status === 'diverged') {
    showError('train-error', `Training stopped at iteration ${point.epoch}: ${point.message || 'the model diverged'}. ` +
      'The model of the previous iteration is kept; try a smaller learning rate or more regularization.');
  } else {
    page.lastPoint = point;
    page.lastWall.push(point);
    if (page.lastWall.length > 5) page.lastWall.shift();
    const row = document.createElement('tr');
    for (const v of [point.epoch, point.trainRmse, point.testRmse, point.trainMse, point.testMse, point.ms]) {
      const td = document.createElement('td');
      td.textContent = Number.isInteger(v) ? String(v) : v.toFixed(v > 50 ? 0 : 4);
      row.append(td);
    }
    $('curve-table').tBodies[0].append(row);
  }
  chart().addPoint(page.runId, point);
  updateProgress();
}

client.on('progress', ({ runId, point }) => {
  if (runId !== page.runId) return;  // a stale run: its chart line is gone
  addPoint(point);
});

client.on('stopped', ({ runId, reason, message }) => {
  if (runId !== page.runId) return;
  page.playing = false;
  if (page.trainingWindow) page.trainingWindow.end = performance.now();
  setButtons();
  if (reason === 'error') showError('train-error', message);
  if (reason === 'done' && page.queue) {
    advanceQueue();
    return;
  }
  if (reason === 'done' || reason === 'diverged') refreshExplore();
});

async function play() {
  if (!page.runReady && page.pendingRun) await page.pendingRun;
  if (!page.runReady) return;
  if (page.playing) {
    await pausePlaying();
    refreshExplore();
    return;
  }
  if (page.epoch >= page.target) page.target = page.epoch + page.settings.iters;
  page.playing = true;
  page.trainingWindow = { start: performance.now(), end: null };
  setButtons();
  updateProgress();
  try {
    await client.request('play', { runId: page.runId, target: page.target });
  } catch (error) {
    page.playing = false;
    showError('train-error', error.message);
    setButtons();
  }
}

async function pausePlaying() {
  if (!page.playing) return;
  page.playing = false;
  if (page.trainingWindow) page.trainingWindow.end = performance.now();
  setButtons();
  try {
    await client.request('pause', { runId: page.runId });
  } catch { /* the run is gone already */ }
}

async function step() {
  if (!page.runReady || page.playing) return;
  const runId = page.runId;
  try {
    const point = await client.request('step', { runId });
    if (runId !== page.runId) return;
    if (page.epoch >= page.target) page.target = point.epoch;
    addPoint(point);
    setButtons();
    refreshExplore();
  } catch (error) {
    if (runId === page.runId) showError('train-error', error.message);
  }
}

// ---- ready-made comparisons ---------------------------------------------------------

async function startPreset(name) {
  const preset = PRESETS[name];
  await pausePlaying();
  chart().clear(true);
  page.queue = { name, runs: preset.runs, index: -1, results: [] };
  $('preset-note').textContent = preset.note;
  if (preset.summary) {
    $('zero-list').replaceChildren();
    $('zero-summary').textContent = 'Training…';
  }
  advanceQueue();
}

async function advanceQueue() {
  const q = page.queue;
  if (!q) return;
  if (q.index >= 0 && page.lastPoint) q.results.push({ settings: page.settings, point: page.lastPoint });
  q.index++;
  if (q.index >= q.runs.length) {
    finishQueue(q);
    return;
  }
  page.settings = normalize({ ...page.settings, ...q.runs[q.index] });
  writeControls(page.settings);
  writeHash();
  const ok = await newRun();
  if (!ok || page.queue !== q) return;
  await play();
}

function finishQueue(q) {
  page.queue = null;
  if (PRESETS[q.name].summary) {
    const list = $('zero-list');
    list.replaceChildren();
    for (const { settings, point } of q.results) {
      const li = document.createElement('li');
      li.textContent = `${describe(settings)}: test RMSE ${point.testRmse.toFixed(3)}, train RMSE ${point.trainRmse.toFixed(3)}`;
      list.append(li);
    }
    $('zero-summary').textContent = 'Final errors after the last iteration (also on the chart above):';
  }
  refreshExplore();
}

function cancelQueue() {
  if (page.queue) {
    page.queue = null;
    $('preset-note').textContent = 'Comparison stopped: a setting changed.';
  }
}

// ---- grid search ---------------------------------------------------------------------

function parseList(text, { integer = false, min = 0, max = Infinity, name }) {
  const values = text.split(/[,\s;]+/).filter(Boolean).map(Number);
  if (!values.length) throw new Error(`${name}: enter at least one value`);
  for (const v of values) {
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      throw new Error(`${name}: '${v}' is not ${integer ? 'a whole number' : 'a number'} between ${min} and ${max}`);
    }
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

async function runGrid() {
  showError('grid-error', null);
  let spec;
  try {
    spec = {
      factors: parseList($('grid-factors').value, { integer: true, min: 1, max: 200, name: 'Factors' }),
      regularization: parseList($('grid-regs').value, { min: 0, max: 1000, name: 'λ values' }),
      learningRates: page.settings.algo === 'sgd' ? parseList($('grid-rates').value, { min: 0.0001, max: 1, name: 'Learning rates' }) : [page.settings.lr],
      iterations: parseList($('grid-iters').value, { integer: true, min: 1, max: 200, name: 'Iterations' })[0],
    };
    const cells = spec.factors.length * spec.regularization.length * spec.learningRates.length;
    if (cells > 64) throw new Error(`${cells} combinations is too many for a page; keep it to 64`);
  } catch (error) {
    showError('grid-error', error.message);
    return;
  }
  cancelQueue();
  await pausePlaying();
  const gridId = ++page.gridId;
  page.busy = true;
  page.gridRunning = true;
  setButtons();
  $('grid-cancel').hidden = false;
  $('grid-progress').value = 0;
  $('grid-progress-text').textContent = 'starting…';
  const settings = page.settings;
  const started = performance.now();
  let lastDrawn = -Infinity;
  try {
    const result = await gridPool.run({
      gridId, data: gridDataRequest(), trainerOptions: trainerOptions(settings), splitOptions: splitOptions(settings), spec,
      workers: page.gridWorkers ?? GridPool.defaultSize(),
      // At most a few redraws a second: with every core training, each
      // repaint of the progress bar is time taken from a worker.
      onProgress: (done, total) => {
        const now = performance.now();
        if (gridId !== page.gridId || (now - lastDrawn < 250 && done < total)) return;
        lastDrawn = now;
        $('grid-progress').max = total;
        $('grid-progress').value = done;
        $('grid-progress-text').textContent = `${done} of ${total} training steps`;
      },
    });
    if (gridId !== page.gridId || !result) return;
    page.gridTiming = { ms: performance.now() - started, workers: result.workers, cells: result.cells.length };
    renderGrid($('grid-result'), result, { metric: settings.metric, algorithm: settings.algo });
    page.lastGrid = { result, algorithm: settings.algo };
    $('grid-progress-text').textContent = `done: ${result.cells.length} models` +
      ` in ${(page.gridTiming.ms / 1000).toFixed(1)} s on ${result.workers} worker${result.workers > 1 ? 's' : ''}`;
  } catch (error) {
    if (gridId === page.gridId) showError('grid-error', error.message);
  } finally {
    if (gridId === page.gridId) {
      page.busy = false;
      page.gridRunning = false;
      $('grid-cancel').hidden = true;
      setButtons();
    }
  }
}

// What a grid worker needs to load the current data set itself.
function gridDataRequest() {
  const key = `${page.datasetKey}#${page.datasetVersion}`;
  if (page.datasetKey === 'upload') {
    return { key, request: { ratingsFile: page.upload.ratingsFile } };
  }
  const d = DATASETS[page.datasetKey];
  return { key, request: { ratingsUrl: new URL(d.ratings, document.baseURI).href } };
}

// The grid workers stop after their current step; the training worker was never involved.
function cancelGrid() {
  gridPool.cancel(page.gridId);
  page.gridId++;
  page.gridRunning = false;
  page.busy = false;
  $('grid-cancel').hidden = true;
  $('grid-progress-text').textContent = 'cancelled';
  setButtons();
}

// ---- the explorer ---------------------------------------------------------------------

function title(id) {
  return page.items.get(id)?.title ?? `Movie ${id}`;
}

function minRatings() {
  const v = Number($('min-ratings').value);
  return Number.isInteger(v) && v >= 1 ? v : 1;
}

function setupExplorers() {
  const byPopularity = [...page.items.values()].sort((a, b) => b.count - a.count || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
  similarBox.setItems(byPopularity);
  rateBox.setItems(byPopularity);
  $('similar-input').value = '';
  $('similar-list').replaceChildren();
  $('similar-caption').textContent = '';
  // A few well-known movies to start with: the most rated ones.
  drawRateList(byPopularity.slice(0, 10).map((it) => it.id));
  $('foldin-list').replaceChildren();
  const genres = new Map();
  for (const it of page.items.values()) for (const g of it.genres) genres.set(g, (genres.get(g) ?? 0) + 1);
  const names = [...genres.keys()].sort();
  for (const [id, preferred] of [['genre-a', 'Children'], ['genre-b', 'Horror']]) {
    const select = $(id);
    select.replaceChildren();
    for (const g of names) {
      const o = document.createElement('option');
      o.value = g;
      o.textContent = `${g} (${genres.get(g)})`;
      select.append(o);
    }
    select.value = names.includes(preferred) ? preferred : names[id === 'genre-a' ? 0 : 1] ?? '';
  }
  $('bias-high').replaceChildren();
  $('bias-low').replaceChildren();
  $('map-caption').textContent = '';
  if (mapChart) {
    mapChart.data.datasets = [];
    mapChart.update('none');
  }
  $('explore-status').textContent = 'Train a model (section 3) to explore it.';
  page.exploreToken = 0;  // nothing explored on this data yet
}

let rateIds = [];

function drawRateList(ids) {
  rateIds = ids;
  const list = $('rate-list');
  list.replaceChildren();
  for (const id of ids) {
    const li = document.createElement('li');
    const selectId = `rate-${id}`;
    const label = document.createElement('label');
    label.htmlFor = selectId;
    label.textContent = title(id);
    const select = document.createElement('select');
    select.id = selectId;
    select.dataset.item = String(id);
    const none = document.createElement('option');
    none.value = '';
    none.textContent = 'not seen';
    select.append(none);
    for (let r = 5; r >= 0.5; r -= 0.5) {
      const o = document.createElement('option');
      o.value = String(r);
      o.textContent = `${'★'.repeat(Math.floor(r))}${r % 1 ? '½' : ''} ${r}`;
      select.append(o);
    }
    select.value = page.myRatings.has(id) ? String(page.myRatings.get(id)) : '';
    select.addEventListener('change', () => {
      if (select.value) page.myRatings.set(id, Number(select.value));
      else page.myRatings.delete(id);
      refreshFoldIn();
    });
    li.append(label, select);
    list.append(li);
  }
}

function fillList(list, entries, format) {
  list.replaceChildren();
  for (const entry of entries) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'title';
    name.textContent = title(entry.id);
    const value = document.createElement('span');
    value.className = 'score';
    value.textContent = format(entry);
    li.append(name, value);
    list.append(li);
  }
}

function modelTag() {
  return { runId: page.runId, epoch: page.epoch };
}

function fresh(tag) {
  return tag.runId === page.runId;
}

async function refreshSimilar() {
  const item = page.similarItem;
  if (!item || page.epoch === 0) return;
  const tag = modelTag();
  try {
    const { items } = await client.request('similar', { itemId: item.id, n: 10, minRatings: minRatings() });
    if (!fresh(tag) || page.similarItem !== item) return;
    $('similar-caption').textContent = `Most similar to ${item.title} (cosine of item factors, model after iteration ${tag.epoch}):`;
    fillList($('similar-list'), items, (e) => e.score.toFixed(3));
  } catch (error) {
    $('similar-caption').textContent = error.message;
    $('similar-list').replaceChildren();
  }
}

async function refreshFoldIn() {
  const list = $('foldin-list');
  if (page.epoch === 0) return;
  if (!page.myRatings.size) {
    list.replaceChildren();
    return;
  }
  const tag = modelTag();
  const ratings = [...page.myRatings.entries()];
  try {
    const { items } = await client.request('recommendFor', { ratings, n: 10, minRatings: minRatings() });
    if (!fresh(tag)) return;
    fillList(list, items, (e) => `score ${e.score.toFixed(2)}`);
  } catch (error) {
    list.replaceChildren();
    const li = document.createElement('li');
    li.textContent = error.message;
    list.append(li);
  }
}

const GENRE_COLORS = ['#d9480f', '#1f6fb2'];

function drawMap(projection) {
  const a = $('genre-a').value, b = $('genre-b').value;
  const groups = [[], [], []];
  projection.ids.forEach((id, n) => {
    const g = page.items.get(id)?.genres ?? [];
    const point = { x: projection.x[n], y: projection.y[n], id };
    if (g.includes(a)) groups[0].push(point);
    else if (g.includes(b)) groups[1].push(point);
    else groups[2].push(point);
  });
  const datasets = [
    { label: 'other movies', data: groups[2], backgroundColor: 'rgba(134, 142, 150, 0.35)', pointRadius: 2, order: 3 },
    { label: b, data: groups[1], backgroundColor: GENRE_COLORS[1], pointRadius: 3, order: 2 },
    { label: a, data: groups[0], backgroundColor: GENRE_COLORS[0], pointRadius: 3, order: 1 },
  ];
  const e = projection.explained;
  if (!mapChart) {
    mapChart = new Chart($('map-canvas'), {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        // Hovering anywhere names the nearest movie: points are small and many.
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { title: { display: true, text: 'first component' }, ticks: { callback: tick } },
          y: { title: { display: true, text: 'second component' }, ticks: { callback: tick } },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const it = page.items.get(ctx.raw.id);
                return it ? `${it.title}${it.genres.length ? ' — ' + it.genres.join(', ') : ''}` : `Movie ${ctx.raw.id}`;
              },
            },
          },
        },
      },
    });
  } else {
    mapChart.data.datasets = datasets;
    mapChart.update('none');
  }
  $('map-caption').textContent = `${thousands(projection.ids.length)} movies with at least ${minRatings()} ratings. ` +
    `The two axes carry ${(100 * e[0]).toFixed(1)} % and ${(100 * e[1]).toFixed(1)} % of the spread of the movie vectors.`;
}

let lastProjection = null;

async function refreshExplore() {
  if (!page.ready || page.epoch === 0) return;
  const token = ++page.exploreToken;
  const tag = modelTag();
  $('explore-status').textContent = `Exploring the model of run #${tag.runId} after iteration ${tag.epoch} (${describe(page.settings)}).`;
  refreshSimilar();
  refreshFoldIn();
  try {
    const result = await client.request('explore', { minRatings: minRatings() });
    if (!fresh(tag) || token !== page.exploreToken) return;
    lastProjection = result.projection;
    drawMap(result.projection);
    if (result.hasBiases) {
      fillList($('bias-high'), result.highest, (e) => `${e.score >= 0 ? '+' : ''}${e.score.toFixed(2)}`);
      fillList($('bias-low'), result.lowest, (e) => `${e.score >= 0 ? '+' : ''}${e.score.toFixed(2)}`);
    } else {
      for (const id of ['bias-high', 'bias-low']) {
        const li = document.createElement('li');
        li.textContent = 'This model was trained without biases.';
        $(id).replaceChildren(li);
      }
    }
    if (page.dataset?.picture) {
      const f = await client.request('factors');
      if (!fresh(tag) || token !== page.exploreToken) return;
      drawFactorPictures(f);
    }
  } catch (error) {
    if (fresh(tag)) $('explore-status').textContent = error.message;
  }
}

function drawFactorPictures(f) {
  const pic = page.dataset.picture;
  const userIndex = new Map(f.userIds.map((id, n) => [id, n]));
  const itemIndex = new Map(f.itemIds.map((id, n) => [id, n]));
  const userOrder = Array.from(pic.rows, (id) => userIndex.get(id));
  const itemOrder = Array.from(pic.cols, (id) => itemIndex.get(id));
  drawRatings($('fig-r'), pic);
  drawFactors($('fig-p'), f.userFactors, userOrder, f.k);
  drawFactors($('fig-q'), f.itemFactors, itemOrder, f.k, { transpose: true });
  drawProduct($('fig-rhat'), f, userOrder, itemOrder, { biases: f.biases });
  // Thin matrices keep a readable width: a few CSS pixels per factor.
  const px = Math.max(2, Math.min(8, Math.round(120 / f.k)));
  $('fig-p').style.width = `${f.k * px}px`;
  $('fig-q').style.height = `${f.k * px}px`;
  $('factor-panel').hidden = false;
}

// ---- worker lifecycle ---------------------------------------------------------------------

// `prefetch`: files the worker starts downloading while the engine compiles.
async function startEngine(prefetch = []) {
  client.start();
  setStatus('Loading the engine…');
  await client.request('init', { prefetch });
  setStatus('Engine ready.');
}

async function restartWorker() {
  $('crash').hidden = true;
  page.ready = false;
  page.busy = false;
  page.playing = false;
  page.runReady = false;
  page.queue = null;
  setButtons();
  client.stop('the worker was restarted');
  try {
    await startEngine();
    if (page.datasetKey === 'upload' && page.upload) {
      await loadDataset({ key: 'upload', name: page.upload.ratingsFile.name, ...page.upload });
    } else {
      await loadBundled(page.settings.data);
    }
  } catch (error) {
    setStatus(`The engine could not start: ${error.message}`);
  }
}

client.on('crash', ({ message }) => {
  page.ready = false;
  page.playing = false;
  page.busy = false;
  page.runReady = false;
  page.gridRunning = false;
  $('grid-cancel').hidden = true;
  setButtons();
  $('crash-message').textContent = message;
  $('crash').hidden = false;
  setStatus('The engine stopped.');
});

// ---- wiring ------------------------------------------------------------------------------

function wire() {
  for (const id of CONTROL_IDS) $(id).addEventListener('change', onControlChange);
  $('settings').addEventListener('submit', (e) => e.preventDefault());
  $('grid-form').addEventListener('submit', (e) => e.preventDefault());
  for (const radio of document.querySelectorAll('input[name="data"]')) {
    radio.addEventListener('change', () => {
      if (radio.value === 'upload' || !radio.checked) return;
      page.settings = { ...page.settings, data: radio.value };
      loadBundled(radio.value);
    });
  }
  for (const radio of document.querySelectorAll('input[name="metric"]')) {
    radio.addEventListener('change', () => {
      page.settings = { ...page.settings, metric: radio.value };
      writeHash();
      chart().setMetric(radio.value);
      updateProgress();
      if (page.lastGrid) renderGrid($('grid-result'), page.lastGrid.result, { metric: radio.value, algorithm: page.lastGrid.algorithm });
    });
  }
  $('load-file').addEventListener('click', loadUpload);
  $('play').addEventListener('click', play);
  $('step').addEventListener('click', step);
  $('reset').addEventListener('click', () => { cancelQueue(); newRun(); });
  $('clear-runs').addEventListener('click', () => chart().clear());
  for (const b of document.querySelectorAll('.preset')) b.addEventListener('click', () => startPreset(b.dataset.preset));
  $('grid-run').addEventListener('click', runGrid);
  $('grid-cancel').addEventListener('click', cancelGrid);
  $('restart').addEventListener('click', restartWorker);
  $('min-ratings').addEventListener('change', refreshExplore);
  $('genre-a').addEventListener('change', () => lastProjection && drawMap(lastProjection));
  $('genre-b').addEventListener('change', () => lastProjection && drawMap(lastProjection));
  $('rate-clear').addEventListener('click', () => {
    page.myRatings.clear();
    drawRateList(rateIds);
    $('foldin-list').replaceChildren();
  });
  similarBox = new Combobox($('similar-input'), $('similar-options'), {
    onSelect: (item) => {
      page.similarItem = item;
      if (page.epoch === 0) $('similar-caption').textContent = 'Train a model first (section 3).';
      else refreshSimilar();
    },
  });
  rateBox = new Combobox($('rate-input'), $('rate-options'), {
    onSelect: (item) => {
      if (!rateIds.includes(item.id)) drawRateList([...rateIds, item.id]);
      $('rate-input').value = '';
      $(`rate-${item.id}`).focus();
    },
  });
}

async function main() {
  const { settings, hidden } = parseHash(location.hash);
  page.settings = settings;
  page.hidden = hidden;
  wire();
  writeControls(settings);
  setButtons();
  // The engine loads in its worker while the page sets itself up, a task at a time.
  const first = DATASETS[settings.data];
  const engine = startEngine(first ? [first.ratings, first.movies].map((f) => new URL(f, document.baseURI).href) : []);
  let loading;
  try {
    // The main thread stays idle while the worker starts: busy, it delays the worker's start-up.
    await engine;
    loading = loadBundled(settings.data);
    await nextTask();  // the request is with the worker: the chart is drawn while it parses
  } catch (error) {
    setStatus(`The engine could not start: ${error.message}`);
  }
  chart();
  await loading;
  revealMath();  // (already under way if the page got ready to train; not, if the engine failed)
}

// For the browser tests: what the chart shows, without reaching into Chart.js.
window.mfcfPage = {
  series: () => chart().series(),
  runs: () => chart().summary(),
  // From the Play click to the end of the last iteration's drawing.
  trainingWindow: () => page.trainingWindow,
  state: () => ({ runId: page.runId, epoch: page.epoch, target: page.target, playing: page.playing, ready: page.ready, busy: page.busy, runReady: page.runReady, last: page.lastPoint }),
  crashWorker: () => client.request('crashForTest'),
  // Grid search: the pool size (tests and bench/), the last run's wall time,
  // and the same grid run by mf.gridSearch in the training worker (reference).
  setGridWorkers: (n) => { page.gridWorkers = n; },
  gridTiming: () => page.gridTiming ?? null,
  lastGrid: () => page.lastGrid?.result ?? null,
  gridReference: (spec) => client.request('gridReference', {
    trainerOptions: trainerOptions(page.settings), splitOptions: splitOptions(page.settings), spec,
  }),
  liveObjects: () => client.request('liveObjects'),
};

main();
