// The settings form: controls <-> settings (lib/state.js) <-> the URL hash.
// What a change sets off elsewhere (a new run, a new data set) is up to the
// hooks main.js passes to startSettings.
import { state } from './store.js';
import { $ } from './dom.js';
import { FIELDS, parseHash, toHash, normalize, parseValue, withAlgorithm, resolvedSettings } from '../lib/state.js';

const CONTROL_IDS = ['algo', 'k', 'regU', 'regI', 'scaling', 'lr', 'biases', 'zero', 'iters', 'split', 'test', 'holdout', 'seed'];

function applyVisibility(s) {
  document.body.classList.toggle('algo-sgd', s.algo === 'sgd');
  document.body.classList.toggle('algo-als', s.algo === 'als');
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
  }
  document.querySelector(`input[name="data"][value="${state.datasetKey === 'upload' ? 'upload' : s.data}"]`).checked = true;
  document.querySelector(`input[name="metric"][value="${s.metric}"]`).checked = true;
  applyVisibility(s);
}

export function writeHash() {
  const hash = toHash(state.settings, state.hidden);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

// New settings, shown in the controls and the link.
export function setSettings(next) {
  state.settings = next;
  writeControls(next);
  writeHash();
}

// The settings as the library resolved the current run's options.
export function showResolved(options) {
  const next = resolvedSettings(state.settings, options);
  if (CONTROL_IDS.some((id) => next[id] !== state.settings[id])) setSettings(next);
}

// Reads one control into the settings; an invalid number keeps the old value
// and marks the field.
function readControl(id, s) {
  const input = $(id);
  if (input.type === 'checkbox') {
    s[id] = input.checked;
    return true;
  }
  const value = parseValue(FIELDS[id], input.value);
  if (input.type === 'number') input.setAttribute('aria-invalid', value === undefined ? 'true' : 'false');
  if (value !== undefined) s[id] = value;
  return value !== undefined;
}

// The settings from the link, over the library's defaults; then the controls
// follow the visitor. hooks: changed() after a setting of the run changed,
// linkChanged(dataChanged) after the link was edited, metricChanged(),
// dataChosen(key) for a bundled data set.
export function startSettings(defaults, hooks) {
  state.defaults = defaults;
  ({ settings: state.settings, hidden: state.hidden } = parseHash(location.hash, defaults));
  writeControls(state.settings);
  for (const id of CONTROL_IDS) {
    const input = $(id);
    // The inputs' ranges are the settings' (one table for the form and the link).
    if (input.type === 'number') Object.assign(input, { min: FIELDS[id].min, max: FIELDS[id].max });
    input.addEventListener('change', () => {
      const next = { ...state.settings };
      if (!readControl(id, next)) return;
      const normalized = id === 'algo' ? withAlgorithm(next, next.algo, defaults) : normalize(next);
      // A field left by a click fires change again without a new value.
      if (CONTROL_IDS.every((key) => normalized[key] === state.settings[key])) return;
      setSettings(normalized);
      hooks.changed();
    });
  }
  window.addEventListener('hashchange', () => {
    const { settings, hidden } = parseHash(location.hash, defaults);
    const dataChanged = settings.data !== state.settings.data && state.datasetKey !== 'upload';
    state.settings = settings;
    state.hidden = hidden;
    writeControls(settings);
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
