// The model explorer (section 5): movies like a chosen one, recommendations
// for the visitor's own ratings, the movie map, the bias lists and the factor
// matrices, each asked of the worker about the current run's latest model.
// Stale-reply tokens: every answer is dropped unless it is about the current
// run (state.runId); the map, lists and matrices also need the latest
// `explores` token, the similar movies the same chosen movie.
import { state, Latest } from './store.js';
import { $, fillList, listMessage } from './dom.js';
import { client } from './engine.js';
import { drawMap, clearMap } from './movie-map.js';
import { Combobox } from '../lib/combobox.js';
import { drawRatings, drawFactors, drawProduct } from '../lib/matrix.js';
import { describe } from '../lib/state.js';

const explores = new Latest();
let explored = false;     // something explored on this data set
let similarItem = null;   // the movie chosen for "movies like"
const myRatings = new Map();  // id -> the visitor's rating
let rateIds = [];         // the movies in the rating list
let similarBox, rateBox;

const title = (id) => state.items.get(id)?.title ?? `Movie ${id}`;
const list = (id, entries, format) => fillList($(id), entries, title, format);
const signed = (e) => `${e.score >= 0 ? '+' : ''}${e.score.toFixed(2)}`;
// A tag of the model asked about: its answer is wanted while the run is current.
const modelTag = () => ({ runId: state.runId, epoch: state.epoch });
const fresh = (tag) => tag.runId === state.runId;

function minRatings() {
  const v = Number($('min-ratings').value);
  return Number.isInteger(v) && v >= 1 ? v : 1;
}

function fillGenres(names, counts) {
  for (const [id, preferred] of [['genre-a', 'Children'], ['genre-b', 'Horror']]) {
    const select = $(id);
    select.replaceChildren();
    for (const g of names) {
      const o = document.createElement('option');
      o.value = g;
      o.textContent = `${g} (${counts.get(g)})`;
      select.append(o);
    }
    select.value = names.includes(preferred) ? preferred : names[id === 'genre-a' ? 0 : 1] ?? '';
  }
}

// Empties the explorer for the movies of a new data set (state.items).
export function setupExplorers() {
  const byPopularity = [...state.items.values()].sort((a, b) => b.count - a.count || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
  myRatings.clear();
  similarItem = null;
  similarBox.setItems(byPopularity);
  rateBox.setItems(byPopularity);
  $('similar-input').value = '';
  for (const id of ['similar-list', 'foldin-list', 'bias-high', 'bias-low']) $(id).replaceChildren();
  $('similar-caption').textContent = '';
  // A few well-known movies to start with: the most rated ones.
  drawRateList(byPopularity.slice(0, 10).map((it) => it.id));
  const genres = new Map();
  for (const it of state.items.values()) for (const g of it.genres) genres.set(g, (genres.get(g) ?? 0) + 1);
  fillGenres([...genres.keys()].sort(), genres);
  clearMap();
  $('explore-status').textContent = 'Train a model (section 3) to explore it.';
  explores.drop();
  explored = false;
}

// A new run has started: what the explorer shows is the previous model's.
export function explorerRunStarted() {
  if (explored) $('explore-status').textContent = 'A new run has started: what you see below is the previous model until the new one has trained.';
}

function ratingSelect(id) {
  const select = document.createElement('select');
  select.id = `rate-${id}`;
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
  select.value = myRatings.has(id) ? String(myRatings.get(id)) : '';
  select.addEventListener('change', () => {
    if (select.value) myRatings.set(id, Number(select.value));
    else myRatings.delete(id);
    refreshFoldIn();
  });
  return select;
}

function drawRateList(ids) {
  rateIds = ids;
  $('rate-list').replaceChildren(...ids.map((id) => {
    const li = document.createElement('li');
    const label = document.createElement('label');
    label.htmlFor = `rate-${id}`;
    label.textContent = title(id);
    li.append(label, ratingSelect(id));
    return li;
  }));
}

async function refreshSimilar() {
  const item = similarItem;
  if (!item || state.epoch === 0) return;
  const tag = modelTag();
  try {
    const { items } = await client.request('similar', { itemId: item.id, n: 10, minRatings: minRatings() });
    if (!fresh(tag) || similarItem !== item) return;
    $('similar-caption').textContent = `Most similar to ${item.title} (cosine of item factors, model after iteration ${tag.epoch}):`;
    list('similar-list', items, (e) => e.score.toFixed(3));
  } catch (error) {
    $('similar-caption').textContent = error.message;
    $('similar-list').replaceChildren();
  }
}

async function refreshFoldIn() {
  if (state.epoch === 0) return;
  if (!myRatings.size) {
    $('foldin-list').replaceChildren();
    return;
  }
  const tag = modelTag();
  try {
    const { items } = await client.request('recommendFor', { ratings: [...myRatings.entries()], n: 10, minRatings: minRatings() });
    if (fresh(tag)) list('foldin-list', items, (e) => `score ${e.score.toFixed(2)}`);
  } catch (error) {
    listMessage($('foldin-list'), error.message);
  }
}

// Asks everything about the current model again.
export async function refreshExplore() {
  if (!state.ready || state.epoch === 0) return;
  const token = explores.next();
  explored = true;
  const tag = modelTag();
  const wanted = () => fresh(tag) && explores.isLatest(token);
  $('explore-status').textContent = `Exploring the model of run #${tag.runId} after iteration ${tag.epoch} (${describe(state.settings)}).`;
  refreshSimilar();
  refreshFoldIn();
  try {
    const result = await client.request('explore', { minRatings: minRatings() });
    if (!wanted()) return;
    drawMap(minRatings(), result.projection);
    if (result.hasBiases) {
      list('bias-high', result.highest, signed);
      list('bias-low', result.lowest, signed);
    } else {
      for (const id of ['bias-high', 'bias-low']) listMessage($(id), 'This model was trained without biases.');
    }
    if (state.dataset?.picture) {
      const f = await client.request('factors');
      if (wanted()) drawFactorPictures(f);
    }
  } catch (error) {
    if (fresh(tag)) $('explore-status').textContent = error.message;
  }
}

// The rating matrix of the dense subset next to P, Q and their product.
function drawFactorPictures(f) {
  const pic = state.dataset.picture;
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

export function wireExplorer() {
  $('min-ratings').addEventListener('change', refreshExplore);
  for (const id of ['genre-a', 'genre-b']) $(id).addEventListener('change', () => drawMap(minRatings()));
  $('rate-clear').addEventListener('click', () => {
    myRatings.clear();
    drawRateList(rateIds);
    $('foldin-list').replaceChildren();
  });
  similarBox = new Combobox($('similar-input'), $('similar-options'), {
    onSelect: (item) => {
      similarItem = item;
      if (state.epoch === 0) $('similar-caption').textContent = 'Train a model first (section 3).';
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
