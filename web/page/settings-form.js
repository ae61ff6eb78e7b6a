// The settings form: controls <-> settings (lib/state.js) <-> the URL hash.
// A new value is checked by the engine (the worker's `check`) before it is
// taken: a value it refuses keeps the field marked with the engine's message
// next to it, and Play waits until it is fixed. What a change sets off
// elsewhere (a new run, a new data set) is up to the hooks main.js passes to
// startSettings.
// Stale-reply tokens: one Latest per field (`edits`); a link's check belongs
// to the run it comes before.
import { state, Latest } from './store.js';
import { $ } from './dom.js';
import { client } from './engine.js';
import { setButtons } from './buttons.js';
import { FIELDS, parseHash, toHash, normalize, parseValue, withAlgorithm, algorithmFields, changedBy, resolvedSettings,
  settingOf, trainerOptions, splitOptions, defaults, ALGORITHM_NAMES } from '../lib/state.js';

const CONTROL_IDS = ['algo', 'k', 'regU', 'regI', 'scaling', 'lr', 'biases', 'zero', 'iters', 'threads', 'alpha', 'confidence', 'epsilon',
  'positiveThreshold', 'regExponent', 'solver', 'cgSteps', 'split', 'test', 'holdout', 'seed'];
const edits = new Map(CONTROL_IDS.map((id) => [id, new Latest()]));

function applyVisibility(s) {
  document.body.classList.toggle('algo-sgd', s.algo === 'sgd');
  document.body.classList.toggle('algo-als', s.algo === 'als');
  document.body.classList.toggle('algo-ials', s.algo === 'ials');
  document.body.classList.toggle('confidence-log', s.confidence === 'log');
  document.body.classList.toggle('solver-cg', s.solver === 'cg');
  document.body.classList.toggle('split-holdout', s.split === 'holdout');
  // Missing = 0 decides the biases and the λ scaling (the library resolves them).
  $('biases').disabled = s.zero;
  $('scaling').disabled = s.zero;
  for (const node of document.querySelectorAll('[data-field]')) node.hidden = state.hidden.has(node.dataset.field);
}

export function writeControls(s) {
  for (const id of CONTROL_IDS) {
    const input = $(id);
    if (input.type === 'checkbox') input.checked = s[id];
    else input.value = String(s[id]);
    showFieldError(id, null);
  }
  document.querySelector(`input[name="data"][value="${state.datasetKey === 'upload' ? 'upload' : s.data}"]`).checked = true;
  document.querySelector(`input[name="metric"][value="${s.metric}"]`).checked = true;
  applyVisibility(s);
}

// The engine's message under field `id`, or none.
function showFieldError(id, message) {
  const input = $(id);
  const box = $(`${id}-error`);
  if (message) state.invalid.set(id, message);
  else state.invalid.delete(id);
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
  box.textContent = message ?? '';
  box.hidden = !message;
}

