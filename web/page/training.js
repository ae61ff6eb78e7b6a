// Training the current run: setting it up in the worker, Play, Pause and
// Step, the progress line, the table of points and the learning-curve chart.
// Stale-reply token: state.runId. Every run has a new one; a reply or pushed
// message of another run is dropped (its chart line is gone).
import { state, runStarted } from './store.js';
import { $, showError } from './dom.js';
import { client } from './engine.js';
import { setButtons } from './buttons.js';
import { showResolved } from './settings-form.js';
import { LearningCurves } from '../lib/curves.js';
import { trainerOptions, splitOptions, splitKey, describe } from '../lib/state.js';

// What training sets off elsewhere (main.js fills these in): a run started,
// the play loop stopped by itself ('done', 'diverged' or 'error'), a model
// that Pause or Step left.
export const trainingHooks = { runStarted() {}, stopped() {}, modelChanged() {} };

let curves = null;
// The learning-curve chart, made on first use: at start-up that is while the
// worker parses the data (see main.js).
export function chart() {
  if (!curves) {
    curves = new LearningCurves($('curve-canvas'));
    if (state.settings) curves.setMetric(state.settings.metric);
  }
  return curves;
}

// Starts a new run; state.pendingRun lets a Play pressed meanwhile wait for it
// (typing a value and clicking Play fires the field's change first).
export function newRun() {
  state.pendingRun = startRun();
  return state.pendingRun;
}

async function startRun() {
  if (!state.ready) return false;
  if (state.playing) {
    state.playing = false;
    client.request('pause', { runId: state.runId }).catch(() => {});
  }
  const settings = state.settings;
  const runId = runStarted(settings.iters);
  chart().startRun(runId, describe(settings));
  $('curve-table').tBodies[0].replaceChildren();
  trainingHooks.runStarted();
  updateProgress();
  showError('train-error', null);
  setButtons();
  try {
    const result = await client.request('reset', {
      runId, trainerOptions: trainerOptions(settings), splitOptions: splitOptions(settings), splitKey: splitKey(settings),
    });
    if (runId !== state.runId) return false;
    state.runReady = true;
    showResolved(result.options);
    // Baselines the worker has not computed yet follow: training can start without them.
    chart().setBaselines(result.baselines);
    setButtons();
    if (!result.baselines) {
      client.request('baselines', { runId }).then((b) => {
        if (b && runId === state.runId) chart().setBaselines(b);
      }, () => {});  // a restarted worker: the run is set up again
    }
    return true;
  } catch (error) {
    if (runId !== state.runId) return false;
    showError('train-error', error.message);
    setButtons();
    return false;
  }
}

export function updateProgress() {
  const bar = $('progress');
  bar.max = Math.max(state.target, 1);
  bar.value = Math.min(state.epoch, state.target);
  const p = state.lastPoint;
  let text = state.epoch === 0 ? 'not started' : `iteration ${state.epoch} of ${state.target}`;
  if (p) {
    // Averages over the last few iterations: single timings jitter.
    const mean = (key) => state.lastWall.reduce((sum, q) => sum + q[key], 0) / state.lastWall.length;
    text += ` · ${mean('wallMs').toFixed(0)} ms per iteration (${mean('ms').toFixed(0)} ms training, the rest measuring the error)`;
  }
  $('progress-text').textContent = text;
  const metric = state.settings.metric;
  const m = metric === 'mse' ? 'Mse' : 'Rmse';
  $('readout').textContent = p ? `train ${metric.toUpperCase()} ${p[`train${m}`].toFixed(4)} · test ${metric.toUpperCase()} ${p[`test${m}`].toFixed(4)}` : '';
}

function addPoint(point) {
  state.epoch = point.epoch;
  if (point.status === 'diverged') {
    showError('train-error', `Training stopped at iteration ${point.epoch}: ${point.message || 'the model diverged'}. ` +
      'The model of the previous iteration is kept; try a smaller learning rate or more regularization.');
  } else {
    state.lastPoint = point;
    state.lastWall.push(point);
    if (state.lastWall.length > 5) state.lastWall.shift();
    const row = document.createElement('tr');
    for (const v of [point.epoch, point.trainRmse, point.testRmse, point.trainMse, point.testMse, point.ms]) {
      const td = document.createElement('td');
      td.textContent = Number.isInteger(v) ? String(v) : v.toFixed(v > 50 ? 0 : 4);
      row.append(td);
    }
    $('curve-table').tBodies[0].append(row);
  }
  chart().addPoint(state.runId, point);
  updateProgress();
}

function endTrainingWindow() {
  if (state.trainingWindow) state.trainingWindow.end = performance.now();
}

client.on('progress', ({ runId, point }) => {
  if (runId === state.runId) addPoint(point);
});

client.on('stopped', ({ runId, reason, message }) => {
  if (runId !== state.runId) return;
  state.playing = false;
  endTrainingWindow();
  setButtons();
  if (reason === 'error') showError('train-error', message);
  trainingHooks.stopped(reason);
});

export async function play() {
  if (!state.runReady && state.pendingRun) await state.pendingRun;
  if (!state.runReady) return;
  if (state.playing) {
    await pausePlaying();
    trainingHooks.modelChanged();
    return;
  }
  if (state.epoch >= state.target) state.target = state.epoch + state.settings.iters;
  state.playing = true;
  state.trainingWindow = { start: performance.now(), end: null };
  setButtons();
  updateProgress();
  try {
    await client.request('play', { runId: state.runId, target: state.target });
  } catch (error) {
    state.playing = false;
    showError('train-error', error.message);
    setButtons();
  }
}

export async function pausePlaying() {
  if (!state.playing) return;
  state.playing = false;
  endTrainingWindow();
  setButtons();
  try {
    await client.request('pause', { runId: state.runId });
  } catch { /* the run is gone already */ }
}

export async function step() {
  if (!state.runReady || state.playing) return;
  const runId = state.runId;
  try {
    const point = await client.request('step', { runId });
    if (runId !== state.runId) return;
    if (state.epoch >= state.target) state.target = point.epoch;
    addPoint(point);
    setButtons();
    trainingHooks.modelChanged();
  } catch (error) {
    if (runId === state.runId) showError('train-error', error.message);
  }
}
