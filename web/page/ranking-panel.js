// Section 6, "Predicting ratings is not recommending": the explicit model of
// section 3 (ALS or SGD) and implicit ALS trained on the same split, each in
// a ranking worker of its own (workers/ranking-worker.js) so that both train
// at once, then measured both ways: test RMSE and the top-10 lists
// (mf.evaluateRanking) against the most popular movies and the damped mean
// rating. The views are page/ranking-view.js's; the models stay in their
// workers for a user's top 10 and for "Rate some movies yourself"
// (page/rate-model.js asks them through comparisonModels()).
// Stale-reply token: `comparisons`. A new comparison, Cancel, or another
// data set makes the replies and pushed points of the previous one unwanted.
import { state, Latest } from './store.js';
import { $, showError } from './dom.js';
import { bundledRequest } from './config.js';
import { WorkerClient } from '../lib/client.js';
import { RankingChart } from '../lib/ranking-chart.js';
import { trainerOptions, splitOptions, withAlgorithm, describe } from '../lib/state.js';
import { drawTable, drawCost, drawTops, clearTops, modelName } from './ranking-view.js';

// Per-iteration ranking metrics only while one evaluation costs at most this
// (ml-latest-small: 100-500 ms in a browser, the two workers sharing the
// cores; a larger upload: seconds).
const BUDGET_MS = 1000;
const KINDS = ['explicit', 'implicit'];

const comparisons = new Latest();
const workers = { explicit: null, implicit: null };  // WorkerClient of each kind, started on first use
let chart = null;
let userIds = [];  // the comparison data set's raw user ids, sorted

// Read by rate-model.js and the test hooks: the finished comparison, or null;
// hooks.finished() runs when one finishes (rate-model.js fills it in).
export const rankingState = { result: null, running: false, hooks: { finished() {} } };

const newWorker = () => new Worker(new URL('../workers/ranking-worker.js', import.meta.url), { type: 'module' });

// The settings each model trains with: section 3's for its algorithm,
// otherwise the other algorithm's as last used (or its defaults).
export function modelSettings(kind) {
  const s = state.settings;
  if (kind === 'implicit') return s.algo === 'ials' ? s : withAlgorithm(s, 'ials', state.defaults, state.remembered);
  return s.algo !== 'ials' ? s : withAlgorithm(s, 'als', state.defaults, state.remembered);
}

// What a ranking worker needs to load the current data set itself.
function dataRequest() {
  const key = `${state.datasetKey}#${state.datasetVersion}`;
  if (state.datasetKey === 'upload') return { key, request: { ratingsFile: state.upload.ratingsFile } };
  const { ratingsUrl, binUrl } = bundledRequest(state.datasetKey);
  return { key, request: { ratingsUrl, binUrl } };
}

async function worker(kind) {
  if (workers[kind]) return workers[kind];
  const client = new WorkerClient(newWorker);
  client.start();
  client.on('rank-step', ({ rankId, point }) => {
    if (comparisons.isLatest(rankId)) stepped(kind, point);
  });
  client.on('crash', ({ message }) => {
    workers[kind] = null;
    if (rankingState.result) rankingState.result = null;
    showError('rank-error', `The ${kind} model's worker stopped: ${message}. Run the comparison again.`);
    finish();
  });
  workers[kind] = client;
  await client.request('init');
  return client;
}

const progress = { explicit: 0, implicit: 0, total: { explicit: 1, implicit: 1 } };
function showProgress() {
  const done = progress.explicit + progress.implicit, total = progress.total.explicit + progress.total.implicit;
  $('rank-progress').max = total;
  $('rank-progress').value = done;
  $('rank-progress-text').textContent = rankingState.running ? `${done} of ${total} iterations` : '';
}

function stepped(kind, point) {
  progress[kind] = point.epoch;
  showProgress();
  chart.addPoint(kind, point);
}

// The sentence above the button: which two models, with which settings.
export function describeModels() {
  const text = `Explicit: ${describe(modelSettings('explicit'))}. Implicit: ${describe(modelSettings('implicit'))}. ` +
    'Each with the settings of section 3 for its algorithm (choose it there to change them), on the test set of section 3.';
  $('rank-models').textContent = text;
}

function finish() {
  rankingState.running = false;
  $('rank-run').disabled = !state.ready;
  $('rank-cancel').hidden = true;
  showProgress();
}

