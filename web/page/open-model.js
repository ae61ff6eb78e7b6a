// "Open a saved model" (section 6): an .mfm file or a Spark model folder,
// picked or dropped, opened by the training worker (workers/opened.js) and
// explored in place of the trained model until a run trains again.
// Stale-reply token: `opens`. Only the latest open's reply is taken in; a
// failed open leaves what was explored as it was.
import { state, Latest, modelOpened } from './store.js';
import { $, showError } from './dom.js';
import { client } from './engine.js';
import { bundledRequest } from './config.js';
import { itemsFrom } from './data-panel.js';
import { pausePlaying } from './training.js';
import { refreshExplore } from './explorer.js';
import { thousands } from '../lib/format.js';

const opens = new Latest();
let lastSpark = null;  // { name, files } of the last Spark folder, opened again when its settings change

// What the learner sets of Spark's run: the model files do not record it.
function sparkSettings() {
  const number = (id, fallback) => {
    const v = Number($(id).value);
    return $(id).value.trim() !== '' && Number.isFinite(v) ? v : fallback;
  };
  return { regParam: number('spark-reg', 0.1), alpha: number('spark-alpha', 1), implicitPrefs: $('spark-implicit').checked };
}

// "Spark ALS, rank 10, Spark 3.5.1" or "ALS, 20 factors, biases".
function labelOf(summary) {
  const s = summary.source;
  if (s) return `${summary.algorithm}, rank ${summary.k}${s.sparkVersion ? `, Spark ${s.sparkVersion}` : ''}`;
  return `${summary.algorithm.toUpperCase()}, ${summary.k} factors${summary.biases ? ', biases' : ''}`;
}

function describe(summary) {
  const s = summary.source;
  const users = summary.numUsers ? ` and ${thousands(summary.numUsers)} users` : ' (item factors only)';
  let text = `Opened ${summary.name}: ${thousands(summary.numItems)} movies${users}, ${labelOf(summary)}; ` +
    `${thousands(summary.titled)} of the movies have a title from movies.csv.`;
  if (s) {
    text += ` Your top 10 solves Spark's own user step: regParam ${s.regParam} × the number of your ratings` +
      (s.implicitPrefs ? `, each rating r a confidence 1 + ${s.alpha} r (implicitPrefs).` :
        '. Without biases every movie vector also carries the movie\'s average rating, so similarities run close to 1.');
  }
  return text;
}

async function openFiles(kind, name, files) {
  if (!files.length) return;
  const token = opens.next();
  showError('open-error', null);
  $('open-status').textContent = `Opening ${name}…`;
  if (kind === 'spark') lastSpark = { name, files };
  // A run playing on would take Explore back at its next iteration.
  await pausePlaying();
  try {
    const summary = await client.request('openModel', {
      kind, name, files, spark: sparkSettings(), moviesUrl: bundledRequest('small').moviesUrl,
    });
    if (!opens.isLatest(token)) return;
    summary.label = labelOf(summary);
    const items = itemsFrom(summary.items);
    if (!summary.hasCounts) for (const it of items.values()) it.count = null;
    modelOpened(summary, items);
    $('open-status').textContent = describe(summary);
    await refreshExplore();
  } catch (error) {
    if (!opens.isLatest(token)) return;
    $('open-status').textContent = '';
    showError('open-error', `Could not open ${name}: ${error.message}` +
      (state.explored ? `\nExplore still shows ${state.explored.name}.` : ''));
  }
}

// Picked or dropped files: one .mfm, or the files of a Spark folder ({ path, file } each).
function opened(entries) {
  const [first] = entries;
  if (entries.length === 1 && !first.path.includes('/') && !/\.(json|parquet)$/i.test(first.path)) return openFiles('mfm', first.path, entries);
  const top = entries[0]?.path.split('/')[0] ?? '';
  return openFiles('spark', entries.every((e) => e.path.startsWith(`${top}/`)) ? top : 'the Spark files', entries);
}

// The files under a dropped folder, with their paths ("model/itemFactors/part-...").
async function entriesOf(entry, out) {
  if (entry.isFile) {
    out.push({ path: entry.fullPath.replace(/^\//, ''), file: await new Promise((ok, no) => entry.file(ok, no)) });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (let batch; (batch = await new Promise((ok, no) => reader.readEntries(ok, no))).length;)
      for (const child of batch) await entriesOf(child, out);
  }
  return out;
}

async function dropped(event) {
  event.preventDefault();
  $('open-drop').classList.remove('over');
  const items = [...(event.dataTransfer?.items ?? [])].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  const out = [];
  for (const entry of items) await entriesOf(entry, out);
  if (!out.length) for (const file of event.dataTransfer?.files ?? []) out.push({ path: file.name, file });
  await opened(out);
}

export function wireOpenModel() {
  $('open-mfm').addEventListener('change', (e) => {
    const [file] = e.target.files;
    if (file) openFiles('mfm', file.name, [{ path: file.name, file }]);
    e.target.value = '';
  });
  $('open-spark').addEventListener('change', (e) => {
    const files = [...e.target.files].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
    if (files.length) opened(files);
    e.target.value = '';
  });
  const zone = $('open-drop');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', dropped);
  for (const id of ['spark-reg', 'spark-alpha', 'spark-implicit'])
    $(id).addEventListener('change', () => {
      if (lastSpark && state.explored?.opened && state.opened?.kind === 'spark') openFiles('spark', lastSpark.name, lastSpark.files);
    });
}
