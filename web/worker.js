// The training worker: parses data, trains, runs grid searches and answers
// questions about the model, so that the page itself never blocks.
//
// Protocol (sql.js style). Requests: { id, action, ...args }. Replies:
// { id, result } or { id, error }. Unrequested messages have a `type`:
//   { type: 'progress', runId, point }      one per training step while playing
//   { type: 'stopped', runId, reason }      the play loop ended ('done' | 'diverged' | 'paused')
//   { type: 'grid-progress', gridId, done, total }
//   { type: 'grid-step', gridId, cell, epoch }  one per step of a grid cell (gridCell)
//   { type: 'fatal', message }              the module is unusable; the page offers a restart
// Every wasm object this worker creates is deleted by it: they are not
// garbage-collected.
import createMfcf from '../wasm/index.js';
import wasmUrl from '../wasm/dist/mfcf-core.wasm?url';
import { parseMovies } from './lib/movies.js';

let mf = null;
const TRANSFER = Symbol('transfer');
// A reply whose buffers move to the page instead of being copied.
const withTransfer = (value, transfer) => ({ [TRANSFER]: transfer, value });
const nums = (list) => Array.from(list, Number);
let dataset = null;  // { key, name, data, movies }
let run = null;      // { runId, settings, split, trainer, epoch, model, modelEpoch, playing, target, last }
const baselineCache = new Map();

function post(message, transfer) {
  self.postMessage(message, transfer ?? []);
}

function freeRun() {
  if (!run) return;
  run.playing = false;
  run.model?.delete();
  run.trainer?.delete();
  run.split?.delete();
  run = null;
}

// ---- data -----------------------------------------------------------------

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response.text();
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// Ratings as the page reads them: the format detected, a duplicate pair or a
// bad line an error naming the line (the previous data set stays).
const parseRatings = (bytes, source) =>
  mf.Dataset.fromCSV(bytes, { format: 'auto', duplicates: 'error', skipBadLines: false, source });

// The rating matrix as a picture for small data sets: users and items sorted
// by how many ratings they have, so the dense corner sits top-left.
// Small enough to draw at one pixel per cell.
const hasPicture = (data) => data.numUsers <= 1000 && data.numItems <= 1000;

