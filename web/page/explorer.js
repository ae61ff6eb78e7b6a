// The model explorer (section 6): movies like a chosen one, recommendations
// for the visitor's own ratings, the movie map, the bias lists and the factor
// matrices, each asked of the worker about the explored model: that of the
// last run that finished a good iteration (state.explored), so that a run
// which diverges before it learned anything never replaces it, or a model
// opened from files (open-model.js) until a run has trained. The movies it
// offers are state.items: it sets itself up again when they change.
// Stale-reply tokens: every answer is dropped unless it is about the explored
// run; the map, lists and matrices also need the latest `explores` token, the
// similar movies the same chosen movie.
import { state, Latest } from './store.js';
import { $, fillList, listMessage } from './dom.js';
import { client } from './engine.js';
import { drawMap, clearMap, redrawMap } from './movie-map.js';
import { Combobox } from '../lib/combobox.js';
import { drawRatings, drawFactors, drawProduct } from '../lib/matrix.js';
import { drawNorms, clearNorms } from './norm-scatter.js';
import { rateSource, wireRateModel } from './rate-model.js';

const explores = new Latest();
let explored = false;     // something explored on this data set
let similarItem = null;   // the movie chosen for "movies like"
const myRatings = new Map();  // id -> the visitor's rating
let rateIds = [];         // the movies in the rating list
let similarBox, rateBox;
let shownItems = null;    // the state.items the lists were set up for

const title = (id) => state.items.get(id)?.title ?? `Movie ${id}`;
const list = (id, entries, format) => fillList($(id), entries, title, format);
const signed = (e) => `${e.score >= 0 ? '+' : ''}${e.score.toFixed(2)}`;
// A tag of the model asked about: its answer is wanted while it is the explored one.
const modelTag = () => ({ ...state.explored });
const fresh = (tag) => tag.runId === state.explored?.runId;
const trained = () => state.explored !== null;
// How "movies like this" compares vectors: 'cosine' or 'dot'.
const measure = () => document.querySelector('input[name="similar-measure"]:checked')?.value ?? 'cosine';
// "run #2 after iteration 10", or the opened model's name.
const modelWords = (tag) => (tag.opened ? tag.name : `${tag.name} after iteration ${tag.epoch}`);
// An opened model from Spark knows no rating counts: the filter lets every movie through.
const countsUnknown = (tag) => tag.opened && state.opened?.hasCounts === false;
// How often a movie was rated: in the model, else (counts unknown) in the loaded data set.
const popularity = (it) => it.count ?? state.datasetItems.get(it.id)?.count ?? 0;

function minRatings() {
  const v = Number($('min-ratings').value);
  return Number.isInteger(v) && v >= 1 ? v : 1;
}