async function runComparison() {
  if (!state.ready) return;
  const rankId = comparisons.next();
  const data = dataRequest();
  const version = state.datasetVersion;
  const settings = { explicit: modelSettings('explicit'), implicit: modelSettings('implicit') };
  const perIteration = $('rank-every').checked;
  rankingState.running = true;
  rankingState.result = null;
  $('rank-run').disabled = true;
  $('rank-cancel').hidden = false;
  showError('rank-error', null);
  for (const kind of KINDS) {
    progress[kind] = 0;
    progress.total[kind] = settings[kind].iters;
  }
  showProgress();
  chart ??= new RankingChart($('rank-canvas'));
  chart.start({ explicit: modelName(settings.explicit), implicit: modelName(settings.implicit) });
  clearTops();
  try {
    const results = await Promise.all(KINDS.map(async (kind) => {
      const client = await worker(kind);
      const loaded = await client.request('rankData', { key: data.key, ...data.request });
      if (loaded.userIds) userIds = Array.from(loaded.userIds).sort((a, b) => a - b);
      return client.request('rankTrain', {
        rankId, key: data.key, trainerOptions: trainerOptions(settings[kind]), splitOptions: splitOptions(settings[kind]),
        perIteration, budgetMs: BUDGET_MS, baselines: kind === 'explicit',
      });
    }));
    if (!comparisons.isLatest(rankId) || results.some((r) => r.cancelled)) return;
    const [explicit, implicit] = results;
    const result = { rankId, key: data.key, version, settings, explicit, implicit, baselines: explicit.baselines, userIds };
    rankingState.result = result;
    drawTable(result);
    drawCost(result, perIteration);
    chart.setFinal({
      popularity: { label: 'most popular', ndcg: result.baselines.popularity.ndcg },
      dampedMean: { label: `damped mean rating (d = ${result.baselines.dampedMean.damping})`, ndcg: result.baselines.dampedMean.ndcg },
      raw: { label: `${modelName(settings.explicit)} by predicted rating`, epoch: explicit.last.epoch, ndcg: explicit.raw.ndcg },
    });
    const input = $('rank-user');
    if (!userIds.includes(Number(input.value))) input.value = String(userIds[0] ?? '');
    finish();
    rankingState.hooks.finished();
    await showTops();
  } catch (error) {
    if (!comparisons.isLatest(rankId)) return;
    showError('rank-error', error.message);
    finish();
  }
}

function cancelComparison() {
  const rankId = comparisons.token;
  comparisons.drop();
  for (const kind of KINDS) workers[kind]?.request('rankCancel', { rankId }).catch(() => {});
  finish();
  $('rank-progress-text').textContent = 'cancelled';
}

// The top 10 of the user in the id field, from each model side by side.
async function showTops() {
  const result = rankingState.result;
  showError('rank-user-error', null);
  if (!result) return;
  const text = $('rank-user').value.trim();
  const userId = Number(text);
  if (!text || !result.userIds.includes(userId)) {
    const range = result.userIds.length ? ` (ids ${result.userIds[0]} to ${result.userIds.at(-1)})` : '';
    showError('rank-user-error', `User id: '${text}' is not a user of this data set${range}.`);
    $('rank-user').setAttribute('aria-invalid', 'true');
    return;
  }
  $('rank-user').setAttribute('aria-invalid', 'false');
  try {
    const [explicit, implicit] = await Promise.all(KINDS.map((kind) => workers[kind].request('rankTop', { rankId: result.rankId, key: result.key, userId })));
    if (rankingState.result === result) drawTops(result, userId, explicit, implicit);
  } catch (error) {
    if (rankingState.result === result) showError('rank-user-error', error.message);
  }
}

// The finished comparison's models, best NDCG@10 first, while they belong to
// the loaded data set: [{ kind, name, ndcg, foldIn(ratings, { n, minRatings }) }].
export function comparisonModels() {
  const r = rankingState.result;
  if (!r || r.version !== state.datasetVersion) return [];
  return KINDS.map((kind) => ({
    kind, name: modelName(r.settings[kind]), ndcg: r[kind].metrics.ndcg,
    foldIn: (ratings, options) => workers[kind].request('rankFoldIn', { rankId: r.rankId, ratings, ...options }),
  })).sort((a, b) => b.ndcg - a.ndcg);
}

// Another data set: the comparison was of the previous one.
export function rankingDataChanged() {
  if (rankingState.running) cancelComparison();
  rankingState.result = null;
  clearTops();
  $('rank-progress-text').textContent = '';
  $('rank-run').disabled = !state.ready;
  describeModels();
  rankingState.hooks.finished();
}

export function wireRanking() {
  $('rank-run').addEventListener('click', runComparison);
  $('rank-cancel').addEventListener('click', cancelComparison);
  $('rank-user-show').addEventListener('click', showTops);
  $('rank-user').addEventListener('change', showTops);
  $('rank-random').addEventListener('click', () => {
    const ids = rankingState.result?.userIds ?? [];
    if (!ids.length) return;
    $('rank-user').value = String(ids[Math.floor(Math.random() * ids.length)]);
    showTops();
  });
}

// What the tests read (test-hooks.js).
export const rankingHooks = {
  chart: () => chart?.series() ?? [],
  result: () => rankingState.result && {
    settings: rankingState.result.settings, explicit: rankingState.result.explicit, implicit: rankingState.result.implicit,
    baselines: rankingState.result.baselines, options: { explicit: trainerOptions(rankingState.result.settings.explicit), implicit: trainerOptions(rankingState.result.settings.implicit) },
    split: splitOptions(rankingState.result.settings.explicit),
  },
  running: () => rankingState.running,
};
