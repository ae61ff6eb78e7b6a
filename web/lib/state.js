// Every setting of the page, the seed included, lives in the URL hash so that
// a shared link reproduces a run (tensorflow/playground's state.ts habit).
// A key "<name>_hide" (e.g. #algo=sgd&algo_hide) hides that control, for
// classroom links that fix a setting.

export const FIELDS = {
  data: { type: 'enum', values: ['dense', 'small'], def: 'dense' },
  algo: { type: 'enum', values: ['als', 'sgd'], def: 'als' },
  k: { type: 'int', min: 1, max: 200, def: 20 },
  regU: { type: 'float', min: 0, max: 1000, def: 0.1 },
  regI: { type: 'float', min: 0, max: 1000, def: 0.1 },
  scaling: { type: 'enum', values: ['count', 'none'], def: 'count' },
  biases: { type: 'bool', def: true },
  zero: { type: 'bool', def: false },
  lr: { type: 'float', min: 0.0001, max: 1, def: 0.01 },
  iters: { type: 'int', min: 1, max: 300, def: 10 },
  split: { type: 'enum', values: ['fraction', 'holdout'], def: 'fraction' },
  test: { type: 'float', min: 0.01, max: 0.5, def: 0.1 },
  holdout: { type: 'int', min: 1, max: 50, def: 10 },
  seed: { type: 'int', min: 0, max: 2 ** 31 - 1, def: 42 },
  metric: { type: 'enum', values: ['rmse', 'mse'], def: 'rmse' },
};

// What a switch of algorithm brings along: the core's defaults per algorithm
// (ALS regularization is scaled by rating counts, SGD's is per rating).
export const ALGORITHM_DEFAULTS = {
  als: { regU: 0.1, regI: 0.1, iters: 10, scaling: 'count' },
  sgd: { regU: 0.05, regI: 0.05, iters: 30, lr: 0.01, zero: false },
};

export function defaults() {
  const s = {};
  for (const [key, f] of Object.entries(FIELDS)) s[key] = f.def;
  return s;
}

function parseValue(field, text) {
  switch (field.type) {
    case 'enum': return field.values.includes(text) ? text : undefined;
    case 'bool': return text === '' || text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : undefined;
    case 'int': {
      if (!/^-?\d+$/.test(text)) return undefined;
      const v = Number(text);
      return v >= field.min && v <= field.max ? v : undefined;
    }
    case 'float': {
      const v = Number(text);
      return text !== '' && Number.isFinite(v) && v >= field.min && v <= field.max ? v : undefined;
    }
  }
  return undefined;
}

// Settings from a hash such as "#algo=sgd&k=40"; unknown keys and bad values
// fall back to the defaults. Returns { settings, hidden }.
export function parseHash(hash) {
  const settings = defaults();
  const hidden = new Set();
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    if (key.endsWith('_hide')) {
      const name = key.slice(0, -5);
      if (name in FIELDS && value !== 'false') hidden.add(name);
      continue;
    }
    const field = FIELDS[key];
    if (!field) continue;
    const v = parseValue(field, value);
    if (v !== undefined) settings[key] = v;
  }
  return { settings: normalize(settings), hidden };
}

// Every setting is written, so a link keeps meaning the same run even if the
// defaults change later.
export function toHash(settings, hidden = new Set()) {
  const parts = Object.keys(FIELDS).map((key) => `${key}=${encodeURIComponent(String(settings[key]))}`);
  for (const name of hidden) parts.push(`${name}_hide`);
  return '#' + parts.join('&');
}

// Combinations the core refuses are made consistent here rather than shown as
// errors: missing = 0 is an ALS mode that fits p.q alone with plain lambda.
export function normalize(s) {
  const out = { ...s };
  if (out.algo === 'sgd') out.zero = false;
  if (out.zero) {
    out.biases = false;
    out.scaling = 'none';
  }
  return out;
}

// The options object of the wasm Trainer for these settings.
export function trainerOptions(s) {
  return {
    algorithm: s.algo,
    factors: s.k,
    iterations: s.iters,
    regularization: { user: s.regU, item: s.regI, userBias: s.regU, itemBias: s.regI },
    regularizationScaling: s.algo === 'als' ? s.scaling : 'none',
    learningRate: s.lr,
    biases: s.biases,
    missingAsZero: s.algo === 'als' && s.zero,
    seed: s.seed,
  };
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
  const parts = [s.algo.toUpperCase()];
  if (s.zero) parts.push('missing=0');
  parts.push(`k=${s.k}`);
  parts.push(s.regU === s.regI ? `λ=${s.regU}` : `λu=${s.regU} λi=${s.regI}`);
  if (s.algo === 'als' && !s.zero && s.scaling === 'none') parts.push('plain λ');
  if (s.algo === 'sgd') parts.push(`η=${s.lr}`);
  if (!s.biases && !s.zero) parts.push('no biases');
  return parts.join(' ');
}
