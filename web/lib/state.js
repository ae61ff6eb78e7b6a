// Every setting of the page, the seed included, lives in the URL hash so that
// a shared link reproduces a run.
// Pure functions, no DOM: tested in node (tests/node/state.test.mjs).
//
// A setting's name is the id of its control; its URL key is the JS API's
// option name (factors, regularization.user, learningRate, testFraction, ...),
// or for what only the page has, its name (data, split, metric). Links
// written before that used the setting names as keys (k=20&lr=0.01):
// they are still read. A key "<key>_hide" (e.g. #algorithm=sgd&algorithm_hide)
// hides that control, for classroom links that fix a setting.
//
// The defaults of the training options are the library's (mf.defaultOptions,
// which the training worker sends when it starts): the functions that need
// them take them as `moduleDefaults`, { als: options, sgd: options, ials: options }.
// The settings of implicit ALS (`algo: 'ials'` on a field) take implicit ALS's
// defaults and are written to the link only for an implicit ALS run.

// `def` only where the page has its own default: the split, the data, the
// chart, and k = 20 (the library's 40 trains slower than a page should).
// Numbers have no range here: the engine checks them, and its message is
// shown next to the field (`label` spells the option in those messages).
export const FIELDS = {
  data: { key: 'data', type: 'enum', values: ['dense', 'small'], def: 'dense', label: 'Data set' },
  algo: { key: 'algorithm', type: 'enum', values: ['als', 'sgd', 'ials'], def: 'als', label: 'Algorithm' },
  k: { key: 'factors', type: 'int', def: 20, label: 'Factors k' },
  regU: { key: 'regularization.user', type: 'float', label: 'λ users' },
  regI: { key: 'regularization.item', type: 'float', label: 'λ movies' },
  scaling: { key: 'regularizationScaling', type: 'enum', values: ['count', 'none'], label: 'ALS regularization' },
  biases: { key: 'biases', type: 'bool', label: 'Biases' },
  zero: { key: 'missingAsZero', type: 'bool', label: 'Missing = 0' },
  lr: { key: 'learningRate', type: 'float', label: 'Learning rate η' },
  iters: { key: 'iterations', type: 'int', label: 'Iterations' },
  alpha: { key: 'alpha', type: 'float', algo: 'ials', label: 'Confidence α' },
  confidence: { key: 'confidence', type: 'enum', values: ['constant', 'rating', 'log'], algo: 'ials', label: 'Weight w(r)' },
  epsilon: { key: 'epsilon', type: 'float', algo: 'ials', label: 'ε of log' },
  positiveThreshold: { key: 'positiveThreshold', type: 'float', algo: 'ials', label: 'Watched from rating' },
  regExponent: { key: 'regExponent', type: 'float', algo: 'ials', label: 'λ exponent ν' },
  solver: { key: 'solver', type: 'enum', values: ['cholesky', 'cg'], algo: 'ials', label: 'Solver' },
  cgSteps: { key: 'cgSteps', type: 'int', algo: 'ials', label: 'CG steps' },
  threads: { key: 'threads', type: 'int', label: 'Threads' },
  split: { key: 'split', type: 'enum', values: ['fraction', 'holdout'], def: 'fraction', label: 'Test set' },
  test: { key: 'testFraction', type: 'float', def: 0.1, label: 'Test share' },
  holdout: { key: 'holdout', type: 'int', def: 10, label: 'Per user' },
  seed: { key: 'seed', type: 'int', label: 'Seed' },
  metric: { key: 'metric', type: 'enum', values: ['rmse', 'mse'], def: 'rmse', label: 'Error measure' },
};

// The setting an engine error is about, from its MfError.parameter (the
// API's option name; the bias λs are sent as the λs).
const BIAS_KEYS = { 'regularization.userBias': 'regU', 'regularization.itemBias': 'regI' };
export function settingOf(parameter) {
  if (!parameter) return undefined;
  return BIAS_KEYS[parameter] ?? Object.keys(FIELDS).find((name) => FIELDS[name].key === parameter);
}

// An option name as the page's field label, for MfError.messageWith.
export const labelOf = (parameter) => FIELDS[settingOf(parameter)]?.label ?? parameter;

// What the page calls each algorithm in its sentences.
export const ALGORITHM_NAMES = { als: 'ALS', sgd: 'SGD', ials: 'Implicit ALS' };

