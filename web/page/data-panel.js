// The data panel (section 1): loading a bundled data set or an uploaded file
// into the worker, its figures, and the picture of its rating matrix.
// Stale-reply token: `loads`. Loads run in the worker in order, and each one
// that succeeds is taken in; only the latest one frees the buttons when it ends.
import { state, Latest, datasetLoaded } from './store.js';
import { $, showError, setStatus, nextTask } from './dom.js';
import { client } from './engine.js';
import { setButtons } from './buttons.js';
import { DATASETS, UPLOAD_MIN_RATINGS, bundledRequest } from './config.js';
import { writeControls, writeHash } from './settings-form.js';
import { chart, newRun, pausePlaying } from './training.js';
import { cancelQueue } from './comparisons.js';
import { setupExplorers } from './explorer.js';
import { rankingDataChanged } from './ranking-panel.js';
import { thousands } from '../lib/format.js';
import { drawRatings } from '../lib/matrix.js';

const loads = new Latest();

// A file's load, phase by phase (the worker's 'loadProgress' messages): shown
// from its first counted byte until its first run is set up.
const PHASES = { count: 'counting its lines', parse: 'parsing', split: 'splitting it into training and test ratings' };
let progressOf = null;  // the name of the file whose progress is shown, or null
function showProgress({ phase, done, total }) {
  if (!progressOf || (phase === 'split' && $('load-progress').hidden)) return;
  const share = total > 0 ? done / total : 1;
  $('load-progress').hidden = false;
  $('load-phase').textContent = `${progressOf}: ${PHASES[phase] ?? phase}`;
  $('load-bar').value = share;
  $('load-percent').textContent = `${Math.floor(100 * share)} %`;
}
function endProgress() {
  progressOf = null;
  $('load-progress').hidden = true;
}
client.on('loadProgress', showProgress);

export const loadBundled = (key) => loadDataset(bundledRequest(key));

export async function loadUpload() {
  const ratingsFile = $('ratings-file').files[0];
  const moviesFile = $('movies-file').files[0] ?? null;
  if (!ratingsFile) {
    showError('data-error', 'Choose a ratings file first.');
    return;
  }
  await loadDataset({ key: 'upload', name: ratingsFile.name, ratingsFile, moviesFile });
}

// The data set of the page again, into a restarted worker.
export function reloadDataset() {
  const { upload } = state;
  if (state.datasetKey === 'upload' && upload) return loadDataset({ key: 'upload', name: upload.ratingsFile.name, ...upload });
  return loadBundled(state.settings.data);
}

// request: bundledRequest(key), or { key: 'upload', name, ratingsFile, moviesFile }.
async function loadDataset(request) {
  cancelQueue();
  await pausePlaying();
  const load = loads.next();
  state.busy = true;
  setButtons();
  showError('data-error', null);
  setStatus(`Loading ${request.name}…`);
  progressOf = request.name;
  let summary = null, started = null;
  try {
    summary = await client.request('loadDataset', request);
    const upload = request.key === 'upload';
    // Earlier runs stay on the chart when the same data comes back (a restarted worker).
    const sameData = !upload && request.key === state.datasetKey;
    datasetLoaded(request, summary);
    $('min-ratings').value = String(upload ? UPLOAD_MIN_RATINGS : DATASETS[request.key].minRatings);
    // The new run is set up in the worker while the page takes in the data set.
    if (!sameData) chart().clear(true, { render: false });
    started = newRun();
    showDataset(summary);
    writeHash();
    state.items = state.datasetItems = itemsFrom(summary.items);
    setStatus(`Engine ready · ${summary.name}: ${thousands(summary.numRatings)} ratings.`);
  } catch (error) {
    // The worker keeps its previous data set; so does the page.
    endProgress();
    showError('data-error', `Could not load ${request.name}: ${error.message}\nThe previous data set is kept.`);
    setStatus(state.dataset ? `Engine ready · ${state.dataset.name} (unchanged)` : 'No data loaded.');
    writeControls(state.settings);
  } finally {
    if (loads.isLatest(load)) {
      state.busy = false;
      setButtons();
    }
  }
  if (summary) {
    // Training can start: the explorers and the matrix picture follow, each in a task of its own.
    await nextTask();
    setupExplorers();
    rankingDataChanged();
    if (summary.hasPicture) drawPicture(summary);
  }
  // (After a failed load, a fresh run on the data set that stays.)
  if (started) {
    await started;
    if (loads.isLatest(load)) endProgress();
  } else if (state.ready) await newRun();
}

// The rating matrix of a small data set, drawn once the worker has made it.
async function drawPicture(summary) {
  try {
    const picture = await client.request('picture');
    if (state.dataset !== summary || !picture) return;
    summary.picture = picture;
    drawRatings($('ratings-canvas'), picture);
  } catch { /* a restarted worker loads the data set again, picture included */ }
}

// The worker sends the movies as columns (see workers/dataset.js, workers/opened.js).
export function itemsFrom({ ids, counts, titles, genres }) {
  const t = titles.split('\n'), g = genres.split('\n');
  const items = new Map();
  for (let n = 0; n < ids.length; n++) {
    items.set(ids[n], { id: ids[n], title: t[n], genres: g[n] ? g[n].split('|') : [], count: counts[n] });
  }
  return items;
}

function showDataset(s) {
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
  $('data-stats').replaceChildren(...rows.flatMap(([k, v]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    return [dt, dd];
  }));
  $('matrix-figure').hidden = !s.hasPicture;
  // The picture's caption names the data on screen.
  const what = state.datasetKey === 'upload' ? `Your file ${s.name}` : s.name[0].toUpperCase() + s.name.slice(1);
  $('matrix-what').textContent = `${what}: ${thousands(s.numUsers)} users × ${thousands(s.numItems)} movies, one pixel per cell`;
  $('ratings-canvas').setAttribute('aria-label', `The rating matrix of ${state.datasetKey === 'upload' ? s.name : `the ${s.name}`}`);
  $('matrix-note').hidden = s.hasPicture;
  $('matrix-note').textContent = s.hasPicture ? '' : `No picture for this data set: at one pixel per cell it would be ${thousands(s.numItems)} × ${thousands(s.numUsers)} pixels, almost all of them white. Choose the dense subset to see one.`;
  $('factor-panel').hidden = true;
  $('data-upload-radio').disabled = state.datasetKey !== 'upload';
  document.querySelector(`input[name="data"][value="${state.datasetKey}"]`).checked = true;
}
