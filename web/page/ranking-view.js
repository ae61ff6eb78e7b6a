// Section 6's views (page/ranking-panel.js runs the comparison): the table of
// every scorer's test RMSE and top-10 metrics, what one ranking evaluation
// costs, and one user's top 10 of each model side by side.
import { state } from './store.js';
import { $ } from './dom.js';
import { thousands } from '../lib/format.js';
import { ALGORITHM_NAMES } from '../lib/state.js';

export const modelName = (settings) => ALGORITHM_NAMES[settings.algo];
const fixed = (v) => (Number.isFinite(v) ? v.toFixed(3) : '—');
const title = (id) => state.datasetItems.get(id)?.title ?? `Movie ${id}`;

function cell(tag, text, extra = {}) {
  return Object.assign(document.createElement(tag), { textContent: text, ...extra });
}

// One row: the scorer, its test RMSE (or why it has none) and its metrics.
function row(scorer, name, rmse, metrics, why) {
  const tr = document.createElement('tr');
  tr.dataset.scorer = scorer;
  tr.append(cell('th', name, { scope: 'row' }));
  const r = cell('td', Number.isFinite(rmse) ? rmse.toFixed(3) : '—');
  r.dataset.metric = 'rmse';
  if (why) r.title = why;
  tr.append(r);
  for (const key of ['ndcg', 'precision', 'recall', 'coverage']) {
    const td = cell('td', fixed(metrics[key]));
    td.dataset.metric = key;
    tr.append(td);
  }
  return tr;
}

export function drawTable(result) {
  const { explicit, implicit, baselines, settings } = result;
  const name = modelName(settings.explicit);
  const rows = [
    row('popularity', 'most popular', null, baselines.popularity, 'ranks by number of ratings; predicts no rating'),
    row('dampedMean', `damped mean (d = ${baselines.dampedMean.damping})`, null, baselines.dampedMean, 'the same list for everyone; not scored as a rating model'),
    row('raw', `${name} by rating`, explicit.last.testRmse, explicit.raw),
    row('explicit', `${name} shrunk`, explicit.last.testRmse, explicit.metrics),
    row('implicit', 'implicit ALS', null, implicit.metrics, 'predicts a preference (near 1: rated, near 0: not), not a rating: no RMSE'),
  ];
  const best = rows.reduce((a, b) => (Number(b.querySelector('[data-metric="ndcg"]').textContent) > Number(a.querySelector('[data-metric="ndcg"]').textContent) ? b : a));
  best.classList.add('best');
  $('rank-table').tBodies[0].replaceChildren(...rows);
  $('rank-table-note').textContent = `"${name} by rating": its top 10 by predicted rating; "shrunk": as the library ranks it, each movie's ` +
    `own part shrunk the fewer ratings back it. ${thousands(explicit.metrics.usersEvaluated)} users with a test rating of 4 stars or more ` +
    'are evaluated; RMSE only where the model predicts ratings (point at a dash for why). Highlighted: the best NDCG@10.';
}

export function drawCost(result, perIteration) {
  const { explicit, implicit, settings } = result;
  const ms = Math.min(explicit.costMs, implicit.costMs);
  const per = (r) => (r.stepMs > 0 ? r.costMs / r.stepMs : Infinity);
  const steps = (r, s) => `${per(r) < 10 ? per(r).toFixed(1) : Math.round(per(r))} ${modelName(s)} iterations (${r.stepMs.toFixed(0)} ms each)`;
  let text = `One ranking evaluation of this split takes ${ms.toFixed(0)} ms here: it scores all ${thousands(explicit.numItems)} movies for ` +
    `each of the ${thousands(explicit.metrics.usersEvaluated)} evaluated users and keeps the top 10; as long as ` +
    `${steps(explicit, settings.explicit)} or ${steps(implicit, settings.implicit)}. `;
  const every = explicit.perIteration && implicit.perIteration;
  if (perIteration && every) text += 'Cheap enough here: NDCG@10 was measured after every iteration.';
  else if (perIteration) text += 'Too slow to repeat after every iteration (over a second): measured after iteration 1 and at the end only.';
  else text += 'Measured after iteration 1 and at the end (tick the box to measure every iteration).';
  $('rank-cost').textContent = text;
}

// A list of movies: title, training ratings, and the user's test rating if any.
function topList(list, entries, test) {
  const held = new Map(test);
  list.replaceChildren(...entries.map((e) => {
    const li = document.createElement('li');
    li.dataset.item = String(e.id);
    li.append(cell('span', title(e.id), { className: 'title' }));
    const extra = cell('span', `${thousands(e.count)} rating${e.count === 1 ? '' : 's'}`, { className: 'score' });
    li.append(extra);
    if (held.has(e.id)) {
      const r = held.get(e.id);
      li.classList.add('held');
      li.append(cell('span', `test ★${r}`, { className: 'hit', title: `The user rated it ${r} in the test set` }));
    }
    return li;
  }));
}

export function drawTops(result, userId, explicit, implicit) {
  const name = modelName(result.settings.explicit);
  $('top-raw-title').textContent = `${name} by predicted rating`;
  $('top-ranked-title').textContent = `${name} with shrinkage`;
  topList($('top-raw'), explicit.raw, explicit.test);
  topList($('top-ranked'), explicit.ranked, explicit.test);
  topList($('top-implicit'), implicit.ranked, implicit.test);
  $('rank-user-note').textContent = `User ${userId}: ${thousands(explicit.trained)} movies rated in training (never listed), ` +
    `${explicit.test.length} held out for the test.`;
}

export function clearTops() {
  for (const id of ['top-raw', 'top-ranked', 'top-implicit']) $(id).replaceChildren();
  $('rank-user-note').textContent = '';
  for (const id of ['rank-cost', 'rank-table-note']) $(id).textContent = '';
  $('rank-table').tBodies[0].replaceChildren();
}
