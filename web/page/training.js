// Training the current run: setting it up in the worker, Play, Pause and
// Step (at full speed or in slow motion), the progress line, the table of
// points and the learning-curve chart with its run list.
// Stale-reply token: state.runId. Every run has a new one; a reply or pushed
// message of another run is dropped (its chart line is gone).
import { state, runStarted, exploreRun } from './store.js';
import { $, showError } from './dom.js';
import { client } from './engine.js';
import { setButtons } from './buttons.js';
import { showResolved, checkLink, checkSettings } from './settings-form.js';
import { drawRunList } from './run-list.js';
import { LearningCurves } from '../lib/curves.js';
import { trainerOptions, splitOptions, splitKey, describe } from '../lib/state.js';

// What training sets off elsewhere (main.js fills these in): a run started,
// the play loop stopped by itself ('done', 'diverged' or 'error'), a model
// that Pause or Step left.
export const trainingHooks = { runStarted() {}, stopped() {}, modelChanged() {} };

// Slow motion: the pause between two iterations, so that the curve visibly grows.
export const SPEEDS = { slow: 400, fast: 0 };
const delayMs = () => SPEEDS[$('speed').value] ?? 0;

let curves = null;
// The learning-curve chart, made on first use: at start-up that is while the
// worker parses the data (see main.js).
export function chart() {
  if (!curves) {
    curves = new LearningCurves($('curve-canvas'), { onChange: () => drawRunList(curves, state.settings?.metric ?? 'rmse') });
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

let runChecks = 0;  // the latest run's check (a newer run makes an older one's moot)
async function startRun() {
  if (!state.ready) return false;
  if (state.playing) {
    state.playing = false;
    client.request('pause', { runId: state.runId }).catch(() => {});
  }
  // A link's values are checked by the engine before its first run; any
  // settings, before they run on a new data set (factors = 20 is too many
  // for a file of 2 ratings): the engine's message goes next to the field.
  if (state.linkCheck) await checkLink();
  const token = ++runChecks;
  const ok = await checkSettings();
  if (token !== runChecks) return false;
  const settings = state.settings;
  const runId = runStarted(settings.iters);
  chart().startRun(runId, describe(settings));
  // The baselines belong to the data this run sees: they come back with it.
  chart().setBaselines(null);
  $('curve-table').tBodies[0].replaceChildren();
  trainingHooks.runStarted();
  updateProgress();
  showError('train-error', null);
  setButtons();
  if (!ok) return false;
  try {
    const result = await client.request('reset', {
      runId, trainerOptions: trainerOptions(settings), splitOptions: splitOptions(settings), splitKey: splitKey(settings),
    });
    if (runId !== state.runId) return false;
    state.runReady = true;
    state.hasTest = result.numTest > 0;
    showResolved(result.options);
    chart().setBaselines(result.baselines);
    showChartNote();
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

// What the chart shows beyond its lines: a comparison's note, or that there is no test set.
export function showChartNote() {
  const implicit = state.settings.algo === 'ials' ? 'Implicit ALS predicts whether a movie gets rated at all (a preference near 1 or 0), not a rating, ' +
    'so a rating error means nothing for it: its dotted line, on the right axis, is the weighted loss it minimises (section 6 measures it by ranking).' : '';
  const note = state.hasTest ? (state.queue?.note ?? implicit) :
    `This data set is too small for a test set (${describe(state.settings)} keeps every rating for training): ` +
    'the chart draws the training error only, and there are no baselines to compare with.';
  $('chart-note').textContent = note || $('chart-note').dataset.default;
}

const fmt = (v, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

export function updateProgress() {
  const bar = $('progress');
  bar.max = Math.max(state.target, 1);
  bar.value = Math.min(state.epoch, state.target);
  const p = state.lastPoint;
  let text = state.epoch === 0 ? `not started: Play trains ${state.target} iterations` : `iteration ${state.epoch} of ${state.target}`;
  if (p && state.lastWall.length) {
    // Averages over the last few iterations: single timings jitter.
    const mean = (key) => state.lastWall.reduce((sum, q) => sum + q[key], 0) / state.lastWall.length;
    const wall = mean('wallMs'), train = mean('ms'), rest = wall - train;
    text += ` · ${wall.toFixed(0)} ms per iteration` + (rest >= 1 ? ` (${train.toFixed(0)} ms training, ${rest.toFixed(0)} ms measuring the error)` : '');
  }
  if (!state.playing && state.epoch > 0 && state.epoch >= state.target && !state.diverged) {
    text += ` · done; Continue trains ${state.settings.iters} more from here`;
  }
  $('progress-text').textContent = text;
  const metric = state.settings.metric;
  const m = metric === 'mse' ? 'Mse' : 'Rmse';
  const unit = metric === 'mse' ? 'stars²' : 'stars';
  const name = metric.toUpperCase();
  if (p && p.trainRmse === null) {
    $('readout').textContent = `weighted loss ${p.objective.toPrecision(6)} (implicit ALS predicts no ratings: no ${name})`;
    return;
  }
  $('readout').textContent = !p ? '' : `train ${name} ${fmt(p[`train${m}`])} ${unit} · ` +
    (p[`test${m}`] === null ? 'no test set' : `test ${name} ${fmt(p[`test${m}`])} ${unit}`);
}

// The engine's message up to its first full stop, e.g. "Training diverged at
// iteration 1: the model's values became infinite or NaN; try a smaller learning rate (now 1)."
function divergedText(point) {
  const first = (point.message || `training diverged at iteration ${point.epoch}`).split('. ')[0].replace(/\.$/, '');
  return `${first[0].toUpperCase()}${first.slice(1)}.`;
}

function addPoint(point) {
  state.epoch = point.epoch;
  if (point.status === 'diverged') {
    state.diverged = true;
    showError('train-error', divergedText(point));
    $('train-error').append(divergedActions());
  } else {
    state.lastPoint = point;
    // The explorer's model from now on (explorer.js): this run has learned something.
    const run = chart().current();
    exploreRun({ runId: state.runId, epoch: point.epoch, name: `run #${run.number}`, label: run.label });
    state.lastWall.push(point);
    if (state.lastWall.length > 5) state.lastWall.shift();
    const row = document.createElement('tr');
    const cells = [String(point.epoch), fmt(point.trainRmse), fmt(point.testRmse), fmt(point.trainMse), fmt(point.testMse),
      Number.isFinite(point.objective) ? point.objective.toPrecision(6) : '—', point.ms.toFixed(1)];
    for (const v of cells) row.append(Object.assign(document.createElement('td'), { textContent: v }));
    $('curve-table').tBodies[0].append(row);
  }
  chart().addPoint(state.runId, point);
  updateProgress();
}

// After a divergence: a smaller learning rate (SGD) or a fresh start, never "Resume".
export const trainingActions = { retry() {}, reset() {} };
function divergedActions() {
  const box = document.createElement('span');
  box.className = 'error-actions';
  const button = (label, title, action) => {
    const b = Object.assign(document.createElement('button'), { type: 'button', textContent: label, title });
    b.addEventListener('click', action);
    box.append(b);
  };
  if (state.settings.algo === 'sgd') {
    const lr = state.settings.lr / 4;
    button(`Set η = ${Number(lr.toPrecision(3))}, then Play`, 'Starts a new run with a learning rate four times smaller; Play trains it', () => trainingActions.retry(lr));
  }
  button('Reset', 'A new run with the same settings, from a fresh random start', () => trainingActions.reset());
  return box;
}

client.on('progress', ({ runId, point }) => {
  if (runId === state.runId) addPoint(point);
});

client.on('stopped', ({ runId, reason, message }) => {
  if (runId !== state.runId) return;
  state.playing = false;
  setButtons();
  updateProgress();
  if (reason === 'error') showError('train-error', message);
  trainingHooks.stopped(reason);
});

export async function play() {
  await state.pendingRun;
  if (!state.runReady || state.diverged || state.invalid.size) return;
  if (state.playing) {
    await pausePlaying();
    trainingHooks.modelChanged();
    return;
  }
  if (state.epoch >= state.target) state.target = state.epoch + state.settings.iters;
  state.playing = true;
  setButtons();
  updateProgress();
  try {
    await client.request('play', { runId: state.runId, target: state.target, delayMs: delayMs() });
  } catch (error) {
    state.playing = false;
    showError('train-error', error.message);
    setButtons();
  }
}

// A speed chosen while the run plays applies from its next iteration.
export function speedChanged() {
  if (state.playing) client.request('speed', { runId: state.runId, delayMs: delayMs() }).catch(() => {});
}

export async function pausePlaying() {
  if (!state.playing) return;
  state.playing = false;
  setButtons();
  try {
    await client.request('pause', { runId: state.runId });
  } catch { /* the run is gone already */ }
}

export async function step() {
  if (!state.runReady || state.playing || state.diverged) return;
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
