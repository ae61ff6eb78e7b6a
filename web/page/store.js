// The page's state: every field the modules share, declared here, and the
// transitions that change several of them at once. A module writes only the
// fields its own section names; the others it reads.

export const state = {
  // Settings (settings-form.js).
  defaults: null,        // { als, sgd, ials }: mf.defaultOptions() of each algorithm, from the worker
  settings: null,        // see lib/state.js; null until the defaults are in
  hidden: new Set(),     // settings whose control a link hides
  linkCheck: null,       // { replaced }: a link's settings, to check with the engine before its first run
  invalid: new Map(),    // setting -> the engine's message, for each field whose value it refused
  remembered: {},        // { als, sgd, ials }: what each algorithm brings along, as last used

  // Engine (engine.js, data-panel.js, grid-panel.js).
  threads: null,         // { available, max }: the threaded engine runs; the most threads a step uses
  ready: false,          // worker up and a data set loaded
  busy: false,           // a data set load or a grid search holds the page

  // Data set (data-panel.js).
  dataset: null,         // the loaded data set's summary (items, picture, ...)
  datasetKey: null,      // 'dense' | 'small' | 'upload'
  datasetVersion: 0,     // counts loads: tells the grid workers' copies apart
  upload: null,          // { ratingsFile, moviesFile } of the loaded upload
  datasetItems: new Map(),  // its movies: id -> { id, title, genres, count }
  items: new Map(),      // the movies the explorer offers: the data set's, or the opened model's while it is explored

  // The current run (training.js).
  runId: 0,              // its id: messages and replies of other runs are dropped
  runReady: false,       // set up in the worker, ready to train
  pendingRun: null,      // its setting up (a promise of true when ready)
  playing: false,
  epoch: 0,
  target: 0,             // the iteration Play trains to
  diverged: false,       // the run stopped at a divergence: it cannot go on
  hasTest: true,         // its split has test ratings
  lastPoint: null,       // the latest finite point
  lastWall: [],          // the last few points, for the time per iteration

  // A comparison under way (comparisons.js): { name, note, runs, index, results }.
  queue: null,

  // The model the explorer shows (set by training.js, read by explorer.js):
  // { runId, epoch, name, label } of the last run that finished a good iteration,
  // or { runId, name, label, opened: true } of a model opened from files.
  explored: null,

  // The model opened from files (open-model.js): the worker's reply to
  // openModel (runId, name, kind, source, numItems, hasCounts...), until
  // another data set loads.
  opened: null,
};

// The training worker stopped (crashed, or restarted by the visitor): nothing
// is loaded, nothing plays, no comparison goes on.
export function engineLost() {
  Object.assign(state, { ready: false, busy: false, playing: false, runReady: false, queue: null });
}

// The worker took in a data set: `summary` is its reply to loadDataset(request).
export function datasetLoaded(request, summary) {
  const upload = request.key === 'upload';
  Object.assign(state, {
    dataset: summary, datasetKey: request.key, datasetVersion: state.datasetVersion + 1, ready: true, explored: null, opened: null,
    upload: upload ? { ratingsFile: request.ratingsFile, moviesFile: request.moviesFile } : null,
    settings: upload ? state.settings : { ...state.settings, data: request.key },
  });
}

// A model opened from files becomes the explored one, with its movies (`items`).
export function modelOpened(summary, items) {
  Object.assign(state, {
    opened: summary, items,
    explored: { runId: summary.runId, name: summary.name, label: summary.label, opened: true },
  });
}

// A run's model becomes the explored one (`tag`: { runId, epoch, name, label });
// after an opened model, the explorer offers the data set's movies again.
export function exploreRun(tag) {
  if (state.explored?.opened) state.items = state.datasetItems;
  state.explored = tag;
}

// A new run that trains to `target` iterations; returns its id.
export function runStarted(target) {
  Object.assign(state, {
    runId: state.runId + 1, runReady: false, epoch: 0, target, lastPoint: null, lastWall: [], diverged: false, hasTest: true,
  });
  return state.runId;
}

// A counter for one asynchronous flow: each request takes a new token, and a
// reply is wanted only while its token is the latest.
export class Latest {
  constructor() {
    this.token = 0;
  }

  next() {
    return ++this.token;
  }

  isLatest(token) {
    return token === this.token;
  }

  // Makes every reply in flight unwanted.
  drop() {
    this.token++;
  }
}
