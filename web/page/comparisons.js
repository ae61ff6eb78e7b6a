// The ready-made comparisons: a preset's runs trained one after the other on
// the same chart, and for some a summary of their final errors.
// Stale-reply token: the queue object itself (state.queue). A new preset, a
// changed setting or a new data set replaces or clears it; a run that ends
// for a queue no longer current starts nothing.
import { state } from './store.js';
import { $ } from './dom.js';
import { PRESETS } from './config.js';
import { setSettings } from './settings-form.js';
import { chart, newRun, play, pausePlaying, showChartNote } from './training.js';
import { refreshExplore } from './explorer.js';
import { withAlgorithm, normalize, describe } from '../lib/state.js';

export async function startPreset(name) {
  const preset = PRESETS[name];
  await pausePlaying();
  chart().clear(true);
  state.queue = { name, note: preset.note, runs: preset.runs, index: -1, results: [] };
  showChartNote();
  if (preset.summary) {
    $('zero-list').replaceChildren();
    $('zero-summary').textContent = 'Training…';
  }
  advanceQueue();
}

// The next run of the queue, once the previous one has trained.
export async function advanceQueue() {
  const q = state.queue;
  if (!q) return;
  if (q.index >= 0 && state.lastPoint) q.results.push({ settings: state.settings, point: state.lastPoint });
  q.index++;
  if (q.index >= q.runs.length) {
    finishQueue(q);
    return;
  }
  const run = q.runs[q.index];
  setSettings(normalize({ ...withAlgorithm(state.settings, run.algo, state.defaults), ...run }));
  const ok = await newRun();
  if (!ok || state.queue !== q) return;
  await play();
}

function finishQueue(q) {
  // (Its note stays on the chart until the next run.)
  state.queue = null;
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

export function cancelQueue() {
  if (!state.queue) return;
  state.queue = null;
  $('chart-note').textContent = 'Comparison stopped: a setting changed.';
}