// Setting name by URL key, the old keys (the setting names) included.
const BY_KEY = new Map(Object.entries(FIELDS).flatMap(([name, f]) => [[name, name], [f.key, name]]));

// What a change of algorithm brings along: that algorithm's own defaults for
// the regularization, the iteration count and the options only it uses.
// Threads too: more than one changes SGD's order of updates, never ALS's result.
const IALS_FIELDS = Object.keys(FIELDS).filter((name) => FIELDS[name].algo === 'ials');
const ALGORITHM_FIELDS = {
  als: ['regU', 'regI', 'iters', 'scaling', 'zero', 'threads'], sgd: ['regU', 'regI', 'iters', 'lr', 'threads'],
  ials: ['regU', 'regI', 'iters', ...IALS_FIELDS, 'threads'],
};

// Settings that only some algorithms use (the others keep them, unused, for
// when the visitor switches back): not sent to the library, nor taken from
// its resolved options, for another algorithm.
const USED_BY = { lr: ['sgd'], scaling: ['als'], zero: ['als'], biases: ['als', 'sgd'], ...Object.fromEntries(IALS_FIELDS.map((n) => [n, ['ials']])) };
export const usedBy = (name, algo) => !USED_BY[name] || USED_BY[name].includes(algo);

// A setting's value in one of the library's options objects, at its key's path.
const optionValue = (options, key) => key.split('.').reduce((o, part) => o?.[part], options);

export function defaults(moduleDefaults) {
  const s = {};
  for (const [name, f] of Object.entries(FIELDS)) s[name] = f.def ?? optionValue(moduleDefaults[f.algo ?? FIELDS.algo.def] ?? moduleDefaults[FIELDS.algo.def], f.key);
  return s;
}

// The settings with algorithm `algo`, and for what it brings along either
// the values last used with it (`remembered[algo]`) or its defaults.
export function withAlgorithm(s, algo, moduleDefaults, remembered = {}) {
  const out = { ...s, algo };
  for (const name of ALGORITHM_FIELDS[algo]) out[name] = remembered[algo]?.[name] ?? optionValue(moduleDefaults[algo], FIELDS[name].key);
  return normalize(out);
}

// What an algorithm brings along, of settings `s` (to remember them).
export const algorithmFields = (s) => Object.fromEntries(ALGORITHM_FIELDS[s.algo].map((name) => [name, s[name]]));

// The shown settings a change of algorithm changed: [{ name, label, from, to }].
export function changedBy(before, after) {
  return ALGORITHM_FIELDS[after.algo].filter((name) => FIELDS[name].type !== 'bool' && FIELDS[name].type !== 'enum' && !FIELDS[name].algo && before[name] !== after[name])
    .map((name) => ({ name, label: FIELDS[name].label, from: before[name], to: after[name] }));
}

// A value typed into a control or found in a link, or undefined if it is not
// one the control can hold. A number is any number (NaN when the text is
// none): its range is the engine's to check.
export function parseValue(field, text) {
  switch (field.type) {
    case 'enum': return field.values.includes(text) ? text : undefined;
    case 'bool': return text === '' || text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : undefined;
    default: return text.trim() === '' ? NaN : Number(text);
  }
}

// Settings from a hash such as "#algorithm=sgd&factors=40" (or the old
// "#algo=sgd&k=40"); unknown keys are ignored, a value no control can hold
// falls back to the default. Numbers are taken as they are (the engine checks
// them, see checkLink in page/settings-form.js). Returns { settings, hidden,
// replaced } (hidden: a Set of setting names; replaced: [{ name, key, value,
// reason }] for each value that fell back).
export function parseHash(hash, moduleDefaults) {
  const settings = defaults(moduleDefaults);
  const hidden = new Set();
  const replaced = [];
  const given = new Set();
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    const hide = key.endsWith('_hide');
    const name = BY_KEY.get(hide ? key.slice(0, -5) : key);
    if (!name) continue;
    if (hide) {
      if (value !== 'false') hidden.add(name);
      continue;
    }
    const f = FIELDS[name];
    const v = parseValue(f, value);
    if (v !== undefined) settings[name] = v, given.add(name);
    else replaced.push({ name, key, value, reason: f.type === 'bool' ? 'must be true or false' : `must be one of ${f.values.join(', ')}` });
  }
  // What the link's algorithm brings along and the link leaves out (a link
  // written before the setting existed) is that algorithm's default.
  for (const name of ALGORITHM_FIELDS[settings.algo])
    if (!given.has(name)) settings[name] = optionValue(moduleDefaults[settings.algo], FIELDS[name].key);
  return { settings: normalize(settings), hidden, replaced };
}