export function writeHash() {
  const hash = toHash(state.settings, state.hidden);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

// New settings, shown in the controls and the link.
export function setSettings(next) {
  // The note on a change of algorithm belongs to the change the visitor made (edit below).
  if (next.algo !== state.settings.algo) $('algo-note').textContent = '';
  state.settings = next;
  writeControls(next);
  writeHash();
  setButtons();
}

// The settings as the library resolved the current run's options.
export function showResolved(options) {
  const next = resolvedSettings(state.settings, options);
  if (CONTROL_IDS.some((id) => next[id] !== state.settings[id])) setSettings(next);
}

// The engine's objection to settings `s` ({ message, parameter, text }), or null.
const check = (s) => client.request('check', { trainerOptions: trainerOptions(s), splitOptions: splitOptions(s) });

// Checks the settings with the engine before a run: false (and the message
// next to the field it is about) if it refuses them.
export async function checkSettings() {
  const problem = await check(state.settings).catch(() => null);
  const about = settingOf(problem?.parameter);
  if (problem && CONTROL_IDS.includes(about)) {
    showFieldError(about, problem.text);
    setButtons();
    return false;
  }
  return true;
}

// Before a link's first run: each value the engine refuses is replaced by its
// default, and the note above the form says which and why.
export async function checkLink() {
  const { replaced } = state.linkCheck;
  state.linkCheck = null;
  const fallback = defaults(state.defaults);
  let s = state.settings;
  for (let n = 0; n < CONTROL_IDS.length; n++) {
    const problem = await check(s).catch(() => null);
    const name = settingOf(problem?.parameter);
    if (!name || s[name] === fallback[name]) break;
    replaced.push({ name, key: FIELDS[name].key, value: String(s[name]), reason: problem.text, by: fallback[name] });
    s = normalize({ ...s, [name]: fallback[name] });
  }
  const note = $('link-note');
  note.hidden = replaced.length === 0;
  note.textContent = replaced.length === 0 ? '' : 'This link had values the page cannot use, replaced by the defaults: ' +
    replaced.map((r) => `${r.key}=${r.value} (${r.reason.replace(/^.+? must/, 'must')}) → ${r.by ?? fallback[r.name]}`).join('; ') + '.';
  setSettings(s);
}

// What a change of algorithm changed, next to the algorithm.
function showAlgorithmNote(before, after) {
  const changes = changedBy(before, after);
  const name = ALGORITHM_NAMES[after.algo], other = ALGORITHM_NAMES[before.algo];
  $('algo-note').textContent = changes.length === 0 ? '' : `${name} has settings of its own: ` +
    changes.map((c) => `${c.label} ${c.to} (${other}: ${c.from})`).join(', ') + `. Your ${other} settings come back when you switch back.`;
}

// Reads control `id` into new settings, checks them with the engine and takes
// them if it accepts; resolves to true if a new run is wanted.
async function edit(id, hooks) {
  const input = $(id);
  const before = state.settings;
  let next = { ...before };
  const value = input.type === 'checkbox' ? input.checked : parseValue(FIELDS[id], input.value);
  if (value === undefined) return false;
  next[id] = value;
  if (id === 'algo') {
    state.remembered[before.algo] = algorithmFields(before);
    next = withAlgorithm(next, next.algo, state.defaults, state.remembered);
  } else {
    next = normalize(next);
  }
  // (Any check of an earlier value of this field is moot from here.)
  const token = edits.get(id).next();
  // A field left by a click fires change again without a new value; a value
  // typed back before its check came in needs the run the check held up.
  if (CONTROL_IDS.every((key) => Object.is(next[key], before[key])) && !state.invalid.has(id)) {
    if (state.runReady || !state.ready) return false;
    hooks.changed();
    return true;
  }
  // Nothing trains while the engine looks at the new value.
  state.runReady = false;
  setButtons();
  const problem = state.ready ? await check(next).catch(() => null) : null;
  if (!edits.get(id).isLatest(token)) return false;
  const about = settingOf(problem?.parameter);
  if (problem && (about === id || !CONTROL_IDS.includes(about))) {
    showFieldError(id, problem.text);
    setButtons();
    return false;
  }
  showFieldError(id, null);
  setSettings(next);
  if (id === 'algo') showAlgorithmNote(before, next);
  if (problem) showFieldError(about, problem.text);
  hooks.changed();
  return true;
}

// A short explanation of each control, on hover (title) and focus (the help line).
function wireHelp() {
  const help = $('settings-help');
  for (const node of document.querySelectorAll('#settings [title], .toolbar [title]')) {
    const show = () => { help.textContent = node.title; };
    node.addEventListener('focusin', show);
    node.addEventListener('mouseenter', show);
  }
}

// The settings from the link, over the library's defaults; then the controls
// follow the visitor. hooks: changed() after a setting of the run changed,
// linkChanged(dataChanged) after the link was edited, metricChanged(),
// dataChosen(key) for a bundled data set.
export function startSettings(defaultsByAlgorithm, hooks) {
  state.defaults = defaultsByAlgorithm;
  let replaced;
  ({ settings: state.settings, hidden: state.hidden, replaced } = parseHash(location.hash, defaultsByAlgorithm));
  state.linkCheck = { replaced };
  for (const id of CONTROL_IDS) {
    const input = $(id);
    const box = Object.assign(document.createElement('p'), { id: `${id}-error`, className: 'field-error', hidden: true });
    input.closest('.field').append(box);
    input.setAttribute('aria-describedby', box.id);
  }
  writeControls(state.settings);
  wireHelp();
  for (const id of CONTROL_IDS) {
    $(id).addEventListener('change', () => {
      // Play pressed meanwhile waits for the check and the run it starts.
      state.pendingRun = edit(id, hooks).then((started) => (started ? state.pendingRun : false));
    });
  }
  window.addEventListener('hashchange', () => {
    let replacedNow;
    const before = state.settings;
    ({ settings: state.settings, hidden: state.hidden, replaced: replacedNow } = parseHash(location.hash, defaultsByAlgorithm));
    state.linkCheck = { replaced: replacedNow };
    const dataChanged = state.settings.data !== before.data && state.datasetKey !== 'upload';
    writeControls(state.settings);
    hooks.linkChanged(dataChanged);
  });
  for (const radio of document.querySelectorAll('input[name="data"]')) {
    radio.addEventListener('change', () => {
      if (radio.value === 'upload' || !radio.checked) return;
      state.settings = { ...state.settings, data: radio.value };
      hooks.dataChosen(radio.value);
    });
  }
  for (const radio of document.querySelectorAll('input[name="metric"]')) {
    radio.addEventListener('change', () => {
      state.settings = { ...state.settings, metric: radio.value };
      writeHash();
      hooks.metricChanged();
    });
  }
}
