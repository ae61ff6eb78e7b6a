// mfcf: matrix-factorization recommenders (ALS, SGD, implicit ALS) compiled to WebAssembly.
// The plain-JS layer over the embind module (bindings.cpp): option objects,
// string enums and argument checks (options.js, checks.js), errors
// (errors.js), lifetimes (below), and the classes by concern: data.js,
// training.js, model.js, grid.js, ranking.js. Works in pages and module workers; node
// uses node.js, which passes the .wasm bytes itself.
import createMfcfCore from './dist/mfcf-core.js';
import { MfError, engineError, invalidParts, invalidUse } from './errors.js';
import { conversions } from './options.js';
import { dataApi } from './data.js';
import { modelApi } from './model.js';
import { trainingApi } from './training.js';
import { gridApi } from './grid.js';
import { rankingApi } from './ranking.js';
import { sparkApi } from './spark.js';

export { MfError };

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
    if (!FACTORY_OPTIONS.includes(key)) invalidParts("unknown option '", key, `' (known: ${FACTORY_OPTIONS.join(', ')})`);
    moduleOptions[key] = value;
  }
  return bindApi(await createMfcfCore(moduleOptions));
}

// The API bound to one module instance.
function bindApi(core) {
  const live = { Dataset: 0, Split: 0, Trainer: 0, Model: 0 };

  // Every call that can fail in C++ is followed by this: the bindings record
  // the exception instead of throwing through embind (glue.hpp).
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
      if (!h) invalidUse(`this ${this.#kind} was deleted`);
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

  const api = { core, check, token, Handle, conv: conversions(core, check) };
  Object.assign(api, dataApi(api));
  Object.assign(api, modelApi(api));
  Object.assign(api, trainingApi(api));
  Object.assign(api, sparkApi(api));
  const { Dataset, Split, Trainer, Model, parseMovies } = api;

  return Object.freeze({
    Dataset,
    Split,
    Trainer,
    Model,
    MfError,
    parseMovies,
    importSpark: api.importSpark,
    sparkSource: api.sparkSource,
    ...gridApi(api),
    ...rankingApi(api),
    defaultOptions: (algorithm) => api.conv.publicOptions(api.conv.trainOptions(algorithm === undefined ? {} : { algorithm })),
    liveObjects: () => ({ ...live }),
    heapBytes: () => core._heapBytes(),
    heapUsedBytes: () => core._heapUsedBytes(),
    heapRoomBytes: () => core._heapRoom(),
    loadMemoryBytes: api.loadMemoryBytes,
  });
}
