// The page: settings <-> URL hash, the training controls, the learning-curve
// chart, the comparisons, the grid search and the model explorer, each in a
// module of page/ (the state they share in page/store.js). All parsing and
// training happens in the workers (workers/); this file only wires the
// modules together and starts the page.
import { state } from './page/store.js';
import { $, setStatus, nextTask } from './page/dom.js';
import { setButtons } from './page/buttons.js';
import { client, startEngine, wireEngine } from './page/engine.js';
import { startSettings, setSettings } from './page/settings-form.js';
import { loadBundled, loadUpload, reloadDataset } from './page/data-panel.js';
import { trainingHooks, trainingActions, chart, newRun, play, step, updateProgress, speedChanged } from './page/training.js';
import { startPreset, advanceQueue, cancelQueue } from './page/comparisons.js';
import { gridState, wireGrid, cancelGrid, redrawGrid } from './page/grid-panel.js';
import { wireExplorer, refreshExplore, explorerRunStarted } from './page/explorer.js';
import { wireRanking, describeModels } from './page/ranking-panel.js';
import { installTestHooks } from './page/test-hooks.js';
import { wireOpenModel } from './page/open-model.js';
import { revealMath } from './lib/math.js';

Object.assign(trainingHooks, {
  runStarted: explorerRunStarted,
  // A comparison goes on with its next run; otherwise the explorer shows the model.
  stopped: (reason) => {
    if (reason === 'done' && state.queue) advanceQueue();
    else if (reason !== 'error') refreshExplore();
  },
  modelChanged: refreshExplore,
});

// What a change of settings sets off.
const settingsHooks = {
  changed: () => {
    cancelQueue();
    newRun();
    describeModels();
  },
  linkChanged: (dataChanged) => {
    chart().setMetric(state.settings.metric);
    describeModels();
    cancelQueue();
    if (dataChanged) loadBundled(state.settings.data);
    else newRun();
  },
  dataChosen: loadBundled,
  metricChanged: () => {
    chart().setMetric(state.settings.metric);
    updateProgress();
    redrawGrid();
  },
};

// A fresh start, or (after a divergence) a smaller learning rate.
function restart() {
  cancelQueue();
  newRun();
}
Object.assign(trainingActions, {
  reset: restart,
  retry: (lr) => {
    setSettings({ ...state.settings, lr: Number(lr.toPrecision(3)) });
    restart();
  },
});

// The first screen's button: to the chart, and Play.
function quickStart() {
  document.querySelector('.chart-panel').scrollIntoView({ block: 'start' });
  $('play').focus({ preventScroll: true });
  if (!state.playing) play();
}

function wire() {
  $('settings').addEventListener('submit', (e) => e.preventDefault());
  $('load-file').addEventListener('click', loadUpload);
  $('play').addEventListener('click', play);
  $('step').addEventListener('click', step);
  $('reset').addEventListener('click', restart);
  $('quick-start').addEventListener('click', quickStart);
  $('speed').addEventListener('change', speedChanged);
  $('clear-runs').addEventListener('click', () => chart().clear());
  for (const b of document.querySelectorAll('.preset')) b.addEventListener('click', () => startPreset(b.dataset.preset));
  wireGrid();
  wireExplorer();
  wireRanking();
  wireOpenModel();
  // A stopped engine also ends a grid search: nothing holds the page any more.
  wireEngine({ onLost: cancelGrid, reload: reloadDataset });
  installTestHooks({ chart, client, grid: gridState });
}

async function main() {
  wire();
  setButtons();
  let loading;
  try {
    // The engine loads in its worker while the page waits: busy, the main
    // thread delays the worker's start-up. The settings need the library's
    // defaults, which come with it.
    startSettings(await startEngine(), settingsHooks);
    describeModels();
    loading = loadBundled(state.settings.data);
    await nextTask();  // the request is with the worker: the chart is drawn while it parses
  } catch (error) {
    setStatus(`The engine could not start: ${error.message}`);
  }
  chart();
  await loading;
  revealMath();  // (already under way if the page got ready to train; not, if the engine failed)
}

main();