// Empties the explorer for the movies of a new data set (state.items).
export function setupExplorers() {
  shownItems = state.items;
  const byPopularity = [...state.items.values()].sort((a, b) => popularity(b) - popularity(a) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
  // The visitor's ratings of movies the new data set has too are kept.
  for (const id of [...myRatings.keys()]) if (!state.items.has(id)) myRatings.delete(id);
  // The chosen movie stays chosen if the new movies have it too.
  similarItem = state.items.get(similarItem?.id) ?? null;
  similarBox.setItems(byPopularity);
  rateBox.setItems(byPopularity);
  $('similar-input').value = similarItem?.title ?? '';
  for (const id of ['similar-list', 'foldin-list', 'bias-high', 'bias-low']) $(id).replaceChildren();
  $('similar-caption').textContent = '';
  // The movies rated so far, then a few well-known ones: the most rated.
  const ids = [...myRatings.keys()];
  for (const it of byPopularity) if (ids.length < Math.max(10, myRatings.size + 5) && !myRatings.has(it.id)) ids.push(it.id);
  drawRateList(ids);
  clearMap();
  clearNorms();
  $('explore-status').textContent = 'Train a model (section 3) to explore it.';
  explores.drop();
  explored = false;
}

// A new run has started: what the explorer shows is the previous model's.
export function explorerRunStarted() {
  if (explored && state.explored) $('explore-status').textContent = `A new run has started: what you see below is still ${state.explored.name} until the new one has trained.`;
}

// Says which model is explored, and why it is not the current run's.
function showExploreStatus(tag) {
  let text = `Exploring ${tag.name} (${tag.label})${tag.opened ? '' : ` after iteration ${tag.epoch}`}.`;
  if (tag.opened) text += ' Training a run in section 3 replaces it here.';
  if (countsUnknown(tag)) text += ' It has no rating counts, so the filter below lets every movie through.';
  if (tag.runId !== state.runId && state.diverged) {
    text += ` The latest run diverged at iteration ${state.epoch} before it learned anything, so it does not replace this model.`;
  }
  $('explore-status').textContent = text;
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
  if (!item || !trained()) return;
  const tag = modelTag();
  try {
    const how = measure();
    const { items } = await client.request('similar', { runId: tag.runId, itemId: item.id, n: 10, minRatings: minRatings(), measure: how });
    if (!fresh(tag) || similarItem !== item || how !== measure()) return;
    const words = how === 'dot' ? 'dot product' : 'cosine';
    $('similar-caption').textContent = `Most similar to ${item.title} (${words} of the movie vectors of ${modelWords(tag)}):`;
    list('similar-list', items, (e) => e.score.toFixed(3));
  } catch (error) {
    $('similar-caption').textContent = error.message;
    $('similar-list').replaceChildren();
  }
}

// The visitor's top 10 by the model chosen for it (rate-model.js): one of
// section 6's, or the explored one. `asks` drops answers a newer question replaced.
const asks = new Latest();
async function refreshFoldIn() {
  const source = rateSource();
  if (!trained() && !source) return;
  const token = asks.next();
  if (!myRatings.size) {
    $('foldin-list').replaceChildren();
    return;
  }
  const tag = modelTag();
  const ratings = [...myRatings.entries()];
  try {
    const { items } = source ? await source.foldIn(ratings, { n: 10, minRatings: minRatings() })
      : await client.request('recommendFor', { runId: tag.runId, ratings, n: 10, minRatings: minRatings() });
    if (asks.isLatest(token) && (source || fresh(tag))) list('foldin-list', items, (e) => `score ${e.score.toFixed(2)}`);
  } catch (error) {
    if (asks.isLatest(token)) listMessage($('foldin-list'), error.message);
  }
}

// Asks everything about the current model again.
export async function refreshExplore() {
  if (!state.ready || !trained()) return;
  if (shownItems !== state.items) setupExplorers();
  const token = explores.next();
  explored = true;
  const tag = modelTag();
  const wanted = () => fresh(tag) && explores.isLatest(token);
  showExploreStatus(tag);
  $('min-ratings').disabled = countsUnknown(tag);
  refreshSimilar();
  refreshFoldIn();
  try {
    const result = await client.request('explore', { runId: tag.runId, minRatings: minRatings() });
    if (!wanted()) return;
    drawMap(countsUnknown(tag) ? null : minRatings(), result.projection);
    if (countsUnknown(tag)) clearNorms();
    else client.request('itemNorms', { runId: tag.runId }).then((norms) => wanted() && drawNorms(norms), () => {});
    if (result.hasBiases) {
      list('bias-high', result.highest, signed);
      list('bias-low', result.lowest, signed);
    } else {
      const none = state.opened?.source && tag.opened ? 'This model has no biases: Spark\'s ALS learns none.'
        : result.algorithm === 'ials' ? 'Implicit ALS learns no biases: it fits p·q alone.' : 'This model was trained without biases.';
      for (const id of ['bias-high', 'bias-low']) listMessage($(id), none);
    }
    // The factor pictures show the data set's matrix: an opened model was not trained on it.
    $('factor-panel').hidden ||= Boolean(tag.opened);
    if (state.dataset?.picture && !tag.opened) {
      const f = await client.request('factors', { runId: tag.runId });
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
  const scale = drawFactors($('fig-p'), f.userFactors, userOrder, f.k);
  $('factor-scale-p').textContent = `P: ±${scale.toPrecision(2)}`;
  $('factor-scale-q').textContent = `Qᵀ: ±${drawFactors($('fig-q'), f.itemFactors, itemOrder, f.k, { transpose: true }).toPrecision(2)}`;
  drawProduct($('fig-rhat'), f, userOrder, itemOrder, { biases: f.biases });
  // Thin matrices keep a readable width: a few CSS pixels per factor.
  const px = Math.max(2, Math.min(8, Math.round(120 / f.k)));
  $('fig-p').style.width = `${f.k * px}px`;
  $('fig-q').style.height = `${f.k * px}px`;
  $('factor-panel').hidden = false;
}

export function wireExplorer() {
  $('min-ratings').addEventListener('change', refreshExplore);
  for (const radio of document.querySelectorAll('input[name="similar-measure"]')) radio.addEventListener('change', refreshSimilar);
  wireRateModel(refreshFoldIn);
  for (const id of ['genre-a', 'genre-b']) $(id).addEventListener('change', redrawMap);
  $('rate-clear').addEventListener('click', () => {
    myRatings.clear();
    drawRateList(rateIds);
    $('foldin-list').replaceChildren();
  });
  similarBox = new Combobox($('similar-input'), $('similar-options'), {
    onSelect: (item) => {
      similarItem = item;
      if (!trained()) $('similar-caption').textContent = 'Train a model first (section 3).';
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