// Every setting is written, so a link keeps meaning the same run even if the
// defaults change later.
export function toHash(settings, hidden = new Set()) {
  const parts = Object.entries(FIELDS).filter(([name, f]) => !f.algo || f.algo === settings.algo)
    .map(([name, f]) => `${f.key}=${encodeURIComponent(String(settings[name]))}`);
  for (const name of hidden) parts.push(`${FIELDS[name].key}_hide`);
  return '#' + parts.join('&');
}

// Missing = 0 is an ALS mode: SGD turns it off.
export function normalize(s) {
  return s.algo === 'sgd' && s.zero ? { ...s, zero: false } : { ...s };
}

// The options object of the wasm Trainer for these settings. With missing = 0
// the biases and the λ scaling are left to the library, which implies them;
// implicit ALS gets its own settings and none of the explicit models' (it
// learns no biases and scales λ its own way: the library's defaults).
export function trainerOptions(s) {
  if (s.algo === 'ials') {
    return {
      algorithm: s.algo, factors: s.k, iterations: s.iters, regularization: { user: s.regU, item: s.regI }, seed: s.seed,
      ...Object.fromEntries(IALS_FIELDS.map((name) => [FIELDS[name].key, s[name]])),
    };
  }
  return {
    algorithm: s.algo,
    factors: s.k,
    iterations: s.iters,
    regularization: { user: s.regU, item: s.regI, userBias: s.regU, itemBias: s.regI },
    learningRate: s.lr,
    seed: s.seed,
    threads: s.threads,
    missingAsZero: s.zero,
    ...(s.zero ? {} : { biases: s.biases, regularizationScaling: s.algo === 'als' ? s.scaling : 'none' }),
  };
}

// The settings with the values a library options object gives (e.g. a grid
// cell's options), for the keys `take(key)` accepts.
export function withOptions(s, options, take = () => true) {
  const out = { ...s };
  for (const [name, f] of Object.entries(FIELDS)) {
    const value = optionValue(options, f.key);
    if (value !== undefined && take(f.key, name)) out[name] = value;
  }
  return out;
}

// The settings of a run whose options the library resolved as `options`
// (Trainer.options): the options trainerOptions left out take its values.
export function resolvedSettings(s, options) {
  const sent = trainerOptions(s);
  return withOptions(s, options, (key, name) => optionValue(sent, key) === undefined && usedBy(name, s.algo));
}

export function splitOptions(s) {
  return s.split === 'holdout' ? { holdout: s.holdout, seed: s.seed } : { testFraction: s.test, seed: s.seed };
}

// Settings that change the data a run sees (its baselines depend on them only).
export function splitKey(s) {
  return `${s.data}|${s.split === 'holdout' ? `h${s.holdout}` : `f${s.test}`}|${s.seed}`;
}

// A short label for a run on the chart, naming what differs between runs.
export function describe(s) {
  if (s.algo === 'ials') {
    return `iALS k=${s.k} ${s.regU === s.regI ? `λ=${s.regU}` : `λu=${s.regU} λi=${s.regI}`} α=${s.alpha} w=${s.confidence}` +
      `${s.positiveThreshold > 0 ? ` watched≥${s.positiveThreshold}` : ''} ν=${s.regExponent} ${s.solver === 'cg' ? `CG×${s.cgSteps}` : 'exact'}`;
  }
  const parts = [s.algo.toUpperCase()];
  if (s.zero) parts.push('missing=0');
  parts.push(`k=${s.k}`);
  parts.push(s.regU === s.regI ? `λ=${s.regU}` : `λu=${s.regU} λi=${s.regI}`);
  if (s.algo === 'als' && !s.zero && s.scaling === 'none') parts.push('plain λ');
  if (s.algo === 'sgd') parts.push(`η=${s.lr}`);
  // (ALS learns the same on any number of threads.)
  if (s.algo === 'sgd' && s.threads !== 1) parts.push(s.threads === 0 ? 'all threads' : `${s.threads} threads`);
  if (!s.biases && !s.zero) parts.push('no biases');
  return parts.join(' ');
}
