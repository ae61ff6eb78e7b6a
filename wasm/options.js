// This API's option objects and the core's structs, which the module hands
// over under their C++ field names. Each conversion starts from the module's
// own defaults (mf::LoadOptions{}, mf::SplitOptions{}, default_options(),
// mf::GridSpec{}) and spells every key with apiName; enums go by the core's
// names, through its parsers.
import { apiName, coreKey, invalid, invalidParts } from './errors.js';
import {
  bool, checkKeys, count, describe, exactCount, int32, isArrayLike, isObject, list, number, oneOf, rawIds, seed, string,
} from './checks.js';

// The check of each field this API sets, by C++ name; a string names an enum.
const LOAD = { format: 'Format', duplicates: 'DuplicatePolicy', skip_bad_lines: bool, scale: scalePair, source: string, implicit: bool };
const RECOMMEND = { n: count, exclude: rawIds, min_ratings: count, shrinkage: number };
const RANKING = { k: int32, threshold: number, any_rating_relevant: bool };
const SPLIT = { test_fraction: number, holdout: exactCount, min_train: exactCount, seed };
const TRAIN = {
  algorithm: 'Algorithm', factors: int32, iterations: int32, biases: bool, reg_user: number, reg_item: number,
  reg_user_bias: number, reg_item_bias: number, reg_scaling: 'RegScaling', missing_as_zero: bool,
  learning_rate: number, alpha: number, confidence: 'Confidence', epsilon: number, reg_exponent: number,
  positive_threshold: number, solver: 'ImplicitSolver', cg_steps: int32, init_std: number, seed, threads: int32,
};
const GRID = {
  factors: (v, name) => list(v, name, int32), regularization: (v, name) => list(v, name, number),
  learning_rates: (v, name) => list(v, name, number), iterations: int32, validation_fraction: number, validation_seed: seed,
};
const ENUMS = ['Algorithm', 'RegScaling', 'Status', 'Format', 'Confidence', 'ImplicitSolver'];

// This API's top-level keys of a table ('regularization.user' -> 'regularization').
const keysOf = (table) => [...new Set(Object.keys(table).map((key) => apiName(key).split('.')[0]))];
const TRAIN_KEYS = [...keysOf(TRAIN), 'epochs'];
// The names inside `regularization`: user, item, userBias, itemBias.
const REG_KEYS = Object.keys(TRAIN).map(apiName).filter((n) => n.startsWith('regularization.')).map((n) => n.split('.')[1]);

function scalePair(v, name) {
  if (!isArrayLike(v) || v.length !== 2) invalid(name, ` must be [min, max] (got ${describe(v)})`);
  return [number(v[0], `${name}[0]`), number(v[1], `${name}[1]`)];
}

const getPath = (object, path) => path.split('.').reduce((o, part) => o?.[part], object);
function setPath(object, path, value) {
  const parts = path.split('.');
  const last = parts.pop();
  let o = object;
  for (const part of parts) o = o[part] ??= {};
  o[last] = value;
}