function matrixPicture(data) {
  if (!hasPicture(data)) return null;
  const userIds = nums(data.userIds());
  const itemIds = nums(data.itemIds());
  const { users, items, values: ratings } = data.ratings();
  const userCount = new Map(), itemCount = new Map();
  for (let k = 0; k < users.length; k++) {
    userCount.set(users[k], (userCount.get(users[k]) ?? 0) + 1);
    itemCount.set(items[k], (itemCount.get(items[k]) ?? 0) + 1);
  }
  const byCount = (counts) => (a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a - b;
  const rows = userIds.slice().sort(byCount(userCount));
  const cols = itemIds.slice().sort(byCount(itemCount));
  const rowOf = new Map(rows.map((id, n) => [id, n]));
  const colOf = new Map(cols.map((id, n) => [id, n]));
  const values = new Float32Array(rows.length * cols.length).fill(NaN);
  for (let k = 0; k < users.length; k++) values[rowOf.get(users[k]) * cols.length + colOf.get(items[k])] = ratings[k];
  return { rows: Float64Array.from(rows), cols: Float64Array.from(cols), values };
}

async function loadDataset({ key, name, ratingsUrl, moviesUrl, ratingsFile, moviesFile }) {
  // Bytes, not text: the engine reads UTF-8 itself, and copying bytes into
  // its memory is much cheaper than converting a string.
  const ratingsBytes = ratingsFile ? new Uint8Array(await ratingsFile.arrayBuffer()) : await fetchBytes(ratingsUrl);
  const source = ratingsFile ? ratingsFile.name : ratingsUrl.split('/').slice(-2).join('/');
  // Parsing throws an Error naming the line; the previous data set stays.
  const data = parseRatings(ratingsBytes, source);
  let movies = new Map(), moviesSkipped = 0;
  try {
    const moviesText = moviesFile ? await moviesFile.text() : moviesUrl ? await fetchText(moviesUrl) : '';
    ({ movies, skipped: moviesSkipped } = parseMovies(moviesText));
  } catch (error) {
    data.delete();
    throw error;
  }
  const report = data.report ?? {};
  const format = report.format ?? 'csv';

  freeRun();
  dataset?.data.delete();
  dataset = { key, name, data, movies };

  // The movie list goes as columns: thousands of small objects would take
  // the page longer to receive than these few arrays and strings.
  const ids = Float64Array.from(data.itemIds());
  const counts = Uint32Array.from(data.itemCounts());
  const titles = [], genres = [];
  let titled = 0;
  for (const id of ids) {
    const m = movies.get(id);
    if (m) titled++;
    titles.push(m ? m.title.replace(/\n/g, ' ') : `Movie ${id}`);
    genres.push(m ? m.genres.join('|') : '');
  }
  const items = { ids, counts, titles: titles.join('\n'), genres: genres.join('\n') };
  const transfer = [ids.buffer, counts.buffer];
  const result = {
    key, name, source,
    numUsers: data.numUsers, numItems: data.numItems, numRatings: data.numRatings,
    format, lines: report.lines, titled, moviesSkipped,
    items,
    // The picture itself comes from picture(): the run can start without it.
    hasPicture: hasPicture(data),
  };
  return withTransfer(result, transfer);
}

// ---- training ---------------------------------------------------------------

function pointOf(r, wallMs) {
  return {
    epoch: r.epoch, trainMse: r.trainMse, trainRmse: r.trainRmse, trainMae: r.trainMae,
    testMse: r.testMse, testRmse: r.testRmse, testMae: r.testMae,
    objective: r.objective, ms: r.ms, wallMs, status: r.status, message: r.message ?? '',
  };
}

// Reference lines: predict the training mean for everything, and the mean
// plus damped user and item biases (b = sum of residuals / (n + 5), by ALS on
// biases alone: with zero initial factors and a factor penalty the factor
// part stays exactly zero).
function computeBaselines(split) {
  const train = (regBias, steps) => {
    const t = new mf.Trainer(dataset.data, split, {
      algorithm: 'als', factors: 1, iterations: steps, initStd: 0, biases: true,
      regularization: { user: 1, item: 1, userBias: regBias, itemBias: regBias },
      regularizationScaling: 'none', seed: 1,
    });
    try {
      let r;
      for (let n = 0; n < steps; n++) r = t.step();
      return { trainRmse: r.trainRmse, trainMse: r.trainMse, testRmse: r.testRmse, testMse: r.testMse };
    } finally {
      t.delete();
    }
  };
  return { mean: train(1e12, 1), biases: train(5, 5) };
}

function reset({ runId, settings, trainerOptions, splitOptions, splitKey }) {
  if (!dataset) throw new Error('no data set is loaded');
  freeRun();
  const split = dataset.data.split(splitOptions);
  let trainer;
  try {
    trainer = new mf.Trainer(dataset.data, split, trainerOptions);
  } catch (error) {
    split.delete();
    throw error;
  }
  run = { runId, settings, split, trainer, epoch: 0, model: null, modelEpoch: -1, playing: false, target: trainerOptions.iterations, last: null };
  run.baselineKey = `${dataset.key}|${splitKey}`;
  // Baselines not computed yet come from a request of their own (baselines()),
  // so that the run is ready to train without waiting for them.
  return { runId, baselines: baselineCache.get(run.baselineKey) ?? null, numTrain: split.numTrain, numTest: split.numTest };
}

// The two reference lines of the current run's split (null if `runId` is no longer current).
function baselines({ runId }) {
  if (!run || run.runId !== runId) return null;
  if (!baselineCache.has(run.baselineKey)) baselineCache.set(run.baselineKey, computeBaselines(run.split));
  return baselineCache.get(run.baselineKey);
}

function stepOnce() {
  const start = performance.now();
  const r = run.trainer.step();
  const point = pointOf(r, performance.now() - start);
  run.epoch = r.epoch;
  run.last = point;
  return point;
}

function checkRun(runId) {
  if (!run || run.runId !== runId) throw new Error(`run ${runId} is no longer current`);
}

function playLoop(runId) {
  if (!run || run.runId !== runId || !run.playing) return;
  let point;
  try {
    point = stepOnce();
  } catch (error) {
    run.playing = false;
    post({ type: 'stopped', runId, reason: 'error', message: String(error?.message ?? error) });
    fatalIfAborted(error);
    return;
  }
  post({ type: 'progress', runId, point });
  if (point.status === 'diverged') {
    run.playing = false;
    post({ type: 'stopped', runId, reason: 'diverged', message: point.message });
  } else if (run.epoch >= run.target) {
    run.playing = false;
    post({ type: 'stopped', runId, reason: 'done' });
  } else {
    // Yield between steps so that pause and questions about the model get in.
    setTimeout(playLoop, 0, runId);
  }
}

// ---- the model --------------------------------------------------------------

function model() {
  if (!run || run.epoch === 0) throw new Error('train the model for at least one iteration first');
  if (run.modelEpoch !== run.epoch) {
    run.model?.delete();
    run.model = null;
    run.model = run.trainer.model();
    run.modelEpoch = run.epoch;
  }
  return run.model;
}

function scored(list) {
  return Array.from(list, ({ id, score }) => ({ id: Number(id), score }));
}

function explore({ minRatings, listLength = 10 }) {
  const m = model();
  const projection = m.project({ minRatings });
  const ids = nums(m.itemIds());
  const counts = m.itemCounts();
  const biases = m.itemBiases();
  const candidates = [];
  for (let n = 0; n < ids.length; n++) if (counts[n] >= minRatings) candidates.push({ id: ids[n], score: biases[n], count: counts[n] });
  candidates.sort((a, b) => b.score - a.score || a.id - b.id);
  return {
    epoch: run.epoch,
    hasBiases: run.settings.biases,
    projection: { ids: nums(projection.ids), x: Array.from(projection.x), y: Array.from(projection.y), explained: Array.from(projection.explained) },
    highest: candidates.slice(0, listLength),
    lowest: candidates.slice(-listLength).reverse(),
  };
}

function factors() {
  const m = model();
  return {
    epoch: run.epoch,
    k: m.numFactors,
    globalMean: m.globalMean,
    userIds: nums(dataset.data.userIds()),
    itemIds: nums(m.itemIds()),
    userFactors: Float32Array.from(m.userFactors()),
    itemFactors: Float32Array.from(m.itemFactors()),
    userBiases: Float32Array.from(m.userBiases()),
    itemBiases: Float32Array.from(m.itemBiases()),
  };
}

// ---- grid cells (the parallel grid search of lib/grid-pool.js) -------------------
//
// A pool of these workers shares a grid's cells. Each holds its own copy of the
// ratings and trains whole cells step by step with Trainer.step(), exactly as
// mf.gridSearch does, yielding between steps so that a cancel gets in.

let gridData = null;  // { key, data, split, splitKey }
const cancelledGrids = new Set();

// A task boundary without the clamping nested timers get (4 ms each after a few).
const yieldChannel = new MessageChannel();
const yieldWaiting = [];
yieldChannel.port1.onmessage = () => yieldWaiting.shift()?.();
const nextTaskInWorker = () => new Promise((resolve) => {
  yieldWaiting.push(resolve);
  yieldChannel.port2.postMessage(0);
});

async function gridData_({ key, ratingsUrl, ratingsFile, source }) {
  if (gridData?.key === key) return { key, loaded: false };
  const bytes = ratingsFile ? new Uint8Array(await ratingsFile.arrayBuffer()) : await fetchBytes(ratingsUrl);
  const data = parseRatings(bytes, source ?? 'ratings');
  gridData?.split?.delete();
  gridData?.data.delete();
  gridData = { key, data, split: null, splitKey: null };
  return { key, loaded: true };
}

async function gridCell({ gridId, key, cell, trainerOptions, splitOptions, iterations }) {
  if (!gridData || gridData.key !== key) throw new Error('the grid data set is not loaded');
  const splitKey = JSON.stringify(splitOptions);
  if (gridData.splitKey !== splitKey) {
    gridData.split?.delete();
    gridData.split = null;
    gridData.split = gridData.data.split(splitOptions);
    gridData.splitKey = splitKey;
  }
  // As mf.gridSearch: cells are compared by their test error.
  if (gridData.split.numTest === 0) throw new Error('grid search needs a non-empty test set to compare cells');
  const points = [];
  const trainer = new mf.Trainer(gridData.data, gridData.split, trainerOptions);
  try {
    for (let it = 0; it < iterations; it++) {
      if (cancelledGrids.has(gridId)) return { cell, cancelled: true, points };
      const r = trainer.step();
      points.push({ epoch: r.epoch, status: r.status, testMse: r.testMse, testRmse: r.testRmse, trainMse: r.trainMse });
      post({ type: 'grid-step', gridId, cell, epoch: r.epoch });
      if (r.status === 'diverged') break;
      if (it + 1 < iterations) await nextTaskInWorker();
    }
  } finally {
    trainer.delete();
  }
  return { cell, cancelled: false, points };
}

// ---- dispatch ---------------------------------------------------------------

const actions = {
  async init() {
    if (!mf) mf = await createMfcf({ locateFile: () => wasmUrl });
    return { ready: true };
  },
  loadDataset,
  picture() {
    if (!dataset) throw new Error('no data set is loaded');
    const p = matrixPicture(dataset.data);
    return withTransfer(p, p ? [p.rows.buffer, p.cols.buffer, p.values.buffer] : []);
  },
  reset,
  baselines,
  step({ runId }) {
    checkRun(runId);
    run.playing = false;
    return stepOnce();
  },
  play({ runId, target }) {
    checkRun(runId);
    run.target = target;
    if (!run.playing && run.epoch < target) {
      run.playing = true;
      setTimeout(playLoop, 0, runId);
    }
    return { epoch: run.epoch, playing: run.playing };
  },
  pause({ runId }) {
    checkRun(runId);
    run.playing = false;
    return { epoch: run.epoch };
  },
  similar({ itemId, n = 10, minRatings = 1 }) {
    return { epoch: run?.epoch, items: scored(model().similarItems(itemId, { n, minRatings })) };
  },
  recommendFor({ ratings, n = 10, minRatings = 1 }) {
    return { epoch: run?.epoch, items: scored(model().recommendFor(ratings, { n, minRatings })) };
  },
  explore,
  factors,
  gridData: gridData_,
  gridCell,
  grid({ gridId, trainerOptions, splitOptions, spec }) {
    if (!dataset) throw new Error('no data set is loaded');
    if (run) run.playing = false;
    const split = dataset.data.split(splitOptions);
    try {
      const result = mf.gridSearch(dataset.data, split, trainerOptions, spec, (done, total) => {
        post({ type: 'grid-progress', gridId, done, total });
      });
      return {
        gridId,
        best: result.best,
        cells: Array.from(result.cells, (c) => ({
          factors: c.factors, regularization: c.regularization, learningRate: c.learningRate,
          bestIteration: c.bestIteration, bestTestRmse: c.bestTestRmse, bestTestMse: c.bestTestMse,
          diverged: c.diverged, testRmse: Array.from(c.testRmse ?? []),
        })),
      };
    } finally {
      split.delete();
    }
  },
  // Wasm objects not deleted yet (the tests check that runs do not leak).
  liveObjects() {
    return { ...mf.liveObjects(), heapUsedBytes: mf.heapUsedBytes() };
  },
  // Used by the browser tests to check that a crashed worker is reported.
  crashForTest() {
    setTimeout(() => { throw new Error('worker crash requested by a test'); }, 0);
    return { crashing: true };
  },
};

function fatalIfAborted(error) {
  const text = String(error?.message ?? error);
  if (error instanceof WebAssembly.RuntimeError || /^Aborted\b|abort\(/.test(text)) {
    post({ type: 'fatal', message: text });
  }
}

// Requests run one at a time, in order, even when one awaits (a file read):
// a reset must never interleave with the load of another data set. The play
// loop runs between requests, on its own timer.
let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  // A cancel must not wait behind the grid cell it cancels.
  if (event.data?.action === 'gridCancel') {
    cancelledGrids.add(event.data.gridId);
    return;
  }
  queue = queue.then(() => handle(event.data ?? {}));
});

async function handle({ id, action, ...args }) {
  const handler = actions[action];
  try {
    if (!handler) throw new Error(`unknown action '${action}'`);
    if (!mf && action !== 'init') throw new Error('the wasm module is not loaded yet');
    const value = await handler(args);
    if (value && value[TRANSFER]) post({ id, result: value.value }, value[TRANSFER]);
    else post({ id, result: value });
  } catch (error) {
    post({ id, error: String(error?.message ?? error) });
    fatalIfAborted(error);
  }
}

self.addEventListener('unhandledrejection', (event) => {
  post({ type: 'fatal', message: String(event.reason?.message ?? event.reason) });
});
