// mfcf: matrix-factorization recommenders (ALS, SGD) compiled to WebAssembly.
// The plain-JS layer over the embind module: option objects and their
// defaults, string enums, raw-id checks, typed-array copies, lifetimes and
// errors. Works in pages and module workers; node uses node.js, which passes
// the .wasm bytes itself.
import createMfcfCore from './dist/mfcf-core.js';

// The engine names a setting by a stable key (its C++ field name); this API
// spells it with its own option names.
const API_NAMES = {
  reg_user: 'regularization.user', reg_item: 'regularization.item', reg_user_bias: 'regularization.userBias',
  reg_item_bias: 'regularization.itemBias', reg_scaling: 'regularizationScaling',
};
const apiName = (key) => API_NAMES[key] ?? key.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/**
 * Every failure of the library: `kind` names the class, `message` is the
 * core's text with settings spelled as this API's options, `parameter` the
 * option the error is about (if any). `messageWith(spell)` spells the
 * options another way (a page's field labels).
 */
export class MfError extends Error {
  #parts;
  constructor(kind, message, parts = [message]) {
    super(message);
    this.name = 'MfError';
    this.kind = kind;
    this.#parts = parts;
    this.parameter = parts.length > 1 ? parts[1] : undefined;
  }
  messageWith(spell) {
    return this.#parts.map((part, k) => (k % 2 ? spell(part) : part)).join('');
  }
}

// An MfError from the engine's message parts [text, key, text, key, ...].
function engineError(kind, keyParts) {
  const parts = keyParts.map((part, k) => (k % 2 ? apiName(part) : part));
  return new MfError(kind, parts.join(''), parts);
}

const disposeSymbol = Symbol.dispose ?? Symbol.for('Symbol.dispose');
const FACTORY_OPTIONS = ['locateFile', 'wasmBinary', 'print', 'printErr', 'instantiateWasm', 'onAbort'];

/**
 * Loads the WebAssembly module and returns the API bound to it. Options:
 * `locateFile(name, scriptDirectory)` to serve mfcf-core.wasm from elsewhere,
 * or `wasmBinary` (its bytes) to skip fetching.
 */
export default async function createMfcf(options = {}) {
  const moduleOptions = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (!FACTORY_OPTIONS.includes(key)) invalid(`unknown option '${key}' (known: ${FACTORY_OPTIONS.join(', ')})`);
    moduleOptions[key] = value;
  }
  return bindApi(await createMfcfCore(moduleOptions));
}

// ---- argument checks (types here; ranges in C++, so messages match the CLI) ----

function invalid(message) {
  throw new MfError('InvalidArgument', message);
}

function describe(v) {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
}

function checkKeys(object, known, what) {
  if (object === undefined) return {};
  if (object === null || typeof object !== 'object' || Array.isArray(object))
    invalid(`${what} must be an object (got ${describe(object)})`);
  for (const key of Object.keys(object))
    if (!known.includes(key)) invalid(`unknown ${what} '${key}' (known: ${known.join(', ')})`);
  return object;
}

function isNumber(v) {
  return typeof v === 'number' && !Number.isNaN(v);
}

function number(v, name) {
  if (!isNumber(v)) invalid(`${name} must be a number (got ${describe(v)})`);
  return v;
}

// Integers that C++ receives as int: out-of-range values would wrap silently.
function int32(v, name) {
  if (!Number.isInteger(v)) invalid(`${name} must be an integer (got ${describe(v)})`);
  if (Math.abs(v) > 2147483647) invalid(`${name} is out of range (got ${v})`);
  return v;
}

// A count where "more than there is" means "all of it" (list lengths, minimum
// rating counts): clamped to what a 32-bit size_t holds.
function count(v, name) {
  if (!Number.isInteger(v) || v < 0) invalid(`${name} must be an integer >= 0 (got ${describe(v)})`);
  return Math.min(v, 4294967295);
}

// A count the engine uses as given (split sizes): one a 32-bit size_t cannot
// hold is an error, never a different number.
function exactCount(v, name) {
  if (!Number.isInteger(v) || v < 0 || v > 4294967295)
    invalid(`${name} must be an integer from 0 to 4294967295 (got ${describe(v)})`);
  return v;
}

function bool(v, name) {
  if (typeof v !== 'boolean') invalid(`${name} must be true or false (got ${describe(v)})`);
  return v;
}