// The conversions of one module instance; `check` throws the module's pending error.
export function conversions(core, check) {
  const names = new Map();  // embind enum value -> its name in the core
  for (const E of ENUMS) for (const [name, v] of Object.entries(core[E])) if (name !== 'values') names.set(v, name);

  // Sets struct[key] for every key of `table` (but `skip`) whose API name `object` gives.
  function assign(struct, object, table, skip = []) {
    for (const [key, checkOf] of Object.entries(table)) {
      const name = apiName(key), v = getPath(object, name);
      if (v === undefined || skip.includes(key)) continue;
      struct[key] = typeof checkOf === 'string' ? check(core[`_parse${checkOf}`](string(v, name))) : checkOf(v, name);
    }
    return struct;
  }

  // A core struct as this API's object: keys by apiName ('a.b' nests), enums by name.
  function toApi(struct, nested = {}) {
    const out = {};
    for (const [key, v] of Object.entries(struct)) setPath(out, apiName(key), nested[key] ? nested[key](v) : names.get(v) ?? v);
    return out;
  }

  function loadOptions(options, source) {
    const o = checkKeys(options, keysOf(LOAD), 'load option');
    return assign({ ...core._defaultLoadOptions(), ...(source ? { source } : {}) }, o, LOAD);
  }

  function splitOptions(options) {
    const o = checkKeys(options, keysOf(SPLIT), 'split option');
    oneOf(o, 'testFraction', 'holdout');
    const c = core._defaultSplitOptions();
    if (o.holdout !== undefined) c.method = core.SplitMethod.PerUser;
    else if (o.minTrain !== undefined) invalidParts("'", 'minTrain', "' applies to a holdout split only");
    return assign(c, o, SPLIT);
  }

  // TrainOptions from this API's options, over the defaults of their algorithm.
  function trainOptions(options) {
    const o = { ...checkKeys(options, TRAIN_KEYS, 'option') };
    oneOf(o, 'iterations', 'epochs', 'its alias ');
    if (o.epochs !== undefined) o.iterations = int32(o.epochs, 'epochs');
    if (typeof o.regularization === 'number') {
      const lambda = number(o.regularization, 'regularization');
      o.regularization = Object.fromEntries(REG_KEYS.map((k) => [k, lambda]));
    } else if (o.regularization !== undefined) {
      if (!isObject(o.regularization)) invalid('regularization', ` must be a number or an object (got ${describe(o.regularization)})`);
      checkKeys(o.regularization, REG_KEYS, 'regularization key');
    }
    const algorithm = o.algorithm === undefined ? core._defaultAlgorithm() : assign({}, o, { algorithm: 'Algorithm' }).algorithm;
    let c = core._defaultOptions(algorithm);
    // "Missing = 0" brings its own biases and scaling, unless given.
    if (o.missingAsZero !== undefined && bool(o.missingAsZero, 'missingAsZero')) c = core._withMissingAsZero(c);
    return assign(c, o, TRAIN, ['algorithm', 'missing_as_zero']);
  }

  const publicOptions = (c) => toApi(c);

  // RecommendOptions from { n, exclude, minRatings, shrinkage } (keys checked by the caller).
  const recommendOptions = (o) => assign(core._defaultRecommendOptions(), o, RECOMMEND);

  // RankingOptions from { k, threshold, anyRatingRelevant } (keys checked by the caller);
  // `implicit`: every test rating is relevant unless anyRatingRelevant says otherwise.
  const rankingOptions = (o, implicit) => assign({ ...core._defaultRankingOptions(), any_rating_relevant: implicit }, o, RANKING);

  // The grid of `spec` over `base` (TrainOptions, if any): factors and lambdas default to the base's.
  function gridSpec(spec, base) {
    const s = checkKeys(spec, keysOf(GRID), 'grid key');
    const c = assign(core._defaultGridSpec(), s, GRID);
    if (base && s.factors === undefined) c.factors = [base.factors];
    if (base && s.regularization === undefined) c.regularization = [base.reg_user];
    return c;
  }

  // A grid cell as this API shows it: its options, and its factors, lambda,
  // learning rate and iterations from them.
  function gridCell(c) {
    const options = publicOptions(c.options);
    const { factors, learningRate, iterations } = options;
    return { factors, regularization: options.regularization.user, learningRate, iterations, ...toApi(c, { options: () => options }) };
  }

  // A cell given back (as gridCell or recordStep made it) as the core's GridCell.
  function coreCell(cell, name) {
    if (!isObject(cell) || !isObject(cell.options)) invalid(name, ` must be a grid cell (got ${describe(cell)})`);
    const c = {};
    for (const [k, v] of Object.entries(cell)) c[coreKey(k)] = v;
    c.options = trainOptions(cell.options);
    return c;
  }

  return {
    enumName: (v) => names.get(v), loadOptions, splitOptions, trainOptions, publicOptions, recommendOptions, rankingOptions, gridSpec,
    gridCell, coreCell, toApi,
  };
}