function string(v, name) {
  if (typeof v !== 'string') invalid(`${name} must be a string (got ${describe(v)})`);
  return v;
}

function seed(v, name) {
  if (!Number.isSafeInteger(v) || v < 0) invalid(`${name} must be an integer from 0 to 2^53 - 1 (got ${describe(v)})`);
  return v;
}

// Raw ids are JS numbers: only safe integers stand for one id exactly.
function rawId(v, name) {
  if (!Number.isSafeInteger(v)) invalid(`${name} must be a safe integer (got ${describe(v)})`);
  return v;
}

function isArrayLike(v) {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function rawIds(array, name) {
  if (!isArrayLike(array)) invalid(`${name} must be an array or typed array of ids (got ${describe(array)})`);
  for (let k = 0; k < array.length; ++k)
    if (!Number.isSafeInteger(array[k])) invalid(`${name}[${k}] must be a safe integer (got ${describe(array[k])})`);
  return array;
}

function numbers(array, name) {
  if (!isArrayLike(array)) invalid(`${name} must be an array or typed array of numbers (got ${describe(array)})`);
  for (let k = 0; k < array.length; ++k)
    if (typeof array[k] !== 'number') invalid(`${name}[${k}] must be a number (got ${describe(array[k])})`);
  return array;
}

const LOAD_KEYS = ['format', 'duplicates', 'skipBadLines', 'scale', 'source'];

function loadArgs(options, defaultSource) {
  const o = checkKeys(options, LOAD_KEYS, 'load option');
  let scale = [0.5, 5];
  if (o.scale !== undefined) {
    if (!isArrayLike(o.scale) || o.scale.length !== 2) invalid(`scale must be [min, max] (got ${describe(o.scale)})`);
    scale = [number(o.scale[0], 'scale[0]'), number(o.scale[1], 'scale[1]')];
  }
  return {
    format: o.format === undefined ? 'auto' : string(o.format, 'format'),
    duplicates: o.duplicates === undefined ? 'error' : string(o.duplicates, 'duplicates'),
    skipBadLines: o.skipBadLines === undefined ? false : bool(o.skipBadLines, 'skipBadLines'),
    scaleMin: scale[0],
    scaleMax: scale[1],
    source: o.source === undefined ? defaultSource : string(o.source, 'source'),
  };
}

const TRAIN_KEYS = ['algorithm', 'factors', 'iterations', 'epochs', 'regularization', 'regularizationScaling',
  'learningRate', 'biases', 'missingAsZero', 'initStd', 'seed'];
const REG_KEYS = ['user', 'item', 'userBias', 'itemBias'];

// Flat C++ options from the public object, over default_options(algorithm).
function coreOptions(core, check, options) {
  const o = checkKeys(options, TRAIN_KEYS, 'option');
  const algorithm = o.algorithm === undefined ? 'als' : string(o.algorithm, 'algorithm');
  const c = check(core._defaultOptions(algorithm));
  if (o.iterations !== undefined && o.epochs !== undefined) invalid("give 'iterations' or its alias 'epochs', not both");
  if (o.factors !== undefined) c.factors = int32(o.factors, 'factors');
  if (o.iterations !== undefined) c.iterations = int32(o.iterations, 'iterations');
  if (o.epochs !== undefined) c.iterations = int32(o.epochs, 'epochs');
  if (typeof o.regularization === 'number') {
    c.regUser = c.regItem = c.regUserBias = c.regItemBias = number(o.regularization, 'regularization');
  } else if (o.regularization !== undefined) {
    const r = checkKeys(o.regularization, REG_KEYS, 'regularization key');
    if (r.user !== undefined) c.regUser = number(r.user, 'regularization.user');
    if (r.item !== undefined) c.regItem = number(r.item, 'regularization.item');
    if (r.userBias !== undefined) c.regUserBias = number(r.userBias, 'regularization.userBias');
    if (r.itemBias !== undefined) c.regItemBias = number(r.itemBias, 'regularization.itemBias');
  }
  if (o.missingAsZero !== undefined && bool(o.missingAsZero, 'missingAsZero')) {
    // As the CLI's --missing-zero: this teaching mode fits p.q with plain lambda.
    c.missingAsZero = true;
    c.biases = false;
    c.regularizationScaling = 'none';
  }
  if (o.regularizationScaling !== undefined) c.regularizationScaling = string(o.regularizationScaling, 'regularizationScaling');
  if (o.learningRate !== undefined) c.learningRate = number(o.learningRate, 'learningRate');
  if (o.biases !== undefined) c.biases = bool(o.biases, 'biases');
  if (o.initStd !== undefined) c.initStd = number(o.initStd, 'initStd');
  if (o.seed !== undefined) c.seed = seed(o.seed, 'seed');
  return c;
}

function publicOptions(c) {
  return {
    algorithm: c.algorithm,
    factors: c.factors,
    iterations: c.iterations,
    regularization: { user: c.regUser, item: c.regItem, userBias: c.regUserBias, itemBias: c.regItemBias },
    regularizationScaling: c.regularizationScaling,
    learningRate: c.learningRate,
    biases: c.biases,
    missingAsZero: c.missingAsZero,
    initStd: c.initStd,
    seed: c.seed,
  };
}

function scoredList({ ids, scores }) {
  const out = new Array(ids.length);
  for (let k = 0; k < ids.length; ++k) out[k] = { id: ids[k], score: scores[k] };
  return out;
}

// [[itemId, rating], ...] -> parallel arrays for C++.
function ratingPairs(pairs, name) {
  if (!Array.isArray(pairs)) invalid(`${name} must be an array of [itemId, rating] pairs (got ${describe(pairs)})`);
  const items = new Float64Array(pairs.length), ratings = new Float64Array(pairs.length);
  pairs.forEach((pair, k) => {
    if (!isArrayLike(pair) || pair.length !== 2) invalid(`${name}[${k}] must be an [itemId, rating] pair`);
    items[k] = rawId(pair[0], `${name}[${k}][0] (item id)`);
    ratings[k] = number(pair[1], `${name}[${k}][1] (rating)`);
  });
  return [items, ratings];
}

// ---- the API, bound to one module instance ----

function bindApi(core) {
  const live = { Dataset: 0, Split: 0, Trainer: 0, Model: 0 };

  // Every call that can fail in C++ is followed by this: the bindings record
  // the exception instead of throwing through embind (see bindings.cpp).
  function check(result) {
    const e = core._takeError();
    if (e) throw engineError(e.kind, e.parts);
    return result;
  }

  const handles = new WeakMap();
  const token = Symbol('internal');

  // Owner of one C++ object. The wasm heap is not garbage-collected: delete()
  // frees it, and liveObjects() counts the ones not deleted yet.
  class Handle {
    #kind;
    constructor(secret, handle, kind) {
      if (secret !== token) throw new TypeError(`${kind} objects are made by the library's factories`);
      handles.set(this, handle);
      this.#kind = kind;
      live[kind]++;
    }
    get _h() {
      const h = handles.get(this);
      if (!h) invalid(`this ${this.#kind} was deleted`);
      return h;
    }
    get isDeleted() {
      return !handles.get(this);
    }
    delete() {
      const h = handles.get(this);
      if (!h) return;
      h.delete();
      handles.set(this, null);
      live[this.#kind]--;
    }
    [disposeSymbol]() {
      this.delete();
    }
  }

  class Dataset extends Handle {
    #report;
    constructor(secret, handle) {
      super(secret, handle, 'Dataset');
      this.#report = handle.report();
    }
    static fromCSV(text, options) {
      if (typeof text !== 'string' && !(text instanceof Uint8Array))
        invalid(`ratings text must be a string or a Uint8Array (got ${describe(text)})`);
      return new Dataset(token, check(core._datasetFromText(text, loadArgs(options, 'ratings'))));
    }
    static fromArrays(users, items, ratings, options) {
      rawIds(users, 'users');
      rawIds(items, 'items');
      numbers(ratings, 'ratings');
      if (users.length !== items.length || users.length !== ratings.length)
        invalid(`users, items and ratings must have the same length (got ${users.length}, ${items.length}, ${ratings.length})`);
      return new Dataset(token, check(core._datasetFromArrays(users, items, ratings, loadArgs(options, 'arrays'))));
    }
    get numUsers() { return this._h.numUsers(); }
    get numItems() { return this._h.numItems(); }
    get numRatings() { return this._h.numRatings(); }
    get report() { return structuredClone(this.#report); }
    userIds() { return this._h.userIds(); }
    itemIds() { return this._h.itemIds(); }
    ratedItems(userId) { return this._h.ratedItems(rawId(userId, 'userId')); }
    itemCounts() { return this._h.itemCounts(); }
    ratings() { return this._h.ratings(); }
    split(options) {
      const o = checkKeys(options, ['testFraction', 'holdout', 'minTrain', 'seed'], 'split option');
      const s = o.seed === undefined ? 42 : seed(o.seed, 'seed');
      if (o.holdout !== undefined) {
        if (o.testFraction !== undefined) invalid("give 'testFraction' or 'holdout', not both");
        const minTrain = o.minTrain === undefined ? 1 : exactCount(o.minTrain, 'minTrain');
        return new Split(token, check(core._splitPerUser(this._h, exactCount(o.holdout, 'holdout'), s, minTrain)), this);
      }
      if (o.minTrain !== undefined) invalid("'minTrain' applies to a holdout split only");
      const fraction = o.testFraction === undefined ? 0.1 : number(o.testFraction, 'testFraction');
      return new Split(token, check(core._splitRandom(this._h, fraction, s)), this);
    }
  }

  class Split extends Handle {
    #dataset;
    constructor(secret, handle, dataset) {
      super(secret, handle, 'Split');
      this.#dataset = dataset;
    }
    get numTrain() { return this._h.numTrain(); }
    get numTest() { return this._h.numTest(); }
    // A split holds dense indices of one dataset: using it with another would train on garbage.
    _checkBelongsTo(dataset) {
      if (dataset !== this.#dataset) invalid('this split was made from another Dataset');
      return this._h;
    }
  }

  function stepResult(s) {
    const hasTest = s.testCount > 0;
    return {
      epoch: s.epoch,
      trainMse: s.trainMse,
      trainRmse: s.trainRmse,
      trainMae: s.trainMae,
      testMse: hasTest ? s.testMse : null,
      testRmse: hasTest ? s.testRmse : null,
      testMae: hasTest ? s.testMae : null,
      objective: s.objective,
      ms: s.ms,
      status: s.status,
      message: s.message,
      testFallback: hasTest ? s.testFallback : null,
    };
  }

  class Trainer extends Handle {
    #options;
    constructor(data, split, options) {
      if (!(data instanceof Dataset)) invalid('new Trainer(data, split, options): data must be a Dataset');
      if (!(split instanceof Split)) invalid('new Trainer(data, split, options): split must be a Split');
      const c = coreOptions(core, check, options);
      const h = check(core._trainerCreate(data._h, split._checkBelongsTo(data), c));
      super(token, h, 'Trainer');
      this.#options = publicOptions(h.options());
    }
    step() { return stepResult(check(this._h.step())); }
    /** Runs up to `iterations` steps (default: the options' iterations), stopping at a divergence. */
    run(iterations) {
      const n = iterations === undefined ? this.#options.iterations : count(iterations, 'iterations');
      const results = [];
      for (let k = 0; k < n; ++k) {
        results.push(this.step());
        if (results[k].status !== 'ok') break;
      }
      return results;
    }
    get epoch() { return this._h.epoch(); }
    get diverged() { return this._h.diverged(); }
    get options() { return structuredClone(this.#options); }
    model() { return new Model(token, check(this._h.model())); }
  }

  class Model extends Handle {
    #options;
    constructor(secret, handle) {
      super(secret, handle, 'Model');
      this.#options = publicOptions(handle.options());
    }
    static load(bytes) {
      if (!(bytes instanceof Uint8Array)) invalid(`Model.load needs a Uint8Array (got ${describe(bytes)})`);
      return new Model(token, check(core._modelLoad(bytes)));
    }
    get numFactors() { return this._h.numFactors(); }
    get numUsers() { return this._h.numUsers(); }
    get numItems() { return this._h.numItems(); }
    get globalMean() { return this._h.globalMean(); }
    get scale() { return [this._h.scaleMin(), this._h.scaleMax()]; }
    get options() { return structuredClone(this.#options); }
    predict(userId, itemId, options) {
      const o = checkKeys(options, ['clip'], 'predict option');
      const clip = o.clip === undefined ? true : bool(o.clip, 'clip');
      return this._h.predict(rawId(userId, 'userId'), rawId(itemId, 'itemId'), clip);
    }
    recommend(userId, options) {
      const o = checkKeys(options, ['n', 'exclude', 'minRatings'], 'recommend option');
      const h = this._h;
      let exclude = o.exclude ?? [];
      // A Dataset excludes what this user rated in it (e.g. the training data).
      if (exclude instanceof Dataset) exclude = exclude.ratedItems(rawId(userId, 'userId'));
      return scoredList(check(h.recommend(rawId(userId, 'userId'), n(o), rawIds(exclude, 'exclude'), minRatings(o))));
    }
    similarItems(itemId, options) {
      const o = checkKeys(options, ['n', 'minRatings'], 'similarItems option');
      return scoredList(check(this._h.similarItems(rawId(itemId, 'itemId'), n(o), minRatings(o))));
    }
    foldIn(ratings) {
      const [items, values] = ratingPairs(ratings, 'ratings');
      return check(this._h.foldIn(items, values));
    }
    recommendFor(ratings, options) {
      const o = checkKeys(options, ['n', 'exclude', 'minRatings'], 'recommendFor option');
      const [items, values] = ratingPairs(ratings, 'ratings');
      const exclude = rawIds(o.exclude ?? [], 'exclude');
      return scoredList(check(this._h.recommendFor(items, values, n(o), exclude, minRatings(o))));
    }
    userFactors() { return this._h.userFactors(); }
    itemFactors() { return this._h.itemFactors(); }
    userBiases() { return this._h.userBiases(); }
    itemBiases() { return this._h.itemBiases(); }
    userIds() { return this._h.userIds(); }
    itemIds() { return this._h.itemIds(); }
    userCounts() { return this._h.userCounts(); }
    itemCounts() { return this._h.itemCounts(); }
    project(options) {
      const o = checkKeys(options, ['minRatings'], 'project option');
      return check(this._h.project(minRatings(o)));
    }
    save() { return check(this._h.save()); }
  }

  const n = (o) => (o.n === undefined ? 10 : count(o.n, 'n'));
  const minRatings = (o) => (o.minRatings === undefined ? 1 : count(o.minRatings, 'minRatings'));

  function gridSearch(data, split, baseOptions, spec, onProgress) {
    if (!(data instanceof Dataset)) invalid('gridSearch(data, split, ...): data must be a Dataset');
    if (!(split instanceof Split)) invalid('gridSearch(data, split, ...): split must be a Split');
    if (onProgress !== undefined && typeof onProgress !== 'function') invalid('onProgress must be a function');
    const base = coreOptions(core, check, baseOptions);
    const s = checkKeys(spec, ['factors', 'regularization', 'learningRates', 'iterations'], 'grid key');
    const list = (v, name, each) => {
      if (v === undefined) return [];
      if (!isArrayLike(v)) invalid(`${name} must be an array (got ${describe(v)})`);
      return Array.from(v, (x, k) => each(x, `${name}[${k}]`));
    };
    const factors = s.factors === undefined ? [base.factors] : list(s.factors, 'factors', int32);
    const regs = s.regularization === undefined ? [base.regUser] : list(s.regularization, 'regularization', number);
    const rates = list(s.learningRates, 'learningRates', number);
    const iterations = s.iterations === undefined ? base.iterations : int32(s.iterations, 'iterations');
    // The callback runs inside C++: it must not throw through it (destructors
    // would be skipped), so an exception cancels the search and is rethrown here.
    let thrown;
    const progress = onProgress && ((done, total) => {
      try {
        return onProgress(done, total) !== false;
      } catch (e) {
        thrown = { error: e };
        return false;
      }
    });
    const result = core._gridSearch(data._h, split._checkBelongsTo(data), base, factors, regs, rates, iterations, progress);
    if (thrown) {
      core._takeError();
      throw thrown.error;
    }
    return check(result);
  }

  return Object.freeze({
    Dataset,
    Split,
    Trainer,
    Model,
    MfError,
    gridSearch,
    defaultOptions: (algorithm = 'als') => publicOptions(check(core._defaultOptions(string(algorithm, 'algorithm')))),
    liveObjects: () => ({ ...live }),
    heapBytes: () => core._heapBytes(),
    heapUsedBytes: () => core._heapUsedBytes(),
  });
}
